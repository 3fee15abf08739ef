/*
 * Unit tests of relcheck import's parts: shell word splitting, the curl
 * reader, call ids and suite names, the secret filter (learning secret
 * values from headers, scrubbing them from text and JSON, secret member
 * paths), base64, and the HAR reader's errors with file:line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/build.h"
#include "core/base64.h"
#include "import/imp.h"
#include "redact/scrub.h"

static void split_ok(const char *line, const char *const *want)
{
    struct strvec w = STRVEC_INIT;
    struct rc_error err;
    size_t n = 0;

    assert_int_equal(imp_shell_split(&w, line, &err), 0);
    while (want[n])
        n++;
    assert_int_equal(w.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(w.v[i], want[i]);
    strvec_release(&w);
}

static void test_shell_split(void **state)
{
    (void)state;
    split_ok("curl  -H 'A: b c'  x", (const char *const[]){"curl", "-H",
             "A: b c", "x", NULL});
    split_ok("curl \"a \\\"q\\\" \\$x\" 'it'\\''s'", (const char *const[]){
             "curl", "a \"q\" $x", "it's", NULL});
    split_ok("curl \\\n  -X POST\\\n", (const char *const[]){"curl", "-X",
             "POST", NULL});
    split_ok("curl $'a\\nb\\x21\\u00e9\\''", (const char *const[]){"curl",
             "a\nb!\xc3\xa9'", NULL});
    split_ok("curl a\\ b ''", (const char *const[]){"curl", "a b", "",
             NULL});
}

static void test_shell_split_unterminated(void **state)
{
    struct strvec w = STRVEC_INIT;
    struct rc_error err;

    (void)state;
    assert_int_equal(imp_shell_split(&w, "curl \"abc", &err), RC_EUSAGE);
    assert_string_equal(err.message, "unterminated double quote");
    /* a backslash that ends the text inside quotes (found by fuzzing) */
    assert_int_equal(imp_shell_split(&w, "curl \"abc\\", &err),
                     RC_EUSAGE);
    assert_int_equal(imp_shell_split(&w, "curl $'abc\\", &err),
                     RC_EUSAGE);
    assert_string_equal(err.message, "unterminated single quote");
    strvec_release(&w);
}

static void test_curl_options(void **state)
{
    struct imp_batch b;
    struct rc_error err;
    struct imp_req *r;

    (void)state;
    memset(&b, 0, sizeof b);
    assert_int_equal(curl_read(&b, "curl -sSXpatch 'https://h/api/x?a=1' "
                               "-H 'Content-Type: text/plain' -d one -d two "
                               "-u me:LongPassword123", NULL, &err), 0);
    r = &b.v[0];
    assert_string_equal(r->method, "PATCH");
    assert_string_equal(r->url, "https://h/api/x?a=1");
    assert_string_equal(r->body, "one&two");
    assert_string_equal(imp_headers_get(&r->headers, "content-type"),
                        "text/plain");
    assert_int_equal(r->dropped.n, 1);
    assert_string_equal(r->dropped.v[0], "credentials of option '-u'");
    assert_true(strvec_contains(&b.secrets, "LongPassword123"));
    /* -G moves the data into the query; --json sets the JSON headers */
    assert_int_equal(curl_read(&b, "curl -G https://h/q -d a=1 "
                               "--data-urlencode 'b=x y'", NULL, &err), 0);
    assert_string_equal(b.v[1].method, "GET");
    assert_string_equal(b.v[1].url, "https://h/q?a=1&b=x%20y");
    assert_null(b.v[1].body);
    assert_int_equal(curl_read(&b, "curl --json '{\"a\":1}' https://h/j",
                               NULL, &err), 0);
    assert_string_equal(b.v[2].method, "POST");
    assert_string_equal(imp_headers_get(&b.v[2].headers, "Accept"),
                        "application/json");
    imp_batch_release(&b);
}

static void test_curl_errors(void **state)
{
    struct imp_batch b;
    struct rc_error err;

    (void)state;
    memset(&b, 0, sizeof b);
    assert_int_equal(curl_read(&b, "curl -Z https://h", NULL, &err),
                     RC_EUSAGE);
    assert_string_equal(err.message, "unknown curl option '-Z'");
    assert_int_equal(curl_read(&b, "curl -H", NULL, &err), RC_EUSAGE);
    assert_string_equal(err.message, "curl option '-H' needs a value");
    assert_int_equal(curl_read(&b, "curl -s", NULL, &err), RC_EUSAGE);
    assert_string_equal(err.message, "curl command has no URL");
    assert_int_equal(curl_read(&b, "curl https://a https://b", NULL, &err),
                     RC_EUSAGE);
    assert_int_equal(curl_read(&b, "curl --data-binary @body.json "
                               "https://h", NULL, &err), RC_EUSAGE);
    imp_batch_release(&b);
}

static void test_ids_and_names(void **state)
{
    struct strvec ids = STRVEC_INIT;
    char *id;

    (void)state;
    id = imp_call_id("GET", "/facturen/F-1/Regels", &ids);
    assert_string_equal(id, "get-facturen-f-1-regels");
    strvec_take(&ids, id);
    id = imp_call_id("GET", "/facturen/F-1/Regels/", &ids);
    assert_string_equal(id, "get-facturen-f-1-regels-2");
    strvec_take(&ids, id);
    id = imp_call_id("DELETE", "https://other.example/x%20y", &ids);
    assert_string_equal(id, "delete-x-20y");
    free(id);
    id = imp_call_id("GET", "/", &ids);
    assert_string_equal(id, "get");
    free(id);
    strvec_release(&ids);
    id = imp_safe_name("  AllSolutions API (v2)! ");
    assert_string_equal(id, "allsolutions-api-v2");
    free(id);
    id = imp_safe_name("***");
    assert_string_equal(id, "imported");
    free(id);
}

static void test_secret_names(void **state)
{
    (void)state;
    assert_true(secret_name("Authorization"));
    assert_true(secret_name("PROXY-AUTHORIZATION"));
    assert_true(secret_name("Set-Cookie"));
    assert_true(secret_name("X-Api-Key"));
    assert_true(secret_name("access_token"));
    assert_true(secret_name("client_secret"));
    assert_true(secret_name("Password"));
    assert_false(secret_name("Accept"));
    assert_false(secret_name("status"));
    assert_false(secret_name("authorized_by"));
}

static void test_learn_and_scrub(void **state)
{
    struct strvec s = STRVEC_INIT;
    json_t *doc;
    char *t;

    (void)state;
    /* "integratie:Geheim-Wachtwoord" in base64 */
    assert_int_equal(scrub_learn_header(&s, "Authorization", "Basic "
                     "aW50ZWdyYXRpZTpHZWhlaW0tV2FjaHR3b29yZA=="), 0);
    assert_true(strvec_contains(&s, "Geheim-Wachtwoord"));
    assert_true(strvec_contains(&s, "integratie:Geheim-Wachtwoord"));
    assert_int_equal(scrub_learn_header(&s, "Cookie", "sid=abcdef12; "
                                        "lang=nl; t=\"zyxwvu98\""), 0);
    assert_true(strvec_contains(&s, "abcdef12"));
    assert_true(strvec_contains(&s, "zyxwvu98"));
    assert_false(strvec_contains(&s, "nl"));
    t = scrub_known_text("pw=Geheim-Wachtwoord; sid=abcdef12!", &s);
    assert_string_equal(t, "pw=<redacted>; sid=<redacted>!");
    free(t);
    t = scrub_url("https://h/x?a=1&api_key=zz&Access_Token=abcdef12#f", &s);
    assert_string_equal(t, "https://h/x?a=1&api_key=<redacted>&"
                        "Access_Token=<redacted>#f");
    free(t);
    assert_int_equal(scrub_learn_url(&s, "https://me:p%40ss-word9@h/"), 0);
    assert_true(strvec_contains(&s, "p@ss-word9"));
    assert_true(strvec_contains(&s, "p%40ss-word9"));
    assert_int_equal(scrub_learn_value(&s, "quo\"te-secret"), 0);
    assert_true(strvec_contains(&s, "quo\\\"te-secret"));
    doc = json_pack("{s:s,s:[s],s:{s:s}}", "note", "x abcdef12 y", "list",
                    "Geheim-Wachtwoord", "abcdef12", "k", "v");
    assert_int_equal(scrub_known(doc, &s), 0);
    t = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(t, "{\"note\":\"x <redacted> y\",\"list\":"
                        "[\"<redacted>\"]}");
    free(t);
    json_decref(doc);
    strvec_release(&s);
}

static void test_secret_members(void **state)
{
    struct strvec paths = STRVEC_INIT;
    json_t *doc = json_pack("{s:s,s:[{s:s,s:i}],s:{s:s}}", "token", "t1",
                            "rows", "session_key", "k", "n", 1, "a b",
                            "password", "p");
    char *t;

    (void)state;
    assert_int_equal(scrub_secret_members(doc, &paths), 0);
    assert_int_equal(paths.n, 3);
    assert_string_equal(paths.v[0], "$.token");
    assert_string_equal(paths.v[1], "$.rows[*].session_key");
    assert_string_equal(paths.v[2], "$['a b'].password");
    t = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(t, "{\"token\":\"<redacted>\",\"rows\":[{"
                        "\"session_key\":\"<redacted>\",\"n\":1}],"
                        "\"a b\":{\"password\":\"<redacted>\"}}");
    free(t);
    json_decref(doc);
    strvec_release(&paths);
}

static void test_base64(void **state)
{
    const char bin[] = "\x00\xff%PDF\n";
    char *enc = b64_encode(bin, sizeof bin - 1);
    size_t n = 0;
    char *dec = NULL;

    (void)state;
    assert_string_equal(enc, "AP8lUERGCg==");
    assert_int_equal(b64_decode(&dec, &n, enc, strlen(enc)), 0);
    assert_int_equal(n, sizeof bin - 1);
    assert_memory_equal(dec, bin, n);
    free(dec);
    /* URL-safe alphabet, no padding, whitespace */
    assert_int_equal(b64_decode(&dec, &n, "AP8l\nUERG_-", 11), 0);
    assert_int_equal(n, 7);
    assert_memory_equal(dec, "\x00\xff%PDF\xff", 7);
    free(dec);
    free(enc);
    assert_int_equal(b64_decode(&dec, &n, "ab!c", 4), RC_EINPUT);
    assert_int_equal(b64_decode(&dec, &n, "ab=c", 4), RC_EINPUT);
    dec = pct_decode("a%20b+c%2", 9, true);
    assert_string_equal(dec, "a b c%2");
    free(dec);
}

static void har_error(const char *text, int code, const char *want)
{
    char path[] = "/tmp/rc-test-import-XXXXXX";
    int fd = mkstemp(path);
    struct imp_batch b;
    struct rc_error err;
    char full[2100];

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    memset(&b, 0, sizeof b);
    assert_int_equal(har_read(&b, path, NULL, &err), code);
    snprintf(full, sizeof full, "%s: %s", err.where, err.message);
    assert_string_equal(full + strlen(path), want);
    imp_batch_release(&b);
    unlink(path);
}

static void test_har_errors(void **state)
{
    (void)state;
    har_error("{\"log\": {\"entries\": [}}", RC_EINPUT,
              ":1:22: unexpected token near '}'");
    har_error("{\"log\": {\n  \"entries\": []\n}}", RC_EINPUT,
              ":2:3: HAR file has no entries");
    har_error("[1]", RC_EINPUT, ":1:1: not a HAR file: no object 'log'");
    /* an entry without a request (found by fuzzing) */
    har_error("{\"log\": {\"entries\": [{\"response\": {}}]}}",
              RC_EINPUT, ":1:22: missing member 'request'");
    har_error("{\"log\": {\"entries\": [{\"request\": "
              "{\"method\": \"GET\"}}]}}", RC_EINPUT,
              ":1:23: missing member 'url'");
    har_error("{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", "
              "\"url\": \"https://h/\"},\n \"response\": {\"status\": 42}}]}}",
              RC_EINPUT, ":2:15: a response needs an HTTP 'status' from "
              "100 to 599");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shell_split),
        cmocka_unit_test(test_shell_split_unterminated),
        cmocka_unit_test(test_curl_options),
        cmocka_unit_test(test_curl_errors),
        cmocka_unit_test(test_ids_and_names),
        cmocka_unit_test(test_secret_names),
        cmocka_unit_test(test_learn_and_scrub),
        cmocka_unit_test(test_secret_members),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_har_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
