/*
 * Redaction (SPEC section 9): credentials and personal data never reach a
 * file. Sensitive headers (Authorization, Cookie, Set-Cookie,
 * Proxy-Authorization, and any name containing "token", "key" or
 * "secret") are stored as "<redacted>". Values matched by the workspace's
 * `redact` patterns are stored as "<redacted:HEX>": the first 16 lower-case
 * hex digits of HMAC-SHA256 under the workspace key .relcheck/key, so a
 * changed value is still detected and never shown.
 *
 * The key lives in struct redact_key (no pointers, nothing to release).
 * Functions returning json_t give new references; those that take one say
 * whether they modify it.
 */
#ifndef RC_REDACT_H
#define RC_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"
#include "pattern/pattern.h"

struct redact_key {
    unsigned char k[32];
};

/* A copy of a headers object with sensitive values as "<redacted>" (new
 * reference; NULL when headers is NULL). */
json_t *redact_headers(const json_t *headers);

/*
 * Loads STATE_DIR/key, creating it (32 random bytes as hex, mode 0600,
 * atomically) when it does not exist. A key readable by group or others
 * gets a warning. Returns 0, or RC_EIO/RC_EINPUT with err.
 */
int redact_key_load(struct redact_key *key, const char *state_dir,
                    struct strvec *warnings, struct rc_error *err);

/* "<redacted:HEX>" for a value: a string's own bytes, any other value's
 * compact JSON text. Caller frees; NULL on allocation failure. */
char *redact_value(const struct redact_key *key, const json_t *v);

/*
 * Replaces, in place, every value of doc whose path a pattern of patterns
 * matches (SPEC section 6 forms) by its "<redacted:HEX>" string; a
 * matching object or array is replaced whole, the root never. Returns how
 * many values were redacted, or RC_ENOMEM.
 */
long redact_json(json_t *doc, const struct pattern_set *patterns,
                 const struct redact_key *key);

/* Whether v is a string "<redacted:HEX>" (16 lower-case hex digits). */
bool redact_is_redacted(const json_t *v);

/* The pattern_redact_fn that gives "<redacted:HEX>" under key (a struct
 * redact_key *), for diff_options.redact_fn. New reference. Idempotent: a
 * value that already is "<redacted:HEX>" is returned as it is, so a
 * redacted baseline compared with a raw replay (both redacted by the diff)
 * differs exactly when the raw value changed. */
json_t *redact_fn_value(void *key, const json_t *v);

/*
 * Redacts an XML body: every element (leaf text, or whole content) and
 * attribute whose path a pattern of set matches gets "<redacted:HEX>" of
 * its trimmed text. Returns the number of values redacted; when that is
 * more than 0, *out (caller frees, NUL-terminated) holds the serialised
 * document and *out_len its length, else *out is NULL. RC_EINPUT when the
 * body is not well-formed XML or nests deeper than 512 elements,
 * RC_ENOMEM.
 */
int redact_xml(char **out, size_t *out_len, const char *body, size_t len,
               const struct pattern_set *set, const struct redact_key *key);

#endif
