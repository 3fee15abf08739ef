/*
 * Unit tests of the HTTP engine's pure parts and its neighbours: retry
 * rules (Retry-After in seconds and as a date, backoff bounds), header
 * parsing, URL building and escaping, {{variable}} substitution, header
 * and value redaction (HMAC-SHA256 against known vectors, the key file's
 * mode, RELCHECK_REDACT_KEY and the key id), and the ledger (sums by month and environment, appends). The
 * transfers themselves are tested against a real server in
 * tests/integration/test_http_record.py.
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
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/secret.h"
#include "http/http.h"
#include "http/retry.h"
#include "http/url.h"
#include "redact/redact.h"
#include "replay/ledger.h"
#include "replay/request.h"

static void test_retry_after(void **state)
{
    (void)state;
    assert_true(http_retry_after("5", 1000.0) == 5.0);
    assert_true(http_retry_after(" 120 ", 1000.0) == 120.0);
    assert_true(http_retry_after("5x", 1000.0) < 0);
    assert_true(http_retry_after("", 1000.0) < 0);
    assert_true(http_retry_after(NULL, 1000.0) < 0);
    /* 784111777 = Sun, 06 Nov 1994 08:49:37 GMT */
    assert_true(http_retry_after("Sun, 06 Nov 1994 08:49:37 GMT",
                                 784111777.0 - 30) == 30.0);
    assert_true(http_retry_after("Sun, 06 Nov 1994 08:49:37 GMT",
                                 784111777.0 + 30) == 0.0);
}

static void test_backoff(void **state)
{
    (void)state;
    for (int i = 0; i < 200; i++) {
        double w1 = http_backoff(0.5, 1, 60), w3 = http_backoff(0.5, 3, 60);

        assert_true(w1 >= 0.25 && w1 <= 0.5);
        assert_true(w3 >= 1.0 && w3 <= 2.0);
        assert_true(http_backoff(0.5, 20, 7.0) <= 7.0);
    }
    assert_true(http_status_retryable(429));
    assert_true(http_status_retryable(502));
    assert_true(http_status_retryable(503));
    assert_true(http_status_retryable(504));
    assert_false(http_status_retryable(500));
    assert_false(http_status_retryable(401));
    assert_false(http_status_retryable(200));
}

static void test_header_lines(void **state)
{
    json_t *h = json_object();
    const char *lines[] = {"HTTP/1.1 100 Continue\r\n", "X-Old: 1\r\n",
        "HTTP/1.1 200 OK\r\n", "Content-Type: application/json\r\n",
        "Set-Cookie: a=1\r\n", "set-cookie: b=2\r\n", "X-Pad:   v  \r\n",
        "\r\n"};

    (void)state;
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        http_parse_header_line(h, lines[i], strlen(lines[i]));
    assert_null(json_object_get(h, "x-old"));
    assert_string_equal(json_string_value(json_object_get(h,
                        "content-type")), "application/json");
    assert_string_equal(json_string_value(json_object_get(h, "set-cookie")),
                        "a=1, b=2");
    assert_string_equal(json_string_value(json_object_get(h, "x-pad")), "v");
    assert_int_equal(json_object_size(h), 3);
    json_decref(h);
}

static void test_urls(void **state)
{
    struct rc_buf b;
    json_t *q = json_pack("{s:s,s:i,s:b,s:[s,s],s:n}", "status", "open x",
                          "page", 2, "all", 1, "tag", "a&b", "c",
                          "empty");
    char *u;

    (void)state;
    u = url_join("https://h/api/", "/login");
    assert_string_equal(u, "https://h/api/login");
    free(u);
    u = url_join("https://h/api", "orders");
    assert_string_equal(u, "https://h/api/orders");
    free(u);
    u = url_join("https://h/api", "https://other/x");
    assert_string_equal(u, "https://other/x");
    free(u);
    assert_true(url_same_origin("https://H/api", "https://h:443/x?y"));
    assert_true(url_same_origin("http://u:p@h:80/", "http://h/z"));
    assert_false(url_same_origin("https://h/api", "http://h/api"));
    assert_false(url_same_origin("https://h/api", "https://h:8443/api"));
    assert_false(url_same_origin("https://h/api", "https://h.evil/api"));
    assert_false(url_same_origin("https://h/api", "/relative"));
    rc_buf_init(&b, 4096);
    assert_int_equal(rc_buf_adds(&b, "http://h/f"), 0);
    assert_int_equal(url_add_query(&b, q), 0);
    assert_string_equal(rc_buf_str(&b), "http://h/f?status=open%20x&page=2"
                        "&all=true&tag=a%26b&tag=c&empty=");
    rc_buf_release(&b);
    json_decref(q);
}

static void test_subst(void **state)
{
    json_t *vars = json_pack("{s:s,s:i}", "id", "A/B 1", "n", 7);
    struct rc_buf b;

    (void)state;
    rc_buf_init(&b, 4096);
    assert_int_equal(request_subst(&b, "/orders/{{id}}/{{ n }}/{{nope}}",
                                   vars, true), 0);
    assert_string_equal(rc_buf_str(&b), "/orders/A%2FB%201/7/{{nope}}");
    rc_buf_reset(&b);
    assert_int_equal(request_subst(&b, "id={{id}}", vars, false), 0);
    assert_string_equal(rc_buf_str(&b), "id=A/B 1");
    rc_buf_release(&b);
    json_decref(vars);
}

static void test_redact_headers(void **state)
{
    json_t *h = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
                          "Authorization", "Basic xyz", "cookie", "c",
                          "X-Api-Key", "k", "x-auth-token", "t",
                          "Client-Secret", "s", "content-type", "a/json",
                          "Accept", "*/*");
    json_t *r;

    (void)state;
    r = redact_headers(h);
    assert_string_equal(json_string_value(json_object_get(r,
                        "Authorization")), "<redacted>");
    assert_string_equal(json_string_value(json_object_get(r, "cookie")),
                        "<redacted>");
    assert_string_equal(json_string_value(json_object_get(r, "X-Api-Key")),
                        "<redacted>");
    assert_string_equal(json_string_value(json_object_get(r,
                        "x-auth-token")), "<redacted>");
    assert_string_equal(json_string_value(json_object_get(r,
                        "Client-Secret")), "<redacted>");
    assert_string_equal(json_string_value(json_object_get(r,
                        "content-type")), "a/json");
    assert_false(secret_header("Accept"));
    assert_true(secret_header("Set-Cookie"));
    assert_true(secret_header("Proxy-Authorization"));
    json_decref(r);
    json_decref(h);
}

static void test_redact_values(void **state)
{
    struct redact_key key;
    json_t *s = json_string("NL91ABNA0417164300"), *i = json_integer(42);
    json_t *doc = json_pack("{s:[{s:s,s:i},{s:s}],s:{s:s}}", "rows", "iban",
                            "NL91ABNA0417164300", "n", 1, "iban", "x",
                            "meta", "iban", "y");
    struct pattern_set set = {0};
    char *v;

    (void)state;
    for (int k = 0; k < 32; k++)
        key.k[k] = (unsigned char)k;
    v = redact_value(&key, s);
    assert_string_equal(v, "<redacted:b21492cadd521b4e>");
    free(v);
    v = redact_value(&key, i);
    assert_string_equal(v, "<redacted:7df989924b2ebf88>");
    free(v);
    assert_int_equal(pattern_set_add(&set, "$.rows[*].iban", NULL), 0);
    assert_int_equal(redact_json(doc, &set, &key), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(
        json_object_get(doc, "rows"), 0), "iban")),
        "<redacted:b21492cadd521b4e>");
    assert_string_equal(json_string_value(json_object_get(json_object_get(
        doc, "meta"), "iban")), "y");
    pattern_set_release(&set);
    json_decref(doc);
    json_decref(s);
    json_decref(i);
}

static void test_redact_idempotent_and_xml(void **state)
{
    struct redact_key key;
    json_t *raw = json_string("NL91ABNA0417164300");
    json_t *done = json_string("<redacted:b21492cadd521b4e>"), *r;
    struct pattern_set set = {0};
    const char *xml = "<a><Iban> NL91ABNA0417164300 </Iban><b id=\"x\">"
                      "<Iban>NL91ABNA0417164300</Iban><c>keep</c></b></a>";
    char *out = NULL;
    size_t len = 0;

    (void)state;
    for (int k = 0; k < 32; k++)
        key.k[k] = (unsigned char)k;
    r = redact_fn_value(&key, raw);
    assert_true(json_equal(r, done));
    json_decref(r);
    r = redact_fn_value(&key, done);
    assert_ptr_equal(r, done);
    json_decref(r);
    assert_false(redact_is_redacted(raw));
    assert_int_equal(pattern_set_add(&set, "//Iban", NULL), 0);
    assert_int_equal(pattern_set_add(&set, "/a/b/@id", NULL), 0);
    assert_int_equal(redact_xml(&out, &len, xml, strlen(xml), &set, &key),
                     3);
    assert_non_null(strstr(out, "<Iban>&lt;redacted:b21492cadd521b4e&gt;"
                           "</Iban><b id=\"&lt;redacted:"));
    assert_non_null(strstr(out, "<c>keep</c>"));
    assert_null(strstr(out, "NL91"));
    free(out);
    assert_int_equal(redact_xml(&out, &len, "<a", 2, &set, &key),
                     RC_EINPUT);
    assert_null(out);
    pattern_set_release(&set);
    json_decref(raw);
    json_decref(done);
}

static void test_key_file(void **state)
{
    char dir[] = "/tmp/rc-test-http-XXXXXX", path[64], cmd[96];
    struct redact_key a, b;
    struct strvec w = STRVEC_INIT;
    struct rc_error err = {0};
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/state/key", dir);
    snprintf(cmd, sizeof(cmd), "%s/state", dir);
    assert_int_equal(redact_key_load(&a, cmd, &w, &err), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(redact_key_load(&b, cmd, &w, &err), 0);
    assert_memory_equal(a.k, b.k, sizeof(a.k));
    assert_int_equal(w.n, 0);
    chmod(path, 0644);
    assert_int_equal(redact_key_load(&b, cmd, &w, &err), 0);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.v[0], "readable by group or others"));
    strvec_release(&w);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

#define HEX32 "000102030405060708090a0b0c0d0e0f" \
              "101112131415161718191a1b1c1d1e1f"

/* The key id is the first 8 hex digits of SHA-256 of the key's 32 bytes
 * (python3: hashlib.sha256(bytes(range(32))).hexdigest()[:8]). */
static void test_key_id(void **state)
{
    struct redact_key key;
    char id[9], hex[65];

    (void)state;
    memset(&key, 0, sizeof key);
    redact_key_id(id, &key);
    assert_string_equal(id, "66687aad");
    for (int i = 0; i < 32; i++)
        key.k[i] = (unsigned char)i;
    redact_key_id(id, &key);
    assert_string_equal(id, "630dcd29");
    redact_key_hex(hex, &key);
    assert_string_equal(hex, HEX32);
}

/* RELCHECK_REDACT_KEY before .relcheck/key; empty counts as unset; a
 * malformed value is an error naming the variable, never the value;
 * redact_key_find makes nothing. */
static void test_key_env(void **state)
{
    char dir[] = "/tmp/rc-test-key-XXXXXX", sdir[64], path[80], cmd[96];
    const char *bad[] = {"xyz", "000102030405060708090a0b0c0d0e0f"
                         "101112131415161718191a1b1c1d1e1g",
                         HEX32 "\n", HEX32 "00", " " HEX32};
    struct redact_key a, b;
    struct strvec w = STRVEC_INIT;
    struct rc_error err = {0};
    struct stat st;

    (void)state;
    unsetenv(REDACT_KEY_ENV);
    assert_non_null(mkdtemp(dir));
    snprintf(sdir, sizeof sdir, "%s/state", dir);
    snprintf(path, sizeof path, "%s/key", sdir);
    assert_int_equal(redact_key_find(&a, sdir, &w, &err), RC_ENOTFOUND);
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(redact_key_load(&a, sdir, &w, &err), 0);
    assert_false(a.from_env);
    assert_int_equal(strlen(a.id), 8);

    setenv(REDACT_KEY_ENV, HEX32, 1);
    assert_int_equal(redact_key_find(&b, sdir, &w, &err), 0);
    assert_true(b.from_env);
    for (int i = 0; i < 32; i++)
        assert_int_equal(b.k[i], i);
    assert_string_equal(b.id, "630dcd29");
    setenv(REDACT_KEY_ENV, "000102030405060708090A0B0C0D0E0F"
           "101112131415161718191A1B1C1D1E1F", 1);
    assert_int_equal(redact_key_load(&b, sdir, &w, &err), 0);
    assert_string_equal(b.id, "630dcd29");

    setenv(REDACT_KEY_ENV, "", 1);
    assert_int_equal(redact_key_find(&b, sdir, &w, &err), 0);
    assert_false(b.from_env);
    assert_memory_equal(a.k, b.k, sizeof a.k);
    assert_string_equal(a.id, b.id);

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        setenv(REDACT_KEY_ENV, bad[i], 1);
        rc_error_clear(&err);
        assert_int_equal(redact_key_load(&b, sdir, &w, &err), RC_EINPUT);
        assert_string_equal(err.where, REDACT_KEY_ENV);
        assert_non_null(strstr(err.message, "64 hex digits expected"));
        assert_null(strstr(err.message, bad[i]));
        assert_null(strstr(err.message, "0a0b0c"));
        assert_int_equal(b.id[0], 0);
    }
    unsetenv(REDACT_KEY_ENV);
    assert_int_equal(w.n, 0);
    strvec_release(&w);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* One command's lines: open, add, close (no reservation). */
static void add_calls(const char *path, const char *env, const char *cmd,
                      long calls, bool sync)
{
    struct ledger l;
    struct rc_error err = {0};

    assert_int_equal(ledger_open(&l, path, env, cmd, &err), 0);
    assert_int_equal(ledger_add(&l, calls, sync, &err), 0);
    assert_int_equal(ledger_close(&l, &err), 0);
}

/* Reservations (two commands at once see each other's plans), a line cut
 * short by a kill, and damaged counts. */
static void test_ledger_reserve(void **state)
{
    char dir[] = "/tmp/rc-test-ledger-XXXXXX", path[80], month[8], cmd[96];
    struct rc_error err = {0};
    struct strvec w = STRVEC_INIT;
    struct ledger a, b;
    long used = -1;
    bool over = true;
    FILE *fp;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/ledger.jsonl", dir);
    ledger_month(month, time(NULL));
    assert_int_equal(ledger_open(&a, path, "acc", "run", &err), 0);
    assert_int_equal(ledger_reserve(&a, &used, &over, month, NULL, 100, 120,
                                    true, &w, &err), 0);
    assert_int_equal(used, 0);
    assert_false(over);
    /* a second command now counts the first one's plan, and is refused */
    assert_int_equal(ledger_open(&b, path, "prod", "run", &err), 0);
    assert_int_equal(ledger_reserve(&b, &used, &over, month, NULL, 50, 120,
                                    true, &w, &err), 0);
    assert_int_equal(used, 100);
    assert_true(over);
    assert_int_equal(ledger_close(&b, &err), 0);
    /* calls written under the reservation are not counted twice */
    assert_int_equal(ledger_add(&a, 30, false, &err), 0);
    assert_int_equal(ledger_used(&used, path, month, NULL, &w, &err), 0);
    assert_int_equal(used, 100);
    assert_int_equal(ledger_close(&a, &err), 0);
    assert_int_equal(ledger_used(&used, path, month, NULL, &w, &err), 0);
    assert_int_equal(used, 30);
    /* a line cut short by a kill does not swallow the next entry */
    fp = fopen(path, "a");
    fprintf(fp, "{\"at\":\"x\",\"month\":\"%s\",\"environment\":\"acc\","
            "\"calls\":5", month);
    fclose(fp);
    add_calls(path, "acc", "run", 7, true);
    assert_int_equal(ledger_used(&used, path, month, NULL, &w, &err), 0);
    assert_int_equal(used, 37);
    assert_int_equal(w.n, 1);
    /* a negative count is an error naming the line */
    fp = fopen(path, "a");
    fprintf(fp, "{\"month\":\"%s\",\"environment\":\"acc\",\"calls\":-3}\n",
            month);
    fclose(fp);
    assert_int_equal(ledger_used(&used, path, month, NULL, NULL, &err),
                     RC_EINPUT);
    assert_non_null(strstr(err.where, "ledger.jsonl:6:"));
    assert_non_null(strstr(err.message, "negative"));
    /* a folder is refused when opened, before anything is sent */
    assert_int_equal(ledger_open(&a, dir, "acc", "run", &err), RC_EIO);
    assert_int_equal(ledger_close(&a, &err), 0);
    strvec_release(&w);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_ledger(void **state)
{
    char dir[] = "/tmp/rc-test-ledger-XXXXXX", path[80], month[8], cmd[96];
    struct rc_error err = {0};
    struct strvec w = STRVEC_INIT;
    long used = -1;
    FILE *fp;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/sub/ledger.jsonl", dir);
    ledger_month(month, time(NULL));
    assert_int_equal(ledger_used(&used, path, month, "acc", &w, &err), 0);
    assert_int_equal(used, 0);
    add_calls(path, "acc", "record", 40, false);
    add_calls(path, "acc", "run", 2, true);
    add_calls(path, "prod", "run", 7, false);
    add_calls(path, "acc", "run", 0, true);
    fp = fopen(path, "a");
    assert_non_null(fp);
    fputs("{\"month\":\"1999-01\",\"environment\":\"acc\",\"calls\":5}\n"
          "garbage\n", fp);
    fclose(fp);
    assert_int_equal(ledger_used(&used, path, month, "acc", &w, &err), 0);
    assert_int_equal(used, 42);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.v[0], "ledger.jsonl:5: not a ledger entry"));
    assert_int_equal(ledger_used(&used, path, "1999-01", "acc", NULL, &err),
                     0);
    assert_int_equal(used, 5);
    /* budget.scope "workspace": every environment of the month */
    assert_int_equal(ledger_used(&used, path, month, NULL, NULL, &err), 0);
    assert_int_equal(used, 49);
    strvec_release(&w);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_header_lines),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_subst),
        cmocka_unit_test(test_redact_headers),
        cmocka_unit_test(test_redact_values),
        cmocka_unit_test(test_redact_idempotent_and_xml),
        cmocka_unit_test(test_key_file),
        cmocka_unit_test(test_key_id),
        cmocka_unit_test(test_key_env),
        cmocka_unit_test(test_ledger),
        cmocka_unit_test(test_ledger_reserve),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
