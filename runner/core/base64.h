/*
 * Base64 for fixtures' body_base64, HAR bodies and the like: the one
 * encoder and decoder of the project (GLib's codec underneath, with the
 * input checked first, since GLib's decoder skips what it does not know).
 * Results are malloc'd and the caller's to free().
 */
#ifndef RC_BASE64_H
#define RC_BASE64_H

#include <stddef.h>

/*
 * Decodes n bytes of base64: the standard or the URL-safe alphabet,
 * padding optional, whitespace skipped. *out is NUL-terminated (the NUL
 * not counted in *len). Returns 0, RC_EINPUT for a character outside the
 * alphabet (or data after padding), or RC_ENOMEM.
 */
int b64_decode(char **out, size_t *len, const char *s, size_t n);

/* Standard base64 with padding; NULL when out of memory. */
char *b64_encode(const void *data, size_t len);

#endif
