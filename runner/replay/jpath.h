/*
 * Value lookup by a simple JSONPath, for captures ("$.id") and the login
 * token ("$.token"): $ followed by .name, ['name'] or ["name"], and [N]
 * steps. Pattern matching (wildcards, "$..") is the diff module's job;
 * this only fetches one value.
 */
#ifndef RC_JPATH_H
#define RC_JPATH_H

#include <stdbool.h>

#include <jansson.h>

/* The value at path in root (borrowed), or NULL when absent. */
json_t *jpath_get(const json_t *root, const char *path);

/* Whether path is one this module understands. */
bool jpath_valid(const char *path);

#endif
