/*
 * The one progress line of the replaying commands (`run`, `record`) on
 * stderr, meant for a terminal: "LABEL: done/total calls, rate/s, ETA,
 * failing so far", redrawn in place at most five times a second and
 * ended with a newline when the last call is done.
 */
#ifndef RC_CLI_PROGRESS_H
#define RC_CLI_PROGRESS_H

#include <stddef.h>

struct progress_line {
    const char *label;     /* "run", "record" */
    double start, last;    /* monotonic seconds */
};

/* Starts the clock of a line labelled label (a literal). */
void progress_line_init(struct progress_line *p, const char *label);

/* Redraws the line (throttled, except for the last call). */
void progress_line_show(struct progress_line *p, size_t done, size_t total,
                        size_t failing);

#endif
