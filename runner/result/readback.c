/*
 * Reading a call's line back from calls.jsonl for the reports (see
 * result.h): the model keeps only its offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/folder.h"
#include "result/loader.h"

/* The entry of a call without a line: outcome skipped, reason not run. */
static json_t *not_run_entry(const struct result_call *c)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:[]}", "id", c->id,
                     "method", c->method, "path", c->path, "outcome",
                     "skipped", "reason", "not run: the run did not complete",
                     "duration_ms", 0, "differences");
}

int result_call_line(json_t **out, struct result *r, size_t i,
                     struct rc_error *err)
{
    const struct result_call *c = &r->calls[i];
    json_error_t je;
    long long n;

    *out = NULL;
    if (c->offset < 0)
        return rc_error_set(err, RC_ENOTFOUND, r->dir,
                            "call '%s' was not run", c->id);
    /* The reports read the calls in file order: seek only when not
     * already there. */
    if (c->offset != r->pos) {
        if (fseeko(r->lines, c->offset, SEEK_SET) != 0)
            return rc_error_set(err, RC_EIO, r->dir,
                                "cannot seek in calls.jsonl");
        r->pos = c->offset;
    }
    n = result_read_line(r, err, RUN_CALLS);
    if (n <= 0)
        return n < 0 ? (int)n
                     : rc_error_set(err, RC_EINPUT, r->dir,
                                    "calls.jsonl changed while being read");
    *out = json_loadb(r->line, (size_t)n, 0, &je);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return rc_error_set(err, RC_EINPUT, r->dir,
                            "calls.jsonl: call '%s': %s", c->id, je.text);
    }
    return 0;
}

int result_call_entry(json_t **out, struct result *r, size_t i,
                      struct rc_error *err)
{
    int rc;

    if (r->calls[i].offset < 0) {
        *out = not_run_entry(&r->calls[i]);
        return *out ? 0 : rc_error_set(err, RC_ENOMEM, r->dir, "out of memory");
    }
    rc = result_call_line(out, r, i, err);
    if (rc == 0) {
        json_object_del(*out, "suite");
        json_object_del(*out, "fields");
    }
    return rc;
}
