/*
 * relcheck approve: accept what a run found: new baselines, or with --as-noise new noise.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_approve(int argc, char **argv)
{
    struct {
        struct strvec dirs, suites, calls, fields;
        int as_noise, incomplete;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "RUN_DIR", NULL, "a run folder written by relcheck run", &o.dirs},
        {OPT_LIST, "suite", "S", "only these suites", &o.suites},
        {OPT_LIST, "call", "ID", "only these calls", &o.calls},
        {OPT_LIST, "field", "F", "only these fields", &o.fields},
        {OPT_FLAG, "as-noise", NULL, "add the chosen fields to the fixtures' noise instead", &o.as_noise},
        {OPT_FLAG, "incomplete", NULL, "accept a run that did not complete", &o.incomplete},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"approve", "RUN_DIR [options]", "accept what a run found: new baselines, or with --as-noise new noise", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("approve");
}
