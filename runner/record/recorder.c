/*
 * The recorder (see recorder.h). The first response of a call becomes its
 * fixture document at once (redacted); later sendings of the same call
 * are only compared with it to learn noise, so at most one response per
 * call waiting for its next round is held. A fixture whose noise grows
 * (noise_only, write calls taking over noise) is loaded and saved whole,
 * as approve --as-noise does, so its baseline stays as it was.
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
#include "replay/request.h"
#include "replay/stored.h"

struct record_slot {
    json_t *fixture;      /* the first response, as a fixture document */
    char *body0;          /* its raw body, for learning noise */
    size_t len0;
    char *ct0;            /* its content type, or NULL */
    int got;              /* sendings with an outcome */
    bool seen;            /* the first response came */
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

/* Enters call j of suite i, not sent: kept (its fixture exists) or
 * skipped, for the reason given; path: its fixture, when it takes over
 * noise at the end. */
static int add_unsent(struct recorder *r, size_t i, size_t j,
                      enum record_what what, const char *reason, char *path)
{
    struct record_entry *e = new_entry(r);

    if (e == NULL) {
        free(path);
        return RC_ENOMEM;
    }
    e->suite = r->suites[i]->name;
    e->call = r->suites[i]->calls[j].id;
    e->si = i;
    e->ci = j;
    e->what = what;
    e->path = path;
    e->takes = path != NULL;
    e->reason = strdup(reason);
    r->counts[what]++;
    return e->reason ? 0 : RC_ENOMEM;
}

/* Decides whether call j of suite i is sent; one that is not goes into
 * done with its entry. */
static int plan_call(struct recorder *r, size_t i, size_t j, bool update,
                     struct strvec *done)
{
    const struct suite *su = r->suites[i];
    const struct call *c = &su->calls[j];
    char *path = fixture_path(r->cfg->fixtures_dir, su->name, c->id);
    bool exists = path && fs_is_file(path), writes = call_is_write(c);

    if (path == NULL)
        return RC_ENOMEM;
    if (c->teardown || (r->noise_only ? exists && !writes
                                      : update || !exists)) {
        free(path);
        return 0;
    }
    if (strvec_pushf(done, "%s/%s", su->name, c->id)) {
        free(path);
        return RC_ENOMEM;
    }
    if (!r->noise_only) {
        free(path);
        return add_unsent(r, i, j, REC_KEPT, "fixture exists (--update "
                          "records it again)", NULL);
    }
    if (!exists) {
        free(path);
        return add_unsent(r, i, j, REC_SKIPPED, "no fixture to add noise "
                          "to (record it without --noise-only)", NULL);
    }
    return add_unsent(r, i, j, REC_KEPT, "write call, not sent by "
                      "--noise-only; no new noise of other calls to take "
                      "over", path);
}

int recorder_init(struct recorder *r, const struct config *cfg,
                  const struct environment *env,
                  const struct redact_key *key,
                  const struct suite *const *suites, size_t n, bool update,
                  bool noise_only, struct strvec *done,
                  struct rc_error *err)
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
    r->noise_only = noise_only;
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
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < suites[i]->n_calls; j++)
            if (plan_call(r, i, j, update, done) != 0)
                return RC_ENOMEM;
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
    if (!s->seen) {
        s->seen = true;
        if (!r->noise_only)     /* noise_only keeps the baseline */
            s->fixture = replay_fixture_json(
                r->env, &r->redact, r->key, res, NULL,
                replay_parse_json_body(res, r->warnings));
        if ((s->fixture == NULL && !r->noise_only)
            || (res->repeats > 1 && keep_first(s, res) != 0)) {
            s->decided = true;
            s->what = REC_FAILED;
            s->reason = strdup("out of memory");
        }
        return;
    }
    learn_noise(s, res);
}

/*
 * Adds the fields of add that are not there yet to the noise of the
 * fixture at path (loaded and saved whole: its baseline stays) and to
 * *added; when take_from is not NULL only those its JSON body holds
 * (write calls), each with its source in *added_from. Saves only when
 * something was added. Returns 0 or an RC_E* error in err.
 */
static int grow_noise(const char *path, const struct strvec *add,
                      const struct strvec *take_from, struct strvec *added,
                      struct strvec *added_from, struct rc_error *err)
{
    struct fixture f;
    size_t before;
    int rc = fixture_load(&f, path, NULL, err);

    if (rc)
        return rc;
    before = f.noise.n;
    for (size_t i = 0; i < add->n; i++) {
        struct pattern *p = NULL;
        bool has = !take_from;

        if (strvec_contains(&f.noise, add->v[i]))
            continue;
        if (take_from && f.body_kind == BODY_JSON && add->v[i][0] == '$'
            && add->v[i][1] != '\0'
            && pattern_compile(&p, add->v[i], NULL) == 0)
            has = pattern_first(p, f.body) != NULL;
        pattern_free(p);
        if (!has)
            continue;
        strvec_push(&f.noise, add->v[i]);
        strvec_push(added, add->v[i]);
        if (take_from)      /* in step with add but when out of memory */
            strvec_push(added_from, i < take_from->n ? take_from->v[i]
                                                     : "?");
    }
    rc = f.noise.n > before ? fixture_save(&f, path, err) : 0;
    fixture_release(&f);
    return rc;
}

/* noise_only: adds what the slot learned to the call's fixture. */
static void add_learned(struct recorder *r, struct record_slot *s,
                        struct record_entry *e)
{
    struct rc_error err = {0};
    char *path = fixture_path(r->cfg->fixtures_dir, e->suite, e->call);

    strvec_sort_unique(&s->noise);
    if (path == NULL || grow_noise(path, &s->noise, NULL, &e->noise, NULL,
                                   &err) != 0) {
        e->what = REC_FAILED;
        e->reason = strdup(path ? err.message : "out of memory");
        free(path);
        return;
    }
    e->path = path;
    e->what = e->noise.n ? REC_LEARNED : REC_KEPT;
    if (e->noise.n == 0)
        e->reason = strdup(s->noise.n ? "no new noise (the fixture has it "
                           "already)" : "no noise learned: the responses "
                           "were the same");
}

/* Writes the fixture of a finished slot; returns the entry's verdict. */
static void write_fixture(struct recorder *r, struct record_slot *s,
                          struct record_entry *e, const struct call *c)
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
        e->takes = call_is_write(c);
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
    e->si = res->suite_index;
    e->ci = res->call_index;
    if (s->decided) {
        e->what = s->what;
        e->reason = s->reason;
        s->reason = NULL;
    } else if (r->noise_only) {
        add_learned(r, s, e);
    } else {
        write_fixture(r, s, e, res->call);
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
        strvec_release(&r->entries[i].taken);
        strvec_release(&r->entries[i].taken_from);
    }
    free(r->entries);
    pattern_set_release(&r->redact);
    memset(r, 0, sizeof(*r));
}

/* Adds the fields of noise to the pool (fields, and in from their
 * source "SUITE/CALL"), each once: the first source stays. */
static void pool_add(struct strvec *fields, struct strvec *from,
                     const struct strvec *noise, const char *suite,
                     const char *call)
{
    for (size_t i = 0; i < noise->n; i++)
        if (!strvec_contains(fields, noise->v[i])
            && strvec_push(fields, noise->v[i]) == 0
            && strvec_pushf(from, "%s/%s", suite, call) != 0)
            strvec_push(from, "?");
}

/* The noise the GET/HEAD calls learned: this session's first (suite
 * order), then their fixtures in the workspace. */
static void pool_build(const struct recorder *r, const struct suite *all,
                       size_t n_all, struct strvec *fields,
                       struct strvec *from)
{
    for (size_t i = 0; i < r->n_entries; i++) {
        const struct record_entry *e = &r->entries[i];

        if (!e->takes)
            pool_add(fields, from, &e->noise, e->suite, e->call);
    }
    for (size_t i = 0; i < n_all; i++)
        for (size_t j = 0; j < all[i].n_calls; j++) {
            const struct call *c = &all[i].calls[j];
            char *path;
            struct fixture f;
            struct rc_error ignored;

            if (call_is_write(c) || c->teardown)
                continue;
            path = fixture_path(r->cfg->fixtures_dir, all[i].name, c->id);
            if (path && fixture_load_lazy(&f, path, &ignored) == 0) {
                pool_add(fields, from, &f.noise, all[i].name, c->id);
                fixture_release(&f);
            }
            free(path);
        }
}

/* A write call's entry takes over the pool's noise its body holds. */
static void take_over(struct recorder *r, struct record_entry *e,
                      const struct strvec *fields, const struct strvec *from)
{
    struct rc_error err = {0};

    if (grow_noise(e->path, fields, from, &e->taken, &e->taken_from,
                   &err) != 0) {
        r->counts[e->what]--;
        e->what = REC_FAILED;
        free(e->reason);
        e->reason = strdup(err.message);
        r->counts[e->what]++;
        return;
    }
    if (e->what == REC_KEPT && e->taken.n > 0) {
        r->counts[REC_KEPT]--;
        r->counts[REC_LEARNED]++;
        e->what = REC_LEARNED;
        free(e->reason);
        e->reason = NULL;
    }
}

static int by_suite_order(const void *a, const void *b)
{
    const struct record_entry *x = a, *y = b;

    if (x->si != y->si)
        return x->si < y->si ? -1 : 1;
    return x->ci < y->ci ? -1 : x->ci > y->ci;
}

void recorder_finish(struct recorder *r, const struct suite *all,
                     size_t n_all)
{
    struct strvec fields = STRVEC_INIT, from = STRVEC_INIT;
    bool any = false;

    if (r->n_entries > 1)
        qsort(r->entries, r->n_entries, sizeof *r->entries, by_suite_order);
    for (size_t i = 0; i < r->n_entries; i++)
        any = any || r->entries[i].takes;
    if (!any)
        return;
    pool_build(r, all, n_all, &fields, &from);
    for (size_t i = 0; i < r->n_entries; i++)
        if (r->entries[i].takes && fields.n > 0)
            take_over(r, &r->entries[i], &fields, &from);
    strvec_release(&fields);
    strvec_release(&from);
}
