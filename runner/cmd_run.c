/*
 * relcheck run: replay suites against an environment, diff every response against its baseline, report.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_run(int argc, char **argv)
{
    struct {
        const char *env, *out, *format, *fail_on, *jobs, *rate, *timeout;
        const char *retries, *budget, *shard, *resume;
        struct strvec notices, suites;
        int all, over_budget, dry_run, quiet;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "environment of relcheck.json to replay against", &o.env},
        {OPT_LIST, "notice", "SOURCE", "select the suites touching the programs these notices name", &o.notices},
        {OPT_LIST, "suite", "S", "select these suites", &o.suites},
        {OPT_FLAG, "all", NULL, "select every suite", &o.all},
        {OPT_VALUE, "out", "DIR", "run folder (default reports/YYYYMMDD-HHMMSS-ENV/)", &o.out},
        {OPT_VALUE, "format", "F,...", "reports to write: html,junit,md,json (default html,junit,md)", &o.format},
        {OPT_VALUE, "fail-on", "LEVEL", "breaking, changed or any (default changed)", &o.fail_on},
        {OPT_VALUE, "jobs", "N", "requests in flight (default replay.jobs)", &o.jobs},
        {OPT_VALUE, "rate", "R", "requests a second at most, 0 = no limit", &o.rate},
        {OPT_VALUE, "timeout", "S", "seconds per request", &o.timeout},
        {OPT_VALUE, "retries", "N", "retries for errors, 429, 502, 503, 504", &o.retries},
        {OPT_VALUE, "budget", "N", "monthly call budget (default budget.monthly_calls)", &o.budget},
        {OPT_FLAG, "over-budget", NULL, "send even when the monthly budget would be exceeded", &o.over_budget},
        {OPT_FLAG, "dry-run", NULL, "print the plan and send nothing", &o.dry_run},
        {OPT_VALUE, "shard", "K/N", "take every N-th suite (sorted by name) starting at K", &o.shard},
        {OPT_VALUE, "resume", "RUN_DIR", "finish an interrupted run in its folder", &o.resume},
        {OPT_FLAG, "quiet", NULL, "no progress on stderr", &o.quiet},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"run", "--env NAME (--notice SOURCE... | --suite S... | --all) [options]", "replay suites against an environment, diff every response against its baseline, report", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("run");
}
