/*
 * Judging one replayed call (see judge.h).
 */
#include "result/folder.h"
#include "run/judge.h"

#include <stdlib.h>
#include <string.h>

#include "config/fixture.h"
#include "core/fsutil.h"
#include "core/afile.h"
#include "core/base64.h"
#include "core/json.h"
#include "diff/diff.h"
#include "replay/stored.h"

static const char *const save_names[] = {"changed", "all", "none"};

int judge_save_parse(enum judge_save *mode, const char *text,
                     struct rc_error *err)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(text, save_names[i]) == 0) {
            *mode = (enum judge_save)i;
            return 0;
        }
    return rc_error_set(err, RC_EUSAGE, "run", "--save-responses wants "
                        "changed, all or none, not '%s'", text);
}

const char *judge_save_name(enum judge_save mode)
{
    return save_names[mode <= JUDGE_SAVE_NONE ? mode : 0];
}

int judge_init(struct judge *j, const struct config *cfg,
               const struct environment *env, const char *run_dir,
               enum judge_save save, struct strvec *warnings,
               struct rc_error *err)
{
    int rc;

    memset(j, 0, sizeof *j);
    j->cfg = cfg;
    j->env = env;
    j->warnings = warnings;
    j->save = save;
    j->responses_dir = fs_join(run_dir, RUN_RESPONSES);
    if (j->responses_dir == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    /* config_load has compiled both lists once: these cannot fail but
     * for memory */
    if ((rc = pattern_set_add_all(&j->ignore, &cfg->diff.ignore, err)) != 0
        || (rc = pattern_set_add_all(&j->redact, &cfg->redact, err)) != 0)
        return rc;
    return redact_key_load(&j->key, cfg->state_dir, warnings, err);
}

void judge_release(struct judge *j)
{
    free(j->responses_dir);
    pattern_set_release(&j->ignore);
    pattern_set_release(&j->redact);
    memset(j, 0, sizeof *j);
}

/* The per-call patterns: the call's ignore rules, its captures, the
 * fixture's noise, its array keys, and the fields it uses (the suite's
 * `uses` and its own). */
struct call_rules {
    struct pattern_set ignore, captures, noise, uses;
    struct diff_keys keys;
};

static void rules_release(struct call_rules *cr)
{
    pattern_set_release(&cr->ignore);
    pattern_set_release(&cr->captures);
    pattern_set_release(&cr->noise);
    pattern_set_release(&cr->uses);
    diff_keys_release(&cr->keys);
}

static int rules_init(struct call_rules *cr, const struct suite *s,
                      const struct call *c, const struct fixture *f,
                      struct rc_error *err)
{
    int rc;

    memset(cr, 0, sizeof *cr);
    diff_keys_init(&cr->keys);
    if ((rc = pattern_set_add_all(&cr->ignore, &c->ignore, err)) != 0
        || (rc = pattern_set_add_all(&cr->noise, &f->noise, err)) != 0
        || (rc = pattern_set_add_all(&cr->uses, &s->reads, err)) != 0
        || (rc = pattern_set_add_all(&cr->uses, &c->reads, err)) != 0)
        return rc;
    for (size_t i = 0; i < c->n_captures; i++)
        if ((rc = pattern_set_add(&cr->captures, c->captures[i].path,
                                  err)) != 0)
            return rc;
    for (size_t i = 0; i < c->n_array_keys; i++)
        if ((rc = diff_keys_add(&cr->keys, c->array_keys[i].path,
                                c->array_keys[i].key, err)) != 0)
            return rc;
    return 0;
}

/* The baseline side from a fixture; *decoded holds a base64 body (a
 * body_base64 that is not base64 is compared as the text it is). */
static void baseline_side(struct diff_side *s, const struct fixture *f,
                          char **decoded)
{
    size_t n = 0;

    memset(s, 0, sizeof *s);
    s->status = f->status;
    s->headers = f->headers;
    s->content_type = fixture_content_type(f);
    s->name = "baseline";
    if (f->body_kind == BODY_JSON) {
        s->json = f->body;
    } else if (f->body_kind == BODY_TEXT) {
        s->body = f->body_text;
        s->body_len = strlen(f->body_text);
    } else if (f->body_kind == BODY_BASE64) {
        if (b64_decode(decoded, &n, f->body_text, strlen(f->body_text))
            == 0) {
            s->body = *decoded;
            s->body_len = n;
        } else {
            s->body = f->body_text;
            s->body_len = strlen(f->body_text);
        }
    }
}

static json_t *fields_json(const struct diff_result *d)
{
    json_t *a = json_array();

    for (size_t i = 0; i < d->n_fields; i++) {
        const struct diff_field *f = &d->fields[i];
        json_t *ex = json_pack("{s:s}", "path", f->path);
        if (f->new_path)
            json_object_set_new(ex, "new_path", json_string(f->new_path));
        if (f->old)
            json_object_set(ex, "old", f->old);
        if (f->new_)
            json_object_set(ex, "new", f->new_);
        json_t *row = json_pack("{s:s,s:s,s:s,s:I,s:o}",
            "field", f->field, "kind", diff_kind_name(f->kind),
            "severity", severity_name(f->severity),
            "occurrences", (json_int_t)f->occurrences, "example", ex);
        if (row && f->new_field)
            json_object_set_new(row, "new_field", json_string(f->new_field));
        if (row && !f->used)
            json_object_set_new(row, "used", json_false());
        json_array_append_new(a, row);
    }
    return a;
}

/* Diffs the response against the fixture into the line; same_json: the
 * bodies are known to be the same JSON (parsed is then NULL). */
static int diff_call(json_t *line, struct judge *j,
                     const struct replay_result *r, const struct fixture *f,
                     const json_t *parsed, bool same_json,
                     struct rc_error *err)
{
    struct call_rules cr;
    struct diff_result d;
    struct diff_options o;
    struct diff_side base, rep;
    char *decoded = NULL;
    int rc;

    diff_result_init(&d);
    if ((rc = rules_init(&cr, r->suite, r->call, f, err)) != 0) {
        json_object_set_new(line, "outcome", json_string("error"));
        json_object_set_new(line, "reason", json_sprintf("bad rule: %s",
                            err->message));
        rc = 0;
        goto done;
    }
    memset(&o, 0, sizeof o);
    o.noise[0] = &j->ignore;
    o.noise[1] = &cr.ignore;
    o.noise[2] = &cr.noise;
    o.noise[3] = &cr.captures;
    o.captures[0] = f->captures;    /* a capture's value then and now */
    o.captures[1] = r->captured;
    o.keys[0] = &cr.keys;
    o.uses = &cr.uses;
    o.tolerance = j->cfg->diff.tolerance;
    o.headers = &j->cfg->diff.headers;
    o.redact = &j->redact;
    o.redact_fn = redact_fn_value;
    o.redact_ctx = &j->key;
    o.same_json = same_json;
    baseline_side(&base, f, &decoded);
    memset(&rep, 0, sizeof rep);
    rep.status = (int)r->status;
    rep.headers = r->headers;
    rep.body = r->body;
    rep.body_len = r->body_len;
    rep.content_type = r->content_type;
    rep.json = parsed;
    rep.name = "replay";
    if ((rc = diff_compare(&d, &base, &rep, &o, err)) != 0)
        goto done;
    json_object_set_new(line, "outcome", json_string(
                            diff_result_differs(&d) ? "changed" : "same"));
    json_object_set_new(line, "differences", diff_items_to_json(&d));
    if (d.truncated)
        json_object_set_new(line, "truncated",
                            json_integer((json_int_t)d.truncated));
    json_object_set_new(line, "fields", fields_json(&d));
done:
    free(decoded);
    diff_result_release(&d);
    rules_release(&cr);
    return rc;
}

/* Writes responses/SUITE/CALL.json: the response in fixture form
 * (record's, redacted) with the baseline's noise, if there is one. */
static int save_response(struct judge *j, const struct replay_result *r,
                         const struct fixture *base, json_t *parsed,
                         struct rc_error *err)
{
    json_t *doc = replay_fixture_json(j->env, &j->redact, &j->key, r,
                                      base ? &base->noise : NULL, parsed);
    char *path = fixture_path(j->responses_dir, r->suite->name, r->call->id);
    int rc;

    if (doc == NULL || path == NULL)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    else
        rc = afile_write_json_flags(path, doc, AFILE_NOSYNC, err);
    json_decref(doc);
    free(path);
    return rc;
}

/* Whether the judged line's response is kept (j->save). */
static bool wants_saving(const struct judge *j, const json_t *line)
{
    const char *outcome = json_string_value(json_object_get(line,
                                                            "outcome"));

    if (j->save != JUDGE_SAVE_CHANGED)
        return j->save == JUDGE_SAVE_ALL;
    return outcome && (strcmp(outcome, "changed") == 0
                       || strcmp(outcome, "error") == 0);
}

static json_t *line_base(const struct replay_result *r)
{
    json_t *line = json_pack("{s:s,s:s,s:s,s:s}", "suite", r->suite->name,
                             "id", r->call->id, "method", r->call->method,
                             "path", r->call->path);

    json_object_set_new(line, "duration_ms", json_integer(r->duration_ms));
    json_object_set_new(line, "calls_sent", json_integer(r->sent));
    json_object_set_new(line, "retries",
                        json_integer(r->attempts > 1 ? r->attempts - 1 : 0));
    if (r->method && r->url) {
        json_t *req = json_pack("{s:s,s:s}", "method", r->method, "url",
                                r->url);
        if (r->req_headers)
            json_object_set(req, "headers", (json_t *)r->req_headers);
        json_object_set_new(line, "request", req);
    }
    return line;
}

static void set_outcome(json_t *line, const char *outcome, const char *why)
{
    json_object_set_new(line, "outcome", json_string(outcome));
    if (why)
        json_object_set_new(line, "reason", json_string(why));
}

int judge_call(json_t **line, struct judge *j, const struct replay_result *r,
               struct rc_error *err)
{
    struct fixture f;
    struct rc_error ferr;
    char *fpath = NULL;
    json_t *parsed = NULL;
    bool loaded, have = false, same_json = false;
    int rc = 0, frc;

    *line = line_base(r);
    if (*line == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (r->outcome != REPLAY_SENT) {
        set_outcome(*line, r->outcome == REPLAY_SKIPPED ? "skipped" : "error",
                    r->reason ? r->reason : "");
        return 0;
    }
    if (r->call->teardown) {     /* undoes the suite's writes: no diff */
        char why[64];
        snprintf(why, sizeof why, "teardown call answered HTTP %ld",
                 r->status);
        set_outcome(*line, r->status >= 400 ? "error" : "same",
                    r->status >= 400 ? why : NULL);
        return 0;
    }
    fpath = fixture_path(j->cfg->fixtures_dir, r->suite->name, r->call->id);
    rc_error_clear(&ferr);
    frc = fpath ? fixture_load_lazy(&f, fpath, &ferr) : RC_ENOMEM;
    loaded = frc == 0;
    /* the common case, a body that came back as recorded, is decided on
     * the texts: neither body becomes a tree */
    if (frc == 0 && f.body_src && replay_body_is_json(r))
        same_json = jx_same_text(f.body_src, f.body_src_len, r->body,
                                 r->body_len);
    if (!same_json)
        parsed = replay_parse_json_body(r, j->warnings);
    if (frc == 0 && !same_json)
        frc = fixture_parse_body(&f, fpath, &ferr);
    if (fpath == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    } else if (frc == RC_ENOTFOUND) {
        set_outcome(*line, "error", "no baseline: run relcheck record");
    } else if (frc < 0) {
        json_object_set_new(*line, "outcome", json_string("error"));
        json_object_set_new(*line, "reason", json_sprintf(
                                "bad baseline: %s: %s", ferr.where,
                                ferr.message));
    } else {
        have = true;
        if (f.environment && j->env
            && strcmp(f.environment, j->env->name) != 0)
            json_object_set_new(*line, "baseline_environment",
                                json_string(f.environment));
        rc = diff_call(*line, j, r, &f, parsed, same_json, err);
    }
    if (rc == 0 && wants_saving(j, *line)) {
        if (same_json)
            parsed = replay_parse_json_body(r, j->warnings);
        rc = save_response(j, r, have ? &f : NULL, json_incref(parsed), err);
    }
    if (loaded)
        fixture_release(&f);
    free(fpath);
    json_decref(parsed);
    if (rc) {
        json_decref(*line);
        *line = NULL;
    }
    return rc;
}
