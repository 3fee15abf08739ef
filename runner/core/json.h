/*
 * JSON helpers around jansson shared by every loader: reading a file with
 * errors that name file:line:column, locating a member in the source text
 * after the fact (jansson keeps no positions), and type names. Loaded
 * values are new references owned by the caller.
 */
#ifndef RC_JSON_H
#define RC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

/* Largest JSON workspace file read (config, suite, fixture): 256 MiB. */
#define JX_MAX_FILE ((size_t)256 << 20)

/*
 * Parses text (len bytes) as JSON; duplicate member names are an error.
 * On failure returns RC_EINPUT with "name:line:column: <jansson's text>".
 * On success *out is a new reference.
 */
int jx_parse(json_t **out, const char *text, size_t len, const char *name,
             struct rc_error *err);

/*
 * Parses a response body (len bytes, any JSON value, NULs allowed in
 * strings) as record and run both read it: a member name given twice
 * keeps its last value, as most servers' clients do, and *dups (may be
 * NULL) tells that it happened so the caller can warn. A new reference,
 * or NULL when the bytes are not JSON.
 */
json_t *jx_load_body(const char *body, size_t len, bool *dups);

/*
 * Reads and parses the file at path. *text (optional) receives the file's
 * bytes for later jx_locate() calls (caller frees).
 */
int jx_load(json_t **out, char **text, const char *path,
            struct rc_error *err);

/*
 * Finds where the member or element named by comps[0..n) starts in text
 * (a member: its key; an element: its first character). Components of
 * arrays are decimal indexes. Returns 0 and 1-based line and column
 * (counted in characters), or -1 when not found (line/col then point at
 * the nearest enclosing value found).
 */
int jx_locate(const char *text, size_t len, const char *const *comps,
              size_t n, int *line, int *column);

/* "object", "array", "string", "integer", "real", "boolean" or "null";
 * "nothing" for NULL. */
const char *jx_type_name(const json_t *v);

#endif
