/*
 * File-system helpers: path joining, folder creation, whole-file reads
 * (bounded), and the search for a file in the current folder or the
 * nearest parent. Returned strings are the caller's to free.
 */
#ifndef RC_FSUTIL_H
#define RC_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"

/* "a" + "b" = "a/b"; an absolute b is returned as a copy of b. */
char *fs_join(const char *a, const char *b);

/* The folder part of path ("." when there is none). */
char *fs_dirname(const char *path);

/* The last component of path, without the extension ext when it ends so
 * (ext may be NULL). */
char *fs_basename(const char *path, const char *ext);

/* Creates path and its missing parents. Returns 0 or RC_EIO. */
int fs_mkdirs(const char *path, mode_t mode, struct rc_error *err);

bool fs_is_dir(const char *path);
bool fs_is_file(const char *path);

/*
 * Reads a whole file into a NUL-terminated buffer (caller frees). Fails
 * with RC_ETOOBIG when the file is larger than max, RC_EINPUT when it
 * cannot be read. "-" reads standard input.
 */
int fs_read_file(char **out, size_t *len, const char *path, size_t max,
                 struct rc_error *err);

/*
 * Looks for name in start and then in each parent folder. Returns the
 * path found, or NULL when none exists.
 */
char *fs_find_upwards(const char *start, const char *name);

/* Lists the entries of dir (no "." or ".."), sorted, that end with suffix
 * (NULL for all). Returns 0, or RC_EIO when dir cannot be read. */
struct strvec;
int fs_list_dir(struct strvec *out, const char *dir, const char *suffix,
                struct rc_error *err);

/* Makes path absolute against the current folder (caller frees). */
char *fs_absolute(const char *path);


/* The path as shown to the user: relative to the current folder when it
 * lies below it, else unchanged. Returns a pointer into path (borrowed). */
const char *fs_display(const char *path);

/*
 * The name rule for suite names and call ids, which name files and
 * folders (suites/NAME.json, fixtures/SUITE/CALL.json): 1 to FS_NAME_MAX
 * bytes, an ASCII letter or digit first, then letters, digits, '-', '_'
 * and '.'. len is the name's length in bytes (a NUL inside fails).
 */
#define FS_NAME_MAX 128
bool fs_name_ok(const char *name, size_t len);

/*
 * path made absolute, "." and ".." folded, and the longest part of it that
 * exists resolved with realpath (symlinks followed), so two names of one
 * folder compare equal. Caller frees; NULL on allocation failure.
 */
char *fs_resolve(const char *path);

/* Whether path is dir or lies below it (both as fs_resolve gives them). */
bool fs_within(const char *path, const char *dir);

/* Whether dir is a folder with no entry. */
bool fs_dir_empty(const char *dir);

/*
 * Refuses to write through a symbolic link: each existing component of
 * path below base (base itself not checked; path may be a file or a
 * folder, existing or not) must not be a symlink. A path that is not
 * below base is not checked (a folder configured elsewhere is the user's
 * choice). Returns 0, or RC_EINPUT naming the link.
 */
int fs_no_symlink_below(const char *base, const char *path,
                        struct rc_error *err);

#endif
