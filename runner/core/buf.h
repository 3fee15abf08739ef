/*
 * Bounded byte buffers. Every buffer has a mandatory maximum size (for
 * response bodies: replay.max_body); an append past it fails with
 * RC_ETOOBIG and leaves the buffer as it was. The first failed append's
 * code sticks: every later append fails with it and changes nothing, so
 * a writer may append unchecked and ask rc_buf_error once at the end
 * (rc_buf_reset and rc_buf_init clear it). The data is always
 * NUL-terminated (the terminator is not counted in len). The buffer owns
 * data; rc_buf_release frees it, rc_buf_detach hands it to the caller.
 */
#ifndef RC_BUF_H
#define RC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/error.h"

struct rc_buf {
    char *data;  /* NULL until the first append */
    size_t len;
    size_t cap;
    size_t max;  /* largest len allowed */
    int err;     /* the first failed append's RC_E* code, or 0 */
};

/* Starts an empty buffer that may grow to max bytes. */
void rc_buf_init(struct rc_buf *b, size_t max);

/* Frees the contents; the buffer can be used again after rc_buf_init. */
void rc_buf_release(struct rc_buf *b);

/* Empties the buffer, keeping its memory (and clears the error). */
void rc_buf_reset(struct rc_buf *b);

/* Appends n bytes. Returns 0, RC_ETOOBIG past max, or RC_ENOMEM. */
int rc_buf_add(struct rc_buf *b, const void *p, size_t n);
int rc_buf_adds(struct rc_buf *b, const char *s);
int rc_buf_addc(struct rc_buf *b, char c);
int rc_buf_printf(struct rc_buf *b, const char *fmt, ...) RC_PRINTF(2, 3);
int rc_buf_vprintf(struct rc_buf *b, const char *fmt, va_list ap)
    RC_PRINTF(2, 0);

/* Returns the data (never NULL: "" for an empty buffer) and resets the
 * buffer to empty; the caller frees the result. NULL on allocation failure. */
char *rc_buf_detach(struct rc_buf *b, size_t *len);

/* 0, or the code of the first append that failed (RC_ETOOBIG,
 * RC_ENOMEM, RC_EIO) since rc_buf_init or rc_buf_reset. */
int rc_buf_error(const struct rc_buf *b);

/* The contents as a C string (borrowed; "" when empty). */
const char *rc_buf_str(const struct rc_buf *b);

#endif
