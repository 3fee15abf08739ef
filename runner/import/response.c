/*
 * The call builder of relcheck import (see build.h): response side, the
 * fixture of a captured HAR response in the SPEC section 3 format.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "import/build.h"
#include "redact/scrub.h"

/* Whether s[0..n) is valid UTF-8 without NUL bytes. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1
                   : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
        if (c == 0 || k == 9 || (k == 1 && c < 0xc2) || i + k >= n)
            return false;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xc0) != 0x80)
                return false;
        i += k + 1;
    }
    return true;
}

/*
 * A header object from captured headers: names lower-cased when lower,
 * pseudo-headers left out, credentials "<redacted>", repeated names
 * joined with ", ". New reference, NULL on allocation failure.
 */
static json_t *header_object(const struct imp_headers *h, bool lower)
{
    json_t *o = json_object();

    for (size_t i = 0; o && i < h->names.n; i++) {
        char name[256];
        const char *v = h->values.v[i];
        json_t *old;
        size_t k;
        if (h->names.v[i][0] == ':')
            continue;
        for (k = 0; h->names.v[i][k] && k < sizeof name - 1; k++)
            name[k] = lower ? (char)tolower((unsigned char)h->names.v[i][k])
                            : h->names.v[i][k];
        name[k] = '\0';
        if (secret_name(name))
            v = SCRUB_MARK;
        if ((old = json_object_get(o, name)) != NULL
            && strcmp(v, SCRUB_MARK) != 0) {
            char *j = NULL;
            if (asprintf(&j, "%s, %s", json_string_value(old), v) >= 0)
                json_string_set(old, j);
            free(j);
        } else if (old == NULL) {
            json_object_set_new(o, name, json_string(v));
        }
    }
    return o;
}

/* Whether the body is to be kept as JSON. */
static json_t *json_body(const struct imp_req *r, const char *ct)
{
    size_t i = 0;

    while (i < r->resp_len && isspace((unsigned char)r->resp_body[i]))
        i++;
    if (!(ct && strstr(ct, "json")) && !(i < r->resp_len
            && (r->resp_body[i] == '{' || r->resp_body[i] == '[')))
        return NULL;
    return json_loadb(r->resp_body, r->resp_len, JSON_DECODE_ANY, NULL);
}

static int fixture_body(struct fixture *fx, struct imp_ctx *ctx,
                        const struct imp_req *r, struct rc_error *err)
{
    const char *ct = json_string_value(json_object_get(fx->headers,
                                                       "content-type"));
    json_t *j;
    int rc;

    if (r->resp_body == NULL || r->resp_len == 0)
        return 0;
    if ((j = json_body(r, ct)) != NULL) {
        fx->body_kind = BODY_JSON;
        fx->body = j;
        if ((rc = scrub_secret_members(j, &fx->noise)) != 0
            || (rc = scrub_redact_body(j, &ctx->redactor, err)) != 0)
            return rc;
        return scrub_known(j, ctx->secrets);
    }
    if (utf8_valid((const unsigned char *)r->resp_body, r->resp_len)) {
        char *t = strdup(r->resp_body);
        size_t len = r->resp_len;
        fx->body_kind = BODY_TEXT;
        if (t == NULL)
            return RC_ENOMEM;
        if ((rc = scrub_redact_text(&t, &len, &ctx->redactor, err)) != 0) {
            free(t);
            return rc;
        }
        fx->body_text = scrub_known_text_as(t, ctx->secrets,
                                            t[strspn(t, " \t\r\n")] == '<'
                                            ? "&lt;redacted&gt;"
                                            : SCRUB_MARK);
        free(t);
    } else {
        fx->body_kind = BODY_BASE64;
        fx->body_text = b64_encode(r->resp_body, r->resp_len);
    }
    return fx->body_text ? 0 : RC_ENOMEM;
}

int imp_build_fixture(struct fixture *fx, struct imp_ctx *ctx,
                      const struct imp_req *r, const char *id,
                      const char *url, struct rc_error *err)
{
    int rc = RC_ENOMEM;

    memset(fx, 0, sizeof *fx);
    if ((fx->suite = strdup(ctx->suite)) == NULL
        || (fx->call = strdup(id)) == NULL
        || (ctx->env && (fx->environment = strdup(ctx->env)) == NULL)
        || (r->started && (fx->recorded_at = strdup(r->started)) == NULL)
        || (fx->req_method = strdup(r->method)) == NULL
        || (fx->req_url = scrub_known_text(url, ctx->secrets)) == NULL
        || (fx->req_headers = header_object(&r->headers, false)) == NULL
        || (fx->headers = header_object(&r->resp_headers, true)) == NULL)
        goto done;
    fx->status = r->status;
    if ((rc = scrub_known(fx->req_headers, ctx->secrets)) != 0
        || (rc = scrub_known(fx->headers, ctx->secrets)) != 0)
        goto done;
    rc = fixture_body(fx, ctx, r, err);
    /* the key its values were redacted with (SPEC section 9) */
    if (rc == 0 && ctx->redactor.loaded && ctx->redactor.key.id[0]
        && (fx->redaction_key = strdup(ctx->redactor.key.id)) == NULL)
        rc = RC_ENOMEM;
done:
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, "import", "out of memory");
    if (rc)
        fixture_release(fx);
    return rc;
}
