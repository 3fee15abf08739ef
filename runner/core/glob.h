/*
 * Program-code globs of suites: upper-case letters and digits with '*'
 * (any run) and '?' (one character); "*" alone means every program.
 */
#ifndef RC_GLOB_H
#define RC_GLOB_H

#include <stdbool.h>

/* Whether glob is well formed: non-empty, only A-Z, 0-9, '*', '?'. */
bool glob_valid(const char *glob);

/* Whether code matches glob (case-sensitive). */
bool glob_match(const char *glob, const char *code);

#endif
