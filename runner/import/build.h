/*
 * The call builder of relcheck import: one captured request (imp.h) to a
 * suite call (JSON in the suite format) and, when the request has a
 * response, a fixture. The builder owns the choices that make an import
 * safe and replayable: URL relative to a base URL, id from method and
 * path, credentials dropped (and listed in ctx->dropped), transport
 * headers left out. Everything it returns is the caller's.
 */
#ifndef RC_IMPORT_BUILD_H
#define RC_IMPORT_BUILD_H

#include <jansson.h>

#include "config/config.h"
#include "config/fixture.h"
#include "core/error.h"
#include "core/strvec.h"
#include "import/imp.h"
#include "redact/scrub.h"

/* A base URL a captured URL may be made relative to. */
struct imp_base {
    char *env;        /* environment name */
    char *url;        /* base_url without a trailing '/' */
    char *login;      /* absolute URL of its login or token request
                         (auth.url, auth.token_url), or NULL */
};

struct imp_ctx {
    struct config *cfg;           /* borrowed */
    const char *suite;            /* suite name */
    struct imp_base *bases;       /* owned by the caller */
    size_t n_bases;
    const char *env;              /* --env, or NULL */
    struct strvec ids;            /* ids given so far */
    struct strvec *dropped;       /* borrowed: what was dropped */
    struct strvec *warnings;      /* borrowed */
    const struct strvec *secrets; /* borrowed: values to scrub */
    struct scrub_redactor redactor;
};

/*
 * Builds the call of r. *call is a new JSON object, or NULL when the
 * request cannot be a call (not http(s), unsupported method, unresolved
 * variable): a warning then says why. *fx (when fx is not NULL and r has
 * a response) is filled with the fixture; release it with
 * fixture_release. Returns 0 or an RC_E* code with err filled.
 */
int imp_build_call(json_t **call, struct fixture *fx, struct imp_ctx *ctx,
                   const struct imp_req *r, struct rc_error *err);

/*
 * The fixture of a captured response (response.c): request headers with
 * credentials as "<redacted>", url the request URL with secret query
 * values already replaced, response headers with lower-case names, the
 * body as JSON, text or base64, secret members "<redacted>" and listed as
 * noise, `redact` patterns applied, known secrets scrubbed. fx is
 * released on failure.
 */
int imp_build_fixture(struct fixture *fx, struct imp_ctx *ctx,
                      const struct imp_req *r, const char *id,
                      const char *url, struct rc_error *err);

/*
 * A call id from method and path: "get-facturen-1001", lower case, runs
 * of other characters as one '-', at most 64 characters, made unique
 * against ids with "-2", "-3"... Returns a new string or NULL.
 */
char *imp_call_id(const char *method, const char *path,
                  const struct strvec *ids);

/* A safe suite name from any text ("AllSolutions API" ->
 * "allsolutions-api"; "imported" when nothing is left). */
char *imp_safe_name(const char *text);

#endif
