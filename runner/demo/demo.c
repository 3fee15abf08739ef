/*
 * The demo workspace: copying the bundled example out of the binary,
 * rewriting its base URL, reading a run's result (see demo.h).
 */
#include "demo/demo.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/afile.h"
#include "core/asset.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "result/folder.h"

bool demo_asset_wanted(const char *name)
{
    return strcmp(name, "relcheck.json") == 0
           || strcmp(name, "programs.json") == 0
           || strncmp(name, "suites/", 7) == 0
           || strncmp(name, "fixtures/", 9) == 0;
}

/* Whether dir has no entry at all. */
static int dir_is_empty(bool *empty, const char *dir, struct rc_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return rc_error_set(err, RC_EIO, dir, "cannot read folder: %s",
                            strerror(errno));
    *empty = true;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            *empty = false;
            break;
        }
    closedir(d);
    return 0;
}

/* Checks that dir may hold the demo: absent, empty, or an earlier demo. */
static int check_folder(const char *dir, const char *marker,
                        struct rc_error *err)
{
    struct stat st;
    bool empty = false;
    int rc;

    if (stat(dir, &st) != 0)
        return errno == ENOENT ? 0 : rc_error_set(err, RC_EIO, dir,
                                                  "cannot use: %s",
                                                  strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return rc_error_set(err, RC_EUSAGE, dir, "not a folder: choose "
                            "another --dir");
    if (fs_is_file(marker))
        return 0;
    if ((rc = dir_is_empty(&empty, dir, err)) != 0)
        return rc;
    if (!empty)
        return rc_error_set(err, RC_EUSAGE, dir, "folder is not empty and "
                            "holds no earlier demo (no %s file): choose "
                            "another --dir", DEMO_MARKER);
    return 0;
}

static int write_asset(const char *dir, const struct asset *a,
                       struct rc_error *err)
{
    char *path = fs_join(dir, a->name);
    int rc;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    rc = fs_no_symlink_below(dir, path, err);
    if (rc == 0)
        rc = afile_write(path, a->data, a->size, 0644, err);
    free(path);
    return rc;
}

int demo_prepare(const char *dir, size_t *n_files, struct rc_error *err)
{
    static const char marker_text[] =
        "This folder was made by `relcheck demo`, which may write the "
        "bundled example\ninto it again. Remove this file to keep the "
        "demo from touching the folder.\n";
    char *marker = fs_join(dir, DEMO_MARKER);
    int rc;

    *n_files = 0;
    if (marker == NULL)
        return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    if ((rc = check_folder(dir, marker, err)) != 0
        || (rc = fs_mkdirs(dir, 0755, err)) != 0
        || (rc = afile_write(marker, marker_text, sizeof marker_text - 1,
                             0644, err)) != 0)
        goto done;
    for (const struct asset *a = asset_table; a->name; a++) {
        if (!demo_asset_wanted(a->name))
            continue;
        if ((rc = write_asset(dir, a, err)) != 0)
            goto done;
        (*n_files)++;
    }
done:
    free(marker);
    return rc;
}

int demo_set_base_url(const char *config_path, const char *env,
                      const char *url, struct rc_error *err)
{
    json_t *root = NULL, *e;
    int rc;

    if ((rc = jx_load(&root, NULL, config_path, err)) != 0)
        return rc;
    e = json_object_get(json_object_get(root, "environments"), env);
    if (!json_is_object(e))
        rc = rc_error_set(err, RC_ECONFIG, config_path, "no environment "
                          "'%s'", env);
    else if (json_object_set_new(e, "base_url", json_string(url)) != 0)
        rc = rc_error_set(err, RC_ENOMEM, config_path, "out of memory");
    else
        rc = afile_write_json(config_path, root, err);
    json_decref(root);
    return rc;
}

int demo_read_result(json_t **fields, char **verdict, const char *run_dir,
                     struct rc_error *err)
{
    char *path = fs_join(run_dir, RUN_RESULT);
    json_t *root = NULL;
    const char *v;
    int rc;

    *fields = NULL;
    *verdict = NULL;
    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, run_dir, "out of memory");
    if ((rc = jx_load(&root, NULL, path, err)) != 0)
        goto done;
    *fields = json_incref(json_object_get(root, "fields"));
    v = json_string_value(json_object_get(json_object_get(root, "summary"),
                                          "verdict"));
    *verdict = strdup(v ? v : "unknown");
    if (!json_is_array(*fields) || *verdict == NULL) {
        json_decref(*fields);
        *fields = NULL;
        free(*verdict);
        *verdict = NULL;
        rc = rc_error_set(err, RC_EINPUT, path, "no 'fields' array");
    }
done:
    json_decref(root);
    free(path);
    return rc;
}
