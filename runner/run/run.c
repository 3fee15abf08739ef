/*
 * The run pipeline (see run.h): select, plan, record the run's intent in
 * run.json, replay with a judge per call appending to calls.jsonl, then
 * build result.json and the reports.
 */
#include "run/run.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/workspace.h"
#include "core/fsutil.h"
#include "report/report.h"
#include "run/judge.h"
#include "run/runlog.h"
#include "run/runsel.h"

void run_opts_init(struct run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->fail_on = -1;
    o->save_responses = -1;
    replay_overrides_init(&o->replay);
    o->budget = -1;
    o->shard_k = 1;
    o->shard_n = 1;
}

void run_state_release(struct run_state *st)
{
    free(st->dir);
    free(st->environment);
    free(st->history);
    strvec_release(&st->selected);
    strvec_release(&st->programs);
    strvec_release(&st->gaps);
    strvec_release(&st->written);
    if (st->have_result)
        result_release(&st->result);
    memset(st, 0, sizeof *st);
}

int run_parse_shard(int *k, int *n, const char *text, struct rc_error *err)
{
    char *end = NULL;
    long a = strtol(text, &end, 10), b;

    if (end == text || *end != '/')
        goto bad;
    text = end + 1;
    b = strtol(text, &end, 10);
    if (end == text || *end != '\0' || a < 1 || b < 1 || a > b || b > 10000)
        goto bad;
    *k = (int)a;
    *n = (int)b;
    return 0;
bad:
    return rc_error_set(err, RC_EUSAGE, "run", "bad shard '%s' (K/N with "
                        "1 <= K <= N)", text);
}

/* Everything one run needs while it replays. */
struct run_ctx {
    const struct run_opts *o;
    struct run_state *st;
    struct judge judge;
    struct runlog log;
    struct rc_error err;     /* first failure inside the callback */
    int failed;
    size_t done, total, failures;
    long calls_sent;
    struct timespec t0;
};

static double since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec)
           + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Replay callback: judge the call, append its line, report progress. */
static void on_call(void *ctx, const struct replay_result *r)
{
    struct run_ctx *c = ctx;
    json_t *line = NULL;
    const char *outcome;
    struct run_progress p;

    if (c->failed)
        return;
    if (judge_call(&line, &c->judge, r, &c->err) < 0
        || runlog_append(&c->log, line, &c->err) < 0) {
        c->failed = 1;
        if (c->o->stop)
            *c->o->stop = 1;   /* the run folder is failing: stop starting */
        json_decref(line);
        return;
    }
    outcome = json_string_value(json_object_get(line, "outcome"));
    c->done++;
    c->calls_sent += r->sent;
    if (outcome && (strcmp(outcome, "error") == 0
                    || strcmp(outcome, "changed") == 0))
        c->failures++;
    json_decref(line);
    if (c->o->progress) {
        p.done = c->done;
        p.total = c->total;
        p.failures = c->failures;
        p.calls_sent = c->calls_sent;
        p.elapsed = since(&c->t0);
        c->o->progress(c->o->progress_ctx, &p);
    }
}

static void replay_options(struct replay_opts *ro, const struct run_opts *o,
                           const struct config *cfg)
{
    replay_opts_from_config(ro, cfg);
    replay_opts_override(ro, &o->replay);
    if (o->budget >= 0)
        ro->monthly_calls = o->budget;
    ro->over_budget = o->over_budget;
    ro->repeat = 1;
    ro->command = "run";
    ro->stop = o->stop;
}

/* Replays the selection into the open run folder. */
static int replay_calls(struct run_ctx *c, struct workspace *ws,
                        struct environment *env, struct run_sel *sel,
                        struct replay_opts *ro, struct strvec *warnings,
                        struct rc_error *err)
{
    struct replay_totals totals;
    int rc;

    memset(&totals, 0, sizeof totals);
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    rc = replay_execute(&ws->cfg, env, (const struct suite *const *)sel->v,
                        sel->n, ro, on_call, c, &totals, warnings, err);
    if (c->failed)
        return rc_error_set(err, c->err.code, c->err.where, "%s",
                            c->err.message);
    if (rc < 0 && rc != RC_EINTR)
        return rc;
    c->st->interrupted = rc == RC_EINTR || totals.interrupted;
    return run_sel_record_sent(c->st->dir, totals.calls_sent, err);
}

/* Builds result.json and the reports from the run folder alone (the
 * workspace is released by then, so the peak memory of a large run is the
 * result model's, not the suites' plus the model's). */
static int build_result(struct run_state *st, unsigned formats,
                        struct strvec *warnings, struct rc_error *err)
{
    struct result_load_opts lo;
    int rc;

    memset(&lo, 0, sizeof lo);
    lo.interrupted = st->interrupted;
    lo.history = st->history;
    rc = report_build(&st->result, st->dir, &lo, formats, warnings, err);
    st->have_result = rc == 0;
    return rc;
}

int run_execute(struct run_state *st, const struct run_opts *o,
                struct strvec *warnings, struct rc_error *err)
{
    struct workspace ws;
    struct environment *env = NULL;
    struct run_sel sel;
    struct replay_opts ro;
    struct run_ctx c;
    unsigned formats = 0;
    bool built = false;
    int rc;

    memset(st, 0, sizeof *st);
    memset(&c, 0, sizeof c);
    memset(&sel, 0, sizeof sel);
    c.o = o;
    c.st = st;
    c.log.fd = -1;
    if ((rc = workspace_open(&ws, o->config, warnings, err)) != 0)
        return rc;
    if ((rc = run_sel_make(&sel, &ws, o, warnings, err)) != 0
        || (rc = config_env_get(&env, &ws.cfg, sel.environment, warnings,
                                err)) != 0)
        goto done;
    st->environment = strdup(env->name);
    st->history = ws.cfg.history_path ? strdup(ws.cfg.history_path) : NULL;
    replay_options(&ro, o, &ws.cfg);
    ro.done = &sel.done;
    rc = replay_plan(&st->plan, &ws.cfg, env,
                     (const struct suite *const *)sel.v, sel.n, &ro,
                     warnings, err);
    if (rc == 0)
        rc = run_sel_export(st, &sel);
    if (rc || o->dry_run) {
        st->planned_only = rc == 0;
        goto done;
    }
    if (st->plan.over && !o->over_budget) {
        rc = rc_error_set(err, RC_ECONFIG, "budget", "the run plans %ld "
                          "calls, %ld are used in %s and the budget is %ld a "
                          "month: refused before sending anything (use "
                          "--over-budget to send anyway)", st->plan.requests,
                          st->plan.used, st->plan.month,
                          st->plan.monthly_calls);
        goto done;
    }
    c.total = st->plan.calls - st->plan.skipped_done;  /* with an outcome */
    if ((rc = run_sel_open_dir(st, &sel, &ws, o, err)) != 0
        || (rc = judge_init(&c.judge, &ws.cfg, env, st->dir, sel.save,
                            warnings, err)) != 0
        || (rc = runlog_open(&c.log, st->dir, err)) != 0)
        goto done;
    rc = replay_calls(&c, &ws, env, &sel, &ro, warnings, err);
    formats = sel.formats;
    built = rc == 0;
done:
    runlog_close(&c.log);
    judge_release(&c.judge);
    run_sel_release(&sel);
    workspace_release(&ws);
    if (built)
        rc = build_result(st, formats, warnings, err);
    return rc;
}
