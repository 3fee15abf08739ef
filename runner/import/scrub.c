/*
 * The credential filter of import and doc (see scrub.h).
 */
#include "core/base64.h"
#include "import/scrub.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "import/imp.h"
#include "redact/redact.h"

/* The header rule of redact/ (SPEC section 9), widened to the names that
 * hold passwords in bodies and forms. */
bool imp_secret_name(const char *name)
{
    return redact_header_sensitive(name) || strcasecmp(name, "pwd") == 0
           || strcasestr(name, "password") || strcasestr(name, "passwd")
           || strcasestr(name, "credential");
}

bool scrub_secret_header(const char *name)
{
    return imp_secret_name(name);
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
    free(v);
    return rc;
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

char *scrub_known_text(const char *s, const struct strvec *secrets)
{
    return scrub_known_text_as(s, secrets, SCRUB_MARK);
}

char *scrub_known_text_as(const char *s, const struct strvec *secrets,
                          const char *mark)
{
    struct rc_buf w;
    const char *p = s;

    rc_buf_init(&w, (size_t)1 << 31);
    while (*p) {
        size_t best = 0;
        for (size_t i = 0; i < secrets->n; i++) {
            size_t n = strlen(secrets->v[i]);
            if (n > best && strncmp(p, secrets->v[i], n) == 0)
                best = n;
        }
        if (best) {
            if (rc_buf_adds(&w, mark) < 0)
                break;
            p += best;
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
            if (rc == 0 && imp_secret_name(k) && json_is_string(m)) {
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
