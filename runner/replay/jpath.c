/*
 * Simple JSONPath lookup (see jpath.h). Walks the path one step at a time
 * without allocating, except for quoted names with escapes.
 */
#include "replay/jpath.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Reads a quoted name starting at *p (the quote) into a new string and
 * moves *p past the closing quote. NULL when malformed. */
static char *quoted(const char **p)
{
    char q = **p, *out = malloc(strlen(*p) + 1);
    size_t n = 0;
    const char *s = *p + 1;

    if (out == NULL)
        return NULL;
    for (; *s && *s != q; s++) {
        if (*s == '\\' && s[1])
            s++;
        out[n++] = *s;
    }
    if (*s != q) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    *p = s + 1;
    return out;
}

/* Takes one step from cur at *p. Sets *ok false on a malformed path. */
static json_t *step(json_t *cur, const char **p, bool *ok)
{
    const char *s = *p;

    if (*s == '.') {
        size_t n = 0;
        char name[512];

        s++;
        while (s[n] && s[n] != '.' && s[n] != '[' && n < sizeof(name) - 1)
            n++;
        if (n == 0 || n == sizeof(name) - 1) {
            *ok = false;
            return NULL;
        }
        memcpy(name, s, n);
        name[n] = '\0';
        *p = s + n;
        return json_object_get(cur, name);
    }
    if (*s == '[' && (s[1] == '\'' || s[1] == '"')) {
        const char *q = s + 1;
        char *name = quoted(&q);
        json_t *v;

        if (name == NULL || *q != ']') {
            free(name);
            *ok = false;
            return NULL;
        }
        v = json_object_get(cur, name);
        free(name);
        *p = q + 1;
        return v;
    }
    if (*s == '[' && isdigit((unsigned char)s[1])) {
        char *end;
        unsigned long i = strtoul(s + 1, &end, 10);

        if (*end != ']') {
            *ok = false;
            return NULL;
        }
        *p = end + 1;
        return json_array_get(cur, i);
    }
    *ok = false;
    return NULL;
}

json_t *jpath_get(const json_t *root, const char *path)
{
    json_t *cur = (json_t *)root;
    bool ok = true;

    if (path == NULL || path[0] != '$')
        return NULL;
    path++;
    while (*path && cur && ok)
        cur = step(cur, &path, &ok);
    return ok ? cur : NULL;
}

bool jpath_valid(const char *path)
{
    json_t *dummy = json_object();
    bool ok = true;
    json_t *cur = dummy;

    if (path == NULL || path[0] != '$') {
        json_decref(dummy);
        return false;
    }
    path++;
    while (*path && ok) {
        step(cur, &path, &ok);
        cur = dummy;
    }
    json_decref(dummy);
    return ok;
}
