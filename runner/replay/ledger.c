/*
 * The call ledger (see ledger.h). Reads take a shared lock, appends and
 * reservations an exclusive one; each entry goes out in one write(2) on
 * an O_APPEND descriptor, so a reader never sees half a line from a live
 * writer (a killed one may leave a line cut short: the next append ends
 * it first).
 */
#include "replay/ledger.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/fsutil.h"
#include "core/jsonw.h"

void ledger_month(char out[8], time_t t)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 8, "%Y-%m", &tm);
}

/* What the lines of a month say so far. */
struct tally {
    long used;
    json_t *open;        /* reservation id -> its line (borrowed refs) */
    json_t *spent;       /* reservation id -> calls written under it */
    bool bad;            /* a line was an error (err is set) */
};

/* Whether a reservation line still holds its calls: its process lives (or
 * runs elsewhere) and it is less than a day old. */
static bool reservation_live(const json_t *r)
{
    char host[256] = "";
    const char *h = json_string_value(json_object_get(r, "host"));
    json_int_t pid = json_integer_value(json_object_get(r, "pid"));
    json_int_t t = json_integer_value(json_object_get(r, "t"));

    if (t <= 0 || time(NULL) - (time_t)t > 86400)
        return false;
    gethostname(host, sizeof host - 1);
    if (h && strcmp(h, host) == 0 && pid > 0 && pid != getpid() &&
        kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return false;
    return true;
}

/* Adds what one line says when it is for month and env. */
static void count_line(struct tally *t, const char *line, size_t len,
                       const char *path, long lineno, const char *month,
                       const char *env, struct strvec *warnings,
                       struct rc_error *err)
{
    json_t *doc = json_loadb(line, len, 0, NULL);
    json_t *calls = json_object_get(doc, "calls");
    const char *m = json_string_value(json_object_get(doc, "month"));
    const char *e = json_string_value(json_object_get(doc, "environment"));
    const char *id = json_string_value(json_object_get(doc, "reservation"));
    const char *rel = json_string_value(json_object_get(doc, "released"));
    json_int_t n = json_integer_value(calls);

    if (!json_is_integer(calls) || m == NULL || e == NULL) {
        if (warnings)
            strvec_pushf(warnings, "%s:%ld: not a ledger entry, skipped",
                         path, lineno);
    } else if (n < 0 || n > LONG_MAX - t->used) {
        t->bad = true;
        rc_error_at(err, RC_EINPUT, path, (int)lineno, 1, "'calls' is %s: "
                    "the ledger is damaged (fix or remove that line)",
                    n < 0 ? "negative" : "too large");
    } else if (strcmp(m, month) == 0 && (env == NULL || strcmp(e, env) == 0)) {
        t->used += (long)n;
        if (rel)
            json_object_del(t->open, rel);
        else if (id && json_is_integer(json_object_get(doc, "reserve")))
            json_object_set(t->open, id, doc);
        else if (id)
            json_object_set_new(t->spent, id, json_integer(
                json_integer_value(json_object_get(t->spent, id)) + n));
    }
    json_decref(doc);
}

/* Sums the lines of fp (under a lock the caller holds) into *used. */
static int sum_lines(long *used, FILE *fp, const char *path,
                     const char *month, const char *env,
                     struct strvec *warnings, struct rc_error *err)
{
    struct tally t = {0, json_object(), json_object(), false};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    const char *id;
    json_t *r;

    while (!t.bad && (n = getline(&line, &cap, fp)) > 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n > 0)
            count_line(&t, line, (size_t)n, path, lineno, month, env,
                       warnings, err);
    }
    json_object_foreach(t.open, id, r) {
        json_int_t left = json_integer_value(json_object_get(r, "reserve"))
                          - json_integer_value(json_object_get(t.spent, id));
        if (left > 0 && left <= LONG_MAX - t.used && reservation_live(r))
            t.used += (long)left;
    }
    free(line);
    json_decref(t.open);
    json_decref(t.spent);
    *used = t.used;
    return t.bad ? err->code : 0;
}

int ledger_used(long *used, const char *path, const char *month,
                const char *env, struct strvec *warnings,
                struct rc_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
    int rc;

    *used = 0;
    if (fp == NULL) {
        if (fd >= 0)
            close(fd);
        return errno == ENOENT ? 0
               : rc_error_set(err, RC_EIO, path, "cannot read ledger: %s",
                              strerror(errno));
    }
    flock(fileno(fp), LOCK_SH);
    rc = sum_lines(used, fp, path, month, env, warnings, err);
    flock(fileno(fp), LOCK_UN);
    fclose(fp);
    return rc;
}

/* The text of a line with the members of extra (stolen), with a final
 * newline (caller frees). */
static char *entry_text(const struct ledger *l, const char *month,
                        long calls, json_t *extra)
{
    time_t now = time(NULL);
    struct tm tm;
    char at[32], *text, *line = NULL;
    json_t *o;

    gmtime_r(&now, &tm);
    strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
    o = json_pack("{s:s, s:s, s:s, s:s, s:I}", "at", at, "month", month,
                  "environment", l->env, "command", l->command, "calls",
                  (json_int_t)calls);
    if (o && extra)
        json_object_update(o, extra);
    json_decref(extra);
    text = o ? jsonw_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (text && asprintf(&line, "%s\n", text) < 0)
        line = NULL;
    free(text);
    return line;
}

/* Appends line (the caller holds the exclusive lock), after a newline
 * when the last line was cut short by a killed writer. */
static int write_line(struct ledger *l, const char *line, bool sync,
                      struct rc_error *err)
{
    struct stat st;
    char last = '\n';
    const char *p = line;
    size_t len = strlen(line);
    char *joined = NULL;

    if (fstat(l->fd, &st) == 0 && st.st_size > 0 &&
        pread(l->fd, &last, 1, st.st_size - 1) != 1)
        last = '\n';
    if (last != '\n') {
        if (asprintf(&joined, "\n%s", line) < 0)
            return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
        p = joined;
        len++;
    }
    if (write(l->fd, p, len) != (ssize_t)len) {
        free(joined);
        return rc_error_set(err, RC_EIO, l->path, "cannot append to ledger: "
                            "%s", strerror(errno));
    }
    free(joined);
    if (sync && fsync(l->fd) != 0)
        return rc_error_set(err, RC_EIO, l->path, "cannot sync ledger: %s",
                            strerror(errno));
    return 0;
}

/* Appends one line under the exclusive lock. */
static int append(struct ledger *l, const char *month, long calls,
                  json_t *extra, bool sync, struct rc_error *err)
{
    char *line = entry_text(l, month, calls, extra);
    int rc;

    if (line == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    flock(l->fd, LOCK_EX);
    rc = write_line(l, line, sync, err);
    flock(l->fd, LOCK_UN);
    free(line);
    return rc;
}

int ledger_open(struct ledger *l, const char *path, const char *env,
                const char *command, struct rc_error *err)
{
    char *dir = fs_dirname(path);
    struct stat st;

    memset(l, 0, sizeof(*l));
    l->fd = -1;
    l->env = env;
    l->command = command;
    if (dir == NULL || fs_mkdirs(dir, 0700, err) != 0) {
        free(dir);
        return rc_error_set(err, RC_EIO, path, "cannot create the ledger's "
                            "folder");
    }
    free(dir);
    if ((l->path = strdup(path)) == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    l->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                 0600);
    if (l->fd < 0)
        return rc_error_set(err, RC_EIO, path, "cannot open the ledger: %s%s",
                            strerror(errno), errno == ELOOP ? " (it is a "
                            "symbolic link)" : "");
    if (fstat(l->fd, &st) != 0 || !S_ISREG(st.st_mode))
        return rc_error_set(err, RC_EIO, path, "the ledger is not a regular "
                            "file");
    return 0;
}

int ledger_reserve(struct ledger *l, long *used, bool *over,
                   const char *month, const char *scope_env, long planned,
                   long monthly, bool enforce, struct strvec *warnings,
                   struct rc_error *err)
{
    int dupfd = dup(l->fd);
    FILE *fp = dupfd >= 0 ? fdopen(dupfd, "r") : NULL;
    char host[256] = "";
    json_t *extra;
    int rc;

    *used = 0;
    *over = false;
    if (fp == NULL) {
        if (dupfd >= 0)
            close(dupfd);
        return rc_error_set(err, RC_EIO, l->path, "cannot read ledger: %s",
                            strerror(errno));
    }
    flock(l->fd, LOCK_EX);
    rc = sum_lines(used, fp, l->path, month, scope_env, warnings, err);
    *over = monthly > 0 && *used + planned > monthly;
    if (rc == 0 && planned > 0 && (!*over || !enforce)) {
        gethostname(host, sizeof host - 1);
        snprintf(l->id, sizeof l->id, "%ld-%ld-%ld", (long)time(NULL),
                 (long)getpid(), (long)(clock() & 0xffff));
        snprintf(l->month, sizeof l->month, "%s", month);
        extra = json_pack("{s:I, s:s, s:I, s:s, s:I}", "reserve",
                          (json_int_t)planned, "reservation", l->id, "pid",
                          (json_int_t)getpid(), "host", host, "t",
                          (json_int_t)time(NULL));
        char *line = extra ? entry_text(l, month, 0, extra) : NULL;
        rc = line ? write_line(l, line, false, err)
                  : rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
        free(line);
        if (rc)
            l->id[0] = '\0';
    }
    flock(l->fd, LOCK_UN);
    fclose(fp);
    return rc;
}

int ledger_add(struct ledger *l, long calls, bool sync,
               struct rc_error *err)
{
    char month[8];

    if (calls <= 0)
        return 0;
    ledger_month(month, time(NULL));
    return append(l, month, calls, l->id[0] && strcmp(month, l->month) == 0
                  ? json_pack("{s:s}", "reservation", l->id) : NULL, sync,
                  err);
}

int ledger_close(struct ledger *l, struct rc_error *err)
{
    int rc = 0;

    if (l->fd >= 0 && l->id[0])
        rc = append(l, l->month, 0, json_pack("{s:s}", "released", l->id),
                    true, err);
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
    l->id[0] = '\0';
    free(l->path);
    l->path = NULL;
    return rc;
}
