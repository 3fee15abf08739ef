/*
 * The walk that feeds streamed report writers (see sink.h).
 */
#include "report/sink.h"

/* Runs one step on every sink; stops at the first failure. */
#define EACH(call_expr)                                                      \
    for (size_t k = 0; rc == 0 && k < n; k++) {                              \
        struct call_sink *s = &sinks[k];                                     \
        rc = (call_expr);                                                    \
    }

static int walk(struct result *r, struct call_sink *sinks, size_t n,
                struct rc_error *err)
{
    int rc = 0;

    EACH(s->begin(s->ctx, r, err));
    for (size_t si = 0; rc == 0 && si < r->n_suites; si++) {
        const struct result_suite *suite = &r->suites[si];

        EACH(s->suite_begin(s->ctx, r, si, err));
        for (size_t i = 0; rc == 0 && i < suite->n; i++) {
            json_t *entry = NULL;

            rc = result_call_entry(&entry, r, suite->first + i, err);
            EACH(s->call(s->ctx, r, suite->first + i, entry, err));
            json_decref(entry);
        }
        EACH(s->suite_end(s->ctx, r, si, err));
    }
    return rc;
}

int report_stream(struct result *r, struct call_sink *sinks, size_t n,
                  struct rc_error *err)
{
    int rc = walk(r, sinks, n, err);
    size_t k = 0;

    for (; rc == 0 && k < n; k++) {
        rc = sinks[k].finish(sinks[k].ctx, r, err);
        if (rc) {
            k++;   /* a failed finish has freed its own sink */
            break;
        }
    }
    for (; k < n; k++)
        sinks[k].abort(sinks[k].ctx);
    return rc;
}
