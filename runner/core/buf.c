/*
 * Bounded byte buffers (see buf.h). Growth doubles the capacity, capped at
 * max + 1 bytes for the terminator.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rc_buf_init(struct rc_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->err = 0;
}

void rc_buf_release(struct rc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->err = 0;
}

void rc_buf_reset(struct rc_buf *b)
{
    b->len = 0;
    b->err = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int grow(struct rc_buf *b, size_t need)
{
    size_t cap;
    char *p;

    if (need > b->max)
        return RC_ETOOBIG;
    if (need + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < need + 1)
        cap = cap > ((size_t)-1) / 2 ? need + 1 : cap * 2;
    if (cap > b->max + 1)
        cap = b->max + 1;
    p = realloc(b->data, cap);
    if (p == NULL)
        return RC_ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

/* Keeps the first failure (see buf.h). */
static int fail(struct rc_buf *b, int rc)
{
    if (b->err == 0)
        b->err = rc;
    return rc;
}

int rc_buf_error(const struct rc_buf *b)
{
    return b->err;
}

int rc_buf_add(struct rc_buf *b, const void *p, size_t n)
{
    int rc;

    if (b->err)
        return b->err;
    if (n > b->max - b->len)
        return fail(b, RC_ETOOBIG);
    rc = grow(b, b->len + n);
    if (rc)
        return fail(b, rc);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int rc_buf_adds(struct rc_buf *b, const char *s)
{
    return rc_buf_add(b, s, strlen(s));
}

int rc_buf_addc(struct rc_buf *b, char c)
{
    return rc_buf_add(b, &c, 1);
}

int rc_buf_vprintf(struct rc_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    int rc;

    if (b->err)
        return b->err;
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return fail(b, RC_EIO);
    if ((size_t)n > b->max - b->len)
        return fail(b, RC_ETOOBIG);
    rc = grow(b, b->len + (size_t)n);
    if (rc)
        return fail(b, rc);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int rc_buf_printf(struct rc_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = rc_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *rc_buf_detach(struct rc_buf *b, size_t *len)
{
    char *p = b->data;

    if (p == NULL)
        p = calloc(1, 1);
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->err = 0;
    return p;
}

const char *rc_buf_str(const struct rc_buf *b)
{
    return b->data ? b->data : "";
}
