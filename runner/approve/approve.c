/*
 * relcheck approve's engine (see approve.h). Two phases: plan (choose the
 * calls, check every response and fixture loads) and apply (write each
 * fixture atomically), so a bad response file stops the command before
 * any baseline changes.
 */
#include "approve/approve.h"

#include <stdlib.h>
#include <string.h>

#include "config/fixture.h"
#include "core/fsutil.h"
#include "pattern/pattern.h"
#include "replay/keycheck.h"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool listed(const struct strvec *sv, const char *s)
{
    return sv == NULL || sv->n == 0 || strvec_contains(sv, s);
}

/* Whether call c of suite s is chosen by --call (ID or SUITE/ID). */
static bool call_chosen(const struct strvec *calls, const char *suite,
                        const char *id)
{
    char both[1024];

    if (calls == NULL || calls->n == 0)
        return true;
    snprintf(both, sizeof both, "%s/%s", suite, id);
    return strvec_contains(calls, id) || strvec_contains(calls, both);
}

/* The non-noise fields of a call line: its tally, else its differences. */
static void line_fields(struct strvec *out, const json_t *line)
{
    json_t *list = json_object_get(line, "fields"), *e;
    size_t i;

    if (!json_is_array(list))
        list = json_object_get(line, "differences");
    json_array_foreach(list, i, e) {
        const char *f = jstr(e, "field") ? jstr(e, "field") : jstr(e, "path");
        const char *sev = jstr(e, "severity");
        if (f && !(sev && strcmp(sev, "noise") == 0))
            strvec_push(out, f);
    }
    strvec_sort_unique(out);
}

/* Whether field works as a noise pattern (pattern/pattern.h); a warning
 * names it when not. */
static bool noise_usable(const char *field, const char *suite,
                         const char *id, struct strvec *warn)
{
    struct pattern *p = NULL;
    struct rc_error perr = {0};

    if (pattern_compile(&p, field, &perr) == 0) {
        pattern_free(p);
        return true;
    }
    strvec_pushf(warn, "%s/%s: field '%s' left out: not usable as a noise "
                       "pattern: %s", suite, id, field, perr.message);
    return false;
}

/* The response file of call ci (caller frees). */
static char *response_path(const struct result *r, size_t ci)
{
    const struct result_call *c = &r->calls[ci];
    char *path = NULL;

    if (asprintf(&path, "%s/responses/%s/%s.json", r->dir,
                 r->suites[c->suite].name, c->id) < 0)
        return NULL;
    return path;
}

/*
 * The error for a response file that is not there: a run keeps the
 * responses of `changed` and `error` calls by default (--save-responses),
 * so say which setting the run had and what to do.
 */
static int no_response(const struct result *r, const char *path,
                       const char *suite, const char *id,
                       struct rc_error *err)
{
    const char *mode = json_string_value(json_object_get(r->run,
                                                         "save_responses"));

    if (mode && strcmp(mode, "none") == 0)
        rc_error_set(err, RC_EINPUT, fs_display(path), "no response saved "
                     "for '%s/%s': the run was made with --save-responses "
                     "none; replay it with --save-responses changed (the "
                     "default) or all, then approve that run, or add the "
                     "fields as noise with --as-noise", suite, id);
    else
        rc_error_set(err, RC_EINPUT, fs_display(path), "no response saved "
                     "for '%s/%s' (the file is missing); replay the call, "
                     "then approve that run, or add the fields as noise "
                     "with --as-noise", suite, id);
    return err->code;
}

/* Decides what to do with call ci; appends a plan item to plan or a
 * warning. The file the item will read (the response for a baseline, the
 * fixture for noise) must load. */
static int plan_call(json_t *plan, struct result *r, size_t ci,
                     const struct approve_opts *o, struct strvec *warn,
                     struct rc_error *err)
{
    const struct result_call *c = &r->calls[ci];
    const char *suite = r->suites[c->suite].name;
    struct strvec all = STRVEC_INIT, chosen = STRVEC_INIT;
    json_t *line = NULL, *fields = json_array();
    int rc = result_call_line(&line, r, ci, err);

    if (rc)
        goto done;
    line_fields(&all, line);
    for (size_t i = 0; i < all.n; i++)
        if (listed(o->fields, all.v[i])
            && (!o->as_noise || noise_usable(all.v[i], suite, c->id, warn)))
            strvec_push(&chosen, all.v[i]);
    if (chosen.n == 0)
        goto done;
    if (!o->as_noise && chosen.n < all.n) {
        strvec_pushf(warn, "%s/%s: not approved: it also differs in fields "
                           "not chosen (%zu of %zu chosen); choose them too "
                           "or use --as-noise", suite, c->id, chosen.n, all.n);
        goto done;
    }
    {
        struct fixture f = {0};
        char *path = o->as_noise ? fixture_path(o->fixtures_dir, suite, c->id)
                                 : response_path(r, ci);

        if (path == NULL)
            rc = rc_error_set(err, RC_ENOMEM, r->dir, "out of memory");
        else if (!o->as_noise && !fs_is_file(path))
            rc = no_response(r, path, suite, c->id, err);
        else
            rc = fixture_load(&f, path, warn, err);
        fixture_release(&f);
        free(path);
        if (rc)
            goto done;
    }
    for (size_t i = 0; i < chosen.n; i++)
        json_array_append_new(fields, json_string(chosen.v[i]));
    json_array_append_new(plan, json_pack("{s:I, s:O}", "call",
                                          (json_int_t)ci, "fields", fields));
done:
    json_decref(line);
    json_decref(fields);
    strvec_release(&all);
    strvec_release(&chosen);
    return rc;
}

/* Adds each string of fields to sv unless it is there. */
static void add_noise(struct strvec *sv, const json_t *fields)
{
    json_t *f;
    size_t i;

    json_array_foreach(fields, i, f)
        if (!strvec_contains(sv, json_string_value(f)))
            strvec_push(sv, json_string_value(f));
}

/* Writes the new baseline of call ci to path: the response, with the old
 * fixture's noise (and the response's) kept. */
static int apply_baseline(struct result *r, size_t ci, const char *path,
                          struct strvec *warn, struct rc_error *err)
{
    struct fixture resp = {0}, old = {0};
    char *rpath = response_path(r, ci);
    int rc = fixture_load(&resp, rpath, warn, err);

    if (rc == 0 && fs_is_file(path)) {
        rc = fixture_load(&old, path, warn, err);
        for (size_t i = 0; rc == 0 && i < old.noise.n; i++)
            if (!strvec_contains(&resp.noise, old.noise.v[i]))
                strvec_push(&resp.noise, old.noise.v[i]);
        if (resp.redaction_key == NULL) {   /* a run older than key ids */
            resp.redaction_key = old.redaction_key;
            old.redaction_key = NULL;
        }
    }
    if (rc == 0)
        rc = fixture_save(&resp, path, err);
    fixture_release(&resp);
    fixture_release(&old);
    free(rpath);
    return rc;
}

/* Adds fields to the fixture's noise. A fixture older than key ids gains
 * the id of the key the run compared it under (its response's, when the
 * run kept one): SPEC section 9. */
static int apply_noise(struct result *r, size_t ci, const char *path,
                       const json_t *fields, struct strvec *warn,
                       struct rc_error *err)
{
    struct fixture f = {0};
    char id[9] = "", *rpath = NULL;
    int rc = fixture_load(&f, path, warn, err);

    if (rc == 0 && f.redaction_key == NULL) {
        rpath = response_path(r, ci);
        rc = rpath ? replay_fixture_key_id(id, rpath, err)
                   : rc_error_set(err, RC_ENOMEM, r->dir, "out of memory");
        if (rc == 0 && id[0] && (f.redaction_key = strdup(id)) == NULL)
            rc = rc_error_set(err, RC_ENOMEM, r->dir, "out of memory");
    }
    if (rc == 0) {
        add_noise(&f.noise, fields);
        rc = fixture_save(&f, path, err);
    }
    fixture_release(&f);
    free(rpath);
    return rc;
}

/* Carries out one plan item and appends its change record. */
static int apply_item(json_t *changes, struct result *r, const json_t *item,
                      const struct approve_opts *o, struct strvec *warn,
                      struct rc_error *err)
{
    size_t ci = (size_t)json_integer_value(json_object_get(item, "call"));
    const struct result_call *c = &r->calls[ci];
    const char *suite = r->suites[c->suite].name;
    json_t *fields = json_object_get(item, "fields");
    char *path = fixture_path(o->fixtures_dir, suite, c->id);
    int rc;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, o->fixtures_dir, "out of memory");
    rc = o->as_noise ? apply_noise(r, ci, path, fields, warn, err)
                     : apply_baseline(r, ci, path, warn, err);
    if (rc == 0) {
        json_array_append_new(
            changes, json_pack("{s:s, s:s, s:s, s:s, s:O}", "suite", suite,
                               "call", c->id, "fixture", path, "action",
                               o->as_noise ? "noise" : "baseline", "fields",
                               fields));
        if (o->history_path)   /* after the fixture it describes */
            rc = history_append(o->history_path, o->stamp, r->run, suite,
                                c->id, fields, o->as_noise ? "noise"
                                                           : "baseline", err);
    }
    free(path);
    return rc;
}

/* Every suite and call the run folder names must pass the name rule and
 * be the workspace's (ws, when not NULL): a hand-made run.json must not
 * choose where fixtures are written. */
static int check_names(const struct result *r, const struct suite_set *ws,
                       struct rc_error *err)
{
    for (size_t i = 0; i < r->n_suites; i++) {
        const char *name = r->suites[i].name;

        if (!fs_name_ok(name, strlen(name)) ||
            (ws && suite_find(ws, name) == NULL))
            return rc_error_set(err, RC_EINPUT, fs_display(r->dir), "the run "
                                "names suite '%s', which is not a suite of "
                                "this workspace: nothing approved", name);
    }
    for (size_t i = 0; i < r->n_calls; i++) {
        const char *suite = r->suites[r->calls[i].suite].name;
        const char *id = r->calls[i].id;
        const struct suite *s = ws ? suite_find(ws, suite) : NULL;

        if (!fs_name_ok(id, strlen(id)) || (ws && (s == NULL ||
                                                   suite_call(s, id) == NULL)))
            return rc_error_set(err, RC_EINPUT, fs_display(r->dir), "the run "
                                "names call '%s' of suite '%s', which is not "
                                "in this workspace: nothing approved", id,
                                suite);
    }
    return 0;
}

int approve_run(json_t **changes, struct result *r,
                const struct approve_opts *o, struct strvec *warnings,
                struct rc_error *err)
{
    json_t *plan, *item;
    size_t i;
    int rc;

    *changes = json_array();
    if ((rc = check_names(r, o->workspace, err)) != 0)
        return rc;
    plan = json_array();
    if (!r->complete && !o->incomplete)
        rc = rc_error_set(err, RC_EINPUT, r->dir,
                          "the run did not complete (%ld calls not run); "
                          "approve it anyway with --incomplete",
                          r->summary.not_run);
    for (i = 0; rc == 0 && i < r->n_calls; i++) {
        const struct result_call *c = &r->calls[i];
        const char *suite = r->suites[c->suite].name;

        if (c->outcome == OUT_CHANGED && listed(o->suites, suite)
            && call_chosen(o->calls, suite, c->id))
            rc = plan_call(plan, r, i, o, warnings, err);
    }
    json_array_foreach(plan, i, item) {
        if (rc)
            break;
        rc = apply_item(*changes, r, item, o, warnings, err);
    }
    json_decref(plan);
    return rc;
}
