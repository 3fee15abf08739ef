/*
 * Which names hold credentials (SPEC section 9): the one test, used to
 * redact headers in fixtures and responses, to warn about credentials in
 * suites, and to drop secrets in import and doc.
 */
#ifndef RC_SECRET_H
#define RC_SECRET_H

#include <stdbool.h>

/* A sensitive header: Authorization, Cookie, Set-Cookie,
 * Proxy-Authorization, or a name containing "token", "key" or "secret"
 * (case-insensitive). */
bool secret_header(const char *name);

/* A header, member, form or query name that holds a secret: a sensitive
 * header name, "pwd", or a name containing "password", "passwd" or
 * "credential". */
bool secret_name(const char *name);

#endif
