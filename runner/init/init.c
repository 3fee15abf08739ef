/*
 * `relcheck init`: copying the workspace templates out of the binary (see
 * init.h). A template's name under templates/init/ differs from the file
 * it becomes where the file is hidden (.gitignore) or nested
 * (.github/workflows/), so the table below maps the two.
 */
#include "init/init.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/afile.h"
#include "core/asset.h"
#include "core/fsutil.h"

struct init_file {
    const char *target;    /* relative to the workspace folder */
    const char *asset;     /* embedded template, NULL for a folder */
    enum init_ci ci;       /* INIT_CI_NONE: always */
};

static const struct init_file init_files[] = {
    {"relcheck.json", "templates/init/relcheck.json", INIT_CI_NONE},
    {"programs.json", "templates/init/programs.json", INIT_CI_NONE},
    {".gitignore", "templates/init/gitignore", INIT_CI_NONE},
    {"suites", NULL, INIT_CI_NONE},
    {"fixtures", NULL, INIT_CI_NONE},
    {"notices", NULL, INIT_CI_NONE},
    {".gitlab-ci.yml", "templates/init/gitlab-ci.yml", INIT_CI_GITLAB},
    {".github/workflows/relcheck.yml", "templates/init/github-workflow.yml",
     INIT_CI_GITHUB},
};

#define N_FILES (sizeof init_files / sizeof init_files[0])

int init_ci_parse(enum init_ci *out, const char *text, struct rc_error *err)
{
    if (text == NULL)
        *out = INIT_CI_NONE;
    else if (strcmp(text, "gitlab") == 0)
        *out = INIT_CI_GITLAB;
    else if (strcmp(text, "github") == 0)
        *out = INIT_CI_GITHUB;
    else
        return rc_error_set(err, RC_EUSAGE, "init", "unknown CI '%s' for "
                            "option '--ci' (expected gitlab or github)",
                            text);
    return 0;
}

static bool wanted(const struct init_file *f, enum init_ci ci)
{
    return f->ci == INIT_CI_NONE || f->ci == ci;
}

/* Fails when any file init would make exists: init never overwrites. */
static int check_free(const char *dir, enum init_ci ci, struct rc_error *err)
{
    struct stat st;
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < N_FILES; i++) {
        char *path;
        if (!wanted(&init_files[i], ci))
            continue;
        if ((path = fs_join(dir, init_files[i].target)) == NULL)
            return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        if (lstat(path, &st) == 0)
            rc = rc_error_set(err, RC_EUSAGE, path, "already exists: "
                              "relcheck init never overwrites (choose "
                              "another --dir, or move it away)");
        else if (errno != ENOENT)
            rc = rc_error_set(err, RC_EIO, path, "cannot use: %s",
                              strerror(errno));
        free(path);
    }
    return rc;
}

/* Writes one template or makes one folder (with a .gitkeep, so that git
 * keeps it while it is empty). */
static int write_one(const char *dir, const struct init_file *f,
                     struct rc_error *err)
{
    char *path = fs_join(dir, f->target), *keep = NULL;
    const struct asset *a;
    int rc;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    if (f->asset == NULL) {
        keep = fs_join(path, ".gitkeep");
        rc = keep ? afile_write(keep, "", 0, 0644, err)
                  : rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    } else if ((a = asset_find(f->asset)) == NULL) {
        rc = rc_error_set(err, RC_EIO, f->asset, "template missing from "
                          "the binary");
    } else {
        rc = afile_write(path, a->data, a->size, 0644, err);
    }
    free(keep);
    free(path);
    return rc;
}

int init_workspace(struct strvec *written, const char *dir, enum init_ci ci,
                   struct rc_error *err)
{
    int rc;

    if ((rc = check_free(dir, ci, err)) != 0
        || (rc = fs_mkdirs(dir, 0755, err)) != 0)
        return rc;
    for (size_t i = 0; i < N_FILES; i++) {
        const struct init_file *f = &init_files[i];
        if (!wanted(f, ci))
            continue;
        if ((rc = write_one(dir, f, err)) != 0)
            return rc;
        if (strvec_pushf(written, "%s%s", f->target,
                         f->asset ? "" : "/") < 0)
            return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    }
    return 0;
}
