/*
 * relcheck approve: accept what a run found (SPEC section 4): new
 * baselines from the run's responses, or with --as-noise the chosen
 * fields added to the fixtures' noise. Narrowed by --suite, --call and
 * --field; refuses an incomplete run unless --incomplete. Every fixture
 * written gets its line in the history file (SPEC section 12), stamped
 * with --by (default: git's user.name, else the login name), the time and
 * --reason (a warning when missing). Prints one line per fixture written
 * (or, with --json, the list of changes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "approve/approve.h"
#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/config.h"
#include "result/result.h"

/* path relative to the workspace folder when it is inside it. */
static const char *shown_path(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    if (strncmp(path, dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static void print_changes(const json_t *changes, const struct config *cfg,
                          bool json)
{
    json_t *c, *f;
    size_t i, j;

    if (json) {
        msg_print_json(changes);
        return;
    }
    if (json_array_size(changes) == 0)
        printf("nothing to approve\n");
    json_array_foreach(changes, i, c) {
        bool noise = strcmp(json_string_value(json_object_get(c, "action")),
                            "noise") == 0;
        printf("%s: %s", shown_path(json_string_value(json_object_get(
                                        c, "fixture")), cfg->dir),
               noise ? "noise +=" : "new baseline, accepting");
        json_array_foreach(json_object_get(c, "fields"), j, f)
            printf("%s %s", j ? "," : "", json_string_value(f));
        putchar('\n');
    }
}

int cmd_approve(int argc, char **argv)
{
    struct {
        struct strvec dirs, suites, calls, fields;
        int as_noise, incomplete;
        const char *reason, *by;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "RUN_DIR", NULL, "a run folder written by relcheck run", &o.dirs},
        {OPT_MULTI, "suite", "S", "only this suite (repeatable)", &o.suites},
        {OPT_MULTI, "call", "ID", "only this call, ID or SUITE/ID (repeatable)", &o.calls},
        {OPT_MULTI, "field", "F", "only this field, as the report names it (repeatable)", &o.fields},
        {OPT_FLAG, "as-noise", NULL, "add the chosen fields to the fixtures' noise instead", &o.as_noise},
        {OPT_FLAG, "incomplete", NULL, "accept a run that did not complete", &o.incomplete},
        {OPT_VALUE, "reason", "TEXT", "why this is accepted, for the history file", &o.reason},
        {OPT_VALUE, "by", "NAME", "who accepts it (default: git's user.name, else the login name)", &o.by},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"approve", "RUN_DIR [options]", "accept what a run found: new baselines, or with --as-noise new noise", true, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct config cfg = {0};
    struct result r = {0};
    struct suite_set suites = {0};
    json_t *changes = NULL;
    char at[32], *by = NULL;
    time_t now = time(NULL);
    struct tm tm;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    if (o.dirs.n != 1)
        rc_error_set(&err, RC_EUSAGE, "approve", "give exactly one RUN_DIR");
    else if (config_open(&cfg, common.config, &warnings, &err) == 0
             && suite_load_all(&suites, cfg.suites_dir, &warnings, &err) == 0
             && result_load(&r, o.dirs.v[0], NULL, &warnings, &err) == 0) {
        struct history_stamp stamp = {at, NULL, o.reason && *o.reason
                                                ? o.reason : NULL};
        struct approve_opts ao = {cfg.fixtures_dir, &o.suites, &o.calls,
                                  &o.fields, o.as_noise, o.incomplete,
                                  cfg.history_path, &stamp, &suites};
        gmtime_r(&now, &tm);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        by = o.by ? strdup(o.by) : history_default_by(cfg.dir);
        stamp.by = by ? by : "unknown";
        approve_run(&changes, &r, &ao, &warnings, &err);
        if (stamp.reason == NULL && json_array_size(changes))
            strvec_push(&warnings, "no --reason given: the history file "
                                   "will not say why this was accepted");
    }
    msg_warnings(&warnings);
    if (changes && (err.code == 0 || json_array_size(changes)))
        print_changes(changes, &cfg, common.json);   /* what was written */
    status = err.code ? msg_error(&err) : EXIT_OK;
    json_decref(changes);
    free(by);
    result_release(&r);
    suite_set_release(&suites);
    config_release(&cfg);
    strvec_release(&o.dirs);
    strvec_release(&o.suites);
    strvec_release(&o.calls);
    strvec_release(&o.fields);
    return status;
}
