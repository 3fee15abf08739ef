/*
 * A run's release and the history file's lines (see approvals.h).
 */
#include "result/approvals.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether s is a release number: digits and dots only. */
static bool release_like(const char *s)
{
    return s && *s && strspn(s, "0123456789.") == strlen(s);
}

const char *result_run_release(const json_t *run)
{
    const char *best = NULL;
    json_t *n;
    size_t i;

    json_array_foreach(json_object_get(run, "notices"), i, n) {
        const char *r = json_string_value(json_object_get(n, "release"));
        if (r == NULL || *r == '\0')
            continue;
        if (best == NULL
            || (release_like(r) && release_like(best)
                    ? strverscmp(r, best) > 0 : strcmp(r, best) > 0))
            best = r;
    }
    return best;
}

int result_history_read(const char *path, struct strvec *warnings,
                        int (*fn)(void *ctx, json_t *line), void *ctx,
                        struct rc_error *err)
{
    FILE *fp = fopen(path, "re");
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;

    if (fp == NULL)
        return errno == ENOENT ? 0
               : rc_error_set(err, RC_EIO, path, "cannot read the history "
                              "file: %s", strerror(errno));
    while (rc == 0 && (len = getline(&buf, &cap, fp)) > 0) {
        json_error_t jerr;
        json_t *line;

        lineno++;
        if (strspn(buf, " \t\r\n") == (size_t)len)
            continue;
        line = json_loadb(buf, (size_t)len, 0, &jerr);
        if (!json_is_object(line))
            strvec_pushf(warnings, "%s:%ld: not a history line, skipped%s%s",
                         path, lineno, line ? "" : ": ",
                         line ? "" : jerr.text);
        else
            rc = fn(ctx, line);
        json_decref(line);
    }
    free(buf);
    fclose(fp);
    return rc;
}

struct of_release {
    json_t *out;
    const char *release;
};

static int keep_if_release(void *ctx, json_t *line)
{
    struct of_release *o = ctx;
    const char *rel = json_string_value(json_object_get(line, "release"));

    if (rel && strcmp(rel, o->release) == 0)
        json_array_append(o->out, line);
    return 0;
}

int result_load_approvals(struct result *r, const char *history_path,
                          struct strvec *warnings, struct rc_error *err)
{
    struct of_release o = {json_array(), result_run_release(r->run)};
    int rc = 0;

    if (o.out == NULL)
        return rc_error_set(err, RC_ENOMEM, history_path, "out of memory");
    if (access(history_path, F_OK) != 0) {   /* no history kept here */
        json_decref(o.out);
        return 0;
    }
    if (o.release)
        rc = result_history_read(history_path, warnings, keep_if_release, &o,
                                 err);
    json_decref(r->approvals);
    r->approvals = rc ? NULL : o.out;
    if (rc)
        json_decref(o.out);
    return rc;
}
