/*
 * Building and matching the route table of `relcheck serve` (route.h).
 */
#include "serve/route.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/fixture.h"
#include "config/suite.h"
#include "core/base64.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "serve/overlay.h"
#include "serve/serve.h"

/* Largest body serve prepares (a fixture file is at most JX_MAX_FILE). */
#define ROUTE_MAX_BODY ((size_t)1 << 30)

/* Headers that describe the recorded transfer, not the response: libmicro-
 * httpd writes its own, and the stored body is already decoded. */
static const char *const hop_headers[] = {
    "content-length", "transfer-encoding", "connection", "keep-alive",
    "content-encoding", "upgrade", "trailer", NULL,
};

/* ---- strings ------------------------------------------------------------ */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A copy of s with %XX sequences decoded (others left as they are). */
static char *percent_decode(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;

    if (out == NULL)
        return NULL;
    while (*s) {
        int hi, lo;
        if (s[0] == '%' && (hi = hexval(s[1])) >= 0
            && (lo = hexval(s[2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            s += 3;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* A query value of a suite (string, number or boolean) as text. */
static char *value_text(const json_t *v)
{
    struct rc_buf b;

    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_boolean(v))
        return strdup(json_is_true(v) ? "true" : "false");
    rc_buf_init(&b, 256);
    if (jsonw_write(&b, v, SERVE_JSON) != 0) {
        rc_buf_release(&b);
        return NULL;
    }
    return rc_buf_detach(&b, NULL);
}

static int qparam_cmp(const void *a, const void *b)
{
    const struct qparam *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    return c ? c : strcmp(x->value, y->value);
}

bool route_template_match(const char *pattern, const char *text,
                          bool slash_ok)
{
    while (*pattern) {
        const char *close;
        if (pattern[0] == '{' && pattern[1] == '{'
            && (close = strstr(pattern + 2, "}}")) != NULL) {
            const char *rest = close + 2;
            for (size_t k = 1; text[k - 1] && (slash_ok || text[k - 1] != '/');
                 k++)
                if (route_template_match(rest, text + k, slash_ok))
                    return true;
            return false;
        }
        if (*pattern++ != *text++)
            return false;
    }
    return *text == '\0';
}

size_t route_distance(const char *a, const char *b)
{
    size_t la = strnlen(a, 256), lb = strnlen(b, 256);
    size_t row[257];

    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* ---- preparing a response ----------------------------------------------- */

/* Moves the response of f into d. */
static int draft_from_fixture(struct draft *d, struct fixture *f,
                              const char *file, struct rc_error *err)
{
    memset(d, 0, sizeof *d);
    d->status = f->status;
    d->headers = f->headers ? json_deep_copy(f->headers) : json_object();
    if (d->headers == NULL)
        return rc_error_set(err, RC_ENOMEM, file, "out of memory");
    if (f->body_kind == BODY_JSON) {
        d->kind = BODY_JSON;
        d->body = f->body;
        f->body = NULL;
    } else if (f->body_kind == BODY_TEXT) {
        d->kind = BODY_TEXT;
        d->len = strlen(f->body_text);
        d->bytes = f->body_text;
        f->body_text = NULL;
    } else if (f->body_kind == BODY_BASE64) {
        d->kind = BODY_TEXT;
        if (b64_decode(&d->bytes, &d->len, f->body_text,
                       strlen(f->body_text)) != 0)
            return rc_error_set(err, RC_EINPUT, file, "member 'body_base64' "
                                "is not valid base64");
    }
    return 0;
}

/* Fills r's status, headers and body from the finished draft. */
static int route_take_draft(struct route *r, struct draft *d,
                            const char *file, struct rc_error *err)
{
    const char *key;
    json_t *v;

    r->status = d->status;
    if ((r->headers = json_object()) == NULL)
        return rc_error_set(err, RC_ENOMEM, file, "out of memory");
    json_object_foreach(d->headers, key, v) {
        bool hop = false;
        for (size_t i = 0; hop_headers[i]; i++)
            hop = hop || strcmp(key, hop_headers[i]) == 0;
        if (!hop && json_is_string(v))
            json_object_set(r->headers, key, v);
    }
    if (d->kind == BODY_JSON) {
        struct rc_buf b;
        rc_buf_init(&b, ROUTE_MAX_BODY);
        if (jsonw_write(&b, d->body, SERVE_JSON) != 0
            || (r->body = rc_buf_detach(&b, &r->body_len)) == NULL) {
            rc_buf_release(&b);
            return rc_error_set(err, RC_ENOMEM, file, "response body too "
                                "large or out of memory");
        }
    } else {
        r->body = d->bytes ? d->bytes : strdup("");
        r->body_len = d->len;
        d->bytes = NULL;
        if (r->body == NULL)
            return rc_error_set(err, RC_ENOMEM, file, "out of memory");
    }
    return 0;
}

/* ---- the request side of a route ---------------------------------------- */

/* Adds the pair name=v to r's query and to the display text. */
static int add_pair(struct route *r, struct rc_buf *disp, const char *name,
                    const json_t *v)
{
    struct qparam *q = &r->query[r->n_query];

    q->name = strdup(name);
    q->value = value_text(v);
    if (q->name == NULL || q->value == NULL) {
        free(q->name);
        free(q->value);
        return RC_ENOMEM;
    }
    if (strstr(q->value, "{{"))
        r->templated = true;
    return rc_buf_printf(disp, "%c%s=%s", r->n_query++ ? '&' : '?', name,
                         q->value);
}

/* Fills r's query from a suite call's: an array value is a repeated
 * parameter, one pair per element. */
static int route_query(struct route *r, const json_t *query,
                       struct rc_buf *disp)
{
    const char *key;
    json_t *v;
    size_t n = 0;
    int rc = 0;

    json_object_foreach((json_t *)query, key, v)
        n += json_is_array(v) ? json_array_size(v) : 1;
    if ((r->query = calloc(n + 1, sizeof *r->query)) == NULL)
        return RC_ENOMEM;
    json_object_foreach((json_t *)query, key, v) {
        size_t i;
        json_t *e;
        if (!json_is_array(v)) {
            rc = rc ? rc : add_pair(r, disp, key, v);
            continue;
        }
        json_array_foreach(v, i, e)
            rc = rc ? rc : add_pair(r, disp, key, e);
    }
    qsort(r->query, r->n_query, sizeof *r->query, qparam_cmp);
    return rc;
}

static int route_request(struct route *r, const struct suite *s,
                         const struct call *c)
{
    struct rc_buf disp;
    int rc;

    r->suite = strdup(s->name);
    r->call = strdup(c->id);
    r->method = strdup(c->method);
    r->path = percent_decode(c->path);
    if (!r->suite || !r->call || !r->method || !r->path)
        return RC_ENOMEM;
    r->templated = strstr(c->path, "{{") != NULL;
    rc_buf_init(&disp, 65536);
    rc = rc_buf_printf(&disp, "%s %s", c->method, c->path);
    if (rc == 0)
        rc = route_query(r, c->query, &disp);
    r->display = rc == 0 ? rc_buf_detach(&disp, NULL) : NULL;
    rc_buf_release(&disp);
    return r->display ? 0 : RC_ENOMEM;
}

static void route_release(struct route *r)
{
    free(r->suite);
    free(r->call);
    free(r->method);
    free(r->path);
    for (size_t i = 0; i < r->n_query; i++) {
        free(r->query[i].name);
        free(r->query[i].value);
    }
    free(r->query);
    free(r->display);
    json_decref(r->headers);
    free(r->body);
}

/*
 * Adds the route of call c to t, or leaves it out with a warning (absolute
 * URL, no fixture). Errors: a fixture that does not load, out of memory.
 */
static int add_call(struct route_table *t, const struct suite *s,
                    const struct call *c, const char *fixtures_dir,
                    struct overlay *ov, struct strvec *warnings,
                    struct rc_error *err)
{
    struct fixture f;
    struct draft d;
    struct route *r = &t->v[t->n];
    char *file = NULL;
    int rc = 0;

    memset(&f, 0, sizeof f);
    memset(&d, 0, sizeof d);
    memset(r, 0, sizeof *r);
    if (strncmp(c->path, "http://", 7) == 0
        || strncmp(c->path, "https://", 8) == 0)
        return strvec_pushf(warnings, "%s/%s: an absolute URL is not "
                            "served", s->name, c->id);
    if ((file = fixture_path(fixtures_dir, s->name, c->id)) == NULL)
        return rc_error_set(err, RC_ENOMEM, s->name, "out of memory");
    if (!fs_is_file(file)) {
        rc = strvec_pushf(warnings, "%s/%s: no baseline (%s): not served",
                          s->name, c->id, fs_display(file));
        goto done;
    }
    if ((rc = fixture_load(&f, file, warnings, err)) != 0
        || (rc = draft_from_fixture(&d, &f, fs_display(file), err)) != 0
        || (rc = overlay_apply(ov, s->name, c->id, &d, warnings, err)) != 0
        || (rc = route_take_draft(r, &d, fs_display(file), err)) != 0)
        goto done;
    if ((rc = route_request(r, s, c)) != 0) {
        rc = rc_error_set(err, rc, s->name, "out of memory");
        goto done;
    }
    t->n++;
done:
    if (rc)
        route_release(r);
    draft_release(&d);
    fixture_release(&f);
    free(file);
    return rc;
}

static uint64_t key_hash(const char *method, const char *path)
{
    uint64_t h = rc_fnv1a64_str(RC_FNV1A64_BASIS, method);

    return rc_fnv1a64_str(rc_fnv1a64(h, " ", 1), path);
}

/* A route's key looked up. */
struct route_key {
    const struct route_table *t;
    const char *method, *path;
};

static bool same_route(const void *ctx, size_t idx)
{
    const struct route_key *k = ctx;
    const struct route *r = &k->t->v[idx];

    return strcmp(r->method, k->method) == 0 && strcmp(r->path, k->path) == 0;
}

/* The slot holding method+path, or the empty slot where it goes. */
static size_t find_slot(const struct route_table *t, const char *method,
                        const char *path)
{
    struct route_key k = {t, method, path};

    return itab_probe(&t->exact, key_hash(method, path), same_route, &k);
}

/* Indexes the routes: exact ones by hash (same key chained in order),
 * templated ones in a list. */
static int index_routes(struct route_table *t)
{
    size_t *last;

    if (itab_reserve(&t->exact, t->n, NULL, NULL) != 0)
        return RC_ENOMEM;
    t->templated = calloc(t->n + 1, sizeof *t->templated);
    last = calloc(t->exact.n_slot, sizeof *last);
    if (!t->templated || !last) {
        free(last);
        return RC_ENOMEM;
    }
    for (size_t i = 0; i < t->n; i++) {
        struct route *r = &t->v[i];
        if (r->templated) {
            t->templated[t->n_templated++] = i;
            continue;
        }
        size_t s = find_slot(t, r->method, r->path);
        if (t->exact.slot[s] == ITAB_EMPTY)
            t->exact.slot[s] = i;
        else
            t->v[last[s] - 1].next = i + 1;
        last[s] = i + 1;
    }
    free(last);
    return 0;
}

static int add_suites(struct route_table *t, const struct suite_set *set,
                      const char *fixtures_dir, struct overlay *ov,
                      struct strvec *warnings, struct rc_error *err)
{
    size_t total = 0;

    for (size_t i = 0; i < set->n; i++)
        total += set->v[i].n_calls;
    if ((t->v = calloc(total + 1, sizeof *t->v)) == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < set->n; i++) {
        size_t before = t->n;
        for (size_t j = 0; j < set->v[i].n_calls; j++) {
            int rc = add_call(t, &set->v[i], &set->v[i].calls[j],
                              fixtures_dir, ov, warnings, err);
            if (rc)
                return rc;
        }
        t->n_suites += t->n > before;
    }
    return 0;
}

int routes_build(struct route_table *t, const char *suites_dir,
                 const char *fixtures_dir, struct overlay *ov,
                 struct strvec *warnings, struct rc_error *err)
{
    struct suite_set set;
    int rc;

    memset(t, 0, sizeof *t);
    memset(&set, 0, sizeof set);
    if ((rc = suite_load_all(&set, suites_dir, warnings, err)) != 0)
        goto done;
    if ((rc = add_suites(t, &set, fixtures_dir, ov, warnings, err)) != 0)
        goto done;
    if (index_routes(t) != 0)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
done:
    suite_set_release(&set);
    if (rc)
        routes_release(t);
    return rc;
}

void routes_release(struct route_table *t)
{
    for (size_t i = 0; t->v && i < t->n; i++)
        route_release(&t->v[i]);
    free(t->v);
    itab_release(&t->exact);
    free(t->templated);
    memset(t, 0, sizeof *t);
}

/* ---- matching ----------------------------------------------------------- */

static bool query_match(const struct route *r, const struct qparam *q,
                        size_t nq)
{
    if (nq != r->n_query)
        return false;
    for (size_t i = 0; i < nq; i++)
        if (strcmp(r->query[i].name, q[i].name) != 0
            || !route_template_match(r->query[i].value, q[i].value, true))
            return false;
    return true;
}

const struct route *routes_match(const struct route_table *t,
                                 const char *method, const char *path,
                                 struct qparam *q, size_t nq)
{
    if (t->n == 0)
        return NULL;
    qsort(q, nq, sizeof *q, qparam_cmp);
    size_t s = find_slot(t, method, path), first = t->exact.slot[s];
    for (size_t i = first == ITAB_EMPTY ? 0 : first + 1; i;
         i = t->v[i - 1].next)
        if (query_match(&t->v[i - 1], q, nq))
            return &t->v[i - 1];
    for (size_t k = 0; k < t->n_templated; k++) {
        const struct route *r = &t->v[t->templated[k]];
        if (strcmp(r->method, method) == 0
            && route_template_match(r->path, path, false)
            && query_match(r, q, nq))
            return r;
    }
    return NULL;
}

const struct route *routes_closest(const struct route_table *t,
                                   const char *method, const char *path,
                                   const char *query)
{
    const struct route *best = NULL;
    size_t best_d = SIZE_MAX, best_m = 2, best_q = SIZE_MAX;

    for (size_t i = 0; i < t->n; i++) {
        const struct route *r = &t->v[i];
        const char *rq = strchr(r->display, '?');
        size_t d = route_distance(path, r->path);
        size_t m = strcmp(method, r->method) != 0;
        size_t qd = route_distance(query, rq ? rq + 1 : "");
        if (d < best_d || (d == best_d && (m < best_m
                                           || (m == best_m && qd < best_q)))) {
            best = r;
            best_d = d;
            best_m = m;
            best_q = qd;
        }
    }
    return best;
}
