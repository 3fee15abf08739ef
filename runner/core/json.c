/*
 * JSON helpers (see json.h). jx_locate re-scans text that jansson has
 * already accepted, so the scanner only needs to skip valid JSON; it is
 * used on the error path, never on a hot one.
 */
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"

int jx_parse(json_t **out, const char *text, size_t len, const char *name,
             struct rc_error *err)
{
    json_error_t je;

    *out = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (*out == NULL) {
        int line = je.line > 0 ? je.line : 1;
        int col = je.column > 0 ? je.column : 1;
        return rc_error_at(err, RC_EINPUT, fs_display(name), line, col, "%s",
                           je.text);
    }
    return 0;
}

int jx_load(json_t **out, char **text, const char *path,
            struct rc_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    if (text)
        *text = NULL;
    rc = fs_read_file(&buf, &len, path, JX_MAX_FILE, err);
    if (rc)
        return rc;
    rc = jx_parse(out, buf, len, path, err);
    if (rc == 0 && text)
        *text = buf;
    else
        free(buf);
    return rc;
}

const char *jx_type_name(const json_t *v)
{
    if (v == NULL)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "real";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

/* Scanner state for jx_locate. */
struct scan {
    const char *p;
    const char *end;
};

static void skip_ws(struct scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n'
                             || *s->p == '\r'))
        s->p++;
}

/* Skips a string starting at its opening quote. */
static void skip_string(struct scan *s)
{
    s->p++;
    while (s->p < s->end && *s->p != '"') {
        if (*s->p == '\\')
            s->p++;
        s->p++;
    }
    if (s->p < s->end)
        s->p++;
}

/* Skips one value of any kind, without recursion. */
static void skip_value(struct scan *s)
{
    int depth = 0;

    skip_ws(s);
    do {
        if (s->p >= s->end)
            return;
        char c = *s->p;
        if (c == '"') {
            skip_string(s);
        } else if (c == '{' || c == '[') {
            depth++;
            s->p++;
        } else if (c == '}' || c == ']') {
            depth--;
            s->p++;
        } else if (depth == 0) {
            while (s->p < s->end && !strchr(",}] \t\r\n", *s->p))
                s->p++;
        } else {
            s->p++;
        }
    } while (depth > 0);
}

/* Compares the string at s->p (at its quote) with name; advances past it. */
static int key_equals(struct scan *s, const char *name)
{
    const char *start = s->p + 1;
    size_t n = strlen(name);
    int same;

    skip_string(s);
    same = (size_t)(s->p - 1 - start) == n && memcmp(start, name, n) == 0;
    return same;
}

static const char *find_in(struct scan *s, const char *const *comps,
                           size_t n, const char **best)
{
    skip_ws(s);
    *best = s->p;
    if (n == 0)
        return s->p;
    if (s->p < s->end && *s->p == '{') {
        s->p++;
        for (;;) {
            skip_ws(s);
            if (s->p >= s->end || *s->p != '"')
                return NULL;
            const char *keypos = s->p;
            int match = key_equals(s, comps[0]);
            skip_ws(s);
            s->p++; /* ':' */
            if (match) {
                if (n == 1)
                    return keypos;
                *best = keypos;
                return find_in(s, comps + 1, n - 1, best);
            }
            skip_value(s);
            skip_ws(s);
            if (s->p >= s->end || *s->p != ',')
                return NULL;
            s->p++;
        }
    }
    if (s->p < s->end && *s->p == '[') {
        char *endp;
        long want = strtol(comps[0], &endp, 10);
        if (*endp != '\0' || want < 0)
            return NULL;
        s->p++;
        for (long i = 0;; i++) {
            skip_ws(s);
            if (s->p >= s->end || *s->p == ']')
                return NULL;
            if (i == want)
                return find_in(s, comps + 1, n - 1, best);
            skip_value(s);
            skip_ws(s);
            if (s->p >= s->end || *s->p != ',')
                return NULL;
            s->p++;
        }
    }
    return NULL;
}

static void position_of(const char *text, const char *at, int *line,
                        int *column)
{
    int l = 1, c = 1;

    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

int jx_locate(const char *text, size_t len, const char *const *comps,
              size_t n, int *line, int *column)
{
    struct scan s = {text, text + len};
    const char *best = text;
    const char *at = find_in(&s, comps, n, &best);

    position_of(text, at ? at : best, line, column);
    return at ? 0 : -1;
}

json_t *jx_load_body(const char *body, size_t len, bool *dups)
{
    const size_t flags = JSON_ALLOW_NUL | JSON_DECODE_ANY;
    json_error_t je;
    json_t *v = json_loadb(body, len, flags | JSON_REJECT_DUPLICATES, &je);

    if (dups)
        *dups = false;
    if (v || strstr(je.text, "duplicate object key") == NULL)
        return v;
    if (dups)
        *dups = true;
    return json_loadb(body, len, flags, NULL);
}
