/*
 * FNV-1a, 64-bit (see hash.h).
 */
#include "core/hash.h"

#define FNV1A64_PRIME 1099511628211ULL

uint64_t rc_fnv1a64(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * FNV1A64_PRIME;
    return h;
}

uint64_t rc_fnv1a64_str(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * FNV1A64_PRIME;
    return h;
}
