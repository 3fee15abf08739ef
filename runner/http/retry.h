/*
 * Retry rules of the HTTP engine (curl's retrycheck): which outcomes are
 * retried, how long to wait (exponential backoff with jitter, or the
 * server's Retry-After up to max_wait), and the error text of an outcome
 * that is final. Internal to runner/http/.
 */
#ifndef RC_HTTP_RETRY_H
#define RC_HTTP_RETRY_H

#include <stdbool.h>

#include <curl/curl.h>

#include "http/http.h"

struct retry_verdict {
    bool retry;
    double wait;   /* seconds before the next attempt */
};

/*
 * Looks at one finished attempt (curl result res, resp->status, headers,
 * resp->attempts already counting it) and decides. When the outcome is
 * final and a failure, fills resp->code and resp->error.
 */
void retry_decide(struct retry_verdict *v, const struct http_opts *o,
                  struct http_response *resp, CURLcode res, bool too_big,
                  const char *errbuf, double now_monotonic);

/* Parses one raw header line into headers (see client.c on_header). */
void http_parse_header_line(json_t *headers, const char *line, size_t len);

/* Empties resp for another attempt (keeps attempts and the body cap). */
void http_response_reset(struct http_response *resp);

#endif
