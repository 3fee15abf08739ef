/*
 * File-system helpers (see fsutil.h).
 */
#include "core/fsutil.h"

#include <ctype.h>
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

bool fs_name_ok(const char *name, size_t len)
{
    if (name == NULL || len == 0 || len > FS_NAME_MAX ||
        strlen(name) != len || !isalnum((unsigned char)name[0]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(isalnum((unsigned char)name[i]) || name[i] == '-' ||
              name[i] == '_' || name[i] == '.'))
            return false;
    return true;
}

/* Folds "." and ".." of an absolute path in place. */
static void fold_dots(char *p)
{
    char *out = p, *seg = p;

    while (*seg) {
        size_t n;

        while (*seg == '/')
            seg++;
        n = strcspn(seg, "/");
        if (n == 0)
            break;
        if (n == 1 && seg[0] == '.') {
            seg += n;
            continue;
        }
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out > p && *--out != '/')
                ;
            seg += n;
            continue;
        }
        *out++ = '/';
        memmove(out, seg, n);
        out += n;
        seg += n;
    }
    if (out == p)
        *out++ = '/';
    *out = '\0';
}

char *fs_resolve(const char *path)
{
    char *abs = fs_absolute(path), *cut, *res = NULL;
    char real[PATH_MAX];
    size_t n;

    if (abs == NULL)
        return NULL;
    fold_dots(abs);
    n = strlen(abs);
    for (;;) {
        char keep = abs[n];

        abs[n] = '\0';
        if (realpath(n ? abs : "/", real) != NULL) {
            abs[n] = keep;
            if (asprintf(&res, "%s%s", strcmp(real, "/") == 0 && abs[n]
                         ? "" : real, abs + n) < 0)
                res = NULL;
            break;
        }
        abs[n] = keep;
        if ((cut = memrchr(abs, '/', n)) == NULL)
            break;
        n = (size_t)(cut - abs);
    }
    free(abs);
    return res;
}

bool fs_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    while (n > 1 && dir[n - 1] == '/')
        n--;
    return strncmp(path, dir, n) == 0 &&
           (path[n] == '\0' || path[n] == '/' || (n == 1 && dir[0] == '/'));
}

bool fs_dir_empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool empty = d != NULL;

    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            empty = false;
            break;
        }
    if (d)
        closedir(d);
    return empty;
}

int fs_no_symlink_below(const char *base, const char *path,
                        struct rc_error *err)
{
    size_t n = strlen(base);
    char *p = strdup(path);
    struct stat st;
    int rc = 0;

    if (p == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (strncmp(p, base, n) != 0 || (p[n] != '/' && p[n] != '\0'))
        n = strlen(p);     /* not below base: the user's own choice */
    for (char *c = p + n; rc == 0 && *c;) {
        c += strspn(c, "/");
        c += strcspn(c, "/");
        char keep = *c;
        *c = '\0';
        if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
            rc = rc_error_set(err, RC_EINPUT, fs_display(p), "is a symbolic "
                              "link: relcheck does not write through links "
                              "(make it a real folder or file)");
        *c = keep;
    }
    free(p);
    return rc;
}
