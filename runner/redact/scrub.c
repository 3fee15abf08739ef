/*
 * The credential filter of import and doc (see scrub.h).
 */
#include "core/base64.h"
#include "redact/scrub.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jsonw.h"
#include "core/pct.h"
#include "core/secret.h"
#include "redact/redact.h"

/* The form a value takes inside a JSON string ("a\"b" for a"b), when it
 * differs, so a server's JSON echo of it is found too. */
static int learn_escaped(struct strvec *secrets, const char *v)
{
    json_t *j = json_string(v);
    char *text = j ? jsonw_dumps(j, JSON_ENCODE_ANY) : NULL;
    size_t n = text ? strlen(text) : 0;
    int rc = 0;

    if (n >= 2) {
        text[n - 1] = '\0';
        if (strcmp(text + 1, v) != 0 && !strvec_contains(secrets, text + 1))
            rc = strvec_push(secrets, text + 1);
    }
    free(text);
    json_decref(j);
    return rc;
}

static int learn(struct strvec *secrets, const char *s, size_t n)
{
    char *v;
    int rc = 0;

    while (n && (*s == ' ' || *s == '"'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"'))
        n--;
    if (n < 4)
        return 0;
    if ((v = strndup(s, n)) == NULL)
        return RC_ENOMEM;
    if (!strvec_contains(secrets, v))
        rc = strvec_push(secrets, v);
    if (rc == 0)
        rc = learn_escaped(secrets, v);
    free(v);
    return rc;
}

int scrub_learn_value(struct strvec *secrets, const char *value)
{
    return value ? learn(secrets, value, strlen(value)) : 0;
}

/* "a=1; b=2" (Cookie) or "sid=x; Path=/" (Set-Cookie): each value. */
static int learn_cookies(struct strvec *secrets, const char *v, bool set)
{
    const char *p = v;
    int rc = 0;

    while (rc == 0 && *p) {
        const char *end = strchr(p, ';');
        const char *eq = memchr(p, '=', end ? (size_t)(end - p)
                                            : strlen(p));
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (eq)
            rc = learn(secrets, eq + 1, n - (size_t)(eq + 1 - p));
        if (set || end == NULL)
            break;
        p = end + 1;
    }
    return rc;
}

int scrub_learn_header(struct strvec *secrets, const char *name,
                       const char *value)
{
    const char *sp = strchr(value, ' ');
    int rc = learn(secrets, value, strlen(value));

    if (rc)
        return rc;
    if (strcasecmp(name, "cookie") == 0)
        return learn_cookies(secrets, value, false);
    if (strcasecmp(name, "set-cookie") == 0)
        return learn_cookies(secrets, value, true);
    if (sp == NULL)
        return 0;
    if ((rc = learn(secrets, sp + 1, strlen(sp + 1))) != 0)
        return rc;
    if (strncasecmp(value, "Basic ", 6) == 0) {
        size_t n = 0;
        char *dec = NULL;
        if (b64_decode(&dec, &n, sp + 1, strlen(sp + 1)) != 0)
            dec = NULL;
        char *colon = dec ? memchr(dec, ':', n) : NULL;
        if (dec && (rc = learn(secrets, dec, n)) == 0 && colon)
            rc = learn(secrets, colon + 1, n - (size_t)(colon + 1 - dec));
        free(dec);
    }
    return rc;
}

int scrub_learn_members(struct strvec *secrets, const json_t *v)
{
    const char *k;
    json_t *m;
    size_t i;
    int rc = 0;

    if (json_is_array(v)) {
        json_array_foreach(v, i, m)
            if ((rc = scrub_learn_members(secrets, m)) != 0)
                return rc;
    }
    if (!json_is_object(v))
        return 0;
    json_object_foreach((json_t *)v, k, m) {
        const char *s = json_string_value(m);
        if (s && secret_name(k))
            rc = scrub_learn_value(secrets, s);
        else
            rc = scrub_learn_members(secrets, m);
        if (rc)
            return rc;
    }
    return 0;
}

char *scrub_known_text(const char *s, const struct strvec *secrets)
{
    return scrub_known_text_as(s, secrets, SCRUB_MARK);
}

/* Whether the len bytes at s hold a value of secrets. */
static bool bytes_hold_secret(const char *s, size_t len,
                              const struct strvec *secrets)
{
    for (size_t i = 0; i < secrets->n; i++)
        if (memmem(s, len, secrets->v[i], strlen(secrets->v[i])))
            return true;
    return false;
}

int scrub_known_bytes(char **out, size_t *out_len, const char *s,
                      size_t len, const struct strvec *secrets,
                      const char *mark)
{
    struct rc_buf w;
    size_t i = 0;

    *out = NULL;
    *out_len = 0;
    if (!bytes_hold_secret(s, len, secrets))
        return 0;
    rc_buf_init(&w, (size_t)1 << 31);
    while (i < len) {
        size_t best = 0;
        for (size_t k = 0; k < secrets->n; k++) {
            size_t n = strlen(secrets->v[k]);
            if (n > best && n <= len - i &&
                memcmp(s + i, secrets->v[k], n) == 0)
                best = n;
        }
        if ((best ? rc_buf_adds(&w, mark) : rc_buf_addc(&w, s[i])) < 0) {
            rc_buf_release(&w);
            return RC_ENOMEM;
        }
        i += best ? best : 1;
    }
    *out = rc_buf_detach(&w, out_len);
    return *out ? 1 : RC_ENOMEM;
}

char *scrub_known_text_as(const char *s, const struct strvec *secrets,
                          const char *mark)
{
    char *out;
    size_t n;
    int rc = scrub_known_bytes(&out, &n, s, strlen(s), secrets, mark);

    return rc == 0 ? strdup(s) : out;
}

static bool holds_secret(const char *s, const struct strvec *secrets)
{
    for (size_t i = 0; i < secrets->n; i++)
        if (strstr(s, secrets->v[i]))
            return true;
    return false;
}

/* Scrubs one string value in place through set (object or array slot). */
static int scrub_string(json_t *v, const struct strvec *secrets)
{
    char *t;
    int rc;

    if (!holds_secret(json_string_value(v), secrets))
        return 0;
    if ((t = scrub_known_text(json_string_value(v), secrets)) == NULL)
        return RC_ENOMEM;
    rc = json_string_set(v, t) < 0 ? RC_ENOMEM : 0;
    free(t);
    return rc;
}

int scrub_known(json_t *v, const struct strvec *secrets)
{
    const char *k;
    json_t *m;
    void *tmp;
    size_t i;
    int rc = 0;

    if (secrets->n == 0)
        return 0;
    if (json_is_string(v))
        return scrub_string(v, secrets);
    if (json_is_array(v)) {
        json_array_foreach(v, i, m)
            if ((rc = scrub_known(m, secrets)) != 0)
                return rc;
        return 0;
    }
    json_object_foreach_safe(v, tmp, k, m) {
        if (holds_secret(k, secrets)) {
            json_object_del(v, k);
            continue;
        }
        if ((rc = scrub_known(m, secrets)) != 0)
            return rc;
    }
    return 0;
}

/* Walks v with its path in w (array positions as [*]). */
static int members_at(json_t *v, struct rc_buf *w, struct strvec *paths)
{
    size_t len = w->len, i;
    const char *k;
    json_t *m;
    int rc = 0;

    if (json_is_array(v)) {
        if ((rc = rc_buf_adds(w, "[*]")) != 0)
            return rc;
        json_array_foreach(v, i, m)
            if ((rc = members_at(m, w, paths)) != 0)
                break;
    } else if (json_is_object(v)) {
        json_object_foreach(v, k, m) {
            w->len = len;
            w->data[len] = '\0';
            bool ident = isalpha((unsigned char)k[0]) || k[0] == '_';
            for (const char *p = k; ident && *p; p++)
                ident = isalnum((unsigned char)*p) || *p == '_';
            rc = ident ? rc_buf_printf(w, ".%s", k)
                       : rc_buf_printf(w, "['%s']", k);
            if (rc == 0 && secret_name(k) && json_is_string(m)) {
                rc = json_string_set(m, SCRUB_MARK) < 0 ? RC_ENOMEM : 0;
                if (rc == 0 && !strvec_contains(paths, rc_buf_str(w)))
                    rc = strvec_push(paths, rc_buf_str(w));
            } else if (rc == 0) {
                rc = members_at(m, w, paths);
            }
            if (rc)
                break;
        }
    }
    w->len = len;
    if (w->data)
        w->data[len] = '\0';
    return rc;
}

int scrub_secret_members(json_t *v, struct strvec *paths)
{
    struct rc_buf w;
    int rc;

    rc_buf_init(&w, 1 << 20);
    rc = rc_buf_addc(&w, '$');
    if (rc == 0)
        rc = members_at(v, &w, paths);
    rc_buf_release(&w);
    return rc;
}

void scrub_redactor_init(struct scrub_redactor *r, const struct config *cfg,
                         struct strvec *warnings)
{
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->warnings = warnings;
    pattern_set_init(&r->patterns);
}

void scrub_redactor_release(struct scrub_redactor *r)
{
    pattern_set_release(&r->patterns);
    memset(&r->key, 0, sizeof r->key);
    r->loaded = false;
}

/* Compiles the patterns and loads the key, once. */
static int redactor_load(struct scrub_redactor *r, struct rc_error *err)
{
    int rc;

    if (r->loaded)
        return 0;
    if ((rc = pattern_set_add_all(&r->patterns, &r->cfg->redact, err)) != 0)
        return rc;
    if ((rc = redact_key_load(&r->key, r->cfg->state_dir, r->warnings,
                              err)) != 0)
        return rc;
    r->loaded = true;
    return 0;
}

int scrub_redact_body(json_t *body, struct scrub_redactor *r,
                      struct rc_error *err)
{
    int rc;

    if (r->cfg->redact.n == 0 || body == NULL)
        return 0;
    if ((rc = redactor_load(r, err)) != 0)
        return rc;
    if (redact_json(body, &r->patterns, &r->key) < 0)
        return rc_error_set(err, RC_ENOMEM, "redact", "out of memory");
    return 0;
}

int scrub_redact_text(char **text, size_t *len, struct scrub_redactor *r,
                      struct rc_error *err)
{
    const char *p = *text;
    char *out = NULL;
    size_t out_len = 0;
    int rc;

    while (p < *text + *len && isspace((unsigned char)*p))
        p++;
    if (r->cfg->redact.n == 0 || p >= *text + *len || *p != '<')
        return 0;
    if ((rc = redactor_load(r, err)) != 0)
        return rc;
    rc = redact_xml(&out, &out_len, *text, *len, &r->patterns, &r->key);
    if (rc == RC_ENOMEM)
        return rc_error_set(err, rc, "redact", "out of memory");
    if (rc > 0 && out) {
        free(*text);
        *text = out;
        *len = out_len;
    }
    return 0;
}

/* Learns a Basic pair: the password, "user:password" and its base64. */
static int learn_basic(struct strvec *secrets, const char *user,
                       const char *password)
{
    char *pair = NULL, *b64;
    int rc;

    if (asprintf(&pair, "%s:%s", user ? user : "",
                 password ? password : "") < 0)
        return RC_ENOMEM;
    b64 = b64_encode(pair, strlen(pair));
    rc = b64 ? scrub_learn_value(secrets, pair) : RC_ENOMEM;
    if (rc == 0)
        rc = scrub_learn_value(secrets, b64);
    if (rc == 0)
        rc = scrub_learn_value(secrets, password);
    free(pair);
    free(b64);
    return rc;
}

int scrub_learn_url(struct strvec *secrets, const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    const char *at, *colon;
    char *user, *pw;
    size_t n;
    int rc;

    if (p == NULL)
        return 0;
    p += 3;
    n = strcspn(p, "/?#");
    if ((at = memchr(p, '@', n)) == NULL ||
        (colon = memchr(p, ':', (size_t)(at - p))) == NULL)
        return 0;
    if ((rc = learn(secrets, p, (size_t)(at - p))) != 0 ||
        (rc = learn(secrets, colon + 1, (size_t)(at - colon - 1))) != 0)
        return rc;
    user = pct_decode(p, (size_t)(colon - p), false);
    pw = pct_decode(colon + 1, (size_t)(at - colon - 1), false);
    rc = user && pw ? learn_basic(secrets, user, pw) : RC_ENOMEM;
    free(user);
    free(pw);
    return rc;
}

int scrub_learn_auth(struct strvec *secrets, const struct environment *env)
{
    const struct auth *a = &env->auth;
    const char *values[] = {a->password, a->token, a->value,
                            a->client_secret};
    int rc = scrub_learn_url(secrets, env->base_url);

    for (size_t i = 0; rc == 0 && i < sizeof values / sizeof values[0]; i++)
        rc = scrub_learn_value(secrets, values[i]);
    if (rc == 0)
        rc = scrub_learn_members(secrets, a->body);
    if (rc == 0)
        rc = scrub_learn_members(secrets, a->headers);
    if (rc == 0 && a->type == AUTH_BASIC)
        rc = learn_basic(secrets, a->username, a->password);
    return rc;
}

/* Appends one name=value pair of a query, its value as "<redacted>" when
 * the name is a secret one. */
static int add_pair(struct rc_buf *w, const char *p, size_t n)
{
    const char *eq = memchr(p, '=', n);
    char *k = pct_decode(p, eq ? (size_t)(eq - p) : n, true);
    int rc;

    if (k == NULL)
        return RC_ENOMEM;
    if (eq && secret_name(k))
        rc = rc_buf_printf(w, "%.*s" SCRUB_MARK, (int)(eq + 1 - p), p);
    else
        rc = rc_buf_add(w, p, n);
    free(k);
    return rc;
}

char *scrub_url(const char *url, const struct strvec *secrets)
{
    char *known = scrub_known_text(url, secrets);
    const char *q = known ? strchr(known, '?') : NULL, *p;
    struct rc_buf w;
    int rc;

    if (q == NULL)
        return known;
    rc_buf_init(&w, (size_t)1 << 24);
    rc = rc_buf_add(&w, known, (size_t)(q + 1 - known));
    for (p = q + 1; rc == 0 && *p && *p != '#';) {
        size_t n = strcspn(p, "&#");
        rc = add_pair(&w, p, n);
        p += n;
        if (rc == 0 && *p == '&')
            rc = rc_buf_addc(&w, *p++);
    }
    if (rc == 0)
        rc = rc_buf_adds(&w, p);
    free(known);
    if (rc) {
        rc_buf_release(&w);
        return NULL;
    }
    return rc_buf_detach(&w, NULL);
}
