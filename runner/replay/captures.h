/*
 * The captures of one suite: values taken from earlier responses (by
 * path, first sending only) for the {{variables}} of later calls, and for
 * each one that could not be taken, why. The replay driver keeps one per
 * suite; struct captures owns its two objects (captures_release).
 */
#ifndef RC_CAPTURES_H
#define RC_CAPTURES_H

#include <jansson.h>

#include "config/suite.h"
#include "http/http.h"

struct captures {
    json_t *vars;       /* name -> captured value or the environment's */
    json_t *failed;     /* name -> "from call 'x', which was skipped" */
};

/* Starts with the environment's vars (borrowed, copied; may be NULL) as
 * the variables known before any capture. Returns 0 or RC_ENOMEM. */
int captures_init(struct captures *cap, const json_t *vars);
void captures_release(struct captures *cap);

/* Marks every capture of c as unavailable, "from call 'ID', WHY". */
void captures_fail(struct captures *cap, const struct call *c,
                   const char *why);

/* Stores the captures of c from resp's JSON body. */
void captures_take(struct captures *cap, const struct call *c,
                   const struct http_response *resp);

/* Why c cannot be built (a variable it uses is missing), or NULL.
 * Caller frees. */
char *captures_missing(const struct captures *cap, const struct call *c);

#endif
