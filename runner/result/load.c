/*
 * Building the result model from a run folder (see result.h): run.json
 * gives the suites and calls in order; calls.jsonl is read twice, once to
 * index each call's last line and sum calls_sent, once to aggregate the
 * outcome counters and the fields. Only counters and one example per field
 * stay in memory.
 */
#include "result/result.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/fsutil.h"
#include "core/json.h"
#include "result/scan.h"
#include "result/smap.h"
#include "result/tally.h"

#define NONE ((size_t)-1)
#define MAX_LINE ((size_t)256 << 20)

struct loader {
    struct result *r;
    const char *lines_path;
    struct smap calls;      /* "suite\x1fid" -> call index */
    struct smap fields;     /* "suite\x1ffield\x1fkind\x1fseverity\x1fused"
                               -> row */
    size_t fields_cap;
    bool again;             /* a call had two lines: aggregate once more */
    struct strvec *warnings;
    struct rc_error *err;
};

static int absorb_line(struct loader *ld, size_t ci, json_t *line);

static const char *const sev_names[SEV_N] = {
    "breaking", "changed", "additive", "noise"};

const char *severity_name(enum severity s)
{
    return s < SEV_N ? sev_names[s] : "noise";
}

int severity_parse(const char *name)
{
    for (int i = 0; name && i < SEV_N; i++)
        if (strcmp(name, sev_names[i]) == 0)
            return i;
    return -1;
}

const char *outcome_name(enum outcome o)
{
    static const char *const names[] = {"same", "changed", "error",
                                        "skipped", "skipped"};
    return names[o];
}

const char *fail_on_name(enum severity s)
{
    return s == SEV_NOISE ? "any" : severity_name(s);
}

/* A string member, or NULL when absent or not a string (borrowed). */
static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static char *dupstr(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int nomem(struct loader *ld)
{
    return rc_error_set(ld->err, RC_ENOMEM, ld->r->dir, "out of memory");
}

static char *call_key(const char *suite, const char *id)
{
    char *key = NULL;

    if (asprintf(&key, "%s\x1f%s", suite, id) < 0)
        return NULL;
    return key;
}

/* Fills r->fail_on from run.json's "fail_on" (default changed). */
static int read_fail_on(struct loader *ld, const char *path)
{
    const char *f = jstr(ld->r->run, "fail_on");

    ld->r->fail_on = SEV_CHANGED;
    if (f == NULL)
        return 0;
    if (strcmp(f, "any") == 0)
        ld->r->fail_on = SEV_NOISE;
    else if (severity_parse(f) >= 0 && severity_parse(f) < SEV_NOISE)
        ld->r->fail_on = (enum severity)severity_parse(f);
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
static int load_run_json(struct loader *ld)
{
    struct result *r = ld->r;
    char *path = fs_join(r->dir, "run.json");
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
static long long read_line(struct result *r, struct rc_error *err,
                           const char *path)
{
    ssize_t n = getline(&r->line, &r->line_cap, r->lines);

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
    return ld->again ? 0 : absorb_line(ld, ci, line);
}

/* Pass 1: indexes every line of calls.jsonl. A missing file means no call
 * has finished yet. */
static int index_lines(struct loader *ld)
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
    for (;;) {
        long long offset = ftello(r->lines);
        long long n = read_line(r, ld->err, ld->lines_path);
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

/* The row for (suite, field, kind, sev, used), created when new. NONE on
 * allocation failure. */
static size_t field_row(struct loader *ld, size_t suite, const char *field,
                        const char *kind, enum severity sev, bool used)
{
    struct result *r = ld->r;
    char *key = NULL;
    size_t row;

    if (asprintf(&key, "%zu\x1f%s\x1f%s\x1f%d\x1f%d", suite, field, kind,
                 sev, used) < 0)
        return NONE;
    row = smap_get(&ld->fields, key);
    if (row == NONE) {
        if (r->n_fields == ld->fields_cap) {
            size_t cap = ld->fields_cap ? ld->fields_cap * 2 : 64;
            void *p = realloc(r->fields, cap * sizeof *r->fields);
            if (p == NULL)
                goto done;
            r->fields = p;
            ld->fields_cap = cap;
        }
        row = r->n_fields;
        memset(&r->fields[row], 0, sizeof r->fields[row]);
        r->fields[row].suite = suite;
        r->fields[row].field = strdup(field);
        r->fields[row].kind = strdup(kind);
        r->fields[row].severity = sev;
        r->fields[row].used = used;
        r->n_fields++;
        if (!r->fields[row].field || !r->fields[row].kind
            || smap_put(&ld->fields, key, row) < 0)
            row = NONE;
    }
done:
    free(key);
    return row;
}

/* The severity of a difference or tally entry: its "severity", else the
 * one its kind implies (SPEC section 6). */
static enum severity entry_severity(const json_t *d)
{
    int s = severity_parse(jstr(d, "severity"));
    const char *kind = jstr(d, "kind");

    if (s >= 0)
        return (enum severity)s;
    if (kind && (strcmp(kind, "removed") == 0 || strcmp(kind, "type") == 0))
        return SEV_BREAKING;
    if (kind && strcmp(kind, "added") == 0)
        return SEV_ADDITIVE;
    return SEV_CHANGED;
}

/* Adds one tally entry (field, kind, sev, used, n occurrences, example)
 * of call ci to the fields; tallies within one call are distinct, so each
 * counts the call once. An unused entry (SPEC section 11) never makes the
 * call fail. */
static int add_tally(struct loader *ld, size_t ci, const char *field,
                     const char *kind, enum severity sev, bool used, long n,
                     json_t *example)
{
    struct result_call *c = &ld->r->calls[ci];
    size_t row = field_row(ld, c->suite, field, kind, sev, used);
    struct result_field *f;

    if (row == NONE)
        return nomem(ld);
    f = &ld->r->fields[row];
    f->calls++;
    f->occurrences += n;
    if (f->example == NULL && example)
        f->example = json_incref(example);
    if (!used)
        return 0;
    if (sev != SEV_NOISE && (int)sev < c->worst)
        c->worst = (int)sev;
    if (sev <= ld->r->fail_on && sev != SEV_NOISE)
        c->counted += n;
    return 0;
}

/* Tallies a call from its "fields" member (covers every difference,
 * also those past the cap). */
static int tally_given(struct loader *ld, size_t ci, const json_t *fields)
{
    size_t i;
    json_t *t;
    int rc = 0;

    json_array_foreach(fields, i, t) {
        const char *field = jstr(t, "field"), *kind = jstr(t, "kind");
        json_int_t n = json_integer_value(json_object_get(t, "occurrences"));

        if (field == NULL || kind == NULL)
            continue;
        rc = add_tally(ld, ci, field, kind, entry_severity(t),
                       !json_is_false(json_object_get(t, "used")), n ? n : 1,
                       json_object_get(t, "example"));
        if (rc)
            break;
    }
    return rc;
}

/* Tallies a call from its kept differences (no "fields" member): folds
 * them with a call tally first, so each row counts the call once. */
static int tally_derived(struct loader *ld, size_t ci, const json_t *diffs)
{
    struct call_tally *t = call_tally_new();
    json_t *rows = NULL, *d;
    size_t i;
    int rc = t ? 0 : RC_ENOMEM;

    json_array_foreach(diffs, i, d) {
        const char *field = jstr(d, "field") ? jstr(d, "field")
                                             : jstr(d, "path");
        if (rc || field == NULL)
            continue;
        rc = call_tally_add(t, jstr(d, "path"), field,
                            jstr(d, "kind") ? jstr(d, "kind") : "changed",
                            severity_name(entry_severity(d)),
                            json_object_get(d, "old"),
                            json_object_get(d, "new"));
    }
    rows = rc ? NULL : call_tally_json(t);
    call_tally_free(t);
    if (rows == NULL)
        return nomem(ld);
    rc = tally_given(ld, ci, rows);
    json_decref(rows);
    return rc;
}

/* Sets a call's outcome, reason and counters from its line. */
static int absorb_line(struct loader *ld, size_t ci, json_t *line)
{
    struct result_call *c = &ld->r->calls[ci];
    const char *o = jstr(line, "outcome");
    json_t *diffs = json_object_get(line, "differences");
    json_t *fields = json_object_get(line, "fields");

    c->outcome = o == NULL                       ? OUT_ERROR
                 : strcmp(o, "same") == 0        ? OUT_SAME
                 : strcmp(o, "changed") == 0     ? OUT_CHANGED
                 : strcmp(o, "skipped") == 0     ? OUT_SKIPPED
                                                 : OUT_ERROR;
    free(c->reason);
    c->reason = dupstr(jstr(line, "reason"));
    if (c->outcome == OUT_ERROR && c->reason == NULL)
        c->reason = strdup(o ? "error" : "no outcome in calls.jsonl");
    /* a scanned line has "_kept" instead of its differences (scan.h) */
    c->differences = json_is_array(diffs)
                         ? (long)json_array_size(diffs)
                         : (long)json_integer_value(json_object_get(line,
                                                                    "_kept"));
    c->differences += (long)json_integer_value(json_object_get(line,
                                                               "truncated"));
    ld->r->summary.retries +=
        (long)json_integer_value(json_object_get(line, "retries"));
    ld->r->suites[c->suite].duration_ms +=
        json_integer_value(json_object_get(line, "duration_ms"));
    if (json_is_array(fields))
        return tally_given(ld, ci, fields);
    return tally_derived(ld, ci, diffs);
}

/* Forgets what pass 1 aggregated (before pass 2 starts over). */
static void reset_aggregation(struct loader *ld)
{
    struct result *r = ld->r;

    for (size_t i = 0; i < r->n_fields; i++) {
        free(r->fields[i].field);
        free(r->fields[i].kind);
        json_decref(r->fields[i].example);
    }
    r->n_fields = 0;
    smap_release(&ld->fields);
    for (size_t i = 0; i < r->n_calls; i++) {
        struct result_call *c = &r->calls[i];
        free(c->reason);
        c->reason = NULL;
        c->outcome = OUT_NOT_RUN;
        c->differences = c->counted = 0;
        c->worst = SEV_NOISE;
    }
    for (size_t i = 0; i < r->n_suites; i++)
        r->suites[i].duration_ms = 0;
    r->summary.retries = 0;
}

/* Pass 2 (only after a call had two lines): reads each indexed call's
 * line once and aggregates. */
static int aggregate(struct loader *ld)
{
    struct result *r = ld->r;

    if (!ld->again)
        return 0;
    reset_aggregation(ld);
    for (size_t ci = 0; ci < r->n_calls; ci++) {
        json_t *line = NULL;
        int rc;

        if (r->calls[ci].offset < 0)
            continue;
        rc = result_call_line(&line, r, ci, ld->err);
        if (rc == 0)
            rc = absorb_line(ld, ci, line);
        json_decref(line);
        if (rc)
            return rc;
    }
    return 0;
}

static int field_cmp(const void *a, const void *b)
{
    const struct result_field *x = a, *y = b;
    int c;

    if (x->used != y->used)
        return x->used ? -1 : 1;
    if (x->severity != y->severity)
        return (int)x->severity - (int)y->severity;
    if (x->suite != y->suite)
        return x->suite < y->suite ? -1 : 1;
    c = strcmp(x->field, y->field);
    return c ? c : strcmp(x->kind, y->kind);
}

/* Counts outcomes per suite and overall, and the verdict. Suites are in
 * run.json order, which `run` sorts by name, so sorting fields by suite
 * index sorts them by suite name. */
static void summarize(struct result *r)
{
    struct result_summary *s = &r->summary;

    s->suites = (long)r->n_suites;
    s->calls = (long)r->n_calls;
    for (size_t i = 0; i < r->n_calls; i++) {
        struct result_call *c = &r->calls[i];
        struct result_suite *rs = &r->suites[c->suite];
        long *counts[] = {&rs->same, &rs->changed, &rs->errors, &rs->skipped,
                          &rs->not_run};
        long *totals[] = {&s->same, &s->changed, &s->errors, &s->skipped,
                          &s->not_run};

        (*counts[c->outcome])++;
        (*totals[c->outcome])++;
        if (c->counted > 0)
            rs->failures++;
        s->differences += c->differences;
    }
    if (r->n_fields)
        qsort(r->fields, r->n_fields, sizeof *r->fields, field_cmp);
    for (size_t i = 0; i < r->n_fields; i++) {
        const struct result_field *f = &r->fields[i];
        if (f->severity != SEV_NOISE && !f->used) {
            s->unused++;
            continue;
        }
        s->fields[f->severity]++;
        if (f->severity != SEV_NOISE && f->severity <= r->fail_on)
            s->fail = true;
    }
    if (s->errors > 0 || !r->complete)
        s->fail = true;
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
                              const struct result_build_opts *o)
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
                const struct result_build_opts *opts,
                struct strvec *warnings, struct rc_error *err)
{
    struct loader ld = {r, NULL, {0}, {0}, 0, false, warnings, err};
    char *lines_path = NULL;
    int rc;

    memset(r, 0, sizeof *r);
    smap_init(&ld.calls);
    smap_init(&ld.fields);
    r->dir = strdup(dir);
    lines_path = fs_join(dir, "calls.jsonl");
    ld.lines_path = lines_path;
    if (r->dir == NULL || lines_path == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        goto done;
    }
    if (!fs_is_dir(dir)) {
        rc = rc_error_set(err, RC_EINPUT, dir, "not a run folder");
        goto done;
    }
    rc = load_run_json(&ld);
    if (rc == 0)
        rc = index_lines(&ld);
    if (rc == 0)
        rc = aggregate(&ld);
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
    summarize(r);
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
        json_decref(r->fields[i].example);
    }
    free(r->suites);
    free(r->calls);
    free(r->fields);
    if (r->lines)
        fclose(r->lines);
    free(r->line);
    json_decref(r->run);
    free(r->finished_at);
    free(r->dir);
    memset(r, 0, sizeof *r);
}

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
    if (fseeko(r->lines, c->offset, SEEK_SET) != 0)
        return rc_error_set(err, RC_EIO, r->dir, "cannot seek in calls.jsonl");
    n = read_line(r, err, "calls.jsonl");
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
