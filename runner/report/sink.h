/*
 * Streamed report writers. result.json, report.html and junit.xml each
 * hold every call in run order, so they are written side by side in one
 * walk over the calls (report_stream): each call's entry is read from
 * calls.jsonl and parsed once, then handed to every open writer. A sink
 * owns its context and its afile; finish commits the file and frees the
 * context, abort removes the temporary file and frees it.
 */
#ifndef RC_REPORT_SINK_H
#define RC_REPORT_SINK_H

#include <jansson.h>

#include "core/error.h"
#include "result/result.h"

struct call_sink {
    void *ctx;
    /* everything before the first suite */
    int (*begin)(void *ctx, struct result *r, struct rc_error *err);
    int (*suite_begin)(void *ctx, struct result *r, size_t si,
                       struct rc_error *err);
    /* call ci of the current suite; entry borrowed */
    int (*call)(void *ctx, struct result *r, size_t ci, const json_t *entry,
                struct rc_error *err);
    int (*suite_end)(void *ctx, struct result *r, size_t si,
                     struct rc_error *err);
    /* everything after the last suite, then commit; frees ctx */
    int (*finish)(void *ctx, struct result *r, struct rc_error *err);
    /* drops the file; frees ctx */
    void (*abort)(void *ctx);
};

/* Openers: fill sink and open path for writing. */
int json_sink_open(struct call_sink *sink, const char *path,
                   struct rc_error *err);
int html_sink_open(struct call_sink *sink, const char *path,
                   struct rc_error *err);
int junit_sink_open(struct call_sink *sink, const char *path,
                    struct rc_error *err);

/*
 * Drives n open sinks through the run: begin, then per suite suite_begin,
 * call for each call, suite_end, and finally finish. On the first failure
 * every sink not yet finished is aborted. Sinks are consumed either way.
 */
int report_stream(struct result *r, struct call_sink *sinks, size_t n,
                  struct rc_error *err);

#endif
