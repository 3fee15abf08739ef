/*
 * Unit tests of core/workq: every job pushed runs exactly once, on a
 * worker index below the number of workers; the producer never gets more
 * than max_jobs ahead of the workers; a job larger than max_bytes still
 * runs (alone); workq_finish drains the queue before it returns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/workq.h"

#define JOBS 2000

struct tally {
    pthread_mutex_t mu;
    int ran[JOBS];
    int bad_worker;
    int workers;
    long done;
};

struct job {
    int id;
};

static void nap(void)
{
    struct timespec ts = {0, 20000};   /* 20 µs: let the queue fill */

    nanosleep(&ts, NULL);
}

static void run_job(void *ctx, int worker, void *p)
{
    struct tally *t = ctx;
    struct job *j = p;

    if (j->id % 97 == 0)
        nap();
    pthread_mutex_lock(&t->mu);
    t->ran[j->id]++;
    if (worker < 0 || worker >= t->workers)
        t->bad_worker++;
    t->done++;
    pthread_mutex_unlock(&t->mu);
    free(j);
}

static void run_all(int workers, size_t max_jobs, size_t max_bytes,
                    size_t job_bytes)
{
    struct tally *t = calloc(1, sizeof *t);
    struct workq *q = NULL;
    long most_ahead = 0;

    assert_non_null(t);
    pthread_mutex_init(&t->mu, NULL);
    t->workers = workers;
    assert_int_equal(workq_start(&q, workers, max_jobs, max_bytes, run_job,
                                 t), 0);
    for (int i = 0; i < JOBS; i++) {
        struct job *j = malloc(sizeof *j);
        long ahead;

        assert_non_null(j);
        j->id = i;
        workq_push(q, j, job_bytes);
        pthread_mutex_lock(&t->mu);
        ahead = (long)i + 1 - t->done;
        pthread_mutex_unlock(&t->mu);
        if (ahead > most_ahead)
            most_ahead = ahead;
    }
    workq_finish(q);
    assert_int_equal(t->done, JOBS);
    for (int i = 0; i < JOBS; i++)
        assert_int_equal(t->ran[i], 1);
    assert_int_equal(t->bad_worker, 0);
    /* queued (max_jobs, or one when a job is past the byte bound) plus
     * one in the hands of each worker, at most */
    assert_true(most_ahead <= (long)(job_bytes > max_bytes ? 1 : max_jobs)
                + workers);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static void test_one_worker(void **state)
{
    (void)state;
    run_all(1, 8, 1 << 20, 100);
}

static void test_two_workers(void **state)
{
    (void)state;
    run_all(2, 4, 1 << 20, 100);
}

/* Jobs larger than the byte bound run one at a time, never stuck. */
static void test_byte_bound(void **state)
{
    (void)state;
    run_all(2, 64, 1000, 5000);
}

static void test_finish_null(void **state)
{
    (void)state;
    workq_finish(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_worker),
        cmocka_unit_test(test_two_workers),
        cmocka_unit_test(test_byte_bound),
        cmocka_unit_test(test_finish_null),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
