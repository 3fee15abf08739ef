/*
 * The main job (SPEC section 7): select suites (from notices, names or
 * all), plan and check the budget, replay them against one environment
 * through the replay driver, diff every response against its fixture,
 * and keep the run folder: run.json before the first request, one line per
 * finished call in calls.jsonl, the redacted responses, and at the end
 * result.json and the reports (built by result/ and report/).
 *
 * Layering: cmd_run.c turns options into a struct run_opts (the one place
 * where CLI options become engine options) and prints; this module never
 * prints. A struct run_state owns what it holds; run_state_release frees it.
 */
#ifndef RC_RUN_H
#define RC_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/strvec.h"
#include "replay/replay.h"
#include "result/result.h"

/* Progress, reported after each finished call (for the terminal line). */
struct run_progress {
    size_t done, total, failures;
    long calls_sent;
    double elapsed;          /* seconds since the first request */
};

typedef void (*run_progress_fn)(void *ctx, const struct run_progress *p);

struct run_opts {
    const char *config;             /* --config, or NULL to search */
    const char *env;                /* environment name (not with resume) */
    const struct strvec *notices;   /* --notice sources, or NULL */
    const char *search, *user, *cacert;  /* IMAP: --search, --user,
                                            --cacert (may be NULL) */
    bool only_new;                  /* --new: notice.mailbox's unmarked
                                       messages only */
    const struct strvec *suites;    /* --suite names, or NULL */
    bool all;
    const char *out;                /* run folder, NULL: reports/DATE-ENV */
    unsigned formats;               /* FMT_* bits, 0: default */
    int fail_on;                    /* enum severity; -1: changed */
    int save_responses;             /* enum judge_save; -1: changed (or,
                                       resuming, the run's own) */
    struct replay_overrides replay; /* --jobs, --rate, ... */
    long budget;                    /* monthly calls; -1: from config */
    bool over_budget, dry_run;
    int shard_k, shard_n;           /* 1/1 when not sharded */
    const char *resume;             /* run folder to complete, or NULL */
    volatile int *stop;             /* set on SIGINT/SIGTERM */
    run_progress_fn progress;       /* may be NULL */
    void *progress_ctx;
};

void run_opts_init(struct run_opts *o);

struct run_state {
    char *dir;                      /* the run folder (absolute) */
    char *environment;
    char *history;                  /* the workspace's history file */
    struct replay_plan plan;
    struct strvec selected;         /* suite names, sorted */
    struct strvec programs;         /* changed programs (notices) */
    struct strvec gaps;             /* changed programs no suite covers */
    bool planned_only;              /* --dry-run: nothing was sent */
    bool no_new_notice;             /* --new found nothing: no run */
    size_t marked;                  /* mailbox notices marked as run */
    char mark[64];                  /* ... with this keyword */
    bool interrupted;
    struct result result;           /* loaded when have_result */
    bool have_result;
    struct strvec written;          /* report files written */
};

/*
 * Runs the whole job. Returns 0 when a result was built (its verdict is in
 * st->result; an interrupted run has st->interrupted), or an RC_E* error:
 * RC_ECONFIG/RC_EUSAGE/RC_EINPUT for configuration, selection (a notice
 * with no program, an unknown suite, an empty selection) and budget
 * refusals, all before any request; RC_EENV when the replay could not
 * start; RC_EIO for the run folder. st is always initialised; release it.
 */
int run_execute(struct run_state *st, const struct run_opts *o,
                struct strvec *warnings, struct rc_error *err);

void run_state_release(struct run_state *st);

/* Parses "K/N" (1 <= K <= N). RC_EUSAGE otherwise. */
int run_parse_shard(int *k, int *n, const char *text, struct rc_error *err);

#endif
