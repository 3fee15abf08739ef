/*
 * The HAR reader of relcheck import (HTTP Archive 1.2, as browsers and
 * proxies export it): every entry of log.entries becomes a captured
 * request with its response. Malformed JSON is an error at file:line:column
 * (jx_load); a file without log.entries, or with none, is an input error
 * naming the member. Response bodies are decoded from base64 when the HAR
 * says "encoding": "base64".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/base64.h"
#include "config/jread.h"
#include "core/buf.h"
#include "core/json.h"
#include "import/imp.h"

static int read_headers(struct jread *jr, struct imp_headers *h,
                        const json_t *arr)
{
    size_t i;
    json_t *e;

    if (arr == NULL)
        return 0;
    if (!json_is_array(arr))
        return jread_fail(jr, "headers", "member 'headers' must be an "
                          "array, not %s", jx_type_name(arr));
    json_array_foreach(arr, i, e) {
        const char *n = json_string_value(json_object_get(e, "name"));
        const char *v = json_string_value(json_object_get(e, "value"));
        if (n == NULL || v == NULL) {
            jread_push(jr, "headers");
            jread_push_index(jr, i);
            int rc = jread_fail(jr, NULL, "a header needs string members "
                                "'name' and 'value'");
            jread_pop(jr);
            jread_pop(jr);
            return rc;
        }
        if (imp_headers_add(h, n, v) < 0)
            return RC_ENOMEM;
    }
    return 0;
}

/* A form body from postData.params when the HAR has no postData.text. */
static int form_params(struct imp_req *r, const json_t *params)
{
    struct rc_buf w;
    size_t i;
    json_t *p;
    int rc = 0;

    if (json_array_size(params) == 0)
        return 0;
    rc_buf_init(&w, (size_t)1 << 30);
    json_array_foreach(params, i, p) {
        const char *n = json_string_value(json_object_get(p, "name"));
        const char *v = json_string_value(json_object_get(p, "value"));
        if (n == NULL)
            continue;
        if ((w.len && (rc = rc_buf_addc(&w, '&')) != 0)
            || (rc = imp_pct_encode(&w, n)) != 0 || (rc = rc_buf_addc(&w, '=')) != 0
            || (rc = imp_pct_encode(&w, v ? v : "")) != 0)
            break;
    }
    if (rc == 0 && (r->body = rc_buf_detach(&w, &r->body_len)) == NULL)
        rc = RC_ENOMEM;
    rc_buf_release(&w);
    return rc;
}

static int read_request(struct jread *jr, struct imp_req *r,
                        const json_t *req)
{
    json_t *post = NULL;
    int rc;

    if (req == NULL)
        return jread_fail(jr, NULL, "missing member 'request'");
    jread_push(jr, "request");
    if ((rc = jread_want_object(jr, req, "a HAR request")) == 0
        && (rc = jread_string(jr, req, "method", true, &r->method)) == 0
        && (rc = jread_string(jr, req, "url", true, &r->url)) == 0
        && (rc = read_headers(jr, &r->headers,
                              json_object_get(req, "headers"))) == 0
        && (rc = jread_object(jr, req, "postData", false, &post)) == 0
        && post) {
        jread_push(jr, "postData");
        rc = jread_string(jr, post, "text", false, &r->body);
        jread_pop(jr);
        if (rc == 0 && r->body == NULL)
            rc = form_params(r, json_object_get(post, "params"));
        if (r->body)
            r->body_len = strlen(r->body);
    }
    for (char *p = r->method; rc == 0 && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    jread_pop(jr);
    return rc;
}

static int read_content(struct jread *jr, struct imp_req *r,
                        const json_t *content)
{
    const char *text = json_string_value(json_object_get(content, "text"));
    const char *enc = json_string_value(json_object_get(content,
                                                        "encoding"));

    if (text == NULL)
        return 0;
    if (enc && strcmp(enc, "base64") == 0) {
        if (b64_decode(&r->resp_body, &r->resp_len, text, strlen(text))
            != 0) {
            jread_push(jr, "content");
            int rc = jread_fail(jr, "text", "response body is not valid "
                                "base64");
            jread_pop(jr);
            return rc;
        }
        return 0;
    }
    r->resp_len = strlen(text);
    return (r->resp_body = strdup(text)) ? 0 : RC_ENOMEM;
}

static int read_response(struct jread *jr, struct imp_req *r,
                         const json_t *res)
{
    const json_t *st = json_object_get(res, "status");
    json_t *content = NULL;
    int rc;

    if (res == NULL)
        return 0;
    jread_push(jr, "response");
    rc = jread_want_object(jr, res, "a HAR response");
    if (rc == 0 && json_is_integer(st) && json_integer_value(st) == 0) {
        /* a request the browser cancelled or that got no answer */
        jread_warn(jr, "status", "no response was captured (status 0): no "
                   "fixture for this request");
        jread_pop(jr);
        return 0;
    }
    if (rc == 0 && (!json_is_integer(st) || json_integer_value(st) < 100
                    || json_integer_value(st) > 599))
        rc = jread_fail(jr, st ? "status" : NULL, "a response needs an HTTP "
                        "'status' from 100 to 599");
    if (rc == 0) {
        r->has_response = true;
        r->status = (int)json_integer_value(st);
        rc = read_headers(jr, &r->resp_headers,
                          json_object_get(res, "headers"));
    }
    if (rc == 0)
        rc = jread_object(jr, res, "content", false, &content);
    if (rc == 0 && content)
        rc = read_content(jr, r, content);
    jread_pop(jr);
    return rc;
}

static int read_entry(struct jread *jr, struct imp_batch *b, size_t i,
                      const json_t *e)
{
    struct imp_req *r = imp_batch_add(b);
    int rc;

    if (r == NULL)
        return RC_ENOMEM;
    if (asprintf(&r->label, "entry %zu", i + 1) < 0)
        return RC_ENOMEM;
    jread_push_index(jr, i);
    if ((rc = jread_want_object(jr, e, "a HAR entry")) == 0
        && (rc = jread_string(jr, e, "startedDateTime", false,
                              &r->started)) == 0
        && (rc = read_request(jr, r, json_object_get(e, "request"))) == 0)
        rc = read_response(jr, r, json_object_get(e, "response"));
    jread_pop(jr);
    return rc;
}

static int read_entries(struct jread *jr, struct imp_batch *b,
                        const json_t *root)
{
    const json_t *log = json_object_get(root, "log");
    const json_t *entries = json_object_get(log, "entries");
    size_t i;
    json_t *e;
    int rc = 0;

    if (!json_is_object(root) || !json_is_object(log))
        return jread_fail(jr, NULL, "not a HAR file: no object 'log'");
    jread_push(jr, "log");
    if (!json_is_array(entries))
        rc = jread_fail(jr, entries ? "entries" : NULL, "not a HAR file: "
                        "no array 'log.entries'");
    else if (json_array_size(entries) == 0)
        rc = jread_fail(jr, "entries", "HAR file has no entries");
    jread_push(jr, "entries");
    json_array_foreach(entries, i, e) {
        if (rc)
            break;
        rc = read_entry(jr, b, i, e);
    }
    jread_pop(jr);
    jread_pop(jr);
    return rc;
}

int har_read(struct imp_batch *b, const char *path,
             struct strvec *warnings, struct rc_error *err)
{
    return imp_read_json(b, path, read_entries, warnings, err);
}
