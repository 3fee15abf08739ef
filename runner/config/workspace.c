/*
 * Loading and checking the whole workspace (see workspace.h).
 */
#include "config/workspace.h"

#include <stdlib.h>
#include <string.h>

#include "config/fixture.h"
#include "config/jread.h"
#include "core/fsutil.h"
#include "core/glob.h"

/* Fails when a variable captured by a call of s is also set in an
 * environment's vars (relcheck.json:line:column of that member). */
static int check_capture_clash(const struct config *cfg,
                               const struct suite *s, struct rc_error *err)
{
    const json_t *envs = json_object_get(cfg->root, "environments");
    const char *name;
    json_t *e;
    struct jread jr;
    int rc = 0;

    jread_init(&jr, cfg->path, cfg->text, strlen(cfg->text), NULL, err);
    for (size_t i = 0; rc == 0 && i < s->n_calls; i++)
        for (size_t k = 0; rc == 0 && k < s->calls[i].n_captures; k++) {
            const char *var = s->calls[i].captures[k].name;
            json_object_foreach((json_t *)envs, name, e) {
                if (!json_object_get(json_object_get(e, "vars"), var))
                    continue;
                jread_push(&jr, "environments");
                jread_push(&jr, name);
                jread_push(&jr, "vars");
                rc = jread_fail(&jr, var, "variable '%s' is set in the "
                                "vars of environment '%s' and captured by "
                                "call '%s' of suite '%s': rename one",
                                var, name, s->calls[i].id, s->name);
                break;
            }
        }
    return rc;
}

/* A suite's variables that no call captures must come from some
 * environment's vars, and no environment may set a captured one. */
static int check_suite_vars(const struct config *cfg, const struct suite *s,
                            struct rc_error *err)
{
    for (size_t i = 0; i < s->env_vars.n; i++)
        if (!config_var_defined(cfg, s->env_vars.v[i]))
            return rc_error_set(err, RC_ECONFIG, s->file, "variable "
                                "'{{%s}}' is not captured by an earlier "
                                "call of suite '%s' nor set in any "
                                "environment's vars", s->env_vars.v[i],
                                s->name);
    return check_capture_clash(cfg, s, err);
}

int workspace_open(struct workspace *ws, const char *config_path,
                   struct strvec *warnings, struct rc_error *err)
{
    int rc;

    memset(ws, 0, sizeof *ws);
    rc = config_open(&ws->cfg, config_path, warnings, err);
    if (rc)
        return rc;
    if (ws->cfg.catalog_path) {
        if (!fs_is_file(ws->cfg.catalog_path))
            rc = rc_error_set(err, RC_ECONFIG, ws->cfg.path, "catalog '%s' "
                              "not found", ws->cfg.catalog_path);
        else
            rc = catalog_load(&ws->catalog, ws->cfg.catalog_path, warnings,
                              err);
    }
    if (rc == 0)
        rc = suite_load_all(&ws->suites, ws->cfg.suites_dir, warnings, err);
    for (size_t i = 0; rc == 0 && i < ws->suites.n; i++)
        rc = check_suite_vars(&ws->cfg, &ws->suites.v[i], err);
    if (rc)
        workspace_release(ws);
    return rc;
}

void workspace_release(struct workspace *ws)
{
    suite_set_release(&ws->suites);
    catalog_release(&ws->catalog);
    config_release(&ws->cfg);
}

void check_report_release(struct check_report *r)
{
    strvec_release(&r->missing);
    strvec_release(&r->uncovered);
}

bool suite_covers(const struct suite *s, const char *code)
{
    for (size_t i = 0; i < s->programs.n; i++)
        if (strcmp(s->programs.v[i], "*") != 0
            && glob_match(s->programs.v[i], code))
            return true;
    return false;
}

static int check_fixture(struct check_report *out, const struct config *cfg,
                         const struct suite *s, const struct call *c,
                         struct strvec *warnings, struct rc_error *err)
{
    char *path = fixture_path(cfg->fixtures_dir, s->name, c->id);
    struct fixture f;
    int rc = 0;

    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (!fs_is_file(path)) {
        strvec_pushf(&out->missing, "%s/%s", s->name, c->id);
        goto done;
    }
    if ((rc = fixture_load(&f, path, warnings, err)) != 0)
        goto done;
    if ((f.suite && strcmp(f.suite, s->name) != 0)
        || (f.call && strcmp(f.call, c->id) != 0))
        rc = rc_error_set(err, RC_ECONFIG, fs_display(path), "fixture names suite '%s' "
                          "call '%s' but is stored as '%s/%s'",
                          f.suite ? f.suite : "", f.call ? f.call : "",
                          s->name, c->id);
    else
        out->fixtures++;
    fixture_release(&f);
done:
    free(path);
    return rc;
}

/* Warns about fixture files in fixtures/SUITE/ that match no call. */
static void check_strays(const struct config *cfg, const struct suite *s,
                         struct strvec *warnings)
{
    char *dir = fs_join(cfg->fixtures_dir, s->name);
    struct strvec files = STRVEC_INIT;

    if (dir && fs_is_dir(dir) && fs_list_dir(&files, dir, ".json", NULL) == 0)
        for (size_t i = 0; i < files.n; i++) {
            char *id = fs_basename(files.v[i], ".json");
            if (id && suite_call(s, id) == NULL)
                strvec_pushf(warnings, "%s/%s: fixture of unknown call '%s' "
                             "of suite '%s'", dir, files.v[i], id, s->name);
            free(id);
        }
    strvec_release(&files);
    free(dir);
}

static int check_envs(struct workspace *ws, const char *env_name,
                      struct strvec *warnings, struct rc_error *err)
{
    struct environment *env = NULL;

    if (env_name)
        return config_env_get(&env, &ws->cfg, env_name, warnings, err);
    for (size_t i = 0; i < ws->cfg.n_envs; i++) {
        struct rc_error e;
        rc_error_clear(&e);
        if (config_env_resolve(&ws->cfg, &ws->cfg.envs[i], warnings, &e) < 0)
            strvec_pushf(warnings, "%s: %s (environment '%s' cannot be used "
                         "here)", e.where, e.message, ws->cfg.envs[i].name);
    }
    return 0;
}

int workspace_check(struct check_report *out, struct workspace *ws,
                    const char *env_name, struct strvec *warnings,
                    struct rc_error *err)
{
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = check_envs(ws, env_name, warnings, err)) != 0)
        return rc;
    for (size_t i = 0; i < ws->suites.n; i++) {
        const struct suite *s = &ws->suites.v[i];
        for (size_t j = 0; j < s->n_calls; j++) {
            if (s->calls[j].teardown)   /* never has a baseline */
                continue;
            out->calls++;
            rc = check_fixture(out, &ws->cfg, s, &s->calls[j], warnings, err);
            if (rc)
                return rc;
        }
        check_strays(&ws->cfg, s, warnings);
    }
    for (size_t i = 0; i < ws->catalog.n; i++) {
        bool covered = false;
        for (size_t j = 0; j < ws->suites.n && !covered; j++)
            covered = suite_covers(&ws->suites.v[j], ws->catalog.v[i].code);
        if (!covered)
            strvec_push(&out->uncovered, ws->catalog.v[i].code);
    }
    return 0;
}
