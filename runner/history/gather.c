/*
 * Gathering the acceptance record (see history.h): the run folders under
 * reports/, each loaded through the result model and released before the
 * next (memory holds one run's index at a time plus a few strings per
 * run), and the history file's lines, grouped per release.
 */
#include "history/history.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/grow.h"
#include "result/approvals.h"
#include "result/folder.h"
#include "result/result.h"

static char *dupstr(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void run_free(struct history_run *hr)
{
    free(hr->id);
    free(hr->dir);
    free(hr->started_at);
    free(hr->environment);
    free(hr->release);
    strvec_release(&hr->fields);
}

/* The record of one loaded run. */
static void run_from_result(struct history_run *hr, const struct result *r,
                            const char *name)
{
    memset(hr, 0, sizeof *hr);
    strvec_init(&hr->fields);
    hr->id = dupstr(r->id ? r->id : name);
    hr->dir = dupstr(name);
    hr->started_at = dupstr(r->started_at);
    hr->environment = dupstr(r->environment);
    hr->release = dupstr(result_run_release(r->run));
    hr->complete = r->complete;
    hr->pass = !r->summary.fail;
    hr->calls = r->summary.calls;
    hr->calls_sent = r->calls_sent;
    /* the used fields changed (SPEC section 12): unused rows are not */
    for (size_t i = 0; i < r->n_fields; i++)
        if (r->fields[i].severity != SEV_NOISE && r->fields[i].used)
            strvec_push(&hr->fields, r->fields[i].field);
    strvec_sort_unique(&hr->fields);
}

/* Release names compare newest first; NULL ("no release") last. */
static int release_cmp(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a == NULL) - (b == NULL);
    return strverscmp(b, a);
}

static bool release_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The group of release (NULL: none), made when missing. */
static struct history_release *group_of(struct history *h, const char *rel)
{
    struct history_release *g;

    for (size_t i = 0; i < h->n_releases; i++)
        if (release_eq(h->releases[i].release, rel))
            return &h->releases[i];
    if (RC_GROW(h->releases, h->cap_releases, h->n_releases, 8) != 0)
        return NULL;
    g = &h->releases[h->n_releases++];
    memset(g, 0, sizeof *g);
    g->release = dupstr(rel);
    g->approvals = json_array();
    strvec_init(&g->fields);
    return g;
}

/* Whether release passes the --release filter ("none": no release). */
static bool wanted(const char *only, const char *rel)
{
    if (only == NULL)
        return true;
    if (strcmp(only, "none") == 0)
        return rel == NULL;
    return rel && strcmp(only, rel) == 0;
}

static int add_run(struct history *h, struct history_run *hr)
{
    struct history_release *g = group_of(h, hr->release);

    if (g == NULL || RC_GROW(g->runs, g->cap_runs, g->n_runs, 8) != 0)
        return RC_ENOMEM;
    g->runs[g->n_runs++] = *hr;
    h->runs++;
    return 0;
}

/* Loads the run folder name under reports_dir; a folder that is not a run
 * (no run files at all) is passed over in silence. */
static int gather_run(struct history *h, const char *reports_dir,
                      const char *name, const char *only,
                      struct strvec *warnings)
{
    char *dir = fs_join(reports_dir, name), *marker;
    struct strvec scratch = STRVEC_INIT;
    struct rc_error err = {0};
    struct result r = {0};
    struct history_run hr;
    int rc = 0;

    if (dir == NULL)
        return RC_ENOMEM;
    marker = fs_join(dir, RUN_JSON);
    if (marker && fs_is_dir(dir) && fs_is_file(marker)) {
        if (result_load(&r, dir, NULL, &scratch, &err) != 0) {
            strvec_pushf(warnings, "%s: run folder not read: %s",
                         err.where[0] ? err.where : name, err.message);
        } else {
            run_from_result(&hr, &r, name);
            result_release(&r);
            if (!wanted(only, hr.release))
                run_free(&hr);
            else if ((rc = add_run(h, &hr)) != 0)
                run_free(&hr);
        }
    } else if (marker && fs_is_dir(dir)) {
        char *lines = fs_join(dir, RUN_CALLS);
        char *result = fs_join(dir, RUN_RESULT);
        if ((lines && fs_is_file(lines)) || (result && fs_is_file(result)))
            strvec_pushf(warnings, "%s: run folder not read: it has no "
                                   RUN_JSON, name);
        free(lines);
        free(result);
    }
    rc_error_clear(&err);
    strvec_release(&scratch);
    free(marker);
    free(dir);
    return rc;
}

static int gather_runs(struct history *h, const char *reports_dir,
                       const char *only, struct strvec *warnings,
                       struct rc_error *err)
{
    struct strvec names = STRVEC_INIT;
    struct dirent *e;
    DIR *d = opendir(reports_dir);
    int rc = 0;

    if (d == NULL)
        return errno == ENOENT ? 0
               : rc_error_set(err, RC_EIO, reports_dir, "cannot read the "
                              "reports folder: %s", strerror(errno));
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            strvec_push(&names, e->d_name);
    closedir(d);
    strvec_sort_unique(&names);
    for (size_t i = 0; rc == 0 && i < names.n; i++)
        rc = gather_run(h, reports_dir, names.v[i], only, warnings);
    strvec_release(&names);
    if (rc)
        return rc_error_set(err, RC_ENOMEM, reports_dir, "out of memory");
    return 0;
}

struct approvals_ctx {
    struct history *h;
    const char *only;
};

static int add_approval(void *ctx, json_t *line)
{
    struct approvals_ctx *ac = ctx;
    const char *rel = json_string_value(json_object_get(line, "release"));
    struct history_release *g;

    if (!wanted(ac->only, rel))
        return 0;
    if ((g = group_of(ac->h, rel)) == NULL)
        return RC_ENOMEM;
    json_array_append(g->approvals, line);
    ac->h->approvals++;
    return 0;
}

static int run_newest_first(const void *a, const void *b)
{
    const struct history_run *x = a, *y = b;
    int c = strcmp(y->started_at ? y->started_at : "",
                   x->started_at ? x->started_at : "");

    return c ? c : strcmp(y->id, x->id);
}

static int group_cmp(const void *a, const void *b)
{
    return release_cmp(((const struct history_release *)a)->release,
                       ((const struct history_release *)b)->release);
}

/* Sorts a release's runs, unites their fields, and sets its status: the
 * newest complete run decides. */
static void settle(struct history_release *g)
{
    bool decided = false;

    if (g->n_runs)
        qsort(g->runs, g->n_runs, sizeof *g->runs, run_newest_first);
    for (size_t i = 0; i < g->n_runs; i++) {
        for (size_t j = 0; j < g->runs[i].fields.n; j++)
            strvec_push(&g->fields, g->runs[i].fields.v[j]);
        if (!decided && g->runs[i].complete) {
            g->accepted = g->runs[i].pass;
            decided = true;
        }
    }
    strvec_sort_unique(&g->fields);
}

int history_gather(struct history *h, const char *reports_dir,
                   const char *history_path, const char *only_release,
                   struct strvec *warnings, struct rc_error *err)
{
    struct approvals_ctx ac = {h, only_release};
    int rc;

    memset(h, 0, sizeof *h);
    h->only = only_release ? strdup(only_release) : NULL;
    rc = gather_runs(h, reports_dir, only_release, warnings, err);
    if (rc == 0 && history_path)
        rc = result_history_read(history_path, warnings, add_approval, &ac,
                                 err);
    if (rc == RC_ENOMEM && err->code == 0)
        rc = rc_error_set(err, RC_ENOMEM, history_path, "out of memory");
    if (rc) {
        history_free(h);
        return rc;
    }
    for (size_t i = 0; i < h->n_releases; i++)
        settle(&h->releases[i]);
    if (h->n_releases)
        qsort(h->releases, h->n_releases, sizeof *h->releases, group_cmp);
    return 0;
}

void history_free(struct history *h)
{
    for (size_t i = 0; i < h->n_releases; i++) {
        struct history_release *g = &h->releases[i];
        for (size_t j = 0; j < g->n_runs; j++)
            run_free(&g->runs[j]);
        free(g->runs);
        free(g->release);
        json_decref(g->approvals);
        strvec_release(&g->fields);
    }
    free(h->releases);
    free(h->only);
    memset(h, 0, sizeof *h);
}
