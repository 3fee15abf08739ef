/*
 * Building the HTTP request of a suite call (internal to runner/replay):
 * {{name}} variables from captures substituted into path (escaped), query,
 * headers and body; base URL joined; query escaped; JSON body sent as
 * application/json, body_text with the call's own Content-Type. Also the
 * environment's credentials as plain parameters for http/auth.
 */
#ifndef RC_REPLAY_REQUEST_H
#define RC_REPLAY_REQUEST_H

#include <jansson.h>

#include "config/config.h"
#include "config/suite.h"
#include "core/error.h"
#include "core/strvec.h"
#include "http/auth.h"
#include "http/http.h"

/*
 * Builds the request of c for env with the variables in vars (object:
 * name -> captured JSON value; borrowed). *out is the caller's. Returns 0
 * or RC_ENOMEM.
 */
int request_build(struct http_request **out, const struct environment *env,
                  const struct call *c, const json_t *vars);

/* The authentication parameters of env for http/ (they borrow env's
 * strings, so env must outlive them). */
void request_auth_params(struct http_auth_params *p,
                         const struct environment *env);

/* The request's headers as a JSON object, sensitive values redacted (new
 * reference; NULL on failure). */
json_t *request_headers_json(const struct http_request *req);

/*
 * Warnings for `relcheck check`, appended as "suites/NAME.json: ...":
 * request_lint_query warns about query parameters of call c with a secret
 * name (relcheck redacts their values in what it writes, but the suite
 * holds them); request_lint_origin about a path on another origin than
 * env's base_url (env resolved), which is sent without the environment's
 * credentials.
 */
void request_lint_query(const struct suite *s, const struct call *c,
                        struct strvec *warnings);
void request_lint_origin(const struct environment *env,
                         const struct suite *s, const struct call *c,
                         struct strvec *warnings);

/* Copies text into out with each {{name}} replaced by its value (escaped
 * for a URL when escape is set). Unknown names stay as they are. */
int request_subst(struct rc_buf *out, const char *text, const json_t *vars,
                  bool escape);

#endif
