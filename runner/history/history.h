/*
 * The acceptance record (SPEC section 12): the history file (history.jsonl,
 * one line per approved call, written by `approve`) and the record per
 * release that `relcheck history` prints, gathered from that file and the
 * run folders under reports/.
 *
 * A run's release is result_run_release's (result/approvals.h); a run
 * chosen with --suite or --all has none and is listed under "no release". A release is `accepted` when its
 * last complete run passed, `open` otherwise.
 *
 * Ownership: struct history owns everything it points to; history_release
 * frees it. JSON values handed in are borrowed unless a comment says
 * otherwise.
 */
#ifndef RC_HISTORY_H
#define RC_HISTORY_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"

#define HISTORY_FORMAT 1

/* Who approves, why, when: the stamp on every line one approve writes. */
struct history_stamp {
    const char *at;        /* ISO-8601 UTC */
    const char *by;
    const char *reason;    /* NULL: none given */
};

/*
 * Appends one line to the history file at path: {"at","by","run",
 * "release","environment","suite","call","fields","action","reason"},
 * run being the run folder's id, release NULL when the run had none.
 * One write(2) on an O_APPEND descriptor under an exclusive lock, after
 * ending a torn last line, then fsync: the line is there whole or not at
 * all. The file is created (0644) with its folder; a symlink is refused.
 */
int history_append(const char *path, const struct history_stamp *stamp,
                   const json_t *run, const char *suite, const char *call,
                   const json_t *fields, const char *action,
                   struct rc_error *err);

/* The name approve records when --by is not given: git's user.name in
 * dir when git is installed and has one, else the login name (new
 * string, the caller's). */
char *history_default_by(const char *dir);

/* One run folder, as the record shows it. */
struct history_run {
    char *id, *dir, *started_at, *environment, *release;
    bool complete, pass;
    long calls;
    long long calls_sent;
    struct strvec fields;  /* fields that changed (noise excluded), sorted */
};

/* One release: its runs newest first, its approvals in file order. */
struct history_release {
    char *release;         /* NULL: "no release" */
    struct history_run *runs;
    size_t n_runs, cap_runs;
    json_t *approvals;     /* array of history lines (owned) */
    struct strvec fields;  /* union of its runs' fields, sorted */
    bool accepted;
};

struct history {
    struct history_release *releases;  /* newest release first, none last */
    size_t n_releases, cap_releases;
    long runs, approvals;
    char *only;            /* the --release filter, or NULL */
};

/*
 * Gathers the record: every run folder directly under reports_dir (a
 * folder with run.json), loaded one at a time through the result model
 * and kept as a struct history_run, and every line of the history file
 * (absent: no approvals). only_release, when not NULL, keeps that release
 * alone ("none" for the runs without one). A run folder that cannot be
 * read and a history line that is not an object are warnings. Fails only
 * when reports_dir or the history file cannot be read at all.
 */
int history_gather(struct history *h, const char *reports_dir,
                   const char *history_path, const char *only_release,
                   struct strvec *warnings, struct rc_error *err);

void history_free(struct history *h);

/* The record as JSON (new reference; format in docs/formats.md). */
json_t *history_json(const struct history *h);

/* Text for a terminal (fits 100 columns), Markdown for a ticket. */
void history_text(FILE *fp, const struct history *h);
void history_markdown(FILE *fp, const struct history *h);

/* The self-contained HTML page with its SVG chart. */
void history_html(FILE *fp, const struct history *h);

#endif
