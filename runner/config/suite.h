/*
 * Call suites, suites/NAME.json (SPEC section 3): named, recorded sets of
 * calls tagged with the programs they touch. A suite owns its calls and
 * every string and JSON reference in them.
 */
#ifndef RC_SUITE_H
#define RC_SUITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"

struct array_key {
    char *path;   /* pattern of the array, "$.facturen" */
    char *key;    /* member that identifies an element */
};

struct capture {
    char *name;   /* variable, used as {{name}} */
    char *path;   /* path into the response, "$.id" */
};

struct call {
    char *id;            /* unique in its suite; a safe file name */
    char *method;        /* upper case */
    char *path;          /* "/facturen" or an absolute URL; may hold {{v}} */
    char *description;   /* may be NULL */
    json_t *query;       /* object of string|number|boolean, or NULL */
    json_t *headers;     /* object of strings, or NULL */
    json_t *body;        /* JSON body, or NULL */
    char *body_text;     /* text body, or NULL */
    struct strvec ignore;
    struct array_key *array_keys;
    size_t n_array_keys;
    struct capture *captures;
    size_t n_captures;
    struct strvec uses;  /* names of the {{variables}} it uses */
    struct strvec reads; /* "uses": path patterns of the response fields
                            the integration reads (SPEC section 11),
                            each compiled once at load; the suite's
                            come on top (suite.reads) */
    bool teardown;       /* from the suite's "teardown": runs after the
                            other calls, never diffed, no fixture */
};

struct suite {
    char *name;
    char *file;          /* absolute path */
    char *description, *purpose, *reason;   /* may be NULL */
    struct strvec attention;
    struct strvec programs;  /* codes, globs, or "*" */
    struct strvec reads;     /* "uses" for all its calls */
    struct call *calls;  /* the calls, then the teardown calls */
    size_t n_calls;      /* both */
    size_t n_teardown;   /* the last n_teardown of calls */
    bool ordered;        /* has captures: calls run in order */
    struct strvec env_vars;  /* {{variables}} no earlier call captures:
                                they come from the environment's vars */
};

struct suite_set {
    struct suite *v;     /* sorted by name */
    size_t n;
};

/* Loads and validates one suite file (see docs/formats.md for the rules).
 * On failure s is released and err names file:line:column. */
int suite_load(struct suite *s, const char *path, struct strvec *warnings,
               struct rc_error *err);
void suite_release(struct suite *s);

/* Loads every dir/NAME.json, sorted by name. A missing folder is an empty
 * set. Fails on the first bad suite. */
int suite_load_all(struct suite_set *set, const char *dir,
                   struct strvec *warnings, struct rc_error *err);
void suite_set_release(struct suite_set *set);

/* Lookups (borrowed results, NULL when absent). */
const struct suite *suite_find(const struct suite_set *set, const char *name);

/*
 * The one --suite resolution: the suites named (each once, sorted by
 * name), or every suite of set when names is empty, borrowed from set,
 * into a new array *out (caller frees) of *n. RC_EUSAGE naming the first
 * unknown name and dir, the folder searched; RC_ENOMEM.
 */
int suite_pick(const struct suite ***out, size_t *n,
               const struct suite_set *set, const struct strvec *names,
               const char *dir, struct rc_error *err);
const struct call *suite_call(const struct suite *s, const char *id);

/* Whether the call (with its suite) lists `uses`: without, every field
 * counts as used (SPEC section 11). */
bool call_has_reads(const struct suite *s, const struct call *c);

/* Whether the method may change data (anything but GET, HEAD, OPTIONS). */
bool call_is_write(const struct call *c);

#endif
