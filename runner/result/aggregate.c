/*
 * The result model's aggregation (see loader.h): each call's outcome,
 * reason and counters from its line, the per-field tally rows (one
 * example each), and the per-suite and overall counts with the verdict.
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "result/loader.h"
#include "result/tally.h"

/* The row for (suite, field, kind, sev, used, new_field), created when
 * new. NONE on allocation failure. */
static size_t field_row(struct loader *ld, size_t suite, const char *field,
                        const char *kind, enum severity sev, bool used,
                        const char *new_field)
{
    struct result *r = ld->r;
    char *key = NULL;
    size_t row;

    if (asprintf(&key, "%zu\x1f%s\x1f%s\x1f%d\x1f%d\x1f%s", suite, field,
                 kind, sev, used, new_field ? new_field : "") < 0)
        return NONE;
    row = smap_get(&ld->fields, key);
    if (row == NONE) {
        if (RC_GROW(r->fields, ld->fields_cap, r->n_fields, 64) != 0)
            goto done;
        row = r->n_fields;
        memset(&r->fields[row], 0, sizeof r->fields[row]);
        r->fields[row].suite = suite;
        r->fields[row].field = strdup(field);
        r->fields[row].kind = strdup(kind);
        r->fields[row].new_field = new_field ? strdup(new_field) : NULL;
        r->fields[row].severity = sev;
        r->fields[row].used = used;
        r->n_fields++;
        if (!r->fields[row].field || !r->fields[row].kind
            || (new_field && !r->fields[row].new_field)
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
    if (kind && (strcmp(kind, "removed") == 0 || strcmp(kind, "type") == 0
                 || strcmp(kind, "renamed") == 0))
        return SEV_BREAKING;
    if (kind && strcmp(kind, "added") == 0)
        return SEV_ADDITIVE;
    return SEV_CHANGED;
}

/* Adds one tally entry t ({field, kind, severity, used, new_field,
 * occurrences, example}; borrowed) of call ci to the fields; tallies
 * within one call are distinct, so each counts the call once. An unused
 * entry (SPEC section 11) never makes the call fail. */
static int add_tally(struct loader *ld, size_t ci, json_t *t)
{
    struct result_call *c = &ld->r->calls[ci];
    const char *field = jstr(t, "field"), *kind = jstr(t, "kind");
    json_int_t occ = json_integer_value(json_object_get(t, "occurrences"));
    long n = occ ? (long)occ : 1;
    enum severity sev = entry_severity(t);
    bool used = !json_is_false(json_object_get(t, "used"));
    json_t *example = json_object_get(t, "example");
    size_t row = field_row(ld, c->suite, field, kind, sev, used,
                           jstr(t, "new_field"));
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
        if (jstr(t, "field") == NULL || jstr(t, "kind") == NULL)
            continue;
        if ((rc = add_tally(ld, ci, t)) != 0)
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
        rc = call_tally_add_renamed(
            t, jstr(d, "path"), field, jstr(d, "new_path"),
            jstr(d, "new_field") ? jstr(d, "new_field") : jstr(d, "new_path"),
            jstr(d, "kind") ? jstr(d, "kind") : "changed",
            severity_name(entry_severity(d)),
            !json_is_false(json_object_get(d, "used")),
            json_object_get(d, "old"), json_object_get(d, "new"));
    }
    rows = rc ? NULL : call_tally_json(t);
    call_tally_free(t);
    if (rows == NULL)
        return nomem(ld);
    rc = tally_given(ld, ci, rows);
    json_decref(rows);
    return rc;
}

/* Notes env, the environment call c's baseline was recorded on, when it
 * is not the run's. -1 on allocation failure. */
static int note_baseline(struct result *r, struct result_call *c,
                         const char *env)
{
    size_t i = 0;

    c->baseline = 0;
    if (env == NULL || (r->environment && strcmp(env, r->environment) == 0))
        return 0;
    while (i < r->baselines.n && strcmp(r->baselines.v[i], env) != 0)
        i++;
    if (i == r->baselines.n && strvec_push(&r->baselines, env) != 0)
        return -1;
    c->baseline = (int)i + 1;
    return 0;
}

/* Sets a call's outcome, reason and counters from its line. */
int loader_absorb_line(struct loader *ld, size_t ci, json_t *line)
{
    struct result_call *c = &ld->r->calls[ci];
    const char *o = jstr(line, "outcome");
    json_t *diffs = json_object_get(line, "differences");
    json_t *fields = json_object_get(line, "fields");

    if (note_baseline(ld->r, c, jstr(line, "baseline_environment")) != 0)
        return nomem(ld);

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
        free(r->fields[i].new_field);
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
        c->baseline = 0;
    }
    for (size_t i = 0; i < r->n_suites; i++)
        r->suites[i].duration_ms = 0;
    r->summary.retries = 0;
}

/* Pass 2 (only after a call had two lines): reads each indexed call's
 * line once and aggregates. */
int loader_aggregate(struct loader *ld)
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
            rc = loader_absorb_line(ld, ci, line);
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
    c = c ? c : strcmp(x->kind, y->kind);
    return c ? c : strcmp(x->new_field ? x->new_field : "",
                          y->new_field ? y->new_field : "");
}

/* Counts outcomes per suite and overall, and the verdict. Suites are in
 * run.json order, which `run` sorts by name, so sorting fields by suite
 * index sorts them by suite name. */
void result_summarize(struct result *r)
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

enum result_verdict result_verdict(const struct result *r)
{
    if (r->summary.errors > 0)
        return VERDICT_ERROR;
    return r->summary.fail ? VERDICT_FAIL : VERDICT_PASS;
}
