/*
 * The diff engine (SPEC section 6): compares a baseline response with a
 * replayed one, field by field, and fills a struct diff_result with the
 * differences (path, field, kind, severity, old, new), a count per
 * severity over all of them, and a per-field tally that stays exact when
 * the stored list is capped. `run` calls diff_compare() once per call;
 * `relcheck diff` loads two files with diff_doc_load() (on two threads)
 * and calls diff_docs().
 *
 * Ownership: a diff_result owns its strings and holds its own references
 * to old/new values. Sides, documents and options are borrowed for the
 * duration of a call. The engine never prints; it returns RC_E* codes.
 */
#ifndef RC_DIFF_H
#define RC_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/itab.h"
#include "core/severity.h"
#include "core/strvec.h"
#include "pattern/pattern.h"

/* Differences stored per pair (SPEC section 7); the rest are counted. */
#define DIFF_MAX_ITEMS 1000
/* Options may name this many pattern sets / key rule sets. */
#define DIFF_MAX_SETS 8

/* RENAMED: a removed and an added member (element) of one parent holding
 * the same value, paired uniquely; REORDERED: a positional array holding
 * the same multiset of elements in another order (SPEC section 6). */
enum diff_kind {
    DIFF_REMOVED,
    DIFF_TYPE,
    DIFF_CHANGED,
    DIFF_ADDED,
    DIFF_RENAMED,
    DIFF_REORDERED,
    DIFF_KIND_N
};

enum diff_format {
    DIFF_FMT_EMPTY,  /* no body */
    DIFF_FMT_JSON,
    DIFF_FMT_XML,
    DIFF_FMT_TEXT,   /* line diff; also HTML and unparseable bodies */
    DIFF_FMT_BINARY  /* body_base64 of a fixture: compared whole */
};

/* "removed", "type", "changed", "added", "renamed", "reordered". */
const char *diff_kind_name(enum diff_kind k);

/* The severity a kind has unless a rule says otherwise: removed, type and
 * renamed breaking; changed and reordered changed; added additive. */
enum severity diff_kind_severity(enum diff_kind k);
/* "empty", "json", "xml", "text", "binary". */
const char *diff_format_name(enum diff_format f);

/* Array-key rules: the elements of arrays whose path matches a rule are
 * matched by the value of member `key` (SPEC array_keys). */
struct diff_keys {
    struct pattern **paths;
    char **keys;
    size_t n, cap;
};

void diff_keys_init(struct diff_keys *k);
void diff_keys_release(struct diff_keys *k);
/* Adds path -> key. Returns 0, RC_EUSAGE for a bad pattern, RC_ENOMEM. */
int diff_keys_add(struct diff_keys *k, const char *path, const char *key,
                  struct rc_error *err);
/* Adds "PATH=KEY" (the --array-key form). */
int diff_keys_add_spec(struct diff_keys *k, const char *spec,
                       struct rc_error *err);
/* Adds every member of obj ({"$.facturen": "factuurnummer"}); borrowed. */
int diff_keys_add_json(struct diff_keys *k, const json_t *obj,
                       struct rc_error *err);

struct diff_options {
    /* Differences covered by a pattern of any of these sets are noise:
     * ignore rules, fixture noise, captures. NULL slots are skipped. */
    const struct pattern_set *noise[DIFF_MAX_SETS];
    /* Captured values: {name: value} at recording (captures[0], the
     * fixture's `captures`) and in this run (captures[1]). A changed
     * value that is a variable's value at recording in the baseline and
     * its value in this run in the replay is noise; so is a string whose
     * only change is that value's text replaced as a whole word (a link
     * "/orders/123"). NULL: none. Borrowed. */
    const json_t *captures[2];
    /* Array-key rules; the first rule that matches an array wins. */
    const struct diff_keys *keys[DIFF_MAX_SETS];
    double tolerance;            /* reals within this are equal */
    const struct strvec *headers;/* lower-case header names to compare */
    /* Redaction: values whose path matches a pattern of redact are
     * replaced by redact_fn(redact_ctx, value) on both sides before they
     * are compared, and values stored in the result are redacted inside
     * too, so a changed value is found but never shown. */
    const struct pattern_set *redact;
    pattern_redact_fn redact_fn;
    void *redact_ctx;
    /* The fields the integration reads (SPEC section 11, `uses`): NULL
     * or empty means every difference is used. Otherwise a difference is
     * used when a pattern covers its path (matches it or an ancestor);
     * when it removes, retypes or changes a container whose baseline
     * value holds a matched path; and always at status, body and
     * headers.NAME. An added value is used only when covered. A rename
     * is used when it would be as the removal of its old path or as the
     * addition of its new one (the integration read the old name, or
     * already reads the new one); a reorder as a change of the array. */
    const struct pattern_set *uses;
    size_t max_items;            /* 0 means DIFF_MAX_ITEMS */
    bool strict;                 /* a body that does not parse as its
                                    content type says is RC_EINPUT (the
                                    CLI); otherwise it is compared as text */
    bool same_json;              /* diff_compare: the caller found the
                                    replay body to be the baseline's JSON
                                    body again (jx_same_text), so neither
                                    is parsed or walked: no body
                                    difference */
};

/* One difference. old/new are NULL when the value does not exist. A
 * rename has new_path and new_field (the path it moved to, and that path
 * folded); every other kind has them NULL. */
struct diff_item {
    char *path;
    char *field;
    char *new_path;
    char *new_field;
    enum diff_kind kind;
    enum severity severity;
    bool used;          /* read by the integration (diff_options.uses) */
    json_t *old;
    json_t *new_;
};

/* One (field, kind, severity, used, new_field) over all differences of a
 * pair, with the first example (path, new_path, old, new). */
struct diff_field {
    char *field;
    char *new_field;           /* renames: the new path folded */
    char *new_path;            /* renames: the example's new path */
    enum diff_kind kind;
    enum severity severity;
    bool used;
    size_t occurrences;
    char *path;
    json_t *old;
    json_t *new_;
};

struct diff_result {
    enum diff_format format;   /* the baseline body's format */
    struct diff_item *items;   /* the first max_items differences */
    size_t n_items, cap_items, max_items;
    size_t truncated;          /* differences not stored */
    size_t count[SEV_N];  /* over all differences */
    size_t unused[SEV_N]; /* of those, the ones not used */
    struct diff_field *fields; /* in order of first appearance */
    size_t n_fields, cap_fields;
    struct itab field_tab;     /* fields by (field, kind, severity,
                                  used) (internal) */
};

void diff_result_init(struct diff_result *r);
void diff_result_release(struct diff_result *r);

/* Every difference counted, stored or not. */
size_t diff_result_total(const struct diff_result *r);

/* Whether a difference other than noise was found, used or not (a
 * call's outcome `changed`). */
bool diff_result_differs(const struct diff_result *r);

/* The worst severity of a used difference other than noise, or -1 when
 * none (what a verdict looks at). */
int diff_result_worst(const struct diff_result *r);

/*
 * {"format","differences":[{"path","field","kind","severity","old","new"}],
 * (a rename also "new_path" and "new_field")
 *  "summary":{"breaking","changed","additive","noise"}} (SPEC section 6),
 * plus "truncated": N when differences were left out. With `uses`, an
 * unused difference carries "used": false and the summary "unused" (the
 * non-noise differences not used). New reference, NULL when out of memory.
 */
json_t *diff_result_to_json(const struct diff_result *r);

/* Just the "differences" array (for a call's entry in result.json). */
json_t *diff_items_to_json(const struct diff_result *r);

/* One side of a comparison, as `run` has it. All borrowed. */
struct diff_side {
    int status;               /* HTTP status; 0 = none (not compared) */
    const json_t *headers;    /* object: lower-case name -> string, or NULL */
    const char *body;         /* body bytes, may be NULL (empty) */
    size_t body_len;
    const char *content_type; /* NULL: headers' "content-type", else sniffed */
    const json_t *json;       /* an already parsed JSON body: used instead
                                 of body when not NULL */
    const char *name;         /* for error messages ("replay") */
};

/*
 * Compares baseline with replay into out (which must be initialised, and
 * may already hold differences: they add up): status, the headers named
 * by opts->headers, then the bodies (a format change is one `type`
 * difference at `body`). Returns 0, RC_EINPUT when opts->strict and a
 * body does not parse (err names side:line:column), or RC_ENOMEM.
 */
int diff_compare(struct diff_result *out, const struct diff_side *baseline,
                 const struct diff_side *replay,
                 const struct diff_options *opts, struct rc_error *err);

/* Compares two JSON values (borrowed) from the root "$". */
int diff_json(struct diff_result *out, const json_t *a, const json_t *b,
              const struct diff_options *opts, struct rc_error *err);

/* A parsed document, from a file or a body. Owns everything it holds. */
struct diff_doc {
    enum diff_format format;
    json_t *json;      /* JSON: the value (owned reference) */
    void *xml;         /* XML: an xmlDocPtr */
    char *text;        /* TEXT/BINARY: the bytes (NUL-terminated) */
    size_t len;
    bool unparsed;     /* TEXT/BINARY because it did not parse as the
                          JSON or XML it said (or looked) it was */
    /* A fixture or response file (an object with a "response" member). */
    bool fixture;
    int status;
    json_t *headers;   /* the fixture's response headers, or NULL */
    json_t *root;      /* the whole fixture document */
    struct strvec noise; /* the fixture's noise patterns */
};

void diff_doc_init(struct diff_doc *d);
void diff_doc_release(struct diff_doc *d);

/*
 * Reads and parses the file at path, its format decided by content
 * (`{`/`[` JSON, `<` XML unless it is HTML, else text). A JSON object with
 * a "response" member that holds "status" and "body", "body_text" or
 * "body_base64" is taken as a fixture: its body is parsed by its
 * content-type header (else sniffed). Malformed input is RC_EINPUT with
 * err at path:line:column. Safe to call from two threads at once once
 * diff_init() has run.
 */
int diff_doc_load(struct diff_doc *d, const char *path,
                  struct rc_error *err);

/*
 * Parses len bytes of a body by content_type (NULL: sniffed). With strict,
 * a body that does not parse is RC_EINPUT naming name:line:column;
 * without, it becomes a TEXT document.
 */
int diff_doc_parse(struct diff_doc *d, const char *body, size_t len,
                   const char *content_type, const char *name, bool strict,
                   struct rc_error *err);

/* Compares two documents (status and content-type too when both are
 * fixtures). */
int diff_docs(struct diff_result *out, const struct diff_doc *a,
              const struct diff_doc *b, const struct diff_options *opts,
              struct rc_error *err);

/* Process-wide set-up (libxml2); call once before threads start. */
void diff_init(void);

#endif
