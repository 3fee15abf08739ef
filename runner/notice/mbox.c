/*
 * GMime's parser over a stream (see notice_int.h): its warnings, kept per
 * message, one message, and every message of an mbox, going on after a
 * message that does not parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice/notice_int.h"

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
void notice_flush_pending(struct notice_reader *r, const char *source,
                          struct strvec *warnings, bool keep)
{
    for (size_t i = 0; keep && i < r->pending.n; i++)
        strvec_pushf(warnings, "%s: %s, read what could be read", source,
                     r->pending.v[i]);
    strvec_release(&r->pending);
}

static GMimeParserOptions *parser_options(struct notice_reader *r)
{
    GMimeParserOptions *po = g_mime_parser_options_new();

    g_mime_parser_options_set_warning_callback(po, on_gmime_warning, r);
    return po;
}

/* Whether data starts like mail: an mbox "From " line or a header. */
bool notice_looks_like_mail(const char *data, size_t len)
{
    size_t i = 0;

    if (len >= 5 && memcmp(data, "From ", 5) == 0)
        return true;
    while (i < len && i < 200 && data[i] > ' ' && data[i] < 127 &&
           data[i] != ':')
        i++;
    return i > 0 && i < len && data[i] == ':';
}

bool notice_is_mbox(const char *data, size_t len)
{
    return len >= 5 && memcmp(data, "From ", 5) == 0;
}

static bool has_headers(GMimeMessage *msg)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));

    return hl && g_mime_header_list_get_count(hl) > 0;
}

/* One message from stream. RC_EINPUT when it is not mail at all. */
int notice_read_single(struct rctx *c, GMimeStream *stream,
                       const char *source, bool filter)
{
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeParserOptions *po = parser_options(c->r);
    GMimeMessage *msg;
    int rc;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, po);
    if (msg == NULL || !has_headers(msg)) {
        notice_flush_pending(c->r, source, c->warnings, false);
        rc = rc_error_set(c->err, RC_EINPUT, source,
                          "not a mail message (no header found)");
    } else {
        rc = notice_take_message(c, msg, source, filter);
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
int notice_read_mbox(struct rctx *c, GMimeStream *stream, const char *source,
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
    if (pipelined && notice_pipe_open(&pipe, c->r, c->set))
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
            notice_flush_pending(c->r, name, c->warnings, false);
            strvec_pushf(c->warnings, "%s: unreadable message skipped", name);
            if (!resync_mbox(stream, start + 1))
                break;
            floor = g_mime_stream_tell(stream);
            g_mime_parser_init_with_stream(parser, stream);
            g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
            continue;
        } else {
            read++;
            rc = notice_take_message(c, msg, name, true);
        }
        if (msg)
            g_object_unref(msg);
        if (g_mime_parser_tell(parser) <= before)
            break;
    }
    free(name);
    if (c->pipe) {
        int prc = notice_pipe_close(c->pipe, c->warnings);
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
