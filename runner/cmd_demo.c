/*
 * relcheck demo: run the whole pipeline on the bundled example against an embedded mock.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_demo(int argc, char **argv)
{
    struct {
        const char *dir;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "dir", "DIR", "workspace folder to create or reuse (default ./relcheck-demo)", &o.dir},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"demo", "[options]", "run the whole pipeline on the bundled example against an embedded mock", false, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("demo");
}
