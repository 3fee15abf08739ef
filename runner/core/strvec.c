/*
 * Growable vectors of owned strings (see strvec.h).
 */
#include "core/strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

void strvec_init(struct strvec *sv)
{
    sv->v = NULL;
    sv->n = 0;
    sv->cap = 0;
}

void strvec_release(struct strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    strvec_init(sv);
}

int strvec_take(struct strvec *sv, char *s)
{
    if (s == NULL)
        return RC_ENOMEM;
    if (RC_GROW(sv->v, sv->cap, sv->n, 8) != 0) {
        free(s);
        return RC_ENOMEM;
    }
    sv->v[sv->n++] = s;
    return 0;
}

int strvec_push(struct strvec *sv, const char *s)
{
    return strvec_take(sv, strdup(s));
}

int strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        return RC_ENOMEM;
    return strvec_take(sv, s);
}

bool strvec_contains(const struct strvec *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort_unique(struct strvec *sv)
{
    size_t out = 0;

    if (sv->n == 0)
        return;
    qsort(sv->v, sv->n, sizeof *sv->v, cmp_str);
    for (size_t i = 0; i < sv->n; i++) {
        if (out > 0 && strcmp(sv->v[out - 1], sv->v[i]) == 0) {
            free(sv->v[i]);
            continue;
        }
        sv->v[out++] = sv->v[i];
    }
    sv->n = out;
}

json_t *strvec_json(const struct strvec *sv)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < sv->n; i++) {
        if (json_array_append_new(a, json_string(sv->v[i]))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}
