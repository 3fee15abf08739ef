/*
 * The run folder while a run is going on (see runlog.h).
 */
#include "result/folder.h"
#include "run/runlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/config.h"
#include "core/afile.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "core/jsonw.h"

/* reports_dir/name, or name-2, name-3... when a run of the same second
 * already has that folder. */
static char *fresh_dir(const char *reports_dir, const char *name)
{
    char *path = fs_join(reports_dir, name);

    for (int i = 2; path && fs_is_dir(path) && i < 1000; i++) {
        char alt[160];
        free(path);
        snprintf(alt, sizeof alt, "%s-%d", name, i);
        path = fs_join(reports_dir, alt);
    }
    return path;
}

/* --out must not be a folder of the workspace's own (suites, fixtures,
 * their subfolders) nor an existing folder that holds anything: a run
 * writes run.json, calls.jsonl and reports there. */
static int check_out(const char *path, const struct config *cfg,
                     struct rc_error *err)
{
    const char *own[] = {cfg->suites_dir, cfg->fixtures_dir};
    char *res = fs_resolve(path), *dir;
    int rc = 0;

    if (res == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; rc == 0 && i < 2; i++) {
        dir = fs_resolve(own[i]);
        if (dir && fs_within(res, dir))
            rc = rc_error_set(err, RC_EUSAGE, fs_display(path), "--out is "
                              "inside the workspace's '%s' folder: choose a "
                              "folder for the run's files", fs_display(own[i]));
        free(dir);
    }
    if (rc == 0 && fs_is_dir(res) && !fs_dir_empty(res))
        rc = rc_error_set(err, RC_EUSAGE, fs_display(path), "--out names a "
                          "folder that is not empty: choose a new or empty "
                          "folder");
    free(res);
    return rc;
}

int runlog_make_dir(char **dir, const char *out, const struct config *cfg,
                    const char *env, struct rc_error *err)
{
    const char *reports_dir = cfg->reports_dir;
    char name[128];
    char *path = NULL, *runjson = NULL;
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    *dir = NULL;
    if (out && *out == '\0')
        return rc_error_set(err, RC_EUSAGE, "run", "option '--out' names no "
                            "folder (it is empty)");
    if (out) {
        path = fs_absolute(out);
    } else {
        gmtime_r(&now, &tm);
        strftime(name, sizeof name, "%Y%m%d-%H%M%S", &tm);
        snprintf(name + strlen(name), sizeof name - strlen(name), "-%s", env);
        path = fresh_dir(reports_dir, name);
    }
    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    runjson = fs_join(path, RUN_JSON);
    if (runjson && fs_is_file(runjson)) {
        rc = rc_error_set(err, RC_EUSAGE, fs_display(path), "already holds "
                          "a run (use --resume to complete it, or another "
                          "--out)");
        goto done;
    }
    if (out && (rc = check_out(path, cfg, err)) != 0)
        goto done;
    if ((rc = fs_mkdirs(path, 0755, err)) != 0)
        goto done;
    *dir = path;
    path = NULL;
done:
    free(path);
    free(runjson);
    return rc;
}

int runlog_read_run(json_t **out, const char *dir, struct rc_error *err)
{
    char *path = fs_join(dir, RUN_JSON);
    int rc;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (!fs_is_file(path))
        rc = rc_error_set(err, RC_EUSAGE, fs_display(dir), "not a run folder "
                          "(no run.json)");
    else
        rc = jx_load(out, NULL, path, err);
    if (rc == 0 && !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        rc = rc_error_set(err, RC_EINPUT, fs_display(path), "not a run "
                          "description (an object is expected)");
    }
    free(path);
    return rc;
}

int runlog_write_run(const char *dir, const json_t *run,
                     struct rc_error *err)
{
    char *path = fs_join(dir, RUN_JSON);
    int rc;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    rc = afile_write_json(path, run, err);
    free(path);
    return rc;
}

/* A run killed in the middle of a write may leave a last line without its
 * newline: end it, so the next call's line stays whole. */
static int end_torn_line(struct runlog *log, struct rc_error *err)
{
    int fd = open(log->path, O_RDONLY | O_CLOEXEC);
    off_t size;
    char c = '\n';

    if (fd < 0)
        return 0;
    size = lseek(fd, 0, SEEK_END);
    if (size > 0 && pread(fd, &c, 1, size - 1) != 1)
        c = '\n';
    close(fd);
    if (c != '\n' && write(log->fd, "\n", 1) != 1)
        return rc_error_set(err, RC_EIO, fs_display(log->path), "cannot "
                            "append: %s", strerror(errno));
    return 0;
}

int runlog_open(struct runlog *log, const char *dir, struct rc_error *err)
{
    log->fd = -1;
    log->path = fs_join(dir, RUN_CALLS);
    if (log->path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    log->fd = open(log->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                   0644);
    if (log->fd < 0)
        return rc_error_set(err, RC_EIO, fs_display(log->path), "cannot "
                            "open for appending: %s", strerror(errno));
    return end_torn_line(log, err);
}

int runlog_append(struct runlog *log, const json_t *line,
                  struct rc_error *err)
{
    char *text = jsonw_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    size_t len;
    ssize_t n;
    int rc = 0;

    if (text == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    len = strlen(text);
    text[len] = '\n';  /* jsonw_dumps' NUL becomes the newline */
    n = write(log->fd, text, len + 1);
    if (n < 0 || (size_t)n != len + 1)
        rc = rc_error_set(err, RC_EIO, fs_display(log->path), "cannot "
                          "append: %s", n < 0 ? strerror(errno)
                                              : "short write");
    free(text);
    return rc;
}

void runlog_close(struct runlog *log)
{
    if (log->fd >= 0) {
        fsync(log->fd);
        close(log->fd);
    }
    log->fd = -1;
    free(log->path);
    log->path = NULL;
}

int runlog_done(struct strvec *done, const char *dir,
                struct strvec *warnings, struct rc_error *err)
{
    char *path = fs_join(dir, RUN_CALLS);
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    FILE *fp;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    fp = fopen(path, "r");
    if (fp == NULL) {
        free(path);
        return 0;
    }
    while (getline(&line, &cap, fp) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *suite = json_string_value(json_object_get(o, "suite"));
        const char *id = json_string_value(json_object_get(o, "id"));
        lineno++;
        if (suite && id && json_object_get(o, "outcome"))
            strvec_pushf(done, "%s/%s", suite, id);
        else if (warnings)
            strvec_pushf(warnings, "%s:%ld: unreadable call line skipped "
                         "(the call will be replayed)", fs_display(path),
                         lineno);
        json_decref(o);
    }
    free(line);
    fclose(fp);
    free(path);
    strvec_sort_unique(done);
    return 0;
}
