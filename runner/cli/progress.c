/*
 * The progress line of run and record (see progress.h).
 */
#include <stdio.h>
#include <time.h>

#include "cli/progress.h"

static double wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_line_init(struct progress_line *p, const char *label)
{
    p->label = label;
    p->start = wall_now();
    p->last = 0;
}

void progress_line_show(struct progress_line *p, size_t done, size_t total,
                        size_t failing)
{
    double now = wall_now(), rate;

    if (now - p->last < 0.2 && done < total)
        return;
    p->last = now;
    rate = now > p->start ? (double)done / (now - p->start) : 0;
    fprintf(stderr, "\r%s: %zu/%zu calls, %.0f/s, ETA %.0fs, %zu failing   ",
            p->label, done, total, rate,
            rate > 0 && total > done ? (double)(total - done) / rate : 0.0,
            failing);
    if (done >= total)
        fputc('\n', stderr);
}
