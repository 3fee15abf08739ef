/*
 * Building the result model from a run folder (see result.h): run.json
 * gives the suites and calls in order; calls.jsonl is read twice, once to
 * index each call's last line and sum calls_sent, once to aggregate the
 * outcome counters and the fields. Only counters and one example per field
 * stay in memory. The passes are in index.c and aggregate.c, the loader's
 * state in loader.h.
 */
#include "result/folder.h"
#include "result/result.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/fsutil.h"
#include "result/loader.h"

const char *outcome_name(enum outcome o)
{
    static const char *const names[] = {"same", "changed", "error",
                                        "skipped", "skipped"};
    return names[o];
}

/* "2026-11-28T10:00:00Z" for t (caller frees). */
static char *iso_time(time_t t)
{
    char buf[32];
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return strdup(buf);
}

/* finished_at: the caller's, run.json's, or calls.jsonl's mtime. */
static char *pick_finished_at(struct loader *ld,
                              const struct result_load_opts *o)
{
    struct stat st;
    const char *given = o && o->finished_at ? o->finished_at
                                            : jstr(ld->r->run, "finished_at");

    if (given)
        return strdup(given);
    if (stat(ld->lines_path, &st) == 0)
        return iso_time(st.st_mtime);
    return iso_time(time(NULL));
}

int result_load(struct result *r, const char *dir,
                const struct result_load_opts *opts,
                struct strvec *warnings, struct rc_error *err)
{
    struct loader ld = {r, NULL, {0}, {0}, 0, false, warnings, err};
    char *lines_path = NULL;
    int rc;

    memset(r, 0, sizeof *r);
    smap_init(&ld.calls);
    smap_init(&ld.fields);
    r->dir = strdup(dir);
    lines_path = fs_join(dir, RUN_CALLS);
    ld.lines_path = lines_path;
    if (r->dir == NULL || lines_path == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        goto done;
    }
    if (!fs_is_dir(dir)) {
        rc = rc_error_set(err, RC_EINPUT, dir, "not a run folder");
        goto done;
    }
    rc = loader_read_run_json(&ld);
    if (rc == 0)
        rc = loader_index_lines(&ld);
    if (rc == 0)
        rc = loader_aggregate(&ld);
    if (rc)
        goto done;
    /* run.json may count requests no line shows (logins); a killed run's
     * lines are newer than its run.json: take the larger */
    if (json_integer_value(json_object_get(r->run, "calls_sent"))
        > r->calls_sent)
        r->calls_sent = json_integer_value(json_object_get(r->run,
                                                           "calls_sent"));
    /* run.json may say "complete": false (a merge that misses shards) */
    r->complete = !(opts && opts->interrupted)
                  && !json_is_false(json_object_get(r->run, "complete"));
    for (size_t i = 0; i < r->n_calls; i++)
        if (r->calls[i].offset < 0)
            r->complete = false;
    r->finished_at = pick_finished_at(&ld, opts);
    result_summarize(r);
done:
    smap_release(&ld.calls);
    smap_release(&ld.fields);
    free(lines_path);
    if (rc)
        result_release(r);
    return rc;
}

void result_release(struct result *r)
{
    json_decref(r->approvals);
    for (size_t i = 0; i < r->n_suites; i++) {
        free(r->suites[i].name);
        json_decref(r->suites[i].programs);
        json_decref(r->suites[i].because);
    }
    for (size_t i = 0; i < r->n_calls; i++) {
        free(r->calls[i].id);
        free(r->calls[i].method);
        free(r->calls[i].path);
        free(r->calls[i].reason);
    }
    for (size_t i = 0; i < r->n_fields; i++) {
        free(r->fields[i].field);
        free(r->fields[i].kind);
        free(r->fields[i].new_field);
        json_decref(r->fields[i].example);
    }
    free(r->suites);
    free(r->calls);
    free(r->fields);
    strvec_release(&r->baselines);
    if (r->lines)
        fclose(r->lines);
    free(r->line);
    json_decref(r->run);
    free(r->finished_at);
    free(r->dir);
    memset(r, 0, sizeof *r);
}
