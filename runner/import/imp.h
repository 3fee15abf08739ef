/*
 * Internals of relcheck import shared by the readers (har.c, postman.c,
 * curl.c) and the builder (build.c, import.c). A reader turns its input
 * into a batch of captured requests (struct imp_req): method, absolute URL,
 * headers in their captured order, raw body and, from a HAR, the response.
 * Nothing in a batch is scrubbed yet: scrub.c and build.c decide what may
 * be written. A batch owns every string in it; imp_batch_release frees
 * them. Secrets a reader finds outside the requests (Postman auth blocks,
 * curl -u) go to the batch's dropped list and its secret values.
 */
#ifndef RC_IMPORT_IMP_H
#define RC_IMPORT_IMP_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/pct.h"
#include "core/error.h"
#include "core/strvec.h"

struct imp_headers {
    struct strvec names;     /* as captured */
    struct strvec values;    /* values[i] belongs to names[i] */
};

struct imp_req {
    char *method;            /* upper case */
    char *url;               /* absolute URL, query included */
    struct imp_headers headers;
    char *body;              /* request body (NUL-terminated) or NULL */
    size_t body_len;
    char *label;             /* where it came from ("entry 3", item name) */
    char *description;       /* Postman item name or NULL */
    char *group;             /* Postman: its top-level folder, or NULL */
    struct strvec dropped;   /* "credentials of option '-u'": what the
                                reader dropped; the builder names the call */
    /* the captured response (HAR only) */
    bool has_response;
    int status;
    struct imp_headers resp_headers;
    char *resp_body;         /* decoded bytes (NUL-terminated) or NULL */
    size_t resp_len;
    char *started;           /* HAR startedDateTime or NULL */
};

struct imp_batch {
    char *name;              /* suite name (made safe) or NULL */
    char *description;       /* or NULL */
    struct imp_req *v;
    size_t n, cap;
    struct strvec dropped;   /* "auth block (bearer) of collection 'x'" */
    struct strvec secrets;   /* secret values seen in the input */
};

void imp_headers_release(struct imp_headers *h);
/* The value of the first header named name (any case; borrowed) or NULL. */
const char *imp_headers_get(const struct imp_headers *h, const char *name);
int imp_headers_add(struct imp_headers *h, const char *name,
                    const char *value);

/* Appends a zeroed request to b and returns it (borrowed), or NULL. */
struct imp_req *imp_batch_add(struct imp_batch *b);
void imp_batch_release(struct imp_batch *b);

/* Adds a secret value (ignored when NULL or shorter than 4 bytes). */
int imp_secret_add(struct imp_batch *b, const char *value);

/*
 * Readers. Each fills a zeroed batch from its input; on failure returns
 * RC_EINPUT (or RC_ENOMEM) with err naming the file (file:line:column for
 * malformed JSON) and the batch must still be released by the caller.
 */
int har_read(struct imp_batch *b, const char *path, struct strvec *warnings,
             struct rc_error *err);
int postman_read(struct imp_batch *b, const char *path,
                 struct strvec *warnings, struct rc_error *err);
/*
 * Loads a JSON input file (malformed JSON: RC_EINPUT at file:line:column)
 * and hands it to fn with a positioned reader; fn's RC_ECONFIG errors
 * become RC_EINPUT (a bad input, not a bad workspace).
 */
struct jread;
int imp_read_json(struct imp_batch *b, const char *path,
                  int (*fn)(struct jread *jr, struct imp_batch *b,
                            const json_t *root),
                  struct strvec *warnings, struct rc_error *err);

/*
 * The curl commands of a file, one a line as a shell history or a script
 * holds them: a line ending in a backslash continues on the next;
 * `history` line numbers and zsh history stamps are dropped; lines that
 * are not curl commands are skipped (one warning counts them). RC_EINPUT
 * when the file holds no curl command or cannot be read.
 */
int curl_file_read(struct strvec *out, const char *path,
                   struct strvec *warnings, struct rc_error *err);

/* One curl command line (the shell text "curl -X POST ..."). */
int curl_read(struct imp_batch *b, const char *cmdline,
              struct strvec *warnings, struct rc_error *err);

/*
 * Splits a shell command line into words the way a POSIX shell does for
 * a simple command: blanks separate words; '...' is literal; "..." keeps
 * \" \\ \$ \` and drops backslash-newline; $'...' takes C escapes (\n, \t,
 * \\, \', \", \xHH, \uHHHH); a backslash outside quotes escapes the next
 * character and backslash-newline joins lines. Returns RC_EUSAGE for an
 * unterminated quote.
 */
int imp_shell_split(struct strvec *out, const char *line,
                    struct rc_error *err);

/* Appends s percent-encoded (RFC 3986 unreserved characters stay).
 * Returns 0, RC_ENOMEM or RC_ETOOBIG. */
struct rc_buf;
int imp_pct_encode(struct rc_buf *w, const char *s);



#endif
