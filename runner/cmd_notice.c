/*
 * relcheck notice: parse release notices (.eml, mbox, maildir, -, imap://) and list the changed programs.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_notice(int argc, char **argv)
{
    struct {
        struct strvec sources;
        const char *search, *user, *cacert;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "SOURCE...", NULL, ".eml or mbox file, maildir folder, - for stdin, imap:// or imaps:// URL", &o.sources},
        {OPT_VALUE, "search", "QUERY", "IMAP search (default: SUBJECT from notice.subject)", &o.search},
        {OPT_VALUE, "user", "USER:PASSWORD", "IMAP credentials (${env:NAME} is expanded)", &o.user},
        {OPT_VALUE, "cacert", "FILE", "CA certificate file for imaps://", &o.cacert},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"notice", "[options] SOURCE...", "parse release notices (.eml, mbox, maildir, -, imap://) and list the changed programs", true, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("notice");
}
