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

/* The strings as a JSON array, in order (new reference); NULL when out
 * of memory. */
json_t *strvec_json(const struct strvec *sv);

#endif
