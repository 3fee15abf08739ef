/*
 * Percent-decoding of URL parts and forms (RFC 3986 %XX; '+' as a space
 * in forms), for import's readers and the scrubbing of URLs.
 */
#ifndef RC_PCT_H
#define RC_PCT_H

#include <stdbool.h>
#include <stddef.h>

/* The value of a hex digit, or -1. */
int pct_hexval(int c);

/* Decodes n bytes of s: %XX (and '+' as a space when plus) into a new
 * string (caller frees); NULL when out of memory. */
char *pct_decode(const char *s, size_t n, bool plus);

#endif
