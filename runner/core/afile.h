/*
 * Atomic file writes: every file relcheck writes goes through here. Data is
 * written to a temporary file in the target's folder, flushed with fsync and
 * renamed over the target, so a reader sees the old file or the new one,
 * never half of one. An afile owns its temporary file until commit or
 * abort; afile_abort (or a failed commit) removes it.
 */
#ifndef RC_AFILE_H
#define RC_AFILE_H

#include <stdio.h>
#include <sys/types.h>

#include <jansson.h>

#include "core/error.h"

struct afile;

/*
 * Opens a temporary file next to path (creating missing parent folders)
 * with the given mode (e.g. 0644, or 0600 for key material). On failure
 * returns NULL and fills err.
 */
struct afile *afile_open(const char *path, mode_t mode, struct rc_error *err);

/* The stream to write to (borrowed). */
FILE *afile_stream(struct afile *af);

/*
 * Flushes, fsyncs and renames the temporary file over the target, then
 * frees af. Any write error seen on the stream makes this fail: the target
 * is then untouched and err says why. af is freed in every case.
 */
int afile_commit(struct afile *af, struct rc_error *err);

/* Removes the temporary file and frees af (NULL is allowed). */
void afile_abort(struct afile *af);

/* Writes len bytes atomically to path. */
int afile_write(const char *path, const void *data, size_t len, mode_t mode,
                struct rc_error *err);

/* Writes a JSON value (borrowed) atomically, indented, with a final
 * newline and keys in insertion order. */
int afile_write_json(const char *path, const json_t *value,
                     struct rc_error *err);

/* Flags of afile_write_json_flags. AFILE_NOSYNC: skip the fsync (still
 * atomic against a crash of relcheck, not of the machine); for bulk
 * outputs such as a run's responses/, thousands of files a run. */
#define AFILE_NOSYNC 1u

int afile_write_json_flags(const char *path, const json_t *value,
                           unsigned flags, struct rc_error *err);

/* Marks an open afile so that commit skips the fsync. */
void afile_nosync(struct afile *af);

#endif
