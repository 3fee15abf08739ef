/*
 * File-system helpers (see fsutil.h).
 */
#include "core/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/strvec.h"

char *fs_join(const char *a, const char *b)
{
    char *out = NULL;
    size_t la;

    if (b[0] == '/' || a == NULL || a[0] == '\0')
        return strdup(b);
    la = strlen(a);
    if (asprintf(&out, "%s%s%s", a, a[la - 1] == '/' ? "" : "/", b) < 0)
        return NULL;
    return out;
}

char *fs_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

char *fs_basename(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);

    if (ext) {
        size_t le = strlen(ext);
        if (n > le && strcmp(base + n - le, ext) == 0)
            n -= le;
    }
    return strndup(base, n);
}

int fs_mkdirs(const char *path, mode_t mode, struct rc_error *err)
{
    char *p = strdup(path);
    int rc = 0;

    if (p == NULL)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    for (char *s = p + 1; ; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            rc = rc_error_set(err, RC_EIO, p, "cannot create folder: %s",
                              strerror(errno));
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    if (rc == 0 && !fs_is_dir(path))
        rc = rc_error_set(err, RC_EIO, path, "not a folder");
    free(p);
    return rc;
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int fs_read_file(char **out, size_t *len, const char *path, size_t max,
                 struct rc_error *err)
{
    struct rc_buf b;
    char chunk[65536];
    FILE *fp;
    size_t n;
    int rc = 0;

    *out = NULL;
    if (strcmp(path, "-") == 0)
        fp = stdin;
    else
        fp = fopen(path, "rb");
    if (fp == NULL)
        return rc_error_set(err, RC_EINPUT, fs_display(path), "cannot read: %s",
                            strerror(errno));
    rc_buf_init(&b, max);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        rc = rc_buf_add(&b, chunk, n);
        if (rc)
            break;
    }
    if (rc == RC_ETOOBIG)
        rc_error_set(err, rc, fs_display(path), "larger than %zu bytes", max);
    else if (rc)
        rc_error_set(err, rc, path, "out of memory");
    else if (ferror(fp) && errno == EISDIR)
        rc = rc_error_set(err, RC_EINPUT, fs_display(path),
                          "is a folder, not a file");
    else if (ferror(fp))
        rc = rc_error_set(err, RC_EINPUT, fs_display(path), "cannot read: %s",
                          strerror(errno));
    if (fp != stdin)
        fclose(fp);
    if (rc) {
        rc_buf_release(&b);
        return rc;
    }
    *out = rc_buf_detach(&b, len);
    return *out ? 0 : rc_error_set(err, RC_ENOMEM, path, "out of memory");
}

char *fs_find_upwards(const char *start, const char *name)
{
    char *dir = fs_absolute(start);

    while (dir) {
        char *candidate = fs_join(dir, name);
        if (candidate && fs_is_file(candidate)) {
            free(dir);
            return candidate;
        }
        free(candidate);
        if (strcmp(dir, "/") == 0)
            break;
        char *parent = fs_dirname(dir);
        free(dir);
        dir = parent;
    }
    free(dir);
    return NULL;
}

int fs_list_dir(struct strvec *out, const char *dir, const char *suffix,
                struct rc_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t ls = suffix ? strlen(suffix) : 0;

    if (d == NULL)
        return rc_error_set(err, RC_EIO, dir, "cannot read folder: %s",
                            strerror(errno));
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (suffix && (n <= ls || strcmp(e->d_name + n - ls, suffix) != 0))
            continue;
        if (strvec_push(out, e->d_name) < 0) {
            closedir(d);
            return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        }
    }
    closedir(d);
    strvec_sort_unique(out);
    return 0;
}

char *fs_absolute(const char *path)
{
    char cwd[PATH_MAX];

    if (path[0] == '/')
        return strdup(path);
    if (getcwd(cwd, sizeof cwd) == NULL)
        return NULL;
    if (strcmp(path, ".") == 0)
        return strdup(cwd);
    return fs_join(cwd, path);
}

const char *fs_display(const char *path)
{
    char cwd[PATH_MAX];
    size_t n;

    if (path[0] != '/' || getcwd(cwd, sizeof cwd) == NULL)
        return path;
    n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}
