/*
 * relcheck doc, the model (see doc.h): every text the renderers show is
 * made here, redacted and cut to size, so Markdown and HTML cannot differ
 * in what they disclose.
 */
#include "doc/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "config/fixture.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "fields/fields.h"
#include "http/url.h"
#include "redact/scrub.h"

#define DOC_TEXT_MAX ((size_t)64 << 20)

static void call_release(struct doc_call *c)
{
    for (size_t i = 0; i < c->n_used; i++)
        free(c->used[i].field);
    free(c->used);
    free(c->target);
    free(c->description);
    free(c->request);
    free(c->response);
    free(c->recorded);
}

void doc_release(struct doc_model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        struct doc_suite *s = &m->suites[i];
        for (size_t j = 0; j < s->n_calls; j++)
            call_release(&s->calls[j]);
        free(s->calls);
        free(s->programs);
        strvec_release(&s->attention);
    }
    free(m->suites);
    free(m->personal);
    free(m->date);
    memset(m, 0, sizeof *m);
}

/* The auth object of environment name in relcheck.json as written
 * (borrowed), or NULL. */
static const json_t *env_auth(const struct config *cfg, const char *name)
{
    return name ? json_object_get(json_object_get(json_object_get(
        cfg->root, "environments"), name), "auth") : NULL;
}

char *doc_auth_text(const struct config *cfg, const char *env)
{
    const json_t *a = env_auth(cfg, env);
    const char *type = json_string_value(json_object_get(a, "type"));
    const char *url, *tok, *prefix, *method;
    char *out = NULL;
    int n = -1;

#define A(key) json_string_value(json_object_get(a, key))
    if (type == NULL || strcmp(type, "none") == 0)
        return strdup("none");
    if (strcmp(type, "basic") == 0)
        return strdup("HTTP basic: user name and password");
    if (strcmp(type, "bearer") == 0)
        return strdup("a fixed bearer token in Authorization");
    if (strcmp(type, "header") == 0)
        n = asprintf(&out, "a fixed key in the header %s",
                     A("name") ? A("name") : "?");
    else if (strcmp(type, "oauth2") == 0)
        n = asprintf(&out, "OAuth2 client credentials: token from %s, "
                     "sent as a bearer token", A("token_url") ? A("token_url")
                                                              : "?");
    else if (strcmp(type, "login") == 0) {
        url = A("url") ? A("url") : "?";
        tok = A("token") ? A("token") : "$.token";
        method = A("method") ? A("method") : "POST";
        prefix = A("prefix") ? A("prefix") : "Bearer ";
        n = asprintf(&out, "login call %s %s; the token at %s of its "
                     "response is sent in %s%s%s%s", method, url, tok,
                     A("header") ? A("header") : "Authorization",
                     *prefix ? " after '" : "", prefix,
                     *prefix ? "'" : "");
    } else {
        return strdup(type);
    }
#undef A
    return n < 0 ? NULL : out;
}

/* Today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible output. */
static char *doc_date(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    char buf[32];

    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return strdup(buf);
}

/* The text of w (caller frees), or NULL when an append failed: a text
 * is never handed on cut short (core/buf.h keeps the first error). */
static char *finish(struct rc_buf *w)
{
    if (rc_buf_error(w)) {
        rc_buf_release(w);
        return NULL;
    }
    return rc_buf_detach(w, NULL);
}

/* "VFAFAC (Facturen), VFA*": codes with their catalog names. */
static char *programs_text(const struct suite *s, const struct catalog *cat)
{
    struct rc_buf w;

    rc_buf_init(&w, 1 << 20);
    for (size_t i = 0; i < s->programs.n; i++) {
        const struct program *p = catalog_find(cat, s->programs.v[i]);
        rc_buf_printf(&w, "%s%s", i ? ", " : "", s->programs.v[i]);
        if (p && p->name)
            rc_buf_printf(&w, " (%s)", p->name);
    }
    return finish(&w);
}

/* The call's path with its query, as the suite has it, secret query
 * values redacted. */
static char *call_target(const struct call *c)
{
    struct rc_buf w;
    struct strvec none = STRVEC_INIT;
    char *target;

    rc_buf_init(&w, 1 << 20);
    rc_buf_adds(&w, c->path);
    if (c->query)
        url_add_query(&w, c->query);
    target = rc_buf_error(&w) ? NULL : scrub_url(rc_buf_str(&w), &none);
    rc_buf_release(&w);
    return target;
}

/* Appends "Name: value" lines of a header object, credentials as
 * "<redacted>". */
static void add_headers(struct rc_buf *w, const json_t *h)
{
    const char *k;
    json_t *v;

    json_object_foreach((json_t *)h, k, v)
        rc_buf_printf(w, "%s: %s\n", k, secret_name(k) ? SCRUB_MARK
                      : json_string_value(v) ? json_string_value(v) : "");
}

/* Appends a JSON value, pretty, cut after DOC_BODY_LINES lines. */
static void add_json(struct rc_buf *w, const json_t *v)
{
    char *text = jsonw_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER
                            | JSON_ENCODE_ANY);
    const char *p = text;
    int lines = 0;

    while (p && *p && lines < DOC_BODY_LINES) {
        size_t n = strcspn(p, "\n");
        rc_buf_add(w, p, n);
        rc_buf_addc(w, '\n');
        p += n + (p[n] == '\n');
        lines++;
    }
    if (p && *p) {
        size_t more = 0;
        for (const char *q = p; *q; q++)
            more += *q == '\n';
        rc_buf_printf(w, "... (%zu more lines)\n", more + 1);
    }
    free(text);
}

static void add_text_body(struct rc_buf *w, const char *text)
{
    size_t n = strlen(text), lines = 0, i;

    for (i = 0; i < n && lines < DOC_BODY_LINES; i++)
        lines += text[i] == '\n';
    rc_buf_add(w, text, i);
    if (i < n)
        rc_buf_printf(w, "\n... (%zu more bytes)", n - i);
    rc_buf_addc(w, '\n');
}

/* The header that carries an environment's credentials, or NULL. */
static const char *auth_header(const json_t *auth)
{
    const char *type = json_string_value(json_object_get(auth, "type"));
    const char *h;

    if (type == NULL || strcmp(type, "none") == 0)
        return NULL;
    if (strcmp(type, "header") == 0)
        return json_string_value(json_object_get(auth, "name"));
    h = json_string_value(json_object_get(auth, "header"));
    return strcmp(type, "login") == 0 && h ? h : "Authorization";
}

/*
 * The request as a replay sends it: the call's own headers, the
 * Content-Type of a JSON body, and the credentials header of the
 * environment the baseline was recorded on (as "<redacted>"); never the
 * headers a browser or another client added to a captured request.
 */
static char *request_text(const struct config *cfg, const struct call *c,
                          const struct fixture *fx, const char *target)
{
    const char *ah = auth_header(env_auth(cfg, fx ? fx->environment
                                                  : NULL));
    bool has_ct = false;
    const char *k;
    json_t *v;
    struct rc_buf w;

    rc_buf_init(&w, DOC_TEXT_MAX);
    rc_buf_printf(&w, "%s %s\n", c->method, fx && fx->req_url
                  ? fx->req_url : target);
    add_headers(&w, c->headers);
    json_object_foreach(c->headers, k, v)
        has_ct = has_ct || strcasecmp(k, "Content-Type") == 0;
    if (c->body && !has_ct)
        rc_buf_adds(&w, "Content-Type: application/json\n");
    if (ah)
        rc_buf_printf(&w, "%s: %s\n", ah, SCRUB_MARK);
    if (c->body) {
        rc_buf_addc(&w, '\n');
        add_json(&w, c->body);
    } else if (c->body_text) {
        rc_buf_addc(&w, '\n');
        add_text_body(&w, c->body_text);
    }
    return finish(&w);
}

/* Puts back, in red (a redacted copy of orig), every string orig already
 * held as "<redacted...>", so a recorded redaction is shown as stored. */
static void keep_marks(json_t *red, const json_t *orig)
{
    const char *k;
    json_t *v;
    size_t i;

    if (json_is_object(orig) && json_is_object(red)) {
        json_object_foreach((json_t *)orig, k, v) {
            json_t *r = json_object_get(red, k);
            if (json_is_string(v) && strncmp(json_string_value(v),
                                             "<redacted", 9) == 0)
                json_object_set(red, k, v);
            else if (r)
                keep_marks(r, v);
        }
    } else if (json_is_array(orig) && json_is_array(red)) {
        json_array_foreach((json_t *)orig, i, v) {
            if (json_is_string(v) && strncmp(json_string_value(v),
                                             "<redacted", 9) == 0)
                json_array_set(red, i, v);
            else if (json_array_get(red, i))
                keep_marks(json_array_get(red, i), v);
        }
    }
}

/* A redacted deep copy of v (new reference) or NULL with err. */
static json_t *redacted(const json_t *v, struct scrub_redactor *rd,
                        struct rc_error *err)
{
    json_t *copy = json_deep_copy(v);

    if (copy == NULL) {
        rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
        return NULL;
    }
    if (scrub_redact_body(copy, rd, err) != 0) {
        json_decref(copy);
        return NULL;
    }
    keep_marks(copy, v);
    return copy;
}

static char *response_text(const struct fixture *fx, const json_t *body)
{
    struct rc_buf w;

    rc_buf_init(&w, DOC_TEXT_MAX);
    rc_buf_printf(&w, "HTTP %d\n", fx->status);
    add_headers(&w, fx->headers);
    if (fx->body_kind != BODY_NONE)
        rc_buf_addc(&w, '\n');
    if (fx->body_kind == BODY_JSON)
        add_json(&w, body);
    else if (fx->body_kind == BODY_TEXT)
        add_text_body(&w, fx->body_text);
    else if (fx->body_kind == BODY_BASE64)
        rc_buf_printf(&w, "(binary body: %zu bytes of base64)\n",
                      strlen(fx->body_text));
    return finish(&w);
}

/* The fields of the baseline the call uses, with their types and whether
 * `redact` covers them (read before the fixture is redacted for show;
 * only names and types are kept, never values). */
static int used_fields(struct doc_call *dc, const struct workspace *ws,
                       const struct suite *s, const struct call *c,
                       const struct fixture *fx, struct rc_error *err)
{
    struct pattern_set redact;
    struct field_inv inv;
    int rc;

    pattern_set_init(&redact);
    dc->all_used = !call_has_reads(s, c);
    rc = pattern_set_add_all(&redact, &ws->cfg.redact, err);
    if (rc == 0)
        rc = fields_inv_build(&inv, s, c, fx, NULL, &redact, err);
    if (rc == 0) {
        dc->used = calloc(inv.n + 1, sizeof *dc->used);
        for (size_t i = 0; dc->used && i < inv.n; i++) {
            if (!inv.v[i].used)
                continue;
            struct doc_field *f = &dc->used[dc->n_used++];
            f->field = inv.v[i].field;
            inv.v[i].field = NULL;
            f->type = inv.v[i].type;
            f->personal = inv.v[i].personal;
        }
        if (dc->used == NULL)
            rc = rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
        fields_inv_release(&inv);
    }
    pattern_set_release(&redact);
    return rc;
}

/* Fills one call: target, request, and, with a loadable fixture, the
 * used fields, the response and when it was recorded. */
static int build_call(struct doc_call *dc, const struct workspace *ws,
                      struct scrub_redactor *rd, const struct suite *s,
                      const struct call *c, struct strvec *warnings,
                      struct rc_error *err)
{
    char *path = fixture_path(ws->cfg.fixtures_dir, s->name, c->id);
    struct call shown = *c;
    struct fixture fx;
    struct rc_error ferr;
    json_t *reqb = NULL, *body = NULL;
    bool have = false;
    int rc = 0;

    dc->call = c;
    memset(&fx, 0, sizeof fx);
    if (path && fs_is_file(path)) {
        if (fixture_load(&fx, path, warnings, &ferr) == 0)
            have = true;
        else
            strvec_pushf(warnings, "%s: %s: call documented without a "
                         "response", ferr.where, ferr.message);
    }
    if (have && (rc = used_fields(dc, ws, s, c, &fx, err)) != 0)
        goto done;
    if (c->body && (reqb = redacted(c->body, rd, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    shown.body = reqb;
    if ((dc->target = call_target(c)) == NULL
        || (dc->request = request_text(&ws->cfg, &shown,
                                       have ? &fx : NULL,
                                       dc->target)) == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
        goto done;
    }
    if (have && fx.body_kind == BODY_JSON
        && (body = redacted(fx.body, rd, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    if (have && fx.body_kind == BODY_TEXT) {
        size_t len = strlen(fx.body_text);
        if ((rc = scrub_redact_text(&fx.body_text, &len, rd, err)) != 0)
            goto done;
    }
    if (have) {
        dc->response = response_text(&fx, body);
        if (asprintf(&dc->recorded, "recorded %s on %s", fx.recorded_at
                     ? fx.recorded_at : "an unknown date", fx.environment
                     ? fx.environment : "an unnamed environment") < 0)
            dc->recorded = NULL;
    }
done:
    json_decref(reqb);
    json_decref(body);
    fixture_release(&fx);
    free(path);
    return rc;
}

/* The suite's own points of attention, then those its calls imply. */
static int attention(struct doc_suite *ds, const struct suite *s)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < s->attention.n; i++)
        rc = strvec_push(&ds->attention, s->attention.v[i]);
    for (size_t i = 0; rc == 0 && i < s->n_calls; i++)
        if (call_is_write(&s->calls[i]))
            rc = strvec_pushf(&ds->attention, "call '%s' (%s) changes data: "
                              "it is replayed only on an environment with "
                              "allow_writes, never on production",
                              s->calls[i].id, s->calls[i].method);
    if (rc == 0 && s->ordered)
        rc = strvec_push(&ds->attention, "calls take values from earlier "
                         "responses (capture), so they run in order");
    for (size_t i = 0; rc == 0 && i < s->programs.n; i++)
        if (strcmp(s->programs.v[i], "*") == 0)
            rc = strvec_push(&ds->attention, "the suite runs on every "
                             "release (\"*\"): it covers no program");
    return rc;
}

/* The calls' descriptions, which struct call does not keep: read from
 * the suite file (already validated by the loader). */
static void call_descriptions(struct doc_suite *ds, const struct suite *s)
{
    json_t *root = json_load_file(s->file, 0, NULL);
    const json_t *calls = json_object_get(root, "calls");

    for (size_t i = 0; i < ds->n_calls && i < json_array_size(calls); i++) {
        const char *d = json_string_value(json_object_get(
            json_array_get(calls, i), "description"));
        if (d)
            ds->calls[i].description = strdup(d);
    }
    json_decref(root);
}

static int build_suite(struct doc_model *m, struct doc_suite *ds,
                       struct scrub_redactor *rd, const struct suite *s,
                       struct strvec *warnings, struct rc_error *err)
{
    int rc = 0;

    ds->suite = s;
    ds->calls = calloc(s->n_calls + 1, sizeof *ds->calls);
    ds->programs = programs_text(s, &m->ws->catalog);
    if (ds->calls == NULL || ds->programs == NULL || attention(ds, s) < 0)
        return rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
    for (size_t i = 0; rc == 0 && i < s->n_calls; i++) {
        rc = build_call(&ds->calls[i], m->ws, rd, s, &s->calls[i],
                        warnings, err);
        ds->n_calls++;
        m->calls++;
        m->baselines += ds->calls[i].response != NULL;
    }
    if (rc == 0)
        call_descriptions(ds, s);
    return rc;
}

/* The table "Personal data exchanged": every used field marked personal,
 * suite by suite, call by call. */
static int collect_personal(struct doc_model *m)
{
    size_t n = 0;

    for (size_t i = 0; i < m->n; i++)
        for (size_t j = 0; j < m->suites[i].n_calls; j++)
            n += m->suites[i].calls[j].n_used;
    m->personal = calloc(n + 1, sizeof *m->personal);
    if (m->personal == NULL)
        return RC_ENOMEM;
    for (size_t i = 0; i < m->n; i++)
        for (size_t j = 0; j < m->suites[i].n_calls; j++) {
            const struct doc_call *c = &m->suites[i].calls[j];
            for (size_t k = 0; k < c->n_used; k++)
                if (c->used[k].personal)
                    m->personal[m->n_personal++] = (struct doc_personal){
                        m->suites[i].suite->name, c->call->id,
                        c->used[k].field};
        }
    return 0;
}

int doc_build(struct doc_model *m, struct workspace *ws,
              struct strvec *warnings, struct rc_error *err)
{
    struct scrub_redactor rd;
    int rc = 0;

    scrub_redactor_init(&rd, &ws->cfg, warnings);
    memset(m, 0, sizeof *m);
    m->ws = ws;
    m->date = doc_date();
    m->suites = calloc(ws->suites.n + 1, sizeof *m->suites);
    if (m->date == NULL || m->suites == NULL)
        rc = rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
    for (size_t i = 0; rc == 0 && i < ws->suites.n; i++) {
        rc = build_suite(m, &m->suites[i], &rd, &ws->suites.v[i],
                         warnings, err);
        m->n++;
    }
    if (rc == 0 && collect_personal(m) != 0)
        rc = rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
    scrub_redactor_release(&rd);
    if (rc)
        doc_release(m);
    return rc;
}
