/*
 * relcheck run: replay suites against an environment, diff every response
 * against its baseline, and report (SPEC section 7). This file turns the
 * options into a struct run_opts, handles SIGINT/SIGTERM and the progress
 * line; cli/run_out.c prints the plan (--dry-run) or the summary and maps
 * the outcome to the exit status.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/notice_cli.h"
#include "cli/opt.h"
#include "cli/progress.h"
#include "cli/replay_cli.h"
#include "cli/run_out.h"
#include "cmd.h"
#include "run/judge.h"
#include "run/run.h"

/* The progress line on stderr (a terminal only). */
static void show_progress(void *ctx, const struct run_progress *p)
{
    progress_line_show(ctx, p->done, p->total, p->failures);
}

struct run_args {
    const char *env, *out, *format, *fail_on, *save_responses;
    const char *budget, *shard, *resume;
    struct replay_cli replay;
    struct notice_cli notice;
    struct strvec notices, suites;
    int all, over_budget, dry_run, quiet;
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
    o->search = a->notice.search;
    o->user = a->notice.user;
    o->cacert = a->notice.cacert;
    o->only_new = a->notice.only_new;
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

int cmd_run(int argc, char **argv)
{
    struct run_args o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "environment of relcheck.json to replay against", &o.env},
        {OPT_LIST, "notice", "SOURCE", "select the suites touching the programs these notices name", &o.notices},
        NOTICE_CLI_OPTS(o.notice),
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
    struct progress_line line;
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
    if (!o.quiet && isatty(STDERR_FILENO)) {
        progress_line_init(&line, "run");
        ro.progress = show_progress;
        ro.progress_ctx = &line;
    }
    ro.stop = replay_cli_catch_signals();
    if (run_execute(&st, &ro, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
        goto done;
    }
    msg_warnings(&warnings);
    status = run_out_print(&st, common.json);
done:
    run_state_release(&st);
out:
    strvec_release(&o.notices);
    strvec_release(&o.suites);
    strvec_release(&warnings);
    return status;
}
