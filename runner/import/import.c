/*
 * relcheck import, the engine (see import.h): read the input into a batch,
 * learn every secret value in it, build the calls and fixtures, validate
 * the suite by loading it back, then write the suite and its fixtures.
 */
#include "import/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/fixture.h"
#include "config/jread.h"
#include "config/suite.h"
#include "core/afile.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "core/glob.h"
#include "import/build.h"
#include "import/imp.h"
#include "redact/scrub.h"

int import_kind_parse(const char *name)
{
    if (strcmp(name, "har") == 0)
        return IMPORT_HAR;
    if (strcmp(name, "postman") == 0)
        return IMPORT_POSTMAN;
    if (strcmp(name, "curl") == 0)
        return IMPORT_CURL;
    return -1;
}

void import_result_release(struct import_result *r)
{
    struct import_result *next = r->next;

    free(r->suite);
    free(r->suite_path);
    strvec_release(&r->fixtures);
    strvec_release(&r->dropped);
    memset(r, 0, sizeof *r);
    while (next) {
        struct import_result *after = next->next;
        next->next = NULL;
        import_result_release(next);
        free(next);
        next = after;
    }
}

/* The environment's base_url, expanded, without a trailing '/'. */
static int base_url(char **out, struct config *cfg, const char *name,
                    struct strvec *warnings, struct rc_error *err)
{
    const json_t *v = json_object_get(json_object_get(cfg->root,
                                                      "environments"), name);
    struct jread jr;
    size_t n;
    int rc;

    jread_init(&jr, cfg->path, cfg->text, strlen(cfg->text), warnings, err);
    jr.base_dir = cfg->dir;
    jr.expand = true;
    jread_push(&jr, "environments");
    jread_push(&jr, name);
    if ((rc = jread_string(&jr, v, "base_url", true, out)) != 0)
        return rc;
    n = strlen(*out);
    while (n > 0 && (*out)[n - 1] == '/')
        (*out)[--n] = '\0';
    return 0;
}

/* The absolute URL of the environment's login request (auth type login)
 * or token request (oauth2), made the way a replay makes it; NULL when it
 * has none or it cannot be expanded here. */
static char *login_url(struct config *cfg, const char *name,
                       const char *base)
{
    const json_t *auth = json_object_get(json_object_get(json_object_get(
        cfg->root, "environments"), name), "auth");
    const char *type = json_string_value(json_object_get(auth, "type"));
    const char *key = type && strcmp(type, "login") == 0 ? "url"
                      : type && strcmp(type, "oauth2") == 0 ? "token_url"
                      : NULL;
    struct rc_error ignored;
    struct jread jr;
    char *u = NULL, *abs = NULL;

    if (key == NULL)
        return NULL;
    jread_init(&jr, cfg->path, cfg->text, strlen(cfg->text), NULL,
               &ignored);
    jr.base_dir = cfg->dir;
    jr.expand = true;
    if (jread_string(&jr, auth, key, true, &u) != 0)
        return NULL;
    if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0)
        return u;
    if (asprintf(&abs, "%s%s%s", base, u[0] == '/' ? "" : "/", u) < 0)
        abs = NULL;
    free(u);
    return abs;
}

static void bases_release(struct imp_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_bases; i++) {
        free(ctx->bases[i].env);
        free(ctx->bases[i].url);
        free(ctx->bases[i].login);
    }
    free(ctx->bases);
}

/* The base URLs: of --env, or of every environment whose base_url can be
 * expanded here. */
static int load_bases(struct imp_ctx *ctx, struct config *cfg,
                      const char *env, struct strvec *warnings,
                      struct rc_error *err)
{
    struct rc_error ignored;

    if (env && config_env(cfg, env) == NULL) {
        struct environment *e = NULL;
        return config_env_get(&e, cfg, env, warnings, err);
    }
    ctx->bases = calloc(cfg->n_envs + 1, sizeof *ctx->bases);
    if (ctx->bases == NULL)
        return rc_error_set(err, RC_ENOMEM, "import", "out of memory");
    for (size_t i = 0; i < cfg->n_envs; i++) {
        const char *name = cfg->envs[i].name;
        char *url = NULL;
        if (env && strcmp(env, name) != 0)
            continue;
        if (base_url(&url, cfg, name, NULL, env ? err : &ignored) != 0) {
            if (env)
                return RC_ECONFIG;
            continue;
        }
        ctx->bases[ctx->n_bases].env = strdup(name);
        ctx->bases[ctx->n_bases].login = login_url(cfg, name, url);
        ctx->bases[ctx->n_bases++].url = url;
    }
    return 0;
}

/* The suite's programs from "A,B*" (default "*", with a warning unless
 * warnings is NULL). */
static int programs_json(json_t **out, const char *text, const char *suite,
                         struct strvec *warnings, struct rc_error *err)
{
    int rc = 0;

    *out = json_array();
    if (text == NULL) {
        if (warnings)
            strvec_pushf(warnings, "suite '%s': no --programs given, so it "
                         "runs on every release (\"*\"): name the program "
                         "codes it touches", suite);
        return json_array_append_new(*out, json_string("*"));
    }
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, ",");
        char *c = strndup(p, n);
        if (c && n && !glob_valid(c))
            rc = rc_error_set(err, RC_EUSAGE, "import", "invalid program "
                              "code or glob '%s' (upper-case letters, "
                              "digits, '*' and '?')", c);
        else if (c && n)
            json_array_append_new(*out, json_string(c));
        free(c);
        p += n + (p[n] == ',');
        if (rc)
            break;
    }
    if (rc == 0 && json_array_size(*out) == 0)
        rc = rc_error_set(err, RC_EUSAGE, "import", "option '--programs' "
                          "names no program");
    return rc;
}

/* Learns the secret values of a query string or form body. */
static int learn_pairs(struct strvec *secrets, const char *s)
{
    int rc = 0;

    while (rc == 0 && s && *s) {
        size_t n = strcspn(s, "&");
        const char *eq = memchr(s, '=', n);
        char *k = pct_decode(s, eq ? (size_t)(eq - s) : n, true);
        char *v = eq ? pct_decode(eq + 1, n - (size_t)(eq + 1 - s),
                                      true) : NULL;
        if (k == NULL)
            rc = RC_ENOMEM;
        else if (v && secret_name(k) && strlen(v) >= 4
                 && !strvec_contains(secrets, v))
            rc = strvec_push(secrets, v);
        free(k);
        free(v);
        s += n + (s[n] != '\0');
    }
    return rc;
}

static int learn_headers(struct strvec *secrets, const struct imp_headers *h)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < h->names.n; i++)
        if (secret_name(h->names.v[i]))
            rc = scrub_learn_header(secrets, h->names.v[i], h->values.v[i]);
    return rc;
}

/* Every secret value of the batch, before anything is built. */
static int learn_secrets(struct imp_batch *b)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        const struct imp_req *r = &b->v[i];
        const char *q = r->url ? strchr(r->url, '?') : NULL;
        json_t *j = r->body ? json_loads(r->body, JSON_DECODE_ANY, NULL)
                            : NULL;
        rc = learn_headers(&b->secrets, &r->headers);
        if (rc == 0)
            rc = learn_headers(&b->secrets, &r->resp_headers);
        if (rc == 0 && q)
            rc = learn_pairs(&b->secrets, q + 1);
        if (rc == 0 && j)
            rc = scrub_learn_members(&b->secrets, j);
        else if (rc == 0 && r->body && strchr(r->body, '='))
            rc = learn_pairs(&b->secrets, r->body);
        json_decref(j);
    }
    return rc;
}

static int read_input(struct imp_batch *b, const struct import_opts *o,
                      struct strvec *warnings, struct rc_error *err)
{
    struct strvec lines = STRVEC_INIT;
    int rc = 0;

    if (o->kind == IMPORT_HAR)
        return har_read(b, o->file, warnings, err);
    if (o->kind == IMPORT_POSTMAN)
        return postman_read(b, o->file, warnings, err);
    if (o->file && (rc = curl_file_read(&lines, o->file, warnings,
                                        err)) != 0)
        goto done;
    for (size_t i = 0; o->curl && rc == 0 && i < o->curl->n; i++)
        rc = strvec_push(&lines, o->curl->v[i]);
    for (size_t i = 0; rc == 0 && i < lines.n; i++)
        if ((rc = curl_read(b, lines.v[i], warnings, err)) != 0)
            rc_error_prefix(err, "curl command %zu", i + 1);
done:
    strvec_release(&lines);
    return rc;
}

/* The suite's name: --suite, else the input's (Postman). */
static int suite_name(char **out, const struct imp_batch *b,
                      const struct import_opts *o, struct rc_error *err)
{
    if (o->suite && !fs_name_ok(o->suite, strlen(o->suite)))
        return rc_error_set(err, RC_EUSAGE, "import", "bad suite name '%s' "
                            "(letters, digits, '-', '_' and '.'; it names "
                            "the suite file)", o->suite);
    if (o->suite)
        *out = strdup(o->suite);
    else if (b->name)
        *out = imp_safe_name(b->name);
    else
        return rc_error_set(err, RC_EUSAGE, "import", "option '--suite' is "
                            "needed to name the suite");
    return *out ? 0 : rc_error_set(err, RC_ENOMEM, "import",
                                   "out of memory");
}

static char *describe(const struct imp_batch *b, const struct import_opts *o)
{
    char *d = NULL;
    char *base = o->file ? fs_basename(o->file, NULL) : NULL;

    if (b->description)
        d = strdup(b->description);
    else if (o->kind == IMPORT_POSTMAN && b->n > 0 && b->v[0].group)
        d = asprintf(&d, "Imported from the folder '%s' of a Postman "
                     "collection", b->v[0].group) < 0 ? NULL : d;
    else if (o->kind == IMPORT_HAR)
        d = asprintf(&d, "Imported from HAR file '%s'", base) < 0 ? NULL : d;
    else if (o->kind == IMPORT_POSTMAN)
        d = asprintf(&d, "Imported from Postman collection '%s'",
                     b->name) < 0 ? NULL : d;
    else
        d = strdup("Imported from curl commands");
    free(base);
    return d;
}

/* Loads the suite back from a scratch folder: what import writes must be
 * a suite relcheck accepts. */
static int validate_suite(const json_t *suite, const char *name,
                          struct rc_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], *path = NULL;
    struct strvec w = STRVEC_INIT;
    struct suite s;
    int rc;

    snprintf(dir, sizeof dir, "%s/relcheck-import-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        return rc_error_set(err, RC_EIO, dir, "cannot create a scratch "
                            "folder: %s", strerror(errno));
    if (asprintf(&path, "%s/%s.json", dir, name) < 0) {
        rc = rc_error_set(err, RC_ENOMEM, "import", "out of memory");
        goto done;
    }
    if ((rc = afile_write_json(path, suite, err)) != 0)
        goto done;
    if ((rc = suite_load(&s, path, &w, err)) != 0) {
        rc_error_prefix(err, "imported suite '%s' is not valid", name);
        snprintf(err->where, sizeof err->where, "import");
        goto done;
    }
    suite_release(&s);
done:
    if (path)
        unlink(path);
    rmdir(dir);
    free(path);
    strvec_release(&w);
    return rc;
}

/* Whether a request with r's method, URL and body came earlier in the
 * batch: *same is then that request's label (borrowed). keys holds one
 * "METHOD URL\nBODY" per distinct request, labels its label. */
static int seen_before(const char **same, struct strvec *keys,
                       struct strvec *labels, const struct imp_req *r)
{
    char *key = NULL;

    *same = NULL;
    if (asprintf(&key, "%s %s\n%.*s", r->method, r->url, (int)r->body_len,
                 r->body ? r->body : "") < 0)
        return RC_ENOMEM;
    for (size_t i = 0; i < keys->n; i++)
        if (strcmp(keys->v[i], key) == 0) {
            *same = labels->v[i];
            free(key);
            return 0;
        }
    if (strvec_take(keys, key) != 0)
        return RC_ENOMEM;
    return strvec_push(labels, r->label);
}

/* Builds every call (and fixture) of the batch into calls and fx; a
 * request identical to an earlier one becomes no second call. */
static int build_all(json_t *calls, struct fixture *fx, size_t *n_fx,
                     struct imp_ctx *ctx, const struct imp_batch *b,
                     const char *where, struct rc_error *err)
{
    struct strvec keys = STRVEC_INIT, labels = STRVEC_INIT;
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        json_t *c = NULL;
        const char *same = NULL;
        if ((rc = seen_before(&same, &keys, &labels, &b->v[i])) != 0)
            break;
        if (same) {
            rc = strvec_pushf(ctx->warnings, "%s: the same request "
                              "(method, URL, body) as %s: merged into one "
                              "call", b->v[i].label, same);
            continue;
        }
        fx[*n_fx].status = 0;
        rc = imp_build_call(&c, b->v[i].has_response ? &fx[*n_fx] : NULL,
                            ctx, &b->v[i], err);
        if (rc == 0 && c) {
            json_array_append_new(calls, c);
            if (b->v[i].has_response)
                (*n_fx)++;
        }
    }
    strvec_release(&keys);
    strvec_release(&labels);
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, "import", "out of memory");
    if (rc == 0 && json_array_size(calls) == 0)
        rc = rc_error_set(err, RC_EINPUT, where, "nothing to "
                          "import: no request could become a call");
    return rc;
}

/* Refuses to overwrite an existing suite without --force or --append;
 * with --append, *old is the existing suite (NULL when there is none)
 * and its call ids are taken, so that new ones stay unique. */
static int check_exists(json_t **old, struct imp_ctx *ctx, const char *path,
                        const char *name, const struct import_opts *o,
                        struct rc_error *err)
{
    json_t *c;
    size_t i;
    int rc;

    *old = NULL;
    if (o->force || !fs_is_file(path))
        return 0;
    if (!o->append)
        return rc_error_set(err, RC_EUSAGE, "import", "suite '%s' exists "
                            "('%s'): use --append to add to it, --force to "
                            "overwrite it", name, fs_display(path));
    if ((rc = jx_load(old, NULL, path, err)) != 0)
        return rc;
    if (!json_is_array(json_object_get(*old, "calls")))
        return rc_error_set(err, RC_EINPUT, fs_display(path), "suite has no "
                            "'calls' array to append to");
    json_array_foreach(json_object_get(*old, "calls"), i, c)
        if (json_is_string(json_object_get(c, "id"))
            && strvec_push(&ctx->ids, json_string_value(json_object_get(
                               c, "id"))) != 0)
            return rc_error_set(err, RC_ENOMEM, "import", "out of memory");
    return 0;
}

/* Whether two calls ask the same (all but id and description equal). */
static bool same_call(const json_t *a, const json_t *b)
{
    json_t *x = json_deep_copy(a), *y = json_deep_copy(b);
    bool same;

    json_object_del(x, "id");
    json_object_del(x, "description");
    json_object_del(y, "id");
    json_object_del(y, "description");
    same = json_equal(x, y);
    json_decref(x);
    json_decref(y);
    return same;
}

/* The existing suite old with the new calls added (those it does not
 * have already) and the --programs codes it lacks. Returns old (a new
 * reference) or NULL. */
static json_t *append_to(json_t *old, const json_t *calls,
                         const json_t *programs, const char *given,
                         struct strvec *warnings, size_t *added)
{
    json_t *have = json_object_get(old, "calls"), *c, *h, *p;
    json_t *progs = json_object_get(old, "programs");
    size_t i, j;

    *added = 0;
    json_array_foreach(calls, i, c) {
        const char *dup = NULL;
        json_array_foreach(have, j, h)
            if (dup == NULL && same_call(c, h))
                dup = json_string_value(json_object_get(h, "id"));
        if (dup) {
            strvec_pushf(warnings, "import: call '%s' asks what call '%s' "
                         "of the suite already asks: not added",
                         json_string_value(json_object_get(c, "id")), dup);
            continue;
        }
        json_array_append(have, c);
        (*added)++;
    }
    if (given && json_is_array(progs))
        json_array_foreach(programs, i, p) {
            bool found = false;
            json_array_foreach(progs, j, h)
                found = found || json_equal(h, p);
            if (!found)
                json_array_append(progs, p);
        }
    return json_incref(old);
}

/* Writes the suite, then each fixture (loaded back to validate it). */
static int write_all(struct import_result *out, struct imp_ctx *ctx,
                     const json_t *suite, struct fixture *fx, size_t n_fx,
                     struct rc_error *err)
{
    char *fdir = fs_join(ctx->cfg->fixtures_dir, out->suite);
    int rc = fdir ? 0 : rc_error_set(err, RC_ENOMEM, "import",
                                     "out of memory");

    if (rc == 0 && (rc = fs_no_symlink_below(ctx->cfg->dir, out->suite_path,
                                             err)) == 0 &&
        (n_fx == 0 || (rc = fs_no_symlink_below(ctx->cfg->dir, fdir,
                                                err)) == 0))
        rc = afile_write_json(out->suite_path, suite, err);
    free(fdir);
    for (size_t i = 0; rc == 0 && i < n_fx; i++) {
        char *path = fixture_path(ctx->cfg->fixtures_dir, out->suite,
                                  fx[i].call);
        struct strvec w = STRVEC_INIT;
        struct fixture back;
        if (path == NULL)
            return rc_error_set(err, RC_ENOMEM, "import", "out of memory");
        rc = fixture_save(&fx[i], path, err);
        if (rc == 0 && (rc = fixture_load(&back, path, &w, err)) == 0)
            fixture_release(&back);
        if (rc == 0)
            rc = strvec_take(&out->fixtures, path);
        else
            free(path);
        strvec_release(&w);
    }
    return rc;
}

static json_t *suite_json(const char *name, const char *desc,
                          json_t *programs, json_t *calls)
{
    json_t *s = json_object();

    json_object_set_new(s, "name", json_string(name));
    if (desc)
        json_object_set_new(s, "description", json_string(desc));
    json_object_set(s, "programs", programs);
    json_object_set(s, "calls", calls);
    return s;
}

static void ctx_init(struct imp_ctx *ctx, struct config *cfg,
                     const struct import_opts *o, struct import_result *out,
                     const struct imp_batch *b, struct strvec *warnings)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->cfg = cfg;
    ctx->env = o->env;
    ctx->dropped = &out->dropped;
    ctx->warnings = warnings;
    ctx->secrets = &b->secrets;
    scrub_redactor_init(&ctx->redactor, cfg, warnings);
}

/* One suite from the requests of b (all of the input, or one Postman
 * folder's): see import_run. */
static int import_one(struct import_result *out, struct config *cfg,
                      const struct import_opts *o, const struct imp_batch *b,
                      struct strvec *warnings, struct rc_error *err)
{
    struct imp_ctx ctx;
    struct fixture *fx = NULL;
    size_t n_fx = 0;
    json_t *programs = NULL, *calls = json_array(), *suite = NULL;
    json_t *old = NULL;
    char *desc = NULL;
    int rc;

    ctx_init(&ctx, cfg, o, out, b, warnings);
    if ((rc = suite_name(&out->suite, b, o, err)) != 0
        || (rc = load_bases(&ctx, cfg, o->env, warnings, err)) != 0)
        goto done;
    ctx.suite = out->suite;
    if (asprintf(&out->suite_path, "%s/%s.json", cfg->suites_dir,
                 out->suite) < 0
        || (fx = calloc(b->n + 1, sizeof *fx)) == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, "import", "out of memory");
        goto done;
    }
    /* a suite appended to keeps its programs: no warning about them */
    if ((rc = programs_json(&programs, o->programs, out->suite,
                            o->append && fs_is_file(out->suite_path)
                            ? NULL : warnings, err)) != 0)
        goto done;
    if ((rc = check_exists(&old, &ctx, out->suite_path, out->suite, o,
                           err)) != 0)
        goto done;
    for (size_t i = 0; i < b->dropped.n; i++)
        strvec_push(&out->dropped, b->dropped.v[i]);
    if ((rc = build_all(calls, fx, &n_fx, &ctx, b, o->file ? o->file
                        : "import", err)) != 0)
        goto done;
    desc = describe(b, o);
    if (old) {
        size_t added;
        suite = append_to(old, calls, programs, o->programs, warnings,
                          &added);
        out->calls = json_array_size(json_object_get(suite, "calls"));
        out->added = added;
    } else {
        suite = suite_json(out->suite, desc, programs, calls);
        out->calls = out->added = json_array_size(calls);
    }
    if ((rc = scrub_known(suite, &b->secrets)) != 0
        || (rc = validate_suite(suite, out->suite, err)) != 0)
        goto done;
    rc = write_all(out, &ctx, suite, fx, n_fx, err);
done:
    for (size_t i = 0; fx && i < n_fx; i++)
        fixture_release(&fx[i]);
    free(fx);
    free(desc);
    json_decref(programs);
    json_decref(calls);
    json_decref(suite);
    json_decref(old);
    strvec_release(&ctx.ids);
    scrub_redactor_release(&ctx.redactor);
    bases_release(&ctx);
    return rc;
}

/* The requests of group (a top-level Postman folder, NULL for the loose
 * ones) as a batch that borrows everything from b: free only its v. The
 * collection's own dropped list goes with the first group only. */
static int group_view(struct imp_batch *view, const struct imp_batch *b,
                      const char *group, bool first)
{
    *view = *b;
    view->v = calloc(b->n + 1, sizeof *view->v);
    view->n = view->cap = 0;
    if (view->v == NULL)
        return RC_ENOMEM;
    if (!first)
        memset(&view->dropped, 0, sizeof view->dropped);
    if (group) {
        view->name = (char *)group;
        view->description = NULL;
    }
    for (size_t i = 0; i < b->n; i++)
        if (group ? b->v[i].group && strcmp(b->v[i].group, group) == 0
                  : b->v[i].group == NULL)
            view->v[view->n++] = b->v[i];
    return 0;
}

/* The groups of a Postman batch in the order of their first request,
 * folders first, then NULL (loose requests) when there are any; a batch
 * without folders has the one group NULL. */
static int groups_of(struct strvec *groups, bool *loose,
                     const struct imp_batch *b)
{
    *loose = false;
    for (size_t i = 0; i < b->n; i++) {
        if (b->v[i].group == NULL)
            *loose = true;
        else if (!strvec_contains(groups, b->v[i].group)
                 && strvec_push(groups, b->v[i].group) != 0)
            return RC_ENOMEM;
    }
    return 0;
}

int import_run(struct import_result *out, struct config *cfg,
               const struct import_opts *o, struct strvec *warnings,
               struct rc_error *err)
{
    struct strvec groups = STRVEC_INIT;
    struct import_result *res = out;
    struct imp_batch b;
    bool loose = false;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&b, 0, sizeof b);
    if ((rc = read_input(&b, o, warnings, err)) != 0)
        goto done;
    if (learn_secrets(&b) < 0 || groups_of(&groups, &loose, &b) != 0) {
        rc = rc_error_set(err, RC_ENOMEM, "import", "out of memory");
        goto done;
    }
    if (groups.n == 0) {
        rc = import_one(out, cfg, o, &b, warnings, err);
        goto done;
    }
    for (size_t i = 0; rc == 0 && i < groups.n + loose; i++) {
        struct import_opts og = *o;
        struct imp_batch view;
        if (i > 0 && (res = res->next = calloc(1, sizeof *res)) == NULL) {
            rc = rc_error_set(err, RC_ENOMEM, "import", "out of memory");
            break;
        }
        if (i < groups.n)
            og.suite = NULL;    /* a folder's suite is named after it */
        if (group_view(&view, &b, i < groups.n ? groups.v[i] : NULL,
                       i == 0) != 0) {
            rc = rc_error_set(err, RC_ENOMEM, "import", "out of memory");
            break;
        }
        rc = import_one(res, cfg, &og, &view, warnings, err);
        free(view.v);
    }
done:
    strvec_release(&groups);
    imp_batch_release(&b);
    return rc;
}
