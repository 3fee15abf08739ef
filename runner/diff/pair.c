/*
 * Pairing by value (see internal.h): the groups of equal values behind
 * renames (a removed and an added member holding the same value, SPEC
 * section 6) and reorders (two arrays holding the same multiset), and
 * the JSON value hash they use. Nothing here knows paths or rules; the
 * callers in json.c and xml.c decide which items take part.
 *
 * Cost: diff_json_hash visits each node of a value once; the groups sit
 * in a core/itab table of at least 2n slots for n items, so adding an
 * item costs O(1) expected probes, and an equality test runs only between values of one hash.
 * Grouping n values of total size S is thus O(n + S) expected, never the
 * O(n^2) of comparing every removed value with every added one.
 */
#include "diff/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/itab.h"

/* ---- the JSON hash ------------------------------------------------------ */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_scalar(const json_t *v, uint64_t h)
{
    if (json_is_string(v))
        return rc_fnv1a64(h, json_string_value(v), json_string_length(v));
    if (json_is_integer(v))
        return h ^ (uint64_t)json_integer_value(v);
    if (json_is_real(v)) {
        double d = json_real_value(v);
        uint64_t bits;
        if (d == 0)
            d = 0; /* -0.0 equals 0.0 */
        memcpy(&bits, &d, sizeof bits);
        return h ^ bits;
    }
    return h;
}

uint64_t diff_json_hash(const json_t *v)
{
    uint64_t h = ((uint64_t)json_typeof(v) + 1) * 0x9e3779b97f4a7c15u;

    if (json_is_object(v)) {
        /* a sum of the members' hashes: the order of members is none */
        uint64_t sum = 0;
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            uint64_t k = rc_fnv1a64(RC_FNV1A64_BASIS,
                                    json_object_iter_key(it),
                                    json_object_iter_key_len(it));
            sum += mix(k ^ diff_json_hash(json_object_iter_value(it)));
        }
        return mix(h ^ sum);
    }
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            h = mix(h * 31 + diff_json_hash(json_array_get(v, i)));
        return mix(h ^ json_array_size(v));
    }
    return mix(hash_scalar(v, h));
}

bool diff_json_renamable(const json_t *v)
{
    if (json_is_null(v) || json_is_boolean(v))
        return false;
    if (json_is_object(v))
        return json_object_size(v) > 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    return true;
}

/* ---- groups -------------------------------------------------------------- */

int diff_vgroups_init(struct vgroups *v, size_t items, diff_same_fn *same,
                      void *ctx)
{
    memset(v, 0, sizeof *v);
    v->same = same;
    v->ctx = ctx;
    v->cap = items;
    v->g = malloc((items + 1) * sizeof *v->g);
    if (v->g == NULL || itab_reserve(&v->tab, items, NULL, NULL) != 0)
        return RC_ENOMEM;
    return 0;
}

void diff_vgroups_release(struct vgroups *v)
{
    itab_release(&v->tab);
    free(v->g);
    memset(v, 0, sizeof *v);
}

/* The item looked up: its hash, side and index. */
struct vkey {
    const struct vgroups *v;
    uint64_t hash;
    int side;
    size_t idx;
};

static bool same_group(const void *ctx, size_t gi)
{
    const struct vkey *k = ctx;
    const struct vgroup *g = &k->v->g[gi];
    int s = g->first[0] != SIZE_MAX ? 0 : 1;

    return g->hash == k->hash
           && (k->v->same == NULL
               || k->v->same(k->v->ctx, s, g->first[s], k->side, k->idx));
}

size_t diff_vgroups_add(struct vgroups *v, uint64_t h, int side, size_t idx)
{
    struct vkey key = {v, h, side, idx};
    size_t i = itab_probe(&v->tab, h, same_group, &key);
    struct vgroup *g;

    if (v->tab.slot[i] == ITAB_EMPTY) {
        g = &v->g[v->n];
        g->hash = h;
        g->count[0] = g->count[1] = 0;
        g->first[0] = g->first[1] = SIZE_MAX;
        v->tab.slot[i] = v->n++;
    }
    g = &v->g[v->tab.slot[i]];
    if (g->count[side]++ == 0)
        g->first[side] = idx;
    return v->tab.slot[i];
}
