/*
 * Errors as values: filling and mapping struct rc_error (see error.h).
 */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rc_error_clear(struct rc_error *err)
{
    if (err == NULL)
        return;
    err->code = 0;
    err->where[0] = '\0';
    err->message[0] = '\0';
}

static void set_message(struct rc_error *err, const char *fmt, va_list ap)
    RC_PRINTF(2, 0);

static void set_message(struct rc_error *err, const char *fmt, va_list ap)
{
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int rc_error_set(struct rc_error *err, int code, const char *where,
                 const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    va_start(ap, fmt);
    set_message(err, fmt, ap);
    va_end(ap);
    return code;
}

int rc_error_at(struct rc_error *err, int code, const char *file, int line,
                int column, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    err->code = code;
    if (line > 0 && column > 0)
        snprintf(err->where, sizeof err->where, "%s:%d:%d", file, line,
                 column);
    else if (line > 0)
        snprintf(err->where, sizeof err->where, "%s:%d", file, line);
    else
        snprintf(err->where, sizeof err->where, "%s", file ? file : "");
    va_start(ap, fmt);
    set_message(err, fmt, ap);
    va_end(ap);
    return code;
}

void rc_error_prefix(struct rc_error *err, const char *fmt, ...)
{
    char prefix[512];
    size_t np, nm, cap = sizeof err->message;
    va_list ap;

    if (err == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    np = strlen(prefix);
    nm = strlen(err->message);
    if (np + 2 >= cap)
        return;
    if (np + 2 + nm >= cap)
        nm = cap - np - 3;
    memmove(err->message + np + 2, err->message, nm);
    memcpy(err->message, prefix, np);
    memcpy(err->message + np, ": ", 2);
    err->message[np + 2 + nm] = '\0';
}
