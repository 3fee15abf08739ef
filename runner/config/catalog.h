/*
 * The optional program catalog, programs.json (SPEC section 3): program
 * codes with their names and aliases. The catalog owns everything in it.
 */
#ifndef RC_CATALOG_H
#define RC_CATALOG_H

#include <stddef.h>

#include "core/error.h"
#include "core/strvec.h"

struct program {
    char *code;
    char *name;            /* may be NULL */
    struct strvec aliases;
};

struct catalog {
    struct program *v;     /* sorted by code */
    size_t n;
};

/* Loads path; errors name file:line:column. An empty catalog is fine. */
int catalog_load(struct catalog *cat, const char *path,
                 struct strvec *warnings, struct rc_error *err);
void catalog_release(struct catalog *cat);

/* The program with this code (borrowed), or NULL. */
const struct program *catalog_find(const struct catalog *cat,
                                   const char *code);

#endif
