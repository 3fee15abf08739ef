/*
 * The call builder of relcheck import (see build.h): request side.
 */
#include "import/build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "redact/scrub.h"

#define ID_MAX 64

static const char *const methods[] = {"GET", "HEAD", "OPTIONS", "POST",
                                      "PUT", "PATCH", "DELETE", NULL};

/* Headers a replay sets itself (libcurl, the auth of the environment),
 * and the browser's own chatter: left out of suites. */
static const char *const transport[] = {"host", "content-length",
    "connection", "keep-alive", "accept-encoding", "te",
    "transfer-encoding", "upgrade", "proxy-connection", "user-agent",
    "referer", "origin", "accept-language", "cache-control", "pragma",
    "dnt", "priority", "upgrade-insecure-requests", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp(list[i], s) == 0)
            return true;
    return false;
}

static void slug_add(struct rc_buf *w, const char *s, size_t n)
{
    for (size_t i = 0; i < n && w->len < ID_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c == '.' || c == '_') {
            rc_buf_addc(w, (char)tolower(c));
        } else if (w->len && w->data[w->len - 1] != '-') {
            rc_buf_addc(w, '-');
        }
    }
}

static void slug_trim(struct rc_buf *w)
{
    while (w->len && (w->data[w->len - 1] == '-'
                      || w->data[w->len - 1] == '.'))
        w->data[--w->len] = '\0';
}

char *imp_safe_name(const char *text)
{
    struct rc_buf w;

    rc_buf_init(&w, ID_MAX + 8);
    slug_add(&w, text, strlen(text));
    slug_trim(&w);
    while (w.len && !isalnum((unsigned char)w.data[0])) {
        memmove(w.data, w.data + 1, w.len);
        w.len--;
    }
    if (w.len == 0)
        rc_buf_adds(&w, "imported");
    return rc_buf_detach(&w, NULL);
}

char *imp_call_id(const char *method, const char *path,
                  const struct strvec *ids)
{
    struct rc_buf w;
    const char *p = strstr(path, "://");
    char *base, *id = NULL;

    if (p && (p = strchr(p + 3, '/')) == NULL)
        p = "";
    rc_buf_init(&w, ID_MAX + 8);
    slug_add(&w, method, strlen(method));
    rc_buf_addc(&w, '-');
    slug_add(&w, p ? p : path, strlen(p ? p : path));
    slug_trim(&w);
    if ((base = rc_buf_detach(&w, NULL)) == NULL)
        return NULL;
    for (int n = 1; id == NULL || strvec_contains(ids, id); n++) {
        free(id);
        id = NULL;
        if (n == 1)
            id = strdup(base);
        else if (asprintf(&id, "%s-%d", base, n) < 0)
            id = NULL;
        if (id == NULL)
            break;
    }
    free(base);
    return id;
}

/* Splits url at '?' (and drops a '#fragment'): *front and *query are new
 * strings (*query NULL when there is none). */
static int split_url(const char *url, char **front, char **query)
{
    size_t n = strcspn(url, "?#");

    *front = strndup(url, n);
    *query = NULL;
    if (url[n] == '?')
        *query = strndup(url + n + 1, strcspn(url + n + 1, "#"));
    return *front && (url[n] != '?' || *query) ? 0 : RC_ENOMEM;
}

/* The longest base URL that front starts with, or NULL. */
static const struct imp_base *match_base(const struct imp_ctx *ctx,
                                         const char *front)
{
    const struct imp_base *best = NULL;

    for (size_t i = 0; i < ctx->n_bases; i++) {
        size_t n = strlen(ctx->bases[i].url);
        if (strncmp(front, ctx->bases[i].url, n) == 0
            && (front[n] == '/' || front[n] == '\0')
            && (best == NULL || n > strlen(best->url)))
            best = &ctx->bases[i];
    }
    return best;
}

/* The call's path: relative to a base URL when one matches, else the
 * absolute URL (with a warning). */
static char *call_path(struct imp_ctx *ctx, const char *front,
                       const char *label)
{
    const struct imp_base *b = match_base(ctx, front);

    if (b) {
        const char *rest = front + strlen(b->url);
        return strdup(*rest ? rest : "/");
    }
    if (ctx->env)
        strvec_pushf(ctx->warnings, "%s: URL '%s' does not start with the "
                     "base URL of environment '%s' ('%s'): kept absolute",
                     label, front, ctx->env, ctx->n_bases ?
                     ctx->bases[0].url : "");
    else
        strvec_pushf(ctx->warnings, "%s: URL '%s' does not start with the "
                     "base URL of any environment: kept absolute", label,
                     front);
    return strdup(front);
}

/* Adds name=value to the query object (a repeated name becomes an
 * array). */
static int query_put(json_t *q, const char *name, const char *value)
{
    json_t *old = json_object_get(q, name);

    if (old == NULL)
        return json_object_set_new(q, name, json_string(value));
    if (!json_is_array(old)) {
        json_t *arr = json_array();
        json_array_append(arr, old);
        json_object_set_new(q, name, arr);
        old = arr;
    }
    return json_array_append_new(old, json_string(value));
}

/*
 * Parses a query string into *out (NULL when empty), dropping secret
 * parameters (listed for call id). In fixed (a copy of the query for the
 * fixture's URL) their values become "<redacted>".
 */
static int parse_query(json_t **out, struct rc_buf *fixed,
                       struct imp_ctx *ctx, const char *qs, const char *id)
{
    json_t *q = json_object();
    const char *p = qs;
    int rc = 0;

    while (rc == 0 && p && *p) {
        size_t n = strcspn(p, "&");
        const char *eq = memchr(p, '=', n);
        size_t kn = eq ? (size_t)(eq - p) : n;
        char *k = pct_decode(p, kn, true);
        char *v = eq ? pct_decode(eq + 1, n - kn - 1, true) : strdup("");
        if (k == NULL || v == NULL) {
            rc = RC_ENOMEM;
        } else if (kn && secret_name(k)) {
            rc = strvec_pushf(ctx->dropped, "query parameter '%s' of call "
                              "'%s'", k, id);
            if (rc == 0)
                rc = rc_buf_printf(fixed, "%s%.*s=" SCRUB_MARK,
                                   fixed->len ? "&" : "", (int)kn, p);
        } else if (kn) {
            rc = query_put(q, k, v) < 0 ? RC_ENOMEM : 0;
            if (rc == 0)
                rc = rc_buf_printf(fixed, "%s%.*s", fixed->len ? "&" : "",
                                   (int)n, p);
        }
        free(k);
        free(v);
        p = p[n] ? p + n + 1 : NULL;
    }
    if (rc == 0 && json_object_size(q) > 0)
        *out = json_incref(q);
    json_decref(q);
    return rc;
}

/* Suite headers: transport headers left out, credentials dropped,
 * repeated names joined with ", ". *out is NULL when none are left. */
static int suite_headers(json_t **out, struct imp_ctx *ctx,
                         const struct imp_headers *h, const char *id)
{
    json_t *o = json_object();
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < h->names.n; i++) {
        const char *n = h->names.v[i], *v = h->values.v[i];
        json_t *old;
        if (n[0] == ':' || in_list(transport, n)
            || strncasecmp(n, "sec-", 4) == 0)
            continue;
        if (secret_name(n)) {
            rc = strvec_pushf(ctx->dropped, "header '%s' of call '%s'", n,
                              id);
            continue;
        }
        if ((old = json_object_get(o, n)) != NULL) {
            char *j = NULL;
            if (asprintf(&j, "%s, %s", json_string_value(old), v) < 0)
                return RC_ENOMEM;
            json_string_set(old, j);
            free(j);
        } else if (json_object_set_new(o, n, json_string(v)) < 0) {
            rc = RC_ENOMEM;
        }
    }
    if (rc == 0 && json_object_size(o))
        *out = json_incref(o);
    json_decref(o);
    return rc;
}

/* Drops secret members of a JSON request body at any depth. */
static int drop_members(json_t *v, struct imp_ctx *ctx, const char *id)
{
    const char *k;
    json_t *m;
    void *tmp;
    size_t i;
    int rc = 0;

    if (json_is_array(v)) {
        json_array_foreach(v, i, m)
            if ((rc = drop_members(m, ctx, id)) != 0)
                return rc;
        return 0;
    }
    json_object_foreach_safe(v, tmp, k, m) {
        if (secret_name(k)) {
            if ((rc = strvec_pushf(ctx->dropped, "body member '%s' of call "
                                   "'%s'", k, id)) != 0)
                return rc;
            json_object_del(v, k);
        } else if ((rc = drop_members(m, ctx, id)) != 0) {
            return rc;
        }
    }
    return 0;
}

/* A form body with its secret fields dropped (new string). */
static char *drop_form_fields(struct imp_ctx *ctx, const char *body,
                              const char *id)
{
    struct rc_buf w;
    const char *p = body;

    rc_buf_init(&w, (size_t)1 << 30);
    while (*p) {
        size_t n = strcspn(p, "&");
        const char *eq = memchr(p, '=', n);
        char *k = pct_decode(p, eq ? (size_t)(eq - p) : n, true);
        if (k && secret_name(k))
            strvec_pushf(ctx->dropped, "form field '%s' of call '%s'", k,
                         id);
        else if (n)
            rc_buf_printf(&w, "%s%.*s", w.len ? "&" : "", (int)n, p);
        free(k);
        p += n + (p[n] != '\0');
    }
    return rc_buf_detach(&w, NULL);
}

static int request_body(json_t *call, struct imp_ctx *ctx,
                        const struct imp_req *r, const char *id)
{
    const char *ct = imp_headers_get(&r->headers, "Content-Type");
    json_t *j;
    char *t;

    if (r->body == NULL || r->body_len == 0)
        return 0;
    j = json_loadb(r->body, r->body_len, JSON_DECODE_ANY, NULL);
    if (j && ((ct && strstr(ct, "json")) || json_is_object(j)
              || json_is_array(j))) {
        int rc = drop_members(j, ctx, id);
        if (rc == 0)
            json_object_set_new(call, "body", j);
        else
            json_decref(j);
        return rc;
    }
    json_decref(j);
    if (ct && strstr(ct, "x-www-form-urlencoded"))
        t = drop_form_fields(ctx, r->body, id);
    else
        t = strdup(r->body);
    if (t == NULL)
        return RC_ENOMEM;
    json_object_set_new(call, "body_text", json_string(t));
    free(t);
    return 0;
}

/* Why r cannot be a call, or NULL when it can. */
static const char *unusable(const struct imp_req *r, const char *front)
{
    if (strncmp(front, "http://", 7) != 0
        && strncmp(front, "https://", 8) != 0)
        return "its URL is not http:// or https://";
    for (size_t i = 0; methods[i]; i++)
        if (strcmp(methods[i], r->method) == 0)
            return strstr(r->url, "{{") ? "its URL holds a variable the "
                   "import cannot resolve" : NULL;
    return "its method is not GET, HEAD, OPTIONS, POST, PUT, PATCH or "
           "DELETE";
}

/* Whether the call still holds a {{variable}} (Postman). */
static bool holds_variable(const json_t *c)
{
    char *text = json_dumps(c, JSON_COMPACT);
    bool found = text == NULL || strstr(text, "{{") != NULL;

    free(text);
    return found;
}

/* The environment whose login (or token) request front is, or NULL. */
static const struct imp_base *login_of(const struct imp_ctx *ctx,
                                       const char *front)
{
    for (size_t i = 0; i < ctx->n_bases; i++)
        if (ctx->bases[i].login && strcmp(ctx->bases[i].login, front) == 0)
            return &ctx->bases[i];
    return NULL;
}

/* Query parameters that say which page of a list a request asks for; the
 * first names all mean "page". */
static const char *const page_params[] = {"page", "pagina", "pagenumber",
    "page_number", "pageno", "paginanummer", "offset", "skip", "start",
    NULL};

/* path with "/page-2" (or "/offset-100") appended when the query asks for
 * a page, so that the ids of a list's pages say which page they are; else
 * a copy of path. NULL on allocation failure. */
static char *page_path(const char *path, const char *qs)
{
    const char *p = qs;

    while (p && *p) {
        size_t n = strcspn(p, "&"), k = strcspn(p, "=&");
        for (size_t i = 0; k < n && page_params[i]; i++) {
            char *v;
            char *out = NULL;
            if (strlen(page_params[i]) != k
                || strncasecmp(p, page_params[i], k) != 0)
                continue;
            if ((v = pct_decode(p + k + 1, n - k - 1, true)) == NULL)
                return NULL;
            if (*v && asprintf(&out, "%s/%s-%s", path,
                               i < 6 ? "page" : page_params[i], v) < 0)
                out = NULL;
            free(v);
            return out ? out : strdup(path);
        }
        p += n + (p[n] == '&');
    }
    return strdup(path);
}

/*
 * The call's id, made from the path with secrets already scrubbed, so no
 * secret (even lower-cased) can name a fixture file. NULL on allocation
 * failure.
 */
static char *safe_id(struct imp_ctx *ctx, const char *method,
                     const char *path, const char *qs)
{
    char *paged = page_path(path, qs);
    char *clean = paged ? scrub_known_text(paged, ctx->secrets) : NULL;
    char *id = clean ? imp_call_id(method, clean, &ctx->ids) : NULL;
    char *check = id ? scrub_known_text(id, ctx->secrets) : NULL;

    if (check && strcmp(check, id) != 0) {
        free(id);
        id = imp_call_id(method, check, &ctx->ids);
    }
    free(clean);
    free(check);
    free(paged);
    return id;
}

/*
 * Fills call c (id, description, method, path, query, headers, body) with
 * the request's credentials dropped and listed; fixed receives the query
 * for the fixture's URL.
 */
static int call_members(json_t *c, struct rc_buf *fixed, struct imp_ctx *ctx,
                        const struct imp_req *r, const char *id,
                        const char *path, const char *qs)
{
    json_t *q = NULL, *h = NULL;
    int rc;

    if ((rc = parse_query(&q, fixed, ctx, qs, id)) != 0
        || (rc = suite_headers(&h, ctx, &r->headers, id)) != 0)
        goto done;
    for (size_t i = 0; rc == 0 && i < r->dropped.n; i++)
        rc = strvec_pushf(ctx->dropped, "%s of call '%s'", r->dropped.v[i],
                          id);
    if (rc)
        goto done;
    json_object_set_new(c, "id", json_string(id));
    if (r->description)
        json_object_set_new(c, "description", json_string(r->description));
    json_object_set_new(c, "method", json_string(r->method));
    json_object_set_new(c, "path", json_string(path));
    if (q)
        json_object_set(c, "query", q);
    if (h)
        json_object_set(c, "headers", h);
    if ((rc = request_body(c, ctx, r, id)) == 0)
        rc = scrub_known(c, ctx->secrets);
done:
    json_decref(q);
    json_decref(h);
    return rc;
}

int imp_build_call(json_t **call, struct fixture *fx, struct imp_ctx *ctx,
                   const struct imp_req *r, struct rc_error *err)
{
    char *front = NULL, *qs = NULL, *path = NULL, *id = NULL, *url = NULL;
    const struct imp_base *login;
    json_t *c = NULL;
    struct rc_buf fixed;
    const char *why;
    int rc;

    *call = NULL;
    rc_buf_init(&fixed, (size_t)1 << 30);
    if ((rc = split_url(r->url, &front, &qs)) != 0)
        goto done;
    if ((why = unusable(r, front)) != NULL) {
        rc = strvec_pushf(ctx->warnings, "%s: %s %s: skipped (%s)",
                          r->label, r->method, front, why);
        goto done;
    }
    if ((login = login_of(ctx, front)) != NULL) {
        rc = strvec_pushf(ctx->warnings, "%s: %s %s: the login of "
                          "environment '%s' (its auth), not a call: "
                          "skipped", r->label, r->method, front, login->env);
        goto done;
    }
    rc = RC_ENOMEM;
    if ((path = call_path(ctx, front, r->label)) == NULL
        || (id = safe_id(ctx, r->method, path, qs)) == NULL
        || strvec_push(&ctx->ids, id) < 0 || (c = json_object()) == NULL
        || (rc = call_members(c, &fixed, ctx, r, id, path, qs)) != 0)
        goto done;
    if (holds_variable(c)) {
        rc = strvec_pushf(ctx->warnings, "%s: %s %s: skipped (it holds a "
                          "{{variable}} the import cannot resolve)",
                          r->label, r->method, front);
        goto done;
    }
    if (fx && r->has_response) {
        rc = asprintf(&url, "%s%s%s", front, fixed.len ? "?" : "",
                      rc_buf_str(&fixed)) < 0 ? RC_ENOMEM
             : imp_build_fixture(fx, ctx, r, id, url, err);
        if (rc)
            goto done;
    }
    *call = c;
    c = NULL;
done:
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, "import", "out of memory");
    json_decref(c);
    rc_buf_release(&fixed);
    free(front);
    free(qs);
    free(path);
    free(id);
    free(url);
    return rc;
}
