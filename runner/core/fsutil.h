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

#endif
