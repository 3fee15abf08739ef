/*
 * The shared notice-source options (see notice_cli.h).
 */
#include "cli/notice_cli.h"

void notice_cli_apply(struct notice_opts *n, const struct notice_cli *c,
                      struct strvec *warnings)
{
    notice_check_user(c->user, warnings);
    n->search = c->search;
    n->user = c->user;
    n->cacert = c->cacert;
}
