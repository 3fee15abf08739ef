/*
 * Authentication (see auth.h). Basic credentials are encoded here (not by
 * libcurl) so that the header is visible, and redacted, in the request
 * that is stored. Token requests use http_fetch so they share the
 * engine's options, retries and call counting.
 */
#include "http/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "core/jsonw.h"
#include "http/url.h"
#include "pattern/pattern.h"

void http_auth_init(struct http_auth *a, const struct http_auth_params *p)
{
    memset(a, 0, sizeof(*a));
    a->p = *p;
}

void http_auth_release(struct http_auth *a)
{
    free(a->token);
    a->token = NULL;
}

static double mono_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool http_auth_fetches_tokens(const struct http_auth *a)
{
    return a->p.kind == HTTP_AUTH_OAUTH2 ||
           a->p.kind == HTTP_AUTH_LOGIN;
}

const char *http_auth_header(const struct http_auth *a)
{
    switch (a->p.kind) {
    case HTTP_AUTH_NONE:
        return NULL;
    case HTTP_AUTH_HEADER:
        return a->p.name;
    case HTTP_AUTH_LOGIN:
        return a->p.header ? a->p.header : "Authorization";
    default:
        return "Authorization";
    }
}

/* Appends "key=value&" form-encoded to b. */
static int form_add(struct rc_buf *b, const char *key, const char *value)
{
    char *ev;
    int rc;

    if (value == NULL)
        return 0;
    ev = curl_easy_escape(NULL, value, 0);
    if (ev == NULL)
        return RC_ENOMEM;
    rc = rc_buf_printf(b, "%s%s=%s", b->len ? "&" : "", key, ev);
    curl_free(ev);
    return rc;
}

/* The oauth2 client-credentials token request (client_secret_post). */
static struct http_request *oauth2_request(const struct http_auth_params *au)
{
    char *url = url_join(au->base_url, au->token_url);
    struct http_request *req = url ? http_request_new("POST", url) : NULL;
    struct rc_buf form;

    free(url);
    rc_buf_init(&form, 1 << 20);
    if (req == NULL || form_add(&form, "grant_type", "client_credentials") ||
        form_add(&form, "client_id", au->client_id) ||
        form_add(&form, "client_secret", au->client_secret) ||
        form_add(&form, "scope", au->scope) ||
        http_request_header(req, "Content-Type",
                            "application/x-www-form-urlencoded") ||
        http_request_header(req, "Accept", "application/json")) {
        rc_buf_release(&form);
        http_request_free(req);
        return NULL;
    }
    req->body = rc_buf_detach(&form, &req->body_len);
    return req;
}

/* The login request: method, url, headers and JSON body of the config. */
static struct http_request *login_request(const struct http_auth_params *au)
{
    char *url = url_join(au->base_url, au->url);
    struct http_request *req;
    const char *name;
    json_t *v;

    req = url ? http_request_new(au->method ? au->method : "POST", url)
              : NULL;
    free(url);
    if (req == NULL)
        return NULL;
    json_object_foreach(au->headers, name, v) {
        char *text = url_scalar_text(v);

        if (text == NULL || http_request_header(req, name, text)) {
            free(text);
            http_request_free(req);
            return NULL;
        }
        free(text);
    }
    if (au->body) {
        req->body = jsonw_dumps(au->body, JSON_COMPACT | JSON_ENCODE_ANY);
        req->body_len = req->body ? strlen(req->body) : 0;
        if (req->body == NULL ||
            http_request_header(req, "Content-Type", "application/json")) {
            http_request_free(req);
            return NULL;
        }
    }
    return req;
}

/* The first value at path in doc (borrowed), or NULL. */
static json_t *value_at(json_t *doc, const char *path)
{
    struct pattern *p = NULL;
    json_t *v;

    if (doc == NULL || pattern_compile(&p, path, NULL) != 0)
        return NULL;
    v = pattern_first(p, doc);
    pattern_free(p);
    return v;
}

/* Takes the token (and its lifetime) from a token response. */
static int take_token(struct http_auth *a, const struct http_response *resp)
{
    const struct http_auth_params *au = &a->p;
    json_t *doc = json_loadb(resp->body.data ? resp->body.data : "",
                             resp->body.len, 0, NULL);
    json_t *tok, *exp;
    int rc = -1;

    tok = value_at(doc, au->kind == HTTP_AUTH_OAUTH2 ? "$.access_token"
                        : au->token_path ? au->token_path : "$.token");
    if (json_is_string(tok) || json_is_number(tok)) {
        free(a->token);
        a->token = url_scalar_text(tok);
        exp = json_object_get(doc, "expires_in");
        a->expires = json_is_number(exp) && json_number_value(exp) > 0
            ? mono_now() + json_number_value(exp) * 0.9 : 0;
        a->generation++;
        rc = a->token ? 0 : -1;
    }
    json_decref(doc);
    return rc;
}

/* Fetches a new token; on failure marks the auth broken. */
static int fetch_token(struct http_auth *a, struct http_engine *eng,
                       size_t max_body, struct rc_error *err)
{
    bool oauth = a->p.kind == HTTP_AUTH_OAUTH2;
    struct http_request *req = oauth ? oauth2_request(&a->p)
                                     : login_request(&a->p);
    struct http_response resp;
    const char *what = oauth ? "oauth2 token request" : "login request";

    if (req == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    http_response_init(&resp, max_body);
    http_fetch(eng, req, &resp);
    if (resp.code != 0)
        snprintf(a->broken_why, sizeof(a->broken_why), "%s failed: %s",
                 what, resp.error);
    else if (resp.status < 200 || resp.status > 299)
        snprintf(a->broken_why, sizeof(a->broken_why),
                 "%s failed: HTTP %ld", what, resp.status);
    else if (take_token(a, &resp) != 0)
        snprintf(a->broken_why, sizeof(a->broken_why),
                 "%s failed: no token at '%s' in its response", what,
                 oauth ? "$.access_token"
                       : a->p.token_path ? a->p.token_path
                                                 : "$.token");
    else
        a->broken_why[0] = '\0';
    http_response_release(&resp);
    http_request_free(req);
    a->broken = a->broken_why[0] != '\0';
    if (a->broken)
        return rc_error_set(err, RC_EENV, a->p.label, "%s",
                            a->broken_why);
    return 0;
}

/* "Basic base64(user:password)"; caller frees. */
static char *basic_value(const struct http_auth_params *au)
{
    char *pair, *enc, *out = NULL;

    if (asprintf(&pair, "%s:%s", au->username ? au->username : "",
                 au->password ? au->password : "") < 0)
        return NULL;
    enc = g_base64_encode((const guchar *)pair, strlen(pair));
    memset(pair, 0, strlen(pair));
    free(pair);
    if (enc && asprintf(&out, "Basic %s", enc) < 0)
        out = NULL;
    g_free(enc);
    return out;
}

/* Adds the token header of an oauth2 or login environment. */
static int add_token(struct http_auth *a, struct http_request *req)
{
    const struct http_auth_params *au = &a->p;
    const char *prefix;
    char *value;
    int rc;

    if (au->kind == HTTP_AUTH_OAUTH2)
        prefix = "Bearer ";
    else
        prefix = au->prefix ? au->prefix : au->header ? "" : "Bearer ";
    if (asprintf(&value, "%s%s", prefix, a->token) < 0)
        return RC_ENOMEM;
    rc = http_request_header(req, http_auth_header(a), value);
    free(value);
    return rc;
}

int http_auth_token(const char **token, struct http_auth *a,
                    struct http_engine *eng, struct rc_error *err)
{
    int rc;

    if (token)
        *token = NULL;
    if (a->broken)
        return rc_error_set(err, RC_EENV, a->p.label, "%s",
                            a->broken_why);
    if (a->token && a->expires > 0 && mono_now() >= a->expires) {
        free(a->token);
        a->token = NULL;
    }
    if (a->token == NULL && (rc = fetch_token(a, eng, 1 << 20, err)) != 0)
        return rc;
    if (token)
        *token = a->token;
    return 0;
}

int http_auth_apply(struct http_auth *a, struct http_engine *eng,
                    struct http_request *req, int *generation,
                    struct rc_error *err)
{
    const struct http_auth_params *au = &a->p;
    char *value = NULL;
    int rc = 0;

    *generation = a->generation;
    switch (au->kind) {
    case HTTP_AUTH_NONE:
        return 0;
    case HTTP_AUTH_BASIC:
        value = basic_value(au);
        rc = value ? http_request_header(req, "Authorization", value)
                   : RC_ENOMEM;
        break;
    case HTTP_AUTH_BEARER:
        if (asprintf(&value, "Bearer %s", au->token ? au->token : "") < 0)
            return RC_ENOMEM;
        rc = http_request_header(req, "Authorization", value);
        break;
    case HTTP_AUTH_HEADER:
        return http_request_header(req, au->name, au->value ? au->value
                                                            : "");
    case HTTP_AUTH_OAUTH2:
    case HTTP_AUTH_LOGIN:
        if ((rc = http_auth_token(NULL, a, eng, err)) != 0)
            return rc;
        *generation = a->generation;
        return add_token(a, req);
    }
    if (value) {
        memset(value, 0, strlen(value));
        free(value);
    }
    return rc;
}

bool http_auth_expire(struct http_auth *a, int generation)
{
    if (!http_auth_fetches_tokens(a))
        return false;
    if (a->generation == generation) {
        free(a->token);
        a->token = NULL;
    }
    return true;
}
