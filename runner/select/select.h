/*
 * Suite selection from changed programs (SPEC section 7): every suite
 * whose `programs` match a changed program by code or glob, or hold "*",
 * is selected, with `because` saying which changed programs selected it;
 * a changed program is covered only by a suite naming it by code or glob
 * ("*" suites run always but cover nothing, so they never hide a gap).
 * `relcheck select` and `run --notice` share this module. A selection
 * borrows the suites (the suite_set must outlive it) and owns the rest;
 * selection_release frees it.
 */
#ifndef RC_SELECT_H
#define RC_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "config/suite.h"
#include "core/error.h"
#include "core/strvec.h"

struct selected_suite {
    const struct suite *suite;   /* borrowed from the suite_set */
    struct strvec because;       /* sorted changed codes matched by code or
                                    glob; just "*" when only "*" selected it */
};

struct selection {
    struct selected_suite *v;    /* in suite-name order */
    size_t n;
    struct strvec programs;      /* the changed programs, sorted, unique */
    struct strvec coverage_gaps; /* changed programs no suite covers */
    struct strvec unselected;    /* names of suites not selected */
};

/*
 * Selects from suites for the changed programs (codes; copied, sorted and
 * made unique). An empty list of programs is RC_EINPUT: an empty
 * selection must never look like a green run. Returns 0, RC_EINPUT or
 * RC_ENOMEM; on failure sel is released.
 */
int select_suites(struct selection *sel, const struct suite_set *suites,
                  const struct strvec *programs, struct rc_error *err);

void selection_release(struct selection *sel);

/* Whether entry (a code, glob or "*") of a suite matches code. */
bool select_entry_matches(const char *entry, const char *code);

/*
 * {"programs":[...],"suites":[{"name","programs","because"}],
 *  "coverage_gaps":[...],"unselected":[...]} — new reference, NULL on
 * allocation failure. `relcheck select --json` adds "notices" to it.
 */
json_t *selection_to_json(const struct selection *sel);

#endif
