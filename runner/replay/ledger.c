/*
 * The call ledger (see ledger.h). Reads take a shared lock, appends an
 * exclusive one; each entry goes out in one write(2) on an O_APPEND
 * descriptor, so a reader never sees half a line from a live writer.
 */
#include "replay/ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <jansson.h>

#include "core/fsutil.h"

void ledger_month(char out[8], time_t t)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 8, "%Y-%m", &tm);
}

/* Adds the calls of one line when it is for month and env. */
static void count_line(long *used, const char *line, size_t len,
                       const char *path, long lineno, const char *month,
                       const char *env, struct strvec *warnings)
{
    json_t *doc = json_loadb(line, len, 0, NULL);
    json_t *calls = json_object_get(doc, "calls");
    const char *m = json_string_value(json_object_get(doc, "month"));
    const char *e = json_string_value(json_object_get(doc, "environment"));

    if (!json_is_integer(calls) || m == NULL || e == NULL) {
        if (warnings)
            strvec_pushf(warnings, "%s:%ld: not a ledger entry, skipped",
                         path, lineno);
    } else if (strcmp(m, month) == 0
               && (env == NULL || strcmp(e, env) == 0)) {
        *used += (long)json_integer_value(calls);
    }
    json_decref(doc);
}

int ledger_used(long *used, const char *path, const char *month,
                const char *env, struct strvec *warnings,
                struct rc_error *err)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;

    *used = 0;
    if (fp == NULL)
        return errno == ENOENT ? 0
               : rc_error_set(err, RC_EIO, path, "cannot read ledger: %s",
                              strerror(errno));
    flock(fileno(fp), LOCK_SH);
    while ((n = getline(&line, &cap, fp)) > 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n > 0)
            count_line(used, line, (size_t)n, path, lineno, month, env,
                       warnings);
    }
    free(line);
    flock(fileno(fp), LOCK_UN);
    fclose(fp);
    return 0;
}

/* The entry's text, with a final newline (caller frees). */
static char *entry_text(const char *env, const char *command, long calls)
{
    time_t now = time(NULL);
    struct tm tm;
    char at[32], month[8], *text, *line = NULL;
    json_t *o;

    gmtime_r(&now, &tm);
    strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
    ledger_month(month, now);
    o = json_pack("{s:s, s:s, s:s, s:s, s:I}", "at", at, "month", month,
                  "environment", env, "command", command, "calls",
                  (json_int_t)calls);
    text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (text && asprintf(&line, "%s\n", text) < 0)
        line = NULL;
    free(text);
    return line;
}

int ledger_append(const char *path, const char *env, const char *command,
                  long calls, bool sync, struct rc_error *err)
{
    char *line, *dir;
    int fd, rc = 0;
    size_t len;

    if (calls <= 0)
        return 0;
    dir = fs_dirname(path);
    if (dir == NULL || fs_mkdirs(dir, 0700, err) != 0) {
        free(dir);
        return rc_error_set(err, RC_EIO, path, "cannot create its folder");
    }
    free(dir);
    line = entry_text(env, command, calls);
    if (line == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    len = strlen(line);
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = rc_error_set(err, RC_EIO, path, "cannot open ledger: %s",
                          strerror(errno));
    } else {
        flock(fd, LOCK_EX);
        if (write(fd, line, len) != (ssize_t)len)
            rc = rc_error_set(err, RC_EIO, path, "cannot append to ledger: "
                              "%s", strerror(errno));
        if (sync && fsync(fd) != 0 && rc == 0)
            rc = rc_error_set(err, RC_EIO, path, "cannot sync ledger: %s",
                              strerror(errno));
        flock(fd, LOCK_UN);
        close(fd);
    }
    free(line);
    return rc;
}
