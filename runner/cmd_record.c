/*
 * relcheck record: record baselines (fixtures) from an environment
 * (SPEC section 4). This file turns the options into a struct
 * record_opts, handles SIGINT/SIGTERM and the progress line, prints the
 * plan (--dry-run) or, in suite order, what was recorded (with the noise
 * learned, and for a write call the noise it took over from other calls),
 * learned (--noise-only), kept, skipped and failed, and maps the outcome
 * to the exit status. The job is record/record.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cli/progress.h"
#include "cli/replay_cli.h"
#include "cmd.h"
#include "record/record.h"

struct record_cli {
    const char *env, *repeat;
    struct replay_cli replay;
    struct strvec suites;
    int update, over_budget, dry_run, quiet, noise_only;
};

/* The one place where record's CLI options become engine options. */
static int to_record_opts(struct record_opts *ro, const struct record_cli *o,
                          const struct opt_common *c, struct rc_error *err)
{
    double v;

    record_opts_init(ro);
    ro->config = c->config;
    ro->env = o->env;
    ro->suites = &o->suites;
    ro->update = o->update;
    ro->over_budget = o->over_budget;
    ro->dry_run = o->dry_run;
    ro->noise_only = o->noise_only;
    if (o->repeat) {
        if (opt_number(&v, o->repeat, "repeat", 1, 100, err))
            return err->code;
        ro->repeat = (int)v;
    }
    if (replay_cli_parse(&ro->replay, &o->replay, err) < 0)
        return err->code;
    return 0;
}

static void print_plan(const struct replay_plan *p, const char *env,
                       bool noise_only, bool json)
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
    printf("  %s: %zu\n", noise_only ? "not sent (no fixture, or a write "
           "call)" : "kept (fixture exists)", p->skipped_done);
    printf("  skipped (%s): %zu\n", noise_only ? "not GET or HEAD"
           : "writes not allowed", p->skipped_writes);
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
                                        "failed", "teardown", "learned"};

    return names[w];
}

/* "  noise taken over: F (from SUITE/CALL), ..." for a write call. */
static void print_taken(const struct record_entry *e)
{
    for (size_t k = 0; k < e->taken.n; k++)
        printf("%s%s (from %s)", k ? ", " : "  noise taken over: ",
               e->taken.v[k], e->taken_from.v[k]);
}

static void print_summary(const struct recorder *r,
                          const struct replay_totals *t)
{
    for (size_t i = 0; i < r->n_entries; i++) {
        const struct record_entry *e = &r->entries[i];

        printf("%-9s %s/%s", what_name(e->what), e->suite, e->call);
        if (e->what == REC_RECORDED)
            printf("  %ld", e->status);
        else if (e->reason)
            printf(": %s", e->reason);
        for (size_t k = 0; k < e->noise.n; k++)
            printf("%s%s", k ? ", " : e->what == REC_LEARNED
                   ? "  noise added: " : "  noise: ", e->noise.v[k]);
        print_taken(e);
        putchar('\n');
    }
    printf("record: %zu recorded, ", r->counts[REC_RECORDED]);
    if (r->counts[REC_LEARNED] > 0 || r->noise_only)
        printf("%zu learned, ", r->counts[REC_LEARNED]);
    printf("%zu kept, %zu skipped, %zu failed", r->counts[REC_KEPT],
           r->counts[REC_SKIPPED], r->counts[REC_FAILED]);
    if (r->counts[REC_TEARDOWN] > 0)
        printf(", %zu teardown", r->counts[REC_TEARDOWN]);
    printf("; %ld requests sent (%ld retries)%s\n", t->calls_sent,
           t->retries, t->interrupted ? "; interrupted" : "");
}

static void print_summary_json(const struct recorder *r,
                               const struct replay_totals *t)
{
    json_t *o = json_object(), *calls = json_array();

    for (size_t i = 0; i < r->n_entries; i++) {
        const struct record_entry *e = &r->entries[i];
        json_t *c = json_pack("{s:s,s:s,s:s}", "suite", e->suite, "call",
                              e->call, "outcome", what_name(e->what));
        json_t *taken = json_array();

        if (e->what == REC_RECORDED)
            json_object_set_new(c, "status", json_integer(e->status));
        if (e->what == REC_RECORDED || e->what == REC_LEARNED)
            json_object_set_new(c, "noise", strvec_json(&e->noise));
        else
            json_object_set_new(c, "reason", json_string(e->reason ? e->reason
                                                                   : ""));
        for (size_t k = 0; k < e->taken.n; k++)
            json_array_append_new(taken, json_pack("{s:s,s:s}", "field",
                                  e->taken.v[k], "from",
                                  e->taken_from.v[k]));
        if (e->taken.n > 0)
            json_object_set_new(c, "noise_taken", taken);
        else
            json_decref(taken);
        json_array_append_new(calls, c);
    }
    json_object_set_new(o, "calls", calls);
    json_object_set_new(o, "summary", json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,"
        "s:I,s:b}", "recorded", (json_int_t)r->counts[REC_RECORDED],
        "learned", (json_int_t)r->counts[REC_LEARNED],
        "kept", (json_int_t)r->counts[REC_KEPT],
        "skipped", (json_int_t)r->counts[REC_SKIPPED],
        "failed", (json_int_t)r->counts[REC_FAILED],
        "calls_sent", (json_int_t)t->calls_sent,
        "retries", (json_int_t)t->retries, "complete", !t->interrupted));
    msg_print_json(o);
    json_decref(o);
}

struct record_progress {
    const struct record_state *st;
    struct progress_line line;
};

/* Progress line on stderr (a terminal only). */
static void show_progress(void *ctx, const struct recorder *r)
{
    struct record_progress *p = ctx;

    progress_line_show(&p->line, r->results, (size_t)p->st->plan.sendings,
                       r->counts[REC_FAILED]);
}

int cmd_record(int argc, char **argv)
{
    struct record_cli o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "environment of relcheck.json to record from", &o.env},
        {OPT_LIST, "suite", "S", "record only these suites (default: all)", &o.suites},
        {OPT_VALUE, "repeat", "N", "send GET/HEAD calls N times, replay.repeat_interval apart, to learn noise (default 2)", &o.repeat},
        {OPT_FLAG, "update", NULL, "overwrite existing fixtures", &o.update},
        {OPT_FLAG, "noise-only", NULL, "send the GET/HEAD calls that have a fixture N times and add the noise learned to it, baseline kept", &o.noise_only},
        REPLAY_CLI_OPTS(o.replay),
        {OPT_FLAG, "over-budget", NULL, "send even when the monthly budget would be exceeded", &o.over_budget},
        {OPT_FLAG, "dry-run", NULL, "print the plan and send nothing", &o.dry_run},
        {OPT_FLAG, "quiet", NULL, "no progress on stderr", &o.quiet},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"record", "--env NAME [options]", "record baselines (fixtures) from an environment", true, opts,
        EXITS_USAGE | EXITS_ENV | EXITS_INTERRUPTED};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct record_progress prog = {0};
    struct record_opts ro;
    struct record_state st;
    int status, rc;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    memset(&st, 0, sizeof(st));
    rc = to_record_opts(&ro, &o, &common, &err);
    if (rc == 0) {
        prog.st = &st;
        progress_line_init(&prog.line, "record");
        if (!o.quiet && isatty(STDERR_FILENO)) {
            ro.progress = show_progress;
            ro.progress_ctx = &prog;
        }
        ro.stop = replay_cli_catch_signals();
        rc = record_execute(&st, &ro, &warnings, &err);
    }
    msg_warnings(&warnings);
    if (rc == 0 && st.planned_only)
        print_plan(&st.plan, st.env->name, ro.noise_only, common.json);
    else if (st.have_entries && (rc == 0 || rc == RC_EINTR)) {
        if (common.json)
            print_summary_json(&st.rec, &st.totals);
        else
            print_summary(&st.rec, &st.totals);
    }
    if (rc != 0 && rc != RC_EINTR)
        status = msg_error(&err);
    else if (rc == RC_EINTR)
        status = EXIT_INTERRUPTED;
    else
        status = st.rec.counts[REC_FAILED] ? EXIT_ENV : EXIT_OK;
    record_state_release(&st);
    strvec_release(&o.suites);
    return status;
}
