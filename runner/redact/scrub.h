/*
 * What relcheck import and relcheck doc may write: the credential filter
 * (SPEC section 9) shared by both. Secret headers are dropped from suites
 * and stored as "<redacted>" in fixtures; secret values seen anywhere in
 * the input (a bearer token, a basic password, a cookie) are replaced by
 * "<redacted>" wherever else they appear; and body values matched by the
 * workspace's `redact` patterns become "<redacted:HEX>" through the one
 * function scrub_redact_body. Functions here never print; they return
 * RC_E* codes and modify the JSON they are given in place.
 */
#ifndef RC_REDACT_SCRUB_H
#define RC_REDACT_SCRUB_H

#include <stdbool.h>

#include <jansson.h>

#include "config/config.h"
#include "core/error.h"
#include "core/secret.h"
#include "core/strvec.h"
#include "pattern/pattern.h"
#include "redact/redact.h"

#define SCRUB_MARK "<redacted>"

/*
 * Adds to secrets the secret parts of a credential header's value: the
 * whole value, the token after "Bearer "/"Basic " (and, for Basic, the
 * decoded "user:password" and the password), and each cookie value of a
 * Cookie or Set-Cookie header. Values shorter than 4 bytes are not kept.
 */
int scrub_learn_header(struct strvec *secrets, const char *name,
                       const char *value);

/* Learns one secret value (and the form it takes inside a JSON string);
 * values shorter than 4 bytes are not kept. 0 or RC_ENOMEM. */
int scrub_learn_value(struct strvec *secrets, const char *value);

/* Learns the string values of the members of v (any depth) whose names
 * are secret names (a login body's "password"). 0 or RC_ENOMEM. */
int scrub_learn_members(struct strvec *secrets, const json_t *v);

/* Learns the user info of a URL ("user:password@"): the pair and the
 * password, as written and percent-decoded. 0 or RC_ENOMEM. */
int scrub_learn_url(struct strvec *secrets, const char *url);

/*
 * Learns every secret an environment (resolved) sends for its auth: the
 * base URL's user info, the password, the bearer token, the header value,
 * the client secret, the secret members of the login body and headers,
 * and for basic auth the "user:password" pair and its base64. Tokens
 * fetched later are learned by the caller with scrub_learn_value.
 */
int scrub_learn_auth(struct strvec *secrets, const struct environment *env);

/*
 * The len bytes at s with each value of secrets replaced by mark: returns
 * 1 with *out (caller frees, NUL-terminated) and *out_len set when
 * something was replaced, 0 with *out NULL when nothing was, or
 * RC_ENOMEM.
 */
int scrub_known_bytes(char **out, size_t *out_len, const char *s,
                      size_t len, const struct strvec *secrets,
                      const char *mark);

/* A URL as it may be stored: known secrets replaced, and the value of
 * each query parameter with a secret name ("api_key", "access_token") as
 * "<redacted>". Caller frees; NULL on allocation failure. */
char *scrub_url(const char *url, const struct strvec *secrets);

/*
 * Replaces, in every string of v (member names too are checked: a member
 * whose name holds a secret is removed), each occurrence of a value of
 * secrets by "<redacted>". v is modified in place (borrowed). Returns 0 or
 * RC_ENOMEM.
 */
int scrub_known(json_t *v, const struct strvec *secrets);

/* The same on one C string: a new string (caller frees) or NULL. */
char *scrub_known_text(const char *s, const struct strvec *secrets);

/* The same with another mark (an XML body gets "&lt;redacted&gt;", so
 * it stays well-formed). */
char *scrub_known_text_as(const char *s, const struct strvec *secrets,
                          const char *mark);

/*
 * Replaces the value of every member of v (at any depth) whose name is a
 * secret name by "<redacted>", and appends the member's path with array
 * positions as [*] ("$.session.token") to paths (no duplicates), so a
 * fixture can list them as noise. Returns 0 or RC_ENOMEM.
 */
int scrub_secret_members(json_t *v, struct strvec *paths);

/*
 * The workspace's `redact` patterns, compiled, with the workspace key
 * (SPEC section 9), both made on first use (.relcheck/key is created when
 * missing; a key readable by others is a warning).
 * scrub_redactor_release frees the patterns and wipes the key.
 */
struct scrub_redactor {
    const struct config *cfg;     /* borrowed */
    struct strvec *warnings;      /* borrowed; may be NULL */
    bool loaded;
    struct pattern_set patterns;
    struct redact_key key;
};

void scrub_redactor_init(struct scrub_redactor *r, const struct config *cfg,
                         struct strvec *warnings);
void scrub_redactor_release(struct scrub_redactor *r);

/*
 * Redacts a JSON body with the workspace's `redact` patterns: with
 * scrub_redact_text, the one place import and doc call the redaction
 * module. body is modified in place. Returns 0 or an RC_E* code with err
 * filled (a bad pattern, an unreadable key).
 */
int scrub_redact_body(json_t *body, struct scrub_redactor *r,
                      struct rc_error *err);

/*
 * Redacts a text body that is XML (XML patterns such as //Iban): *text
 * (len bytes, owned by the caller) is replaced by the redacted document
 * when something was redacted. A text that is not well-formed XML is left
 * as it is. Returns 0 or an RC_E* code with err filled.
 */
int scrub_redact_text(char **text, size_t *len, struct scrub_redactor *r,
                      struct rc_error *err);

#endif
