/*
 * HTML to lines through libxml2's SAX interface (see html.h). The walk is
 * a state machine over start, end and text events: a stack of table
 * contexts (one per open table) says whether text is inside a cell of the
 * innermost row, where block breaks turn into spaces; everywhere else a
 * block element ends the current line. All memory is owned by struct
 * hstate and released before html_to_lines returns.
 */
#include "notice/html.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "core/buf.h"
#include "core/grow.h"

/* Longest line kept (a 5 MB single-line HTML becomes lines this long). */
#define HTML_MAX_LINE ((size_t)1 << 20)

struct tablectx {
    bool in_row;
    bool in_cell;
    int cells;
};

struct hstate {
    struct strvec *lines;
    struct rc_buf line;
    struct tablectx *tables;
    size_t n_tables, cap_tables;
    int skip;          /* depth inside script, style, head */
    int pre;           /* depth inside pre */
    bool space;        /* whitespace seen since the last character */
    int rc;
};

enum tag_kind { TAG_INLINE, TAG_BLOCK, TAG_BR, TAG_SKIP, TAG_TABLE, TAG_TR,
                TAG_CELL, TAG_PRE };

struct tag {
    const char *name;
    enum tag_kind kind;
};

/* Sorted by name for bsearch; libxml2 hands HTML names in lower case. */
static const struct tag tags[] = {
    {"address", TAG_BLOCK}, {"article", TAG_BLOCK}, {"aside", TAG_BLOCK},
    {"blockquote", TAG_BLOCK}, {"body", TAG_BLOCK}, {"br", TAG_BR},
    {"caption", TAG_BLOCK}, {"center", TAG_BLOCK}, {"dd", TAG_BLOCK},
    {"div", TAG_BLOCK}, {"dl", TAG_BLOCK}, {"dt", TAG_BLOCK},
    {"fieldset", TAG_BLOCK}, {"figure", TAG_BLOCK}, {"footer", TAG_BLOCK},
    {"form", TAG_BLOCK}, {"h1", TAG_BLOCK}, {"h2", TAG_BLOCK},
    {"h3", TAG_BLOCK}, {"h4", TAG_BLOCK}, {"h5", TAG_BLOCK},
    {"h6", TAG_BLOCK}, {"head", TAG_SKIP}, {"header", TAG_BLOCK},
    {"hr", TAG_BLOCK}, {"html", TAG_BLOCK}, {"li", TAG_BLOCK},
    {"main", TAG_BLOCK}, {"nav", TAG_BLOCK}, {"noscript", TAG_SKIP},
    {"ol", TAG_BLOCK}, {"p", TAG_BLOCK}, {"pre", TAG_PRE},
    {"script", TAG_SKIP}, {"section", TAG_BLOCK}, {"style", TAG_SKIP},
    {"table", TAG_TABLE}, {"td", TAG_CELL}, {"template", TAG_SKIP},
    {"th", TAG_CELL}, {"title", TAG_SKIP}, {"tr", TAG_TR},
    {"ul", TAG_BLOCK}, {"xml", TAG_SKIP},
};

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct tag *)elem)->name);
}

/* The kind of a tag: the common ones without a search. */
static enum tag_kind tag_kind(const char *name)
{
    const struct tag *t;

    if (name[0] == 't' && name[2] == '\0') {
        if (name[1] == 'd' || name[1] == 'h')
            return TAG_CELL;
        if (name[1] == 'r')
            return TAG_TR;
    }
    if (name[0] == 'p' && name[1] == '\0')
        return TAG_BLOCK;
    if (strcmp(name, "span") == 0 || strcmp(name, "b") == 0 ||
        strcmp(name, "i") == 0 || strcmp(name, "a") == 0)
        return TAG_INLINE;
    t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0],
                tag_cmp);
    return t ? t->kind : TAG_INLINE;
}

static struct tablectx *top_table(struct hstate *st)
{
    return st->n_tables ? &st->tables[st->n_tables - 1] : NULL;
}

/* Ends the current line: trims it and keeps it when not empty. */
static void end_line(struct hstate *st)
{
    size_t n = st->line.len;

    while (n > 0 && (st->line.data[n - 1] == ' ' ||
                     st->line.data[n - 1] == '\t'))
        n--;
    if (n > 0 && st->rc == 0)
        st->rc = strvec_take(st->lines, strndup(st->line.data, n));
    rc_buf_reset(&st->line);
    st->space = false;
}

/* A block break: a space inside a cell of the innermost row, else a new
 * line. */
static void block_break(struct hstate *st)
{
    struct tablectx *t = top_table(st);

    if (t && t->in_cell)
        st->space = true;
    else
        end_line(st);
}

static void add_byte(struct hstate *st, char c)
{
    if (st->line.len >= HTML_MAX_LINE - 1)
        return;
    if (rc_buf_addc(&st->line, c) != 0 && st->rc == 0)
        st->rc = RC_ENOMEM;
}

/* Starts a cell of the innermost row: a tab after earlier cells, none
 * before the first non-empty one. */
static void start_cell(struct hstate *st)
{
    struct tablectx *t = top_table(st);

    if (t == NULL)
        return;
    while (st->line.len > 0 && st->line.data[st->line.len - 1] == ' ')
        st->line.len--;
    if (st->line.len > 0)
        st->line.data[st->line.len] = '\0';
    if (t->cells > 0 && st->line.len > 0)
        add_byte(st, '\t');
    st->space = false;
    t->cells++;
    t->in_cell = true;
}

static void push_table(struct hstate *st)
{
    if (RC_GROW(st->tables, st->cap_tables, st->n_tables, 8) != 0) {
        st->rc = RC_ENOMEM;
        return;
    }
    memset(&st->tables[st->n_tables++], 0, sizeof(struct tablectx));
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
    struct hstate *st = ctx;
    struct tablectx *t;

    (void)attrs;
    switch (tag_kind((const char *)xname)) {
    case TAG_SKIP:
        st->skip++;
        break;
    case TAG_TABLE:
        end_line(st);
        push_table(st);
        break;
    case TAG_TR:
        end_line(st);
        if ((t = top_table(st)) != NULL) {
            t->in_row = true;
            t->cells = 0;
            t->in_cell = false;
        }
        break;
    case TAG_CELL:
        start_cell(st);
        break;
    case TAG_PRE:
        st->pre++;
        block_break(st);
        break;
    case TAG_BLOCK:
    case TAG_BR:
        block_break(st);
        break;
    case TAG_INLINE:
        break;
    }
}

static void on_end(void *ctx, const xmlChar *xname)
{
    struct hstate *st = ctx;
    struct tablectx *t = top_table(st);

    switch (tag_kind((const char *)xname)) {
    case TAG_SKIP:
        if (st->skip > 0)
            st->skip--;
        break;
    case TAG_TABLE:
        end_line(st);
        if (st->n_tables > 0)
            st->n_tables--;
        break;
    case TAG_TR:
        end_line(st);
        if (t)
            t->in_row = t->in_cell = false;
        break;
    case TAG_CELL:
        if (t)
            t->in_cell = false;
        st->space = false;
        break;
    case TAG_PRE:
        if (st->pre > 0)
            st->pre--;
        block_break(st);
        break;
    case TAG_BLOCK:
        block_break(st);
        break;
    case TAG_BR:
    case TAG_INLINE:
        break;
    }
}

static bool is_space(const unsigned char *p, size_t left, size_t *skip)
{
    *skip = 1;
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
        *p == '\v' || *p == '\0')
        return true;
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {  /* no-break space */
        *skip = 2;
        return true;
    }
    return false;
}

/* Soft hyphens and zero-width spaces: dropped, they only split words. */
static bool is_invisible(const unsigned char *p, size_t left, size_t *skip)
{
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0xAD) {
        *skip = 2;
        return true;
    }
    if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
        (p[2] == 0x8B || p[2] == 0x8C || p[2] == 0x8D)) {
        *skip = 3;
        return true;
    }
    return false;
}

/* Appends p[0..n) (no whitespace in it) after a pending space. */
static void add_word(struct hstate *st, const unsigned char *p, size_t n)
{
    if (st->space && st->line.len > 0 &&
        st->line.data[st->line.len - 1] != '\t')
        add_byte(st, ' ');
    st->space = false;
    if (st->line.len + n >= HTML_MAX_LINE)
        return;
    if (rc_buf_add(&st->line, p, n) != 0 && st->rc == 0)
        st->rc = RC_ENOMEM;
}

static void on_text(void *ctx, const xmlChar *text, int len)
{
    struct hstate *st = ctx;
    const unsigned char *p = text;
    size_t n = (size_t)len, i = 0, skip, run;

    if (st->skip > 0)
        return;
    while (i < n) {
        if (st->pre > 0 && p[i] == '\n') {
            block_break(st);
            i++;
        } else if (is_invisible(p + i, n - i, &skip)) {
            i += skip;
        } else if (is_space(p + i, n - i, &skip)) {
            st->space = true;
            i += skip;
        } else {
            run = 1;
            while (i + run < n && p[i + run] > ' ' && p[i + run] < 0x80)
                run++;
            add_word(st, p + i, run);
            i += run;
        }
    }
}

int html_to_lines(struct strvec *lines, const char *html, size_t len)
{
    htmlSAXHandler sax;
    htmlParserCtxtPtr ctxt = NULL;
    struct hstate st;
    char *copy = NULL;
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
               HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
               HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;

    memset(&st, 0, sizeof st);
    st.lines = lines;
    rc_buf_init(&st.line, HTML_MAX_LINE);
    if (len == 0)
        return 0;
    if (len > INT32_MAX)
        len = INT32_MAX;
    /* NUL bytes would end libxml2's input early: make them spaces. */
    copy = malloc(len);
    if (copy == NULL)
        return RC_ENOMEM;
    for (size_t i = 0; i < len; i++)
        copy[i] = html[i] ? html[i] : ' ';
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    ctxt = htmlCreatePushParserCtxt(&sax, &st, NULL, 0, NULL,
                                    XML_CHAR_ENCODING_UTF8);
    if (ctxt == NULL) {
        free(copy);
        return RC_ENOMEM;
    }
    htmlCtxtUseOptions(ctxt, opts);
    htmlParseChunk(ctxt, copy, (int)len, 1);
    end_line(&st);
    htmlFreeParserCtxt(ctxt);
    free(copy);
    free(st.tables);
    rc_buf_release(&st.line);
    return st.rc;
}
