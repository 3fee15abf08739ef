/*
 * The recorder (see record.h). The first response of a call becomes its
 * fixture document at once (redacted); later sendings of the same call
 * are only compared with it to learn noise, so at most one response per
 * call in flight is held.
 */
#include "replay/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "config/fixture.h"
#include "core/afile.h"
#include "core/fsutil.h"
#include "diff/diff.h"

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

/* Whether the body should be read as JSON. */
static bool looks_json(const struct replay_result *res)
{
    const char *p = res->body;

    if (res->content_type && strstr(res->content_type, "json"))
        return true;
    while (p < res->body + res->body_len &&
           (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p < res->body + res->body_len && (*p == '{' || *p == '[');
}

static bool looks_xml(const struct replay_result *res)
{
    const char *p = res->body;

    if (res->content_type && strstr(res->content_type, "xml"))
        return true;
    while (p < res->body + res->body_len &&
           (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p < res->body + res->body_len && *p == '<' &&
           (res->content_type == NULL || !strstr(res->content_type, "html"));
}

/* A body that does not parse while `redact` rules exist, as one
 * "<redacted:HEX>" of its whole bytes (the diff engine compares it the
 * same way): its personal data cannot be found, so none is kept. */
static json_t *redacted_whole(const struct redact_key *key,
                              const struct replay_result *res)
{
    json_t *whole = json_stringn_nocheck(res->body, res->body_len);
    char *r = whole ? redact_value(key, whole) : NULL;
    json_t *v = r ? json_string(r) : NULL;

    free(r);
    json_decref(whole);
    return v;
}

/* An XML body as stored text, redacted. With `redact` rules, a body that
 * does not parse is stored as one "<redacted:HEX>": never in clear. */
static json_t *xml_body(const struct pattern_set *redact,
                        const struct redact_key *key,
                        const struct replay_result *res)
{
    char *out = NULL;
    size_t len;
    json_t *v;
    int n;

    if (redact == NULL || redact->n == 0)
        return json_stringn(res->body, res->body_len);
    n = redact_xml(&out, &len, res->body, res->body_len, redact, key);
    if (n > 0)
        v = json_stringn(out, len);
    else if (n == 0)
        v = json_stringn(res->body, res->body_len);
    else
        v = redacted_whole(key, res);
    free(out);
    return v;
}

/* The body as stored: *kind tells how; the result is a new reference
 * (JSON value, or a string for text and base64), NULL when empty. */
static json_t *stored_body(const struct pattern_set *redact,
                           const struct redact_key *key,
                           const struct replay_result *res,
                           enum body_kind *kind, json_t *parsed)
{
    json_t *v = parsed;
    gchar *b64;

    *kind = BODY_NONE;
    if (res->body_len == 0) {
        json_decref(parsed);
        return NULL;
    }
    if (v || (looks_json(res) &&
              (v = json_loadb(res->body, res->body_len, JSON_DECODE_ANY,
                              NULL)))) {
        *kind = BODY_JSON;
        if (redact_json(v, redact, key) < 0) {
            json_decref(v);
            return NULL;
        }
        return v;
    }
    if (redact && redact->n > 0 && (looks_json(res) || looks_xml(res))) {
        *kind = BODY_TEXT;
        return looks_json(res) ? redacted_whole(key, res)
                               : xml_body(redact, key, res);
    }
    if (g_utf8_validate(res->body, (gssize)res->body_len, NULL)) {
        *kind = BODY_TEXT;
        return looks_xml(res) ? xml_body(redact, key, res)
                              : json_stringn(res->body, res->body_len);
    }
    *kind = BODY_BASE64;
    b64 = g_base64_encode((const guchar *)res->body, res->body_len);
    v = b64 ? json_string(b64) : NULL;
    g_free(b64);
    return v;
}

json_t *record_fixture_json(const struct environment *env,
                            const struct pattern_set *redact,
                            const struct redact_key *key,
                            const struct replay_result *res,
                            const struct strvec *noise, json_t *parsed)
{
    struct fixture f;
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    json_t *body, *doc;

    memset(&f, 0, sizeof(f));
    gmtime_r(&now, &tm);
    strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
    body = stored_body(redact, key, res, &f.body_kind, parsed);
    f.suite = (char *)res->suite->name;
    f.call = (char *)res->call->id;
    f.environment = env->name;
    f.recorded_at = at;
    f.req_method = (char *)res->method;
    f.req_url = (char *)res->url;
    f.req_headers = (json_t *)res->req_headers;
    f.status = (int)res->status;
    f.headers = redact_headers(res->headers);
    f.body = f.body_kind == BODY_JSON ? body : NULL;
    f.body_text = f.body_kind == BODY_TEXT || f.body_kind == BODY_BASE64
                  ? (char *)json_string_value(body) : NULL;
    if (noise)
        f.noise = *noise;
    doc = fixture_to_json(&f);
    json_decref(f.headers);
    json_decref(body);
    return doc;
}

static struct record_entry *new_entry(struct recorder *r)
{
    if (r->n_entries == r->cap_entries) {
        size_t cap = r->cap_entries ? r->cap_entries * 2 : 16;
        struct record_entry *v = realloc(r->entries, cap * sizeof(*v));

        if (v == NULL)
            return NULL;
        r->entries = v;
        r->cap_entries = cap;
    }
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
    if (s->fixture == NULL) {
        s->fixture = record_fixture_json(r->env, &r->redact, r->key, res,
                                         NULL, NULL);
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
    json_t *noise = json_array();
    char *path = fixture_path(r->cfg->fixtures_dir, e->suite, e->call);

    strvec_sort_unique(&s->noise);
    for (size_t i = 0; i < s->noise.n; i++)
        json_array_append_new(noise, json_string(s->noise.v[i]));
    json_object_set_new(s->fixture, "noise", noise);
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
