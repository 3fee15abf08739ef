/*
 * The `record` job (SPEC section 4): open the workspace and the
 * environment, take the suites named (all when none), plan and check the
 * budget, and run the replay driver with the recorder (recorder.h) as its
 * callback, which writes the fixtures.
 *
 * Layering: cmd_record.c turns options into a struct record_opts (the one
 * place where CLI options become engine options) and prints; this module
 * never prints. A struct record_state owns what it holds;
 * record_state_release frees it.
 */
#ifndef RC_RECORD_H
#define RC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "config/workspace.h"
#include "core/error.h"
#include "core/strvec.h"
#include "record/recorder.h"
#include "redact/redact.h"
#include "replay/replay.h"

struct record_opts {
    const char *config;             /* --config, or NULL to search */
    const char *env;                /* environment name */
    const struct strvec *suites;    /* --suite names (none: all) */
    int repeat;                     /* sendings of GET/HEAD calls */
    struct replay_overrides replay; /* --jobs, --rate, ... */
    bool update, over_budget, dry_run;
    bool noise_only;                /* --noise-only: learn noise for the
                                       fixtures there are, baselines
                                       kept */
    volatile int *stop;             /* set on SIGINT/SIGTERM */
    /* called after each result (for the terminal line); may be NULL */
    void (*progress)(void *ctx, const struct recorder *r);
    void *progress_ctx;
};

/* Fills o with the defaults (repeat 2, no override). */
void record_opts_init(struct record_opts *o);

struct record_state {
    struct workspace ws;
    const struct suite **suites;    /* borrowed from ws */
    size_t n;
    struct environment *env;
    struct replay_opts ro;
    struct replay_plan plan;        /* the plan (dry run: all there is) */
    bool planned_only;              /* --dry-run: nothing was sent */
    struct strvec done;             /* SUITE/CALL kept (fixture exists) */
    struct recorder rec;            /* entries: what happened to each call */
    bool have_entries;
    struct redact_key key;
    struct replay_totals totals;
};

/*
 * Runs the whole job; with o->noise_only, only the noise of existing
 * fixtures is learned (recorder.h). Returns 0 when every selected call has an outcome
 * (failed calls are entries, not an error; st->rec.counts says how many),
 * RC_EINTR when stopped (the entries so far are kept), or an RC_E* error:
 * RC_EUSAGE/RC_ECONFIG for options, configuration and budget refusals,
 * all before any request; RC_EENV when the replay could not start.
 * st is always initialised; release it.
 */
int record_execute(struct record_state *st, const struct record_opts *o,
                   struct strvec *warnings, struct rc_error *err);

void record_state_release(struct record_state *st);

#endif
