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

/* A string or null; NULL when allocation fails. */
static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *notice_json(const struct notice *n)
{
    json_t *progs = json_array();
    json_t *o;

    for (size_t i = 0; progs && i < n->n_programs; i++) {
        json_t *p = json_object();
        if (p == NULL ||
            json_object_set_new(p, "code", json_string(n->programs[i].code)) ||
            json_object_set_new(p, "name", str_or_null(n->programs[i].name)) ||
            json_array_append_new(progs, p)) {
            json_decref(progs);
            return NULL;
        }
    }
    o = json_object();
    if (o == NULL || progs == NULL ||
        json_object_set_new(o, "source", json_string(n->source)) ||
        json_object_set_new(o, "message_id", str_or_null(n->message_id)) ||
        json_object_set_new(o, "subject", str_or_null(n->subject)) ||
        json_object_set_new(o, "date", str_or_null(n->date)) ||
        json_object_set_new(o, "release", str_or_null(n->release)) ||
        json_object_set_new(o, "programs", progs)) {
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

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
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
    qsort(v, k, sizeof *v, by_str);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        if (*n == 0 || strcmp(v[*n - 1], v[i]) != 0)
            v[(*n)++] = v[i];
    return v;
}

/* A JSON string (escaped as jansson escapes) or null; plain runs are
 * written in one call. */
static void put_str(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run;

    if (s == NULL) {
        fputs_unlocked("null", fp);
        return;
    }
    putc_unlocked('"', fp);
    while (*p) {
        run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            fwrite_unlocked(run, 1, (size_t)(p - run), fp);
        if (*p == '\0')
            break;
        switch (*p) {
        case '"': fputs_unlocked("\\\"", fp); break;
        case '\\': fputs_unlocked("\\\\", fp); break;
        case '\b': fputs_unlocked("\\b", fp); break;
        case '\f': fputs_unlocked("\\f", fp); break;
        case '\n': fputs_unlocked("\\n", fp); break;
        case '\r': fputs_unlocked("\\r", fp); break;
        case '\t': fputs_unlocked("\\t", fp); break;
        default: fprintf(fp, "\\u%04X", *p);
        }
        p++;
    }
    putc_unlocked('"', fp);
}

static void put_member(FILE *fp, const char *indent, const char *key,
                       const char *value, bool last)
{
    fprintf(fp, "%s\"%s\": ", indent, key);
    put_str(fp, value);
    fputs(last ? "\n" : ",\n", fp);
}

static void put_notice(FILE *fp, const struct notice *n)
{
    const char *in = "      ";

    fputs("    {\n", fp);
    put_member(fp, in, "source", n->source, false);
    put_member(fp, in, "message_id", n->message_id, false);
    put_member(fp, in, "subject", n->subject, false);
    put_member(fp, in, "date", n->date, false);
    put_member(fp, in, "release", n->release, false);
    fputs("      \"programs\": [", fp);
    for (size_t i = 0; i < n->n_programs; i++) {
        fputs(i ? ",\n        {\n" : "\n        {\n", fp);
        put_member(fp, "          ", "code", n->programs[i].code, false);
        put_member(fp, "          ", "name", n->programs[i].name, true);
        fputs("        }", fp);
    }
    fputs(n->n_programs ? "\n      ]\n    }" : "]\n    }", fp);
}

int notice_set_write_json(FILE *fp, const struct notice_set *set)
{
    size_t n = 0;
    const char **codes = sorted_codes(set, &n);

    if (codes == NULL)
        return RC_ENOMEM;
    fputs("{\n  \"notices\": [", fp);
    for (size_t i = 0; i < set->n; i++) {
        fputs(i ? ",\n" : "\n", fp);
        put_notice(fp, &set->v[i]);
    }
    fputs(set->n ? "\n  ],\n  \"programs\": [" : "],\n  \"programs\": [", fp);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n    " : "\n    ", fp);
        put_str(fp, codes[i]);
    }
    fputs(n ? "\n  ]\n}\n" : "]\n}\n", fp);
    free(codes);
    return 0;
}
