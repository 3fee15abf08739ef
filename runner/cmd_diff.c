/*
 * relcheck diff: field-by-field diff of two files (JSON or XML by content); exit 1 when they differ beyond noise.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_diff(int argc, char **argv)
{
    struct {
        struct strvec files, ignore, array_keys;
        const char *tolerance;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "LEFT RIGHT", NULL, "the baseline file and the file to compare with it", &o.files},
        {OPT_LIST, "ignore", "P", "path pattern to treat as noise (repeatable)", &o.ignore},
        {OPT_LIST, "array-key", "PATH=KEY", "match the elements of the array at PATH by member KEY", &o.array_keys},
        {OPT_VALUE, "tolerance", "X", "reals within X of each other are equal (default 0)", &o.tolerance},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"diff", "[options] LEFT RIGHT", "field-by-field diff of two files (JSON or XML by content); exit 1 when they differ beyond noise", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("diff");
}
