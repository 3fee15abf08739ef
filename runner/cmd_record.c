/*
 * relcheck record: record baselines (fixtures) from an environment.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_record(int argc, char **argv)
{
    struct {
        const char *env, *repeat, *jobs, *rate, *timeout, *retries;
        struct strvec suites;
        int update, over_budget, dry_run, quiet;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "environment of relcheck.json to record from", &o.env},
        {OPT_LIST, "suite", "S", "record only these suites (default: all)", &o.suites},
        {OPT_VALUE, "repeat", "N", "send GET/HEAD calls N times to learn noise (default 2)", &o.repeat},
        {OPT_FLAG, "update", NULL, "overwrite existing fixtures", &o.update},
        {OPT_VALUE, "jobs", "N", "requests in flight (default replay.jobs)", &o.jobs},
        {OPT_VALUE, "rate", "R", "requests a second at most, 0 = no limit", &o.rate},
        {OPT_VALUE, "timeout", "S", "seconds per request", &o.timeout},
        {OPT_VALUE, "retries", "N", "retries for errors, 429, 502, 503, 504", &o.retries},
        {OPT_FLAG, "over-budget", NULL, "send even when the monthly budget would be exceeded", &o.over_budget},
        {OPT_FLAG, "dry-run", NULL, "print the plan and send nothing", &o.dry_run},
        {OPT_FLAG, "quiet", NULL, "no progress on stderr", &o.quiet},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"record", "--env NAME [options]", "record baselines (fixtures) from an environment", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("record");
}
