/*
 * The MIME walk of a notice (see notice_int.h): GMime has parsed the
 * message; this file chooses the parts to read (HTML before plain text in
 * an alternative, every text part of a mixed or related multipart, the
 * message inside a message/rfc822 part), decodes them by length into
 * UTF-8 and turns them into lines. The walk keeps its own stack, so a
 * deeply nested message costs heap, not C stack.
 */
#include "notice/notice_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "notice/html.h"

/* One pending MIME object of the walk. */
struct item {
    GMimeObject *obj;   /* borrowed from the message */
    int depth;          /* multipart and message nesting */
    int level;          /* forwarded-message nesting */
};

struct walk {
    struct item *v;
    size_t n, cap;
    const char *where;
    struct strvec *warnings;
    bool warned_depth;
    struct msgparts *p;
};

/* Stage two: the lines of all chunks with their levels. */
struct lineset {
    struct strvec lines;      /* every text line, in order */
    int *levels;              /* each line's forwarded-message level */
    size_t cap_levels;
    int max_level;
};

void mime_init(void)
{
    static bool done;

    if (!done) {
        g_mime_init();
        done = true;
    }
}

void msgparts_release(struct msgparts *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].data);
    free(p->v);
    strvec_release(&p->subjects);
    memset(p, 0, sizeof *p);
}

void msgtext_release(struct msgtext *t)
{
    t->subjects = NULL;
    strvec_release(&t->note);
    strvec_release(&t->body);
}

static int push(struct walk *w, GMimeObject *obj, int depth, int level)
{
    if (depth > NOTICE_MAX_DEPTH) {
        if (!w->warned_depth) {
            w->warned_depth = true;
            return strvec_pushf(w->warnings, "%s: parts nested deeper than "
                                "%d levels skipped", w->where,
                                NOTICE_MAX_DEPTH);
        }
        return 0;
    }
    if (RC_GROW(w->v, w->cap, w->n, 16) != 0)
        return RC_ENOMEM;
    w->v[w->n++] = (struct item){obj, depth, level};
    return 0;
}

/* Whether obj is, or starts with, a text/html part (an alternative's
 * related multipart holds the HTML first). */
static int alt_score(GMimeObject *obj)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);

    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        if (g_mime_multipart_get_count(mp) == 0)
            return 0;
        return alt_score(g_mime_multipart_get_part(mp, 0)) > 0 ? 2 : 0;
    }
    if (ct && g_mime_content_type_is_type(ct, "text", "html"))
        return 2;
    if (ct && g_mime_content_type_is_type(ct, "text", "plain"))
        return 1;
    return 0;
}

/* Pushes the children of a multipart: the best one of an alternative,
 * all of any other kind (in reverse, so they pop in order). */
static int push_children(struct walk *w, GMimeMultipart *mp,
                         const struct item *it)
{
    GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(mp));
    int count = g_mime_multipart_get_count(mp);

    if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) {
        GMimeObject *best = NULL;
        int best_score = 0;
        for (int i = 0; i < count; i++) {
            GMimeObject *c = g_mime_multipart_get_part(mp, i);
            int s = alt_score(c);
            if (s >= best_score && s > 0) {
                best = c;
                best_score = s;
            }
        }
        return best ? push(w, best, it->depth + 1, it->level) : 0;
    }
    for (int i = count - 1; i >= 0; i--) {
        int rc = push(w, g_mime_multipart_get_part(mp, i), it->depth + 1,
                      it->level);
        if (rc)
            return rc;
    }
    return 0;
}

/* Appends a line and its level. */
static int add_line(struct lineset *w, char *line, int level)
{
    if (RC_GROW(w->levels, w->cap_levels, w->lines.n, 64) != 0) {
        free(line);
        return RC_ENOMEM;
    }
    w->levels[w->lines.n] = level;
    return strvec_take(&w->lines, line);
}

/* Splits plain text (UTF-8, no NUL) into lines without quote markers. */
static int text_to_lines(struct strvec *out, const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        size_t start = i, end;
        while (i < len && s[i] != '\n' && s[i] != '\r')
            i++;
        end = i;
        if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n')
            i++;
        if (i < len)
            i++;
        while (start < end && (s[start] == '>' || s[start] == ' '))
            start++;
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        if (end > start) {
            int rc = strvec_take(out, strndup(s + start, end - start));
            if (rc)
                return rc;
        }
    }
    return 0;
}

static bool charset_is_utf8(const char *cs)
{
    return g_ascii_strcasecmp(cs, "utf-8") == 0 ||
           g_ascii_strcasecmp(cs, "utf8") == 0;
}

/*
 * Decodes a part's content (transfer encoding, then charset to UTF-8)
 * into a malloc'ed buffer of *len bytes (NUL-terminated after them);
 * *converted says whether a charset conversion ran. Checking the UTF-8
 * is stage two's (chunk_text), off the reading thread. NULL on
 * allocation failure.
 */
static char *decode_part(struct walk *w, GMimePart *part, size_t *len,
                         bool *converted)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    const char *cs = g_mime_object_get_content_type_parameter(
        GMIME_OBJECT(part), "charset");
    GMimeStream *mem, *filt;
    GByteArray *arr;
    char *out;

    *converted = false;
    mem = g_mime_stream_mem_new();
    filt = NULL;
    if (cs && !charset_is_utf8(cs)) {
        GMimeFilter *cf = g_mime_filter_charset_new(cs, "UTF-8");
        if (cf) {
            filt = g_mime_stream_filter_new(mem);
            g_mime_stream_filter_add(GMIME_STREAM_FILTER(filt), cf);
            g_object_unref(cf);
            *converted = true;
        } else {
            strvec_pushf(w->warnings, "%s: unknown charset '%.64s', read "
                         "as windows-1252", w->where, cs);
        }
    }
    if (dw)
        g_mime_data_wrapper_write_to_stream(dw, filt ? filt : mem);
    if (filt)
        g_mime_stream_flush(filt);
    arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    *len = arr ? arr->len : 0;
    out = malloc(*len + 1);
    if (out) {
        if (*len)
            memcpy(out, arr->data, *len);
        out[*len] = '\0';
    }
    if (filt)
        g_object_unref(filt);
    g_object_unref(mem);
    return out;
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether line i of lines starts an inline forwarded message. */
static bool is_forward_marker(const struct strvec *lines, size_t i)
{
    static const char *const words[] = {
        "forwarded message", "doorgestuurd bericht", "original message",
        "oorspronkelijk bericht", "weitergeleitete nachricht", NULL,
    };
    const char *s = lines->v[i], *next;

    if (starts_with_ci(s, "begin forwarded message"))
        return true;
    if (s[0] == '-' && s[1] == '-') {
        for (size_t k = 0; words[k]; k++)
            if (strcasestr(s, words[k]))
                return true;
    }
    if (!(starts_with_ci(s, "from:") || starts_with_ci(s, "van:")) ||
        i + 1 >= lines->n)
        return false;
    next = lines->v[i + 1];
    return starts_with_ci(next, "sent:") || starts_with_ci(next, "verzonden:")
           || starts_with_ci(next, "date:") || starts_with_ci(next, "datum:");
}

/* Decodes one text part into a chunk of the message's parts. */
static int read_text_part(struct walk *w, GMimePart *part, int level,
                          bool html)
{
    struct msgparts *p = w->p;
    size_t len = 0;
    bool converted;
    char *text = decode_part(w, part, &len, &converted);
    int rc;

    if (text == NULL)
        return RC_ENOMEM;
    rc = msgparts_add(p, text, len, html, level);
    if (rc)
        free(text);
    else
        p->v[p->n - 1].guess_1252 = !converted;
    return rc;
}

int msgparts_add(struct msgparts *p, char *data, size_t len, bool html,
                 int level)
{
    if (RC_GROW(p->v, p->cap, p->n, 4) != 0)
        return RC_ENOMEM;
    p->v[p->n++] = (struct text_chunk){data, len, html, level, false};
    return 0;
}

/* Whether part is TNEF: application/ms-tnef (or vnd.ms-tnef), or an
 * attachment named winmail.dat. */
static bool is_tnef(GMimePart *part)
{
    GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
    const char *name = g_mime_part_get_filename(part);

    return (ct && (g_mime_content_type_is_type(ct, "application", "ms-tnef")
                   || g_mime_content_type_is_type(ct, "application",
                                                  "vnd.ms-tnef")))
           || (name && g_ascii_strcasecmp(name, "winmail.dat") == 0);
}

/* A TNEF part: its transfer encoding undone, its body read (tnef.c)
 * beside the MIME parts at the same level. */
static int read_tnef_part(struct walk *w, GMimePart *part, int level)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    GMimeStream *mem;
    GByteArray *arr;
    int rc = 0;

    if (dw == NULL)
        return 0;
    mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(dw, mem);
    arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (arr && arr->len)
        rc = tnef_collect(w->p, arr->data, arr->len, level, w->where,
                          w->warnings);
    g_object_unref(mem);
    return rc;
}

/*
 * The chunk's text as UTF-8 without NUL bytes: its own data when it is
 * that already (the common case), else a repaired copy in *fixed (free
 * it): NUL bytes become spaces, then invalid UTF-8 is read as
 * windows-1252 when no charset conversion ran, else each bad byte is
 * replaced. NULL on allocation failure.
 */
static const char *chunk_text(const struct text_chunk *c, size_t *len,
                              char **fixed)
{
    char *copy, *good = NULL;
    gsize n = 0;

    *fixed = NULL;
    *len = c->len;
    if (g_utf8_validate(c->data, (gssize)c->len, NULL))   /* NUL fails */
        return c->data;
    copy = malloc(c->len + 1);
    if (copy == NULL)
        return NULL;
    for (size_t i = 0; i < c->len; i++)
        copy[i] = c->data[i] ? c->data[i] : ' ';
    copy[c->len] = '\0';
    if (g_utf8_validate(copy, (gssize)c->len, NULL)) {
        *fixed = copy;
        return copy;
    }
    if (c->guess_1252)
        good = g_convert(copy, (gssize)c->len, "UTF-8", "WINDOWS-1252",
                         NULL, &n, NULL);
    if (good == NULL) {
        good = g_utf8_make_valid(copy, (gssize)c->len);
        n = good ? strlen(good) : 0;
    }
    free(copy);
    *fixed = good ? strndup(good, n) : NULL;
    g_free(good);
    *len = n;
    return *fixed;
}

/* Turns one chunk into lines: an inline forward marker starts the next
 * level. */
static int chunk_lines(struct lineset *ls, const struct text_chunk *c)
{
    struct strvec lines = STRVEC_INIT;
    int rc, lv = c->level;
    size_t len;
    char *fixed;
    const char *text = chunk_text(c, &len, &fixed);

    if (text == NULL)
        return RC_ENOMEM;
    rc = c->html ? html_to_lines(&lines, text, len)
                 : text_to_lines(&lines, text, len);
    free(fixed);
    for (size_t i = 0; rc == 0 && i < lines.n; i++) {
        if (lv == c->level && is_forward_marker(&lines, i))
            lv = c->level + 1;
        rc = add_line(ls, lines.v[i], lv);
        lines.v[i] = NULL;
        if (lv > ls->max_level)
            ls->max_level = lv;
    }
    strvec_release(&lines);
    return rc;
}

/* Handles one popped item: descends or reads. */
static int visit(struct walk *w, const struct item *it)
{
    GMimeObject *obj = it->obj;
    GMimeContentType *ct;

    if (GMIME_IS_MULTIPART(obj))
        return push_children(w, GMIME_MULTIPART(obj), it);
    if (GMIME_IS_MESSAGE_PART(obj)) {
        GMimeMessage *inner =
            g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        const char *subject;
        GMimeObject *body;
        int rc = 0;

        if (inner == NULL)
            return 0;
        subject = g_mime_message_get_subject(inner);
        if (subject)
            rc = strvec_push(&w->p->subjects, subject);
        body = g_mime_message_get_mime_part(inner);
        if (rc == 0 && body)
            rc = push(w, body, it->depth + 1, it->level + 1);
        if (it->level + 1 > w->p->max_level && body)
            w->p->max_level = it->level + 1;
        return rc;
    }
    if (!GMIME_IS_PART(obj))
        return 0;
    if (is_tnef(GMIME_PART(obj)))
        return read_tnef_part(w, GMIME_PART(obj), it->level);
    ct = g_mime_object_get_content_type(obj);
    if (ct && g_mime_content_type_is_type(ct, "text", "html"))
        return read_text_part(w, GMIME_PART(obj), it->level, true);
    if (ct == NULL || g_mime_content_type_is_type(ct, "text", "plain"))
        return read_text_part(w, GMIME_PART(obj), it->level, false);
    return 0;
}

/* Hands the lines over: the innermost forwarded level is the notice's
 * body, the rest is forwarding notes. */
static int split_lines(struct msgtext *t, struct lineset *ls)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < ls->lines.n; i++) {
        struct strvec *dst = ls->levels[i] == ls->max_level ? &t->body
                                                            : &t->note;
        rc = strvec_take(dst, ls->lines.v[i]);
        ls->lines.v[i] = NULL;
    }
    return rc;
}

int mime_collect(struct msgparts *p, GMimeMessage *msg, const char *where,
                 struct strvec *warnings)
{
    struct walk w;
    const char *subject = g_mime_message_get_subject(msg);
    GMimeObject *body = g_mime_message_get_mime_part(msg);
    int rc = 0;

    memset(&w, 0, sizeof w);
    w.where = where;
    w.warnings = warnings;
    w.p = p;
    if (subject)
        rc = strvec_push(&p->subjects, subject);
    if (rc == 0 && body)
        rc = push(&w, body, 0, 0);
    while (rc == 0 && w.n > 0) {
        struct item it = w.v[--w.n];
        rc = visit(&w, &it);
    }
    free(w.v);
    return rc;
}

int msgparts_text(struct msgtext *t, const struct msgparts *p)
{
    struct lineset ls;
    int rc = 0;

    memset(&ls, 0, sizeof ls);
    ls.max_level = p->max_level;
    for (size_t i = 0; rc == 0 && i < p->n; i++)
        rc = chunk_lines(&ls, &p->v[i]);
    if (rc == 0)
        rc = split_lines(t, &ls);
    strvec_release(&ls.lines);
    free(ls.levels);
    if (rc == 0)
        t->subjects = &p->subjects;
    return rc;
}
