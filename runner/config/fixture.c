/*
 * Fixtures: loading, validation, serialization (see fixture.h).
 */
#include "config/fixture.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config/jread.h"
#include "core/afile.h"
#include "core/fsutil.h"
#include "core/json.h"

static const char *const fixture_members[] = {
    "suite", "call", "environment", "recorded_at", "redaction_key",
    "request", "response", "captures", "noise", NULL};
static const char *const request_members[] = {"method", "url", "headers",
                                              "body", "body_text", NULL};
static const char *const response_members[] = {
    "status", "headers", "body", "body_text", "body_base64", NULL};

void fixture_release(struct fixture *f)
{
    free(f->suite);
    free(f->call);
    free(f->environment);
    free(f->recorded_at);
    free(f->redaction_key);
    free(f->req_method);
    free(f->req_url);
    json_decref(f->req_headers);
    json_decref(f->headers);
    json_decref(f->body);
    free(f->body_src);
    free(f->body_text);
    json_decref(f->captures);
    strvec_release(&f->noise);
    memset(f, 0, sizeof *f);
}

static int load_request(struct jread *jr, struct fixture *f,
                        const json_t *root)
{
    json_t *req = NULL, *h = NULL;
    int rc = jread_object(jr, root, "request", false, &req);

    if (rc || req == NULL)
        return rc;
    jread_push(jr, "request");
    jread_known(jr, req, request_members);
    if ((rc = jread_string(jr, req, "method", false, &f->req_method)) == 0
        && (rc = jread_string(jr, req, "url", false, &f->req_url)) == 0
        && (rc = jread_object(jr, req, "headers", false, &h)) == 0)
        f->req_headers = json_incref(h);
    jread_pop(jr);
    return rc;
}

/* Copies the response headers with lower-case names. */
static int load_headers(struct jread *jr, struct fixture *f,
                        const json_t *h)
{
    const char *k;
    json_t *v;

    f->headers = json_object();
    json_object_foreach((json_t *)h, k, v) {
        char low[256];
        size_t i;
        if (!json_is_string(v))
            return jread_fail(jr, "headers", "header '%s' must be a string, "
                              "not %s", k, jx_type_name(v));
        for (i = 0; k[i] && i < sizeof low - 1; i++)
            low[i] = (char)tolower((unsigned char)k[i]);
        low[i] = '\0';
        json_object_set(f->headers, low, v);
    }
    return 0;
}

static int load_body(struct jread *jr, struct fixture *f, const json_t *res)
{
    const char *const keys[] = {"body", "body_text", "body_base64"};
    const enum body_kind kinds[] = {BODY_JSON, BODY_TEXT, BODY_BASE64};
    int found = 0;
    int rc = 0;

    for (size_t i = 0; i < 3; i++) {
        const json_t *v = json_object_get(res, keys[i]);
        if (v == NULL)
            continue;
        if (found++)
            return jread_fail(jr, keys[i], "a response has one of 'body', "
                              "'body_text' or 'body_base64', not several");
        f->body_kind = kinds[i];
        if (i == 0)
            f->body = json_incref((json_t *)v);
        else
            rc = jread_string(jr, res, keys[i], true, &f->body_text);
    }
    return rc;
}

static int load_response(struct jread *jr, struct fixture *f,
                         const json_t *root)
{
    json_t *res = NULL, *h = NULL;
    const json_t *status;
    int rc = jread_object(jr, root, "response", true, &res);

    if (rc)
        return rc;
    jread_push(jr, "response");
    jread_known(jr, res, response_members);
    status = json_object_get(res, "status");
    if (status == NULL)
        rc = jread_fail(jr, NULL, "missing member 'status'");
    else if (!json_is_integer(status) || json_integer_value(status) < 100
             || json_integer_value(status) > 599)
        rc = jread_fail(jr, "status", "member 'status' must be an HTTP "
                        "status from 100 to 599");
    else
        f->status = (int)json_integer_value(status);
    if (rc == 0)
        rc = jread_object(jr, res, "headers", false, &h);
    if (rc == 0)
        rc = load_headers(jr, f, h);
    if (rc == 0)
        rc = load_body(jr, f, res);
    jread_pop(jr);
    return rc;
}

bool fixture_key_id_ok(const char *s)
{
    for (int i = 0; i < 8; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return false;
    return s[8] == '\0';
}

static int load_key_id(struct jread *jr, struct fixture *f,
                       const json_t *root)
{
    int rc = jread_string(jr, root, "redaction_key", false,
                          &f->redaction_key);

    if (rc == 0 && f->redaction_key && !fixture_key_id_ok(f->redaction_key))
        rc = jread_fail(jr, "redaction_key", "member 'redaction_key' must "
                        "be a key id (8 lower-case hex digits)");
    return rc;
}

/* Reads the fixture from its text (len bytes, NUL-terminated). */
static int load_text(struct fixture *f, const char *path, const char *text,
                     size_t len, struct strvec *warnings,
                     struct rc_error *err)
{
    json_t *root = NULL, *captures = NULL;
    struct jread jr;
    int rc;

    memset(f, 0, sizeof *f);
    if ((rc = jx_parse(&root, text, len, path, err)) != 0)
        goto done;
    jread_init(&jr, path, text, len, warnings, err);
    if ((rc = jread_want_object(&jr, root, "a fixture")) != 0)
        goto done;
    jread_known(&jr, root, fixture_members);
    if ((rc = jread_string(&jr, root, "suite", false, &f->suite)) != 0
        || (rc = jread_string(&jr, root, "call", false, &f->call)) != 0
        || (rc = jread_string(&jr, root, "environment", false,
                              &f->environment)) != 0
        || (rc = jread_string(&jr, root, "recorded_at", false,
                              &f->recorded_at)) != 0
        || (rc = load_key_id(&jr, f, root)) != 0
        || (rc = load_request(&jr, f, root)) != 0
        || (rc = load_response(&jr, f, root)) != 0
        || (rc = jread_object(&jr, root, "captures", false, &captures)) != 0)
        goto done;
    f->captures = json_incref(captures);
    rc = jread_strings(&jr, root, "noise", false, &f->noise);
done:
    if (rc)
        fixture_release(f);
    json_decref(root);
    return rc;
}

int fixture_load(struct fixture *f, const char *path,
                 struct strvec *warnings, struct rc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    memset(f, 0, sizeof *f);
    if ((rc = fs_read_file(&text, &len, path, JX_MAX_FILE, err)) == 0)
        rc = load_text(f, path, text, len, warnings, err);
    free(text);
    return rc;
}

/*
 * The fixture with its JSON body cut out of the text and put back as 0:
 * what remains is parsed, the body stays text. The cut is found by a
 * scanner that trusts the text; it is right when what remains parses
 * with the 0 in the body's place (a value put where a value was), and
 * the body's own text is checked when it is compared or parsed.
 */
static bool load_cut(struct fixture *f, const char *path, const char *text,
                     size_t len)
{
    static const char *const at[] = {"response", "body"};
    size_t vlen = 0, n;
    const char *v = jx_member_value(text, len, at, 2, &vlen);
    struct rc_error ignored;
    char *rest;
    bool ok;

    if (v == NULL || (rest = malloc(len - vlen + 2)) == NULL)
        return false;
    n = (size_t)(v - text);
    memcpy(rest, text, n);
    rest[n] = '0';
    memcpy(rest + n + 1, v + vlen, len - n - vlen);
    rest[len - vlen + 1] = '\0';
    rc_error_clear(&ignored);
    ok = load_text(f, path, rest, len - vlen + 1, NULL, &ignored) == 0;
    free(rest);
    if (ok && (f->body_kind != BODY_JSON || !json_is_integer(f->body)
               || json_integer_value(f->body) != 0
               || (f->body_src = strndup(v, vlen)) == NULL)) {
        fixture_release(f);
        ok = false;
    }
    if (ok) {
        json_decref(f->body);
        f->body = NULL;
        f->body_src_len = vlen;
    }
    return ok;
}

int fixture_load_lazy(struct fixture *f, const char *path,
                      struct rc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    memset(f, 0, sizeof *f);
    if ((rc = fs_read_regular(&text, &len, path, JX_MAX_FILE, err)) == 0
        && !load_cut(f, path, text, len))
        rc = load_text(f, path, text, len, NULL, err);
    free(text);
    return rc;
}

int fixture_parse_body(struct fixture *f, const char *path,
                       struct rc_error *err)
{
    const size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL
                         | JSON_REJECT_DUPLICATES;
    struct fixture whole;
    int rc;

    if (f->body_src == NULL)
        return 0;
    f->body = json_loadb(f->body_src, f->body_src_len, flags, NULL);
    if (f->body) {
        free(f->body_src);
        f->body_src = NULL;
        return 0;
    }
    /* not JSON after all: the whole file names the error's place */
    rc = fixture_load(&whole, path, NULL, err);
    if (rc == 0) {
        fixture_release(&whole);
        rc = rc_error_set(err, RC_EINPUT, path, "the response body does "
                          "not parse");
    }
    return rc;
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v)
        json_object_set_new(o, key, json_string(v));
}

json_t *fixture_to_json(const struct fixture *f)
{
    json_t *o = json_object(), *req = json_object(), *res = json_object();
    json_t *noise = json_array();

    set_str(o, "suite", f->suite);
    set_str(o, "call", f->call);
    set_str(o, "environment", f->environment);
    set_str(o, "recorded_at", f->recorded_at);
    set_str(o, "redaction_key", f->redaction_key);
    set_str(req, "method", f->req_method);
    set_str(req, "url", f->req_url);
    if (f->req_headers)
        json_object_set(req, "headers", f->req_headers);
    json_object_set_new(o, "request", req);
    json_object_set_new(res, "status", json_integer(f->status));
    json_object_set_new(res, "headers",
                        f->headers ? json_incref(f->headers) : json_object());
    if (f->body_kind == BODY_JSON)
        json_object_set(res, "body", f->body);
    else if (f->body_kind == BODY_TEXT)
        set_str(res, "body_text", f->body_text);
    else if (f->body_kind == BODY_BASE64)
        set_str(res, "body_base64", f->body_text);
    json_object_set_new(o, "response", res);
    if (f->captures && json_object_size(f->captures) > 0)
        json_object_set(o, "captures", f->captures);
    for (size_t i = 0; i < f->noise.n; i++)
        json_array_append_new(noise, json_string(f->noise.v[i]));
    json_object_set_new(o, "noise", noise);
    return o;
}

int fixture_save(const struct fixture *f, const char *path,
                 struct rc_error *err)
{
    json_t *o = fixture_to_json(f);
    int rc;

    if (o == NULL)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    rc = afile_write_json(path, o, err);
    json_decref(o);
    return rc;
}

char *fixture_path(const char *fixtures_dir, const char *suite,
                   const char *call)
{
    char *out = NULL;

    if (asprintf(&out, "%s/%s/%s.json", fixtures_dir, suite, call) < 0)
        return NULL;
    return out;
}

const char *fixture_content_type(const struct fixture *f)
{
    return json_string_value(json_object_get(f->headers, "content-type"));
}
