/*
 * relcheck select: which suites the notices select, why, and which
 * changed programs no suite covers (SPEC sections 4, 5 and 7). Reads the
 * workspace (relcheck.json, catalog, suites), the notices through the
 * notice module with require_programs on (a source without programs is
 * exit 2), and selects with the select module that `run --notice` uses.
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
#include "config/workspace.h"
#include "notice/notice.h"
#include "select/select.h"

static void print_list(const char *title, const struct strvec *sv)
{
    printf("%s:", title);
    for (size_t i = 0; i < sv->n; i++)
        printf(" %s", sv->v[i]);
    printf("%s\n", sv->n ? "" : " none");
}

static void print_text(const struct selection *sel,
                       const struct catalog *cat)
{
    print_list("changed programs", &sel->programs);
    printf("\nselected suites: %zu\n", sel->n);
    for (size_t i = 0; i < sel->n; i++) {
        const struct strvec *b = &sel->v[i].because;
        printf("  %-24s because", sel->v[i].suite->name);
        if (b->n == 1 && strcmp(b->v[0], "*") == 0)
            printf(" * (runs always)");
        for (size_t j = 0; j < b->n && strcmp(b->v[0], "*") != 0; j++)
            printf(" %s", b->v[j]);
        putchar('\n');
    }
    printf("\nnot selected: %zu\n", sel->unselected.n);
    for (size_t i = 0; i < sel->unselected.n; i++)
        printf("  %s\n", sel->unselected.v[i]);
    printf("\ncoverage gaps (changed programs no suite covers): %zu\n",
           sel->coverage_gaps.n);
    for (size_t i = 0; i < sel->coverage_gaps.n; i++) {
        const struct program *p = catalog_find(cat, sel->coverage_gaps.v[i]);
        printf("  %-10s  %s\n", sel->coverage_gaps.v[i],
               p && p->name ? p->name : "");
    }
}

static int print_json(const struct selection *sel,
                      const struct notice_set *set, struct rc_error *err)
{
    json_t *o = json_object(), *s = selection_to_json(sel);
    json_t *n = notice_set_notices_json(set);
    const char *key;
    json_t *v;

    if (o == NULL || s == NULL || n == NULL) {
        json_decref(o);
        json_decref(s);
        json_decref(n);
        return rc_error_set(err, RC_ENOMEM, "select", "out of memory");
    }
    json_object_set_new(o, "notices", n);
    json_object_foreach(s, key, v)
        json_object_set(o, key, v);
    json_decref(s);
    msg_print_json(o);
    json_decref(o);
    return 0;
}

int cmd_select(int argc, char **argv)
{
    struct {
        struct strvec notices;
        struct notice_cli notice;
    } o = {0};
    const struct opt opts[] = {
        {OPT_LIST, "notice", "SOURCE", "release notice sources (as for relcheck notice)", &o.notices},
        NOTICE_CLI_OPTS(o.notice),
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"select", "--notice SOURCE... [options]", "show which suites the notices select, why, and which changed programs no suite covers", true, opts,
        EXITS_USAGE | EXITS_ENV};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT, programs = STRVEC_INIT;
    struct workspace ws;
    struct notice_opts nopts;
    struct notice_set set = {0};
    struct mailbox mb = {0};
    struct selection sel;
    struct rc_error err;
    bool have_ws = false;
    int status, rc;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    memset(&sel, 0, sizeof sel);
    rc_error_clear(&err);
    if (o.notices.n == 0) {
        rc = rc_error_set(&err, RC_EUSAGE, "select", "missing --notice "
                          "SOURCE (which notices to select for)");
        goto done;
    }
    rc = workspace_open(&ws, common.config, &warnings, &err);
    if (rc)
        goto done;
    have_ws = true;
    notice_opts_from_config(&nopts, &ws.cfg, &ws.catalog);
    notice_cli_apply(&nopts, &o.notice, &warnings);
    rc = notice_opts_mailbox(&nopts, &mb, &ws.cfg, &o.notices,
                             o.notice.only_new, &warnings, &err);
    if (rc == 0)
        rc = notice_read_sources(&set, &nopts, &o.notices, true, &warnings,
                                 &err);
    if (rc == 0 && o.notice.only_new && set.n == 0) {
        msg_no_new_notice(common.json);
        goto done;
    }
    if (rc == 0)
        rc = notice_set_programs(&programs, &set) ? RC_ENOMEM : 0;
    if (rc == 0)
        rc = select_suites(&sel, &ws.suites, &programs, &err);
    if (rc == 0 && common.json)
        rc = print_json(&sel, &set, &err);
    else if (rc == 0)
        print_text(&sel, &ws.catalog);
done:
    msg_warnings(&warnings);
    status = rc ? msg_error(&err) : EXIT_OK;
    selection_release(&sel);
    notice_set_release(&set);
    mailbox_release(&mb);
    strvec_release(&programs);
    if (have_ws)
        workspace_release(&ws);
    strvec_release(&o.notices);
    return status;
}
