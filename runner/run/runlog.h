/*
 * The run folder on disk while a run is going on: its creation, run.json
 * (written atomically before the first request, updated at the end), and
 * calls.jsonl, to which each finished call is appended as one whole line
 * with a single write(2), so that a killed run keeps every call it
 * finished. struct runlog owns its descriptor and path.
 */
#ifndef RC_RUNLOG_H
#define RC_RUNLOG_H

#include <jansson.h>

#include "config/config.h"

#include "core/error.h"
#include "core/strvec.h"

struct runlog {
    int fd;          /* calls.jsonl, opened for appending; -1 when closed */
    char *path;
};

/*
 * Picks and creates the run folder: out when given (created if missing;
 * RC_EUSAGE when it is empty text, lies in or below cfg's suites or
 * fixtures folder, or is an existing folder that is not empty), else
 * reports_dir/YYYYMMDD-HHMMSS-ENV (UTC; "-2", "-3"... appended when a run
 * of the same second has that folder). *dir is absolute, the caller's.
 */
int runlog_make_dir(char **dir, const char *out, const struct config *cfg,
                    const char *env, struct rc_error *err);

/* Reads DIR/run.json (new reference in *out). */
int runlog_read_run(json_t **out, const char *dir, struct rc_error *err);

/* Writes DIR/run.json atomically (run is borrowed). */
int runlog_write_run(const char *dir, const json_t *run,
                     struct rc_error *err);

/* Opens DIR/calls.jsonl for appending (created when missing). */
int runlog_open(struct runlog *log, const char *dir, struct rc_error *err);

/* Appends line (borrowed) as one compact JSON line, in one write. */
int runlog_append(struct runlog *log, const json_t *line,
                  struct rc_error *err);

void runlog_close(struct runlog *log);

/*
 * Collects "SUITE/CALL" of every call that has an outcome in
 * DIR/calls.jsonl into done (sorted, unique). A torn last line (a kill in
 * the middle of a write) is skipped with a warning; a missing file is an
 * empty set.
 */
int runlog_done(struct strvec *done, const char *dir,
                struct strvec *warnings, struct rc_error *err);

#endif
