/*
 * Fixtures, fixtures/SUITE/CALL.json (SPEC section 3): the recorded
 * baseline of one call. Also the format of a run's responses/SUITE/CALL.json.
 * A fixture owns its strings and JSON references.
 */
#ifndef RC_FIXTURE_H
#define RC_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"

enum body_kind { BODY_NONE, BODY_JSON, BODY_TEXT, BODY_BASE64 };

struct fixture {
    char *suite, *call, *environment, *recorded_at;
    char *redaction_key;      /* the id of the key its values were
                                 redacted with (SPEC section 9), or NULL
                                 in a fixture older than key ids */
    char *req_method, *req_url;
    json_t *req_headers;      /* object, or NULL */
    int status;
    json_t *headers;          /* object: lower-case name -> string */
    enum body_kind body_kind;
    json_t *body;             /* BODY_JSON: the value (NULL while
                                 body_src holds it unparsed) */
    char *body_src;           /* fixture_load_lazy: the body's JSON text */
    size_t body_src_len;
    char *body_text;          /* BODY_TEXT: UTF-8; BODY_BASE64: base64 */
    json_t *captures;         /* object: the values of the suite's
                                 captured variables when it was recorded
                                 (name -> value), or NULL */
    struct strvec noise;      /* path patterns */
};

/* Loads and validates path. On failure f is released and err names
 * file:line:column. */
int fixture_load(struct fixture *f, const char *path,
                 struct strvec *warnings, struct rc_error *err);
void fixture_release(struct fixture *f);

/*
 * fixture_load for a run, which reads a fixture per call: a JSON body is
 * left as its text (body_src, body NULL) for jx_same_text, the rest is
 * checked as fixture_load checks it (warnings are not collected). Returns
 * RC_ENOTFOUND, err untouched, when path is missing or not a regular
 * file.
 */
int fixture_load_lazy(struct fixture *f, const char *path,
                      struct rc_error *err);

/* Parses body_src into body (nothing to do without one); an error names
 * the fixture's file:line:column. */
int fixture_parse_body(struct fixture *f, const char *path,
                       struct rc_error *err);

/* The fixture document as JSON (new reference), members in SPEC order. */
json_t *fixture_to_json(const struct fixture *f);

/* Writes the fixture atomically to path. */
int fixture_save(const struct fixture *f, const char *path,
                 struct rc_error *err);

/* Whether s is a key id as fixtures record it: 8 lower-case hex digits
 * (redact_key_id). */
bool fixture_key_id_ok(const char *s);

/* fixtures_dir/SUITE/CALL.json (caller frees). */
char *fixture_path(const char *fixtures_dir, const char *suite,
                   const char *call);

/* The content-type header value (borrowed), or NULL. */
const char *fixture_content_type(const struct fixture *f);

#endif
