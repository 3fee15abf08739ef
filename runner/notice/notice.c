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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "notice/notice_int.h"

struct notice_reader {
    const struct notice_opts *o;
    struct progm *m;
    struct strvec pending;   /* GMime's complaints about the current message */
};

/* What reading one source needs in its callbacks. */
struct rctx {
    struct notice_reader *r;
    struct notice_set *set;
    struct strvec *warnings;
    struct rc_error *err;
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

/*
 * Turns one parsed message into a notice in set, unless filter is on and
 * its subject or sender does not match. Returns 0 or RC_ENOMEM.
 */
static int take_message(struct rctx *c, GMimeMessage *msg, const char *source,
                        bool filter)
{
    struct notice n;
    struct msgtext t;
    const char *subject = g_mime_message_get_subject(msg);
    char *from = message_from(msg);
    bool keep = !filter || progm_is_notice(c->r->m, subject, from);
    int rc = 0;

    free(from);
    flush_pending(c->r, source, c->warnings, keep);
    if (!keep)
        return 0;
    memset(&n, 0, sizeof n);
    memset(&t, 0, sizeof t);
    n.source = strdup(source);
    n.message_id = dup_or_null(g_mime_message_get_message_id(msg));
    n.subject = dup_or_null(subject);
    n.date = message_date(msg);
    if (n.source == NULL)
        rc = RC_ENOMEM;
    if (rc == 0)
        rc = mime_message_text(&t, msg, source, c->warnings);
    if (rc == 0)
        rc = progm_scan(c->r->m, &n, &t, c->warnings);
    msgtext_release(&t);
    if (rc) {
        notice_release(&n);
        return rc;
    }
    return set_add(c->set, &n);
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
static int read_mbox(struct rctx *c, GMimeStream *stream, const char *source)
{
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeParserOptions *po = parser_options(c->r);
    size_t index = 0, read = 0;
    gint64 floor = 0;
    char *name = NULL;
    int rc = 0;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
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
    struct rctx c = {r, set, warnings, err};
    GMimeStream *stream;
    int rc;

    if (len == 0)
        return rc_error_set(err, RC_EINPUT, source,
                            "empty: no message in it");
    if (!looks_like_mail(data, len))
        return rc_error_set(err, RC_EINPUT, source,
                            "not a mail message (no header found)");
    stream = g_mime_stream_mem_new_with_buffer(data, len);
    if (is_mbox(data, len))
        rc = read_mbox(&c, stream, source);
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
        rc = read_mbox(c, stream, path);
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

/* A maildir: every file in cur/ and new/ (sorted by name). */
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
        rc = rc_error_set(c->err, RC_EINPUT, dir, "folder is not a maildir "
                          "(it has no cur/ or new/)");
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
    struct rctx c = {r, set, warnings, err};
    size_t first = set->n;
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (is_imap_url(source)) {
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
        rc = notice_read_source(r, set, sources->v[i], &found, warnings, err);
        if (rc == 0 && set->n == first)
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

int notice_set_programs(struct strvec *out, const struct notice_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        for (size_t j = 0; j < set->v[i].n_programs; j++)
            if (strvec_push(out, set->v[i].programs[j].code))
                return RC_ENOMEM;
    strvec_sort_unique(out);
    return 0;
}

/* A string or null; NULL when allocation fails. */
static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *notice_json(const struct notice *n)
{
    json_t *progs = json_array();
    json_t *o;

    for (size_t i = 0; progs && i < n->n_programs; i++) {
        json_t *p = json_object();
        if (p == NULL ||
            json_object_set_new(p, "code", json_string(n->programs[i].code)) ||
            json_object_set_new(p, "name", str_or_null(n->programs[i].name)) ||
            json_array_append_new(progs, p)) {
            json_decref(progs);
            return NULL;
        }
    }
    o = json_object();
    if (o == NULL || progs == NULL ||
        json_object_set_new(o, "source", json_string(n->source)) ||
        json_object_set_new(o, "message_id", str_or_null(n->message_id)) ||
        json_object_set_new(o, "subject", str_or_null(n->subject)) ||
        json_object_set_new(o, "date", str_or_null(n->date)) ||
        json_object_set_new(o, "release", str_or_null(n->release)) ||
        json_object_set_new(o, "programs", progs)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *notice_set_notices_json(const struct notice_set *set)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < set->n; i++) {
        if (json_array_append_new(a, notice_json(&set->v[i]))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *notice_set_to_json(const struct notice_set *set)
{
    struct strvec codes = STRVEC_INIT;
    json_t *o = json_object(), *progs = json_array();
    int bad = o == NULL || progs == NULL || notice_set_programs(&codes, set);

    for (size_t i = 0; !bad && i < codes.n; i++)
        bad = json_array_append_new(progs, json_string(codes.v[i]));
    strvec_release(&codes);
    if (!bad)
        bad = json_object_set_new(o, "notices", notice_set_notices_json(set));
    if (!bad) {
        bad = json_object_set_new(o, "programs", progs);
        progs = NULL;
    }
    json_decref(progs);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}
