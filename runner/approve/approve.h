/*
 * Accepting what a run found (`relcheck approve`, SPEC section 4): by
 * default the run's responses (responses/SUITE/CALL.json, fixture format)
 * become the new baselines in the fixtures folder, keeping each fixture's
 * noise; with as_noise the chosen fields are added to the fixtures' noise
 * instead. Narrowed by suites, calls and fields. Everything is checked
 * before the first fixture is written, and each fixture is replaced
 * atomically. The changes are returned as JSON for the command to print.
 */
#ifndef RC_APPROVE_H
#define RC_APPROVE_H

#include <stdbool.h>

#include <jansson.h>

#include "config/suite.h"
#include "core/error.h"
#include "core/strvec.h"
#include "history/history.h"
#include "result/result.h"

struct approve_opts {
    const char *fixtures_dir;     /* the workspace's fixtures folder */
    const struct strvec *suites;  /* names; NULL or empty: every suite */
    const struct strvec *calls;   /* "ID" or "SUITE/ID"; empty: every call */
    const struct strvec *fields;  /* fields as the run reports them */
    bool as_noise;
    bool incomplete;              /* accept a run that did not complete */
    const char *history_path;     /* history.jsonl; NULL: keep no record */
    const struct history_stamp *stamp;  /* who, when, why (with history) */
    const struct suite_set *workspace;  /* the workspace's suites: a run
                                           folder is untrusted, so each of
                                           its suites and calls must be
                                           one of these */
};

/*
 * Applies the run r to the fixtures under opts->fixtures_dir. *changes receives
 * a new array of {"suite","call","fixture","action":"baseline|noise",
 * "fields":[...]} (the caller's), one per fixture written. With a
 * history_path, each fixture written is followed by its history line
 * (SPEC section 12), so a failure half way leaves the history telling
 * exactly which fixtures changed. A call left
 * out on purpose (it differs in fields that were not chosen; it has no
 * response) is a warning. Fails with RC_EINPUT for a run naming a suite or
 * call that is not in opts->workspace (or breaks the name rule of
 * fs_name_ok), for an incomplete run
 * (unless opts->incomplete) or a missing or broken response file, before
 * anything is written.
 */
int approve_run(json_t **changes, struct result *r,
                const struct approve_opts *opts, struct strvec *warnings,
                struct rc_error *err);

#endif
