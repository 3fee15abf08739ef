/*
 * The bounded work queue (see workq.h): a FIFO ring of jobs under one
 * mutex, with one condition for "a job is there" (workers wait on it) and
 * one for "there is room" (the producer waits on it).
 */
#include "core/workq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/error.h"

struct slot {
    void *job;
    size_t bytes;
};

struct workq {
    pthread_mutex_t mu;
    pthread_cond_t have_job, have_room;
    struct slot *ring;
    size_t cap, head, n;     /* ring of cap slots, n queued from head */
    size_t bytes, max_bytes;
    bool closing;
    workq_fn fn;
    void *ctx;
    pthread_t *threads;
    int workers, started;
};

struct worker_arg {
    struct workq *q;
    int index;
};

static void *worker_main(void *p)
{
    struct worker_arg *a = p;
    struct workq *q = a->q;
    int index = a->index;

    free(a);
    pthread_mutex_lock(&q->mu);
    for (;;) {
        struct slot s;

        while (q->n == 0 && !q->closing)
            pthread_cond_wait(&q->have_job, &q->mu);
        if (q->n == 0)
            break;                       /* closing and drained */
        s = q->ring[q->head];
        q->head = (q->head + 1) % q->cap;
        q->n--;
        q->bytes -= s.bytes;
        pthread_cond_signal(&q->have_room);
        pthread_mutex_unlock(&q->mu);
        q->fn(q->ctx, index, s.job);
        pthread_mutex_lock(&q->mu);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Stops and joins the workers that were started, frees q. */
static void stop_all(struct workq *q)
{
    pthread_mutex_lock(&q->mu);
    q->closing = true;
    pthread_cond_broadcast(&q->have_job);
    pthread_mutex_unlock(&q->mu);
    for (int i = 0; i < q->started; i++)
        pthread_join(q->threads[i], NULL);
    pthread_cond_destroy(&q->have_job);
    pthread_cond_destroy(&q->have_room);
    pthread_mutex_destroy(&q->mu);
    free(q->threads);
    free(q->ring);
    free(q);
}

int workq_start(struct workq **out, int workers, size_t max_jobs,
                size_t max_bytes, workq_fn fn, void *ctx)
{
    struct workq *q = calloc(1, sizeof *q);

    *out = NULL;
    if (q == NULL)
        return RC_ENOMEM;
    q->cap = max_jobs ? max_jobs : 1;
    q->max_bytes = max_bytes;
    q->fn = fn;
    q->ctx = ctx;
    q->workers = workers < 1 ? 1 : workers;
    q->ring = calloc(q->cap, sizeof *q->ring);
    q->threads = calloc((size_t)q->workers, sizeof *q->threads);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->have_job, NULL);
    pthread_cond_init(&q->have_room, NULL);
    if (q->ring == NULL || q->threads == NULL) {
        stop_all(q);
        return RC_ENOMEM;
    }
    for (; q->started < q->workers; q->started++) {
        struct worker_arg *a = malloc(sizeof *a);

        if (a == NULL)
            break;
        a->q = q;
        a->index = q->started;
        if (pthread_create(&q->threads[q->started], NULL, worker_main,
                           a) != 0) {
            free(a);
            break;
        }
    }
    if (q->started < q->workers) {
        stop_all(q);
        return RC_ENOMEM;
    }
    *out = q;
    return 0;
}

void workq_push(struct workq *q, void *job, size_t bytes)
{
    pthread_mutex_lock(&q->mu);
    while (q->n == q->cap
           || (q->n > 0 && q->bytes + bytes > q->max_bytes))
        pthread_cond_wait(&q->have_room, &q->mu);
    q->ring[(q->head + q->n) % q->cap] = (struct slot){job, bytes};
    q->n++;
    q->bytes += bytes;
    pthread_cond_signal(&q->have_job);
    pthread_mutex_unlock(&q->mu);
}

void workq_finish(struct workq *q)
{
    if (q)
        stop_all(q);
}
