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
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "core/buf.h"

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

static const char *const block_tags[] = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "br", "hr", "blockquote", "pre", "section", "article",
    "header", "footer", "address", "center", "caption", "body", "html",
    "form", "fieldset", "nav", "main", "aside", "figure", NULL,
};

static const char *const skip_tags[] = {
    "script", "style", "head", "title", "noscript", "template", "xml", NULL,
};

static bool tag_in(const char *name, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (strcasecmp(name, set[i]) == 0)
            return true;
    return false;
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
    if (st->n_tables == st->cap_tables) {
        size_t cap = st->cap_tables ? st->cap_tables * 2 : 8;
        struct tablectx *v = realloc(st->tables, cap * sizeof *v);
        if (v == NULL) {
            st->rc = RC_ENOMEM;
            return;
        }
        st->tables = v;
        st->cap_tables = cap;
    }
    memset(&st->tables[st->n_tables++], 0, sizeof(struct tablectx));
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **attrs)
{
    struct hstate *st = ctx;
    const char *name = (const char *)xname;
    struct tablectx *t;

    (void)attrs;
    if (tag_in(name, skip_tags)) {
        st->skip++;
        return;
    }
    if (strcasecmp(name, "table") == 0) {
        end_line(st);
        push_table(st);
    } else if (strcasecmp(name, "tr") == 0) {
        end_line(st);
        if ((t = top_table(st)) != NULL) {
            t->in_row = true;
            t->cells = 0;
            t->in_cell = false;
        }
    } else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
        start_cell(st);
    } else if (strcasecmp(name, "pre") == 0) {
        st->pre++;
        block_break(st);
    } else if (tag_in(name, block_tags)) {
        block_break(st);
    }
}

static void on_end(void *ctx, const xmlChar *xname)
{
    struct hstate *st = ctx;
    const char *name = (const char *)xname;
    struct tablectx *t = top_table(st);

    if (tag_in(name, skip_tags)) {
        if (st->skip > 0)
            st->skip--;
        return;
    }
    if (strcasecmp(name, "table") == 0) {
        end_line(st);
        if (st->n_tables > 0)
            st->n_tables--;
    } else if (strcasecmp(name, "tr") == 0) {
        end_line(st);
        if (t)
            t->in_row = t->in_cell = false;
    } else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
        if (t)
            t->in_cell = false;
        st->space = false;
    } else if (strcasecmp(name, "pre") == 0) {
        if (st->pre > 0)
            st->pre--;
        block_break(st);
    } else if (tag_in(name, block_tags) && strcasecmp(name, "br") != 0) {
        block_break(st);
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

static void on_text(void *ctx, const xmlChar *text, int len)
{
    struct hstate *st = ctx;
    const unsigned char *p = text;
    size_t n = (size_t)len, i = 0, skip;

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
            if (st->space && st->line.len > 0 &&
                st->line.data[st->line.len - 1] != '\t')
                add_byte(st, ' ');
            st->space = false;
            add_byte(st, (char)p[i]);
            i++;
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
