/*
 * Suite selection (see select.h): one pass over the suites per changed
 * program, with globs matched by core/glob.
 */
#include "select/select.h"

#include <stdlib.h>
#include <string.h>

#include "config/workspace.h"
#include "core/glob.h"

bool select_entry_matches(const char *entry, const char *code)
{
    if (strcmp(entry, "*") == 0)
        return true;
    return glob_match(entry, code);
}

void selection_release(struct selection *sel)
{
    for (size_t i = 0; i < sel->n; i++)
        strvec_release(&sel->v[i].because);
    free(sel->v);
    strvec_release(&sel->programs);
    strvec_release(&sel->coverage_gaps);
    strvec_release(&sel->unselected);
    memset(sel, 0, sizeof *sel);
}

/* Which changed programs suite s covers (by code or glob, not "*"), into
 * because; *star says whether s holds "*". */
static int covered_by(struct strvec *because, bool *star,
                      const struct suite *s, const struct strvec *programs)
{
    *star = strvec_contains(&s->programs, "*");
    for (size_t p = 0; p < programs->n; p++)
        if (suite_covers(s, programs->v[p]) &&
            strvec_push(because, programs->v[p]))
            return RC_ENOMEM;
    return 0;
}

static int select_one(struct selection *sel, const struct suite *s)
{
    struct strvec because = STRVEC_INIT;
    bool star = false;
    int rc = covered_by(&because, &star, s, &sel->programs);

    if (rc == 0 && because.n == 0 && !star)
        rc = strvec_push(&sel->unselected, s->name);
    else if (rc == 0) {
        if (because.n == 0)
            rc = strvec_push(&because, "*");
        if (rc == 0)
            sel->v[sel->n++] = (struct selected_suite){s, because};
        if (rc == 0)
            return 0;
    }
    strvec_release(&because);
    return rc;
}

/* The changed programs that no selected suite names by code or glob. */
static int find_gaps(struct selection *sel)
{
    for (size_t p = 0; p < sel->programs.n; p++) {
        bool covered = false;
        for (size_t i = 0; i < sel->n && !covered; i++)
            covered = strvec_contains(&sel->v[i].because,
                                      sel->programs.v[p]);
        if (!covered && strvec_push(&sel->coverage_gaps, sel->programs.v[p]))
            return RC_ENOMEM;
    }
    return 0;
}

int select_suites(struct selection *sel, const struct suite_set *suites,
                  const struct strvec *programs, struct rc_error *err)
{
    int rc = 0;

    memset(sel, 0, sizeof *sel);
    if (programs->n == 0)
        return rc_error_set(err, RC_EINPUT, NULL, "no changed program to "
                            "select suites for");
    for (size_t i = 0; rc == 0 && i < programs->n; i++)
        rc = strvec_push(&sel->programs, programs->v[i]);
    strvec_sort_unique(&sel->programs);
    sel->v = calloc(suites->n ? suites->n : 1, sizeof *sel->v);
    if (rc == 0 && sel->v == NULL)
        rc = RC_ENOMEM;
    for (size_t i = 0; rc == 0 && i < suites->n; i++)
        rc = select_one(sel, &suites->v[i]);
    if (rc == 0)
        rc = find_gaps(sel);
    if (rc) {
        selection_release(sel);
        return rc_error_set(err, rc, NULL, "out of memory");
    }
    return 0;
}

static json_t *selected_json(const struct selected_suite *ss)
{
    json_t *o = json_object();

    if (o == NULL ||
        json_object_set_new(o, "name", json_string(ss->suite->name)) ||
        json_object_set_new(o, "programs",
                            strvec_json(&ss->suite->programs)) ||
        json_object_set_new(o, "because", strvec_json(&ss->because))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *selection_to_json(const struct selection *sel)
{
    json_t *o = json_object(), *suites = json_array();
    int bad = o == NULL || suites == NULL;

    for (size_t i = 0; !bad && i < sel->n; i++)
        bad = json_array_append_new(suites, selected_json(&sel->v[i]));
    if (!bad)
        bad = json_object_set_new(o, "programs",
                                  strvec_json(&sel->programs));
    if (!bad) {
        bad = json_object_set_new(o, "suites", suites);
        suites = NULL;
    }
    if (!bad)
        bad = json_object_set_new(o, "coverage_gaps",
                                  strvec_json(&sel->coverage_gaps));
    if (!bad)
        bad = json_object_set_new(o, "unselected",
                                  strvec_json(&sel->unselected));
    json_decref(suites);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}
