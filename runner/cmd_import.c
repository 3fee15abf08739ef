/*
 * relcheck import: make suites (and from HAR, fixtures) from real captures.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_import(int argc, char **argv)
{
    struct {
        struct strvec args;
        const char *suite, *env, *programs;
        int force;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "KIND ARG...", NULL, "har FILE, postman FILE, or curl 'curl ...'...", &o.args},
        {OPT_VALUE, "suite", "NAME", "name of the suite to write", &o.suite},
        {OPT_VALUE, "env", "ENV", "environment whose base URL the URLs are made relative to", &o.env},
        {OPT_VALUE, "programs", "CODES", "comma-separated program codes the suite touches", &o.programs},
        {OPT_FLAG, "force", NULL, "overwrite an existing suite", &o.force},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"import", "(har FILE | postman FILE | curl CMD...) [options]", "make suites (and from HAR, fixtures) from real captures", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("import");
}
