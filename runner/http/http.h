/*
 * The HTTP engine shared by `record` and `run`: libcurl's multi interface
 * with connection reuse, HTTP/2 when the server offers it, at most `jobs`
 * transfers in flight, at most `rate` transfers started a second, a
 * per-request timeout, a bounded body (max_body, core/buf.h), and retries
 * of connection errors, timeouts, 429, 502, 503 and 504 with exponential
 * backoff and jitter, honouring Retry-After up to max_wait.
 *
 * Ownership: http_submit takes the request (its strings and header list)
 * and the engine frees it after the done callback returns. The response
 * handed to the callback is borrowed for the duration of the callback.
 * The engine never prints; every request that goes on the wire (libcurl
 * is about to write it on an open connection) is reported through the
 * on_sent hook so callers can count calls for the budget ledger; an
 * attempt that never reached a server (refused, DNS, connect timeout)
 * is not a request sent.
 */
#ifndef RC_HTTP_H
#define RC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"

struct http_opts {
    int jobs;               /* transfers in flight, >= 1 */
    double rate;            /* transfers started a second, 0 = no limit */
    double timeout;         /* seconds per attempt, 0 = none */
    int retries;            /* extra attempts for retryable failures */
    double max_wait;        /* longest wait before a retry, seconds */
    double backoff;         /* first backoff, seconds (0: 0.5) */
    size_t max_body;        /* largest response body, bytes */
    const char *ca_file;    /* borrowed; NULL = system store */
    bool insecure;          /* no TLS verification */
};

struct http_request {
    char *method;               /* "GET" */
    char *url;
    struct curl_slist *headers; /* "Name: value" lines */
    char *body;                 /* NULL = no body */
    size_t body_len;
};

/* The outcome of a request after every attempt. */
struct http_response {
    int code;                   /* 0, or RC_EENV/RC_ETOOBIG/RC_EINTR */
    char error[256];            /* why, when code != 0 */
    long status;                /* last HTTP status, 0 when none */
    json_t *headers;            /* object: lower-case name -> value */
    struct rc_buf body;
    char *content_type;         /* NULL when absent */
    int attempts;               /* attempts started for it */
    int sent;                   /* requests of it that went on the wire */
    long duration_ms;           /* from the first start to the end */
};

struct http_engine;

/* Called once per request, when it has its final outcome. */
typedef void (*http_done_fn)(void *ctx, const struct http_request *req,
                             struct http_response *resp);
/* Called each time a request goes on the wire (for the ledger). */
typedef void (*http_sent_fn)(void *ctx);

/*
 * Creates an engine. on_sent (may be NULL) is called with ctx for every
 * request sent. Returns NULL on allocation failure. Free with
 * http_engine_free.
 */
struct http_engine *http_engine_new(const struct http_opts *opts,
                                    http_sent_fn on_sent, void *ctx);
void http_engine_free(struct http_engine *eng);

/*
 * Queues req (taken, freed by the engine). done is called with done_ctx
 * when it has its outcome, from inside http_engine_run. Returns 0 or
 * RC_ENOMEM (req is then freed).
 */
int http_submit(struct http_engine *eng, struct http_request *req,
                http_done_fn done, void *done_ctx);

/*
 * As http_submit, but req starts no sooner than delay seconds from now
 * (delay <= 0: as http_submit). A waiting request holds no transfer slot;
 * a stop ends it with RC_EINTR like any request not started.
 */
int http_submit_after(struct http_engine *eng, struct http_request *req,
                      double delay, http_done_fn done, void *done_ctx);

/*
 * Runs transfers until none is queued or in flight. Callbacks may submit
 * more. When *stop (may be NULL) becomes non-zero, queued requests that
 * have not started are finished with code RC_EINTR and transfers in
 * flight run to their end. Returns 0 or RC_ENOMEM.
 */
int http_engine_run(struct http_engine *eng, volatile int *stop);

/*
 * Sends req now and waits for the outcome (used for token requests); the
 * same options, retries and on_sent hook apply. req stays the caller's.
 * resp must be initialised with http_response_init and is released by the
 * caller.
 */
void http_fetch(struct http_engine *eng, const struct http_request *req,
                struct http_response *resp);

/* Requests that went on the wire, and retries (attempts after the
 * first, sent or not). */
long http_engine_sent(const struct http_engine *eng);
long http_engine_retries(const struct http_engine *eng);

void http_response_init(struct http_response *resp, size_t max_body);
void http_response_release(struct http_response *resp);

/* A new request with copies of method and url; NULL on failure. */
struct http_request *http_request_new(const char *method, const char *url);
/* Adds "name: value". Returns 0 or RC_ENOMEM. */
int http_request_header(struct http_request *req, const char *name,
                        const char *value);
void http_request_free(struct http_request *req);

/* Whether the status is retried (429, 502, 503, 504). */
bool http_status_retryable(long status);

/*
 * Seconds to wait from a Retry-After value (seconds or an HTTP date)
 * relative to now; -1 when the value is unusable.
 */
double http_retry_after(const char *value, double now);

/* Backoff before attempt n+1 (n >= 1) with jitter in [0.5, 1] x. */
double http_backoff(double first, int n, double max_wait);

#endif
