/*
 * Selecting the suites of a run (see selection.h).
 */
#include "run/runsel.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fsutil.h"
#include "notice/notice.h"
#include "report/report.h"
#include "run/runlog.h"
#include "select/select.h"

void run_sel_release(struct run_sel *sel)
{
    for (size_t i = 0; i < sel->n; i++)
        json_decref(sel->because[i]);
    free(sel->because);
    free(sel->v);
    free(sel->environment);
    strvec_release(&sel->programs);
    strvec_release(&sel->gaps);
    strvec_release(&sel->done);
    json_decref(sel->notices);
    json_decref(sel->resumed);
    mailbox_release(&sel->mailbox);
    strvec_release(&sel->mark);
    memset(sel, 0, sizeof *sel);
}

static int add_suite(struct run_sel *sel, const struct suite *s,
                     json_t *because)
{
    sel->v[sel->n] = s;
    sel->because[sel->n] = because ? because : json_array();
    sel->n++;
    return 0;
}

static int alloc_room(struct run_sel *sel, size_t n, struct rc_error *err)
{
    sel->v = calloc(n + 1, sizeof *sel->v);
    sel->because = calloc(n + 1, sizeof *sel->because);
    if (sel->v == NULL || sel->because == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    return 0;
}

/* The suites the changed programs select (select/select.h), with the
 * codes that chose them, and the coverage gaps. */
static int select_for_programs(struct run_sel *sel,
                               const struct workspace *ws,
                               struct rc_error *err)
{
    struct selection s;
    int rc = select_suites(&s, &ws->suites, &sel->programs, err);

    if (rc)
        return rc;
    rc = alloc_room(sel, s.n, err);
    for (size_t i = 0; rc == 0 && i < s.n; i++)
        add_suite(sel, s.v[i].suite, strvec_json(&s.v[i].because));
    for (size_t i = 0; rc == 0 && i < s.coverage_gaps.n; i++)
        rc = strvec_push(&sel->gaps, s.coverage_gaps.v[i]);
    selection_release(&s);
    return rc;
}

/* --notice: the suites whose programs match a changed program. */
static int from_notices(struct run_sel *sel, struct workspace *ws,
                        const struct run_opts *o, struct strvec *warnings,
                        struct rc_error *err)
{
    struct notice_opts no;
    struct notice_set set;
    int rc;

    memset(&set, 0, sizeof set);
    notice_opts_from_config(&no, &ws->cfg, &ws->catalog);
    no.search = o->search;
    no.user = o->user;
    no.cacert = o->cacert;
    notice_check_user(o->user, warnings);
    rc = notice_opts_mailbox(&no, &sel->mailbox, &ws->cfg, o->notices,
                             o->only_new, warnings, err);
    if (rc == 0)
        rc = notice_read_sources(&set, &no, o->notices, true, warnings,
                                 err);
    if (rc == 0 && o->only_new && set.n == 0) {
        sel->no_new_notice = true;
        notice_set_release(&set);
        return 0;
    }
    for (size_t i = 0; rc == 0 && no.mailbox && i < set.n; i++)
        rc = strvec_push(&sel->mark, set.v[i].source) ? RC_ENOMEM : 0;
    if (rc == 0)
        rc = notice_set_programs(&sel->programs, &set);
    if (rc == 0)
        sel->notices = notice_set_notices_json(&set);
    notice_set_release(&set);
    if (rc)
        return rc;
    if (sel->programs.n == 0)
        return rc_error_set(err, RC_EINPUT, "run", "the notices name no "
                            "changed program: nothing to select");
    return select_for_programs(sel, ws, err);
}

/* --suite: the named suites, each once. */
static int from_names(struct run_sel *sel, const struct workspace *ws,
                      const struct strvec *names, struct rc_error *err)
{
    const struct suite **v = NULL;
    size_t n = 0;
    int rc = suite_pick(&v, &n, &ws->suites, names, ws->cfg.suites_dir,
                        err);

    for (size_t i = 0; i < n; i++)
        add_suite(sel, v[i], NULL);
    free(v);
    return rc;
}

/* Keeps every N-th suite starting at K (1-based, sorted by name). */
static void cut_shard(struct run_sel *sel, int k, int n)
{
    size_t out = 0;

    for (size_t i = 0; i < sel->n; i++) {
        if ((int)(i % (size_t)n) == k - 1) {
            sel->v[out] = sel->v[i];
            sel->because[out++] = sel->because[i];
        } else {
            json_decref(sel->because[i]);
        }
    }
    sel->n = out;
    snprintf(sel->shard, sizeof sel->shard, "%d/%d", k, n);
}

/* --resume: the environment, suites and settings of the run folder, and
 * the calls that already have an outcome. */
static int from_run_dir(struct run_sel *sel, const struct workspace *ws,
                        const char *dir, struct strvec *warnings,
                        struct rc_error *err)
{
    json_t *run = NULL, *suites, *v;
    const char *env, *fail_on;
    size_t i;
    int rc;

    if ((rc = runlog_read_run(&run, dir, err)) != 0)
        return rc;
    sel->resumed = run;
    env = json_string_value(json_object_get(run, "environment"));
    suites = json_object_get(run, "suites");
    if (env == NULL || !json_is_array(suites))
        return rc_error_set(err, RC_EINPUT, fs_display(dir), "run.json "
                            "lacks 'environment' or 'suites'");
    sel->environment = strdup(env);
    fail_on = json_string_value(json_object_get(run, "fail_on"));
    if (fail_on_parse(fail_on) >= 0)
        sel->fail_on = fail_on_name(fail_on_parse(fail_on));
    v = json_object_get(run, "save_responses");
    if (json_is_string(v))   /* older run folders lack it: the default */
        judge_save_parse(&sel->save, json_string_value(v), err);
    rc_error_clear(err);
    snprintf(sel->shard, sizeof sel->shard, "%s",
             json_string_value(json_object_get(run, "shard"))
                 ? json_string_value(json_object_get(run, "shard")) : "1/1");
    if ((rc = alloc_room(sel, json_array_size(suites), err)) != 0)
        return rc;
    json_array_foreach(suites, i, v) {
        const char *name = json_string_value(json_object_get(v, "name"));
        const struct suite *s = name ? suite_find(&ws->suites, name) : NULL;
        if (s == NULL)
            return rc_error_set(err, RC_EINPUT, fs_display(dir), "run.json "
                                "names suite '%s', which is not in the "
                                "workspace", name ? name : "?");
        add_suite(sel, s, json_incref(json_object_get(v, "because")));
    }
    return runlog_done(&sel->done, dir, warnings, err);
}

static int check_usage(const struct run_opts *o, struct rc_error *err)
{
    int modes = (o->notices && o->notices->n > 0)
                + (o->suites && o->suites->n > 0) + (o->all ? 1 : 0);

    if (o->resume) {
        if (modes || o->env)
            return rc_error_set(err, RC_EUSAGE, "run", "--resume takes the "
                                "environment and selection from the run "
                                "folder: drop --env, --notice, --suite and "
                                "--all");
        return 0;
    }
    if (o->env == NULL)
        return rc_error_set(err, RC_EUSAGE, "run", "missing --env NAME");
    if (modes != 1)
        return rc_error_set(err, RC_EUSAGE, "run", "choose the suites with "
                            "exactly one of --notice, --suite or --all");
    return 0;
}

int run_sel_make(struct run_sel *sel, struct workspace *ws,
                   const struct run_opts *o, struct strvec *warnings,
                   struct rc_error *err)
{
    int rc;

    memset(sel, 0, sizeof *sel);
    sel->fail_on = fail_on_name(o->fail_on >= 0 && o->fail_on < SEV_N
                                ? o->fail_on : SEV_CHANGED);
    sel->formats = o->formats;
    sel->save = o->save_responses >= 0 ? (enum judge_save)o->save_responses
                                       : JUDGE_SAVE_CHANGED;
    snprintf(sel->shard, sizeof sel->shard, "1/1");
    if ((rc = check_usage(o, err)) != 0)
        return rc;
    if (o->resume)
        return from_run_dir(sel, ws, o->resume, warnings, err);
    sel->environment = strdup(o->env);
    if (o->notices && o->notices->n > 0) {
        rc = from_notices(sel, ws, o, warnings, err);
    } else if (o->suites && o->suites->n > 0) {
        rc = alloc_room(sel, o->suites->n, err);
        if (rc == 0)
            rc = from_names(sel, ws, o->suites, err);
    } else {
        rc = alloc_room(sel, ws->suites.n, err);
        for (size_t i = 0; rc == 0 && i < ws->suites.n; i++)
            add_suite(sel, &ws->suites.v[i], NULL);
    }
    if (rc == 0 && o->shard_n > 1)
        cut_shard(sel, o->shard_k, o->shard_n);
    if (rc == 0 && sel->n == 0 && o->shard_n <= 1 && !sel->no_new_notice)
        rc = rc_error_set(err, RC_EUSAGE, "run", "no suite selected: an "
                          "empty selection is never a green run");
    return rc;
}

int run_sel_export(struct run_state *st, const struct run_sel *sel)
{
    for (size_t i = 0; i < sel->n; i++)
        if (strvec_push(&st->selected, sel->v[i]->name) < 0)
            return RC_ENOMEM;
    for (size_t i = 0; i < sel->programs.n; i++)
        if (strvec_push(&st->programs, sel->programs.v[i]) < 0)
            return RC_ENOMEM;
    for (size_t i = 0; i < sel->gaps.n; i++)
        if (strvec_push(&st->gaps, sel->gaps.v[i]) < 0)
            return RC_ENOMEM;
    return 0;
}

static json_t *suites_json(const struct run_sel *sel)
{
    json_t *a = json_array();

    for (size_t i = 0; i < sel->n; i++) {
        const struct suite *s = sel->v[i];
        json_t *calls = json_array();
        for (size_t j = 0; j < s->n_calls; j++)
            json_array_append_new(calls, json_pack("{s:s,s:s,s:s}", "id",
                                  s->calls[j].id, "method",
                                  s->calls[j].method, "path",
                                  s->calls[j].path));
        json_array_append_new(a, json_pack("{s:s,s:o,s:O,s:o}", "name",
                              s->name, "programs", strvec_json(&s->programs),
                              "because", sel->because[i], "calls", calls));
    }
    return a;
}

static json_t *run_json_new(const struct run_state *st,
                            const struct run_sel *sel,
                            const struct run_opts *o)
{
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    json_t *run, *selection;
    char *id = fs_basename(st->dir, NULL);

    gmtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    selection = json_pack("{s:o,s:o,s:b}", "notices",
                          o->notices ? strvec_json(o->notices) : json_array(),
                          "suites", o->suites ? strvec_json(o->suites)
                                              : json_array(),
                          "all", o->all);
    run = json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "format", 1,
                    "relcheck", RELCHECK_VERSION, "id", id ? id : "run",
                    "environment", sel->environment, "started_at", at,
                    "shard", sel->shard, "fail_on", sel->fail_on,
                    "formats", report_formats_json(sel->formats),
                    "selection", selection);
    json_object_set_new(run, "notices", sel->notices
                        ? json_incref(sel->notices) : json_array());
    json_object_set_new(run, "programs", strvec_json(&sel->programs));
    json_object_set_new(run, "coverage_gaps", strvec_json(&sel->gaps));
    json_object_set_new(run, "suites", suites_json(sel));
    json_object_set_new(run, "save_responses",
                        json_string(judge_save_name(sel->save)));
    json_object_set_new(run, "calls_sent", json_integer(0));
    free(id);
    return run;
}

int run_sel_open_dir(struct run_state *st, struct run_sel *sel,
                       const struct workspace *ws, const struct run_opts *o,
                       struct rc_error *err)
{
    json_t *run;
    int rc;

    if (o->resume) {
        st->dir = fs_absolute(o->resume);
        return st->dir ? 0 : rc_error_set(err, RC_ENOMEM, NULL,
                                          "out of memory");
    }
    rc = runlog_make_dir(&st->dir, o->out, &ws->cfg,
                         sel->environment, err);
    if (rc)
        return rc;
    run = run_json_new(st, sel, o);
    if (run == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    rc = runlog_write_run(st->dir, run, err);
    json_decref(run);
    return rc;
}

int run_sel_record_sent(const char *dir, long calls_sent,
                          struct rc_error *err)
{
    json_t *run = NULL;
    json_int_t before;
    int rc = runlog_read_run(&run, dir, err);

    if (rc)
        return rc;
    before = json_integer_value(json_object_get(run, "calls_sent"));
    json_object_set_new(run, "calls_sent",
                        json_integer(before + (json_int_t)calls_sent));
    rc = runlog_write_run(dir, run, err);
    json_decref(run);
    return rc;
}
