/*
 * The result model of a run (SPEC section 7, result.json format 2), built
 * from a run folder: run.json (written by `run` before the first request)
 * and calls.jsonl (one line per finished call). The model keeps an index,
 * not the calls: per call its place in calls.jsonl and a few counters; per
 * (suite, field, kind, severity) counters and one example. A call's full
 * entry (differences, request) is read back from calls.jsonl on demand with
 * result_call_entry, so memory stays flat however many calls a run has.
 * Every report (runner/report/) is a pure function of this model.
 *
 * Ownership: struct result owns every string, JSON reference and the open
 * calls.jsonl stream it holds; result_release frees them all. Values
 * returned by accessors are borrowed unless a comment says otherwise.
 */
#ifndef RC_RESULT_H
#define RC_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/error.h"
#include "core/severity.h"
#include "core/strvec.h"

/* result.json's "format": 2 since `uses` (SPEC section 11) gave rows a
 * "used" member and made the verdict count used rows only; 3 since the
 * kinds "renamed" (with "new_path" and "new_field") and "reordered"
 * (SPEC section 6) stand for what were removed + added rows and one row
 * per position. Run folders of older runs read as they are. */
#define RESULT_FORMAT 3
/* run.json's "format" (unchanged: run folders of format-1 result.json
 * read as they are, every difference used). */
#define RUN_FORMAT 1

/* Severities (core/severity.h), most serious first, are the order of
 * `fields`. */

/* Outcomes; OUT_NOT_RUN is a call of run.json without a calls.jsonl line
 * (written to result.json as "skipped" with reason "not run"). */
enum outcome { OUT_SAME, OUT_CHANGED, OUT_ERROR, OUT_SKIPPED, OUT_NOT_RUN };

struct result_call {
    size_t suite;          /* index into result.suites */
    char *id, *method, *path;
    enum outcome outcome;
    char *reason;          /* error/skipped reason, or NULL */
    long long offset;      /* of its line in calls.jsonl; -1 = not run */
    long differences;      /* kept + truncated, noise included */
    long counted;          /* used differences at or above fail_on */
    int worst;             /* most serious used non-noise severity, or
                              SEV_NOISE */
    int baseline;          /* 1 + index into result.baselines of the
                              environment its baseline was recorded on,
                              when not the run's; 0: the run's (or none) */
};

struct result_suite {
    char *name;
    json_t *programs, *because;   /* arrays of strings */
    size_t first, n;              /* its calls: calls[first .. first+n) */
    long same, changed, errors, skipped, not_run, failures;
    long long duration_ms;
};

struct result_field {
    size_t suite;
    char *field;
    char *kind;
    char *new_field;       /* a rename's new path folded, else NULL */
    enum severity severity;
    bool used;             /* false: "used": false (SPEC section 11) */
    long calls, occurrences;
    json_t *example;       /* {"path","old","new"}, renames "new_path" */
};

struct result_summary {
    long suites, calls, same, changed, errors, skipped, not_run, retries;
    long fields[SEV_N];    /* used rows of `fields` per severity (noise:
                              every noise row) */
    long unused;           /* non-noise rows not used */
    long long differences; /* every difference, noise included */
    bool fail;             /* the verdict */
};

struct result {
    char *dir;             /* the run folder */
    json_t *run;           /* run.json as read, without "suites" (owned) */
    const char *id, *environment, *started_at, *shard;  /* from run */
    char *finished_at;
    enum severity fail_on; /* SEV_NOISE stands for "any" */
    bool complete;
    long long calls_sent;
    struct result_suite *suites;
    size_t n_suites;
    struct result_call *calls;
    size_t n_calls;
    struct result_field *fields;  /* sorted: used first, then severity,
                                     suite, field, kind */
    size_t n_fields;
    struct result_summary summary;
    struct strvec baselines;  /* environments other than the run's that
                                 baselines were recorded on (a line's
                                 "baseline_environment"), first seen first */
    json_t *approvals;     /* history lines of this run's release (owned;
                              NULL: not loaded; result/approvals.h) */
    FILE *lines;           /* calls.jsonl, open for result_call_entry */
    long long pos;         /* lines' offset, kept here: ftello and fseeko
                              cost a system call each */
    char *line;            /* getline buffer */
    size_t line_cap;
};

struct result_load_opts {
    const char *finished_at;  /* NULL: calls.jsonl's modification time */
    bool interrupted;         /* the run stopped early: complete is false */
    const char *history;      /* approve's history file: report_build shows
                                 its lines for this run's release (NULL:
                                 none) */
};

/* The verdict of a loaded result (cli/ maps it to an exit status). */
enum result_verdict {
    VERDICT_PASS,    /* nothing at or above fail_on, no error */
    VERDICT_FAIL,    /* differences at or above fail_on, or incomplete */
    VERDICT_ERROR    /* a call ended in error */
};

/* "same", "changed", "error", "skipped" (OUT_NOT_RUN: "skipped"). */
const char *outcome_name(enum outcome o);

/*
 * Loads the run folder dir into r: reads run.json, indexes calls.jsonl
 * (a later line for the same call replaces an earlier one), aggregates
 * fields and the summary. opts may be NULL. A malformed calls.jsonl line
 * is an RC_EINPUT naming file:line; a line for a call run.json does not
 * list is a warning. On failure r is released.
 */
int result_load(struct result *r, const char *dir,
                const struct result_load_opts *opts,
                struct strvec *warnings, struct rc_error *err);

void result_release(struct result *r);

/*
 * The entry of call i as it goes into result.json (new reference, the
 * caller's): read back from calls.jsonl without "suite" and "fields", or
 * made up for a call that was not run.
 */
int result_call_entry(json_t **out, struct result *r, size_t i,
                      struct rc_error *err);

/*
 * Call i's calls.jsonl line as it is, "suite" and "fields" included (new
 * reference, the caller's). RC_ENOTFOUND for a call that was not run.
 */
int result_call_line(json_t **out, struct result *r, size_t i,
                     struct rc_error *err);

/* Passed, failed or in error: what the summary says. */
enum result_verdict result_verdict(const struct result *r);

#endif
