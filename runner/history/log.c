/*
 * The history file (see history.h): appending an approval line, reading
 * the lines back, a run's release and the default approver's name.
 */
#include "history/history.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib.h>

#include "core/fsutil.h"
#include "core/jsonw.h"
#include "result/approvals.h"

/* Ends a last line that a killed writer left without its newline, so the
 * next line starts on a line of its own. */
static int end_torn_line(int fd, const char *path, struct rc_error *err)
{
    off_t size = lseek(fd, 0, SEEK_END);
    char c = '\n';

    if (size > 0 && pread(fd, &c, 1, size - 1) != 1)
        c = '\n';
    if (c != '\n' && write(fd, "\n", 1) != 1)
        return rc_error_set(err, RC_EIO, path, "cannot append: %s",
                            strerror(errno));
    return 0;
}

static int append_text(const char *path, const char *text, size_t len,
                       struct rc_error *err)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC
                            | O_NOFOLLOW, 0644);
    int rc;
    ssize_t n;

    if (fd < 0)
        return rc_error_set(err, RC_EIO, path, "cannot open the history "
                            "file: %s", errno == ELOOP ? "it is a symbolic "
                            "link" : strerror(errno));
    flock(fd, LOCK_EX);
    rc = end_torn_line(fd, path, err);
    if (rc == 0) {
        n = write(fd, text, len);
        if (n < 0 || (size_t)n != len)
            rc = rc_error_set(err, RC_EIO, path, "cannot append: %s",
                              n < 0 ? strerror(errno) : "short write");
    }
    if (rc == 0 && fsync(fd) != 0)
        rc = rc_error_set(err, RC_EIO, path, "cannot sync: %s",
                          strerror(errno));
    flock(fd, LOCK_UN);
    close(fd);
    return rc;
}

int history_append(const char *path, const struct history_stamp *stamp,
                   const json_t *run, const char *suite, const char *call,
                   const json_t *fields, const char *action,
                   struct rc_error *err)
{
    const char *release = result_run_release(run);
    json_t *line = json_object();
    char *dir = fs_dirname(path), *text;
    size_t len;
    int rc;

    json_object_set_new(line, "at", json_string(stamp->at));
    json_object_set_new(line, "by", json_string(stamp->by));
    json_object_set(line, "run", json_object_get(run, "id"));
    json_object_set_new(line, "release",
                        release ? json_string(release) : json_null());
    json_object_set(line, "environment", json_object_get(run, "environment"));
    json_object_set_new(line, "suite", json_string(suite));
    json_object_set_new(line, "call", json_string(call));
    json_object_set_new(line, "fields", json_deep_copy(fields));
    json_object_set_new(line, "action", json_string(action));
    json_object_set_new(line, "reason", stamp->reason
                                        ? json_string(stamp->reason)
                                        : json_null());
    text = jsonw_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(line);
    rc = dir ? fs_mkdirs(dir, 0755, err) : RC_ENOMEM;
    free(dir);
    if (rc == 0 && text == NULL)
        rc = rc_error_set(err, RC_ENOMEM, path, "out of memory");
    if (rc == 0) {
        len = strlen(text);
        text[len] = '\n';  /* jsonw_dumps' NUL becomes the newline */
        rc = append_text(path, text, len + 1, err);
    }
    free(text);
    return rc;
}

char *history_default_by(const char *dir)
{
    char *argv[] = {"git", "-C", (char *)dir, "config", "user.name", NULL};
    gchar *out = NULL;
    gint status = 1;
    struct passwd *pw;
    const char *user;

    if (g_spawn_sync(NULL, argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL)
        && g_spawn_check_wait_status(status, NULL) && out) {
        g_strstrip(out);
        if (*out) {
            char *name = strdup(out);
            g_free(out);
            return name;
        }
    }
    g_free(out);
    pw = getpwuid(getuid());
    user = pw && pw->pw_name ? pw->pw_name : getenv("USER");
    return strdup(user && *user ? user : "unknown");
}
