/*
 * The result model's index (see loader.h): run.json gives the suites and
 * their calls in order; pass 1 over calls.jsonl finds each call's last
 * line and sums calls_sent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/folder.h"
#include "result/loader.h"
#include "result/scan.h"

/* Fills r->fail_on from run.json's "fail_on" (default changed). */
static int read_fail_on(struct loader *ld, const char *path)
{
    const char *f = jstr(ld->r->run, "fail_on");

    ld->r->fail_on = SEV_CHANGED;
    if (f == NULL)
        return 0;
    if (fail_on_parse(f) >= 0)
        ld->r->fail_on = (enum severity)fail_on_parse(f);
    else
        return rc_error_set(ld->err, RC_EINPUT, path,
                            "unknown fail_on '%s'", f);
    return 0;
}

/* Adds the calls of suite si (its run.json object s) to the index. */
static int add_suite_calls(struct loader *ld, size_t si, json_t *s,
                           const char *path)
{
    struct result *r = ld->r;
    json_t *calls = json_object_get(s, "calls");
    size_t i;
    json_t *c;

    if (!json_is_array(calls))
        return rc_error_set(ld->err, RC_EINPUT, path,
                            "suite '%s' has no calls array",
                            r->suites[si].name);
    r->suites[si].first = r->n_calls;
    json_array_foreach(calls, i, c) {
        struct result_call *rc_ = &r->calls[r->n_calls];
        char *key;

        if (jstr(c, "id") == NULL)
            return rc_error_set(ld->err, RC_EINPUT, path,
                                "a call of suite '%s' has no id",
                                r->suites[si].name);
        rc_->suite = si;
        rc_->id = strdup(jstr(c, "id"));
        rc_->method = strdup(jstr(c, "method") ? jstr(c, "method") : "GET");
        rc_->path = strdup(jstr(c, "path") ? jstr(c, "path") : "");
        rc_->outcome = OUT_NOT_RUN;
        rc_->offset = -1;
        rc_->worst = SEV_NOISE;
        key = call_key(r->suites[si].name, rc_->id);
        r->n_calls++;
        if (!rc_->id || !rc_->method || !rc_->path || !key
            || smap_put(&ld->calls, key, r->n_calls - 1) < 0) {
            free(key);
            return nomem(ld);
        }
        free(key);
    }
    r->suites[si].n = r->n_calls - r->suites[si].first;
    return 0;
}

/* Counts the calls of every suite (to size r->calls). */
static size_t count_calls(json_t *suites)
{
    size_t n = 0, i;
    json_t *s;

    json_array_foreach(suites, i, s)
        n += json_array_size(json_object_get(s, "calls"));
    return n;
}

/* Reads run.json: run metadata, suites and their calls. */
int loader_read_run_json(struct loader *ld)
{
    struct result *r = ld->r;
    char *path = fs_join(r->dir, RUN_JSON);
    json_t *suites, *s;
    size_t i;
    int rc;

    if (path == NULL)
        return nomem(ld);
    rc = jx_load(&r->run, NULL, path, ld->err);
    if (rc == 0 && json_integer_value(json_object_get(r->run, "format"))
                       != RUN_FORMAT)
        rc = rc_error_set(ld->err, RC_EINPUT, path,
                          "unknown run.json format (want \"format\": %d)",
                          RUN_FORMAT);
    suites = json_object_get(r->run, "suites");
    if (rc == 0 && !json_is_array(suites))
        rc = rc_error_set(ld->err, RC_EINPUT, path, "no suites array");
    if (rc == 0)
        rc = read_fail_on(ld, path);
    if (rc)
        goto done;
    r->id = jstr(r->run, "id");
    r->environment = jstr(r->run, "environment");
    r->started_at = jstr(r->run, "started_at");
    r->shard = jstr(r->run, "shard");
    r->suites = calloc(json_array_size(suites) + 1, sizeof *r->suites);
    r->calls = calloc(count_calls(suites) + 1, sizeof *r->calls);
    if (r->suites == NULL || r->calls == NULL) {
        rc = nomem(ld);
        goto done;
    }
    json_array_foreach(suites, i, s) {
        struct result_suite *rs = &r->suites[r->n_suites++];

        rs->name = dupstr(jstr(s, "name") ? jstr(s, "name") : "");
        rs->programs = json_incref(json_object_get(s, "programs"));
        rs->because = json_incref(json_object_get(s, "because"));
        if (rs->name == NULL) {
            rc = nomem(ld);
            goto done;
        }
        rc = add_suite_calls(ld, i, s, path);
        if (rc)
            goto done;
    }
    /* the index now holds the calls: drop the parsed tree (10 MB for
     * 20,000 calls) */
    json_object_del(r->run, "suites");
done:
    free(path);
    return rc;
}

/* The requests a line stands for: its calls_sent, else 1 + retries for a
 * call that was sent, 0 for a skipped one. */
static long long line_calls_sent(const json_t *line)
{
    json_t *sent = json_object_get(line, "calls_sent");
    const char *outcome = jstr(line, "outcome");

    if (json_is_integer(sent))
        return json_integer_value(sent);
    if (outcome == NULL || strcmp(outcome, "skipped") == 0)
        return 0;
    return 1 + json_integer_value(json_object_get(line, "retries"));
}

/* Reads the line at the stream's position into r->line. Returns its length,
 * 0 at the end, or a negative RC_E* code. */
long long result_read_line(struct result *r, struct rc_error *err,
                           const char *path)
{
    ssize_t n = getline(&r->line, &r->line_cap, r->lines);

    if (n > 0)
        r->pos += n;
    if (n < 0)
        return ferror(r->lines)
                   ? rc_error_set(err, RC_EIO, path, "cannot read: %s",
                                  strerror(errno))
                   : 0;
    if ((size_t)n > MAX_LINE)
        return rc_error_set(err, RC_ETOOBIG, path, "a line is too long");
    return n;
}

/* Records one parsed line of pass 1 (lineno for warnings) and aggregates
 * it, unless its call already had a line: then the later line wins and
 * pass 2 aggregates again from the index (`run --resume` never writes a
 * call twice, so this is the rare path). */
static int index_line(struct loader *ld, json_t *line, long long offset,
                      long lineno)
{
    const char *suite = jstr(line, "suite"), *id = jstr(line, "id");
    char *key;
    size_t ci;

    ld->r->calls_sent += line_calls_sent(line);
    if (id == NULL)
        return 0;   /* an event line (login, token): counted only */
    key = call_key(suite ? suite : "", id);
    if (key == NULL)
        return nomem(ld);
    ci = smap_get(&ld->calls, key);
    free(key);
    if (ci == NONE)
        return strvec_pushf(ld->warnings,
                            "%s:%ld: call '%s' of suite '%s' is not in "
                            "run.json; left out", ld->lines_path, lineno, id,
                            suite ? suite : "");
    if (ld->r->calls[ci].offset >= 0)
        ld->again = true;
    ld->r->calls[ci].offset = offset;
    return ld->again ? 0 : loader_absorb_line(ld, ci, line);
}

/* Pass 1: indexes every line of calls.jsonl. A missing file means no call
 * has finished yet. */
int loader_index_lines(struct loader *ld)
{
    struct result *r = ld->r;
    long lineno = 0;
    int rc = 0;

    r->lines = fopen(ld->lines_path, "r");
    if (r->lines == NULL)
        return errno == ENOENT ? 0
                               : rc_error_set(ld->err, RC_EIO, ld->lines_path,
                                              "cannot open: %s",
                                              strerror(errno));
    r->pos = 0;
    for (;;) {
        long long offset = r->pos;
        long long n = result_read_line(r, ld->err, ld->lines_path);
        json_t *line;
        json_error_t je;

        if (n <= 0)
            return (int)n;
        lineno++;
        if (n == 1 || r->line[n - 1] != '\n')
            continue;   /* blank, or cut off by a kill: not finished */
        line = scan_call_line(r->line, (size_t)n);
        if (line == NULL)
            line = json_loadb(r->line, (size_t)n, 0, &je);
        if (!json_is_object(line)) {
            json_decref(line);
            return rc_error_at(ld->err, RC_EINPUT, ld->lines_path, (int)lineno,
                               je.column > 0 ? je.column : 1,
                               "not a call line: %s", je.text);
        }
        rc = index_line(ld, line, offset, lineno);
        json_decref(line);
        if (rc)
            return rc;
    }
}
