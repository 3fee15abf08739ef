/*
 * The notice set as JSON (SPEC section 5): as a jansson value for callers
 * that embed it (run's result.json), and written straight to a stream for
 * `relcheck notice --json`, where building and dumping thousands of
 * jansson objects costs more than parsing the mail. Both forms give the
 * same bytes as json_dumpf(JSON_INDENT(2) | JSON_PRESERVE_ORDER); a unit
 * test holds them together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "notice/notice.h"

int notice_set_programs(struct strvec *out, const struct notice_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        for (size_t j = 0; j < set->v[i].n_programs; j++)
            if (strvec_push(out, set->v[i].programs[j].code))
                return RC_ENOMEM;
    strvec_sort_unique(out);
    return 0;
}

/* s when it is valid UTF-8, else a copy with each invalid byte replaced
 * by U+FFFD in *fixed (g_free it): a mail's subject or date may hold
 * bytes of no charset, and the notice must still be printed. */
static const char *valid_utf8(const char *s, char **fixed)
{
    const unsigned char *p = (const unsigned char *)s;

    *fixed = NULL;
    if (s == NULL)
        return s;
    while (*p && *p < 0x80)     /* ASCII, the common case, checked here */
        p++;
    if (*p == '\0' || g_utf8_validate((const char *)p, -1, NULL))
        return s;
    *fixed = g_utf8_make_valid(s, -1);
    return *fixed;
}

/* A string (invalid bytes replaced) or null; NULL when allocation
 * fails. */
static json_t *str_or_null(const char *s)
{
    char *fixed;
    json_t *v;

    s = valid_utf8(s, &fixed);
    v = s ? json_string(s) : json_null();
    g_free(fixed);
    return v;
}

static json_t *notice_json(const struct notice *n)
{
    json_t *progs = json_array();
    json_t *o;

    for (size_t i = 0; progs && i < n->n_programs; i++) {
        json_t *p = json_object();
        if (p == NULL ||
            json_object_set_new(p, "code", str_or_null(n->programs[i].code)) ||
            json_object_set_new(p, "name", str_or_null(n->programs[i].name)) ||
            json_array_append_new(progs, p)) {
            json_decref(progs);
            return NULL;
        }
    }
    o = json_object();
    if (o == NULL || progs == NULL ||
        json_object_set_new(o, "source", str_or_null(n->source)) ||
        json_object_set_new(o, "message_id", str_or_null(n->message_id)) ||
        json_object_set_new(o, "subject", str_or_null(n->subject)) ||
        json_object_set_new(o, "date", str_or_null(n->date)) ||
        json_object_set_new(o, "release", str_or_null(n->release))) {
        json_decref(progs);   /* not yet the object's */
        json_decref(o);
        return NULL;
    }
    if (json_object_set_new(o, "programs", progs)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *notice_set_notices_json(const struct notice_set *set)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < set->n; i++) {
        if (json_array_append_new(a, notice_json(&set->v[i]))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *notice_set_to_json(const struct notice_set *set)
{
    struct strvec codes = STRVEC_INIT;
    json_t *o = json_object(), *progs = json_array();
    int bad = o == NULL || progs == NULL || notice_set_programs(&codes, set);

    for (size_t i = 0; !bad && i < codes.n; i++)
        bad = json_array_append_new(progs, json_string(codes.v[i]));
    strvec_release(&codes);
    if (!bad)
        bad = json_object_set_new(o, "notices", notice_set_notices_json(set));
    if (!bad) {
        bad = json_object_set_new(o, "programs", progs);
        progs = NULL;
    }
    json_decref(progs);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The sorted unique codes of set as borrowed pointers (caller frees the
 * array only); NULL on allocation failure. */
static const char **sorted_codes(const struct notice_set *set, size_t *n)
{
    size_t total = 0, k = 0;
    const char **v;

    for (size_t i = 0; i < set->n; i++)
        total += set->v[i].n_programs;
    v = malloc((total ? total : 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < set->n; i++)
        for (size_t j = 0; j < set->v[i].n_programs; j++)
            v[k++] = set->v[i].programs[j].code;
    *n = rc_sort_unique_strings(v, k);
    return v;
}

/* Output gathered in a buffer and written in large blocks: thousands of
 * small stdio calls cost more than the JSON itself. */
struct jout {
    FILE *fp;
    char buf[65536];
    size_t len;
};

static void jflush(struct jout *o)
{
    if (o->len)
        fwrite(o->buf, 1, o->len, o->fp);
    o->len = 0;
}

static void jput(struct jout *o, const char *s, size_t n)
{
    while (n > 0) {
        size_t room = sizeof o->buf - o->len, k = n < room ? n : room;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
        if (o->len == sizeof o->buf)
            jflush(o);
    }
}

static void jputs(struct jout *o, const char *s)
{
    jput(o, s, strlen(s));
}

/* A JSON string (escaped as jansson escapes, invalid UTF-8 replaced as
 * str_or_null does) or null. */
static void put_str(struct jout *o, const char *s)
{
    char *fixed;
    const unsigned char *p, *run;
    char esc[8];

    s = valid_utf8(s, &fixed);
    p = (const unsigned char *)s;
    if (s == NULL) {
        jput(o, "null", 4);
        return;
    }
    jput(o, "\"", 1);
    while (*p) {
        run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\')
            p++;
        jput(o, (const char *)run, (size_t)(p - run));
        if (*p == '\0')
            break;
        switch (*p) {
        case '"': jput(o, "\\\"", 2); break;
        case '\\': jput(o, "\\\\", 2); break;
        case '\b': jput(o, "\\b", 2); break;
        case '\f': jput(o, "\\f", 2); break;
        case '\n': jput(o, "\\n", 2); break;
        case '\r': jput(o, "\\r", 2); break;
        case '\t': jput(o, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", *p);
            jputs(o, esc);
        }
        p++;
    }
    jput(o, "\"", 1);
    g_free(fixed);
}

static void put_member(struct jout *o, const char *indent, const char *key,
                       const char *value, bool last)
{
    jputs(o, indent);
    jput(o, "\"", 1);
    jputs(o, key);
    jput(o, "\": ", 3);
    put_str(o, value);
    jputs(o, last ? "\n" : ",\n");
}

static void put_notice(struct jout *o, const struct notice *n)
{
    const char *in = "      ";

    jputs(o, "    {\n");
    put_member(o, in, "source", n->source, false);
    put_member(o, in, "message_id", n->message_id, false);
    put_member(o, in, "subject", n->subject, false);
    put_member(o, in, "date", n->date, false);
    put_member(o, in, "release", n->release, false);
    jputs(o, "      \"programs\": [");
    for (size_t i = 0; i < n->n_programs; i++) {
        jputs(o, i ? ",\n        {\n" : "\n        {\n");
        put_member(o, "          ", "code", n->programs[i].code, false);
        put_member(o, "          ", "name", n->programs[i].name, true);
        jputs(o, "        }");
    }
    jputs(o, n->n_programs ? "\n      ]\n    }" : "]\n    }");
}

int notice_set_write_json(FILE *fp, const struct notice_set *set)
{
    size_t n = 0;
    const char **codes = sorted_codes(set, &n);
    struct jout *o = malloc(sizeof *o);

    if (codes == NULL || o == NULL) {
        free(codes);
        free(o);
        return RC_ENOMEM;
    }
    o->fp = fp;
    o->len = 0;
    jputs(o, "{\n  \"notices\": [");
    for (size_t i = 0; i < set->n; i++) {
        jputs(o, i ? ",\n" : "\n");
        put_notice(o, &set->v[i]);
    }
    jputs(o, set->n ? "\n  ],\n  \"programs\": [" : "],\n  \"programs\": [");
    for (size_t i = 0; i < n; i++) {
        jputs(o, i ? ",\n    " : "\n    ");
        put_str(o, codes[i]);
    }
    jputs(o, n ? "\n  ]\n}\n" : "]\n}\n");
    jflush(o);
    free(o);
    free(codes);
    return 0;
}
