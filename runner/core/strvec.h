/*
 * Growable vectors of owned C strings. The vector owns every string it
 * holds; strvec_release frees them all. A zeroed struct is an empty vector.
 */
#ifndef RC_STRVEC_H
#define RC_STRVEC_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

struct strvec {
    char **v;
    size_t n;
    size_t cap;
};

#define STRVEC_INIT {NULL, 0, 0}

void strvec_init(struct strvec *sv);
void strvec_release(struct strvec *sv);

/* Appends a copy of s. Returns 0 or RC_ENOMEM. */
int strvec_push(struct strvec *sv, const char *s);

/* Appends a formatted string. Returns 0 or RC_ENOMEM. */
int strvec_pushf(struct strvec *sv, const char *fmt, ...) RC_PRINTF(2, 3);

/* Appends s, taking ownership (s is freed on failure). */
int strvec_take(struct strvec *sv, char *s);

bool strvec_contains(const struct strvec *sv, const char *s);

/* Sorts with strcmp and removes duplicates. */
void strvec_sort_unique(struct strvec *sv);

/*
 * Sorts v[0..n) in strcmp order: a radix sort on each string's first 8
 * bytes read as one integer, strcmp only among strings that share those
 * 8 bytes and go on past them. Sorting tens of thousands of short codes
 * costs a fraction of qsort with strcmp.
 */
void rc_sort_strings(const char **v, size_t n);

/* Drops adjacent duplicates from the sorted v[0..n); returns the new
 * count (the strings are borrowed, nothing is freed). */
size_t rc_unique_strings(const char **v, size_t n);

/* rc_sort_strings then rc_unique_strings, deciding most duplicates on
 * the 8-byte keys without reading the strings again. */
size_t rc_sort_unique_strings(const char **v, size_t n);

/* The strings as a JSON array, in order (new reference); NULL when out
 * of memory. */
json_t *strvec_json(const struct strvec *sv);

#endif
