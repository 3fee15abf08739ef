/*
 * The transfer engine (see http.h): a queue of requests fed to one curl
 * multi handle. Each request becomes an xfer that lives from http_submit
 * until its done callback returns; a retried xfer waits in the delayed
 * list until its not_before time. The engine owns every xfer and its
 * curl easy handle; connections live in the multi handle's cache and are
 * reused across transfers.
 */
#include "http/http.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/retry.h"

struct xfer {
    struct http_engine *eng;
    struct http_request *req;
    http_done_fn done;
    void *ctx;
    struct http_response resp;
    CURL *easy;
    double not_before;
    double first_start;
    bool too_big;
    char errbuf[CURL_ERROR_SIZE];
    struct xfer *next;
};

struct xlist {
    struct xfer *head, *tail;
};

struct http_engine {
    struct http_opts o;
    CURLM *multi;
    struct xlist queue;    /* not started yet, FIFO */
    struct xlist delayed;  /* waiting for a retry or a later start */
    int in_flight;
    double next_slot;      /* earliest start allowed by the rate */
    long sent, retries;
    http_sent_fn on_sent;
    void *ctx;
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void xlist_push(struct xlist *l, struct xfer *x)
{
    x->next = NULL;
    if (l->tail)
        l->tail->next = x;
    else
        l->head = x;
    l->tail = x;
}

/* Unlinks x, whose predecessor is prev (NULL for the head). */
static void xlist_unlink(struct xlist *l, struct xfer *prev, struct xfer *x)
{
    if (prev)
        prev->next = x->next;
    else
        l->head = x->next;
    if (l->tail == x)
        l->tail = prev;
    x->next = NULL;
}

struct http_engine *http_engine_new(const struct http_opts *opts,
                                    http_sent_fn on_sent, void *ctx)
{
    struct http_engine *eng = calloc(1, sizeof(*eng));

    if (eng == NULL)
        return NULL;
    eng->o = *opts;
    if (eng->o.jobs < 1)
        eng->o.jobs = 1;
    if (eng->o.backoff <= 0)
        eng->o.backoff = 0.5;
    eng->multi = curl_multi_init();
    if (eng->multi == NULL) {
        free(eng);
        return NULL;
    }
    curl_multi_setopt(eng->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(eng->multi, CURLMOPT_MAXCONNECTS,
                      (long)eng->o.jobs + 4);
    eng->on_sent = on_sent;
    eng->ctx = ctx;
    return eng;
}

static void xfer_free(struct xfer *x)
{
    if (x == NULL)
        return;
    if (x->easy)
        curl_easy_cleanup(x->easy);
    http_request_free(x->req);
    http_response_release(&x->resp);
    free(x);
}

static void free_list(struct xlist *l)
{
    struct xfer *x = l->head, *next;

    for (; x; x = next) {
        next = x->next;
        xfer_free(x);
    }
    l->head = l->tail = NULL;
}

/* http_engine_run returns only when nothing is in flight, so the multi
 * handle holds no easy handle here. */
void http_engine_free(struct http_engine *eng)
{
    if (eng == NULL)
        return;
    free_list(&eng->queue);
    free_list(&eng->delayed);
    curl_multi_cleanup(eng->multi);
    free(eng);
}

long http_engine_sent(const struct http_engine *eng)
{
    return eng->sent;
}

long http_engine_retries(const struct http_engine *eng)
{
    return eng->retries;
}

int http_submit(struct http_engine *eng, struct http_request *req,
                http_done_fn done, void *done_ctx)
{
    return http_submit_after(eng, req, 0, done, done_ctx);
}

int http_submit_after(struct http_engine *eng, struct http_request *req,
                      double delay, http_done_fn done, void *done_ctx)
{
    struct xfer *x = calloc(1, sizeof(*x));

    if (x == NULL) {
        http_request_free(req);
        return RC_ENOMEM;
    }
    x->eng = eng;
    x->req = req;
    x->done = done;
    x->ctx = done_ctx;
    http_response_init(&x->resp, eng->o.max_body);
    if (delay > 0) {            /* waits with the retries */
        x->not_before = now_s() + delay;
        xlist_push(&eng->delayed, x);
    } else {
        xlist_push(&eng->queue, x);
    }
    return 0;
}

/* Header callback: collects "name: value" lines into resp->headers with
 * lower-case names; a status line starts the headers afresh (redirect
 * bodies are not followed, 1xx responses come before the real one). */
static size_t on_header(char *line, size_t size, size_t n, void *p)
{
    struct http_response *resp = p;
    size_t len = size * n;

    http_parse_header_line(resp->headers, line, len);
    return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *p)
{
    struct xfer *x = p;
    int rc = rc_buf_add(&x->resp.body, data, size * n);

    if (rc == RC_ETOOBIG)
        x->too_big = true;
    return rc ? 0 : size * n;
}

/*
 * Sets the options of one attempt on easy (curl's equivalent of
 * config2setopts). Returns 0 or RC_ENOMEM.
 *
 * Connections (SPEC section 7): PIPEWAIT only over TLS, where ALPN tells
 * during the handshake, before any request, whether the connection
 * multiplexes (HTTP/2); a new transfer then waits for that handshake, never
 * for a response. Over cleartext HTTP/1.1 libcurl could only learn it from
 * the first response, so a transfer that waited would sit behind a slow
 * call with its timeout running: there each transfer in flight takes a
 * connection of its own (the multi handle keeps up to jobs + 4 of them).
 * The timeout starts when the transfer is added to the multi handle, which
 * happens only when a job slot is free (start()), never while queued.
 */
static int setup_easy(const struct http_opts *o, CURL *easy,
                      const struct http_request *req)
{
    curl_easy_setopt(easy, CURLOPT_URL, req->url);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                     (long)CURL_HTTP_VERSION_2TLS);
    if (strncasecmp(req->url, "https:", 6) == 0)
        curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "relcheck/" RELCHECK_VERSION);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, req->headers);
    if (o->timeout > 0)
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                         (long)(o->timeout * 1000.0));
    if (o->insecure) {
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (o->ca_file)
        curl_easy_setopt(easy, CURLOPT_CAINFO, o->ca_file);
    if (strcmp(req->method, "HEAD") == 0) {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (strcmp(req->method, "GET") != 0 || req->body) {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, req->method);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)req->body_len);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS,
                         req->body ? req->body : "");
    }
    return 0;
}

/*
 * Called by libcurl on a connection that is open (new or reused), just
 * before it writes the request: from here on request bytes go on the wire,
 * so this is where a request counts (ledger, calls_sent). An attempt that
 * never gets here (connection refused, DNS, connect timeout, TLS failure)
 * counts 0. When libcurl resends on a fresh connection because a reused
 * one turned out dead, it comes here again and the resend counts too:
 * the server may have logged the first request before it dropped the
 * connection (a reset).
 */
static int on_prereq(void *p, char *ip, char *local_ip, int port,
                     int local_port)
{
    struct xfer *x = p;

    (void)ip;
    (void)local_ip;
    (void)port;
    (void)local_port;
    x->resp.sent++;
    x->eng->sent++;
    if (x->eng->on_sent)
        x->eng->on_sent(x->eng->ctx);
    return CURL_PREREQFUNC_OK;
}

/* Creates the easy handle of x's next attempt. */
static int make_easy(struct http_engine *eng, struct xfer *x)
{
    x->easy = curl_easy_init();
    if (x->easy == NULL)
        return RC_ENOMEM;
    setup_easy(&eng->o, x->easy, x->req);
    curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, &x->resp);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, (char *)x);
    curl_easy_setopt(x->easy, CURLOPT_PREREQFUNCTION, on_prereq);
    curl_easy_setopt(x->easy, CURLOPT_PREREQDATA, x);
    return 0;
}

/* An attempt starts (it counts as a request only once on_prereq says its
 * bytes go out). */
static void count_attempt(struct http_engine *eng, struct xfer *x)
{
    if (x->resp.attempts > 0)
        eng->retries++;
    x->resp.attempts++;
}

/* Finishes x: fills the content type and duration, calls back, frees. */
static void finish(struct http_engine *eng, struct xfer *x)
{
    json_t *ct = json_object_get(x->resp.headers, "content-type");

    (void)eng;
    if (json_is_string(ct))
        x->resp.content_type = strdup(json_string_value(ct));
    if (x->first_start > 0)
        x->resp.duration_ms = (long)((now_s() - x->first_start) * 1000.0);
    if (x->done)
        x->done(x->ctx, x->req, &x->resp);
    xfer_free(x);
}

static void fail(struct xfer *x, int code, const char *why)
{
    x->resp.code = code;
    snprintf(x->resp.error, sizeof(x->resp.error), "%s", why);
}

/* Starts x now. Returns 0, or RC_ENOMEM after finishing x with an error. */
static int start(struct http_engine *eng, struct xfer *x, double now)
{
    if (make_easy(eng, x) != 0 ||
        curl_multi_add_handle(eng->multi, x->easy) != CURLM_OK) {
        fail(x, RC_ENOMEM, "out of memory");
        finish(eng, x);
        return RC_ENOMEM;
    }
    if (x->first_start <= 0)
        x->first_start = now;
    count_attempt(eng, x);
    eng->in_flight++;
    return 0;
}

/* The next xfer allowed to start at now (unlinked), or NULL. */
static struct xfer *next_ready(struct http_engine *eng, double now)
{
    struct xfer *prev = NULL, *x;

    for (x = eng->delayed.head; x; prev = x, x = x->next)
        if (x->not_before <= now) {
            xlist_unlink(&eng->delayed, prev, x);
            return x;
        }
    x = eng->queue.head;
    if (x)
        xlist_unlink(&eng->queue, NULL, x);
    return x;
}

/*
 * Starts as many transfers as jobs and rate allow. Returns the seconds
 * until something more could start (a large value when nothing waits).
 */
static double start_ready(struct http_engine *eng)
{
    double now = now_s(), wait = 3600.0;
    double interval = eng->o.rate > 0 ? 1.0 / eng->o.rate : 0.0;
    struct xfer *x;

    while (eng->in_flight < eng->o.jobs) {
        if (interval > 0 && now < eng->next_slot)
            return eng->next_slot - now;
        x = next_ready(eng, now);
        if (x == NULL)
            break;
        if (interval > 0)
            eng->next_slot = (eng->next_slot > now ? eng->next_slot : now)
                             + interval;
        start(eng, x, now);
    }
    for (x = eng->delayed.head; x; x = x->next)
        if (x->not_before - now < wait)
            wait = x->not_before - now;
    return wait < 0 ? 0 : wait;
}

/*
 * Decides what happens after one attempt ended with res: a retry (x goes
 * to the delayed list), or the end (x is finished). Shared rules are in
 * retry.c.
 */
static void after_attempt(struct http_engine *eng, struct xfer *x,
                          CURLcode res)
{
    struct retry_verdict v;

    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->resp.status);
    curl_multi_remove_handle(eng->multi, x->easy);
    curl_easy_cleanup(x->easy);
    x->easy = NULL;
    eng->in_flight--;
    retry_decide(&v, &eng->o, &x->resp, res, x->too_big, x->errbuf,
                 now_s());
    if (v.retry) {
        x->not_before = now_s() + v.wait;
        http_response_reset(&x->resp);
        x->too_big = false;
        x->errbuf[0] = '\0';
        xlist_push(&eng->delayed, x);
        return;
    }
    finish(eng, x);
}

/* Reads finished transfers. Returns how many ended. */
static int read_done(struct http_engine *eng)
{
    CURLMsg *m;
    int left, n = 0;

    while ((m = curl_multi_info_read(eng->multi, &left)) != NULL) {
        struct xfer *x = NULL;

        if (m->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        after_attempt(eng, x, m->data.result);
        n++;
    }
    return n;
}

/* On stop: requests not started (or waiting for a retry) end now. */
static void cancel_waiting(struct http_engine *eng)
{
    struct xlist *lists[2] = {&eng->queue, &eng->delayed};

    for (int i = 0; i < 2; i++) {
        struct xfer *x;

        while ((x = lists[i]->head) != NULL) {
            xlist_unlink(lists[i], NULL, x);
            if (x->resp.code == 0)
                fail(x, RC_EINTR, x->resp.attempts
                     ? "interrupted while waiting to retry"
                     : "interrupted before it was sent");
            finish(eng, x);
        }
    }
}

int http_engine_run(struct http_engine *eng, volatile int *stop)
{
    int running = 0;

    for (;;) {
        double wait;
        int ms;

        if (stop && *stop)
            cancel_waiting(eng);
        wait = start_ready(eng);
        curl_multi_perform(eng->multi, &running);
        if (read_done(eng) > 0)
            continue;
        if (eng->in_flight == 0 && eng->queue.head == NULL &&
            eng->delayed.head == NULL)
            break;
        ms = wait >= 0.1 ? 100 : (int)ceil(wait * 1000.0);
        curl_multi_poll(eng->multi, NULL, 0, ms, NULL);
    }
    return 0;
}

static void sleep_s(double s)
{
    struct timespec ts;

    if (s <= 0)
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

void http_fetch(struct http_engine *eng, const struct http_request *req,
                struct http_response *resp)
{
    struct xfer x;
    double start_at = now_s();

    memset(&x, 0, sizeof(x));
    x.eng = eng;
    x.req = (struct http_request *)req;  /* borrowed, never freed here */
    x.resp = *resp;
    for (;;) {
        struct retry_verdict v;
        CURLcode res;

        if (make_easy(eng, &x) != 0) {
            fail(&x, RC_ENOMEM, "out of memory");
            break;
        }
        count_attempt(eng, &x);
        res = curl_easy_perform(x.easy);
        curl_easy_getinfo(x.easy, CURLINFO_RESPONSE_CODE, &x.resp.status);
        curl_easy_cleanup(x.easy);
        x.easy = NULL;
        retry_decide(&v, &eng->o, &x.resp, res, x.too_big, x.errbuf,
                     now_s());
        if (!v.retry)
            break;
        http_response_reset(&x.resp);
        x.too_big = false;
        sleep_s(v.wait);
    }
    {
        json_t *ct = json_object_get(x.resp.headers, "content-type");

        if (json_is_string(ct))
            x.resp.content_type = strdup(json_string_value(ct));
    }
    x.resp.duration_ms = (long)((now_s() - start_at) * 1000.0);
    *resp = x.resp;
}
