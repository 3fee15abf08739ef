/*
 * relcheck doc: write the integration documentation the vendor requires.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_doc(int argc, char **argv)
{
    struct {
        const char *format, *out;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "format", "md|html", "output format (default md)", &o.format},
        {OPT_VALUE, "out", "FILE", "write to FILE instead of stdout", &o.out},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"doc", "[options]", "write the integration documentation the vendor requires", false, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("doc");
}
