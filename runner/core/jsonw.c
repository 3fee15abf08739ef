/*
 * The JSON writer (see jsonw.h). Nesting is walked recursively, at most
 * JW_MAX_DEPTH levels deep (jansson's own limit). Text is gathered in a
 * bounded buffer; for a stream it is handed on in blocks of JW_BLOCK
 * bytes, at value boundaries.
 */
#include "core/jsonw.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JW_MAX_DEPTH 2048
#define JW_BLOCK 65536

#define FLAGS_TO_INDENT(f) ((f) & 0x1F)

struct jw {
    struct rc_buf *b;
    size_t flags;
    FILE *fp;    /* NULL: the whole text stays in b */
    int io_err;  /* fp refused bytes */
};

/* Hands b's bytes to fp once they fill a block. */
static void jw_flush(struct jw *w, size_t at_least)
{
    if (w->fp == NULL || w->b->len < at_least || rc_buf_error(w->b))
        return;
    if (w->b->len && fwrite(w->b->data, 1, w->b->len, w->fp) != w->b->len)
        w->io_err = 1;
    rc_buf_reset(w->b);
}

/* The length of the valid UTF-8 sequence at p (n > 0 bytes left, *p >=
 * 0x80), or 0: jansson's test (no overlong forms, no surrogates, nothing
 * past U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
    uint32_t cp = p[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);

    if (p[0] < 0xC2 || p[0] > 0xF4 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)
        || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
        return 0;
    return len;
}

/* The escape of ASCII character c (a quote, a backslash or a control
 * character) into esc (8 bytes); returns its length. */
static size_t escape_char(char esc[8], unsigned char c, size_t flags)
{
    static const char short_esc[] = "\bb\ff\nn\rr\tt\"\"\\\\";

    for (const char *s = short_esc; *s; s += 2)
        if ((unsigned char)*s == c) {
            esc[0] = '\\';
            esc[1] = s[1];
            return 2;
        }
    snprintf(esc, 8, flags & JSONW_LOWER_HEX ? "\\u%04x" : "\\u%04X", c);
    return 6;
}

static int write_string(struct jw *w, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    const unsigned char *run = p;
    char esc[8];

    rc_buf_addc(w->b, '"');
    while (p < end) {
        if (*p >= 0x80) {
            size_t n = utf8_seq(p, (size_t)(end - p));
            if (n == 0)
                return RC_EINPUT;
            p += n;
        } else if (*p >= 0x20 && *p != '"' && *p != '\\') {
            p++;
        } else {
            rc_buf_add(w->b, run, (size_t)(p - run));
            rc_buf_add(w->b, esc, escape_char(esc, *p, w->flags));
            run = ++p;
        }
    }
    rc_buf_add(w->b, run, (size_t)(p - run));
    return rc_buf_addc(w->b, '"');
}

/* jansson's dump_indent: a newline and depth levels of indentation, or
 * with no indentation a space where wanted (space) unless compact. */
static void write_indent(struct jw *w, int depth, int space)
{
    static const char blanks[] = "                                ";
    size_t n = FLAGS_TO_INDENT(w->flags) * (size_t)depth;

    if (FLAGS_TO_INDENT(w->flags) == 0) {
        if (space && !(w->flags & JSON_COMPACT))
            rc_buf_addc(w->b, ' ');
        return;
    }
    rc_buf_addc(w->b, '\n');
    for (; n > 0; n -= n < 32 ? n : 32)
        rc_buf_add(w->b, blanks, n < 32 ? n : 32);
}

static int write_value(struct jw *w, const json_t *v, int depth);

static int write_object(struct jw *w, const json_t *v, int depth)
{
    const char *sep = w->flags & JSON_COMPACT ? ":" : ": ";
    void *it = json_object_iter((json_t *)v);
    int rc = 0;

    rc_buf_addc(w->b, '{');
    if (it == NULL)
        return rc_buf_addc(w->b, '}');
    write_indent(w, depth + 1, 0);
    while (it && rc == 0) {
        void *next = json_object_iter_next((json_t *)v, it);

        rc = write_string(w, json_object_iter_key(it),
                          json_object_iter_key_len(it));
        rc_buf_adds(w->b, sep);
        if (rc == 0)
            rc = write_value(w, json_object_iter_value(it), depth + 1);
        if (next) {
            rc_buf_addc(w->b, ',');
            write_indent(w, depth + 1, 1);
        } else {
            write_indent(w, depth, 0);
        }
        jw_flush(w, JW_BLOCK);
        it = next;
    }
    return rc ? rc : rc_buf_addc(w->b, '}');
}

static int write_array(struct jw *w, const json_t *v, int depth)
{
    size_t n = json_array_size(v);
    int rc = 0;

    rc_buf_addc(w->b, '[');
    if (n == 0)
        return rc_buf_addc(w->b, ']');
    write_indent(w, depth + 1, 0);
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = write_value(w, json_array_get(v, i), depth + 1);
        if (i + 1 < n) {
            rc_buf_addc(w->b, ',');
            write_indent(w, depth + 1, 1);
        } else {
            write_indent(w, depth, 0);
        }
        jw_flush(w, JW_BLOCK);
    }
    return rc ? rc : rc_buf_addc(w->b, ']');
}

static int write_value(struct jw *w, const json_t *v, int depth)
{
    char num[JSONW_REAL_MAX];
    int n;

    if (depth >= JW_MAX_DEPTH)
        return RC_EINPUT;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return write_object(w, v, depth);
    case JSON_ARRAY:
        return write_array(w, v, depth);
    case JSON_STRING:
        return write_string(w, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
                     json_integer_value(v));
        return rc_buf_add(w->b, num, (size_t)n);
    case JSON_REAL:
        return rc_buf_add(w->b, num,
                          jsonw_real_text(num, json_real_value(v)));
    case JSON_TRUE:
        return rc_buf_add(w->b, "true", 4);
    case JSON_FALSE:
        return rc_buf_add(w->b, "false", 5);
    default:
        return rc_buf_add(w->b, "null", 4);
    }
}

int jsonw_write(struct rc_buf *out, const json_t *value, size_t flags)
{
    struct jw w = {out, flags, NULL, 0};
    int rc;

    if (value == NULL)
        return RC_EINPUT;
    rc = write_value(&w, value, 0);
    return rc ? rc : rc_buf_error(out);
}

char *jsonw_dumps(const json_t *value, size_t flags)
{
    struct rc_buf b;
    char *text = NULL;

    rc_buf_init(&b, SIZE_MAX / 2);
    if (jsonw_write(&b, value, flags) == 0)
        text = rc_buf_detach(&b, NULL);
    rc_buf_release(&b);
    return text;
}

int jsonw_dumpf(const json_t *value, FILE *fp, size_t flags)
{
    struct rc_buf b;
    struct jw w = {&b, flags, fp, 0};
    int rc = RC_EINPUT;

    rc_buf_init(&b, SIZE_MAX / 2);
    if (value)
        rc = write_value(&w, value, 0);
    if (rc == 0)
        rc = rc_buf_error(&b);
    if (rc == 0)
        jw_flush(&w, 0);
    if (rc == 0 && w.io_err)
        rc = RC_EIO;
    rc_buf_release(&b);
    return rc;
}

/*
 * Splits v (> 0) into its shortest significant digits and decimal
 * exponent: v = 0.DIGITS * 10^point. digits gets at most 17 characters.
 * Any decimal of at most 15 significant digits survives the trip to a
 * double and back (DBL_DIG), so when 15 digits read back to v, dropping
 * their trailing zeros gives the shortest form; otherwise 16 or 17 digits
 * are needed. Subnormals hold fewer bits: for them every precision is
 * tried.
 */
static void shortest_digits(double v, char digits[24], int *point)
{
    char text[40];
    size_t n = 0;
    char *e;

    for (int prec = v < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*e", prec - 1, v);
        if (strtod(text, NULL) == v)
            break;
    }
    /* text is "D.DDDDe[+-]XX" */
    e = strchr(text, 'e');
    for (char *p = text; p < e; p++)
        if (*p != '.')
            digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *point = atoi(e + 1) + 1;
}

/* What is left of jsonw_real_text's out after p. */
#define ROOM ((size_t)(out + JSONW_REAL_MAX - p))

size_t jsonw_real_text(char out[JSONW_REAL_MAX], double v)
{
    char digits[24], *p = out;
    int point, exp10;
    size_t n;

    if (!isfinite(v))
        return (size_t)snprintf(out, JSONW_REAL_MAX, "null");
    if (v == 0)
        return (size_t)snprintf(out, JSONW_REAL_MAX, "%s",
                                signbit(v) ? "-0.0" : "0.0");
    if (v < 0)
        *p++ = '-';
    shortest_digits(fabs(v), digits, &point);
    n = strlen(digits);
    exp10 = point - 1;
    if (exp10 < -4 || exp10 >= 16) {
        /* scientific, as Python's repr: 1e+16, 1.5e-05 */
        p += snprintf(p, ROOM, "%c%s%s", digits[0], n > 1 ? "." : "", digits + 1);
        p += snprintf(p, ROOM, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    } else if (point <= 0) {
        p += snprintf(p, ROOM, "0.%.*s%s", -point, "0000", digits);
    } else if ((size_t)point >= n) {
        p += snprintf(p, ROOM, "%s%.*s.0", digits, point - (int)n,
                     "0000000000000000");
    } else {
        p += snprintf(p, ROOM, "%.*s.%s", point, digits, digits + point);
    }
    return (size_t)(p - out);
}

int jsonw_real(struct rc_buf *out, double v)
{
    char text[JSONW_REAL_MAX];

    return rc_buf_add(out, text, jsonw_real_text(text, v));
}
