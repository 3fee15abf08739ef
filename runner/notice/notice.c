/*
 * Reading notice sources (see notice.h): which kind of source a name is,
 * GMime's parser over files, mbox files, maildir folders, standard input
 * and IMAP messages, the subject filter, and the notice set with its JSON
 * form. The MIME walk is in mime.c, the patterns in programs.c, IMAP in
 * imap.c. struct notice_reader owns the compiled patterns and borrows its
 * options.
 */
#include "notice/notice.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "core/fsutil.h"
#include "notice/mapi.h"
#include "notice/notice_int.h"

struct notice_reader {
    const struct notice_opts *o;
    struct progm *m;
    struct strvec pending;   /* GMime's complaints about the current message */
};

struct pipe;

/* What reading one source needs in its callbacks. */
struct rctx {
    struct notice_reader *r;
    struct notice_set *set;
    struct strvec *warnings;
    struct rc_error *err;
    struct pipe *pipe;        /* NULL: stage two runs inline */
};

void notice_opts_from_config(struct notice_opts *o, const struct config *cfg,
                             const struct catalog *cat)
{
    memset(o, 0, sizeof *o);
    if (cfg) {
        o->subject = cfg->notice.subject;
        o->from = cfg->notice.from;
        o->patterns = &cfg->notice.patterns;
        o->release_pattern = cfg->notice.release_pattern;
    }
    o->catalog = cat;
}

int notice_check_user(const char *user, struct strvec *warnings)
{
    const char *pw = user ? strchr(user, ':') : NULL;

    if (pw == NULL || pw[1] == '\0' || strstr(pw, "${env:"))
        return 0;
    return strvec_push(warnings, "--user: password given literally on the "
                       "command line, where other users can see it; use "
                       "${env:NAME}");
}

int notice_reader_new(struct notice_reader **out, const struct notice_opts *o,
                      struct rc_error *err)
{
    struct notice_reader *r = calloc(1, sizeof *r);
    int rc;

    *out = NULL;
    if (r == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    r->o = o;
    rc = progm_new(&r->m, o, err);
    if (rc) {
        free(r);
        return rc;
    }
    mime_init();
    xmlInitParser();   /* before any thread uses libxml2 */
    *out = r;
    return 0;
}

void notice_reader_free(struct notice_reader *r)
{
    if (r == NULL)
        return;
    progm_free(r->m);
    strvec_release(&r->pending);
    free(r);
}

static void notice_release(struct notice *n)
{
    free(n->source);
    free(n->message_id);
    free(n->subject);
    free(n->date);
    free(n->release);
    for (size_t i = 0; i < n->n_programs; i++) {
        free(n->programs[i].code);
        free(n->programs[i].name);
    }
    free(n->programs);
    memset(n, 0, sizeof *n);
}

void notice_set_release(struct notice_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        notice_release(&set->v[i]);
    free(set->v);
    memset(set, 0, sizeof *set);
}

/* Appends n to set, taking its contents (released on failure). */
static int set_add(struct notice_set *set, struct notice *n)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        struct notice *v = realloc(set->v, cap * sizeof *v);
        if (v == NULL) {
            notice_release(n);
            return RC_ENOMEM;
        }
        set->v = v;
        set->cap = cap;
    }
    set->v[set->n++] = *n;
    return 0;
}

/* GMime's parser warnings worth telling the user about. */
static void on_gmime_warning(gint64 offset, GMimeParserWarning code,
                             const gchar *item, gpointer data)
{
    struct notice_reader *r = data;
    const char *what = NULL;

    (void)offset;
    (void)item;
    switch (code) {
    case GMIME_WARN_TRUNCATED_MESSAGE:
        what = "message is truncated";
        break;
    case GMIME_WARN_MALFORMED_MESSAGE:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        what = "message is malformed";
        break;
    case GMIME_WARN_MALFORMED_MULTIPART:
        what = "multipart without parts";
        break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        what = "multipart without a boundary";
        break;
    case GMIME_CRIT_NESTING_OVERFLOW:
        what = "parts nested too deeply";
        break;
    default:
        return;
    }
    if (!strvec_contains(&r->pending, what))
        strvec_push(&r->pending, what);
}

/* Moves the pending parser warnings to warnings, naming source. */
static void flush_pending(struct notice_reader *r, const char *source,
                          struct strvec *warnings, bool keep)
{
    for (size_t i = 0; keep && i < r->pending.n; i++)
        strvec_pushf(warnings, "%s: %s, read what could be read", source,
                     r->pending.v[i]);
    strvec_release(&r->pending);
}

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
    flush_pending(c->r, source, c->warnings, keep);
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
 * joins set. Takes j (freed). Unknown-code warnings go to warnings.
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
    msgtext_release(&t);
    if (rc == 0)
        rc = set_add(set, &j->n);
    else
        notice_release(&j->n);
    msgparts_release(&j->parts);
    free(j);
    return rc;
}

/*
 * The two-stage pipeline of an mbox: the reading thread parses with GMime
 * and queues jobs in batches (at most PIPE_MAX waiting), one worker makes
 * lines and finds programs, in order, so notices keep the mbox's order. The worker
 * alone touches the set until pipe_close has joined it; its warnings are
 * kept apart and appended after those of the reading thread.
 */
#define PIPE_MAX 256     /* jobs waiting at most */
#define PIPE_BATCH 32    /* jobs handed over at a time */

struct pipe {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct job *head, *tail;  /* the queue (under mu) */
    size_t count;
    bool closed;
    struct job *bhead, *btail;    /* the reading thread's batch */
    size_t bcount;
    int rc;
    struct notice_reader *r;
    struct notice_set *set;
    struct strvec warnings;
};

/* Takes the whole queue at once, so the threads meet once a batch. */
static void *pipe_worker(void *arg)
{
    struct pipe *p = arg;

    for (;;) {
        struct job *j, *next;
        pthread_mutex_lock(&p->mu);
        while (p->head == NULL && !p->closed)
            pthread_cond_wait(&p->not_empty, &p->mu);
        j = p->head;
        p->head = p->tail = NULL;
        p->count = 0;
        pthread_cond_signal(&p->not_full);
        pthread_mutex_unlock(&p->mu);
        if (j == NULL)
            return NULL;
        for (; j; j = next) {
            next = j->next;
            if (p->rc == 0)
                p->rc = finish_job(p->r, p->set, j, &p->warnings);
            else
                job_free(j);
        }
    }
}

/* Starts the worker; false when no thread could be made (then the
 * caller works alone). */
static bool pipe_open(struct pipe *p, struct notice_reader *r,
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

/* Hands the batch to the worker, waiting while the queue is full. */
static void pipe_flush(struct pipe *p)
{
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
    pthread_cond_signal(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
    p->bhead = p->btail = NULL;
    p->bcount = 0;
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
static int pipe_close(struct pipe *p, struct strvec *warnings)
{
    pipe_flush(p);
    pthread_mutex_lock(&p->mu);
    p->closed = true;
    pthread_cond_broadcast(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
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
    if (c->pipe) {
        pipe_push(c->pipe, j);
        return 0;
    }
    return finish_job(c->r, c->set, j, c->warnings);
}

/*
 * Turns one parsed message into a notice in set, unless filter is on and
 * its subject or sender does not match; through the pipeline when one
 * runs. Returns 0 or RC_ENOMEM.
 */
static int take_message(struct rctx *c, GMimeMessage *msg, const char *source,
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
static int read_msg(struct rctx *c, const char *source, const char *data,
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

static GMimeParserOptions *parser_options(struct notice_reader *r)
{
    GMimeParserOptions *po = g_mime_parser_options_new();

    g_mime_parser_options_set_warning_callback(po, on_gmime_warning, r);
    return po;
}

/* Whether data starts like mail: an mbox "From " line or a header. */
static bool looks_like_mail(const char *data, size_t len)
{
    size_t i = 0;

    if (len >= 5 && memcmp(data, "From ", 5) == 0)
        return true;
    while (i < len && i < 200 && data[i] > ' ' && data[i] < 127 &&
           data[i] != ':')
        i++;
    return i > 0 && i < len && data[i] == ':';
}

static bool is_mbox(const char *data, size_t len)
{
    return len >= 5 && memcmp(data, "From ", 5) == 0;
}

static bool has_headers(GMimeMessage *msg)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));

    return hl && g_mime_header_list_get_count(hl) > 0;
}

/* One message from stream. RC_EINPUT when it is not mail at all. */
static int read_single(struct rctx *c, GMimeStream *stream,
                       const char *source, bool filter)
{
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeParserOptions *po = parser_options(c->r);
    GMimeMessage *msg;
    int rc;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, po);
    if (msg == NULL || !has_headers(msg)) {
        flush_pending(c->r, source, c->warnings, false);
        rc = rc_error_set(c->err, RC_EINPUT, source,
                          "not a mail message (no header found)");
    } else {
        rc = take_message(c, msg, source, filter);
    }
    if (msg)
        g_object_unref(msg);
    g_mime_parser_options_free(po);
    g_object_unref(parser);
    return rc;
}

/*
 * Moves stream to the start of the next "From " line after offset, so
 * that reading goes on after a message GMime could not parse. Returns
 * false at the end of the stream.
 */
static bool resync_mbox(GMimeStream *stream, gint64 offset)
{
    char chunk[8192];
    gint64 pos = offset;
    char prev = '\0';

    if (g_mime_stream_seek(stream, offset, GMIME_STREAM_SEEK_SET) < 0)
        return false;
    for (;;) {
        ssize_t n = g_mime_stream_read(stream, chunk, sizeof chunk);
        if (n <= 0)
            return false;
        for (ssize_t i = 0; i < n; i++) {
            char before = i ? chunk[i - 1] : prev;
            if (before == '\n' && pos + i > offset && chunk[i] == 'F' &&
                (n - i < 5 || memcmp(chunk + i, "From ", 5) == 0)) {
                if (n - i < 5 &&
                    g_mime_stream_seek(stream, pos + i, GMIME_STREAM_SEEK_SET)
                    >= 0) {
                    char head[5];
                    if (g_mime_stream_read(stream, head, 5) != 5 ||
                        memcmp(head, "From ", 5) != 0)
                        continue;
                }
                return g_mime_stream_seek(stream, pos + i,
                                          GMIME_STREAM_SEEK_SET) >= 0;
            }
        }
        prev = chunk[n - 1];
        pos += n;
    }
}

/*
 * Every message of an mbox stream. After a parse error the parser must
 * have moved on, or the loop stops (GMime can otherwise return NULL at
 * the same offset forever).
 */
static int read_mbox(struct rctx *c, GMimeStream *stream, const char *source,
                     bool pipelined)
{
    struct pipe pipe;
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeParserOptions *po = parser_options(c->r);
    size_t index = 0, read = 0;
    gint64 floor = 0;
    char *name = NULL;
    int rc = 0;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
    if (pipelined && pipe_open(&pipe, c->r, c->set))
        c->pipe = &pipe;
    while (rc == 0 && !g_mime_parser_eos(parser)) {
        gint64 before = g_mime_parser_tell(parser), start;
        GMimeMessage *msg = g_mime_parser_construct_message(parser, po);

        start = g_mime_parser_get_mbox_marker_offset(parser);
        if (start < floor)
            start = floor;

        index++;
        free(name);
        if (asprintf(&name, "%s#%zu", source, index) < 0) {
            name = NULL;
            rc = RC_ENOMEM;
        } else if (msg == NULL) {
            flush_pending(c->r, name, c->warnings, false);
            strvec_pushf(c->warnings, "%s: unreadable message skipped", name);
            if (!resync_mbox(stream, start + 1))
                break;
            floor = g_mime_stream_tell(stream);
            g_mime_parser_init_with_stream(parser, stream);
            g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
            continue;
        } else {
            read++;
            rc = take_message(c, msg, name, true);
        }
        if (msg)
            g_object_unref(msg);
        if (g_mime_parser_tell(parser) <= before)
            break;
    }
    free(name);
    if (c->pipe) {
        int prc = pipe_close(c->pipe, c->warnings);
        c->pipe = NULL;
        if (rc == 0)
            rc = prc;
    }
    g_mime_parser_options_free(po);
    g_object_unref(parser);
    if (rc == 0 && read == 0)
        rc = rc_error_set(c->err, RC_EINPUT, source,
                          "no message found in the mbox");
    return rc;
}

int notice_read_bytes(struct notice_reader *r, struct notice_set *set,
                      const char *source, const char *data, size_t len,
                      bool filter, struct strvec *warnings,
                      struct rc_error *err)
{
    struct rctx c = {r, set, warnings, err, NULL};
    GMimeStream *stream;
    int rc;

    if (len == 0)
        return rc_error_set(err, RC_EINPUT, source,
                            "empty: no message in it");
    if (msg_is_compound(data, len)) {
        rc = read_msg(&c, source, data, len, filter);
        return rc == RC_ENOMEM ? rc_error_set(err, rc, source,
                                              "out of memory") : rc;
    }
    if (!looks_like_mail(data, len))
        return rc_error_set(err, RC_EINPUT, source,
                            "not a mail message (no header found)");
    stream = g_mime_stream_mem_new_with_buffer(data, len);
    if (is_mbox(data, len))
        rc = read_mbox(&c, stream, source, false);
    else
        rc = read_single(&c, stream, source, filter);
    g_object_unref(stream);
    if (rc == RC_ENOMEM)
        rc = rc_error_set(err, rc, source, "out of memory");
    return rc;
}

/* A file: an mbox is streamed from disk, a single message read whole. */
static int read_file(struct rctx *c, const char *path)
{
    char head[8];
    ssize_t got;
    char *data = NULL;
    size_t len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

    if (fd < 0)
        return rc_error_set(c->err, RC_EINPUT, path, "cannot read: %s",
                            strerror(errno));
    got = read(fd, head, sizeof head);
    if (got >= 5 && is_mbox(head, (size_t)got) &&
        lseek(fd, 0, SEEK_SET) == 0) {
        GMimeStream *stream = g_mime_stream_fs_new(fd);   /* owns fd */
        rc = read_mbox(c, stream, path, true);
        g_object_unref(stream);
        return rc == RC_ENOMEM ? rc_error_set(c->err, rc, path,
                                              "out of memory") : rc;
    }
    close(fd);
    rc = fs_read_file(&data, &len, path, NOTICE_MAX_MESSAGE, c->err);
    if (rc == 0)
        rc = notice_read_bytes(c->r, c->set, path, data, len, false,
                               c->warnings, c->err);
    free(data);
    return rc;
}

/* One file of a maildir: a file that is not mail is only a warning. */
static int read_maildir_file(struct rctx *c, const char *path)
{
    struct rc_error e;
    char *data = NULL;
    size_t len = 0;
    int rc;

    rc_error_clear(&e);
    rc = fs_read_file(&data, &len, path, NOTICE_MAX_MESSAGE, &e);
    if (rc == 0)
        rc = notice_read_bytes(c->r, c->set, path, data, len, true,
                               c->warnings, &e);
    free(data);
    if (rc == RC_EINPUT || rc == RC_ETOOBIG) {
        strvec_pushf(c->warnings, "%s: %s, skipped", e.where, e.message);
        return 0;
    }
    if (rc)
        *c->err = e;
    return rc;
}

/*
 * A folder that is not a maildir (SPEC section 5): every regular file in
 * it, not recursively, in name order, hidden ones skipped, each read as
 * if named on the command line (so a file that is not mail is an input
 * error naming it, like a file given by name). An empty folder yields no
 * notice (notice_read_sources warns).
 */
static int read_folder(struct rctx *c, const char *dir)
{
    struct strvec names = STRVEC_INIT;
    int rc = fs_list_dir(&names, dir, NULL, c->err);

    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        char *path;
        if (names.v[i][0] == '.')
            continue;
        path = fs_join(dir, names.v[i]);
        if (path == NULL)
            rc = rc_error_set(c->err, RC_ENOMEM, dir, "out of memory");
        else if (fs_is_file(path))
            rc = read_file(c, path);
        free(path);
    }
    strvec_release(&names);
    return rc;
}

/* A maildir: every file in cur/ and new/ (sorted by name); a folder
 * without either is a folder of notice files. */
static int read_maildir(struct rctx *c, const char *dir)
{
    static const char *const subs[] = {"cur", "new"};
    bool any = false;
    int rc = 0;

    for (size_t s = 0; s < 2 && rc == 0; s++) {
        struct strvec names = STRVEC_INIT;
        char *sub = fs_join(dir, subs[s]);

        if (sub == NULL)
            return rc_error_set(c->err, RC_ENOMEM, dir, "out of memory");
        if (fs_is_dir(sub)) {
            any = true;
            rc = fs_list_dir(&names, sub, NULL, c->err);
        }
        for (size_t i = 0; rc == 0 && i < names.n; i++) {
            char *path;
            if (names.v[i][0] == '.')
                continue;
            path = fs_join(sub, names.v[i]);
            rc = path ? read_maildir_file(c, path) : RC_ENOMEM;
            free(path);
        }
        strvec_release(&names);
        free(sub);
    }
    if (rc == 0 && !any)
        return read_folder(c, dir);
    return rc == RC_ENOMEM ? rc_error_set(c->err, rc, dir, "out of memory")
                           : rc;
}

/* An IMAP message: parsed like a maildir file. */
static int on_imap_message(void *ctx, const char *source, const char *data,
                           size_t len)
{
    struct rctx *c = ctx;
    struct rc_error e;
    int rc;

    rc_error_clear(&e);
    rc = notice_read_bytes(c->r, c->set, source, data, len, true,
                           c->warnings, &e);
    if (rc == RC_EINPUT) {
        strvec_pushf(c->warnings, "%s: %s, skipped", e.where, e.message);
        return 0;
    }
    if (rc)
        *c->err = e;
    return rc;
}

static bool is_imap_url(const char *s)
{
    return strncmp(s, "imap://", 7) == 0 || strncmp(s, "imaps://", 8) == 0;
}

int notice_read_source(struct notice_reader *r, struct notice_set *set,
                       const char *source, size_t *n_programs,
                       struct strvec *warnings, struct rc_error *err)
{
    struct rctx c = {r, set, warnings, err, NULL};
    size_t first = set->n;
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (r->o->mailbox && strcmp(source, NOTICE_MAILBOX) == 0) {
        rc = imap_fetch_mailbox(r->o, on_imap_message, &c, err);
    } else if (is_imap_url(source)) {
        rc = imap_fetch(source, r->o, on_imap_message, &c, err);
    } else if (strcmp(source, "-") == 0) {
        rc = fs_read_file(&data, &len, "-", NOTICE_MAX_MESSAGE * 16, err);
        if (rc == 0)
            rc = notice_read_bytes(r, set, "-", data, len, false, warnings,
                                   err);
        free(data);
    } else if (fs_is_dir(source)) {
        rc = read_maildir(&c, source);
    } else {
        rc = read_file(&c, source);
    }
    if (n_programs) {
        *n_programs = 0;
        for (size_t i = first; i < set->n; i++)
            *n_programs += set->v[i].n_programs;
    }
    return rc;
}

int notice_read_sources(struct notice_set *set, const struct notice_opts *o,
                        const struct strvec *sources, bool require_programs,
                        struct strvec *warnings, struct rc_error *err)
{
    struct notice_reader *r = NULL;
    int rc = notice_reader_new(&r, o, err);

    for (size_t i = 0; rc == 0 && i < sources->n; i++) {
        size_t first = set->n, found = 0;
        bool quiet_new = o->only_new &&   /* "no new notice" says it */
                         strcmp(sources->v[i], NOTICE_MAILBOX) == 0;

        rc = notice_read_source(r, set, sources->v[i], &found, warnings, err);
        if (rc == 0 && set->n == first && !quiet_new)
            strvec_pushf(warnings, "%s: no notice in it (no message matches "
                         "notice.subject and notice.from)", sources->v[i]);
        if (rc == 0 && require_programs && found == 0)
            rc = rc_error_set(err, RC_EINPUT, sources->v[i],
                              "no changed program found (%zu notice%s read)",
                              set->n - first, set->n - first == 1 ? "" : "s");
    }
    notice_reader_free(r);
    return rc;
}


int notice_opts_mailbox(struct notice_opts *o, struct mailbox *mb,
                        const struct config *cfg,
                        const struct strvec *sources, bool only_new,
                        struct strvec *warnings, struct rc_error *err)
{
    bool wanted = strvec_contains(sources, NOTICE_MAILBOX);
    int rc;

    memset(mb, 0, sizeof *mb);
    if (only_new && !wanted)
        return rc_error_set(err, RC_EUSAGE, "--new", "only the source "
                            "'%s' has new and seen messages",
                            NOTICE_MAILBOX);
    if (!wanted)
        return 0;
    if (cfg == NULL)
        return rc_error_set(err, RC_ECONFIG, "relcheck.json", "not found: "
                            "the source '%s' reads its notice.mailbox",
                            NOTICE_MAILBOX);
    rc = config_mailbox_resolve(mb, cfg, warnings, err);
    if (rc == 0) {
        o->mailbox = mb;
        o->only_new = only_new;
    }
    return rc;
}

int notice_mailbox_mark(const struct mailbox *mb,
                        const struct strvec *sources, size_t *n_marked,
                        struct rc_error *err)
{
    struct strvec uids = STRVEC_INIT;
    char *shown = imap_shown_base(mb->url);
    size_t len = shown ? strlen(shown) : 0;
    int rc = 0;

    if (n_marked)
        *n_marked = 0;
    if (shown == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; rc == 0 && i < sources->n; i++) {
        const char *s = sources->v[i];
        if (strncmp(s, shown, len) == 0 && strncmp(s + len, ";UID=", 5) == 0)
            rc = strvec_push(&uids, s + len + 5);
    }
    if (rc)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (rc == 0)
        rc = imap_mark_mailbox(mb, &uids, err);
    if (rc == 0 && n_marked)
        *n_marked = uids.n;
    strvec_release(&uids);
    free(shown);
    return rc;
}
