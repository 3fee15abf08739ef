/*
 * The recorder (see recorder.h). The first response of a call becomes its
 * fixture document at once (redacted); later sendings of the same call
 * are only compared with it to learn noise, so at most one response per
 * call in flight is held.
 */
#include "record/recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/fixture.h"
#include "core/afile.h"
#include "core/fsutil.h"
#include "core/grow.h"
#include "diff/diff.h"
#include "replay/stored.h"

struct record_slot {
    json_t *fixture;      /* the first response, as a fixture document */
    char *body0;          /* its raw body, for learning noise */
    size_t len0;
    char *ct0;            /* its content type, or NULL */
    int got;              /* sendings with an outcome */
    enum record_what what;
    bool decided;         /* skipped or failed: what and reason set */
    char *reason;
    struct strvec noise;
};

static struct record_entry *new_entry(struct recorder *r)
{
    if (RC_GROW(r->entries, r->cap_entries, r->n_entries, 16) != 0)
        return NULL;
    memset(&r->entries[r->n_entries], 0, sizeof(*r->entries));
    return &r->entries[r->n_entries++];
}

/* Enters a call whose fixture exists and is kept. */
static int add_kept(struct recorder *r, const struct suite *su,
                    const struct call *c)
{
    struct record_entry *e = new_entry(r);

    if (e == NULL)
        return RC_ENOMEM;
    e->suite = su->name;
    e->call = c->id;
    e->what = REC_KEPT;
    e->reason = strdup("fixture exists (--update records it again)");
    r->counts[REC_KEPT]++;
    return e->reason ? 0 : RC_ENOMEM;
}

int recorder_init(struct recorder *r, const struct config *cfg,
                  const struct environment *env,
                  const struct redact_key *key,
                  const struct suite *const *suites, size_t n, bool update,
                  struct strvec *done, struct rc_error *err)
{
    memset(r, 0, sizeof(*r));
    diff_init();
    if (pattern_set_add_all(&r->redact, &cfg->redact, err) != 0) {
        rc_error_prefix(err, "%s: redact", cfg->path);
        return err->code;
    }
    r->cfg = cfg;
    r->env = env;
    r->key = key;
    r->suites = suites;
    r->n_suites = n;
    r->slots = calloc(n ? n : 1, sizeof(*r->slots));
    if (r->slots == NULL)
        return RC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char *dir = fs_join(cfg->fixtures_dir, suites[i]->name);
        int rc = dir ? fs_no_symlink_below(cfg->dir, dir, err) : RC_ENOMEM;

        free(dir);
        if (rc)
            return rc;
        r->slots[i] = calloc(suites[i]->n_calls ? suites[i]->n_calls : 1,
                             sizeof(**r->slots));
        if (r->slots[i] == NULL)
            return RC_ENOMEM;
    }
    for (size_t i = 0; i < n && !update; i++)
        for (size_t j = 0; j < suites[i]->n_calls; j++) {
            char *path = fixture_path(cfg->fixtures_dir, suites[i]->name,
                                      suites[i]->calls[j].id);
            bool exists = path && fs_is_file(path);

            free(path);
            if (!exists)
                continue;
            if (strvec_pushf(done, "%s/%s", suites[i]->name,
                             suites[i]->calls[j].id))
                return RC_ENOMEM;
            if (add_kept(r, suites[i], &suites[i]->calls[j]) != 0)
                return RC_ENOMEM;
        }
    strvec_sort_unique(done);
    return 0;
}

/* Adds the fields that differ between the slot's first body and res's
 * body to the slot's noise (the diff engine decides formats and paths). */
static void learn_noise(struct record_slot *s,
                        const struct replay_result *res)
{
    struct diff_side a = {0, NULL, s->body0, s->len0, s->ct0, NULL,
                          "first"};
    struct diff_side b = {0, NULL, res->body, res->body_len,
                          res->content_type, NULL, "repeat"};
    struct diff_options opts;
    struct diff_result dr;

    memset(&opts, 0, sizeof(opts));
    diff_result_init(&dr);
    if (diff_compare(&dr, &a, &b, &opts, NULL) == 0)
        for (size_t i = 0; i < dr.n_fields; i++)
            strvec_push(&s->noise, dr.fields[i].field);
    diff_result_release(&dr);
}

/* Keeps a copy of the first body; returns 0 or RC_ENOMEM. */
static int keep_first(struct record_slot *s, const struct replay_result *res)
{
    s->body0 = malloc(res->body_len + 1);
    s->ct0 = res->content_type ? strdup(res->content_type) : NULL;
    if (s->body0 == NULL || (res->content_type && s->ct0 == NULL))
        return RC_ENOMEM;
    memcpy(s->body0, res->body, res->body_len);
    s->body0[res->body_len] = '\0';
    s->len0 = res->body_len;
    return 0;
}

static void drop_first(struct record_slot *s)
{
    free(s->body0);
    free(s->ct0);
    s->body0 = s->ct0 = NULL;
    s->len0 = 0;
}

/* Notes the outcome of one sending into its slot. */
static void absorb(struct recorder *r, struct record_slot *s,
                   const struct replay_result *res)
{
    if (s->decided)
        return;
    if (res->outcome != REPLAY_SENT) {
        s->decided = true;
        s->what = res->outcome == REPLAY_SKIPPED ? REC_SKIPPED : REC_FAILED;
        s->reason = strdup(res->reason ? res->reason : "unknown");
        return;
    }
    if (res->call->teardown) {      /* sent to undo, never a baseline */
        s->decided = true;
        s->what = res->status >= 400 ? REC_FAILED : REC_TEARDOWN;
        if (asprintf(&s->reason, "teardown call answered HTTP %ld",
                     res->status) < 0)
            s->reason = NULL;
        return;
    }
    if (s->fixture == NULL) {
        s->fixture = replay_fixture_json(r->env, &r->redact, r->key, res,
                                         NULL, replay_parse_json_body(res, r->warnings));
        if (s->fixture == NULL || (res->repeats > 1 &&
                                   keep_first(s, res) != 0)) {
            s->decided = true;
            s->what = REC_FAILED;
            s->reason = strdup("out of memory");
        }
        return;
    }
    learn_noise(s, res);
}

/* Writes the fixture of a finished slot; returns the entry's verdict. */
static void write_fixture(struct recorder *r, struct record_slot *s,
                          struct record_entry *e)
{
    struct rc_error err = {0};
    char *path = fixture_path(r->cfg->fixtures_dir, e->suite, e->call);

    strvec_sort_unique(&s->noise);
    json_object_set_new(s->fixture, "noise", strvec_json(&s->noise));
    e->status = (long)json_integer_value(json_object_get(
        json_object_get(s->fixture, "response"), "status"));
    if (path && afile_write_json(path, s->fixture, &err) == 0) {
        e->what = REC_RECORDED;
        e->path = path;
        e->noise = s->noise;
        memset(&s->noise, 0, sizeof(s->noise));
        return;
    }
    e->what = REC_FAILED;
    e->reason = strdup(path ? err.message : "out of memory");
    free(path);
}

void recorder_on_result(void *ctx, const struct replay_result *res)
{
    struct recorder *r = ctx;
    struct record_slot *s = &r->slots[res->suite_index][res->call_index];
    struct record_entry *e;

    r->results++;
    absorb(r, s, res);
    if (++s->got < res->repeats || (e = new_entry(r)) == NULL)
        goto progress;
    e->suite = res->suite->name;
    e->call = res->call->id;
    if (s->decided) {
        e->what = s->what;
        e->reason = s->reason;
        s->reason = NULL;
    } else {
        write_fixture(r, s, e);
    }
    r->counts[e->what]++;
    json_decref(s->fixture);
    s->fixture = NULL;
    drop_first(s);
    strvec_release(&s->noise);
progress:
    if (r->progress)
        r->progress(r->progress_ctx, r);
}

void recorder_release(struct recorder *r)
{
    for (size_t i = 0; r->slots && i < r->n_suites; i++) {
        for (size_t j = 0; r->slots[i] && j < r->suites[i]->n_calls; j++) {
            json_decref(r->slots[i][j].fixture);
            drop_first(&r->slots[i][j]);
            free(r->slots[i][j].reason);
            strvec_release(&r->slots[i][j].noise);
        }
        free(r->slots[i]);
    }
    free(r->slots);
    for (size_t i = 0; i < r->n_entries; i++) {
        free(r->entries[i].reason);
        free(r->entries[i].path);
        strvec_release(&r->entries[i].noise);
    }
    free(r->entries);
    pattern_set_release(&r->redact);
    memset(r, 0, sizeof(*r));
}
