/*
 * A bounded work queue served by a fixed number of worker threads: the
 * producer hands over jobs and waits while the queue is full, so memory
 * stays flat however fast jobs come; each worker takes the oldest job and
 * runs the queue's function on it. `run` uses it to judge calls off the
 * thread that drives libcurl (the curl loop only moves bytes).
 *
 * Ownership: a job pointer pushed is the function's from then on (it
 * frees it). struct workq is created by workq_start and freed by
 * workq_finish. Only one thread pushes.
 */
#ifndef RC_WORKQ_H
#define RC_WORKQ_H

#include <stddef.h>

struct workq;

/* Runs one job on worker number worker (0-based); frees the job. */
typedef void (*workq_fn)(void *ctx, int worker, void *job);

/*
 * Starts workers threads (>= 1). The queue holds at most max_jobs jobs
 * and, beyond its first job, at most max_bytes of them (the sizes given to
 * workq_push), whichever comes first. Returns 0, or RC_ENOMEM when memory
 * or a thread could not be had (nothing is left running then).
 */
int workq_start(struct workq **out, int workers, size_t max_jobs,
                size_t max_bytes, workq_fn fn, void *ctx);

/* Queues job (taken; bytes: its size), waiting while the queue is full. */
void workq_push(struct workq *q, void *job, size_t bytes);

/* Waits until every job pushed has run, stops the workers and frees q.
 * Accepts NULL. */
void workq_finish(struct workq *q);

#endif
