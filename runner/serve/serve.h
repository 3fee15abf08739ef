/*
 * `relcheck serve` as a module: a mock of the ERP's REST API on loopback
 * that answers every recorded call with its fixture (status, headers, body;
 * byte for byte, see SERVE_JSON for JSON bodies), optionally changed by
 * an upgrade overlay (serve/overlay.h). libmicrohttpd runs it on its own
 * threads, so a command (serve, demo) or a test can start it in-process on
 * a free port, use it, and stop it:
 *
 *     struct serve_options o = {.suites_dir = ..., .fixtures_dir = ...};
 *     struct serve *s;
 *     if (serve_start(&s, &o, &warnings, &err) == 0) {
 *         ... requests to serve_url(s) ...
 *         serve_stop(s);
 *     }
 *
 * Unknown requests get 404 with a JSON body naming the closest recorded
 * call; with a token set, a request without "Authorization: Bearer TOKEN"
 * gets 401. The server never prints; counters say what it did.
 */
#ifndef RC_SERVE_H
#define RC_SERVE_H

#include <stddef.h>

#include "core/error.h"
#include "core/jsonw.h"
#include "core/strvec.h"

/* How serve writes JSON (core/jsonw.h): compact, \u00xx escapes in lower
 * case, reals in their shortest form, so a body is the bytes Python's
 * json.dumps(body, separators=(",", ":"), ensure_ascii=False) writes for
 * the same value and a test can check what serve sends byte for byte. */
#define SERVE_JSON (JSON_COMPACT | JSONW_LOWER_HEX)

struct serve_options {
    const char *suites_dir;    /* required */
    const char *fixtures_dir;  /* required */
    const char *overlay;       /* overlay file, or NULL */
    const char *token;         /* bearer token required, or NULL */
    const char *log_path;      /* request log (JSON lines, appended), or
                                  NULL */
    int port;                  /* on 127.0.0.1; 0 for a free port */
    int threads;               /* worker threads; 0 for the default (4) */
};

struct serve_stats {
    size_t requests;           /* answered, whatever the status */
    size_t matched;            /* answered from a fixture */
    size_t not_found;          /* 404 for an unknown request */
    size_t unauthorized;       /* 401 for a missing or wrong token */
};

struct serve;

/*
 * Loads the suites, fixtures and overlay, prepares every response, binds
 * 127.0.0.1:port and starts answering. Warnings (calls left out, overlay
 * mutations that change nothing) are appended to warnings. Errors: a bad
 * suite, fixture or overlay (RC_ECONFIG or RC_EINPUT, naming
 * file:line:column), a port that cannot be bound or a log that cannot be
 * opened (RC_EENV). *out is the caller's, to give to serve_stop.
 */
int serve_start(struct serve **out, const struct serve_options *opts,
                struct strvec *warnings, struct rc_error *err);

/* Stops answering (requests in progress finish), closes the log and
 * frees s. NULL is allowed. */
void serve_stop(struct serve *s);

/* The port bound, and the base URL "http://127.0.0.1:PORT" (borrowed). */
int serve_port(const struct serve *s);
const char *serve_url(const struct serve *s);

/* How many calls are served, from how many suites; how many overlay
 * mutations were loaded. */
size_t serve_calls(const struct serve *s);
size_t serve_suites(const struct serve *s);
size_t serve_mutations(const struct serve *s);

/* What the server has done so far (safe while it runs). */
void serve_get_stats(const struct serve *s, struct serve_stats *out);

#endif
