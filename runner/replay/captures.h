/*
 * The captures of one suite: values taken from earlier responses (by
 * path, first sending only) for the {{variables}} of later calls, and for
 * each one that could not be taken, why; and the snapshot of the captured
 * values that a fixture keeps (`captures`, SPEC section 4). The replay
 * driver keeps one per suite; struct captures owns its objects
 * (captures_release).
 */
#ifndef RC_CAPTURES_H
#define RC_CAPTURES_H

#include <jansson.h>

#include "config/suite.h"
#include "http/http.h"
#include "pattern/pattern.h"
#include "redact/redact.h"

struct captures {
    json_t *vars;       /* name -> captured value or the environment's */
    json_t *failed;     /* name -> "from call 'x', which was skipped" */
    json_t *hidden;     /* name -> true: a captured value that a `redact`
                           pattern covers, stored only as its HMAC */
};

/* Starts with the environment's vars (borrowed, copied; may be NULL) as
 * the variables known before any capture. Returns 0 or RC_ENOMEM. */
int captures_init(struct captures *cap, const json_t *vars);
void captures_release(struct captures *cap);

/* Marks every capture of c as unavailable, "from call 'ID', WHY". */
void captures_fail(struct captures *cap, const struct call *c,
                   const char *why);

/* Stores the captures of c from resp's JSON body. A value that one of
 * redact (may be NULL) covers in that body is marked hidden. */
void captures_take(struct captures *cap, const struct call *c,
                   const struct http_response *resp,
                   const struct pattern_set *redact);

/*
 * The values captured so far by the calls of s, as a fixture stores them
 * (new object, NULL when s captures nothing or out of memory): a hidden
 * value, or one of a variable named like a secret (secret_name), as
 * "<redacted:HEX>" under key (left out when key is NULL); any learned
 * secret (scrub.h) replaced by "<redacted>".
 */
json_t *captures_snapshot(const struct captures *cap, const struct suite *s,
                          const struct redact_key *key,
                          const struct strvec *secrets);

/* Why c cannot be built (a variable it uses is missing), or NULL.
 * Caller frees. */
char *captures_missing(const struct captures *cap, const struct call *c);

#endif
