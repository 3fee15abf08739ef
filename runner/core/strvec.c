/*
 * Growable vectors of owned strings (see strvec.h).
 */
#include "core/strvec.h"

#include <stdarg.h>
#include <stdint.h>
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
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A string with its first 8 bytes as a big-endian integer (zero-padded
 * after the NUL), so integer order is strcmp order on those bytes. */
struct skey {
    uint64_t k;
    const char *s;
};

static uint64_t prefix_key(const char *s)
{
    uint64_t k = 0;

    for (int i = 0; i < 8; i++) {
        unsigned char c = (unsigned char)s[i];
        k = k << 8 | c;
        if (c == 0)
            return k << (8 * (7 - i));
    }
    return k;
}

/* Strings of equal key that go on past the 8 bytes: by the rest. */
static int cmp_tail(const void *a, const void *b)
{
    const struct skey *x = a, *y = b;

    return strcmp(x->s + 8, y->s + 8);
}

/*
 * Sorts a[0..n) by key: a least-significant-byte-first radix sort, one
 * counting pass a byte (a byte that is the same in every key is
 * skipped), so O(n) whatever the strings. Returns the array that holds
 * the result (a or tmp).
 */
static struct skey *radix_sort(struct skey *a, struct skey *tmp, size_t n)
{
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0}, pos = 0;
        struct skey *t;

        for (size_t i = 0; i < n; i++)
            count[(a[i].k >> shift) & 0xff]++;
        if (count[(a[0].k >> shift) & 0xff] == n)
            continue;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[(a[i].k >> shift) & 0xff]++] = a[i];
        t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

size_t rc_unique_strings(const char **v, size_t n)
{
    size_t out = 0;

    for (size_t i = 0; i < n; i++)
        if (out == 0 || strcmp(v[out - 1], v[i]) != 0)
            v[out++] = v[i];
    return out;
}

/* Sorts v[0..n); with unique, drops duplicates and returns the new
 * count. Equal strings have equal keys, and strings of equal key that
 * end within the 8 bytes are equal, so most comparisons never read the
 * strings again. */
static size_t sort_strings(const char **v, size_t n, bool unique)
{
    struct skey *k, *s;
    size_t out = 0;

    if (n < 2)
        return n;
    k = n <= SIZE_MAX / (2 * sizeof *k) ? malloc(2 * n * sizeof *k) : NULL;
    if (k == NULL) {          /* no room for the keys: the plain way */
        qsort(v, n, sizeof *v, cmp_str);
        return unique ? rc_unique_strings(v, n) : n;
    }
    for (size_t i = 0; i < n; i++) {
        k[i].k = prefix_key(v[i]);
        k[i].s = v[i];
    }
    s = radix_sort(k, k + n, n);
    /* Equal keys: when the last byte is 0 the strings ended within the 8
     * bytes and are equal; else each run of them is sorted by the rest. */
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && s[j].k == s[i].k; j++)
            ;
        if (j - i > 1 && (s[i].k & 0xff) != 0)
            qsort(s + i, j - i, sizeof *s, cmp_tail);
    }
    for (size_t i = 0; i < n; i++) {
        if (unique && out > 0 && s[i].k == s[i - 1].k &&
            ((s[i].k & 0xff) == 0 || strcmp(s[i].s, v[out - 1]) == 0))
            continue;
        v[out++] = s[i].s;
    }
    free(k);
    return out;
}

void rc_sort_strings(const char **v, size_t n)
{
    sort_strings(v, n, false);
}

size_t rc_sort_unique_strings(const char **v, size_t n)
{
    return sort_strings(v, n, true);
}

void strvec_sort_unique(struct strvec *sv)
{
    size_t out = 0;

    if (sv->n == 0)
        return;
    rc_sort_strings((const char **)sv->v, sv->n);
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
