/*
 * Resolving an environment of relcheck.json for use: expansion of its
 * credentials and URL, auth defaults, and the warnings that need the
 * expanded values (see config_env_resolve in config.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/jread.h"
#include "core/buf.h"
#include "core/fsutil.h"

#define MIN_PASSWORD 16

static int expand_member(struct jread *jr, const json_t *obj,
                         const char *key, char **out)
{
    return jread_string(jr, obj, key, false, out);
}

static int dup_default(char **field, const char *def, struct rc_error *err)
{
    if (*field == NULL && (*field = strdup(def)) == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    return 0;
}

static void warn_short(struct jread *jr, const char *key, const char *env,
                       const char *password)
{
    /* a password made of missing variables is reported as missing */
    if (jr->missing && jr->missing->n > 0)
        return;
    if (password && strlen(password) < MIN_PASSWORD)
        jread_warn(jr, key, "password of environment '%s' is shorter than "
                   "%d characters (AllSolutions requires at least %d for the "
                   "API connection and the API user)", env, MIN_PASSWORD,
                   MIN_PASSWORD);
}

static int resolve_login(struct jread *jr, struct auth *a, const json_t *o,
                         const char *env)
{
    const json_t *headers = json_object_get(o, "headers");
    const json_t *body = json_object_get(o, "body");
    int rc = 0;

    if (headers)
        rc = jread_expand_json(jr, "headers", headers, &a->headers);
    if (rc == 0 && body)
        rc = jread_expand_json(jr, "body", body, &a->body);
    if (rc == 0 && json_is_object(a->body)) {
        jread_push(jr, "body");
        warn_short(jr, "password", env, json_string_value(
                       json_object_get(a->body, "password")));
        jread_pop(jr);
    }
    if (rc == 0)
        rc = dup_default(&a->method, "POST", jr->err);
    if (rc == 0)
        rc = dup_default(&a->token_path, "$.token", jr->err);
    if (rc == 0)
        rc = dup_default(&a->header, "Authorization", jr->err);
    if (rc == 0)
        rc = dup_default(&a->prefix, "Bearer ", jr->err);
    return rc;
}

static int resolve_auth(struct jread *jr, struct auth *a, const json_t *o,
                        const char *env)
{
    struct { const char *key; char **dst; } members[] = {
        {"username", &a->username}, {"password", &a->password},
        {"token", &a->token_path}, {"name", &a->name}, {"value", &a->value},
        {"token_url", &a->token_url}, {"client_id", &a->client_id},
        {"client_secret", &a->client_secret}, {"scope", &a->scope},
        {"method", &a->method}, {"url", &a->url}, {"header", &a->header},
        {"prefix", &a->prefix}};
    const char *type = json_string_value(json_object_get(o, "type"));
    static const char *const names[] = {"none", "basic", "bearer", "header",
                                        "oauth2", "login"};
    int rc = 0;

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], type) == 0)
            a->type = (enum auth_type)i;
    if (a->type == AUTH_BEARER)
        members[2].dst = &a->token;  /* bearer: "token" is the token */
    for (size_t i = 0; rc == 0 && i < sizeof members / sizeof members[0]; i++)
        rc = expand_member(jr, o, members[i].key, members[i].dst);
    if (rc)
        return rc;
    if (a->type == AUTH_BASIC)
        warn_short(jr, "password", env, a->password);
    if (a->type == AUTH_LOGIN)
        rc = resolve_login(jr, a, o, env);
    return rc;
}

/* Expands the environment's vars (an empty object when it has none). */
static int resolve_vars(struct jread *jr, struct environment *env,
                        const json_t *vars)
{
    json_decref(env->vars);
    env->vars = NULL;
    if (vars == NULL) {
        env->vars = json_object();
        return env->vars ? 0 : rc_error_set(jr->err, RC_ENOMEM, jr->file,
                                            "out of memory");
    }
    return jread_expand_json(jr, "vars", vars, &env->vars);
}

bool config_var_defined(const struct config *cfg, const char *name)
{
    const json_t *envs = json_object_get(cfg->root, "environments");
    const char *key;
    json_t *e;

    json_object_foreach((json_t *)envs, key, e)
        if (json_object_get(json_object_get(e, "vars"), name))
            return true;
    return false;
}

/* Fails naming every variable of the environment that is not set (the
 * first one is rarely the only one), at the place of the first, which
 * jread left in the error. */
static int fail_missing(struct jread *jr, const struct strvec *missing)
{
    struct rc_buf names;

    if (missing->n == 1)
        return RC_ECONFIG;
    rc_buf_init(&names, 4096);
    for (size_t i = 0; i < missing->n; i++)
        rc_buf_printf(&names, "%s'%s'", i ? ", " : "", missing->v[i]);
    snprintf(jr->err->message, sizeof jr->err->message, "environment "
             "variables %s are not set", rc_buf_str(&names));
    rc_buf_release(&names);
    return RC_ECONFIG;
}

/* What a message may show of an expanded member: the text as written
 * ("${env:PW}") when it holds an expansion, never the secret it gave. */
static const char *as_written(const json_t *obj, const char *key,
                              const char *expanded)
{
    const char *raw = json_string_value(json_object_get(obj, key));

    return raw && strstr(raw, "${") ? raw : expanded;
}

static bool url_ok(const char *u)
{
    return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0;
}

int config_env_resolve(struct config *cfg, struct environment *env,
                       struct strvec *warnings, struct rc_error *err)
{
    const json_t *v = json_object_get(json_object_get(cfg->root,
                                                      "environments"),
                                      env->name);
    const json_t *auth = json_object_get(v, "auth");
    struct strvec missing = STRVEC_INIT;
    struct jread jr;
    int rc;

    if (env->resolved)
        return 0;
    jread_init(&jr, cfg->path, cfg->text, strlen(cfg->text), warnings, err);
    jr.base_dir = cfg->dir;
    jr.expand = true;
    jr.missing = &missing;
    jread_push(&jr, "environments");
    jread_push(&jr, env->name);
    rc = jread_string(&jr, v, "base_url", true, &env->base_url);
    if (rc == 0 && auth) {
        jread_push(&jr, "auth");
        rc = resolve_auth(&jr, &env->auth, auth, env->name);
        jread_pop(&jr);
    }
    if (rc == 0)
        rc = resolve_vars(&jr, env, json_object_get(v, "vars"));
    if (rc == 0 && missing.n > 0)
        rc = fail_missing(&jr, &missing);
    if (rc == 0 && !url_ok(env->base_url))
        rc = jread_fail(&jr, "base_url", "base_url '%s' of environment '%s' "
                        "must start with http:// or https://",
                        as_written(v, "base_url", env->base_url), env->name);
    if (rc == 0 && env->ca_file && env->ca_file[0] != '/') {
        char *abs = fs_join(cfg->dir, env->ca_file);
        free(env->ca_file);
        env->ca_file = abs;
    }
    if (rc == 0 && env->insecure)
        jread_warn(&jr, "tls", "environment '%s' has tls.insecure: TLS "
                   "peers are not verified", env->name);
    if (rc == 0)
        env->resolved = true;
    strvec_release(&missing);
    return rc;
}

int config_env_get(struct environment **out, struct config *cfg,
                   const char *name, struct strvec *warnings,
                   struct rc_error *err)
{
    struct environment *env = config_env(cfg, name);
    struct rc_buf names;
    int rc;

    *out = NULL;
    if (env == NULL && cfg->n_envs == 0)
        return rc_error_set(err, RC_ECONFIG, cfg->path, "no environment '%s' "
                            "(relcheck.json defines none: add it under "
                            "'environments')", name);
    if (env == NULL) {
        rc_buf_init(&names, 4096);
        for (size_t i = 0; i < cfg->n_envs; i++)
            rc_buf_printf(&names, "%s'%s'", i ? ", " : "",
                          cfg->envs[i].name);
        rc = rc_error_set(err, RC_ECONFIG, cfg->path, "no environment '%s' "
                          "(defined: %s)", name, rc_buf_str(&names));
        rc_buf_release(&names);
        return rc;
    }
    rc = config_env_resolve(cfg, env, warnings, err);
    if (rc == 0)
        *out = env;
    return rc;
}

void mailbox_release(struct mailbox *mb)
{
    free(mb->url);
    free(mb->search);
    free(mb->user);
    free(mb->ca_file);
    free(mb->mark);
    auth_release(&mb->auth);
    memset(mb, 0, sizeof *mb);
}

int config_mailbox_resolve(struct mailbox *mb, const struct config *cfg,
                           struct strvec *warnings, struct rc_error *err)
{
    const json_t *m = json_object_get(json_object_get(cfg->root, "notice"),
                                      "mailbox");
    const json_t *auth = json_object_get(m, "auth");
    const char *type = json_string_value(json_object_get(auth, "type"));
    struct { const char *key; char **dst; } members[] = {
        {"url", &mb->url}, {"search", &mb->search}, {"user", &mb->user},
        {"ca_file", &mb->ca_file}, {"mark", &mb->mark}};
    struct { const char *key; char **dst; } secrets[] = {
        {"password", &mb->auth.password}, {"token", &mb->auth.token},
        {"token_url", &mb->auth.token_url},
        {"client_id", &mb->auth.client_id},
        {"client_secret", &mb->auth.client_secret},
        {"scope", &mb->auth.scope}};
    struct jread jr;
    int rc = 0;

    memset(mb, 0, sizeof *mb);
    if (!cfg->notice.mailbox || !json_is_object(m))
        return rc_error_set(err, RC_ECONFIG, cfg->path ? cfg->path
                            : "relcheck.json", "no notice.mailbox: the "
                            "source 'mailbox' reads the mailbox configured "
                            "there");
    jread_init(&jr, cfg->path, cfg->text, strlen(cfg->text), warnings, err);
    jr.base_dir = cfg->dir;
    jr.expand = true;
    jread_push(&jr, "notice");
    jread_push(&jr, "mailbox");
    for (size_t i = 0; rc == 0 && i < 5; i++)
        if (json_is_string(json_object_get(m, members[i].key)))
            rc = expand_member(&jr, m, members[i].key, members[i].dst);
    jread_push(&jr, "auth");
    for (size_t i = 0; rc == 0 && i < 6; i++)
        rc = expand_member(&jr, auth, secrets[i].key, secrets[i].dst);
    mb->auth.type = strcmp(type, "oauth2") == 0   ? AUTH_OAUTH2
                    : strcmp(type, "bearer") == 0 ? AUTH_BEARER
                                                  : AUTH_BASIC;
    if (rc == 0 && strncmp(mb->url, "imap://", 7) != 0 &&
        strncmp(mb->url, "imaps://", 8) != 0) {
        jread_pop(&jr);
        rc = jread_fail(&jr, "url", "mailbox url must start with imap:// "
                        "or imaps://");
    }
    if (rc == 0)
        rc = dup_default(&mb->mark, "$relcheck", err);
    if (rc == 0 && mb->user &&
        (mb->auth.username = strdup(mb->user)) == NULL)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (rc == 0 && mb->ca_file && mb->ca_file[0] != '/') {
        char *abs = fs_join(cfg->dir, mb->ca_file);
        free(mb->ca_file);
        mb->ca_file = abs;
        if (abs == NULL)
            rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    }
    if (rc)
        mailbox_release(mb);
    return rc;
}
