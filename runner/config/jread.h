/*
 * Typed, positioned reading of a parsed JSON workspace file. A struct jread
 * follows the loader's position in the document (a stack of member names
 * and indexes), so every error and warning names file:line:column of the
 * member concerned, found with jx_locate in the file's text. When expand
 * is set, strings are passed through ${env:}/${file:} expansion. Strings
 * returned are new allocations owned by the caller; JSON values returned
 * are borrowed from the document.
 */
#ifndef RC_JREAD_H
#define RC_JREAD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"

#define JREAD_MAX_DEPTH 32

struct jread {
    const char *file;         /* shown in messages */
    const char *text;         /* the file's bytes, for positions */
    size_t len;
    const char *base_dir;     /* for ${file:} */
    bool expand;              /* expand ${env:} and ${file:} */
    struct strvec *warnings;  /* borrowed; may be NULL */
    struct strvec *missing;   /* borrowed; when set, an unset ${env:NAME}
                                 is added here (once) and expands to ""
                                 instead of failing, so that a caller can
                                 name every missing variable at once; err
                                 then holds the error of the first one */
    struct rc_error *err;     /* borrowed */
    size_t depth;
    char comps[JREAD_MAX_DEPTH][128];
};

void jread_init(struct jread *jr, const char *file, const char *text,
                size_t len, struct strvec *warnings, struct rc_error *err);

/* Enter a member or element (the location of later messages). */
void jread_push(struct jread *jr, const char *key);
void jread_push_index(struct jread *jr, size_t i);
void jread_pop(struct jread *jr);

/* Fails with RC_ECONFIG at the current location, or at its member key
 * when key is not NULL. Returns RC_ECONFIG. */
int jread_fail(struct jread *jr, const char *key, const char *fmt, ...)
    RC_PRINTF(3, 4);

/* Appends a warning located like jread_fail. */
void jread_warn(struct jread *jr, const char *key, const char *fmt, ...)
    RC_PRINTF(3, 4);

/* A member of this name is a comment wherever members are fixed names
 * (relcheck.json's settings, a suite, a call): never read, never warned. */
#define JREAD_COMMENT "//"

/* Warns about each member of obj not in known (NULL-terminated) and not
 * a comment. */
void jread_known(struct jread *jr, const json_t *obj,
                 const char *const *known);

/* Requires the value at the current location to be an object. */
int jread_want_object(struct jread *jr, const json_t *v, const char *what);

/*
 * Member readers. A missing member leaves *out untouched and is an error
 * ("missing member 'id'") only when required. A member of the wrong type
 * is always an error ("member 'id' must be a string, not integer").
 */
int jread_string(struct jread *jr, const json_t *obj, const char *key,
                 bool required, char **out);
int jread_strings(struct jread *jr, const json_t *obj, const char *key,
                  bool required, struct strvec *out);
int jread_bool(struct jread *jr, const json_t *obj, const char *key,
               bool *out);
int jread_number(struct jread *jr, const json_t *obj, const char *key,
                 double min, double max, double *out);
int jread_object(struct jread *jr, const json_t *obj, const char *key,
                 bool required, json_t **out);

/* Expands ${env:NAME} and ${file:PATH} in s at the current location (the
 * member key names where). Returns the result in *out. */
int jread_expand(struct jread *jr, const char *key, const char *s,
                 char **out);

/* Returns a deep copy of v with every string expanded (for login bodies
 * and headers). */
int jread_expand_json(struct jread *jr, const char *key, const json_t *v,
                      json_t **out);

#endif
