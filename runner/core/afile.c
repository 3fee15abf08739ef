/*
 * Atomic file writes (see afile.h): temporary file, fsync, rename.
 */
#include "core/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/jsonw.h"

struct afile {
    FILE *fp;
    int nosync;
    char *path;
    char *tmp;
};

struct afile *afile_open(const char *path, mode_t mode, struct rc_error *err)
{
    struct afile *af = NULL;
    char *dir = NULL;
    int fd = -1;

    af = calloc(1, sizeof *af);
    if (af == NULL)
        goto nomem;
    af->path = strdup(path);
    if (af->path == NULL || asprintf(&af->tmp, "%s.tmp.XXXXXX", path) < 0) {
        af->tmp = NULL;
        goto nomem;
    }
    fd = mkstemp(af->tmp);
    if (fd < 0 && errno == ENOENT) {
        /* the folder is missing: create it (only then, which keeps a run
         * writing thousands of responses from probing every folder of the
         * path each time) */
        dir = fs_dirname(path);
        if (dir == NULL)
            goto nomem;
        if (fs_mkdirs(dir, 0755, err) < 0)
            goto fail;
        strcpy(af->tmp + strlen(af->tmp) - 6, "XXXXXX");
        fd = mkstemp(af->tmp);
    }
    if (fd < 0) {
        rc_error_set(err, RC_EIO, path, "cannot create a temporary file: %s",
                     strerror(errno));
        goto fail;
    }
    if (fchmod(fd, mode) < 0 || (af->fp = fdopen(fd, "w")) == NULL) {
        rc_error_set(err, RC_EIO, path, "cannot open for writing: %s",
                     strerror(errno));
        close(fd);
        unlink(af->tmp);
        goto fail;
    }
    free(dir);
    return af;
nomem:
    rc_error_set(err, RC_ENOMEM, path, "out of memory");
fail:
    free(dir);
    if (af) {
        free(af->path);
        free(af->tmp);
        free(af);
    }
    return NULL;
}

FILE *afile_stream(struct afile *af)
{
    return af->fp;
}

static void afile_free(struct afile *af)
{
    free(af->path);
    free(af->tmp);
    free(af);
}

int afile_commit(struct afile *af, struct rc_error *err)
{
    int rc = 0;
    int bad;

    bad = fflush(af->fp) != 0 || ferror(af->fp)
          || (!af->nosync && fsync(fileno(af->fp)) != 0);
    if (bad)
        rc = rc_error_set(err, RC_EIO, af->path, "cannot write: %s",
                          strerror(errno ? errno : EIO));
    if (fclose(af->fp) != 0 && rc == 0)
        rc = rc_error_set(err, RC_EIO, af->path, "cannot write: %s",
                          strerror(errno));
    if (rc == 0 && rename(af->tmp, af->path) != 0)
        rc = rc_error_set(err, RC_EIO, af->path, "cannot rename into place: %s",
                          strerror(errno));
    if (rc != 0)
        unlink(af->tmp);
    afile_free(af);
    return rc;
}

void afile_abort(struct afile *af)
{
    if (af == NULL)
        return;
    fclose(af->fp);
    unlink(af->tmp);
    afile_free(af);
}

int afile_write(const char *path, const void *data, size_t len, mode_t mode,
                struct rc_error *err)
{
    struct afile *af = afile_open(path, mode, err);

    if (af == NULL)
        return err ? err->code : RC_EIO;
    if (len && fwrite(data, 1, len, af->fp) != len) {
        afile_abort(af);
        return rc_error_set(err, RC_EIO, path, "cannot write: %s",
                            strerror(errno));
    }
    return afile_commit(af, err);
}

void afile_nosync(struct afile *af)
{
    af->nosync = 1;
}

int afile_write_json(const char *path, const json_t *value,
                     struct rc_error *err)
{
    return afile_write_json_flags(path, value, 0, err);
}

int afile_write_json_flags(const char *path, const json_t *value,
                           unsigned flags, struct rc_error *err)
{
    struct afile *af = afile_open(path, 0644, err);

    if (af == NULL)
        return err ? err->code : RC_EIO;
    if (flags & AFILE_NOSYNC)
        af->nosync = 1;
    if (jsonw_dumpf(value, af->fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0
        || fputc('\n', af->fp) == EOF) {
        afile_abort(af);
        return rc_error_set(err, RC_EIO, path, "cannot write: %s",
                            strerror(errno));
    }
    return afile_commit(af, err);
}
