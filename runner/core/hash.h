/*
 * The one FNV-1a (64-bit): offset basis 14695981039346656037, prime
 * 1099511628211, as every fnv1a64 tool computes it. Hash tables in the
 * tree (core/smap.h and the tables of diff/ and serve/) and the digest
 * a binary body shows in a diff use it; a hash over several parts
 * continues from the previous value.
 */
#ifndef RC_HASH_H
#define RC_HASH_H

#include <stddef.h>
#include <stdint.h>

#define RC_FNV1A64_BASIS 14695981039346656037ULL

/* Continues h over n bytes of data. */
uint64_t rc_fnv1a64(uint64_t h, const void *data, size_t n);

/* Continues h over the bytes of a C string. */
uint64_t rc_fnv1a64_str(uint64_t h, const char *s);

#endif
