/*
 * The outcome of a run job on stdout (see run_out.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/replay_cli.h"
#include "cli/run_out.h"
#include "core/fsutil.h"
#include "report/report.h"
#include "result/folder.h"

static void print_plan_json(const struct run_state *st)
{
    json_t *o = replay_cli_plan_json(&st->plan, st->environment,
                                     "already_done");

    json_object_set_new(o, "selected", strvec_json(&st->selected));
    json_object_set_new(o, "coverage_gaps", strvec_json(&st->gaps));
    msg_print_json(o);
    json_decref(o);
}

static void print_plan(const struct run_state *st, bool json)
{
    const struct replay_plan *p = &st->plan;

    if (json) {
        print_plan_json(st);
        return;
    }
    printf("plan for environment '%s' (nothing sent)\n", st->environment);
    printf("suites: %zu, calls: %zu, to send: %zu", p->suites, p->calls,
           p->sends);
    if (p->skipped_writes)
        printf(", writes skipped: %zu", p->skipped_writes);
    if (p->skipped_done)
        printf(", already done: %zu", p->skipped_done);
    printf("\nrequests planned: %ld\n", p->requests);
    if (p->monthly_calls > 0)
        printf("budget %s: %ld used%s, %ld left of %ld after this run%s\n",
               p->month, p->used, replay_cli_scope_text(p),
               p->monthly_calls - p->used - p->requests, p->monthly_calls,
               p->over ? " (over budget)" : "");
    else
        printf("budget %s: %ld used%s, no monthly limit\n", p->month,
               p->used, replay_cli_scope_text(p));
    for (size_t i = 0; i < st->selected.n; i++)
        printf("  %s\n", st->selected.v[i]);
    if (st->gaps.n) {
        printf("changed programs no suite covers:");
        for (size_t i = 0; i < st->gaps.n; i++)
            printf(" %s", st->gaps.v[i]);
        printf("\n");
    }
}

/* result.json as written, byte for byte. */
static int print_result_json(const struct run_state *st,
                             struct rc_error *err)
{
    char *path = fs_join(st->dir, RUN_RESULT);
    char *text = NULL;
    size_t len = 0;
    int rc = path ? fs_read_file(&text, &len, path, (size_t)1 << 30, err)
                  : rc_error_set(err, RC_ENOMEM, NULL, "out of memory");

    if (rc == 0)
        fwrite(text, 1, len, stdout);
    free(path);
    free(text);
    return rc;
}

/* The text summary, the run folder and each report file the run wrote. */
static void print_summary(struct run_state *st)
{
    report_text(stdout, &st->result, msg_use_color(stdout));
    printf("run folder: %s\n", fs_display(st->dir));
    for (size_t i = 0; i < st->written.n; i++) {
        const char *w = st->written.v[i];
        const char *slash = strrchr(w, '/');

        if (strcmp(slash ? slash + 1 : w, RUN_RESULT) != 0)
            printf("report: %s\n", fs_display(w));
    }
}

int run_out_print(struct run_state *st, bool json)
{
    struct rc_error err;

    rc_error_clear(&err);
    if (st->no_new_notice) {
        msg_no_new_notice(json);
        return EXIT_OK;
    }
    if (st->planned_only) {
        print_plan(st, json);
        return EXIT_OK;
    }
    if (json) {
        if (print_result_json(st, &err) < 0)
            return msg_error(&err);
    } else {
        print_summary(st);
    }
    if (st->marked && !json)
        printf("mailbox: %zu notice%s marked %s\n", st->marked,
               st->marked == 1 ? "" : "s", st->mark);
    return st->interrupted ? EXIT_INTERRUPTED
                           : exit_for_verdict(result_verdict(&st->result));
}
