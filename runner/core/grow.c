/*
 * Growing heap arrays with overflow checks (see grow.h).
 */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

size_t rc_mul_size(size_t a, size_t b, int *overflow)
{
    if (b != 0 && a > SIZE_MAX / b) {
        *overflow = 1;
        return 0;
    }
    return a * b;
}

int rc_grow(void *varr, size_t *cap, size_t n, size_t elem, size_t first)
{
    void *old, *arr;
    size_t want, bytes;
    int over = 0;

    if (n < *cap)
        return 0;
    if (*cap == 0)
        want = first ? first : 1;
    else
        want = rc_mul_size(*cap, 2, &over);
    bytes = rc_mul_size(want, elem, &over);
    if (over || want <= n)
        return RC_ENOMEM;
    memcpy(&old, varr, sizeof old);   /* the array pointer, whatever type */
    arr = realloc(old, bytes);
    if (arr == NULL)
        return RC_ENOMEM;
    memcpy(varr, &arr, sizeof arr);
    *cap = want;
    return 0;
}
