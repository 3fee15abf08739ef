/*
 * relcheck select: show which suites the notices select, why, and which changed programs no suite covers.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_select(int argc, char **argv)
{
    struct {
        struct strvec notices;
        const char *search, *user, *cacert;
    } o = {0};
    const struct opt opts[] = {
        {OPT_LIST, "notice", "SOURCE", "release notice sources (as for relcheck notice)", &o.notices},
        {OPT_VALUE, "search", "QUERY", "IMAP search for imap:// sources", &o.search},
        {OPT_VALUE, "user", "USER:PASSWORD", "IMAP credentials (${env:NAME} is expanded)", &o.user},
        {OPT_VALUE, "cacert", "FILE", "CA certificate file for imaps://", &o.cacert},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"select", "--notice SOURCE... [options]", "show which suites the notices select, why, and which changed programs no suite covers", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("select");
}
