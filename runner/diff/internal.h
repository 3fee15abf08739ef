/*
 * Shared between the diff engine's files (json.c, xml.c, text.c,
 * result.c, doc.c); not for other modules. A path is built lazily: each
 * level of the walk puts a struct chain on the C stack pointing at its
 * parent, and only a difference turns the chain into components and
 * strings.
 */
#ifndef RC_DIFF_INTERNAL_H
#define RC_DIFF_INTERNAL_H

#include <stdint.h>

#include "diff/diff.h"

struct chain {
    const struct chain *up;
    struct pcomp c;
};

/* The state of one comparison. */
struct dctx {
    struct diff_result *r;
    const struct diff_options *o;
    struct rc_error *err;
    int rc;        /* first error (RC_ENOMEM); the walk stops */
    size_t depth;
};

/* Deepest nesting compared (parsers stop well before it). */
#define DIFF_MAX_DEPTH 10000

/* The sentinel for "the default severity of the kind". */
#define SEV_DEFAULT (-1)

/*
 * Records one difference at the path of chain (NULL = the root "$").
 * old/new are borrowed (NULL when absent); the result keeps its own
 * references, redacted inside when redaction is configured. sev is
 * SEV_DEFAULT or a severity that overrides the kind's (status: breaking);
 * noise rules win over both. Returns 0 or RC_ENOMEM (also stored in x).
 */
int diff_emit(struct dctx *x, const struct chain *at, enum diff_kind kind,
              int sev, const json_t *old, const json_t *new_);

/* Turns a chain into components (root first). *out is c_buf when it has
 * room for the depth, else a malloc'd array the caller frees. Returns
 * the count, or -1 when out of memory. */
long diff_chain_comps(const struct chain *at, struct pcomp *c_buf,
                      size_t buf_n, struct pcomp **out);

/*
 * Records one difference whose baseline value is the XML element xml_old
 * (an xmlNodePtr, borrowed; NULL for none): as diff_emit, with the used
 * judgement walking that element instead of a JSON value.
 */
int diff_emit_node(struct dctx *x, const struct chain *at,
                   enum diff_kind kind, int sev, const json_t *old,
                   const json_t *new_, const void *xml_old);

/*
 * The used judgement (used.c, SPEC section 11) of a difference at
 * c[0..n): 1 used, 0 not, RC_ENOMEM. old is the baseline value (JSON) or
 * xml_old the baseline element; either may be NULL.
 */
int diff_used(struct dctx *x, const struct pcomp *c, size_t n,
              enum diff_kind kind, const json_t *old, const void *xml_old);

/* A walk below a known path that asks whether a pattern of a set matches
 * there or deeper (used.c). path[0..depth) is the chain of the node being
 * walked; its state is at st + depth * w. */
struct holds {
    const struct pattern_set *s;
    size_t w;            /* words per state */
    bool text;           /* the set has re: or literal patterns */
    struct pcomp *path;
    uint64_t *st;
    size_t cap;          /* levels path and st have room for */
};

enum { HOLDS_SKIP, HOLDS_DESCEND, HOLDS_HIT, HOLDS_FAILED };

/* Starts at c[0..n) (copied). RC_ENOMEM on failure (release anyway). */
int diff_holds_init(struct holds *h, const struct pattern_set *s,
                    const struct pcomp *c, size_t n);
void diff_holds_release(struct holds *h);
/* Steps from the node at depth into its child c (borrowed until the walk
 * leaves it): HOLDS_HIT when a pattern matches the child, HOLDS_DESCEND
 * when one may match below it, HOLDS_SKIP when none can, HOLDS_FAILED. */
int diff_holds_enter(struct holds *h, size_t depth, const struct pcomp *c);

/* Whether the XML element node (xmlNodePtr), at depth, holds a match:
 * HOLDS_HIT, HOLDS_SKIP or HOLDS_FAILED (xml.c). */
int diff_xml_holds(struct holds *h, const void *node, size_t depth);

/* Whether a difference of kind from old to new_ is a captured value
 * (opts->captures; captured.c): noise. */
bool diff_captured_noise(const struct diff_options *o, enum diff_kind kind,
                         const json_t *old, const json_t *new_);

/* Whether the value at chain must be redacted (opts->redact). */
bool diff_chain_redacted(struct dctx *x, const struct chain *at);

/* Compares XML documents (xmlDocPtr) from their root elements. */
int diff_xml_docs(struct dctx *x, const void *a, const void *b);

/* Line diff of two texts. */
int diff_text(struct dctx *x, const char *a, size_t alen, const char *b,
              size_t blen);

/* Compares two JSON values at chain (the engine's recursion). */
void diff_json_at(struct dctx *x, const struct chain *at, const json_t *a,
                  const json_t *b);

/* Whether s[0..n) is valid UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF). */
bool diff_utf8_valid(const char *s, size_t n);


/* "<binary: N bytes, fnv1a64 HEX>": what a binary body shows as (new
 * JSON string, NULL when out of memory). */
json_t *diff_binary_value(const char *s, size_t n);

#endif
