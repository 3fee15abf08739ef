/*
 * relcheck.json: finding, loading, validating, and resolving environments
 * (see config.h and docs/formats.md "Workspace and configuration").
 */
#include "config/config.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "config/jread.h"
#include "core/fsutil.h"
#include "pattern/pattern.h"
#include "core/json.h"

#define CONFIG_NAME "relcheck.json"
#define MIN_PASSWORD 16

static const char *const top_members[] = {
    "environments", "suites", "fixtures", "reports", "catalog", "notice",
    "diff", "redact", "budget", "replay", "state", "history", NULL};
static const char *const env_members[] = {
    "base_url", "role", "allow_writes", "auth", "tls", "description", "vars",
    NULL};

int config_find(char **path, const char *explicit_path, struct rc_error *err)
{
    *path = NULL;
    if (explicit_path) {
        if (!fs_is_file(explicit_path))
            return rc_error_set(err, RC_ECONFIG, explicit_path,
                                "configuration file not found");
        *path = fs_absolute(explicit_path);
    } else {
        *path = fs_find_upwards(".", CONFIG_NAME);
        if (*path == NULL)
            return rc_error_set(err, RC_ECONFIG, CONFIG_NAME,
                                "not found in this folder or any parent "
                                "(use --config FILE)");
    }
    return *path ? 0 : rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
}

const char *auth_type_name(enum auth_type t)
{
    static const char *const names[] = {"none", "basic", "bearer", "header",
                                        "oauth2", "login"};
    return names[t];
}

void auth_release(struct auth *a)
{
    char **strs[] = {&a->username, &a->password, &a->token, &a->name,
                     &a->value, &a->token_url, &a->client_id,
                     &a->client_secret, &a->scope, &a->method, &a->url,
                     &a->token_path, &a->header, &a->prefix};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        free(*strs[i]);
        *strs[i] = NULL;
    }
    json_decref(a->headers);
    json_decref(a->body);
    a->headers = NULL;
    a->body = NULL;
    a->type = AUTH_NONE;
}

void config_release(struct config *cfg)
{
    for (size_t i = 0; i < cfg->n_envs; i++) {
        struct environment *e = &cfg->envs[i];
        free(e->name);
        free(e->base_url);
        free(e->ca_file);
        json_decref(e->vars);
        auth_release(&e->auth);
    }
    free(cfg->envs);
    free(cfg->path);
    free(cfg->dir);
    free(cfg->suites_dir);
    free(cfg->fixtures_dir);
    free(cfg->reports_dir);
    free(cfg->history_path);
    free(cfg->catalog_path);
    free(cfg->state_dir);
    free(cfg->notice.subject);
    free(cfg->notice.from);
    strvec_release(&cfg->notice.patterns);
    free(cfg->notice.release_pattern);
    strvec_release(&cfg->diff.ignore);
    strvec_release(&cfg->diff.headers);
    strvec_release(&cfg->redact);
    free(cfg->budget.ledger);
    json_decref(cfg->root);
    free(cfg->text);
    memset(cfg, 0, sizeof *cfg);
}

/* Secret members whose literal values get a warning. */
static bool is_secret_key(const char *key)
{
    return strcmp(key, "password") == 0 || strcmp(key, "secret") == 0
           || strcmp(key, "token") == 0 || strcmp(key, "client_secret") == 0;
}

/* Warns about literal (unexpanded) secrets anywhere below v. */
static void warn_literal_secrets(struct jread *jr, const json_t *v)
{
    const char *key;
    json_t *m;

    json_object_foreach((json_t *)v, key, m) {
        if (json_is_object(m)) {
            jread_push(jr, key);
            warn_literal_secrets(jr, m);
            jread_pop(jr);
        } else if (json_is_string(m) && is_secret_key(key)
                   && strstr(json_string_value(m), "${") == NULL
                   && json_string_length(m) > 0
                   && json_string_value(m)[0] != '$') {
            jread_warn(jr, key, "literal secret in '%s': use ${env:NAME} or "
                       "${file:PATH}", key);
        }
    }
}

struct auth_rule {
    const char *type;
    enum auth_type t;
    const char *const members[10];
    const char *const required[4];
};

static const struct auth_rule auth_rules[] = {
    {"none", AUTH_NONE, {"type", NULL}, {NULL}},
    {"basic", AUTH_BASIC, {"type", "username", "password", NULL},
     {"username", "password", NULL}},
    {"bearer", AUTH_BEARER, {"type", "token", NULL}, {"token", NULL}},
    {"header", AUTH_HEADER, {"type", "name", "value", NULL},
     {"name", "value", NULL}},
    {"oauth2", AUTH_OAUTH2,
     {"type", "token_url", "client_id", "client_secret", "scope", NULL},
     {"token_url", "client_id", "client_secret", NULL}},
    {"login", AUTH_LOGIN,
     {"type", "method", "url", "headers", "body", "token", "header",
      "prefix", NULL},
     {"url", NULL}},
};

static const struct auth_rule *auth_rule_for(const char *type)
{
    for (size_t i = 0; i < sizeof auth_rules / sizeof auth_rules[0]; i++)
        if (strcmp(auth_rules[i].type, type) == 0)
            return &auth_rules[i];
    return NULL;
}

/* Checks an auth object's shape (types, required members, known members). */
static int check_auth(struct jread *jr, const json_t *auth)
{
    const struct auth_rule *rule;
    const json_t *type;
    const char *key;
    json_t *m;
    int rc;

    if ((rc = jread_want_object(jr, auth, "'auth'")) != 0)
        return rc;
    type = json_object_get(auth, "type");
    if (type == NULL)
        return jread_fail(jr, NULL, "missing member 'type'");
    if (!json_is_string(type))
        return jread_fail(jr, "type", "member 'type' must be a string, not "
                          "%s", jx_type_name(type));
    rule = auth_rule_for(json_string_value(type));
    if (rule == NULL)
        return jread_fail(jr, "type", "unknown auth type '%s' (expected none,"
                          " basic, bearer, header, oauth2 or login)",
                          json_string_value(type));
    for (size_t i = 0; rule->required[i]; i++)
        if (!json_object_get(auth, rule->required[i]))
            return jread_fail(jr, NULL, "missing member '%s' for auth type "
                              "'%s'", rule->required[i], rule->type);
    json_object_foreach((json_t *)auth, key, m) {
        bool obj = strcmp(key, "headers") == 0 || strcmp(key, "body") == 0;
        if (!obj && !json_is_string(m))
            return jread_fail(jr, key, "member '%s' must be a string, not %s",
                              key, jx_type_name(m));
        if (strcmp(key, "headers") == 0 && !json_is_object(m))
            return jread_fail(jr, key, "member 'headers' must be an object, "
                              "not %s", jx_type_name(m));
    }
    jread_known(jr, auth, (const char *const *)rule->members);
    warn_literal_secrets(jr, auth);
    return 0;
}

/* An environment's vars: an object of strings, numbers or booleans, each
 * a name usable as {{name}}. */
static int check_vars(struct jread *jr, const json_t *vars)
{
    const char *key;
    json_t *m;
    int rc = 0;

    if (vars == NULL)
        return 0;
    jread_push(jr, "vars");
    if ((rc = jread_want_object(jr, vars, "'vars'")) == 0)
        json_object_foreach((json_t *)vars, key, m) {
            if (!json_is_string(m) && !json_is_number(m)
                && !json_is_boolean(m)) {
                rc = jread_fail(jr, key, "variable '%s' must be a string, "
                                "number or boolean, not %s", key,
                                jx_type_name(m));
                break;
            }
        }
    jread_pop(jr);
    return rc;
}

/* Validates one environment's shape at load time (no expansion). */
static int check_env(struct jread *jr, struct environment *env,
                     const json_t *v)
{
    const json_t *role, *auth, *tls;
    int rc;

    if ((rc = jread_want_object(jr, v, "an environment")) != 0)
        return rc;
    jread_known(jr, v, env_members);
    if (!json_object_get(v, "base_url"))
        return jread_fail(jr, NULL, "missing member 'base_url'");
    if (!json_is_string(json_object_get(v, "base_url")))
        return jread_fail(jr, "base_url", "member 'base_url' must be a "
                          "string");
    role = json_object_get(v, "role");
    if (role && !json_is_string(role))
        return jread_fail(jr, "role", "member 'role' must be a string, not "
                          "%s", jx_type_name(role));
    if (role && strcmp(json_string_value(role), "production") != 0)
        return jread_fail(jr, "role", "unknown role '%s' of environment '%s' "
                          "(the only role is \"production\", exactly; leave "
                          "'role' out for any other environment)",
                          json_string_value(role), env->name);
    env->production = role && strcmp(json_string_value(role),
                                      "production") == 0;
    if ((rc = jread_bool(jr, v, "allow_writes", &env->allow_writes)) != 0)
        return rc;
    if (env->production && env->allow_writes)
        return jread_fail(jr, "allow_writes", "environment '%s' has role "
                          "'production': allow_writes is not allowed there",
                          env->name);
    auth = json_object_get(v, "auth");
    if (auth) {
        jread_push(jr, "auth");
        rc = check_auth(jr, auth);
        jread_pop(jr);
        if (rc)
            return rc;
    }
    if ((rc = check_vars(jr, json_object_get(v, "vars"))) != 0)
        return rc;
    tls = json_object_get(v, "tls");
    if (tls) {
        static const char *const tls_members[] = {"ca_file", "insecure",
                                                  NULL};
        jread_push(jr, "tls");
        rc = jread_want_object(jr, tls, "'tls'");
        if (rc == 0) {
            jread_known(jr, tls, tls_members);
            rc = jread_string(jr, tls, "ca_file", false, &env->ca_file);
        }
        if (rc == 0)
            rc = jread_bool(jr, tls, "insecure", &env->insecure);
        jread_pop(jr);
    }
    return rc;
}

static int load_envs(struct jread *jr, struct config *cfg)
{
    json_t *envs = NULL;
    const char *name;
    json_t *v;
    int rc;

    if ((rc = jread_object(jr, cfg->root, "environments", false, &envs)) != 0
        || envs == NULL)
        return rc;
    if (json_object_size(envs) == 0)
        return jread_fail(jr, "environments", "no environment defined");
    cfg->envs = calloc(json_object_size(envs), sizeof *cfg->envs);
    if (cfg->envs == NULL)
        return rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    jread_push(jr, "environments");
    json_object_foreach(envs, name, v) {
        struct environment *env = &cfg->envs[cfg->n_envs++];
        env->name = strdup(name);
        jread_push(jr, name);
        rc = check_env(jr, env, v);
        jread_pop(jr);
        if (rc)
            break;
    }
    jread_pop(jr);
    return rc;
}

/* Resolves a folder setting against the config folder (default def). */
static int load_dir(struct jread *jr, struct config *cfg, const char *key,
                    const char *def, char **out)
{
    char *rel = def ? strdup(def) : NULL;
    int rc = jread_string(jr, cfg->root, key, false, &rel);

    if (rc == 0 && rel) {
        *out = fs_join(cfg->dir, rel);
        if (*out == NULL)
            rc = rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    }
    free(rel);
    return rc;
}

/* Compiles re to check it; requires the named group when group is set. */
static int check_regex(struct jread *jr, const char *key, const char *re,
                       const char *group)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF, &code, &off, NULL);
    int rc = 0;

    if (c == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        return jread_fail(jr, key, "bad regular expression '%s': %s at "
                          "offset %zu", re, (char *)msg, (size_t)off);
    }
    if (group && pcre2_substring_number_from_name(c, (PCRE2_SPTR)group) < 0)
        rc = jread_fail(jr, key, "pattern '%s' has no named group '%s'", re,
                        group);
    pcre2_code_free(c);
    return rc;
}

/* Auth types of notice.mailbox and what each needs (the user name is the
 * mailbox's `user`). */
static const struct auth_rule mailbox_auth_rules[] = {
    {"basic", AUTH_BASIC, {"type", "password", NULL}, {"password", NULL}},
    {"bearer", AUTH_BEARER, {"type", "token", NULL}, {"token", NULL}},
    {"oauth2", AUTH_OAUTH2,
     {"type", "token_url", "client_id", "client_secret", "scope", NULL},
     {"token_url", "client_id", "client_secret", NULL}},
};

/* Checks notice.mailbox's shape at load time (nothing expanded). */
static int check_mailbox(struct jread *jr, const json_t *m)
{
    static const char *const members[] = {"url", "search", "user", "auth",
                                          "ca_file", "mark", NULL};
    const json_t *auth, *type;
    const struct auth_rule *rule = NULL;
    const char *key;
    json_t *v;
    int rc;

    if ((rc = jread_want_object(jr, m, "'mailbox'")) != 0)
        return rc;
    jread_known(jr, m, members);
    if (!json_is_string(json_object_get(m, "url")))
        return jread_fail(jr, json_object_get(m, "url") ? "url" : NULL,
                          "member 'url' (imap:// or imaps://) must be a "
                          "string");
    json_object_foreach((json_t *)m, key, v)
        if (strcmp(key, "auth") != 0 && !json_is_string(v) &&
            !json_is_null(v))
            return jread_fail(jr, key, "member '%s' must be a string, not "
                              "%s", key, jx_type_name(v));
    auth = json_object_get(m, "auth");
    if (auth == NULL)
        return jread_fail(jr, NULL, "missing member 'auth' (basic, bearer "
                          "or oauth2)");
    jread_push(jr, "auth");
    rc = jread_want_object(jr, auth, "'auth'");
    type = rc == 0 ? json_object_get(auth, "type") : NULL;
    for (size_t i = 0; type && i < 3; i++)
        if (json_is_string(type) &&
            strcmp(json_string_value(type), mailbox_auth_rules[i].type) == 0)
            rule = &mailbox_auth_rules[i];
    if (rc == 0 && rule == NULL)
        rc = jread_fail(jr, type ? "type" : NULL, "mailbox auth type must "
                        "be basic, bearer or oauth2");
    for (size_t i = 0; rc == 0 && rule->required[i]; i++)
        if (!json_is_string(json_object_get(auth, rule->required[i])))
            rc = jread_fail(jr, NULL, "missing member '%s' for auth type "
                            "'%s'", rule->required[i], rule->type);
    if (rc == 0) {
        jread_known(jr, auth, (const char *const *)rule->members);
        warn_literal_secrets(jr, auth);
    }
    jread_pop(jr);
    return rc;
}

static int load_notice(struct jread *jr, struct config *cfg)
{
    static const char *const members[] = {"subject", "from", "patterns",
                                          "release_pattern", "mailbox",
                                          NULL};
    json_t *n = NULL;
    int rc;

    cfg->notice.subject = strdup("(?i)upgrade|release");
    if ((rc = jread_object(jr, cfg->root, "notice", false, &n)) != 0 || !n)
        return rc;
    jread_push(jr, "notice");
    jread_known(jr, n, members);
    rc = jread_string(jr, n, "subject", false, &cfg->notice.subject);
    if (rc == 0)
        rc = check_regex(jr, "subject", cfg->notice.subject, NULL);
    if (rc == 0 && json_is_string(json_object_get(n, "from"))) {
        rc = jread_string(jr, n, "from", false, &cfg->notice.from);
        if (rc == 0)
            rc = check_regex(jr, "from", cfg->notice.from, NULL);
    }
    if (rc == 0)
        rc = jread_strings(jr, n, "patterns", false, &cfg->notice.patterns);
    for (size_t i = 0; rc == 0 && i < cfg->notice.patterns.n; i++)
        rc = check_regex(jr, "patterns", cfg->notice.patterns.v[i], "code");
    if (rc == 0 && json_is_string(json_object_get(n, "release_pattern")))
        rc = jread_string(jr, n, "release_pattern", false,
                          &cfg->notice.release_pattern);
    if (rc == 0 && cfg->notice.release_pattern)
        rc = check_regex(jr, "release_pattern", cfg->notice.release_pattern,
                         NULL);
    if (rc == 0 && json_object_get(n, "mailbox")) {
        jread_push(jr, "mailbox");
        rc = check_mailbox(jr, json_object_get(n, "mailbox"));
        jread_pop(jr);
        cfg->notice.mailbox = rc == 0;
    }
    jread_pop(jr);
    return rc;
}

/* Compiles each path pattern of texts (member key of the current object),
 * so a bad one is a configuration error at its own file:line:column, for
 * check as for run. */
static int check_patterns(struct jread *jr, const char *key,
                          const struct strvec *texts)
{
    int rc = 0;

    jread_push(jr, key);
    for (size_t i = 0; rc == 0 && i < texts->n; i++) {
        struct pattern *p = NULL;
        struct rc_error perr;

        if (pattern_compile(&p, texts->v[i], &perr) != 0) {
            jread_push_index(jr, i);
            rc = jread_fail(jr, NULL, "%s", perr.message);
            jread_pop(jr);
        }
        pattern_free(p);
    }
    jread_pop(jr);
    return rc;
}

static int load_diff(struct jread *jr, struct config *cfg)
{
    static const char *const members[] = {"ignore", "headers", "tolerance",
                                          NULL};
    json_t *d = NULL;
    int rc;

    if ((rc = jread_object(jr, cfg->root, "diff", false, &d)) != 0)
        return rc;
    if (d) {
        jread_push(jr, "diff");
        jread_known(jr, d, members);
        rc = jread_strings(jr, d, "ignore", false, &cfg->diff.ignore);
        if (rc == 0)
            rc = check_patterns(jr, "ignore", &cfg->diff.ignore);
        if (rc == 0)
            rc = jread_strings(jr, d, "headers", false, &cfg->diff.headers);
        if (rc == 0)
            rc = jread_number(jr, d, "tolerance", 0, 1e300,
                              &cfg->diff.tolerance);
        jread_pop(jr);
    }
    if (rc == 0 && (!d || !json_object_get(d, "headers")))
        rc = strvec_push(&cfg->diff.headers, "content-type");
    for (size_t i = 0; rc == 0 && i < cfg->diff.headers.n; i++)
        for (char *p = cfg->diff.headers.v[i]; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    return rc;
}

/* budget.scope: "workspace" (the default: the month's use is summed over
 * every environment, as the vendor counts per customer) or
 * "environment". */
static int load_scope(struct jread *jr, const json_t *b, struct config *cfg)
{
    char *scope = NULL;
    int rc = jread_string(jr, b, "scope", false, &scope);

    if (rc == 0 && scope && strcmp(scope, "environment") == 0)
        cfg->budget.per_environment = true;
    else if (rc == 0 && scope && strcmp(scope, "workspace") != 0)
        rc = jread_fail(jr, "scope", "member 'scope' must be \"workspace\" "
                        "or \"environment\", not '%s'", scope);
    free(scope);
    return rc;
}

/* The ledger's path: RELCHECK_LEDGER when set (relative to the current
 * folder, so CI can point it at a cache that outlives the runner), else
 * budget.ledger relative to relcheck.json's folder. */
static char *ledger_path(const struct config *cfg, const char *configured)
{
    const char *env = getenv("RELCHECK_LEDGER");

    if (env && *env)
        return fs_absolute(env);
    return fs_join(cfg->dir, configured);
}

static int load_budget(struct jread *jr, struct config *cfg)
{
    static const char *const members[] = {"monthly_calls", "ledger",
                                          "scope", NULL};
    json_t *b = NULL;
    char *ledger = strdup(".relcheck/ledger.jsonl");
    double monthly = 20000;
    int rc;

    rc = jread_object(jr, cfg->root, "budget", false, &b);
    if (rc == 0 && b) {
        jread_push(jr, "budget");
        jread_known(jr, b, members);
        rc = jread_number(jr, b, "monthly_calls", 0, 1e12, &monthly);
        if (rc == 0)
            rc = jread_string(jr, b, "ledger", false, &ledger);
        if (rc == 0)
            rc = load_scope(jr, b, cfg);
        jread_pop(jr);
    }
    cfg->budget.monthly_calls = (long)monthly;
    if (rc == 0 && (cfg->budget.ledger = ledger_path(cfg, ledger)) == NULL)
        rc = rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    free(ledger);
    return rc;
}

static int load_replay(struct jread *jr, struct config *cfg)
{
    static const char *const members[] = {"jobs", "rate", "timeout",
                                          "retries", "max_wait", "max_body",
                                          "repeat_interval", "workers",
                                          NULL};
    double jobs = 4, retries = 2, max_body = 67108864, workers = 2;
    json_t *r = NULL;
    int rc;

    cfg->replay.timeout = 30;
    cfg->replay.max_wait = 60;
    cfg->replay.repeat_interval = 1.1;
    rc = jread_object(jr, cfg->root, "replay", false, &r);
    if (rc == 0 && r) {
        jread_push(jr, "replay");
        jread_known(jr, r, members);
        rc = jread_number(jr, r, "jobs", 1, 256, &jobs);
        if (rc == 0)
            rc = jread_number(jr, r, "rate", 0, 1e6, &cfg->replay.rate);
        if (rc == 0 && cfg->replay.rate > 0 && cfg->replay.rate < RATE_MIN)
            rc = jread_fail(jr, "rate", "member 'rate' must be 0 (no limit) "
                            "or at least %g requests a second, not %g",
                            RATE_MIN, cfg->replay.rate);
        if (rc == 0)
            rc = jread_number(jr, r, "timeout", 0.001, 86400,
                              &cfg->replay.timeout);
        if (rc == 0)
            rc = jread_number(jr, r, "retries", 0, 100, &retries);
        if (rc == 0)
            rc = jread_number(jr, r, "max_wait", 0, 86400,
                              &cfg->replay.max_wait);
        if (rc == 0)
            rc = jread_number(jr, r, "max_body", 1, 1e12, &max_body);
        if (rc == 0)
            rc = jread_number(jr, r, "repeat_interval", 0, 3600,
                              &cfg->replay.repeat_interval);
        if (rc == 0)
            rc = jread_number(jr, r, "workers", 1, 64, &workers);
        jread_pop(jr);
    }
    cfg->replay.jobs = (int)jobs;
    cfg->replay.retries = (int)retries;
    cfg->replay.workers = (int)workers;
    cfg->replay.max_body = (size_t)max_body;
    return rc;
}

static int load_paths(struct jread *jr, struct config *cfg)
{
    int rc = load_dir(jr, cfg, "suites", "suites", &cfg->suites_dir);

    if (rc == 0)
        rc = load_dir(jr, cfg, "fixtures", "fixtures", &cfg->fixtures_dir);
    if (rc == 0)
        rc = load_dir(jr, cfg, "reports", "reports", &cfg->reports_dir);
    if (rc == 0)
        rc = load_dir(jr, cfg, "state", ".relcheck", &cfg->state_dir);
    if (rc == 0)
        rc = load_dir(jr, cfg, "history", "history.jsonl", &cfg->history_path);
    if (rc == 0 && json_object_get(cfg->root, "catalog"))
        rc = load_dir(jr, cfg, "catalog", NULL, &cfg->catalog_path);
    if (rc == 0 && !json_object_get(cfg->root, "catalog")) {
        char *def = fs_join(cfg->dir, "programs.json");
        if (def && fs_is_file(def))
            cfg->catalog_path = def;
        else
            free(def);
    }
    return rc;
}

int config_load(struct config *cfg, const char *path,
                struct strvec *warnings, struct rc_error *err)
{
    struct jread jr;
    int rc;

    memset(cfg, 0, sizeof *cfg);
    cfg->path = fs_absolute(path);
    cfg->dir = cfg->path ? fs_dirname(cfg->path) : NULL;
    if (cfg->dir == NULL)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    rc = jx_load(&cfg->root, &cfg->text, path, err);
    if (rc)
        goto done;
    jread_init(&jr, path, cfg->text, strlen(cfg->text), warnings, err);
    jr.base_dir = cfg->dir;
    jr.expand = true;
    if ((rc = jread_want_object(&jr, cfg->root, "the configuration")) != 0)
        goto done;
    jread_known(&jr, cfg->root, top_members);
    if ((rc = load_envs(&jr, cfg)) != 0 || (rc = load_paths(&jr, cfg)) != 0
        || (rc = load_notice(&jr, cfg)) != 0
        || (rc = load_diff(&jr, cfg)) != 0
        || (rc = jread_strings(&jr, cfg->root, "redact", false,
                               &cfg->redact)) != 0
        || (rc = check_patterns(&jr, "redact", &cfg->redact)) != 0
        || (rc = load_budget(&jr, cfg)) != 0)
        goto done;
    rc = load_replay(&jr, cfg);
done:
    if (rc)
        config_release(cfg);
    return rc;
}

int config_open(struct config *cfg, const char *explicit_path,
                struct strvec *warnings, struct rc_error *err)
{
    char *path = NULL;
    int rc = config_find(&path, explicit_path, err);

    if (rc == 0)
        rc = config_load(cfg, path, warnings, err);
    free(path);
    return rc;
}

struct environment *config_env(const struct config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_envs; i++)
        if (strcmp(cfg->envs[i].name, name) == 0)
            return &cfg->envs[i];
    return NULL;
}

char *config_history_path(const char *explicit_path, struct strvec *warnings)
{
    struct rc_error err = {0};
    struct config cfg;
    char *path = NULL, *history = NULL;

    if (config_find(&path, explicit_path, &err) != 0) {
        if (explicit_path)
            strvec_pushf(warnings, "approvals not shown: %s: %s", err.where,
                         err.message);
        free(path);
        return NULL;
    }
    if (config_load(&cfg, path, warnings, &err) != 0) {
        strvec_pushf(warnings, "approvals not shown: %s: %s", err.where,
                     err.message);
    } else {
        history = cfg.history_path ? strdup(cfg.history_path) : NULL;
        config_release(&cfg);
    }
    free(path);
    return history;
}
