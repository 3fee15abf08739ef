/*
 * A response as stored: the fixture document `record` writes to
 * fixtures/SUITE/CALL.json and `run` to responses/SUITE/CALL.json, with
 * sensitive headers and `redact` patterns redacted (SPEC section 9).
 */
#ifndef RC_STORED_H
#define RC_STORED_H

#include <jansson.h>

#include "config/config.h"
#include "core/strvec.h"
#include "pattern/pattern.h"
#include "redact/redact.h"
#include "replay/replay.h"

/* A fixture document for a response (new reference): headers and body
 * redacted, body stored as JSON, UTF-8 text or base64. parsed (stolen,
 * may be NULL) is the body already parsed as JSON by the caller, so that
 * it is not parsed twice; it is redacted in place. The document records
 * key's id as "redaction_key" (SPEC section 9). */
json_t *replay_fixture_json(const struct environment *env,
                            const struct pattern_set *redact,
                            const struct redact_key *key,
                            const struct replay_result *res,
                            const struct strvec *noise, json_t *parsed);

/* Whether the response has a body whose Content-Type says JSON: what
 * replay_parse_json_body parses. */
bool replay_body_is_json(const struct replay_result *res);

/*
 * The body of a response whose Content-Type says JSON, parsed once for
 * the diff and the stored form, as record and run both read it: a member
 * named twice keeps its last value, and "SUITE/CALL: the response repeats
 * a member name; ..." goes to warnings (may be NULL). NULL for any other
 * body (replay_fixture_json and the diff then read the bytes). New
 * reference.
 */
json_t *replay_parse_json_body(const struct replay_result *res,
                               struct strvec *warnings);

#endif
