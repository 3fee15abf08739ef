/*
 * The one open-addressing table of the tree for entries that live in the
 * caller's own array (keyed-array elements, XML sibling groups, the diff's
 * field tally, serve's routes): the table holds only indexes into that
 * array, and the caller supplies the hash (core/hash.h) and the equality,
 * so an entry's key is never copied. Linear probing over a power-of-two
 * number of slots, kept at most half full. String keys owned by the map
 * itself use core/smap.h instead.
 */
#ifndef RC_ITAB_H
#define RC_ITAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ITAB_EMPTY SIZE_MAX

struct itab {
    size_t *slot;      /* n_slot entries: an index, or ITAB_EMPTY */
    size_t n_slot;     /* a power of two (0 before the first reserve) */
};

/* Does the caller's entry idx have the key ctx describes? */
typedef bool (*itab_eq_fn)(const void *ctx, size_t idx);
/* The hash of the caller's entry idx (to re-place it when growing). */
typedef uint64_t (*itab_hash_fn)(const void *ctx, size_t idx);

/*
 * Makes room for n entries (at least 2n slots, 16 at least). An empty
 * table only allocates; a table holding entries re-places each through
 * hash(ctx, idx) (hash may be NULL for an empty table). Returns 0 or
 * RC_ENOMEM (the table is then unchanged).
 */
int itab_reserve(struct itab *t, size_t n, itab_hash_fn hash,
                 const void *ctx);

void itab_release(struct itab *t);

/*
 * The slot whose entry eq(ctx, idx) accepts, or the empty slot where an
 * entry with hash h goes (t->slot[result] == ITAB_EMPTY). The table must
 * have been reserved. Inline so that a caller's eq is inlined too.
 */
static inline size_t itab_probe(const struct itab *t, uint64_t h,
                                itab_eq_fn eq, const void *ctx)
{
    size_t mask = t->n_slot - 1, i = (size_t)h & mask;

    while (t->slot[i] != ITAB_EMPTY && !eq(ctx, t->slot[i]))
        i = (i + 1) & mask;
    return i;
}

#endif
