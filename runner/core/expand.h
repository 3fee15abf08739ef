/*
 * The one ${...} expansion of the project: "${env:NAME}" becomes the
 * value of the environment variable NAME wherever it appears in a text
 * (relcheck.json values, IMAP --user, serve --require-token); other
 * references ("${file:PATH}" in relcheck.json) go to the caller's
 * function. A "${" without a closing "}" is copied as it is.
 */
#ifndef RC_EXPAND_H
#define RC_EXPAND_H

#include <stddef.h>

#include "core/strvec.h"

/* Expands one reference ref[0..n) ("file:PATH", without "${" and "}")
 * into *value (caller frees). Returns 0 or an RC_E* code. */
typedef int (*expand_other_fn)(void *ctx, const char *ref, size_t n,
                               char **value);

/*
 * Copies s into *out (caller frees) with every reference expanded. A
 * reference that is not "${env:NAME}" goes to other; without other it is
 * copied as it is. A variable that is not set expands to "" and its name
 * is appended to missing (once), so a caller can name every one. Returns
 * 0; RC_ENOTFOUND when s named an unset variable (*out is made all the
 * same); what other returned; or RC_ENOMEM.
 */
int expand_refs(char **out, const char *s, expand_other_fn other, void *ctx,
                struct strvec *missing);

#endif
