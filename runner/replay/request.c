/*
 * Requests from suite calls (see request.h).
 */
#include "replay/request.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fsutil.h"
#include "core/jsonw.h"
#include "http/url.h"
#include "redact/scrub.h"
#include "redact/redact.h"

/* The variable named by the n bytes at name, trimmed (borrowed). */
static json_t *var_get(const json_t *vars, const char *name, size_t n)
{
    char key[256];

    while (n > 0 && isspace((unsigned char)*name)) {
        name++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)name[n - 1]))
        n--;
    if (n == 0 || n >= sizeof(key))
        return NULL;
    memcpy(key, name, n);
    key[n] = '\0';
    return json_object_get(vars, key);
}

static int add_value(struct rc_buf *out, const json_t *v, bool escape)
{
    char *text = url_scalar_text(v), *e;
    int rc;

    if (text == NULL)
        return RC_ENOMEM;
    if (!escape) {
        rc = rc_buf_adds(out, text);
        free(text);
        return rc;
    }
    e = curl_easy_escape(NULL, text, 0);
    free(text);
    if (e == NULL)
        return RC_ENOMEM;
    rc = rc_buf_adds(out, e);
    curl_free(e);
    return rc;
}

int request_subst(struct rc_buf *out, const char *text, const json_t *vars,
                  bool escape)
{
    const char *p = text, *open, *close;
    int rc = 0;

    while (rc == 0 && (open = strstr(p, "{{")) != NULL &&
           (close = strstr(open + 2, "}}")) != NULL) {
        json_t *v = var_get(vars, open + 2, (size_t)(close - open - 2));

        rc = rc_buf_add(out, p, (size_t)(open - p));
        if (rc == 0)
            rc = v ? add_value(out, v, escape)
                   : rc_buf_add(out, open, (size_t)(close + 2 - open));
        p = close + 2;
    }
    return rc ? rc : rc_buf_adds(out, p);
}

/* A string with variables substituted (new reference). "{{x}}" alone
 * becomes x's captured value itself, keeping its JSON type. */
static json_t *subst_string(const char *s, const json_t *vars)
{
    size_t n = strlen(s);
    struct rc_buf b;
    json_t *v;

    if (n > 4 && strncmp(s, "{{", 2) == 0 && strcmp(s + n - 2, "}}") == 0 &&
        strstr(s + 2, "{{") == NULL &&
        (v = var_get(vars, s + 2, n - 4)) != NULL)
        return json_incref(v);
    rc_buf_init(&b, (size_t)1 << 30);
    if (request_subst(&b, s, vars, false) != 0) {
        rc_buf_release(&b);
        return NULL;
    }
    v = json_string(rc_buf_str(&b));
    rc_buf_release(&b);
    return v;
}

/* A deep copy of v with variables substituted in every string. */
static json_t *subst_json(const json_t *v, const json_t *vars)
{
    json_t *out, *c;
    const char *k;
    size_t i;

    if (json_is_string(v))
        return subst_string(json_string_value(v), vars);
    if (json_is_object(v)) {
        out = json_object();
        json_object_foreach((json_t *)v, k, c)
            json_object_set_new(out, k, subst_json(c, vars));
        return out;
    }
    if (json_is_array(v)) {
        out = json_array();
        json_array_foreach(v, i, c)
            json_array_append_new(out, subst_json(c, vars));
        return out;
    }
    return json_deep_copy(v);
}

static int build_url(struct rc_buf *url, const struct environment *env,
                     const struct call *c, const json_t *vars)
{
    struct rc_buf path;
    char *joined;
    json_t *q;
    int rc;

    rc_buf_init(&path, (size_t)1 << 20);
    rc = request_subst(&path, c->path, vars, true);
    joined = rc == 0 ? url_join(env->base_url, rc_buf_str(&path)) : NULL;
    rc_buf_release(&path);
    if (joined == NULL)
        return RC_ENOMEM;
    rc = rc_buf_adds(url, joined);
    free(joined);
    if (rc || c->query == NULL)
        return rc;
    q = subst_json(c->query, vars);
    rc = q ? url_add_query(url, q) : RC_ENOMEM;
    json_decref(q);
    return rc;
}

static int add_headers(struct http_request *req, const struct call *c,
                       const json_t *vars, bool *has_ct)
{
    const char *name;
    json_t *v;
    int rc = 0;

    json_object_foreach(c->headers, name, v) {
        struct rc_buf b;

        rc_buf_init(&b, (size_t)1 << 20);
        rc = json_is_string(v)
             ? request_subst(&b, json_string_value(v), vars, false) : 0;
        if (rc == 0)
            rc = http_request_header(req, name, rc_buf_str(&b));
        rc_buf_release(&b);
        if (rc)
            return rc;
        if (strcasecmp(name, "content-type") == 0)
            *has_ct = true;
    }
    return 0;
}

static int add_body(struct http_request *req, const struct call *c,
                    const json_t *vars, bool has_ct)
{
    struct rc_buf b;
    json_t *body;

    if (c->body) {
        body = subst_json(c->body, vars);
        req->body = body ? jsonw_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY)
                         : NULL;
        json_decref(body);
        if (req->body == NULL)
            return RC_ENOMEM;
        req->body_len = strlen(req->body);
        return has_ct ? 0 : http_request_header(req, "Content-Type",
                                                "application/json");
    }
    if (c->body_text == NULL)
        return 0;
    rc_buf_init(&b, (size_t)1 << 30);
    if (request_subst(&b, c->body_text, vars, false) != 0) {
        rc_buf_release(&b);
        return RC_ENOMEM;
    }
    req->body = rc_buf_detach(&b, &req->body_len);
    return req->body ? 0 : RC_ENOMEM;
}

int request_build(struct http_request **out, const struct environment *env,
                  const struct call *c, const json_t *vars)
{
    struct http_request *req = NULL;
    struct rc_buf url;
    bool has_ct = false;
    int rc;

    *out = NULL;
    rc_buf_init(&url, (size_t)1 << 20);
    rc = build_url(&url, env, c, vars);
    if (rc == 0 && (req = http_request_new(c->method, rc_buf_str(&url)))
                       == NULL)
        rc = RC_ENOMEM;
    rc_buf_release(&url);
    if (rc == 0)
        rc = add_headers(req, c, vars, &has_ct);
    if (rc == 0)
        rc = add_body(req, c, vars, has_ct);
    if (rc) {
        http_request_free(req);
        return rc;
    }
    *out = req;
    return 0;
}

json_t *request_headers_json(const struct http_request *req)
{
    json_t *h = json_object(), *r;

    for (struct curl_slist *l = req->headers; l; l = l->next) {
        const char *colon = strchr(l->data, ':');
        char *name;

        if (colon == NULL)
            continue;
        name = strndup(l->data, (size_t)(colon - l->data));
        if (name == NULL)
            break;
        colon++;
        while (*colon == ' ')
            colon++;
        json_object_set_new(h, name, json_string(colon));
        free(name);
    }
    r = redact_headers(h);
    json_decref(h);
    return r;
}

static void warn_query(const struct suite *s, const struct call *c,
                       const char *name, struct strvec *warnings)
{
    if (secret_name(name))
        strvec_pushf(warnings, "%s: query parameter '%s' of call '%s' holds "
                     "a secret: keep it in the environment's auth",
                     fs_display(s->file), name, c->id);
}

void request_lint_query(const struct suite *s, const struct call *c,
                       struct strvec *warnings)
{
    const char *q = strchr(c->path, '?'), *name;
    json_t *v;

    json_object_foreach(c->query, name, v)
        warn_query(s, c, name, warnings);
    while (q && *q) {
        size_t n = strcspn(++q, "=&#");
        char *k = strndup(q, n);

        if (k)
            warn_query(s, c, k, warnings);
        free(k);
        q = strchr(q, '&');
    }
}

void request_lint_origin(const struct environment *env,
                         const struct suite *s, const struct call *c,
                         struct strvec *warnings)
{
    if (env->base_url && strstr(c->path, "://") &&
        !url_same_origin(c->path, env->base_url))
        strvec_pushf(warnings, "%s: call '%s' of suite '%s' goes to another "
                     "origin than environment '%s': it is sent without the "
                     "environment's credentials", fs_display(s->file), c->id,
                     s->name, env->name);
}

void request_auth_params(struct http_auth_params *p,
                         const struct environment *env)
{
    static const enum http_auth_kind kinds[] = {
        [AUTH_NONE] = HTTP_AUTH_NONE, [AUTH_BASIC] = HTTP_AUTH_BASIC,
        [AUTH_BEARER] = HTTP_AUTH_BEARER, [AUTH_HEADER] = HTTP_AUTH_HEADER,
        [AUTH_OAUTH2] = HTTP_AUTH_OAUTH2, [AUTH_LOGIN] = HTTP_AUTH_LOGIN};
    const struct auth *au = &env->auth;

    *p = (struct http_auth_params){
        .kind = kinds[au->type], .base_url = env->base_url,
        .label = env->name, .username = au->username,
        .password = au->password, .token = au->token, .name = au->name,
        .value = au->value, .token_url = au->token_url,
        .client_id = au->client_id, .client_secret = au->client_secret,
        .scope = au->scope, .method = au->method, .url = au->url,
        .headers = au->headers, .body = au->body,
        .token_path = au->token_path, .header = au->header,
        .prefix = au->prefix};
}
