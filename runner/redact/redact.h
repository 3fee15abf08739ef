/*
 * Redaction (SPEC section 9): credentials and personal data never reach a
 * file. Sensitive headers (Authorization, Cookie, Set-Cookie,
 * Proxy-Authorization, and any name containing "token", "key" or
 * "secret") are stored as "<redacted>". Values matched by the workspace's
 * `redact` patterns are stored as "<redacted:HEX>": the first 16 lower-case
 * hex digits of HMAC-SHA256 under the workspace key, so a changed value
 * is still detected and never shown. The key is RELCHECK_REDACT_KEY when
 * that is set (a CI runner that starts empty shares the key of the people
 * who recorded the fixtures), else .relcheck/key; its id (redact_key_id)
 * is recorded in every fixture and response as "redaction_key".
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

/* The variable that, set and not empty, gives the key (64 hex digits). */
#define REDACT_KEY_ENV "RELCHECK_REDACT_KEY"

struct redact_key {
    unsigned char k[32];
    char id[9];         /* redact_key_id(k), set by the loaders; "" in a
                           key filled by hand (then no id is recorded) */
    bool from_env;      /* it came from RELCHECK_REDACT_KEY */
};

/* A copy of a headers object with sensitive values as "<redacted>" (new
 * reference; NULL when headers is NULL). */
json_t *redact_headers(const json_t *headers);

/*
 * Finds the workspace key without making one: RELCHECK_REDACT_KEY when it
 * is set and not empty (an empty value counts as unset: GitHub Actions
 * gives a missing secret as ""), else STATE_DIR/key. A key file readable
 * by group or others gets a warning. Returns 0 with *key and its id
 * filled; RC_ENOTFOUND, err untouched, when there is neither; RC_EINPUT
 * when the variable or the file does not hold 64 hex digits (the message
 * names the variable or file, never the value); RC_EIO.
 */
int redact_key_find(struct redact_key *key, const char *state_dir,
                    struct strvec *warnings, struct rc_error *err);

/*
 * redact_key_find, creating STATE_DIR/key when there is no key (32 random
 * bytes as hex, mode 0600, atomically). Returns 0, or RC_EIO/RC_EINPUT
 * with err.
 */
int redact_key_load(struct redact_key *key, const char *state_dir,
                    struct strvec *warnings, struct rc_error *err);

/* The key's id: the first 8 lower-case hex digits of SHA-256 of its 32
 * bytes (not of their hex text), NUL-terminated. It names the key and
 * reveals nothing of it. */
void redact_key_id(char id[9], const struct redact_key *key);

/* The key as 64 lower-case hex digits, NUL-terminated (for `relcheck
 * key`: the caller decides where it may go). */
void redact_key_hex(char hex[65], const struct redact_key *key);

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
