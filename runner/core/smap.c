/*
 * String-keyed hash map (see smap.h): FNV-1a, linear probing.
 */
#include "core/smap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"

#define SMAP_NONE ((size_t)-1)

static uint64_t smap_hash(const char *s)
{
    return rc_fnv1a64_str(RC_FNV1A64_BASIS, s);
}

void smap_init(struct smap *m)
{
    memset(m, 0, sizeof *m);
}

void smap_release(struct smap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    smap_init(m);
}

static size_t smap_slot(char *const *keys, size_t cap, const char *key)
{
    size_t i = (size_t)(smap_hash(key) & (cap - 1));

    while (keys[i] && strcmp(keys[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

size_t smap_get(const struct smap *m, const char *key)
{
    size_t i;

    if (m->cap == 0)
        return SMAP_NONE;
    i = smap_slot(m->keys, m->cap, key);
    return m->keys[i] ? m->vals[i] : SMAP_NONE;
}

/* Doubles the table (or makes the first one). */
static int smap_grow(struct smap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    char **keys = calloc(cap, sizeof *keys);
    size_t *vals = calloc(cap, sizeof *vals);

    if (keys == NULL || vals == NULL) {
        free(keys);
        free(vals);
        return RC_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = smap_slot(keys, cap, m->keys[i]);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int smap_put(struct smap *m, const char *key, size_t val)
{
    size_t i;

    if ((m->n + 1) * 2 > m->cap && smap_grow(m) < 0)
        return RC_ENOMEM;
    i = smap_slot(m->keys, m->cap, key);
    if (m->keys[i] == NULL) {
        m->keys[i] = strdup(key);
        if (m->keys[i] == NULL)
            return RC_ENOMEM;
        m->n++;
    }
    m->vals[i] = val;
    return 0;
}
