/*
 * Reading notice sources (see notice.h): which kind of source a name is
 * (file, mbox, maildir folder, standard input, IMAP URL), the reader and
 * the notice set. GMime's parser and the mbox walk are in mbox.c, the
 * message-to-notice pipeline in pipeline.c, the MIME walk in mime.c, the
 * patterns in programs.c, IMAP in imap.c. struct notice_reader owns the
 * compiled patterns and borrows its options.
 */
#include "notice/notice.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "core/fsutil.h"
#include "core/grow.h"
#include "notice/notice_int.h"

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

void notice_release(struct notice *n)
{
    free(n->source);
    free(n->message_id);
    free(n->subject);
    free(n->date);
    free(n->release);
    for (size_t i = 0; !n->packed && i < n->n_programs; i++) {
        free(n->programs[i].code);
        free(n->programs[i].name);
    }
    free(n->programs);
    memset(n, 0, sizeof *n);
}

int notice_pack_programs(struct notice *n)
{
    size_t size = n->n_programs * sizeof *n->programs;
    struct notice_program *v;
    char *p;

    if (n->packed || n->n_programs == 0)
        return 0;
    for (size_t i = 0; i < n->n_programs; i++)
        size += strlen(n->programs[i].code) + 1 +
                (n->programs[i].name ? strlen(n->programs[i].name) + 1 : 0);
    v = malloc(size);
    if (v == NULL)
        return RC_ENOMEM;
    p = (char *)(v + n->n_programs);
    for (size_t i = 0; i < n->n_programs; i++) {
        const char *name = n->programs[i].name;
        size_t len = strlen(n->programs[i].code) + 1;

        v[i].code = memcpy(p, n->programs[i].code, len);
        p += len;
        v[i].name = NULL;
        if (name) {
            len = strlen(name) + 1;
            v[i].name = memcpy(p, name, len);
            p += len;
        }
        free(n->programs[i].code);
        free(n->programs[i].name);
    }
    free(n->programs);
    n->programs = v;
    n->packed = true;
    return 0;
}

void notice_set_release(struct notice_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        notice_release(&set->v[i]);
    free(set->v);
    memset(set, 0, sizeof *set);
}

/* Appends n to set, taking its contents (released on failure). */
int notice_set_add(struct notice_set *set, struct notice *n)
{
    if (RC_GROW(set->v, set->cap, set->n, 16) != 0) {
        notice_release(n);
        return RC_ENOMEM;
    }
    set->v[set->n++] = *n;
    return 0;
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
        rc = notice_read_msg(&c, source, data, len, filter);
        return rc == RC_ENOMEM ? rc_error_set(err, rc, source,
                                              "out of memory") : rc;
    }
    if (!notice_looks_like_mail(data, len))
        return rc_error_set(err, RC_EINPUT, source,
                            "not a mail message (no header found)");
    stream = g_mime_stream_mem_new_with_buffer(data, len);
    if (notice_is_mbox(data, len))
        rc = notice_read_mbox(&c, stream, source, false);
    else
        rc = notice_read_single(&c, stream, source, filter);
    g_object_unref(stream);
    if (rc == RC_ENOMEM)
        rc = rc_error_set(err, rc, source, "out of memory");
    return rc;
}

/* Asks for transparent huge pages over the 2 MiB blocks inside
 * [p, p+len): reading a 10 MB mbox then takes a handful of page faults
 * instead of 2,600 (measured: 3,400 faults for the whole `notice` run
 * instead of 6,000, a fifth less time). Only advice: ignored where THP
 * is off. */
static void advise_huge(void *p, size_t len)
{
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)p + len) & ~(huge - 1);

    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}

/*
 * The stream an mbox is parsed from: up to max bytes (0:
 * NOTICE_MBOX_IN_MEMORY) are read whole into memory, so the parser and
 * every part's content read memory instead of a seek and a read each; a
 * larger mbox is streamed from fd. Never mapped: a file truncated while
 * mapped would kill the process with SIGBUS. Takes fd. NULL when the
 * read failed (errno set).
 */
static GMimeStream *mbox_stream(int fd, size_t max)
{
    struct stat st;
    GByteArray *arr;
    size_t got = 0;

    if (max == 0)
        max = NOTICE_MBOX_IN_MEMORY;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 ||
        (uint64_t)st.st_size > max || (uint64_t)st.st_size > G_MAXUINT)
        return g_mime_stream_fs_new(fd);
    arr = g_byte_array_sized_new((guint)st.st_size);
    g_byte_array_set_size(arr, (guint)st.st_size);
    advise_huge(arr->data, arr->len);
    while (got < arr->len) {       /* a file that shrinks ends early */
        ssize_t n = read(fd, arr->data + got, arr->len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            g_byte_array_unref(arr);
            close(fd);
            errno = e;
            return NULL;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    g_byte_array_set_size(arr, (guint)got);
    return g_mime_stream_mem_new_with_byte_array(arr);   /* owns arr */
}

/* A file: an mbox is parsed as a stream, a single message read whole. */
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
    if (got >= 5 && notice_is_mbox(head, (size_t)got) &&
        lseek(fd, 0, SEEK_SET) == 0) {
        GMimeStream *stream = mbox_stream(fd, c->r->o->mbox_in_memory);
        if (stream == NULL)
            return rc_error_set(c->err, RC_EINPUT, path, "cannot read: %s",
                                strerror(errno));
        rc = notice_read_mbox(c, stream, path, true);
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
        if (rc == 0 && require_programs && found == 0 &&
            !(quiet_new && set->n == first))
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
