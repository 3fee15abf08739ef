/*
 * The one "grow an array" helper: makes room for one more element in a
 * heap array of n used elements out of *cap, doubling the capacity (first
 * allocation: `first` elements). The size is checked for overflow before
 * realloc, so a huge count fails with RC_ENOMEM instead of wrapping
 * around. On failure the array and *cap are left as they were.
 *
 *     if (RC_GROW(set->v, set->cap, set->n, 16) != 0)
 *         return RC_ENOMEM;
 *     set->v[set->n++] = x;
 */
#ifndef RC_GROW_H
#define RC_GROW_H

#include <stddef.h>

/* varr points to the array pointer (any object pointer type). Returns 0
 * (also when there is room already) or RC_ENOMEM. */
int rc_grow(void *varr, size_t *cap, size_t n, size_t elem, size_t first);

#define RC_GROW(arr, cap, n, first) \
    rc_grow(&(arr), &(cap), (n), sizeof *(arr), (first))

/* a * b, or 0 with *overflow set when it does not fit in size_t. */
size_t rc_mul_size(size_t a, size_t b, int *overflow);

#endif
