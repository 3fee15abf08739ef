/*
 * Unit tests of the workspace loaders (config/): relcheck.json with its
 * expansion and warnings, the catalog, suites and fixtures. Each bad input
 * asserts the exact error text and its file:line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/catalog.h"
#include "config/config.h"
#include "config/fixture.h"
#include "config/suite.h"
#include "config/workspace.h"
#include "core/fsutil.h"
#include "core/json.h"

static char scratch[256];

static int setup(void **state)
{
    (void)state;
    snprintf(scratch, sizeof scratch, "/tmp/rc-test-config-XXXXXX");
    if (mkdtemp(scratch) == NULL || chdir(scratch) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    char cmd[512];

    (void)state;
    if (chdir("/") != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    return system(cmd);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

#define GOOD_ENV "{\"environments\": {\"acc\": {\"base_url\": \"http://h\"}}"

/* Copies text to out with @DIR@ replaced by the scratch folder. */
static void expand_dir(char *out, size_t size, const char *text)
{
    const char *at = strstr(text, "@DIR@");

    if (at == NULL)
        snprintf(out, size, "%s", text);
    else
        snprintf(out, size, "%.*s%s%s", (int)(at - text), text, scratch,
                 at + 5);
}

struct bad {
    const char *name;
    const char *file;      /* file to write and load */
    const char *text;
    const char *where;     /* expected err.where */
    const char *message;   /* expected err.message */
};

static const struct bad bad_configs[] = {
    {"malformed", "relcheck.json", "{\"environments\": {\n",
     "relcheck.json:2:1", "string or '}' expected near end of file"},
    {"not an object", "relcheck.json", "[1, 2]",
     "relcheck.json:1:1", "the configuration must be an object, not array"},
    {"duplicate key", "relcheck.json",
     "{\"environments\": {}, \"environments\": {}}",
     "relcheck.json:1:35", "duplicate object key near '\"environments\"'"},
    {"environments array", "relcheck.json", "{\"environments\": []}",
     "relcheck.json:1:2", "member 'environments' must be an object, not "
     "array"},
    {"empty environments", "relcheck.json", "{\"environments\": {}}",
     "relcheck.json:1:2", "no environment defined"},
    {"no base_url", "relcheck.json",
     "{\"environments\": {\n  \"acc\": {\"role\": \"test\"}}}",
     "relcheck.json:2:3", "missing member 'base_url'"},
    {"unknown auth type", "relcheck.json",
     "{\"environments\": {\"acc\": {\"base_url\": \"http://h\",\n"
     "  \"auth\": {\"type\": \"kerberos\"}}}}",
     "relcheck.json:2:12", "unknown auth type 'kerberos' (expected none, "
     "basic, bearer, header, oauth2 or login)"},
    {"basic without password", "relcheck.json",
     "{\"environments\": {\"acc\": {\"base_url\": \"http://h\",\n"
     "  \"auth\": {\"type\": \"basic\", \"username\": \"u\"}}}}",
     "relcheck.json:2:3", "missing member 'password' for auth type 'basic'"},
    {"writes on production", "relcheck.json",
     "{\"environments\": {\"prod\": {\"base_url\": \"http://h\",\n"
     "  \"role\": \"production\", \"allow_writes\": true}}}",
     "relcheck.json:2:25", "environment 'prod' has role 'production': "
     "allow_writes is not allowed there"},
    {"jobs out of range", "relcheck.json",
     GOOD_ENV ",\n \"replay\": {\"jobs\": 0}}",
     "relcheck.json:2:13", "member 'jobs' must be from 1 to 256, not 0"},
    {"timeout too short, as written", "relcheck.json",
     GOOD_ENV ",\n \"replay\": {\"timeout\": 0.0001234567}}",
     "relcheck.json:2:13", "member 'timeout' must be from 0.001 to 86400, "
     "not 0.0001234567"},
    {"timeout not a number", "relcheck.json",
     GOOD_ENV ",\n \"replay\": {\"timeout\": \"30s\"}}",
     "relcheck.json:2:13", "member 'timeout' must be a number, not string"},
    {"repeat interval negative", "relcheck.json",
     GOOD_ENV ",\n \"replay\": {\"repeat_interval\": -1}}",
     "relcheck.json:2:13", "member 'repeat_interval' must be from 0 to "
     "3600, not -1"},
    {"budget scope unknown", "relcheck.json",
     GOOD_ENV ",\n \"budget\": {\"scope\": \"customer\"}}",
     "relcheck.json:2:13", "member 'scope' must be \"workspace\" or "
     "\"environment\", not 'customer'"},
    {"pattern without code group", "relcheck.json",
     GOOD_ENV ",\n \"notice\": {\"patterns\": [\"^[A-Z]+\"]}}",
     "relcheck.json:2:13", "pattern '^[A-Z]+' has no named group 'code'"},
    {"bad subject regex", "relcheck.json",
     GOOD_ENV ",\n \"notice\": {\"subject\": \"(upgrade\"}}",
     "relcheck.json:2:13", "bad regular expression '(upgrade': missing "
     "closing parenthesis at offset 8"},
    {"mailbox without url", "relcheck.json",
     "{\"notice\": {\"mailbox\": {\n  \"auth\": {\"type\": \"basic\", "
     "\"password\": \"${env:P}\"}}}}",
     "relcheck.json:1:13", "member 'url' (imap:// or imaps://) must be a "
     "string"},
    {"mailbox auth type", "relcheck.json",
     "{\"notice\": {\"mailbox\": {\"url\": \"imaps://h/INBOX\",\n"
     "  \"auth\": {\"type\": \"login\"}}}}",
     "relcheck.json:2:12", "mailbox auth type must be basic, bearer or "
     "oauth2"},
    {"mailbox oauth2 without secret", "relcheck.json",
     "{\"notice\": {\"mailbox\": {\"url\": \"imaps://h/INBOX\",\n"
     "  \"auth\": {\"type\": \"oauth2\", \"token_url\": \"https://t\", "
     "\"client_id\": \"c\"}}}}",
     "relcheck.json:2:3", "missing member 'client_secret' for auth type "
     "'oauth2'"},
    {"redact not strings", "relcheck.json",
     GOOD_ENV ",\n \"redact\": [\"$..iban\", 3]}",
     "relcheck.json:2:24", "element 1 of 'redact' must be a string, not "
     "integer"},
    {"missing file expansion", "relcheck.json",
     GOOD_ENV ",\n \"notice\": {\"subject\": \"${file:nope.txt}\"}}",
     "relcheck.json:2:13", "cannot read '@DIR@/nope.txt' named by "
     "${file:nope.txt}: No such file or directory"},
    {"unknown expansion", "relcheck.json",
     GOOD_ENV ",\n \"notice\": {\"subject\": \"${vault:x}\"}}",
     "relcheck.json:2:13", "unknown expansion '${vault:x}' (use ${env:NAME} "
     "or ${file:PATH})"},
    {"login headers not object", "relcheck.json",
     "{\"environments\": {\"acc\": {\"base_url\": \"http://h\",\n"
     "  \"auth\": {\"type\": \"login\", \"url\": \"/login\", "
     "\"headers\": []}}}}",
     "relcheck.json:2:46", "member 'headers' must be an object, not array"},
};

static void test_bad_configs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
        const struct bad *b = &bad_configs[i];
        struct config cfg;
        struct rc_error err;
        struct strvec w = STRVEC_INIT;
        char msg[1024];
        int rc;

        write_file(b->file, b->text);
        rc_error_clear(&err);
        rc = config_load(&cfg, b->file, &w, &err);
        expand_dir(msg, sizeof msg, b->message);
        if (rc >= 0 || strcmp(err.where, b->where) != 0
            || strcmp(err.message, msg) != 0)
            print_error("case '%s': rc %d where '%s' message '%s'\n",
                        b->name, rc, err.where, err.message);
        assert_true(rc < 0);
        assert_string_equal(err.where, b->where);
        assert_string_equal(err.message, msg);
        strvec_release(&w);
    }
}

static const struct bad bad_suites[] = {
    {"duplicate call id", "s.json",
     "{\"name\": \"s\", \"programs\": [\"VFAFAC\"], \"calls\": [\n"
     " {\"id\": \"a\", \"path\": \"/x\"},\n {\"id\": \"a\", \"path\": \"/y\"}]}",
     "s.json:3:3", "duplicate call id 'a'"},
    {"bad glob", "s.json",
     "{\"name\": \"s\", \"programs\": [\"VFAFAC\", \"vf-a\"], \"calls\": []}",
     "s.json:1:38", "invalid program code or glob 'vf-a' (upper-case "
     "letters, digits, '*' and '?')"},
    {"missing calls", "s.json", "{\"name\": \"s\", \"programs\": [\"*\"]}",
     "s.json:1:1", "missing member 'calls'"},
    {"name mismatch", "s.json",
     "{\"name\": \"t\", \"programs\": [\"*\"], \"calls\": []}",
     "s.json:1:2", "suite name 't' does not match its file name 's.json'"},
    {"unknown method", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": [\n"
     " {\"id\": \"a\", \"method\": \"FETCH\", \"path\": \"/x\"}]}",
     "s.json:2:14", "unknown method 'FETCH' (GET, HEAD, OPTIONS, POST, PUT, "
     "PATCH or DELETE)"},
    {"variable captured too late", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": [\n"
     " {\"id\": \"a\", \"path\": \"/orders/{{order_id}}\"},\n"
     " {\"id\": \"b\", \"method\": \"POST\", \"path\": \"/orders\","
     " \"capture\": {\"order_id\": \"$.id\"}}]}",
     "s.json:2:2", "variable '{{order_id}}' is used before the call that "
     "captures it"},
    {"body and body_text", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": [\n"
     " {\"id\": \"a\", \"method\": \"POST\", \"path\": \"/x\", \"body\": {},"
     " \"body_text\": \"x\"}]}",
     "s.json:2:58", "a call has 'body' or 'body_text', not both"},
    {"calls not array", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": {}}",
     "s.json:1:34", "member 'calls' must be an array, not object"},
    {"missing id", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": [{\"path\": \"/x\"}]}",
     "s.json:1:44", "missing member 'id'"},
    {"path without slash", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": [\n"
     " {\"id\": \"a\", \"path\": \"facturen\"}]}",
     "s.json:2:14", "path 'facturen' must start with '/' or be an absolute "
     "http(s) URL"},
    {"empty programs", "s.json",
     "{\"name\": \"s\", \"programs\": [], \"calls\": []}",
     "s.json:1:15", "'programs' is empty (name the program codes the suite "
     "touches, or \"*\")"},
    {"query object value", "s.json",
     "{\"name\": \"s\", \"programs\": [\"*\"], \"calls\": [\n"
     " {\"id\": \"a\", \"path\": \"/x\", \"query\": {\"q\": {}}}]}",
     "s.json:2:28", "query parameter 'q' must be a string, number, boolean "
     "or array, not object"},
};

static void test_bad_suites(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_suites / sizeof bad_suites[0]; i++) {
        const struct bad *b = &bad_suites[i];
        struct suite s;
        struct rc_error err;
        struct strvec w = STRVEC_INIT;
        int rc;

        write_file(b->file, b->text);
        rc_error_clear(&err);
        rc = suite_load(&s, b->file, &w, &err);
        if (rc >= 0 || strcmp(err.where, b->where) != 0
            || strcmp(err.message, b->message) != 0)
            print_error("case '%s': rc %d where '%s' message '%s'\n",
                        b->name, rc, err.where, err.message);
        assert_true(rc < 0);
        assert_string_equal(err.where, b->where);
        assert_string_equal(err.message, b->message);
        strvec_release(&w);
    }
}

static const struct bad bad_fixtures[] = {
    {"no response", "f.json", "{\"suite\": \"s\", \"call\": \"a\"}",
     "f.json:1:1", "missing member 'response'"},
    {"bad status", "f.json", "{\"response\": {\"status\": 42}}",
     "f.json:1:15", "member 'status' must be an HTTP status from 100 to 599"},
    {"header not string", "f.json",
     "{\"response\": {\"status\": 200, \"headers\": {\"x\": 1}}}",
     "f.json:1:30", "header 'x' must be a string, not integer"},
    {"two bodies", "f.json",
     "{\"response\": {\"status\": 200, \"body\": {}, \"body_text\": \"\"}}",
     "f.json:1:42", "a response has one of 'body', 'body_text' or "
     "'body_base64', not several"},
    {"truncated", "f.json", "{\"response\": {\"status\": 200,",
     "f.json:1:28", "string or '}' expected near end of file"},
    /* the body's own text: a run reads it apart from the rest */
    {"bad body", "f.json", "{\"response\": {\"status\": 200,\n"
     "\"body\": {\"a\": [1,]}}}", "f.json:2:18", "unexpected token near ']'"},
    {"member twice in body", "f.json", "{\"response\": {\"status\": 200, "
     "\"body\": {\"a\": 1, \"a\": 1}}}", "f.json:1:49",
     "duplicate object key near '\"a\"'"},
    {"body twice", "f.json", "{\"response\": {\"status\": 200, \"body\": 1, "
     "\"body\": 2}}", "f.json:1:46", "duplicate object key near '\"body\"'"},
    {"broken after body", "f.json", "{\"response\": {\"status\": 200, "
     "\"body\": {\"a\": \"}\"}} x", "f.json:1:50",
     "'}' expected near 'x'"},
    {"unclosed body", "f.json", "{\"response\": {\"status\": 200, "
     "\"body\": [1, {\"a\": 2}", "f.json:1:49",
     "']' expected near end of file"},
};

/* What fixture_load_lazy (and then fixture_parse_body) says of a file:
 * rc and err, as fixture_load would have said it. */
static int load_lazily(const char *path, struct rc_error *err)
{
    struct fixture f;
    int rc = fixture_load_lazy(&f, path, err);

    if (rc == 0) {
        rc = fixture_parse_body(&f, path, err);
        fixture_release(&f);
    }
    return rc;
}

static void test_bad_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_fixtures / sizeof bad_fixtures[0];
         i++) {
        const struct bad *b = &bad_fixtures[i];
        struct fixture f;
        struct rc_error err;
        int rc;

        write_file(b->file, b->text);
        rc_error_clear(&err);
        rc = fixture_load(&f, b->file, NULL, &err);
        for (int lazy = 0; lazy < 2; lazy++) {
            if (lazy) {
                rc_error_clear(&err);
                rc = load_lazily(b->file, &err);
            }
            if (rc >= 0 || strcmp(err.where, b->where) != 0
                || strcmp(err.message, b->message) != 0)
                print_error("case '%s'%s: rc %d where '%s' message '%s'\n",
                            b->name, lazy ? " (lazy)" : "", rc, err.where,
                            err.message);
            assert_true(rc < 0);
            assert_string_equal(err.where, b->where);
            assert_string_equal(err.message, b->message);
        }
    }
}

static void test_bad_catalog(void **state)
{
    struct catalog cat;
    struct rc_error err;
    int rc;

    (void)state;
    write_file("programs.json", "{\"VFAFAC\": {\"name\": \"Facturen\"},\n"
                                " \"vfa-x\": {}}");
    rc = catalog_load(&cat, "programs.json", NULL, &err);
    assert_int_equal(rc, RC_ECONFIG);
    assert_string_equal(err.where, "programs.json:2:2");
    assert_string_equal(err.message, "invalid program code 'vfa-x' "
                        "(upper-case letters and digits)");
}

static void test_good_config_and_defaults(void **state)
{
    struct config cfg;
    struct rc_error err;
    struct strvec w = STRVEC_INIT;

    (void)state;
    write_file("relcheck.json", GOOD_ENV ", \"colour\": 1}");
    assert_int_equal(config_load(&cfg, "relcheck.json", &w, &err), 0);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "relcheck.json:1:53: unknown member "
                        "'colour' (ignored)");
    assert_int_equal(cfg.replay.jobs, 4);
    assert_int_equal(cfg.replay.retries, 2);
    assert_true(cfg.replay.timeout == 30);
    assert_int_equal(cfg.replay.max_body, 67108864);
    assert_int_equal(cfg.budget.monthly_calls, 20000);
    assert_false(cfg.budget.per_environment);
    assert_true(cfg.replay.repeat_interval == 1.1);
    assert_string_equal(cfg.notice.subject, "(?i)upgrade|release");
    assert_int_equal(cfg.diff.headers.n, 1);
    assert_string_equal(cfg.diff.headers.v[0], "content-type");
    assert_non_null(strstr(cfg.suites_dir, scratch));
    assert_non_null(strstr(cfg.budget.ledger, "/.relcheck/ledger.jsonl"));
    config_release(&cfg);
    strvec_release(&w);
}

/* notice and select need no environment (SPEC section 5): a file with
 * only a catalog and notice settings loads; asking it for an environment
 * is the error, naming what to add. */
static void test_no_environments(void **state)
{
    struct config cfg;
    struct environment *env = NULL;
    struct rc_error err;
    struct strvec w = STRVEC_INIT;

    (void)state;
    write_file("relcheck.json", "{\"catalog\": \"programs.json\",\n"
               " \"notice\": {\"subject\": \"(?i)release\"}}");
    assert_int_equal(config_load(&cfg, "relcheck.json", &w, &err), 0);
    assert_int_equal(w.n, 0);
    assert_int_equal(cfg.n_envs, 0);
    assert_string_equal(cfg.notice.subject, "(?i)release");
    assert_non_null(strstr(cfg.catalog_path, "/programs.json"));
    assert_int_equal(config_env_get(&env, &cfg, "acc", &w, &err),
                     RC_ECONFIG);
    assert_null(env);
    assert_string_equal(err.message, "no environment 'acc' (relcheck.json "
                        "defines none: add it under 'environments')");
    config_release(&cfg);
    strvec_release(&w);
}

/* notice.mailbox is expanded only when a command reads it: a missing
 * variable is no load error, and the error names the variable. */
static void test_mailbox_resolve(void **state)
{
    struct config cfg;
    struct mailbox mb;
    struct rc_error err;
    struct strvec w = STRVEC_INIT;

    (void)state;
    write_file("relcheck.json",
               "{\"notice\": {\"mailbox\": {\"url\": \"imaps://h/INBOX\", "
               "\"user\": \"qa@example.nl\", \"ca_file\": \"ca.pem\",\n"
               " \"auth\": {\"type\": \"oauth2\", \"token_url\": "
               "\"https://t/token\", \"client_id\": \"c\",\n"
               " \"client_secret\": \"${env:RC_TEST_MB_SECRET}\"}}}}");
    unsetenv("RC_TEST_MB_SECRET");
    assert_int_equal(config_load(&cfg, "relcheck.json", &w, &err), 0);
    assert_true(cfg.notice.mailbox);
    assert_int_equal(config_mailbox_resolve(&mb, &cfg, &w, &err),
                     RC_ECONFIG);
    assert_non_null(strstr(err.message, "RC_TEST_MB_SECRET"));
    setenv("RC_TEST_MB_SECRET", "s3cret-value", 1);
    assert_int_equal(config_mailbox_resolve(&mb, &cfg, &w, &err), 0);
    assert_int_equal(mb.auth.type, AUTH_OAUTH2);
    assert_string_equal(mb.auth.client_secret, "s3cret-value");
    assert_string_equal(mb.user, "qa@example.nl");
    assert_string_equal(mb.mark, "$relcheck");
    assert_non_null(strstr(mb.ca_file, "/ca.pem"));
    assert_true(mb.ca_file[0] == '/');
    mailbox_release(&mb);
    unsetenv("RC_TEST_MB_SECRET");
    config_release(&cfg);
    strvec_release(&w);
}

static void test_env_expansion_and_warnings(void **state)
{
    struct config cfg;
    struct environment *env;
    struct rc_error err;
    struct strvec w = STRVEC_INIT;

    (void)state;
    write_file("secret.txt", "from-a-file-0123456789\n");
    chmod("secret.txt", 0644);
    write_file("relcheck.json",
               "{\"environments\": {\n"
               " \"a\": {\"base_url\": \"${env:RC_T_URL}/api\",\n"
               "  \"auth\": {\"type\": \"basic\", \"username\": \"u\",\n"
               "   \"password\": \"short\"}},\n"
               " \"b\": {\"base_url\": \"http://h\",\n"
               "  \"auth\": {\"type\": \"bearer\", \"token\": "
               "\"${file:secret.txt}\"}},\n"
               " \"c\": {\"base_url\": \"http://h\",\n"
               "  \"auth\": {\"type\": \"basic\", \"username\": \"u\",\n"
               "   \"password\": \"${env:RC_T_MISSING}\"}}}}");
    setenv("RC_T_URL", "https://erp.example.nl", 1);
    unsetenv("RC_T_MISSING");
    assert_int_equal(config_load(&cfg, "relcheck.json", &w, &err), 0);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "relcheck.json:4:4: literal secret in "
                        "'password': use ${env:NAME} or ${file:PATH}");
    assert_int_equal(config_env_get(&env, &cfg, "a", &w, &err), 0);
    assert_string_equal(env->base_url, "https://erp.example.nl/api");
    assert_int_equal(env->auth.type, AUTH_BASIC);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.v[1], "relcheck.json:4:4: password of environment "
                        "'a' is shorter than 16 characters (AllSolutions "
                        "requires at least 16 for the API connection and the "
                        "API user)");
    assert_int_equal(config_env_get(&env, &cfg, "b", &w, &err), 0);
    assert_string_equal(env->auth.token, "from-a-file-0123456789");
    assert_int_equal(w.n, 3);
    assert_non_null(strstr(w.v[2], "is readable by group or others"));
    assert_int_equal(config_env_get(&env, &cfg, "c", &w, &err), RC_ECONFIG);
    assert_string_equal(err.where, "relcheck.json:9:4");
    assert_string_equal(err.message, "environment variable 'RC_T_MISSING' is "
                        "not set");
    assert_int_equal(config_env_get(&env, &cfg, "d", &w, &err), RC_ECONFIG);
    assert_string_equal(err.message, "no environment 'd' (defined: 'a', 'b', "
                        "'c')");
    config_release(&cfg);
    strvec_release(&w);
}

static void test_login_defaults(void **state)
{
    struct config cfg;
    struct environment *env;
    struct rc_error err;

    (void)state;
    setenv("RC_T_PW", "a-long-enough-password", 1);
    write_file("relcheck.json",
               "{\"environments\": {\"acc\": {\"base_url\": \"http://h/api\","
               " \"allow_writes\": true, \"auth\": {\"type\": \"login\","
               " \"url\": \"/login\", \"body\": {\"user\": \"u\","
               " \"password\": \"${env:RC_T_PW}\"}}}}}");
    assert_int_equal(config_load(&cfg, "relcheck.json", NULL, &err), 0);
    assert_int_equal(config_env_get(&env, &cfg, "acc", NULL, &err), 0);
    assert_true(env->allow_writes);
    assert_false(env->production);
    assert_string_equal(env->auth.method, "POST");
    assert_string_equal(env->auth.token_path, "$.token");
    assert_string_equal(env->auth.header, "Authorization");
    assert_string_equal(env->auth.prefix, "Bearer ");
    assert_string_equal(json_string_value(json_object_get(env->auth.body,
                        "password")), "a-long-enough-password");
    config_release(&cfg);
}

static void test_suite_good(void **state)
{
    struct suite s;
    struct rc_error err;
    struct strvec w = STRVEC_INIT;

    (void)state;
    write_file("orders.json",
               "{\"name\": \"orders\", \"programs\": [\"VFA*\", \"VORORD\"],"
               " \"attention\": \"mind the VAT\", \"calls\": ["
               " {\"id\": \"create\", \"method\": \"post\", \"path\": "
               "\"/orders\", \"body\": {\"d\": \"D100\"}, \"capture\": "
               "{\"order_id\": \"$.id\"}},"
               " {\"id\": \"get\", \"path\": \"/orders/{{order_id}}\","
               " \"headers\": {\"Authorization\": \"x\"},"
               " \"array_keys\": {\"$.lines\": \"nr\"}}]}");
    assert_int_equal(suite_load(&s, "orders.json", &w, &err), 0);
    assert_int_equal(s.n_calls, 2);
    assert_true(s.ordered);
    assert_string_equal(s.calls[0].method, "POST");
    assert_true(call_is_write(&s.calls[0]));
    assert_false(call_is_write(&s.calls[1]));
    assert_string_equal(s.calls[1].uses.v[0], "order_id");
    assert_string_equal(s.calls[1].array_keys[0].key, "nr");
    assert_string_equal(s.attention.v[0], "mind the VAT");
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.v[0], "header 'Authorization' holds a "
                           "credential"));
    suite_release(&s);
    strvec_release(&w);
}

static void test_fixture_roundtrip(void **state)
{
    struct fixture f, g;
    struct rc_error err;

    (void)state;
    write_file("f.json", "{\"suite\": \"s\", \"call\": \"a\", \"response\": "
               "{\"status\": 200, \"headers\": {\"Content-Type\": "
               "\"application/json\"}, \"body\": {\"x\": [1, 2.5]}}, "
               "\"noise\": [\"$.t\"]}");
    assert_int_equal(fixture_load(&f, "f.json", NULL, &err), 0);
    assert_string_equal(fixture_content_type(&f), "application/json");
    assert_int_equal(f.body_kind, BODY_JSON);
    assert_int_equal(fixture_save(&f, "out/g.json", &err), 0);
    assert_int_equal(fixture_load(&g, "out/g.json", NULL, &err), 0);
    assert_true(json_equal(f.body, g.body));
    assert_string_equal(g.noise.v[0], "$.t");
    assert_int_equal(g.status, 200);
    fixture_release(&f);
    fixture_release(&g);
}

/* "redaction_key": read, written back after recorded_at, optional (an
 * older fixture), and 8 lower-case hex digits or an error at its place. */
static void test_fixture_key_id(void **state)
{
    struct fixture f, g;
    struct rc_error err;
    char *text = NULL;
    size_t len;

    (void)state;
    write_file("k.json", "{\"suite\": \"s\", \"call\": \"a\", "
               "\"recorded_at\": \"2026-12-05T08:00:00Z\", "
               "\"redaction_key\": \"630dcd29\", \"response\": "
               "{\"status\": 200}}");
    assert_int_equal(fixture_load(&f, "k.json", NULL, &err), 0);
    assert_string_equal(f.redaction_key, "630dcd29");
    assert_int_equal(fixture_save(&f, "out/k.json", &err), 0);
    assert_int_equal(fixture_load(&g, "out/k.json", NULL, &err), 0);
    assert_string_equal(g.redaction_key, "630dcd29");
    assert_int_equal(fs_read_file(&text, &len, "out/k.json", 4096, &err), 0);
    assert_true(strstr(text, "\"recorded_at\"")
                < strstr(text, "\"redaction_key\""));
    assert_true(strstr(text, "\"redaction_key\"")
                < strstr(text, "\"response\""));
    free(text);
    fixture_release(&f);
    fixture_release(&g);
    assert_true(fixture_key_id_ok("630dcd29"));
    assert_false(fixture_key_id_ok("630DCD29"));
    assert_false(fixture_key_id_ok("630dcd2"));
    assert_false(fixture_key_id_ok("630dcd29a"));

    write_file("old.json", "{\"suite\": \"s\", \"call\": \"a\", "
               "\"response\": {\"status\": 200}}");
    assert_int_equal(fixture_load(&f, "old.json", NULL, &err), 0);
    assert_null(f.redaction_key);
    fixture_release(&f);

    write_file("bad.json", "{\"suite\": \"s\",\n \"redaction_key\": "
               "\"630DCD29\", \"response\": {\"status\": 200}}");
    assert_int_equal(fixture_load(&f, "bad.json", NULL, &err), RC_ECONFIG);
    assert_string_equal(err.where, "bad.json:2:2");
    assert_non_null(strstr(err.message, "8 lower-case hex digits"));
}

/* A run's fixture: the JSON body stays text until it is needed, found
 * past a request body and string values that look like JSON; everything
 * else reads as fixture_load reads it. */
static void test_fixture_lazy(void **state)
{
    static const char text[] =
        "{\"suite\": \"s\", \"call\": \"a\", \"request\": {\"method\": "
        "\"POST\", \"url\": \"http://h/x\", \"body\": {\"q\": \"}{\"}},\n"
        " \"response\": {\"status\": 201, \"headers\": {\"Content-Type\": "
        "\"application/json\"}, \"body\": {\"x\": [1, 2.5, \"\\\"]\"]}\n"
        " }, \"noise\": [\"$.t\"]}";
    static const char body[] = "{\"x\": [1, 2.5, \"\\\"]\"]}";
    static const char compact[] = "{\"x\":[1,2.5,\"\\\"]\"]}";
    struct fixture f, g;
    struct rc_error err;

    (void)state;
    write_file("f.json", text);
    assert_int_equal(fixture_load_lazy(&f, "f.json", &err), 0);
    assert_int_equal(fixture_load(&g, "f.json", NULL, &err), 0);
    assert_null(f.body);
    assert_int_equal(f.body_kind, BODY_JSON);
    assert_int_equal(f.body_src_len, strlen(body));
    assert_memory_equal(f.body_src, body, strlen(body));
    assert_int_equal(f.status, 201);
    assert_string_equal(fixture_content_type(&f), "application/json");
    assert_string_equal(f.req_method, "POST");
    assert_string_equal(f.noise.v[0], "$.t");
    assert_true(jx_same_text(f.body_src, f.body_src_len, compact,
                             strlen(compact)));
    assert_int_equal(fixture_parse_body(&f, "f.json", &err), 0);
    assert_null(f.body_src);
    assert_true(json_equal(f.body, g.body));
    fixture_release(&f);
    fixture_release(&g);

    /* no body, a text body: nothing held back */
    write_file("f.json", "{\"response\": {\"status\": 204}}");
    assert_int_equal(fixture_load_lazy(&f, "f.json", &err), 0);
    assert_null(f.body_src);
    assert_int_equal(f.body_kind, BODY_NONE);
    fixture_release(&f);
    write_file("f.json", "{\"response\": {\"status\": 200, \"body_text\": "
               "\"{}\"}}");
    assert_int_equal(fixture_load_lazy(&f, "f.json", &err), 0);
    assert_null(f.body_src);
    assert_string_equal(f.body_text, "{}");
    fixture_release(&f);

    /* missing, or not a file: "no baseline", not an error */
    assert_int_equal(fixture_load_lazy(&f, "none.json", &err),
                     RC_ENOTFOUND);
    mkdir("dir", 0755);
    assert_int_equal(fixture_load_lazy(&f, "dir", &err), RC_ENOTFOUND);
    assert_int_equal(fixture_load_lazy(&f, "f.json/x", &err), RC_ENOTFOUND);
}

static void test_workspace_check(void **state)
{
    struct workspace ws;
    struct check_report r;
    struct rc_error err;
    struct strvec w = STRVEC_INIT;

    (void)state;
    mkdir("sub", 0755);
    mkdir("suites", 0755);
    mkdir("fixtures", 0755);
    mkdir("fixtures/s", 0755);
    write_file("relcheck.json", GOOD_ENV "}");
    write_file("programs.json", "{\"VFAFAC\": \"Facturen\", \"MZZPAR\": "
               "{\"name\": \"Parameters AllSolutions\"}, \"VORORD\": {}}");
    write_file("suites/s.json", "{\"name\": \"s\", \"programs\": [\"VFA*\","
               " \"*\"], \"calls\": [{\"id\": \"a\", \"path\": \"/a\"},"
               " {\"id\": \"b\", \"path\": \"/b\"}]}");
    write_file("fixtures/s/a.json", "{\"suite\": \"s\", \"call\": \"a\", "
               "\"response\": {\"status\": 200}}");
    write_file("fixtures/s/zz.json", "{\"response\": {\"status\": 200}}");
    assert_int_equal(chdir("sub"), 0);
    assert_int_equal(workspace_open(&ws, NULL, &w, &err), 0);
    assert_int_equal(workspace_check(&r, &ws, NULL, &w, &err), 0);
    assert_int_equal(r.calls, 2);
    assert_int_equal(r.fixtures, 1);
    assert_string_equal(r.missing.v[0], "s/b");
    assert_int_equal(r.uncovered.n, 2);
    assert_string_equal(r.uncovered.v[0], "MZZPAR");
    assert_string_equal(r.uncovered.v[1], "VORORD");
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.v[0], "fixture of unknown call 'zz'"));
    check_report_release(&r);
    workspace_release(&ws);
    strvec_release(&w);
    assert_int_equal(chdir(".."), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_suites, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_fixtures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_catalog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_good_config_and_defaults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_environments, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_mailbox_resolve, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_env_expansion_and_warnings,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suite_good, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixture_lazy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixture_roundtrip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fixture_key_id, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_workspace_check, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
