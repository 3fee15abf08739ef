/*
 * Which suites a run replays, and against what: from notices (suites whose
 * programs match a changed program), from names, or all; cut to a shard;
 * or, for --resume, taken back from the run folder together with the
 * calls that already have an outcome. A struct run_sel borrows the
 * suites from the workspace and owns everything else it holds.
 */
#ifndef RC_RUNSEL_H
#define RC_RUNSEL_H

#include <jansson.h>

#include "config/workspace.h"
#include "core/error.h"
#include "core/strvec.h"
#include "run/judge.h"
#include "run/run.h"

struct run_sel {
    const struct suite **v;   /* selected suites, sorted by name */
    json_t **because;         /* per suite: array of program codes */
    size_t n;
    char *environment;
    struct strvec programs;   /* changed programs from the notices */
    struct strvec gaps;       /* changed programs no suite covers */
    json_t *notices;          /* notice --json "notices" array */
    struct strvec done;       /* resume: "SUITE/CALL" with an outcome */
    json_t *resumed;          /* resume: run.json as it was */
    char shard[32];           /* "K/N" */
    const char *fail_on;      /* "breaking", "changed" or "any" */
    enum judge_save save;     /* --save-responses */
    unsigned formats;
    struct mailbox mailbox;   /* notice.mailbox, when a source */
    struct strvec mark;       /* sources of the notices read from it */
    bool no_new_notice;       /* --new and the mailbox had none */
};

/* Builds the selection from o (see run.h). Errors are RC_EUSAGE (bad
 * combination of --notice/--suite/--all, unknown suite), RC_EINPUT (a
 * notice without programs), RC_ECONFIG. */
int run_sel_make(struct run_sel *sel, struct workspace *ws,
                   const struct run_opts *o, struct strvec *warnings,
                   struct rc_error *err);
void run_sel_release(struct run_sel *sel);

/* Copies names, programs and gaps into st (for the caller's printing). */
int run_sel_export(struct run_state *st, const struct run_sel *sel);

/*
 * Creates (or, resuming, reuses) the run folder into st->dir and, for a
 * new run, writes run.json: {"format":1, "relcheck", "id", "environment",
 * "started_at", "shard", "fail_on", "save_responses", "formats",
 * "selection", "notices",
 * "programs", "coverage_gaps", "suites":[{"name","programs","because",
 * "calls":[{"id","method","path"}]}], "options"}.
 */
int run_sel_open_dir(struct run_state *st, struct run_sel *sel,
                       const struct workspace *ws, const struct run_opts *o,
                       struct rc_error *err);

/* Adds calls_sent to run.json's "calls_sent" (rewritten atomically). */
int run_sel_record_sent(const char *dir, long calls_sent,
                          struct rc_error *err);

#endif
