/*
 * relcheck run: replay suites against an environment, diff every response
 * against its baseline, and report (SPEC section 7). This file turns the
 * options into a struct run_opts, handles SIGINT/SIGTERM and the progress
 * line, prints the plan (--dry-run) or the summary, and maps the outcome
 * to the exit status.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cli/replay_cli.h"
#include "cmd.h"
#include "core/fsutil.h"
#include "report/report.h"
#include "run/judge.h"
#include "run/run.h"

/* The progress line on stderr: done/total, rate, ETA, failures. */
static void show_progress(void *ctx, const struct run_progress *p)
{
    double rate = p->elapsed > 0 ? (double)p->done / p->elapsed : 0;
    double eta = rate > 0 && p->total > p->done
                 ? (double)(p->total - p->done) / rate : 0;

    (void)ctx;
    fprintf(stderr, "\r%zu/%zu calls  %.0f/s  eta %.0fs  %zu failing   ",
            p->done, p->total, rate, eta, p->failures);
    if (p->done >= p->total)
        fputc('\n', stderr);
}

struct run_args {
    const char *env, *out, *format, *fail_on, *save_responses;
    const char *budget, *shard, *resume;
    struct replay_cli replay;
    const char *search, *user, *cacert;
    struct strvec notices, suites;
    int all, over_budget, dry_run, quiet, only_new;
};

/* The one place where run's CLI options become engine options. */
static int to_run_opts(struct run_opts *o, const struct run_args *a,
                       const struct opt_common *c, struct rc_error *err)
{
    double budget = -1;
    int rc;

    run_opts_init(o);
    o->config = c->config;
    o->env = a->env;
    o->notices = &a->notices;
    o->search = a->search;
    o->user = a->user;
    o->cacert = a->cacert;
    o->only_new = a->only_new;
    o->suites = &a->suites;
    o->all = a->all;
    o->out = a->out;
    o->resume = a->resume;
    o->over_budget = a->over_budget;
    o->dry_run = a->dry_run;
    if (a->fail_on && (o->fail_on = fail_on_parse(a->fail_on)) < 0)
        return rc_error_set(err, RC_EUSAGE, "run", "--fail-on wants "
                            "breaking, changed or any, not '%s'", a->fail_on);
    if (a->format && (rc = opt_formats(&o->formats, a->format, err)) != 0)
        return rc;
    if (a->save_responses) {
        enum judge_save mode;

        if ((rc = judge_save_parse(&mode, a->save_responses, err)) != 0)
            return rc;
        o->save_responses = (int)mode;
    }
    if ((rc = replay_cli_parse(&o->replay, &a->replay, err)) != 0)
        return rc;
    if (a->budget && (rc = opt_number(&budget, a->budget, "budget", 0, 1e12,
                                      err)) != 0)
        return rc;
    o->budget = (long)budget;
    if (a->shard)
        return run_parse_shard(&o->shard_k, &o->shard_n, a->shard, err);
    return 0;
}

static void print_plan_json(const struct run_state *st)
{
    json_t *o = replay_cli_plan_json(&st->plan, st->environment,
                                     "already_done");

    json_object_set_new(o, "selected", strvec_json(&st->selected));
    json_object_set_new(o, "coverage_gaps", strvec_json(&st->gaps));
    msg_print_json(o);
    json_decref(o);
}

static void print_plan(const struct run_state *st, bool json)
{
    const struct replay_plan *p = &st->plan;

    if (json) {
        print_plan_json(st);
        return;
    }
    printf("plan for environment '%s' (nothing sent)\n", st->environment);
    printf("suites: %zu, calls: %zu, to send: %zu", p->suites, p->calls,
           p->sends);
    if (p->skipped_writes)
        printf(", writes skipped: %zu", p->skipped_writes);
    if (p->skipped_done)
        printf(", already done: %zu", p->skipped_done);
    printf("\nrequests planned: %ld\n", p->requests);
    if (p->monthly_calls > 0)
        printf("budget %s: %ld used%s, %ld left of %ld after this run%s\n",
               p->month, p->used, replay_cli_scope_text(p),
               p->monthly_calls - p->used - p->requests, p->monthly_calls,
               p->over ? " (over budget)" : "");
    else
        printf("budget %s: %ld used%s, no monthly limit\n", p->month,
               p->used, replay_cli_scope_text(p));
    for (size_t i = 0; i < st->selected.n; i++)
        printf("  %s\n", st->selected.v[i]);
    if (st->gaps.n) {
        printf("changed programs no suite covers:");
        for (size_t i = 0; i < st->gaps.n; i++)
            printf(" %s", st->gaps.v[i]);
        printf("\n");
    }
}

/* The summary, or with --json result.json as written. 0, or an RC_E*
 * code with err filled (result.json could not be read back). */
static int print_result(struct run_state *st, bool json,
                        struct rc_error *err)
{
    static const char *const reports[] = {"report.html", "junit.xml",
                                          "report.md"};

    if (json) {
        char *path = fs_join(st->dir, "result.json");
        char *text = NULL;
        size_t len = 0;
        int rc = path ? fs_read_file(&text, &len, path, (size_t)1 << 30,
                                     err)
                      : rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
        if (rc == 0)
            fwrite(text, 1, len, stdout);
        free(path);
        free(text);
        return rc;
    }
    report_text(stdout, &st->result, msg_use_color(stdout));
    printf("run folder: %s\n", fs_display(st->dir));
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        char *path = fs_join(st->dir, reports[i]);
        if (path && fs_is_file(path))
            printf("report: %s\n", fs_display(path));
        free(path);
    }
    return 0;
}

int cmd_run(int argc, char **argv)
{
    struct run_args o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "environment of relcheck.json to replay against", &o.env},
        {OPT_LIST, "notice", "SOURCE", "select the suites touching the programs these notices name", &o.notices},
        {OPT_VALUE, "search", "QUERY", "IMAP search criteria for imap:// notice sources (default: ALL)", &o.search},
        {OPT_VALUE, "user", "USER:PASSWORD", "IMAP credentials (${env:NAME} is expanded)", &o.user},
        {OPT_VALUE, "cacert", "FILE", "CA certificate file for imaps:// notice sources", &o.cacert},
        {OPT_FLAG, "new", NULL, "with --notice mailbox: only notices without notice.mailbox's mark keyword, which a complete run sets", &o.only_new},
        {OPT_LIST, "suite", "S", "select these suites", &o.suites},
        {OPT_FLAG, "all", NULL, "select every suite", &o.all},
        {OPT_VALUE, "out", "DIR", "run folder (default reports/YYYYMMDD-HHMMSS-ENV/)", &o.out},
        {OPT_VALUE, "format", "F,...", "reports to write: html,junit,md,json (default html,junit,md)", &o.format},
        {OPT_VALUE, "fail-on", "LEVEL", "breaking, changed or any (default changed)", &o.fail_on},
        {OPT_VALUE, "save-responses", "WHICH", "responses kept in responses/: changed (changed and error calls, the default), all or none", &o.save_responses},
        REPLAY_CLI_OPTS(o.replay),
        {OPT_VALUE, "budget", "N", "monthly call budget (default budget.monthly_calls)", &o.budget},
        {OPT_FLAG, "over-budget", NULL, "send even when the monthly budget would be exceeded", &o.over_budget},
        {OPT_FLAG, "dry-run", NULL, "print the plan and send nothing", &o.dry_run},
        {OPT_VALUE, "shard", "K/N", "take every N-th suite (sorted by name) starting at K", &o.shard},
        {OPT_VALUE, "resume", "RUN_DIR", "finish an interrupted run in its folder", &o.resume},
        {OPT_FLAG, "quiet", NULL, "no progress on stderr", &o.quiet},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"run", "--env NAME (--notice SOURCE... | "
        "--suite S... | --all) [options]", "replay suites against an "
        "environment, diff every response against its baseline, report",
        true, opts,
        EXITS_REGRESSION | EXITS_USAGE | EXITS_ENV | EXITS_INTERRUPTED};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct run_opts ro;
    struct run_state st;
    struct rc_error err;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        goto out;
    rc_error_clear(&err);
    memset(&st, 0, sizeof st);
    if (to_run_opts(&ro, &o, &common, &err) < 0) {
        status = msg_error(&err);
        goto out;
    }
    if (!o.quiet && isatty(STDERR_FILENO))
        ro.progress = show_progress;
    ro.stop = replay_cli_catch_signals();
    if (run_execute(&st, &ro, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
        goto done;
    }
    msg_warnings(&warnings);
    if (st.no_new_notice) {
        msg_no_new_notice(common.json);
        status = EXIT_OK;
    } else if (st.planned_only) {
        print_plan(&st, common.json);
        status = EXIT_OK;
    } else {
        if (print_result(&st, common.json, &err) < 0) {
            status = msg_error(&err);
        } else {
            if (st.marked && !common.json)
                printf("mailbox: %zu notice%s marked %s\n", st.marked,
                       st.marked == 1 ? "" : "s", st.mark);
            status = st.interrupted ? EXIT_INTERRUPTED
                     : exit_for_verdict(result_verdict(&st.result));
        }
    }
done:
    run_state_release(&st);
out:
    strvec_release(&o.notices);
    strvec_release(&o.suites);
    strvec_release(&warnings);
    return status;
}
