/*
 * A response as stored (see stored.h): headers and body redacted, the
 * body as JSON, UTF-8 text or base64, in a fixture document.
 */
#include "replay/stored.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "config/fixture.h"
#include "core/json.h"

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
              (v = jx_load_body(res->body, res->body_len, NULL)))) {
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

json_t *replay_fixture_json(const struct environment *env,
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
    f.redaction_key = key && key->id[0] ? (char *)key->id : NULL;
    f.req_method = (char *)res->method;
    f.req_url = (char *)res->url;
    f.req_headers = (json_t *)res->req_headers;
    f.status = (int)res->status;
    f.headers = redact_headers(res->headers);
    f.body = f.body_kind == BODY_JSON ? body : NULL;
    f.body_text = f.body_kind == BODY_TEXT || f.body_kind == BODY_BASE64
                  ? (char *)json_string_value(body) : NULL;
    f.captures = (json_t *)res->captured;
    if (noise)
        f.noise = *noise;
    doc = fixture_to_json(&f);
    json_decref(f.headers);
    json_decref(body);
    return doc;
}

bool replay_body_is_json(const struct replay_result *res)
{
    return res->body_len > 0 && res->content_type != NULL
           && strstr(res->content_type, "json") != NULL;
}

json_t *replay_parse_json_body(const struct replay_result *res,
                               struct strvec *warnings)
{
    json_t *v;
    bool dups;

    if (!replay_body_is_json(res))
        return NULL;
    v = jx_load_body(res->body, res->body_len, &dups);
    if (dups && warnings)
        strvec_pushf(warnings, "%s/%s: the response repeats a member name; "
                     "the last value of each is kept", res->suite->name,
                     res->call->id);
    return v;
}
