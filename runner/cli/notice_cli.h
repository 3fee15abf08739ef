/*
 * The notice-source options `notice`, `select` and `run` share (--search,
 * --user, --cacert, --new): one option table fragment and one place where
 * they become notice options.
 */
#ifndef RC_CLI_NOTICE_CLI_H
#define RC_CLI_NOTICE_CLI_H

#include "core/strvec.h"
#include "notice/notice.h"

struct notice_cli {
    const char *search, *user, *cacert;   /* NULL: not given */
    int only_new;                          /* --new */
};

/* The option table rows, with dest in c. */
#define NOTICE_CLI_OPTS(c)                                                   \
    {OPT_VALUE, "search", "QUERY", "IMAP search criteria for imap:// "      \
     "sources (default: ALL; notice.subject filters the result)",            \
     &(c).search},                                                           \
    {OPT_VALUE, "user", "USER:PASSWORD", "IMAP credentials (${env:NAME} "   \
     "is expanded)", &(c).user},                                             \
    {OPT_VALUE, "cacert", "FILE", "CA certificate file for imaps:// "       \
     "sources", &(c).cacert},                                                \
    {OPT_FLAG, "new", NULL, "with the source mailbox: only messages "       \
     "without notice.mailbox's mark keyword (none: 'no new notice', exit 0)",\
     &(c).only_new}

/* Copies the IMAP options into n (the strings stay c's) and warns about a
 * literal password in --user. */
void notice_cli_apply(struct notice_opts *n, const struct notice_cli *c,
                      struct strvec *warnings);

#endif
