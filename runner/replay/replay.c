/*
 * The replay driver (see replay.h). A driver walks the selected suites
 * and feeds "units" (one sending of one call) to the HTTP engine, keeping
 * at most `jobs` of them there so memory stays flat however many calls a
 * run has. A suite with captures has one unit in flight at a
 * time, so its calls run in order and later calls see earlier captures.
 * The walk starts the first sending of each call; when a sending of a
 * GET/HEAD call that is sent several times (record --repeat) ends, its
 * next sending is handed to the engine to start repeat_interval seconds
 * later, while other calls go on: each call's sendings are rounds that
 * far apart, and a suite with captures (or a teardown) waits for every
 * round of the call before it.
 * The driver owns its units; each is freed once its outcome is reported.
 * Planning and the budget are in plan.c, captures in captures.c.
 */
#include "replay/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/auth.h"
#include "http/http.h"
#include "http/url.h"
#include "redact/scrub.h"
#include "replay/captures.h"
#include "replay/ledger.h"
#include "replay/request.h"

/* Requests counted before the ledger gets a line. */
#define LEDGER_EVERY 100

struct suite_state {
    const struct suite *s;
    size_t next_call;   /* next call to start */
    int inflight;       /* units of this suite not finished (or waiting
                           for their round) */
    struct captures cap;   /* values captured so far, and why not */
};

struct driver {
    const struct environment *env;
    const struct replay_opts *o;
    struct ledger ledger;   /* open from before the first request */
    struct suite_state *st;
    size_t n, cursor;   /* cursor: first suite that may have work */
    struct http_engine *eng;
    struct http_auth auth;
    struct strvec secrets;  /* every auth secret sent or fetched */
    struct pattern_set redact; /* the config's: hides captured values */
    int learned;        /* token generation whose token is learned */
    bool auth_dead;     /* a fresh token got a 401 too: no more tokens */
    replay_call_fn cb;
    void *ctx;
    struct replay_totals *t;
    size_t queued;      /* units submitted and not finished */
    size_t waiting;     /* of the others, those waiting for their round */
    long unflushed;     /* requests not yet in the ledger */
    volatile int halt;  /* stop starting calls (when o->stop is NULL) */
    volatile int *stop; /* o->stop, else &halt: the one flag the engine
                           and the driver watch, so a signal stops the
                           engine's queue and retry waits at once */
    int ledger_rc;
    struct rc_error ledger_err;
    bool cancelled;     /* a unit ended without being sent */
};

struct unit {
    struct driver *d;
    size_t si, ci;
    int repeat, repeats;
    int generation;     /* auth token generation used */
    double delay;       /* seconds to wait before it starts (its round) */
    bool delayed;       /* submitted with a delay: counted in waiting */
    bool foreign;       /* another origin than base_url: no credentials */
    bool resent;        /* sent again after a 401 */
    int attempts_before, sent_before;
    long ms_before;
};

/* Writes the requests counted so far to the ledger (synced to disk at the
 * end only); a failure stops the run (no request may go out uncounted). */
static void flush_ledger(struct driver *d, bool sync)
{
    if (d->unflushed == 0 || d->ledger_rc != 0)
        return;
    d->ledger_rc = ledger_add(&d->ledger, d->unflushed, sync,
                              &d->ledger_err);
    if (d->ledger_rc != 0)
        *d->stop = 1;
    d->unflushed = 0;
}

static void on_sent(void *ctx)
{
    struct driver *d = ctx;

    if (++d->unflushed >= LEDGER_EVERY)
        flush_ledger(d, false);
}

/* Reports an outcome without a response (skipped, or an error before
 * anything was sent) for sendings repeat..repeats-1 of a call: those
 * later rounds will not be sent either. */
static void report_plain(struct driver *d, size_t si, size_t ci, int repeat,
                         int repeats, enum replay_outcome outcome,
                         const char *reason)
{
    struct replay_result r;

    memset(&r, 0, sizeof(r));
    r.suite = d->st[si].s;
    r.call = &d->st[si].s->calls[ci];
    r.suite_index = si;
    r.call_index = ci;
    r.repeats = repeats;
    r.outcome = outcome;
    r.reason = reason;
    r.body = "";
    for (r.repeat = repeat; r.repeat < repeats; r.repeat++) {
        if (outcome == REPLAY_SKIPPED)
            d->t->skipped++;
        else
            d->t->errors++;
        d->cb(d->ctx, &r);
    }
}

static void on_done(void *ctx, const struct http_request *req,
                    struct http_response *resp);

/* Learns a token fetched for the auth, so that no file or message holds
 * it (a failure to learn halts the run: nothing may leak). */
static void learn_token(struct driver *d)
{
    if (d->auth.generation == d->learned || d->auth.token == NULL)
        return;
    d->learned = d->auth.generation;
    if (scrub_learn_value(&d->secrets, d->auth.token) != 0)
        *d->stop = 1;
}

/* Builds, authenticates and submits unit u. Returns 0, or reports an
 * error outcome for it, frees it and returns -1. */
static int submit_unit(struct driver *d, struct unit *u)
{
    struct suite_state *st = &d->st[u->si];
    const struct call *c = &st->s->calls[u->ci];
    struct http_request *req = NULL;
    struct rc_error err = {0};

    if (request_build(&req, d->env, c, st->cap.vars) != 0) {
        rc_error_set(&err, RC_ENOMEM, NULL, "out of memory");
    } else if (!(u->foreign = !url_same_origin(req->url, d->env->base_url))
               && d->auth_dead) {
        rc_error_set(&err, RC_EENV, NULL, "not sent: authentication failed "
                     "(a new token got HTTP 401 too, so no more tokens are "
                     "fetched in this run)");
    } else if (u->foreign || http_auth_apply(&d->auth, d->eng, req,
                                             &u->generation, &err) == 0) {
        learn_token(d);
        u->delayed = u->delay > 0;
        if (http_submit_after(d->eng, req, u->delay, on_done, u) == 0) {
            if (u->delayed)
                d->waiting++;
            else
                d->queued++;
            return 0;
        }
        req = NULL;
        rc_error_set(&err, RC_ENOMEM, NULL, "out of memory");
    }
    http_request_free(req);
    if (u->repeat == 0)
        captures_fail(&st->cap, c, "which failed");
    report_plain(d, u->si, u->ci, u->repeat, u->repeats, REPLAY_ERROR,
                 err.message);
    st->inflight--;
    free(u);
    return -1;
}

/* Starts one sending of call ci of suite si (delay seconds from now),
 * or reports why it is not sent. */
static void launch(struct driver *d, size_t si, size_t ci, int repeat,
                   int repeats, double delay)
{
    struct suite_state *st = &d->st[si];
    const struct call *c = &st->s->calls[ci];
    struct unit *u;
    char *why = NULL;

    if (replay_is_done(d->o, st->s, c)) {
        captures_fail(&st->cap, c, "which was not sent this time");
        return;
    }
    if (replay_skips_write(d->o, d->env, c)) {
        if (d->o->reads_only
            ? asprintf(&why, "%s call not sent: --noise-only sends GET and "
                       "HEAD calls only", c->method) < 0
            : asprintf(&why, "write call (%s) not sent: environment '%s' "
                       "does not allow writes", c->method,
                       d->env->name) < 0)
            why = NULL;
        captures_fail(&st->cap, c, "which was skipped");
    } else if ((why = captures_missing(&st->cap, c)) != NULL) {
        captures_fail(&st->cap, c, "which was skipped");
    }
    if (why) {
        report_plain(d, si, ci, repeat, repeats, REPLAY_SKIPPED, why);
        free(why);
        return;
    }
    u = calloc(1, sizeof(*u));
    if (u == NULL) {
        report_plain(d, si, ci, repeat, repeats, REPLAY_ERROR,
                     "out of memory");
        return;
    }
    *u = (struct unit){.d = d, .si = si, .ci = ci, .repeat = repeat,
                       .repeats = repeats, .delay = delay};
    st->inflight++;
    submit_unit(d, u);
}

/* Takes the next unit to start from the suites, if any may start now. */
static bool start_next(struct driver *d)
{
    for (size_t i = d->cursor; i < d->n; i++) {
        struct suite_state *st = &d->st[i];
        size_t ci;

        if (st->next_call >= st->s->n_calls) {
            if (i == d->cursor)
                d->cursor++;
            continue;
        }
        ci = st->next_call;
        /* a teardown call waits for every call before it to end */
        if ((st->s->ordered || st->s->calls[ci].teardown)
            && st->inflight > 0)
            continue;
        st->next_call++;
        launch(d, i, ci, 0, replay_repeats(d->o, &st->s->calls[ci]), 0);
        return true;
    }
    return false;
}

/* Keeps `jobs` units in the engine: each starts as soon as it is
 * submitted (or when the rate allows), so its credentials are never older
 * than the last token refresh. */
static void feed(struct driver *d)
{
    size_t cap = (size_t)(d->o->jobs > 0 ? d->o->jobs : 1);

    while (!*d->stop && d->queued < cap && start_next(d))
        ;
}

/* What a reported response may show (SPEC section 9): the request URL,
 * headers, response headers and body with every learned secret replaced
 * by "<redacted>", secret query parameters redacted (also in Location),
 * and the header that carries the auth redacted whatever its name. */
struct shown {
    char *url, *body, *reason;
    size_t body_len;
    json_t *req_headers, *headers;
};

static void shown_release(struct shown *w)
{
    free(w->url);
    free(w->body);
    free(w->reason);
    json_decref(w->req_headers);
    json_decref(w->headers);
}

static void redact_member(json_t *obj, const char *name)
{
    const char *k;
    json_t *v;

    json_object_foreach(obj, k, v)
        if (name && strcasecmp(k, name) == 0)
            json_object_set_new(obj, k, json_string(SCRUB_MARK));
}

static int shown_init(struct shown *w, struct driver *d,
                      const struct http_request *req,
                      const struct http_response *resp)
{
    const char *loc;
    const char *mark = resp->content_type && strstr(resp->content_type, "xml")
                       ? "&lt;redacted&gt;" : SCRUB_MARK;
    int rc;

    memset(w, 0, sizeof(*w));
    w->url = scrub_url(req->url, &d->secrets);
    w->reason = resp->code ? scrub_known_text(resp->error, &d->secrets)
                           : NULL;
    w->req_headers = request_headers_json(req);
    w->headers = resp->headers ? json_deep_copy(resp->headers)
                               : json_object();
    if (w->url == NULL || w->req_headers == NULL || w->headers == NULL ||
        (resp->code && w->reason == NULL))
        return RC_ENOMEM;
    redact_member(w->req_headers, http_auth_header(&d->auth));
    if (scrub_known(w->req_headers, &d->secrets) != 0 ||
        scrub_known(w->headers, &d->secrets) != 0)
        return RC_ENOMEM;
    loc = json_string_value(json_object_get(w->headers, "location"));
    if (loc) {
        char *clean = scrub_url(loc, &d->secrets);
        if (clean == NULL)
            return RC_ENOMEM;
        json_object_set_new(w->headers, "location", json_string(clean));
        free(clean);
    }
    rc = scrub_known_bytes(&w->body, &w->body_len, resp->body.data
                           ? resp->body.data : "", resp->body.len,
                           &d->secrets, mark);
    return rc < 0 ? rc : 0;
}

/* Reports the outcome of a unit whose request ended. */
static void report_response(struct driver *d, struct unit *u,
                            const struct http_request *req,
                            const struct http_response *resp)
{
    struct replay_result r;
    struct shown w;

    if (shown_init(&w, d, req, resp) != 0) {
        shown_release(&w);
        *d->stop = 1;
        report_plain(d, u->si, u->ci, u->repeat, u->repeats, REPLAY_ERROR,
                     "out of memory");
        return;
    }
    memset(&r, 0, sizeof(r));
    r.suite = d->st[u->si].s;
    r.call = &r.suite->calls[u->ci];
    r.suite_index = u->si;
    r.call_index = u->ci;
    r.repeat = u->repeat;
    r.repeats = u->repeats;
    r.outcome = resp->code == 0 && resp->status != 401 ? REPLAY_SENT
                                                       : REPLAY_ERROR;
    r.reason = resp->code != 0 ? w.reason
               : resp->status != 401 ? NULL
               : u->resent ? "authentication failed: HTTP 401 with a new "
                             "token"
                           : "authentication failed: HTTP 401";
    r.duration_ms = u->ms_before + resp->duration_ms;
    r.attempts = u->attempts_before + resp->attempts;
    r.sent = u->sent_before + resp->sent;
    r.status = resp->status;
    r.headers = w.headers;
    r.body = w.body ? w.body : resp->body.data ? resp->body.data : "";
    r.body_len = w.body ? w.body_len : resp->body.len;
    r.content_type = resp->content_type;
    r.method = req->method;
    r.url = w.url;
    r.req_headers = w.req_headers;
    r.captured = captures_snapshot(&d->st[u->si].cap, r.suite, d->o->key,
                                   &d->secrets);
    if (r.outcome == REPLAY_SENT)
        d->t->sent++;
    else
        d->t->errors++;
    d->cb(d->ctx, &r);
    json_decref((json_t *)r.captured);
    shown_release(&w);
}

static void on_done(void *ctx, const struct http_request *req,
                    struct http_response *resp)
{
    struct unit *u = ctx;
    struct driver *d = u->d;
    struct suite_state *st = &d->st[u->si];
    const struct call *c = &st->s->calls[u->ci];

    if (u->delayed)
        d->waiting--;
    else
        d->queued--;
    u->delay = 0;
    if (resp->code == 0 && resp->status == 401 && u->resent && !u->foreign)
        d->auth_dead = true;    /* a fresh token is refused too */
    if (resp->code == 0 && resp->status == 401 && !u->resent &&
        !*d->stop && !u->foreign && !d->auth_dead &&
        http_auth_expire(&d->auth, u->generation)) {
        u->resent = true;
        u->attempts_before += resp->attempts;
        u->sent_before += resp->sent;
        u->ms_before += resp->duration_ms;
        if (submit_unit(d, u) != 0)
            feed(d);       /* it ended at once: keep the run going */
        return;
    }
    if (resp->code == RC_EINTR) {
        /* never sent, or stopped while waiting to retry: no outcome (its
         * requests stay counted), so run --resume sends it again */
        d->cancelled = true;
    } else {
        if (u->repeat == 0 && resp->code == 0 && resp->status != 401)
            captures_take(&st->cap, c, resp, &d->redact);
        else if (u->repeat == 0)
            captures_fail(&st->cap, c, "which failed");
        report_response(d, u, req, resp);
        if (u->repeat + 1 < u->repeats && !*d->stop)
            launch(d, u->si, u->ci, u->repeat + 1, u->repeats,
                   d->o->repeat_interval);
    }
    st->inflight--;
    free(u);
    feed(d);
}

/* Whether some call was left without an outcome. */
static bool work_left(const struct driver *d)
{
    if (d->cancelled)
        return true;
    for (size_t i = 0; i < d->n; i++)
        if (d->st[i].next_call < d->st[i].s->n_calls)
            return true;
    return false;
}

static int driver_init(struct driver *d, const struct config *cfg,
                       const struct environment *env,
                       const struct suite *const *suites, size_t n,
                       const struct replay_opts *o)
{
    struct http_auth_params ap;
    struct http_opts ho = {
        .jobs = o->jobs, .rate = o->rate, .timeout = o->timeout,
        .retries = o->retries, .max_wait = o->max_wait,
        .backoff = o->backoff, .max_body = o->max_body,
        .ca_file = env->ca_file, .insecure = env->insecure,
    };

    d->env = env;
    d->o = o;
    d->stop = o->stop ? o->stop : &d->halt;
    d->n = n;
    d->st = calloc(n ? n : 1, sizeof(*d->st));
    if (d->st == NULL)
        return RC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        d->st[i].s = suites[i];
        if (captures_init(&d->st[i].cap, env->vars) != 0)
            return RC_ENOMEM;
    }
    request_auth_params(&ap, env);
    http_auth_init(&d->auth, &ap);
    if (scrub_learn_auth(&d->secrets, env) != 0
        || pattern_set_add_all(&d->redact, &cfg->redact, NULL) != 0)
        return RC_ENOMEM;
    d->eng = http_engine_new(&ho, on_sent, d);
    return d->eng ? 0 : RC_ENOMEM;
}

static void driver_release(struct driver *d)
{
    for (size_t i = 0; d->st && i < d->n; i++) {
        captures_release(&d->st[i].cap);
    }
    free(d->st);
    http_engine_free(d->eng);
    http_auth_release(&d->auth);
    strvec_release(&d->secrets);
    pattern_set_release(&d->redact);
}

/*
 * Opens the ledger and reserves the plan's requests under its lock, before
 * anything is sent: a ledger that cannot be written, or a plan that would
 * take the month past the budget (counting what other commands running now
 * reserved), stops here with nothing sent.
 */
static int reserve(struct ledger *l, struct replay_plan *plan,
                   const struct config *cfg, const struct environment *env,
                   const struct replay_opts *o, struct strvec *warnings,
                   struct rc_error *err)
{
    int rc = ledger_open(l, cfg->budget.ledger, env->name, o->command, err);

    if (rc == 0)
        rc = ledger_reserve(l, &plan->used, &plan->over, plan->month,
                            cfg->budget.per_environment ? env->name : NULL,
                            plan->requests, o->monthly_calls,
                            !o->over_budget, warnings, err);
    if (rc == 0 && plan->over && !o->over_budget)
        rc = replay_refuse(plan, o, err);
    return rc;
}

int replay_execute(const struct config *cfg, const struct environment *env,
                   const struct suite *const *suites, size_t n,
                   const struct replay_opts *o, replay_call_fn cb, void *ctx,
                   struct replay_totals *totals, struct strvec *warnings,
                   struct rc_error *err)
{
    struct replay_plan plan;
    struct driver d;
    int rc;

    memset(totals, 0, sizeof(*totals));
    memset(&d, 0, sizeof(d));
    d.ledger.fd = -1;
    rc = replay_plan(&plan, cfg, env, suites, n, o, warnings, err);
    if (rc == 0)
        rc = reserve(&d.ledger, &plan, cfg, env, o, warnings, err);
    if (rc != 0) {
        ledger_close(&d.ledger, &d.ledger_err);
        return rc;
    }
    d.cb = cb;
    d.ctx = ctx;
    d.t = totals;
    rc = driver_init(&d, cfg, env, suites, n, o);
    if (rc == 0) {
        feed(&d);
        rc = http_engine_run(d.eng, d.stop);
        flush_ledger(&d, true);
        totals->calls_sent = http_engine_sent(d.eng);
        totals->retries = http_engine_retries(d.eng);
        totals->interrupted = work_left(&d);
    }
    if (d.ledger_rc == 0)
        d.ledger_rc = ledger_close(&d.ledger, &d.ledger_err);
    else
        ledger_close(&d.ledger, &(struct rc_error){0});
    if (rc == 0 && d.ledger_rc != 0) {
        *err = d.ledger_err;
        rc = d.ledger_rc;
    } else if (rc == 0 && totals->interrupted) {
        rc = rc_error_set(err, RC_EINTR, NULL, "interrupted");
    } else if (rc == RC_ENOMEM) {
        rc_error_set(err, rc, NULL, "out of memory");
    }
    driver_release(&d);
    return rc;
}

/* Copies s (may be NULL) to *at and returns the copy; NULL for NULL. */
static char *put_str(char **at, const char *s, size_t len)
{
    char *copy = *at;

    if (s == NULL)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    *at += len + 1;
    return copy;
}

struct replay_result *replay_result_copy(const struct replay_result *r)
{
    const char *text[4] = {r->reason, r->content_type, r->method, r->url};
    size_t size = sizeof *r + r->body_len + 1, len[4];
    struct replay_result *c;
    char *at;

    for (int i = 0; i < 4; i++) {
        len[i] = text[i] ? strlen(text[i]) : 0;
        size += text[i] ? len[i] + 1 : 0;
    }
    c = malloc(size);
    if (c == NULL)
        return NULL;
    *c = *r;
    at = (char *)(c + 1);
    c->body = put_str(&at, r->body ? r->body : "", r->body_len);
    c->reason = put_str(&at, r->reason, len[0]);
    c->content_type = put_str(&at, r->content_type, len[1]);
    c->method = put_str(&at, r->method, len[2]);
    c->url = put_str(&at, r->url, len[3]);
    c->headers = json_incref((json_t *)r->headers);
    c->req_headers = json_incref((json_t *)r->req_headers);
    c->captured = json_incref((json_t *)r->captured);
    return c;
}

void replay_result_free(struct replay_result *r)
{
    if (r == NULL)
        return;
    json_decref((json_t *)r->headers);
    json_decref((json_t *)r->req_headers);
    json_decref((json_t *)r->captured);
    free(r);
}
