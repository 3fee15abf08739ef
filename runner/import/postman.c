/*
 * The Postman reader of relcheck import (collection format v2.1, also
 * v2.0): one collection becomes one batch, hence one suite named after the
 * collection; folders at any depth are walked in order and flattened (the
 * folder path goes into each call's description). Collection variables
 * ({{name}} from the "variable" list) are substituted into URLs, headers
 * and bodies; a {{name}} left at the start of a URL stands for the base
 * URL and is removed, so the path becomes relative. Path variables (:id)
 * take their values from url.variable. Disabled headers and query
 * parameters are left out. Auth blocks, at collection, folder or request
 * level, are dropped and listed, their values kept as secrets to scrub.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config/jread.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/secret.h"
#include "import/imp.h"

#define PM_MAX_DEPTH 16

/* Walk context: the collection's variables and where messages point. */
struct pm {
    struct jread *jr;
    struct imp_batch *b;
    const json_t *vars;        /* "variable" array, borrowed; may be NULL */
    const char *coll;          /* collection name */
};

static const char *var_value(const struct pm *pm, const char *name,
                             size_t n)
{
    size_t i;
    json_t *v;

    json_array_foreach(pm->vars, i, v) {
        const char *k = json_string_value(json_object_get(v, "key"));
        const char *val = json_string_value(json_object_get(v, "value"));
        if (k && val && strlen(k) == n && strncmp(k, name, n) == 0)
            return val;
    }
    return NULL;
}

/*
 * Substitutes known {{variables}} in s (unknown ones stay). With
 * at_start, an unknown variable at the very start (the base URL) is
 * removed. Returns a new string or NULL.
 */
static char *substitute(const struct pm *pm, const char *s, bool at_start)
{
    struct rc_buf w;
    const char *p = s;

    rc_buf_init(&w, (size_t)1 << 30);
    while (*p) {
        const char *end = strncmp(p, "{{", 2) == 0 ? strstr(p, "}}") : NULL;
        const char *val = end ? var_value(pm, p + 2,
                                          (size_t)(end - p - 2)) : NULL;
        if (end && (val || (at_start && p == s))) {
            if (val && rc_buf_adds(&w, val) < 0)
                break;
            p = end + 2;
        } else if (rc_buf_addc(&w, *p++) < 0) {
            break;
        }
    }
    if (*p) {
        rc_buf_release(&w);
        return NULL;
    }
    return rc_buf_detach(&w, NULL);
}

/* Whether an auth parameter holds a secret: a basic username and an
 * apikey's "key" (the header name) do not, and scrubbing them would
 * mangle ordinary text; an apikey's "value" does. */
static bool auth_param_secret(const char *k)
{
    return strcmp(k, "value") == 0
           || (strcmp(k, "key") != 0 && secret_name(k));
}

/* Drops an auth block, keeping its values as secrets. */
static int drop_auth(struct pm *pm, const json_t *auth, const char *what,
                     struct strvec *dropped)
{
    const char *type = json_string_value(json_object_get(auth, "type"));
    const json_t *params;
    size_t i;
    json_t *p;

    if (auth == NULL || json_is_null(auth))
        return 0;
    if (type == NULL)
        type = "unknown";
    if (strcmp(type, "noauth") == 0)
        return 0;
    params = json_object_get(auth, type);
    json_array_foreach(params, i, p) {
        const char *k = json_string_value(json_object_get(p, "key"));
        const json_t *v = json_object_get(p, "value");
        char *s;
        if (k == NULL || !json_is_string(v) || !auth_param_secret(k))
            continue;
        s = substitute(pm, json_string_value(v), false);
        if (s == NULL || (imp_secret_add(pm->b, s) < 0
                || imp_secret_add(pm->b, json_string_value(v)) < 0)) {
            free(s);
            return RC_ENOMEM;
        }
        free(s);
    }
    if (what == NULL)
        return strvec_pushf(dropped, "auth block (%s)", type);
    return strvec_pushf(dropped, "auth block (%s) of %s", type, what);
}

/* The URL of a request: a string, or an object with "raw". */
static int request_url(struct pm *pm, struct imp_req *r, const json_t *url)
{
    const char *raw = json_is_string(url) ? json_string_value(url)
                      : json_string_value(json_object_get(url, "raw"));
    char *s;
    const json_t *pv = json_object_get(url, "variable");
    size_t i;
    json_t *v;

    if (raw == NULL)
        return jread_fail(pm->jr, "request", "request has no URL");
    if ((s = substitute(pm, raw, true)) == NULL)
        return RC_ENOMEM;
    json_array_foreach(pv, i, v) {
        const char *k = json_string_value(json_object_get(v, "key"));
        const char *val = json_string_value(json_object_get(v, "value"));
        char pat[256], *hit;
        if (k == NULL || val == NULL)
            continue;
        snprintf(pat, sizeof pat, ":%s", k);
        if ((hit = strstr(s, pat)) != NULL) {
            char *t = NULL;
            if (asprintf(&t, "%.*s%s%s", (int)(hit - s), s, val,
                         hit + strlen(pat)) < 0) {
                free(s);
                return RC_ENOMEM;
            }
            free(s);
            s = t;
        }
    }
    r->url = s;
    return 0;
}

static int request_headers(struct pm *pm, struct imp_req *r,
                           const json_t *hs)
{
    size_t i;
    json_t *h;

    json_array_foreach(hs, i, h) {
        const char *k = json_string_value(json_object_get(h, "key"));
        const char *v = json_string_value(json_object_get(h, "value"));
        char *sv;
        int rc;
        if (k == NULL || json_is_true(json_object_get(h, "disabled")))
            continue;
        if ((sv = substitute(pm, v ? v : "", false)) == NULL)
            return RC_ENOMEM;
        rc = imp_headers_add(&r->headers, k, sv);
        free(sv);
        if (rc)
            return rc;
    }
    return 0;
}

/* urlencoded (and formdata text fields) as a form body. */
static int form_body(struct pm *pm, struct imp_req *r, const json_t *arr)
{
    struct rc_buf w;
    size_t i;
    json_t *f;
    int rc = 0;

    rc_buf_init(&w, (size_t)1 << 30);
    json_array_foreach(arr, i, f) {
        const char *k = json_string_value(json_object_get(f, "key"));
        const char *v = json_string_value(json_object_get(f, "value"));
        char *sv;
        if (k == NULL || json_is_true(json_object_get(f, "disabled")))
            continue;
        if ((sv = substitute(pm, v ? v : "", false)) == NULL)
            rc = RC_ENOMEM;
        if (rc == 0 && w.len)
            rc = rc_buf_addc(&w, '&');
        if (rc == 0)
            rc = rc_buf_printf(&w, "%s=%s", k, sv);
        free(sv);
    }
    if (rc == 0 && (r->body = rc_buf_detach(&w, &r->body_len)) == NULL)
        rc = RC_ENOMEM;
    rc_buf_release(&w);
    if (rc == 0 && !imp_headers_get(&r->headers, "Content-Type"))
        rc = imp_headers_add(&r->headers, "Content-Type",
                             "application/x-www-form-urlencoded");
    return rc;
}

static int request_body(struct pm *pm, struct imp_req *r, const json_t *body)
{
    const char *mode = json_string_value(json_object_get(body, "mode"));
    const char *raw = json_string_value(json_object_get(body, "raw"));

    if (mode == NULL)
        return 0;
    if (strcmp(mode, "raw") == 0 && raw) {
        if ((r->body = substitute(pm, raw, false)) == NULL)
            return RC_ENOMEM;
        r->body_len = strlen(r->body);
        return 0;
    }
    if (strcmp(mode, "urlencoded") == 0)
        return form_body(pm, r, json_object_get(body, "urlencoded"));
    jread_warn(pm->jr, "body", "body mode '%s' of '%s' is not imported",
               mode, r->description);
    return 0;
}

static int read_request(struct pm *pm, const json_t *item, const char *name,
                        const char *group)
{
    const json_t *req = json_object_get(item, "request");
    const char *m = json_string_value(json_object_get(req, "method"));
    struct imp_req *r = imp_batch_add(pm->b);
    int rc;

    if (r == NULL)
        return RC_ENOMEM;
    if ((r->description = strdup(name)) == NULL
        || (r->label = strdup(name)) == NULL
        || (group && (r->group = strdup(group)) == NULL)
        || (r->method = strdup(m ? m : "GET")) == NULL)
        return RC_ENOMEM;
    for (char *p = r->method; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if (json_is_string(req))      /* v2.0 shorthand: the request is a URL */
        return request_url(pm, r, req);
    jread_push(pm->jr, "request");
    if ((rc = request_url(pm, r, json_object_get(req, "url"))) == 0
        && (rc = request_headers(pm, r, json_object_get(req,
                                                        "header"))) == 0
        && (rc = request_body(pm, r, json_object_get(req, "body"))) == 0) {
        rc = drop_auth(pm, json_object_get(req, "auth"), NULL, &r->dropped);
    }
    jread_pop(pm->jr);
    return rc;
}

/* Reads the requests of items; group is the top-level folder they are
 * in (NULL at the top). */
static int walk(struct pm *pm, const json_t *items, const char *prefix,
                const char *group, int depth)
{
    size_t i;
    json_t *it;
    int rc = 0;

    if (depth > PM_MAX_DEPTH)
        return jread_fail(pm->jr, NULL, "folders nested deeper than %d",
                          PM_MAX_DEPTH);
    jread_push(pm->jr, "item");
    json_array_foreach(items, i, it) {
        const char *n = json_string_value(json_object_get(it, "name"));
        char name[512];
        snprintf(name, sizeof name, "%s%s", prefix, n ? n : "unnamed");
        jread_push_index(pm->jr, i);
        if (json_is_array(json_object_get(it, "item"))) {
            char sub[520], what[530];
            snprintf(sub, sizeof sub, "%s / ", name);
            snprintf(what, sizeof what, "folder '%s'", name);
            rc = drop_auth(pm, json_object_get(it, "auth"), what,
                           &pm->b->dropped);
            if (rc == 0)
                rc = walk(pm, json_object_get(it, "item"), sub,
                          group ? group : name, depth + 1);
        } else {
            rc = read_request(pm, it, name, group);
        }
        jread_pop(pm->jr);
        if (rc)
            break;
    }
    jread_pop(pm->jr);
    return rc;
}

/* Keeps the values of secret-looking collection variables as secrets. */
static int secret_vars(struct pm *pm)
{
    size_t i;
    json_t *v;

    json_array_foreach(pm->vars, i, v) {
        const char *k = json_string_value(json_object_get(v, "key"));
        const char *val = json_string_value(json_object_get(v, "value"));
        if (k && secret_name(k) && imp_secret_add(pm->b, val) < 0)
            return RC_ENOMEM;
    }
    return 0;
}

static int read_collection(struct jread *jr, struct imp_batch *b,
                           const json_t *root)
{
    const json_t *info = json_object_get(root, "info");
    const char *name = json_string_value(json_object_get(info, "name"));
    const char *desc = json_string_value(json_object_get(info,
                                                         "description"));
    struct pm pm = {jr, b, json_object_get(root, "variable"), name};
    char what[300];
    int rc;

    if (!json_is_object(root) || !json_is_object(info) || name == NULL)
        return jread_fail(jr, NULL, "not a Postman collection: no "
                          "'info.name'");
    if (!json_is_array(json_object_get(root, "item")))
        return jread_fail(jr, NULL, "not a Postman collection: no array "
                          "'item'");
    if ((b->name = strdup(name)) == NULL
        || (desc && (b->description = strdup(desc)) == NULL))
        return RC_ENOMEM;
    snprintf(what, sizeof what, "collection '%s'", name);
    if ((rc = drop_auth(&pm, json_object_get(root, "auth"), what,
                        &b->dropped)) != 0
        || (rc = walk(&pm, json_object_get(root, "item"), "", NULL,
                      0)) != 0)
        return rc;
    if (b->n == 0)
        return jread_fail(jr, "item", "Postman collection '%s' has no "
                          "requests", name);
    (void)pm.coll;
    return secret_vars(&pm);
}

int postman_read(struct imp_batch *b, const char *path,
                 struct strvec *warnings, struct rc_error *err)
{
    return imp_read_json(b, path, read_collection, warnings, err);
}
