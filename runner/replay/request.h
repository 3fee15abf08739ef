/*
 * Building the HTTP request of a suite call (internal to runner/replay):
 * {{name}} variables from captures substituted into path (escaped), query,
 * headers and body; base URL joined; query escaped; JSON body sent as
 * application/json, body_text with the call's own Content-Type.
 */
#ifndef RC_REPLAY_REQUEST_H
#define RC_REPLAY_REQUEST_H

#include <jansson.h>

#include "config/config.h"
#include "config/suite.h"
#include "core/error.h"
#include "http/http.h"

/*
 * Builds the request of c for env with the variables in vars (object:
 * name -> captured JSON value; borrowed). *out is the caller's. Returns 0
 * or RC_ENOMEM.
 */
int request_build(struct http_request **out, const struct environment *env,
                  const struct call *c, const json_t *vars);

/* The request's headers as a JSON object, sensitive values redacted (new
 * reference; NULL on failure). */
json_t *request_headers_json(const struct http_request *req);

/* Copies text into out with each {{name}} replaced by its value (escaped
 * for a URL when escape is set). Unknown names stay as they are. */
int request_subst(struct rc_buf *out, const char *text, const json_t *vars,
                  bool escape);

#endif
