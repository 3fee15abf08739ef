/*
 * Errors as values. Engine functions return 0 or a negative RC_E* code and
 * fill a caller-owned struct rc_error; only the cmd_* layer prints it, once,
 * as "relcheck: WHERE: WHAT" (WHERE is file:line:column when known). The
 * struct holds no pointers, so it needs no release.
 */
#ifndef RC_ERROR_H
#define RC_ERROR_H

#include <stddef.h>

enum rc_code {
    RC_OK = 0,
    RC_EUSAGE = -1,   /* bad command line */
    RC_ECONFIG = -2,  /* bad configuration or workspace file */
    RC_EINPUT = -3,   /* unreadable or malformed input file */
    RC_EENV = -4,     /* network, TLS, auth, server */
    RC_ENOMEM = -5,   /* allocation failed */
    RC_EIO = -6,      /* reading or writing a file failed */
    RC_EINTR = -7,    /* interrupted by a signal */
    RC_ETOOBIG = -8,  /* a bounded buffer would exceed its maximum */
    RC_ENOTFOUND = -9 /* a named thing does not exist */
};

struct rc_error {
    int code;
    char where[1024];   /* "file:line:column", "file", or a command name */
    char message[1024];
};

#if defined(__GNUC__)
#define RC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RC_PRINTF(f, a)
#endif

/* Clears err (err may be NULL). */
void rc_error_clear(struct rc_error *err);

/*
 * Fills err (if not NULL) and returns code, so that callers can write
 * `return rc_error_set(err, RC_EINPUT, path, "bad %s", x);`. where may be
 * NULL. Messages are lowercase, problem first, subject quoted.
 */
int rc_error_set(struct rc_error *err, int code, const char *where,
                 const char *fmt, ...) RC_PRINTF(4, 5);

/* As rc_error_set, with WHERE built as "file:line:column" (line/column 0 =
 * unknown and left out). */
int rc_error_at(struct rc_error *err, int code, const char *file, int line,
                int column, const char *fmt, ...) RC_PRINTF(6, 7);

/* Prefixes err->message with "PREFIX: " (for adding context on the way up). */
void rc_error_prefix(struct rc_error *err, const char *fmt, ...)
    RC_PRINTF(2, 3);


#endif
