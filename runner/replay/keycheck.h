/*
 * The redaction key against the fixtures (SPEC section 9), the one check
 * `run`, `record`, `key` and `check` share: values matched by `redact`
 * are stored as an HMAC under the workspace key, so a command that
 * redacts with another key than the one the selected fixtures were
 * recorded with would read every redacted field as changed. Each fixture
 * names its key by id ("redaction_key"); fixtures older than key ids name
 * none and are accepted.
 *
 * The check reads only the fixtures' "redaction_key" members (found by
 * the scanner of core/json.h in the first 4 KB of each file, where the
 * writers put it, else in the whole file), never their bodies, and sends
 * nothing: `run` and `record` call it before the plan's first request,
 * logins included.
 */
#ifndef RC_KEYCHECK_H
#define RC_KEYCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/suite.h"
#include "core/error.h"
#include "core/strvec.h"
#include "redact/redact.h"

/*
 * Finds the workspace key (redact_key_find: RELCHECK_REDACT_KEY, else
 * .relcheck/key) into *key and compares its id with the "redaction_key"
 * of every fixture of suites[0..n) that has one. Skipped (the key is
 * still found or made) when cfg has no `redact` pattern: no value is then
 * redacted under the key.
 *
 * When there is no key and no fixture names one, the key is created, as
 * `record` makes it, unless trial. trial is a look that changes nothing
 * (`--dry-run`, `check`): nothing is created (*key stays zeroed when
 * there is none) and a mismatch goes to warnings instead of failing.
 *
 * Returns 0; RC_ECONFIG when a fixture names another key, or names one
 * while there is no key here: err names the fixture, both ids and how to
 * supply the right key (RELCHECK_REDACT_KEY, or .relcheck/key from the
 * people who recorded the fixtures); RC_EINPUT for a malformed key
 * (variable or file); RC_EIO; RC_ENOMEM.
 */
int replay_key_check(struct redact_key *key, const struct config *cfg,
                     const struct suite *const *suites, size_t n,
                     bool trial, struct strvec *warnings,
                     struct rc_error *err);

/*
 * The key id a fixture or response file records, into id ("" when it
 * records none, or the file is missing or not a regular file). Reads the
 * file's head, and the whole file only when the head does not hold the
 * member (a fixture older than key ids, or one edited by hand). Returns 0,
 * or RC_EIO/RC_ETOOBIG/RC_ENOMEM with err.
 */
int replay_fixture_key_id(char id[9], const char *path,
                          struct rc_error *err);

#endif
