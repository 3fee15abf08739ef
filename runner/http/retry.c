/*
 * Retry rules (see retry.h) and the small pieces of HTTP message handling
 * shared by the engine: header lines, requests and responses.
 */
#include "http/retry.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool http_status_retryable(long status)
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}

double http_retry_after(const char *value, double now)
{
    char *end;
    double s;
    time_t t;

    if (value == NULL)
        return -1;
    while (isspace((unsigned char)*value))
        value++;
    if (isdigit((unsigned char)*value)) {
        s = strtod(value, &end);
        while (isspace((unsigned char)*end))
            end++;
        return *end == '\0' ? s : -1;
    }
    t = curl_getdate(value, NULL);
    if (t == -1)
        return -1;
    s = (double)t - now;
    return s < 0 ? 0 : s;
}

/* A uniform number in [0, 1); the seed mixes time and pid once. */
static double jitter_unit(void)
{
    static unsigned int seed;

    if (seed == 0)
        seed = (unsigned int)time(NULL) ^ ((unsigned int)getpid() << 16) ^ 1u;
    return (double)rand_r(&seed) / ((double)RAND_MAX + 1.0);
}

double http_backoff(double first, int n, double max_wait)
{
    double w = first * pow(2.0, n - 1);

    w *= 0.5 + 0.5 * jitter_unit();
    if (max_wait > 0 && w > max_wait)
        w = max_wait;
    return w;
}

static void set_error(struct http_response *resp, int code, const char *fmt,
                      ...) RC_PRINTF(3, 4);

static void set_error(struct http_response *resp, int code, const char *fmt,
                      ...)
{
    va_list ap;

    resp->code = code;
    va_start(ap, fmt);
    vsnprintf(resp->error, sizeof(resp->error), fmt, ap);
    va_end(ap);
}

/* The wait a retryable status asks for, or -1 when Retry-After is past
 * max_wait (the outcome is then final). */
static double status_wait(const struct http_opts *o,
                          const struct http_response *resp)
{
    json_t *ra = json_object_get(resp->headers, "retry-after");
    double s;

    if (!json_is_string(ra))
        return http_backoff(o->backoff, resp->attempts, o->max_wait);
    s = http_retry_after(json_string_value(ra), (double)time(NULL));
    if (s < 0)
        return http_backoff(o->backoff, resp->attempts, o->max_wait);
    return s > o->max_wait ? -1 : s;
}

void retry_decide(struct retry_verdict *v, const struct http_opts *o,
                  struct http_response *resp, CURLcode res, bool too_big,
                  const char *errbuf, double now_monotonic)
{
    bool left = resp->attempts <= o->retries;

    (void)now_monotonic;
    v->retry = false;
    v->wait = 0;
    if (too_big) {
        set_error(resp, RC_ETOOBIG, "response body larger than max_body "
                  "(%zu bytes)", resp->body.max);
        return;
    }
    if (res != CURLE_OK) {
        if (left) {
            v->retry = true;
            v->wait = http_backoff(o->backoff, resp->attempts, o->max_wait);
            return;
        }
        set_error(resp, RC_EENV, "%s (after %d attempt%s)",
                  errbuf && *errbuf ? errbuf : curl_easy_strerror(res),
                  resp->attempts, resp->attempts == 1 ? "" : "s");
        return;
    }
    if (!http_status_retryable(resp->status))
        return;
    if (left) {
        double w = status_wait(o, resp);

        if (w >= 0) {
            v->retry = true;
            v->wait = w;
            return;
        }
        set_error(resp, RC_EENV, "HTTP %ld with Retry-After past max_wait "
                  "(%g s)", resp->status, o->max_wait);
        return;
    }
    set_error(resp, RC_EENV, "HTTP %ld (after %d attempt%s)", resp->status,
              resp->attempts, resp->attempts == 1 ? "" : "s");
}

void http_parse_header_line(json_t *headers, const char *line, size_t len)
{
    const char *colon, *v, *end = line + len;
    char name[256];
    size_t n;
    json_t *old;

    if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        json_object_clear(headers);
        return;
    }
    while (end > line && (end[-1] == '\r' || end[-1] == '\n'))
        end--;
    colon = memchr(line, ':', (size_t)(end - line));
    if (colon == NULL || colon == line ||
        (size_t)(colon - line) >= sizeof(name))
        return;
    n = (size_t)(colon - line);
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tolower((unsigned char)line[i]);
    name[n] = '\0';
    for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
        ;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    old = json_object_get(headers, name);
    if (json_is_string(old)) {
        char *joined;

        if (asprintf(&joined, "%s, %.*s", json_string_value(old),
                     (int)(end - v), v) < 0)
            return;
        json_object_set_new(headers, name, json_string(joined));
        free(joined);
        return;
    }
    json_object_set_new(headers, name,
                        json_stringn(v, (size_t)(end - v)));
}

void http_response_init(struct http_response *resp, size_t max_body)
{
    memset(resp, 0, sizeof(*resp));
    resp->headers = json_object();
    rc_buf_init(&resp->body, max_body);
}

void http_response_reset(struct http_response *resp)
{
    resp->code = 0;
    resp->error[0] = '\0';
    resp->status = 0;
    json_object_clear(resp->headers);
    rc_buf_reset(&resp->body);
}

void http_response_release(struct http_response *resp)
{
    json_decref(resp->headers);
    resp->headers = NULL;
    rc_buf_release(&resp->body);
    free(resp->content_type);
    resp->content_type = NULL;
}

struct http_request *http_request_new(const char *method, const char *url)
{
    struct http_request *req = calloc(1, sizeof(*req));

    if (req == NULL)
        return NULL;
    req->method = strdup(method);
    req->url = strdup(url);
    if (req->method == NULL || req->url == NULL) {
        http_request_free(req);
        return NULL;
    }
    return req;
}

int http_request_header(struct http_request *req, const char *name,
                        const char *value)
{
    char *line;
    struct curl_slist *l;

    if (asprintf(&line, "%s: %s", name, value) < 0)
        return RC_ENOMEM;
    l = curl_slist_append(req->headers, line);
    free(line);
    if (l == NULL)
        return RC_ENOMEM;
    req->headers = l;
    return 0;
}

void http_request_free(struct http_request *req)
{
    if (req == NULL)
        return;
    free(req->method);
    free(req->url);
    curl_slist_free_all(req->headers);
    free(req->body);
    free(req);
}
