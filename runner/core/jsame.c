/*
 * jx_same_text (see json.h): two JSON texts compared token by token, in
 * step, without building either. It answers true only when both texts
 * are what jx_parse would accept as a value (JSON_DECODE_ANY,
 * JSON_ALLOW_NUL, JSON_REJECT_DUPLICATES) and hold the same members in
 * the same order with the same values; anything it is not sure of
 * (another member order, a number written otherwise, escapes in a member
 * name, very deep nesting, very large numbers) is false, and the caller
 * then parses and diffs the two as before. The grammar checked is
 * jansson's: RFC 8259 values, UTF-8 without overlong forms or surrogates,
 * \u escapes with surrogate pairs, no control characters in strings,
 * whitespace space, tab, CR and LF only.
 */
#include "core/json.h"

#include <string.h>

#define SAME_MAX_DEPTH 256     /* jansson allows 2048; deeper is "unsure" */
#define SAME_MAX_KEYS 1024     /* member names of the open objects */

struct cur {
    const unsigned char *p;
    const unsigned char *end;
};

static void ws(struct cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\t'
                             || *c->p == '\r'))
        c->p++;
}

static int hex4(struct cur *c)
{
    int v = 0;

    if (c->end - c->p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        unsigned char h = *c->p++;
        v <<= 4;
        if (h >= '0' && h <= '9')
            v |= h - '0';
        else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
            v |= (h | 0x20) - 'a' + 10;
        else
            return -1;
    }
    return v;
}

/* The code point of an escape; c->p is just past the backslash. */
static long escape(struct cur *c)
{
    long u, lo;

    if (c->p >= c->end)
        return -1;
    switch (*c->p++) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': break;
    default: return -1;
    }
    if ((u = hex4(c)) < 0 || (u >= 0xDC00 && u <= 0xDFFF))
        return -1;
    if (u < 0xD800 || u > 0xDBFF)
        return u;
    if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u')
        return -1;
    c->p += 2;
    if ((lo = hex4(c)) < 0xDC00 || lo > 0xDFFF)
        return -1;
    return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
}

/* The next code point of a string (c->p not at its closing quote), -1
 * when the text is not valid there. */
static long code_point(struct cur *c)
{
    unsigned char b = *c->p++;
    long u;
    int more;

    if (b < 0x20)
        return -1;
    if (b == '\\')
        return escape(c);
    if (b < 0x80)
        return b;
    if (b >= 0xC2 && b <= 0xDF)
        more = 1, u = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF)
        more = 2, u = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4)
        more = 3, u = b & 0x07;
    else
        return -1;
    if (c->end - c->p < more)
        return -1;
    for (int i = 0; i < more; i++) {
        if ((c->p[i] & 0xC0) != 0x80)
            return -1;
        u = (u << 6) | (c->p[i] & 0x3F);
    }
    c->p += more;
    if ((more == 2 && (u < 0x800 || (u >= 0xD800 && u <= 0xDFFF)))
        || (more == 3 && (u < 0x10000 || u > 0x10FFFF)))
        return -1;
    return u;
}

/* Two strings, both at their opening quote: true when both are valid and
 * decode to the same text; *plain tells that a's holds no escape. */
static bool same_string(struct cur *a, struct cur *b, bool *plain)
{
    *plain = true;
    a->p++;
    b->p++;
    for (;;) {
        if (a->p >= a->end || b->p >= b->end)
            return false;
        unsigned char x = *a->p, y = *b->p;
        if (x == y && x >= 0x20 && x < 0x80 && x != '"' && x != '\\') {
            a->p++;
            b->p++;
            continue;
        }
        if (x == '"' || y == '"') {
            a->p++;
            b->p++;
            return x == y;
        }
        if (x == '\\')
            *plain = false;
        long u = code_point(a), v = code_point(b);
        if (u < 0 || u != v)
            return false;
    }
}

/* The length of the number at c->p by jansson's grammar, 0 when it is
 * not one or when jansson might refuse it (an integer of more than 18
 * digits, an exponent of more than 2 digits, more than 200 digits before
 * the point: an overflow). */
static size_t number_len(const struct cur *c)
{
    const unsigned char *p = c->p, *e = c->end, *digits;

    if (p < e && *p == '-')
        p++;
    digits = p;
    if (p < e && *p == '0')
        p++;
    else if (p < e && *p >= '1' && *p <= '9')
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    size_t int_digits = (size_t)(p - digits);
    bool real = false;
    if (p < e && *p == '.') {
        real = true;
        if (++p >= e || *p < '0' || *p > '9')
            return 0;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        const unsigned char *x;
        real = true;
        if (++p < e && (*p == '+' || *p == '-'))
            p++;
        x = p;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
        if (p == x || p - x > 2)
            return 0;
    }
    if ((!real && int_digits > 18) || int_digits > 200)
        return 0;
    return (size_t)(p - c->p);
}

/* A literal (true, false, null) at both cursors. */
static bool same_literal(struct cur *a, struct cur *b, const char *word)
{
    size_t n = strlen(word);

    if ((size_t)(a->end - a->p) < n || (size_t)(b->end - b->p) < n
        || memcmp(a->p, word, n) != 0 || memcmp(b->p, word, n) != 0)
        return false;
    a->p += n;
    b->p += n;
    return true;
}

/* One scalar at both cursors (first bytes equal). */
static bool same_scalar(struct cur *a, struct cur *b)
{
    bool plain;
    size_t n;

    switch (*a->p) {
    case '"':
        return same_string(a, b, &plain);
    case 't':
        return same_literal(a, b, "true");
    case 'f':
        return same_literal(a, b, "false");
    case 'n':
        return same_literal(a, b, "null");
    default:
        n = number_len(a);
        if (n == 0 || number_len(b) != n || memcmp(a->p, b->p, n) != 0)
            return false;
        a->p += n;
        b->p += n;
        return true;
    }
}

struct key {
    const unsigned char *p;
    size_t n;
};

/* The member name at both cursors, then the colon; names of the open
 * object (keys[from..*n)) must not repeat. */
static bool same_key(struct cur *a, struct cur *b, struct key *keys,
                     size_t from, size_t *n)
{
    const unsigned char *start = a->p + 1;
    bool plain;

    if (a->p >= a->end || b->p >= b->end || *a->p != '"' || *b->p != '"'
        || !same_string(a, b, &plain) || !plain || *n == SAME_MAX_KEYS)
        return false;
    struct key k = {start, (size_t)(a->p - 1 - start)};
    for (size_t i = from; i < *n; i++)
        if (keys[i].n == k.n && memcmp(keys[i].p, k.p, k.n) == 0)
            return false;
    keys[(*n)++] = k;
    ws(a);
    ws(b);
    if (a->p >= a->end || b->p >= b->end || *a->p != ':' || *b->p != ':')
        return false;
    a->p++;
    b->p++;
    return true;
}

bool jx_same_text(const char *atext, size_t alen, const char *btext,
                  size_t blen)
{
    struct cur a = {(const unsigned char *)atext,
                    (const unsigned char *)atext + alen};
    struct cur b = {(const unsigned char *)btext,
                    (const unsigned char *)btext + blen};
    unsigned char open[SAME_MAX_DEPTH];     /* '{' or '[' */
    size_t from[SAME_MAX_DEPTH];            /* an object's first key */
    struct key keys[SAME_MAX_KEYS];
    size_t depth = 0, n_keys = 0;

    for (;;) {
        /* a value */
        ws(&a);
        ws(&b);
        if (a.p >= a.end || b.p >= b.end || *a.p != *b.p)
            return false;
        if (*a.p == '{' || *a.p == '[') {
            unsigned char c = *a.p, close = c == '{' ? '}' : ']';
            if (depth == SAME_MAX_DEPTH)
                return false;
            a.p++;
            b.p++;
            ws(&a);
            ws(&b);
            if (a.p < a.end && *a.p == close) {
                if (b.p >= b.end || *b.p != close)
                    return false;
                a.p++;
                b.p++;
            } else {
                open[depth] = c;
                from[depth++] = n_keys;
                if (c == '[' || same_key(&a, &b, keys, n_keys, &n_keys))
                    continue;
                return false;
            }
        } else if (!same_scalar(&a, &b)) {
            return false;
        }
        /* after a value: a comma, the end of containers, or the end */
        for (;;) {
            ws(&a);
            ws(&b);
            if (depth == 0)
                return a.p == a.end && b.p == b.end;
            if (a.p >= a.end || b.p >= b.end || *a.p != *b.p)
                return false;
            unsigned char c = *a.p++;
            b.p++;
            if (c == ',') {
                if (open[depth - 1] == '[')
                    break;
                ws(&a);
                ws(&b);
                if (!same_key(&a, &b, keys, from[depth - 1], &n_keys))
                    return false;
                break;
            }
            if (c != (open[depth - 1] == '{' ? '}' : ']'))
                return false;
            n_keys = from[--depth];
        }
    }
}
