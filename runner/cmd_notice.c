/*
 * relcheck notice: parse release notices (.eml, mbox, maildir, -, imap://)
 * and list the changed programs (SPEC sections 4 and 5). relcheck.json is
 * optional here: without one the defaults apply and there is no catalog.
 * The notice module does the work; this file maps options to it, prints
 * the table or the JSON, and picks the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/notice_cli.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/catalog.h"
#include "config/config.h"
#include "core/fsutil.h"
#include "notice/notice.h"

/* Loads relcheck.json (when there is one, or --config names it) and its
 * catalog. *have says whether a configuration was loaded. */
static int load_settings(struct config *cfg, struct catalog *cat, bool *have,
                         const char *explicit_path, struct strvec *warnings,
                         struct rc_error *err)
{
    char *path = NULL;
    int rc;

    *have = false;
    if (config_find(&path, explicit_path, err) < 0)
        return explicit_path ? RC_ECONFIG : 0;
    rc_error_clear(err);
    rc = config_load(cfg, path, warnings, err);
    free(path);
    if (rc)
        return rc;
    *have = true;
    if (cfg->catalog_path)
        rc = catalog_load(cat, cfg->catalog_path, warnings, err);
    return rc;
}

static void print_notice(const struct notice *n)
{
    printf("%s\n", n->source);
    printf("  subject   %s\n", n->subject ? n->subject : "-");
    printf("  date      %s\n", n->date ? n->date : "-");
    printf("  release   %s\n", n->release ? n->release : "-");
    if (n->n_programs == 0)
        printf("  programs  none found\n");
    else
        printf("  programs  %zu\n", n->n_programs);
    for (size_t i = 0; i < n->n_programs; i++)
        printf("    %-10s  %s\n", n->programs[i].code,
               n->programs[i].name ? n->programs[i].name : "");
}

static void print_text(const struct notice_set *set)
{
    struct strvec codes = STRVEC_INIT;

    for (size_t i = 0; i < set->n; i++) {
        print_notice(&set->v[i]);
        putchar('\n');
    }
    notice_set_programs(&codes, set);
    printf("%zu notice%s, %zu changed program%s%s", set->n,
           set->n == 1 ? "" : "s", codes.n, codes.n == 1 ? "" : "s",
           codes.n ? ":" : "");
    for (size_t i = 0; i < codes.n; i++)
        printf(" %s", codes.v[i]);
    putchar('\n');
    strvec_release(&codes);
}

static int print_json(const struct notice_set *set, struct rc_error *err)
{
    if (notice_set_write_json(stdout, set) != 0)
        return rc_error_set(err, RC_ENOMEM, "notice", "out of memory");
    return 0;
}

int cmd_notice(int argc, char **argv)
{
    struct {
        struct strvec sources;
        struct notice_cli notice;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "SOURCE...", NULL, ".eml, Outlook .msg or mbox file, maildir folder, folder of notice files, - for stdin, imap:// or imaps:// URL, mailbox (notice.mailbox)", &o.sources},
        NOTICE_CLI_OPTS(o.notice),
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"notice", "[options] SOURCE...", "parse release notices (.eml, .msg, mbox, maildir, folder, -, imap://) and list the changed programs", true, opts,
        EXITS_USAGE | EXITS_ENV};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct config cfg;
    struct catalog cat;
    struct notice_opts nopts;
    struct notice_set set = {0};
    struct mailbox mb = {0};
    struct rc_error err;
    bool have_cfg = false;
    int status, rc;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    memset(&cfg, 0, sizeof cfg);
    memset(&cat, 0, sizeof cat);
    rc_error_clear(&err);
    if (o.sources.n == 0) {
        rc = rc_error_set(&err, RC_EUSAGE, "notice", "no notice source "
                          "given (a file, a maildir folder, - or an URL)");
        goto done;
    }
    rc = load_settings(&cfg, &cat, &have_cfg, common.config, &warnings, &err);
    if (rc)
        goto done;
    notice_opts_from_config(&nopts, have_cfg ? &cfg : NULL, &cat);
    notice_cli_apply(&nopts, &o.notice, &warnings);
    rc = notice_opts_mailbox(&nopts, &mb, have_cfg ? &cfg : NULL,
                             &o.sources, o.notice.only_new, &warnings, &err);
    if (rc == 0)
        rc = notice_read_sources(&set, &nopts, &o.sources, false, &warnings,
                                 &err);
    if (rc == 0 && common.json)
        rc = print_json(&set, &err);
    else if (rc == 0)
        print_text(&set);
done:
    msg_warnings(&warnings);
    status = rc ? msg_error(&err) : EXIT_OK;
    notice_set_release(&set);
    mailbox_release(&mb);
    catalog_release(&cat);
    if (have_cfg)
        config_release(&cfg);
    strvec_release(&o.sources);
    return status;
}
