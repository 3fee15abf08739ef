/*
 * Merging shard run folders (see merge.h). Every shard is first loaded as
 * a result (for its completeness and finish time), then checked against
 * the first shard; only then is anything written.
 */
#include "result/folder.h"
#include "result/merge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "result/result.h"

struct shard {
    const char *dir;
    json_t *run;          /* run.json (owned) */
    long k, n;
    bool complete;
    char *finished_at;
    long long calls_sent;
};

/* Members that must be equal in every shard. */
static const char *const same_keys[] = {
    "environment", "selection", "fail_on", "notices", "programs",
    "coverage_gaps"};

static int load_shard(struct shard *s, const char *dir, struct strvec *warn,
                      struct rc_error *err)
{
    struct result r;
    const char *text;
    char *path;
    int rc = result_load(&r, dir, NULL, warn, err);

    if (rc)
        return rc;
    path = fs_join(dir, RUN_JSON);
    s->dir = dir;
    /* the model keeps no suites: read run.json whole once more */
    rc = path ? jx_load(&s->run, NULL, path, err)
              : rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    free(path);
    if (rc) {
        result_release(&r);
        return rc;
    }
    s->complete = r.complete;
    s->calls_sent = r.calls_sent;
    s->finished_at = strdup(r.finished_at);
    text = r.shard ? r.shard : "1/1";
    if (sscanf(text, "%ld/%ld", &s->k, &s->n) != 2 || s->k < 1
        || s->n < s->k)
        rc = rc_error_set(err, RC_EINPUT, dir, "bad shard '%s' in run.json",
                          text);
    result_release(&r);
    return rc;
}

/* Checks shard s against the first one (f) and the shards before it. */
static int check_shard(const struct shard *all, size_t i,
                       struct rc_error *err)
{
    const struct shard *f = &all[0], *s = &all[i];

    for (size_t k = 0; k < sizeof same_keys / sizeof same_keys[0]; k++) {
        json_t *a = json_object_get(f->run, same_keys[k]);
        json_t *b = json_object_get(s->run, same_keys[k]);
        if (!(a == NULL && b == NULL) && !(a && b && json_equal(a, b)))
            return rc_error_set(err, RC_EINPUT, s->dir,
                                "not a shard of the same run as '%s': "
                                "different %s", f->dir, same_keys[k]);
    }
    if (s->n != f->n)
        return rc_error_set(err, RC_EINPUT, s->dir,
                            "shard %ld/%ld does not match %ld/%ld of '%s'",
                            s->k, s->n, f->k, f->n, f->dir);
    for (size_t j = 0; j < i; j++)
        if (all[j].k == s->k)
            return rc_error_set(err, RC_EINPUT, s->dir,
                                "overlapping shards: shard %ld/%ld is also "
                                "'%s'", s->k, s->n, all[j].dir);
    return 0;
}

static int suite_cmp(const void *a, const void *b)
{
    const char *x = json_string_value(
        json_object_get(*(json_t *const *)a, "name"));
    const char *y = json_string_value(
        json_object_get(*(json_t *const *)b, "name"));

    return strcmp(x ? x : "", y ? y : "");
}

/* The suites of every shard, sorted by name, as a new array in *out; a
 * name found twice is an overlap, a name that breaks the name rule
 * (fs_name_ok: it would name a path outside the shard) an error. */
static int join_suites(json_t **out, const struct shard *all, size_t n,
                       struct rc_error *err)
{
    size_t len = 0, k = 0, i, j;
    json_t **v, *s;
    int rc = 0;

    for (i = 0; i < n; i++)
        len += json_array_size(json_object_get(all[i].run, "suites"));
    v = calloc(len + 1, sizeof *v);
    *out = json_array();
    if (v == NULL || *out == NULL) {
        free(v);
        return rc_error_set(err, RC_ENOMEM, "merge", "out of memory");
    }
    for (i = 0; i < n; i++)
        json_array_foreach(json_object_get(all[i].run, "suites"), j, s)
            v[k++] = s;
    qsort(v, len, sizeof *v, suite_cmp);
    for (i = 0; i < len && rc == 0; i++) {
        const json_t *name = json_object_get(v[i], "name");

        if (!json_is_string(name) ||
            !fs_name_ok(json_string_value(name), json_string_length(name)))
            rc = rc_error_set(err, RC_EINPUT, "merge", "bad suite name '%s' "
                              "in a shard's run.json (a run folder is not "
                              "trusted to name paths)",
                              json_is_string(name) ? json_string_value(name)
                                                   : "");
        else if (i && suite_cmp(&v[i - 1], &v[i]) == 0)
            rc = rc_error_set(err, RC_EINPUT, "merge",
                              "overlapping shards: suite '%s' is in two "
                              "shards",
                              json_string_value(json_object_get(v[i],
                                                                "name")));
        else
            json_array_append(*out, v[i]);
    }
    free(v);
    return rc;
}

/* Sets started_at (earliest), finished_at (latest), shard, merged_from,
 * calls_sent (the sum) and complete of the merged run.json m. */
static void merged_header(json_t *m, const struct shard *all, size_t n,
                          struct strvec *warn)
{
    const char *start = NULL, *end = NULL;
    json_t *ids = json_array();
    bool complete = true;
    char shard[64] = "1/1";
    long long sent = 0;

    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_object_get(all[i].run,
                                                          "started_at"));
        if (s && (start == NULL || strcmp(s, start) < 0))
            start = s;
        if (end == NULL || strcmp(all[i].finished_at, end) > 0)
            end = all[i].finished_at;
        json_array_append(ids, json_object_get(all[i].run, "id"));
        sent += all[i].calls_sent;
        if (!all[i].complete) {
            complete = false;
            strvec_pushf(warn, "%s: shard %ld/%ld did not complete",
                         all[i].dir, all[i].k, all[i].n);
        }
    }
    if ((long)n != all[0].n) {
        size_t len = 0;

        complete = false;
        for (long k = 1; k <= all[0].n && len < sizeof shard - 24; k++)
            for (size_t i = 0; i < n; i++)
                if (all[i].k == k)
                    len += (size_t)snprintf(shard + len, sizeof shard - len,
                                            "%s%ld", len ? "," : "", k);
        snprintf(shard + len, sizeof shard - len, "/%ld", all[0].n);
        strvec_pushf(warn, "merge: %zu of %ld shards given; the merged run "
                           "is incomplete", n, all[0].n);
    }
    if (start)
        json_object_set_new(m, "started_at", json_string(start));
    json_object_set_new(m, "finished_at", json_string(end));
    json_object_set_new(m, "shard", json_string(shard));
    json_object_set_new(m, "merged_from", ids);
    json_object_set_new(m, "calls_sent", json_integer(sent));
    json_object_set_new(m, "complete", json_boolean(complete));
}

/* Appends the finished lines of dir/calls.jsonl to fp (a line cut off by
 * a kill is left out). */
static int copy_lines(FILE *fp, const char *dir, struct rc_error *err)
{
    char *path = fs_join(dir, RUN_CALLS), *line = NULL;
    size_t cap = 0;
    ssize_t len;
    FILE *in = path ? fopen(path, "r") : NULL;
    int rc = 0;

    if (in == NULL) {
        if (path && errno != ENOENT)
            rc = rc_error_set(err, RC_EIO, path, "cannot open: %s",
                              strerror(errno));
        free(path);
        return rc;
    }
    while ((len = getline(&line, &cap, in)) > 0)
        if (line[len - 1] == '\n')
            fwrite(line, 1, (size_t)len, fp);
    if (ferror(in))
        rc = rc_error_set(err, RC_EIO, path, "cannot read: %s",
                          strerror(errno));
    fclose(in);
    free(line);
    free(path);
    return rc;
}

/* Links (or copies) dir/responses/SUITE/ into out/responses/SUITE/ for
 * each suite of the shard. */
static int copy_responses(const char *out, const struct shard *s,
                          struct rc_error *err)
{
    json_t *suite;
    size_t i;
    int rc = 0;

    json_array_foreach(json_object_get(s->run, "suites"), i, suite) {
        const char *name = json_string_value(json_object_get(suite, "name"));
        char *from = NULL, *to = NULL;
        struct strvec files = STRVEC_INIT;

        if (asprintf(&from, "%s/responses/%s", s->dir, name) < 0)
            from = NULL;
        if (asprintf(&to, "%s/responses/%s", out, name) < 0)
            to = NULL;
        if (from && fs_is_dir(from))
            rc = fs_list_dir(&files, from, ".json", err);
        if (rc == 0 && files.n)
            rc = fs_mkdirs(to, 0755, err);
        for (size_t f = 0; rc == 0 && f < files.n; f++) {
            char *a = fs_join(from, files.v[f]), *b = fs_join(to, files.v[f]);
            char *data = NULL;
            size_t len = 0;

            if (link(a, b) != 0) {
                rc = fs_read_file(&data, &len, a, JX_MAX_FILE, err);
                if (rc == 0)
                    rc = afile_write(b, data, len, 0644, err);
            }
            free(data);
            free(a);
            free(b);
        }
        strvec_release(&files);
        free(from);
        free(to);
        if (rc)
            break;
    }
    return rc;
}

/* Writes out/run.json, out/calls.jsonl and out/responses/. */
static int write_merged(const char *out, const struct shard *all, size_t n,
                        json_t *run, struct rc_error *err)
{
    char *run_path = fs_join(out, RUN_JSON);
    char *lines_path = fs_join(out, RUN_CALLS);
    struct afile *af = NULL;
    int rc = fs_mkdirs(out, 0755, err);

    if (rc == 0)
        rc = afile_write_json(run_path, run, err);
    if (rc == 0 && (af = afile_open(lines_path, 0644, err)) == NULL)
        rc = err->code;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = copy_lines(afile_stream(af), all[i].dir, err);
    if (af)
        rc = rc ? (afile_abort(af), rc) : afile_commit(af, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = copy_responses(out, &all[i], err);
    free(run_path);
    free(lines_path);
    return rc;
}

int result_merge(const char *out, const struct strvec *dirs,
                 struct strvec *warnings, struct rc_error *err)
{
    struct shard *all = calloc(dirs->n + 1, sizeof *all);
    char *existing = fs_join(out, RUN_JSON);
    json_t *run = NULL, *suites = NULL;
    int rc = 0;

    if (all == NULL || existing == NULL)
        rc = rc_error_set(err, RC_ENOMEM, "merge", "out of memory");
    else if (fs_is_file(existing))
        rc = rc_error_set(err, RC_EUSAGE, out, "folder already holds a run");
    else if (dirs->n == 0)
        rc = rc_error_set(err, RC_EUSAGE, "merge", "no run folder given");
    for (size_t i = 0; rc == 0 && i < dirs->n; i++) {
        rc = load_shard(&all[i], dirs->v[i], warnings, err);
        if (rc == 0)
            rc = check_shard(all, i, err);
    }
    if (rc == 0)
        rc = join_suites(&suites, all, dirs->n, err);
    if (rc == 0) {
        run = json_deep_copy(all[0].run);
        json_object_set(run, "suites", suites);
        merged_header(run, all, dirs->n, warnings);
        rc = write_merged(out, all, dirs->n, run, err);
    }
    for (size_t i = 0; all && i < dirs->n; i++) {
        json_decref(all[i].run);
        free(all[i].finished_at);
    }
    json_decref(run);
    json_decref(suites);
    free(existing);
    free(all);
    return rc;
}
