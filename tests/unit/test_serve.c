/*
 * Unit tests of serve/: the bytes of its JSON (SERVE_JSON: Python's
 * compact form, lower-case escapes), route templates and edit distance,
 * JSON path parsing and retyping, and the server embedded in-process on a free port (as demo
 * and other modules' tests use it), including that stopping it leaves no
 * descriptor open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/buf.h"
#include "serve/mutate.h"
#include "serve/route.h"
#include "serve/serve.h"

static void assert_json(const char *in, const char *want)
{
    json_error_t jerr;
    json_t *v = json_loads(in, JSON_DECODE_ANY, &jerr);
    struct rc_buf b;

    assert_non_null(v);
    rc_buf_init(&b, 4096);
    assert_int_equal(jsonw_write(&b, v, SERVE_JSON), 0);
    assert_string_equal(rc_buf_str(&b), want);
    rc_buf_release(&b);
    json_decref(v);
}

static void test_documents(void **state)
{
    (void)state;
    assert_json("{ \"b\": 1, \"a\": [true, false, null, 2.50] }",
                "{\"b\":1,\"a\":[true,false,null,2.5]}");
    assert_json("\"caf\\u00e9 \\\"x\\\" \\\\ / \\n\\t\\u0001\\u001f\"",
                "\"caf\xc3\xa9 \\\"x\\\" \\\\ / \\n\\t\\u0001\\u001f\"");
    assert_json("[]", "[]");
    assert_json("{}", "{}");
    assert_json("-9223372036854775807", "-9223372036854775807");
}

static void test_templates(void **state)
{
    (void)state;
    assert_true(route_template_match("/o/{{id}}/r", "/o/VO-1/r", false));
    assert_false(route_template_match("/o/{{id}}/r", "/o//r", false));
    assert_false(route_template_match("/o/{{id}}/r", "/o/a/b/r", false));
    assert_true(route_template_match("{{v}}", "a/b", true));
    assert_true(route_template_match("x-{{a}}-{{b}}", "x-1-2-3", false));
    assert_false(route_template_match("/o/{{id}}", "/o/", false));
    assert_true(route_template_match("/plain", "/plain", false));
    assert_false(route_template_match("/plain", "/plain/", false));
    assert_int_equal(route_distance("/facturen", "/facturen"), 0);
    assert_int_equal(route_distance("/facturn", "/facturen"), 1);
    assert_int_equal(route_distance("/factuurs", "/facturen"), 3);
    assert_int_equal(route_distance("", "/abc"), 4);
}

static void test_paths(void **state)
{
    struct mutation m;
    char why[256];

    (void)state;
    memset(&m, 0, sizeof m);
    assert_int_equal(jpath_parse(&m, "$.a['b c'][3][*].*[-1]", why,
                                 sizeof why), 0);
    assert_int_equal(m.n_steps, 6);
    assert_string_equal(m.steps[1].name, "b c");
    assert_int_equal(m.steps[2].index, 3);
    assert_int_equal(m.steps[3].kind, JSTEP_ANY);
    assert_int_equal(m.steps[4].kind, JSTEP_ANY);
    assert_int_equal(m.steps[5].index, -1);
    mutation_release(&m);
    memset(&m, 0, sizeof m);
    assert_int_equal(jpath_parse(&m, "$..a", why, sizeof why), -1);
    assert_string_equal(why, "'..' (any depth) is not supported in overlay "
                        "paths; name each level or use [*]");
    mutation_release(&m);
    memset(&m, 0, sizeof m);
    assert_int_equal(jpath_parse(&m, "$.a[x]", why, sizeof why), -1);
    assert_string_equal(why, "bad JSON path at '[x]'");
    mutation_release(&m);
}

/* Retypes {"v": in} with "to" and compares the result's JSON text. */
static void assert_retype(const char *in, const char *to, const char *want)
{
    struct mutation m;
    char why[64], doc[256];
    json_t *body;
    struct rc_buf b;

    memset(&m, 0, sizeof m);
    m.op = MUT_RETYPE;
    m.to = strdup(to);
    assert_int_equal(jpath_parse(&m, "$.v", why, sizeof why), 0);
    snprintf(doc, sizeof doc, "{\"v\": %s}", in);
    body = json_loads(doc, 0, NULL);
    assert_int_equal(mutate_json(&m, &body), 1);
    rc_buf_init(&b, 256);
    jsonw_write(&b, json_object_get(body, "v"), SERVE_JSON);
    assert_string_equal(rc_buf_str(&b), want);
    rc_buf_release(&b);
    json_decref(body);
    mutation_release(&m);
}

static void test_retype(void **state)
{
    (void)state;
    assert_retype("12.75", "integer", "12");
    assert_retype("\"42\"", "integer", "42");
    assert_retype("\"abc\"", "integer", "0");
    assert_retype("7", "real", "7.0");
    assert_retype("7", "string", "\"7\"");
    assert_retype("[1,{\"a\":2}]", "string", "\"[1,{\\\"a\\\":2}]\"");
    assert_retype("0", "boolean", "false");
    assert_retype("\"x\"", "boolean", "true");
    assert_retype("\"x\"", "array", "[\"x\"]");
    assert_retype("5", "object", "{\"value\":5}");
    assert_retype("true", "null", "null");
}

static size_t body_cb(char *p, size_t size, size_t n, void *ud)
{
    struct rc_buf *b = ud;
    return rc_buf_add(b, p, size * n) == 0 ? size * n : 0;
}

static long get(const char *url, struct rc_buf *body)
{
    CURL *c = curl_easy_init();
    long status = 0;

    rc_buf_reset(body);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, body_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;

    while (d && readdir(d))
        n++;
    if (d)
        closedir(d);
    return n;
}

static void test_embedded(void **state)
{
    struct serve_options o = {
        .suites_dir = RC_SOURCE_DIR "/suites",
        .fixtures_dir = RC_SOURCE_DIR "/fixtures",
        .overlay = RC_SOURCE_DIR "/fixtures/overlays/upgrade.json",
    };
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err;
    struct serve *s = NULL;
    struct rc_buf body;
    char url[256];
    int fds;

    (void)state;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc_buf_init(&body, 1 << 20);
    fds = open_fds();
    for (int round = 0; round < 2; round++) {
        assert_int_equal(serve_start(&s, &o, &warnings, &err), 0);
        assert_int_equal(warnings.n, 0);
        assert_int_equal(serve_calls(s), 13);
        assert_int_equal(serve_suites(s), 6);
        assert_int_equal(serve_mutations(s), 9);
        assert_true(serve_port(s) > 0);
        snprintf(url, sizeof url, "%s/debiteuren/D10023", serve_url(s));
        assert_int_equal(get(url, &body), 200);
        assert_non_null(strstr(rc_buf_str(&body), "\"betaaltermijn\":14,"));
        snprintf(url, sizeof url, "%s/nowhere", serve_url(s));
        assert_int_equal(get(url, &body), 404);
        struct serve_stats st;
        serve_get_stats(s, &st);
        assert_int_equal(st.requests, 2);
        assert_int_equal(st.matched, 1);
        assert_int_equal(st.not_found, 1);
        serve_stop(s);
        assert_int_equal(open_fds(), fds);
    }
    rc_buf_release(&body);
    curl_global_cleanup();
}

static void test_port_in_use(void **state)
{
    struct serve_options o = {
        .suites_dir = RC_SOURCE_DIR "/suites",
        .fixtures_dir = RC_SOURCE_DIR "/fixtures",
    };
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err;
    struct serve *a = NULL, *b = NULL;
    char want[128];

    (void)state;
    assert_int_equal(serve_start(&a, &o, &warnings, &err), 0);
    o.port = serve_port(a);
    assert_int_equal(serve_start(&b, &o, &warnings, &err), RC_EENV);
    assert_null(b);
    snprintf(want, sizeof want, "cannot listen on 127.0.0.1:%d: Address "
             "already in use", o.port);
    assert_string_equal(err.message, want);
    serve_stop(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_retype),
        cmocka_unit_test(test_embedded),
        cmocka_unit_test(test_port_in_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
