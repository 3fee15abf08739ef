/*
 * The index table (see itab.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/itab.h"

int itab_reserve(struct itab *t, size_t n, itab_hash_fn hash,
                 const void *ctx)
{
    size_t want = 16, *slot;

    while (want < n * 2) {
        if (want > SIZE_MAX / 4 / sizeof *slot)
            return RC_ENOMEM;
        want *= 2;
    }
    if (want <= t->n_slot)
        return 0;
    if ((slot = malloc(want * sizeof *slot)) == NULL)
        return RC_ENOMEM;
    memset(slot, 0xff, want * sizeof *slot);   /* ITAB_EMPTY */
    for (size_t i = 0; i < t->n_slot; i++) {
        size_t idx = t->slot[i], k;
        if (idx == ITAB_EMPTY)
            continue;
        k = (size_t)hash(ctx, idx) & (want - 1);
        while (slot[k] != ITAB_EMPTY)
            k = (k + 1) & (want - 1);
        slot[k] = idx;
    }
    free(t->slot);
    t->slot = slot;
    t->n_slot = want;
    return 0;
}

void itab_release(struct itab *t)
{
    free(t->slot);
    t->slot = NULL;
    t->n_slot = 0;
}
