/*
 * URL building for requests made from configuration and suites: joining a
 * path or a relative URL to an environment's base URL, and appending a
 * query with every name and value escaped. Returned strings are the
 * caller's to free.
 */
#ifndef RC_HTTP_URL_H
#define RC_HTTP_URL_H

#include <stdbool.h>

#include <jansson.h>

#include "core/buf.h"

/* base "https://h/api" + "/login" = "https://h/api/login"; an absolute
 * path (with "://") is returned as a copy. NULL on allocation failure. */
char *url_join(const char *base, const char *path);

/*
 * Appends "?a=1&b=x%20y" for a JSON object of scalars (strings as they
 * are, numbers and booleans as JSON text, null as an empty value; an array
 * repeats its name). Uses "&" when url already has a "?". Returns 0 or
 * RC_ENOMEM.
 */
int url_add_query(struct rc_buf *url, const json_t *query);

/* A scalar as text for a query or header: strings as they are, others as
 * compact JSON. Caller frees; NULL on failure. */
char *url_scalar_text(const json_t *v);

/*
 * Whether two absolute URLs have the same origin: scheme, host (any case)
 * and port (the scheme's default when absent). User info, path and query
 * do not count. False when either is not an absolute URL.
 */
bool url_same_origin(const char *a, const char *b);

#endif
