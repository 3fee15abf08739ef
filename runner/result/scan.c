/*
 * Light reading of calls.jsonl lines (see scan.h). The skipper only has
 * to find where a value ends: strings are skipped with their escapes,
 * arrays and objects by depth; what it keeps is parsed by jansson, which
 * validates it.
 */
#include "result/scan.h"

#include <string.h>

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* p at '"': returns the position after the closing quote, or NULL. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return NULL;
}

/* Skips one value; *count (when not NULL) receives the number of elements
 * of an array value. Returns the position after it, or NULL. */
static const char *skip_value(const char *p, const char *end, long *count)
{
    const char *start = p;
    int depth = 0;
    long commas = 0;

    if (p < end && *p == '"')
        return skip_string(p, end);
    if (p < end && *p != '{' && *p != '[') {
        while (p < end && !strchr(",}] \t\r\n", *p))
            p++;
        return p;
    }
    for (; p < end; p++) {
        if (*p == '"') {
            if ((p = skip_string(p, end)) == NULL)
                return NULL;
            p--;   /* the loop steps past the closing quote */
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (--depth == 0)
                break;
        } else if (*p == ',' && depth == 1) {
            commas++;
        }
    }
    if (p >= end)
        return NULL;
    if (count)
        *count = *skip_ws(start + 1, end) == ']' ? 0 : commas + 1;
    return p + 1;
}

/* Adds the member key (len bytes) = the value text v[0..vlen) to obj, or
 * counts it (differences) or drops it (request). Returns -1 when the value
 * does not parse. */
static int keep_member(json_t *obj, const char *key, size_t len,
                       const char *v, size_t vlen, long kept)
{
    json_t *val;
    char name[64];

    if (len >= sizeof name)
        return 0;   /* no member the model reads is that long */
    memcpy(name, key, len);
    name[len] = '\0';
    if (strcmp(name, "differences") == 0)
        return json_object_set_new(obj, "_kept", json_integer(kept));
    if (strcmp(name, "request") == 0)
        return 0;
    val = json_loadb(v, vlen, JSON_DECODE_ANY, NULL);
    return val ? json_object_set_new(obj, name, val) : -1;
}

json_t *scan_call_line(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    json_t *obj = json_object();

    p = skip_ws(p, end);
    if (obj == NULL || p == end || *p++ != '{')
        goto fail;
    for (;;) {
        const char *key, *v;
        size_t key_len;
        long kept = 0;

        p = skip_ws(p, end);
        if (p < end && *p == '}')
            break;
        if (p == end || *p != '"' || (v = skip_string(p, end)) == NULL)
            goto fail;
        key = p + 1;
        key_len = (size_t)(v - 1 - key);
        p = skip_ws(v, end);
        if (p == end || *p++ != ':')
            goto fail;
        p = skip_ws(p, end);
        v = p;
        p = skip_value(p, end, &kept);
        if (p == NULL
            || keep_member(obj, key, key_len, v, (size_t)(p - v), kept) < 0)
            goto fail;
        p = skip_ws(p, end);
        if (p < end && *p == ',')
            p++;
    }
    if (json_object_get(obj, "fields") == NULL)
        goto fail;
    return obj;
fail:
    json_decref(obj);
    return NULL;
}
