/*
 * relcheck import: suites (and, from a HAR, fixtures) made from real
 * captures: a HAR file, a Postman collection, or curl command lines
 * (SPEC section 4). The engine reads the input, makes each request a call
 * (id from method and path, URL relative to an environment's base URL,
 * credentials dropped), validates the suite by loading it back, and
 * writes it and its fixtures atomically. It never prints: what it wrote,
 * dropped and warns about comes back in struct import_result and the
 * warnings list. The result owns its strings; import_result_release
 * frees them.
 */
#ifndef RC_IMPORT_H
#define RC_IMPORT_H

#include <stdbool.h>

#include "config/config.h"
#include "core/error.h"
#include "core/strvec.h"

enum import_kind { IMPORT_HAR, IMPORT_POSTMAN, IMPORT_CURL };

struct import_opts {
    enum import_kind kind;
    const char *file;              /* HAR or Postman file; for
                                      IMPORT_CURL a file of curl lines */
    const struct strvec *curl;     /* curl command lines (IMPORT_CURL) */
    const char *suite;             /* suite name; NULL: from the input */
    const char *env;               /* environment; NULL: any base URL */
    const char *programs;          /* "VFAFAC,VFA*"; NULL: "*" */
    bool force;                    /* overwrite an existing suite */
    bool append;                   /* add the calls to an existing suite
                                      (ids kept unique; calls it already
                                      has are not added again) */
};

struct import_result {
    char *suite;                   /* suite name written */
    char *suite_path;              /* absolute path of the suite file */
    size_t calls;                  /* calls in the suite */
    size_t added;                  /* of them, added by this import */
    struct strvec fixtures;        /* absolute paths of fixtures written */
    struct strvec dropped;         /* "header 'Authorization' of call 'x'" */
    struct import_result *next;    /* the next suite of a Postman
                                      collection with folders, or NULL */
};

/* "har", "postman", "curl" to a kind; -1 when unknown. */
int import_kind_parse(const char *name);

/*
 * Runs one import into the workspace of cfg (borrowed). Fails with
 * RC_EUSAGE (bad option, suite exists without force), RC_EINPUT (bad
 * input file, file:line:column for malformed JSON; nothing to import),
 * RC_ECONFIG (unknown environment) or RC_EIO; nothing is written then
 * unless err says a fixture failed after the suite was written. Warnings
 * ("WHERE: WHAT") go to warnings. out is the caller's to release, also
 * on failure.
 */
int import_run(struct import_result *out, struct config *cfg,
               const struct import_opts *o, struct strvec *warnings,
               struct rc_error *err);

void import_result_release(struct import_result *r);

#endif
