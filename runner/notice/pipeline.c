/*
 * From a parsed message to a notice (see notice_int.h): the header fields,
 * the subject filter, the decoded text parts (stage one, on the reading
 * thread), lines, programs and release (stage two), and the two-stage
 * pipeline that runs stage two on a worker thread while an mbox is read.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "notice/mapi.h"
#include "notice/notice_int.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The Date header in UTC ISO-8601, or NULL. */
static char *message_date(GMimeMessage *msg)
{
    GDateTime *dt = g_mime_message_get_date(msg);
    GDateTime *utc;
    gchar *s;
    char *out;

    if (dt == NULL)
        return NULL;
    utc = g_date_time_to_utc(dt);
    if (utc == NULL)
        return NULL;
    s = g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(utc);
    out = dup_or_null(s);
    g_free(s);
    return out;
}

/* The From header as text ("Name <addr>"), or NULL. Caller frees. */
static char *message_from(GMimeMessage *msg)
{
    InternetAddressList *from = g_mime_message_get_from(msg);
    gchar *s;
    char *out;

    if (from == NULL || internet_address_list_length(from) == 0)
        return NULL;
    s = internet_address_list_to_string(from, NULL, FALSE);
    out = dup_or_null(s);
    g_free(s);
    return out;
}

/* One message between the GMime stage and the pattern stage. */
struct job {
    struct notice n;
    struct msgparts parts;
    struct job *next;
};

static void job_free(struct job *j)
{
    if (j == NULL)
        return;
    notice_release(&j->n);
    msgparts_release(&j->parts);
    free(j);
}

/*
 * Stage one, on the reading thread: the subject filter, the header fields
 * and the decoded text parts. *out is NULL when the message is not a
 * notice. Returns 0 or RC_ENOMEM.
 */
static int prepare_job(struct rctx *c, GMimeMessage *msg, const char *source,
                       bool filter, struct job **out)
{
    const char *subject = g_mime_message_get_subject(msg);
    char *from = filter && c->r->o->from ? message_from(msg) : NULL;
    bool keep = !filter || progm_is_notice(c->r->m, subject, from);
    struct job *j;
    int rc = 0;

    *out = NULL;
    free(from);
    notice_flush_pending(c->r, source, c->warnings, keep);
    if (!keep)
        return 0;
    j = calloc(1, sizeof *j);
    if (j == NULL)
        return RC_ENOMEM;
    j->n.source = strdup(source);
    j->n.message_id = dup_or_null(g_mime_message_get_message_id(msg));
    j->n.subject = dup_or_null(subject);
    j->n.date = message_date(msg);
    if (j->n.source == NULL)
        rc = RC_ENOMEM;
    if (rc == 0)
        rc = mime_collect(&j->parts, msg, source, c->warnings);
    if (rc) {
        job_free(j);
        return rc;
    }
    *out = j;
    return 0;
}

/*
 * Stage two, on any thread: lines, programs and release, then the notice
 * joins set (j->n is emptied either way). j and its parts stay for the
 * caller to free. Unknown-code warnings go to warnings.
 */
static int finish_job(struct notice_reader *r, struct notice_set *set,
                      struct job *j, struct strvec *warnings)
{
    struct msgtext t;
    int rc;

    memset(&t, 0, sizeof t);
    rc = msgparts_text(&t, &j->parts);
    if (rc == 0)
        rc = progm_scan(r->m, &j->n, &t, warnings);
    if (rc == 0)
        rc = notice_pack_programs(&j->n);
    msgtext_release(&t);
    if (rc == 0)
        rc = notice_set_add(set, &j->n);
    else
        notice_release(&j->n);
    memset(&j->n, 0, sizeof j->n);
    return rc;
}

static void job_free_all(struct job *j)
{
    for (struct job *next; j; j = next) {
        next = j->next;
        job_free(j);
    }
}

/*
 * The two-stage pipeline of an mbox: the reading thread parses with GMime
 * and queues jobs in batches (at most PIPE_MAX waiting), one worker makes
 * lines and finds programs, in order, so notices keep the mbox's order.
 * The worker alone touches the set until notice_pipe_close has joined it;
 * its warnings are kept apart and appended after those of the reading
 * thread. Finished jobs go back to the reading thread, which frees them:
 * their memory came from its malloc arena, and freeing it from the
 * worker would make the two threads take turns at that arena's lock for
 * every part (measured: most of the run's futex calls).
 */

/* Takes the whole queue at once, so the threads meet once a batch. */
static void *pipe_worker(void *arg)
{
    struct pipe *p = arg;
    struct job *done = NULL, *last = NULL;

    for (;;) {
        struct job *j;
        pthread_mutex_lock(&p->mu);
        if (done) {
            last->next = p->done;
            p->done = done;
            done = NULL;
        }
        while (p->head == NULL && !p->closed)
            pthread_cond_wait(&p->not_empty, &p->mu);
        j = p->head;
        p->head = p->tail = NULL;
        p->count = 0;
        pthread_cond_signal(&p->not_full);
        pthread_mutex_unlock(&p->mu);
        if (j == NULL)
            return NULL;
        done = j;
        for (; j; j = j->next) {
            if (p->rc == 0)
                p->rc = finish_job(p->r, p->set, j, &p->warnings);
            last = j;
        }
    }
}

/* Starts the worker; false when no thread could be made (then the
 * caller works alone). */
bool notice_pipe_open(struct pipe *p, struct notice_reader *r,
                      struct notice_set *set)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    p->set = set;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->not_empty, NULL);
    pthread_cond_init(&p->not_full, NULL);
    if (pthread_create(&p->thread, NULL, pipe_worker, p) == 0)
        return true;
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->not_empty);
    pthread_cond_destroy(&p->not_full);
    return false;
}

/* Hands the batch to the worker, waiting while the queue is full, and
 * frees the jobs it has finished. */
static void pipe_flush(struct pipe *p)
{
    struct job *done;

    if (p->bhead == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    while (p->count >= PIPE_MAX)
        pthread_cond_wait(&p->not_full, &p->mu);
    if (p->tail)
        p->tail->next = p->bhead;
    else
        p->head = p->bhead;
    p->tail = p->btail;
    p->count += p->bcount;
    done = p->done;
    p->done = NULL;
    pthread_cond_signal(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
    p->bhead = p->btail = NULL;
    p->bcount = 0;
    job_free_all(done);
}

static void pipe_push(struct pipe *p, struct job *j)
{
    if (p->btail)
        p->btail->next = j;
    else
        p->bhead = j;
    p->btail = j;
    if (++p->bcount >= PIPE_BATCH)
        pipe_flush(p);
}

/* Lets the worker finish the queue, joins it, hands its warnings over.
 * Returns the worker's status. */
int notice_pipe_close(struct pipe *p, struct strvec *warnings)
{
    pipe_flush(p);
    pthread_mutex_lock(&p->mu);
    p->closed = true;
    pthread_cond_broadcast(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    job_free_all(p->done);
    for (size_t i = 0; i < p->warnings.n; i++) {
        strvec_take(warnings, p->warnings.v[i]);
        p->warnings.v[i] = NULL;
    }
    strvec_release(&p->warnings);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->not_empty);
    pthread_cond_destroy(&p->not_full);
    return p->rc;
}

/* Stage two for j: through the pipeline when one runs, else here. */
static int hand_over(struct rctx *c, struct job *j)
{
    int rc;

    if (c->pipe) {
        pipe_push(c->pipe, j);
        return 0;
    }
    rc = finish_job(c->r, c->set, j, c->warnings);
    job_free(j);
    return rc;
}

/*
 * Turns one parsed message into a notice in set, unless filter is on and
 * its subject or sender does not match; through the pipeline when one
 * runs. Returns 0 or RC_ENOMEM.
 */
int notice_take_message(struct rctx *c, GMimeMessage *msg, const char *source,
                        bool filter)
{
    struct job *j = NULL;
    int rc = prepare_job(c, msg, source, filter, &j);

    if (rc || j == NULL)
        return rc;
    return hand_over(c, j);
}

/*
 * An Outlook .msg (msg.c): the same job as a MIME message makes, from
 * its MAPI properties. With filter, a message whose subject or sender
 * does not match is no notice. Errors: RC_EINPUT when it is no readable
 * compound file, RC_ENOMEM.
 */
int notice_read_msg(struct rctx *c, const char *source, const char *data,
                    size_t len, bool filter)
{
    struct mapi_fields f = {0};
    struct job *j = calloc(1, sizeof *j);
    int rc;

    if (j == NULL)
        return RC_ENOMEM;
    rc = msg_collect(&j->parts, &f, data, len, source, c->warnings, c->err);
    if (rc == 0 && filter && !progm_is_notice(c->r->m, f.subject, f.from)) {
        mapi_fields_release(&f);
        job_free(j);
        return 0;
    }
    if (rc == 0) {
        j->n.source = strdup(source);
        j->n.subject = f.subject;
        j->n.date = f.date;
        j->n.message_id = f.message_id;
        f.subject = f.date = f.message_id = NULL;
        if (j->n.source == NULL)
            rc = RC_ENOMEM;
    }
    mapi_fields_release(&f);
    if (rc) {
        job_free(j);
        return rc;
    }
    return hand_over(c, j);
}

