/*
 * relcheck check: validate the workspace (relcheck.json, catalog, suites,
 * fixtures) and list the catalog programs that no suite covers. Exit 0
 * when valid (warnings allowed), 2 on the first error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/workspace.h"
#include "core/fsutil.h"
#include "fields/fields.h"
#include "replay/keycheck.h"
#include "replay/request.h"

static void print_text(const struct workspace *ws,
                       const struct check_report *r)
{
    printf("workspace: %s\n", fs_display(ws->cfg.path));
    printf("environments:");
    for (size_t i = 0; i < ws->cfg.n_envs; i++)
        printf(" %s%s", ws->cfg.envs[i].name,
               ws->cfg.envs[i].production ? " (production)" : "");
    if (ws->cfg.n_envs == 0)
        printf(" none (notice and select need none; run and record do)");
    printf("\ncatalog: %zu programs\n", ws->catalog.n);
    printf("suites: %zu (%zu calls)\n", ws->suites.n, r->calls);
    printf("baselines: %zu of %zu calls\n", r->fixtures, r->calls);
    for (size_t i = 0; i < r->missing.n; i++)
        printf("  no baseline: %s (run relcheck record)\n", r->missing.v[i]);
    if (r->uncovered.n == 0) {
        printf("every catalog program is covered by a suite\n");
        return;
    }
    printf("programs in the catalog that no suite covers:\n");
    for (size_t i = 0; i < r->uncovered.n; i++) {
        const struct program *p = catalog_find(&ws->catalog,
                                               r->uncovered.v[i]);
        printf("  %-10s %s\n", r->uncovered.v[i],
               p && p->name ? p->name : "");
    }
}

static void print_json(const struct workspace *ws,
                       const struct check_report *r,
                       const struct strvec *warnings)
{
    json_t *o = json_object(), *envs = json_array(), *suites = json_array();
    json_t *missing = strvec_json(&r->missing), *unc = json_array();
    json_t *w = strvec_json(warnings);

    for (size_t i = 0; i < ws->cfg.n_envs; i++)
        json_array_append_new(envs, json_string(ws->cfg.envs[i].name));
    for (size_t i = 0; i < ws->suites.n; i++)
        json_array_append_new(suites, json_pack("{s:s,s:I}", "name",
                              ws->suites.v[i].name, "calls",
                              (json_int_t)ws->suites.v[i].n_calls));
    for (size_t i = 0; i < r->uncovered.n; i++) {
        const struct program *p = catalog_find(&ws->catalog,
                                               r->uncovered.v[i]);
        json_t *u = json_pack("{s:s}", "code", r->uncovered.v[i]);
        if (p && p->name)
            json_object_set_new(u, "name", json_string(p->name));
        json_array_append_new(unc, u);
    }
    json_object_set_new(o, "config", json_string(ws->cfg.path));
    json_object_set_new(o, "environments", envs);
    json_object_set_new(o, "catalog", json_integer((json_int_t)ws->catalog.n));
    json_object_set_new(o, "suites", suites);
    json_object_set_new(o, "calls", json_integer((json_int_t)r->calls));
    json_object_set_new(o, "fixtures", json_integer((json_int_t)r->fixtures));
    json_object_set_new(o, "missing", missing);
    json_object_set_new(o, "uncovered", unc);
    json_object_set_new(o, "warnings", w);
    msg_print_json(o);
    json_decref(o);
}

/* Warnings about each call as a request of each usable environment. */
static void lint_calls(const struct workspace *ws, struct strvec *warnings)
{
    for (size_t i = 0; i < ws->suites.n; i++)
        for (size_t j = 0; j < ws->suites.v[i].n_calls; j++) {
            const struct call *c = &ws->suites.v[i].calls[j];

            request_lint_query(&ws->suites.v[i], c, warnings);
            for (size_t e = 0; e < ws->cfg.n_envs; e++)
                if (ws->cfg.envs[e].resolved)
                    request_lint_origin(&ws->cfg.envs[e], &ws->suites.v[i],
                                        c, warnings);
        }
}

/* The redaction key against the fixtures, as run and record check it: a
 * mismatch is a warning here (check changes nothing, so no key is made). */
static int lint_key(const struct workspace *ws, struct strvec *warnings,
                    struct rc_error *err)
{
    static const struct strvec all = STRVEC_INIT;
    const struct suite **suites = NULL;
    struct redact_key key;
    size_t n = 0;
    int rc = suite_pick(&suites, &n, &ws->suites, &all, ws->cfg.suites_dir,
                        err);

    if (rc == 0)
        rc = replay_key_check(&key, &ws->cfg, suites, n, true, warnings,
                              err);
    memset(&key, 0, sizeof key);
    free(suites);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    struct { const char *env; } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "env", "NAME", "resolve this environment fully (a "
         "missing variable is then an error)", &o.env},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"check", "[options]", "validate the "
        "workspace (configuration, catalog, suites, fixtures) and list "
        "catalog programs that no suite covers", true, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct workspace ws;
    struct check_report r;
    struct rc_error err;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    rc_error_clear(&err);
    memset(&r, 0, sizeof r);
    if (workspace_open(&ws, common.config, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        return msg_error(&err);
    }
    if (workspace_check(&r, &ws, o.env, &warnings, &err) < 0
        || fields_check(&ws, &warnings, &err) < 0
        || lint_key(&ws, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
        goto done;
    }
    lint_calls(&ws, &warnings);
    if (common.json)
        print_json(&ws, &r, &warnings);
    else
        print_text(&ws, &r);
    msg_warnings(&warnings);
    status = EXIT_OK;
done:
    strvec_release(&warnings);
    check_report_release(&r);
    workspace_release(&ws);
    return status;
}
