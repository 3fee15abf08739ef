/*
 * relcheck merge: join shard runs into one run and its reports.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_merge(int argc, char **argv)
{
    struct {
        struct strvec dirs;
        const char *out, *format;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "RUN_DIR...", NULL, "run folders of the shards", &o.dirs},
        {OPT_VALUE, "out", "DIR", "folder of the merged run", &o.out},
        {OPT_VALUE, "format", "F,...", "reports to write (default html,junit,md)", &o.format},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"merge", "RUN_DIR... --out DIR [options]", "join shard runs into one run and its reports", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("merge");
}
