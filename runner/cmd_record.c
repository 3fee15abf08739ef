/*
 * relcheck record: record baselines (fixtures) from an environment
 * (SPEC section 4). Parses the options, opens the workspace, turns options
 * into replay options (the one place), plans and checks the budget, runs
 * the replay driver with the recorder (replay/record.h) as its callback,
 * and prints what was recorded, kept, skipped and failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cli/replay_cli.h"
#include "cmd.h"
#include "config/workspace.h"
#include "core/fsutil.h"
#include "replay/record.h"
#include "replay/replay.h"

struct record_cli {
    const char *env, *repeat;
    struct replay_cli replay;
    struct strvec suites;
    int update, over_budget, dry_run, quiet;
};

/* Command-line values override the config's replay settings. */
static int apply_options(struct replay_opts *ro, const struct record_cli *o,
                         struct rc_error *err)
{
    struct replay_overrides ov;
    double v;

    ro->repeat = 2;
    ro->command = "record";
    ro->over_budget = o->over_budget;
    if (o->repeat) {
        if (opt_number(&v, o->repeat, "repeat", 1, 100, err))
            return err->code;
        ro->repeat = (int)v;
    }
    if (replay_cli_parse(&ov, &o->replay, err) < 0)
        return err->code;
    replay_opts_override(ro, &ov);
    return 0;
}

/* The suites named with --suite (all when none), borrowed from ws. */
static int select_suites(const struct suite ***out, size_t *n,
                         const struct workspace *ws,
                         const struct strvec *names, struct rc_error *err)
{
    size_t count = names->n ? names->n : ws->suites.n;
    const struct suite **v = calloc(count ? count : 1, sizeof(*v));

    if (v == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    size_t k = 0;

    for (size_t i = 0; i < count; i++) {
        const struct suite *s = names->n ? suite_find(&ws->suites,
                                                      names->v[i])
                                         : &ws->suites.v[i];
        bool seen = false;

        if (s == NULL) {
            free(v);
            return rc_error_set(err, RC_EUSAGE, "--suite",
                                "unknown suite '%s'", names->v[i]);
        }
        for (size_t j = 0; j < k; j++)
            seen = seen || v[j] == s;
        if (!seen)
            v[k++] = s;
    }
    *out = v;
    *n = k;
    return 0;
}

static void print_plan(const struct replay_plan *p, const char *env,
                       bool json)
{
    long left = p->monthly_calls > 0 ? p->monthly_calls - p->used : -1;

    if (json) {
        json_t *o = replay_cli_plan_json(p, env, "kept");

        msg_print_json(o);
        json_decref(o);
        return;
    }
    printf("plan for environment '%s': %zu suites, %zu calls\n", env,
           p->suites, p->calls);
    printf("  to send: %zu calls, %ld requests\n", p->sends, p->requests);
    printf("  kept (fixture exists): %zu\n", p->skipped_done);
    printf("  skipped (writes not allowed): %zu\n", p->skipped_writes);
    if (left >= 0)
        printf("  budget %s: %ld of %ld used%s, %ld left%s\n", p->month,
               p->used, p->monthly_calls, replay_cli_scope_text(p),
               left < 0 ? 0 : left,
               p->over ? " (this run would go over it)" : "");
    else
        printf("  budget %s: %ld used%s, no limit\n", p->month, p->used,
               replay_cli_scope_text(p));
}

static const char *what_name(enum record_what w)
{
    static const char *const names[] = {"recorded", "kept", "skipped",
                                        "failed"};

    return names[w];
}

static void print_summary(const struct recorder *r,
                          const struct replay_totals *t)
{
    for (size_t i = 0; i < r->n_entries; i++) {
        const struct record_entry *e = &r->entries[i];

        printf("%-9s %s/%s", what_name(e->what), e->suite, e->call);
        if (e->what == REC_RECORDED) {
            printf("  %ld", e->status);
            for (size_t k = 0; k < e->noise.n; k++)
                printf("%s%s", k ? ", " : "  noise: ", e->noise.v[k]);
        } else {
            printf(": %s", e->reason ? e->reason : "");
        }
        putchar('\n');
    }
    printf("record: %zu recorded, %zu kept, %zu skipped, %zu failed; "
           "%ld requests sent (%ld retries)%s\n", r->counts[REC_RECORDED],
           r->counts[REC_KEPT], r->counts[REC_SKIPPED], r->counts[REC_FAILED],
           t->calls_sent, t->retries, t->interrupted ? "; interrupted" : "");
}

static void print_summary_json(const struct recorder *r,
                               const struct replay_totals *t)
{
    json_t *o = json_object(), *calls = json_array();

    for (size_t i = 0; i < r->n_entries; i++) {
        const struct record_entry *e = &r->entries[i];
        json_t *c = json_pack("{s:s,s:s,s:s}", "suite", e->suite, "call",
                              e->call, "outcome", what_name(e->what));
        json_t *noise = json_array();

        if (e->what == REC_RECORDED) {
            json_object_set_new(c, "status", json_integer(e->status));
            for (size_t k = 0; k < e->noise.n; k++)
                json_array_append_new(noise, json_string(e->noise.v[k]));
            json_object_set_new(c, "noise", noise);
        } else {
            json_decref(noise);
            json_object_set_new(c, "reason", json_string(e->reason ? e->reason
                                                                   : ""));
        }
        json_array_append_new(calls, c);
    }
    json_object_set_new(o, "calls", calls);
    json_object_set_new(o, "summary", json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,"
        "s:b}", "recorded", (json_int_t)r->counts[REC_RECORDED],
        "kept", (json_int_t)r->counts[REC_KEPT],
        "skipped", (json_int_t)r->counts[REC_SKIPPED],
        "failed", (json_int_t)r->counts[REC_FAILED],
        "calls_sent", (json_int_t)t->calls_sent,
        "retries", (json_int_t)t->retries, "complete", !t->interrupted));
    msg_print_json(o);
    json_decref(o);
}

struct progress {
    bool on;
    long total;
    double start, last;
};

static double wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress line on stderr (a terminal only): done/total, rate, ETA,
 * failures so far. */
static void show_progress(void *ctx, const struct recorder *r)
{
    struct progress *p = ctx;
    double now = wall_now(), rate;
    long done = (long)r->results;

    if (!p->on || (now - p->last < 0.2 && done < p->total))
        return;
    p->last = now;
    rate = now > p->start ? (double)done / (now - p->start) : 0;
    fprintf(stderr, "\rrecord: %ld/%ld calls, %.0f/s, ETA %.0fs, "
            "%zu failed   ", done, p->total, rate,
            rate > 0 ? (double)(p->total - done) / rate : 0.0,
            r->counts[REC_FAILED]);
    if (done >= p->total)
        fputc('\n', stderr);
}

struct record_run {
    struct workspace ws;
    const struct suite **suites;
    size_t n;
    struct environment *env;
    struct replay_opts ro;
    struct strvec done;
    struct recorder rec;
    struct redact_key key;
    struct replay_totals totals;
};

/* Opens the workspace, the environment and the selection. */
static int prepare(struct record_run *run, const struct record_cli *o,
                   const char *config, struct strvec *warnings,
                   struct rc_error *err)
{
    int rc;

    if (o->env == NULL)
        return rc_error_set(err, RC_EUSAGE, "record",
                            "option '--env' is required");
    rc = workspace_open(&run->ws, config, warnings, err);
    if (rc == 0)
        rc = config_env_get(&run->env, &run->ws.cfg, o->env, warnings, err);
    if (rc == 0)
        rc = select_suites(&run->suites, &run->n, &run->ws, &o->suites, err);
    if (rc)
        return rc;
    replay_opts_from_config(&run->ro, &run->ws.cfg);
    rc = apply_options(&run->ro, o, err);
    if (rc == 0)
        rc = recorder_init(&run->rec, &run->ws.cfg, run->env, &run->key,
                           run->suites, run->n, o->update, &run->done, err);
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, NULL, "out of memory");
    run->ro.done = &run->done;
    return rc;
}

static int execute(struct record_run *run, const struct record_cli *o,
                   bool json, struct strvec *warnings, struct rc_error *err)
{
    struct progress prog = {0};
    struct replay_plan plan;
    int rc;

    if (o->dry_run) {
        rc = replay_plan(&plan, &run->ws.cfg, run->env, run->suites, run->n,
                         &run->ro, warnings, err);
        msg_warnings(warnings);
        if (rc == 0)
            print_plan(&plan, run->env->name, json);
        return rc;
    }
    rc = redact_key_load(&run->key, run->ws.cfg.state_dir, warnings, err);
    if (rc)
        return rc;
    rc = replay_plan(&plan, &run->ws.cfg, run->env, run->suites, run->n,
                     &run->ro, NULL, err);
    prog.on = !o->quiet && isatty(STDERR_FILENO);
    prog.total = rc == 0 ? plan.sendings : 0;
    prog.start = wall_now();
    run->rec.progress = show_progress;
    run->rec.progress_ctx = &prog;
    run->ro.stop = replay_cli_catch_signals();
    msg_warnings(warnings);
    rc = replay_execute(&run->ws.cfg, run->env, run->suites, run->n,
                        &run->ro, recorder_on_result, &run->rec,
                        &run->totals, warnings, err);
    return rc;
}

int cmd_record(int argc, char **argv)
{
    struct record_cli o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "environment of relcheck.json to record from", &o.env},
        {OPT_LIST, "suite", "S", "record only these suites (default: all)", &o.suites},
        {OPT_VALUE, "repeat", "N", "send GET/HEAD calls N times to learn noise (default 2)", &o.repeat},
        {OPT_FLAG, "update", NULL, "overwrite existing fixtures", &o.update},
        REPLAY_CLI_OPTS(o.replay),
        {OPT_FLAG, "over-budget", NULL, "send even when the monthly budget would be exceeded", &o.over_budget},
        {OPT_FLAG, "dry-run", NULL, "print the plan and send nothing", &o.dry_run},
        {OPT_FLAG, "quiet", NULL, "no progress on stderr", &o.quiet},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"record", "--env NAME [options]", "record baselines (fixtures) from an environment", true, opts};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct record_run run;
    int status, rc;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    memset(&run, 0, sizeof(run));
    rc = prepare(&run, &o, common.config, &warnings, &err);
    if (rc == 0)
        rc = execute(&run, &o, common.json, &warnings, &err);
    msg_warnings(&warnings);
    if (!o.dry_run && run.rec.slots && (rc == 0 || rc == RC_EINTR)) {
        if (common.json)
            print_summary_json(&run.rec, &run.totals);
        else
            print_summary(&run.rec, &run.totals);
    }
    if (rc != 0 && rc != RC_EINTR)
        status = msg_error(&err);
    else if (rc == RC_EINTR)
        status = EXIT_INTERRUPTED;
    else
        status = run.rec.counts[REC_FAILED] ? EXIT_ENV : EXIT_OK;
    recorder_release(&run.rec);
    strvec_release(&run.done);
    free(run.suites);
    if (run.ws.cfg.path)
        workspace_release(&run.ws);
    strvec_release(&o.suites);
    return status;
}
