/*
 * The run pipeline (see run.h): select, plan, record the run's intent in
 * run.json, replay with a judge per call appending to calls.jsonl, then
 * build result.json and the reports.
 */
#include "run/run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/workspace.h"
#include "core/fsutil.h"
#include "core/workq.h"
#include "notice/notice.h"
#include "replay/keycheck.h"
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

/* Judging threads at most (replay.workers is capped to it). */
#define MAX_WORKERS 16
/* Calls waiting for a judge at most, and their bytes beyond the first:
 * the libcurl thread waits when the judges fall behind, so memory stays
 * flat (bounded by the largest response plus this). */
#define QUEUE_JOBS 64
#define QUEUE_BYTES ((size_t)8 << 20)

/*
 * Everything one run needs while it replays. The libcurl thread only
 * copies each finished call into the queue (on_call); the workers judge
 * it, each with a judge of its own (compiled patterns are not shared
 * between threads), and append its line and report progress under mu.
 */
struct run_ctx {
    const struct run_opts *o;
    struct run_state *st;
    struct judge judges[MAX_WORKERS];
    struct strvec judge_warnings[MAX_WORKERS]; /* one per thread */
    struct strvec *warnings;  /* the run's, where they go at the end */
    int workers;
    struct workq *q;
    pthread_mutex_t mu;      /* guards what follows */
    struct runlog log;
    struct rc_error err;     /* first failure of a judge */
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

/* The first failure stops the run: no new call starts (the run folder is
 * failing). Called with mu held. */
static void fail_locked(struct run_ctx *c, const struct rc_error *err)
{
    if (!c->failed)
        c->err = *err;
    c->failed = 1;
    if (c->o->stop)
        *c->o->stop = 1;
}

/* Appends a judged call's line and reports progress. Called with mu
 * held. */
static void log_locked(struct run_ctx *c, const struct replay_result *r,
                       const json_t *line)
{
    const char *outcome = json_string_value(json_object_get(line,
                                                            "outcome"));
    struct rc_error err = {0};
    struct run_progress p;

    if (c->failed)
        return;
    if (runlog_append(&c->log, line, &err) < 0) {
        fail_locked(c, &err);
        return;
    }
    c->done++;
    c->calls_sent += r->sent;
    if (outcome && (strcmp(outcome, "error") == 0
                    || strcmp(outcome, "changed") == 0))
        c->failures++;
    if (c->o->progress) {
        p.done = c->done;
        p.total = c->total;
        p.failures = c->failures;
        p.calls_sent = c->calls_sent;
        p.elapsed = since(&c->t0);
        c->o->progress(c->o->progress_ctx, &p);
    }
}

/* A worker: judges one call (job: a replay_result copy, freed here). */
static void judge_job(void *ctx, int worker, void *job)
{
    struct run_ctx *c = ctx;
    struct replay_result *r = job;
    struct rc_error err = {0};
    json_t *line = NULL;
    int rc = c->failed ? 0 : judge_call(&line, &c->judges[worker], r, &err);

    pthread_mutex_lock(&c->mu);
    if (rc < 0)
        fail_locked(c, &err);
    else if (line)
        log_locked(c, r, line);
    pthread_mutex_unlock(&c->mu);
    json_decref(line);
    replay_result_free(r);
}

/* Replay callback, on the libcurl thread: hands a copy of the call to the
 * judges (waiting while they are QUEUE_JOBS behind). */
static void on_call(void *ctx, const struct replay_result *r)
{
    struct run_ctx *c = ctx;
    struct replay_result *copy;

    if (c->failed)
        return;
    copy = replay_result_copy(r);
    if (copy == NULL) {
        struct rc_error err = {0};

        rc_error_set(&err, RC_ENOMEM, NULL, "out of memory");
        pthread_mutex_lock(&c->mu);
        fail_locked(c, &err);
        pthread_mutex_unlock(&c->mu);
        return;
    }
    workq_push(c->q, copy, r->body_len + 1024);
}

/* One judge per worker, the queue and its threads. */
static int judges_start(struct run_ctx *c, const struct config *cfg,
                        const struct environment *env, enum judge_save save,
                        struct strvec *warnings, struct rc_error *err)
{
    int rc = 0;

    c->workers = cfg->replay.workers < 1 ? 1
                 : cfg->replay.workers > MAX_WORKERS ? MAX_WORKERS
                 : cfg->replay.workers;
    c->warnings = warnings;
    for (int i = 0; rc == 0 && i < c->workers; i++)
        rc = judge_init(&c->judges[i], cfg, env, c->st->dir, save,
                        &c->judge_warnings[i], err);
    if (rc == 0 && workq_start(&c->q, c->workers, QUEUE_JOBS, QUEUE_BYTES,
                               judge_job, c) != 0)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "cannot start the judging "
                          "threads");
    return rc;
}

/* Stops the judges and hands their warnings to the run, each once (every
 * judge warns alike about the redaction key; each call is judged by one). */
static void judges_stop(struct run_ctx *c)
{
    workq_finish(c->q);       /* every queued call is judged first */
    c->q = NULL;
    for (int i = 0; i < MAX_WORKERS; i++) {
        struct strvec *w = &c->judge_warnings[i];

        judge_release(&c->judges[i]);
        for (size_t k = 0; c->warnings && k < w->n; k++)
            if (!strvec_contains(c->warnings, w->v[k]))
                strvec_push(c->warnings, w->v[k]);
        strvec_release(w);
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
    judges_stop(c);
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
    rc = report_build(&st->result, st->dir, &lo, formats, &st->written,
                      warnings, err);
    st->have_result = rc == 0;
    return rc;
}

/*
 * A complete run from notice.mailbox marks its notices (SPEC section 5),
 * so a scheduled --new run takes each notice once. A failure to mark is a
 * warning: the run itself is done, and the next --new run reads the same
 * notices again rather than missing one.
 */
static void mark_notices(struct run_state *st, struct run_sel *sel,
                         struct strvec *warnings)
{
    struct rc_error e;

    rc_error_clear(&e);
    snprintf(st->mark, sizeof st->mark, "%s", sel->mailbox.mark);
    if (notice_mailbox_mark(&sel->mailbox, &sel->mark, &st->marked, &e) != 0)
        strvec_pushf(warnings, "%s: %s (notices not marked '%s': the next "
                     "--new run reads them again)", e.where, e.message,
                     sel->mailbox.mark);
}

int run_execute(struct run_state *st, const struct run_opts *o,
                struct strvec *warnings, struct rc_error *err)
{
    struct workspace ws;
    struct environment *env = NULL;
    struct run_sel sel;
    struct replay_opts ro;
    struct run_ctx c;
    struct redact_key key;
    unsigned formats = 0;
    bool built = false;
    int rc;

    memset(st, 0, sizeof *st);
    memset(&c, 0, sizeof c);
    memset(&sel, 0, sizeof sel);
    c.o = o;
    c.st = st;
    c.log.fd = -1;
    pthread_mutex_init(&c.mu, NULL);
    if ((rc = workspace_open(&ws, o->config, warnings, err)) != 0)
        goto done;
    if ((rc = run_sel_make(&sel, &ws, o, warnings, err)) != 0)
        goto done;
    if (sel.no_new_notice) {
        st->no_new_notice = true;
        goto done;
    }
    if ((rc = config_env_get(&env, &ws.cfg, sel.environment, warnings,
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
    if (rc == 0)
        rc = replay_key_check(&key, &ws.cfg,
                              (const struct suite *const *)sel.v, sel.n,
                              o->dry_run, warnings, err);
    if (rc || o->dry_run) {
        st->planned_only = rc == 0;
        goto done;
    }
    if (st->plan.over && !o->over_budget) {
        rc = replay_refuse(&st->plan, &ro, err);
        goto done;
    }
    c.total = st->plan.calls - st->plan.skipped_done;  /* with an outcome */
    if ((rc = run_sel_open_dir(st, &sel, &ws, o, err)) != 0
        || (rc = runlog_open(&c.log, st->dir, err)) != 0
        || (rc = judges_start(&c, &ws.cfg, env, sel.save, warnings,
                              err)) != 0)
        goto done;
    ro.key = &c.judges[0].key;      /* captured values as fixtures keep them */
    rc = replay_calls(&c, &ws, env, &sel, &ro, warnings, err);
    formats = sel.formats;
    built = rc == 0;
done:
    judges_stop(&c);
    runlog_close(&c.log);
    pthread_mutex_destroy(&c.mu);
    memset(&key, 0, sizeof key);
    workspace_release(&ws);
    if (built)
        rc = build_result(st, formats, warnings, err);
    if (built && rc == 0 && !st->interrupted && sel.mark.n > 0)
        mark_notices(st, &sel, warnings);
    run_sel_release(&sel);
    return rc;
}
