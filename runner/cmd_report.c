/*
 * relcheck report: regenerate the reports of a run folder, offline.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_report(int argc, char **argv)
{
    struct {
        struct strvec dirs;
        const char *format;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "RUN_DIR", NULL, "a run folder written by relcheck run", &o.dirs},
        {OPT_VALUE, "format", "F,...", "reports to write: html,junit,md,json (default html,junit,md)", &o.format},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"report", "RUN_DIR [options]", "regenerate the reports of a run folder, offline", false, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("report");
}
