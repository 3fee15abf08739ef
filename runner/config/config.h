/*
 * relcheck.json (SPEC section 3): the environments, folder locations, and
 * the settings of notice parsing, diffing, redaction, budget and replay.
 * config_load parses and validates the file and expands ${env:}/${file:}
 * everywhere except inside environments; an environment's strings (which
 * hold credentials) are expanded only when a command asks for that
 * environment with config_env_resolve, so a missing secret of an
 * environment not in use is no error. All paths are absolute, resolved
 * against the folder that holds relcheck.json. struct config owns all its
 * strings and JSON references; config_release frees them.
 */
#ifndef RC_CONFIG_H
#define RC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"

/* The lowest rate (requests a second) replay.rate and --rate accept
 * besides 0 (no limit): one request every 100 seconds. */
#define RATE_MIN 0.01

enum auth_type { AUTH_NONE, AUTH_BASIC, AUTH_BEARER, AUTH_HEADER,
                 AUTH_OAUTH2, AUTH_LOGIN };

/* Credentials of an environment; strings are NULL when not set. */
struct auth {
    enum auth_type type;
    char *username, *password;                     /* basic */
    char *token;                                   /* bearer */
    char *name, *value;                            /* header */
    char *token_url, *client_id, *client_secret;   /* oauth2 */
    char *scope;
    char *method, *url;                            /* login (method: POST) */
    json_t *headers;                               /* login: object or NULL */
    json_t *body;                                  /* login: any JSON or NULL */
    char *token_path;                              /* login: "$.token" */
    char *header, *prefix;                         /* login: where it goes */
};

struct environment {
    char *name;
    char *base_url;       /* set by config_env_resolve */
    bool production;      /* role: "production" */
    bool allow_writes;
    bool resolved;        /* config_env_resolve done */
    struct auth auth;     /* set by config_env_resolve */
    json_t *vars;         /* set by config_env_resolve: the expanded
                             vars, an object (owned; empty when none) */
    char *ca_file;        /* absolute, or NULL */
    bool insecure;
};

struct config {
    char *path;           /* absolute path of relcheck.json */
    char *dir;            /* its folder */
    struct environment *envs;
    size_t n_envs;
    char *suites_dir, *fixtures_dir, *reports_dir;
    char *catalog_path;   /* NULL when no catalog is configured */
    char *state_dir;      /* .relcheck/ */
    char *history_path;   /* history.jsonl (SPEC section 12), absolute */
    struct {
        char *subject;        /* regex; default "(?i)upgrade|release" */
        char *from;           /* regex or NULL */
        struct strvec patterns;
        char *release_pattern; /* NULL: the default */
        bool mailbox;          /* notice.mailbox is set (checked, not
                                  expanded: config_mailbox_resolve) */
    } notice;
    struct {
        struct strvec ignore;
        struct strvec headers;  /* lower-case names */
        double tolerance;
    } diff;
    struct strvec redact;
    struct {
        long monthly_calls;
        char *ledger;           /* absolute; RELCHECK_LEDGER overrides */
        bool per_environment;   /* budget.scope "environment": the month's
                                   use counts this environment only;
                                   default "workspace": all of them */
    } budget;
    struct {
        int jobs;
        double rate;            /* requests a second, 0 = no limit,
                                   else at least RATE_MIN */
        double timeout;         /* seconds */
        int retries;
        double max_wait;        /* seconds */
        size_t max_body;        /* bytes */
        double repeat_interval; /* seconds between the rounds of record's
                                   repeated sendings (default 1.1) */
        int workers;            /* run: threads that judge calls off the
                                   libcurl thread (default 2) */
    } replay;
    json_t *root;             /* the parsed file (owned) */
    char *text;               /* its bytes, for error positions (owned) */
};

/*
 * Finds relcheck.json: explicit when not NULL (it must exist), else in the
 * current folder or the nearest parent. *path is the caller's.
 * RC_ECONFIG when none is found.
 */
int config_find(char **path, const char *explicit_path, struct rc_error *err);

/*
 * Loads and validates path. Warnings (unknown members, literal secrets)
 * are appended to warnings as "WHERE: WHAT". On failure returns RC_ECONFIG
 * or RC_EINPUT with err naming file:line:column and the member; cfg is
 * then released.
 */
int config_load(struct config *cfg, const char *path,
                struct strvec *warnings, struct rc_error *err);

/* config_find + config_load. */
int config_open(struct config *cfg, const char *explicit_path,
                struct strvec *warnings, struct rc_error *err);

void config_release(struct config *cfg);

/* The environment named name (borrowed), or NULL. */
struct environment *config_env(const struct config *cfg, const char *name);

/*
 * Expands the environment's strings (${env:NAME}, ${file:PATH}) and fills
 * base_url and auth. Warns about passwords shorter than 16 characters (the
 * vendor's rule), insecure TLS, and credential files readable by others.
 * A missing variable is RC_ECONFIG naming it. Doing it twice is harmless.
 */
int config_env_resolve(struct config *cfg, struct environment *env,
                       struct strvec *warnings, struct rc_error *err);

/* The environment by name, resolved; RC_ECONFIG listing the names when
 * there is no such environment. *out is borrowed. */
int config_env_get(struct environment **out, struct config *cfg,
                   const char *name, struct strvec *warnings,
                   struct rc_error *err);

/* notice.mailbox (SPEC section 5): the IMAP mailbox the SOURCE word
 * `mailbox` reads. auth.type is AUTH_BASIC (password), AUTH_BEARER (token)
 * or AUTH_OAUTH2 (client credentials; the token goes to the server with
 * SASL XOAUTH2). Owned strings; mailbox_release frees them. */
struct mailbox {
    char *url;            /* imap:// or imaps:// with the folder */
    char *search;         /* IMAP SEARCH criteria, or NULL for ALL */
    char *user;
    char *ca_file;        /* absolute, or NULL */
    char *mark;           /* the keyword of --new; default "$relcheck" */
    struct auth auth;
};

/*
 * Expands notice.mailbox (${env:}, ${file:}) into mb, for a command that
 * reads it. RC_ECONFIG when relcheck.json has no notice.mailbox or a
 * variable is missing (naming it, never a secret's value).
 */
int config_mailbox_resolve(struct mailbox *mb, const struct config *cfg,
                           struct strvec *warnings, struct rc_error *err);
void mailbox_release(struct mailbox *mb);

/* Frees the strings of a (and sets it to AUTH_NONE). */
void auth_release(struct auth *a);

/*
 * Whether any environment's vars define name (read from the file as it is,
 * no environment resolved). Used to tell a suite's {{variable}} that comes
 * from the environments from one nothing defines.
 */
bool config_var_defined(const struct config *cfg, const char *name);

/* "basic", "login", ... */
const char *auth_type_name(enum auth_type t);

/*
 * The history file of the workspace around the current folder (or of
 * explicit_path), for commands that work on a run folder and need no
 * workspace (report, merge) but show the approvals of its release: a new
 * string, or NULL when there is no workspace. A workspace that cannot be
 * loaded is a warning, and NULL.
 */
char *config_history_path(const char *explicit_path,
                          struct strvec *warnings);

#endif
