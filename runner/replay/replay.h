/*
 * The replay driver shared by `record` and `run` (SPEC section 7): plans
 * the calls of the selected suites for one environment, checks the
 * monthly budget before anything is sent, builds each request from its
 * suite call ({{variables}} from earlier captures, base URL, escaped
 * query, headers, JSON or text body), applies the write-safety rule,
 * sends through the HTTP engine (runner/http) with the environment's
 * authentication, counts every request in the ledger, and reports each
 * call's outcome through a callback as soon as it has one.
 *
 * Ownership: the driver borrows the config, environment and suites for
 * the duration of a call; everything in a struct replay_result is
 * borrowed for the duration of the callback only.
 */
#ifndef RC_REPLAY_H
#define RC_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "config/config.h"
#include "config/suite.h"
#include "core/error.h"
#include "core/strvec.h"
#include "redact/redact.h"

struct replay_opts {
    int jobs;               /* requests in flight */
    double rate;            /* requests a second, 0 = no limit */
    double timeout;         /* seconds per attempt */
    int retries;
    double max_wait;        /* longest Retry-After honoured, seconds */
    double backoff;         /* first backoff, seconds (0: 0.5) */
    size_t max_body;
    int repeat;             /* times each GET/HEAD call is sent, >= 1 */
    double repeat_interval; /* seconds from the end of one sending of a
                               call to the start of its next, so a
                               timestamp of one-second resolution differs
                               (replay.repeat_interval) */
    const struct redact_key *key; /* stores captured values under
                                     `redact` as "<redacted:HEX>"; NULL:
                                     such values are left out */
    long monthly_calls;     /* budget; <= 0 = no limit */
    bool over_budget;       /* send even past the budget */
    bool reads_only;        /* send GET/HEAD calls only (record
                               --noise-only): other calls, teardown
                               too, are skipped */
    const char *command;    /* "record" or "run", for the ledger */
    const struct strvec *done; /* "SUITE/CALL" already done (run
                                  --resume): neither sent nor reported;
                                  sorted with strvec_sort_unique; may be
                                  NULL */
    volatile int *stop;     /* set by a signal handler: no new call
                               starts, calls in flight finish; may be
                               NULL */
};

enum replay_outcome { REPLAY_SENT, REPLAY_SKIPPED, REPLAY_ERROR };

/* One call's outcome (for GET/HEAD with repeat > 1: one per sending). */
struct replay_result {
    const struct suite *suite;
    const struct call *call;
    size_t suite_index, call_index;  /* positions in the arrays given */
    int repeat, repeats;    /* which sending (0-based), of how many */
    enum replay_outcome outcome;  /* error: no response (network, TLS,
                                     timeout, max_body, retries used up,
                                     token request failed) or a 401 left
                                     after the one token refresh; the
                                     response fields are then still set
                                     when there was one */
    const char *reason;     /* skipped or error: why; else NULL */
    long duration_ms;
    int attempts;           /* attempts made for it, incl. retries and a
                               resend after a 401 */
    int sent;               /* of those, requests that went on the wire
                               (what the server saw; SPEC section 7) */
    long status;            /* 0 when no response */
    const json_t *headers;  /* response headers, lower-case names */
    const char *body;       /* response body ("" when none) */
    size_t body_len;
    const char *content_type;  /* NULL when absent */
    const char *method, *url;  /* the request sent (NULL when skipped
                                  before it was built) */
    const json_t *req_headers; /* its headers, sensitive ones redacted */
    const json_t *captured; /* NULL, or for a suite with captures: the
                               values of the variables its calls captured
                               so far, after this call's own captures
                               (name -> value; a value under `redact` or
                               a variable named like a secret as
                               "<redacted:HEX>", a learned secret as
                               "<redacted>"), as a fixture stores them */
};

typedef void (*replay_call_fn)(void *ctx, const struct replay_result *r);

/*
 * A copy of r that owns its text and body (one allocation) and holds a
 * reference to each JSON object (jansson counts references atomically, and
 * nobody changes them once reported, so another thread may read them):
 * how a callback keeps a result past its return, e.g. to judge it on a
 * worker thread. suite and call stay borrowed from the caller of
 * replay_execute. NULL on allocation failure. Free with
 * replay_result_free (accepts NULL).
 */
struct replay_result *replay_result_copy(const struct replay_result *r);
void replay_result_free(struct replay_result *r);

/* What a run will do, computed before anything is sent. */
struct replay_plan {
    size_t suites, calls;   /* selected */
    size_t sends;           /* calls that will be sent */
    long sendings;          /* their sendings (x repeat for GET/HEAD) */
    size_t skipped_writes;  /* write calls the environment forbids */
    size_t skipped_done;    /* already done (resume) */
    long requests;          /* planned requests: sends x repeats + one
                               token request for oauth2/login */
    char month[8];          /* "YYYY-MM" (UTC) */
    long used;              /* requests this month so far (ledger) */
    bool per_environment;   /* used counts env only (budget.scope
                               "environment"), else every environment */
    long monthly_calls;     /* <= 0: no limit */
    bool over;              /* used + requests > monthly_calls */
};

struct replay_totals {
    long calls_sent;        /* every request that went on the wire, incl.
                               retries and tokens */
    long retries;
    size_t sent, skipped, errors;  /* calls by outcome (per sending) */
    bool interrupted;       /* stopped before every call had an outcome */
};

/*
 * Computes the plan of suites[0..n) for env (resolved) without sending
 * anything. Returns 0, or RC_EIO when the ledger cannot be read.
 */
int replay_plan(struct replay_plan *plan, const struct config *cfg,
                const struct environment *env,
                const struct suite *const *suites, size_t n,
                const struct replay_opts *o, struct strvec *warnings,
                struct rc_error *err);

/*
 * The refusal of a plan over the monthly budget: RC_ECONFIG with the
 * figures and the way out (--over-budget) in err.
 */
int replay_refuse(const struct replay_plan *p, const struct replay_opts *o,
                  struct rc_error *err);

/* How many times c is sent (writes once), and whether it is in o->done
 * (for the driver). */
int replay_repeats(const struct replay_opts *o, const struct call *c);
bool replay_is_done(const struct replay_opts *o, const struct suite *s,
                    const struct call *c);
/* Whether c is skipped as a write: the environment does not allow writes,
 * or o->reads_only. */
bool replay_skips_write(const struct replay_opts *o,
                        const struct environment *env, const struct call *c);

/*
 * Plans, then sends. When the plan is over budget and !o->over_budget,
 * returns RC_ECONFIG (exit 2) with the figures in err before any request,
 * logins included. Otherwise calls cb once per call (and sending) with its
 * outcome, in completion order, and fills *totals. Writes the ledger at
 * least every 100 requests and at the end. Returns 0 when every call was
 * handled (calls that ended in error are results, not a failure of the
 * driver), RC_EINTR when *o->stop stopped it, RC_EIO when the ledger could
 * not be written (sending stops then), or RC_ENOMEM.
 */
int replay_execute(const struct config *cfg, const struct environment *env,
                   const struct suite *const *suites, size_t n,
                   const struct replay_opts *o, replay_call_fn cb, void *ctx,
                   struct replay_totals *totals, struct strvec *warnings,
                   struct rc_error *err);

/* The replay options from the config's "replay" and "budget" members. */
void replay_opts_from_config(struct replay_opts *o, const struct config *cfg);

/* Command-line overrides of the config's replay settings; a negative
 * value leaves the setting as it is. */
struct replay_overrides {
    int jobs, retries;
    double rate, timeout;
};

/* An override set that changes nothing. */
void replay_overrides_init(struct replay_overrides *ov);

/* Applies the overrides that are set to o. */
void replay_opts_override(struct replay_opts *o,
                          const struct replay_overrides *ov);

#endif
