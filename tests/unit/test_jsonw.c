/*
 * Unit tests of core/jsonw.c, the one JSON writer: reals in the shortest
 * text that reads back to the same double (the cases of SPEC section 6
 * and the edges of the double range, and a sweep of random doubles that
 * must read back and be no longer than needed), and everything else
 * byte for byte as jansson writes it, for each layout the tool uses
 * (compact, indented, jansson's default), with unicode, escapes, NULs in
 * strings and keys, the stream form in blocks, and the failures jansson
 * has (invalid UTF-8, nesting too deep).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/jsonw.h"

static void assert_real(double v, const char *want)
{
    char text[JSONW_REAL_MAX];
    json_t *j = json_real(v);   /* NULL for NaN and infinities */
    char *s = j ? jsonw_dumps(j, JSON_ENCODE_ANY) : NULL;

    assert_int_equal(jsonw_real_text(text, v), strlen(want));
    assert_string_equal(text, want);
    if (j)
        assert_string_equal(s, want);
    free(s);
    json_decref(j);
}

static void test_reals(void **state)
{
    (void)state;
    assert_real(126.74, "126.74");
    assert_real(0.6, "0.6");
    assert_real(0.1, "0.1");
    assert_real(0.1 + 0.2, "0.30000000000000004");
    assert_real(89.95, "89.95");
    assert_real(1.0, "1.0");
    assert_real(1250.0, "1250.0");
    assert_real(-2.5, "-2.5");
    assert_real(0.0, "0.0");
    assert_real(-0.0, "-0.0");
    assert_real(1e16, "1e+16");
    assert_real(1234567890123456.0, "1234567890123456.0");
    assert_real(9007199254740993.0, "9007199254740992.0");
    assert_real(0.0001, "0.0001");
    assert_real(0.00001, "1e-05");
    assert_real(1.5e-7, "1.5e-07");
    assert_real(123.456e20, "1.23456e+22");
    assert_real(1.0 / 3.0, "0.3333333333333333");
    assert_real(5e-324, "5e-324");
    assert_real(DBL_MIN, "2.2250738585072014e-308");
    assert_real(DBL_MAX, "1.7976931348623157e+308");
    assert_real(-DBL_MAX, "-1.7976931348623157e+308");
    assert_real(NAN, "null");
    assert_real(INFINITY, "null");
}

/* Fewest significant digits of the %.*e text that reads back to v. */
static int needed_digits(double v)
{
    char t[40];

    for (int p = 1; p < 17; p++) {
        snprintf(t, sizeof t, "%.*e", p - 1, v);
        if (strtod(t, NULL) == v)
            return p;
    }
    return 17;
}

/* The significant digits in a real's text: those of its mantissa without
 * leading and trailing zeros ("1250.0" has 3). */
static int digits_of(const char *s)
{
    char m[JSONW_REAL_MAX];
    size_t n = 0;

    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && (n > 0 || *s != '0'))
            m[n++] = *s;
    while (n > 0 && m[n - 1] == '0')
        n--;
    return (int)n;
}

static void test_random_reals(void **state)
{
    char text[JSONW_REAL_MAX];
    uint64_t x = 0x9e3779b97f4a7c15u;

    (void)state;
    for (int i = 0; i < 200000; i++) {
        double v;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        memcpy(&v, &x, sizeof v);
        if (i % 2)   /* also money-like values: cents */
            v = (double)(int64_t)(x % 100000000) / 100.0;
        if (!isfinite(v))
            continue;
        jsonw_real_text(text, v);
        assert_true(strtod(text, NULL) == v);
        assert_true(strchr(text, '.') || strchr(text, 'e'));
        if (v != 0 && digits_of(text) > needed_digits(v)) {
            print_error("%.17g written as %s\n", v, text);
            fail();
        }
    }
}

/* Writes in with flags and checks it against want, or against jansson
 * when want is NULL (the value then holds no real). */
static void assert_text(const char *in, size_t flags, const char *want)
{
    json_t *v = json_loads(in, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    char *got, *jans;

    assert_non_null(v);
    got = jsonw_dumps(v, flags);
    jans = json_dumps(v, flags | JSON_ENCODE_ANY);
    assert_non_null(got);
    assert_string_equal(got, want ? want : jans);
    free(got);
    free(jans);
    json_decref(v);
}

static const char *const docs[] = {
    "{}", "[]", "null", "true", "-9223372036854775807", "\"\"",
    "{\"a\": {}, \"b\": [], \"c\": [[]], \"d\": {\"e\": {\"f\": [1, 2]}}}",
    "[1, [2, [3, {\"x\": null, \"y\": false}]], \"z\"]",
    "{\"b\": 1, \"a\": [true, false, null]}",
    ("\"caf\\u00e9 \\u20ac \\ud83d\\ude00 \\\"q\\\" \\\\ / \\b\\f\\n\\r\\t "
     "\\u0000 \\u0001 \\u001f \\u007f\""),
    "{\"key\": \"v\\u0000\", \"\\u00e9\": [\"\\u001b[0m\"]}",
};

static void test_as_jansson(void **state)
{
    static const size_t layouts[] = {
        JSON_COMPACT, JSON_INDENT(2), 0, JSON_INDENT(4) | JSON_COMPACT,
        JSON_INDENT(31), JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY,
    };

    (void)state;
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        for (size_t l = 0; l < sizeof layouts / sizeof *layouts; l++)
            assert_text(docs[i], layouts[l], NULL);
    /* a member name holding a NUL (jansson's parser refuses one) */
    json_t *o = json_object();
    char *got, *jans;
    json_object_setn_new(o, "k\0y", 3, json_string("v"));
    got = jsonw_dumps(o, 0);
    jans = json_dumps(o, 0);
    assert_string_equal(got, "{\"k\\u0000y\": \"v\"}");
    assert_string_equal(got, jans);
    free(got);
    free(jans);
    json_decref(o);
}

static void test_layouts(void **state)
{
    const char *doc = "{\"n\": 126.74, \"a\": [0.6, 1e16, {}], \"o\": {}}";

    (void)state;
    assert_text(doc, JSON_COMPACT,
                "{\"n\":126.74,\"a\":[0.6,1e+16,{}],\"o\":{}}");
    assert_text(doc, 0,
                "{\"n\": 126.74, \"a\": [0.6, 1e+16, {}], \"o\": {}}");
    assert_text(doc, JSON_INDENT(2),
                "{\n  \"n\": 126.74,\n  \"a\": [\n    0.6,\n    1e+16,\n"
                "    {}\n  ],\n  \"o\": {}\n}");
    assert_text("\"\\u001f\\u000b\"", 0, "\"\\u001F\\u000B\"");
    assert_text("\"\\u001f\\u000b\"", JSONW_LOWER_HEX, "\"\\u001f\\u000b\"");
}

static void test_failures(void **state)
{
    json_t *bad = json_stringn_nocheck("a\xc3(b", 4);
    json_t *surrogate = json_stringn_nocheck("\xed\xa0\x80", 3);
    json_t *overlong = json_stringn_nocheck("\xc0\xaf", 2);
    json_t *deep = json_array(), *inner = deep;
    struct rc_buf b;

    (void)state;
    assert_null(jsonw_dumps(bad, 0));
    assert_null(jsonw_dumps(surrogate, 0));
    assert_null(jsonw_dumps(overlong, 0));
    assert_null(jsonw_dumps(NULL, 0));
    for (int i = 0; i < 2100; i++) {
        json_t *a = json_array();
        json_array_append_new(inner, a);
        inner = a;
    }
    assert_null(jsonw_dumps(deep, JSON_COMPACT));
    rc_buf_init(&b, 8);
    assert_int_equal(jsonw_write(&b, bad, 0), RC_EINPUT);
    rc_buf_reset(&b);
    json_t *big = json_string("0123456789");
    assert_int_equal(jsonw_write(&b, big, 0), RC_ETOOBIG);
    rc_buf_release(&b);
    json_decref(big);
    json_decref(deep);
    json_decref(bad);
    json_decref(surrogate);
    json_decref(overlong);
}

/* The stream form gives the bytes of the string form, also past the
 * 64 KiB blocks it is written in. */
static void test_stream(void **state)
{
    json_t *a = json_array();
    char *want, *got = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&got, &len);

    (void)state;
    for (int i = 0; i < 20000; i++)
        json_array_append_new(a, json_pack("{s:f, s:s}", "bedrag",
                                           i + 0.74, "naam", "caf\xc3\xa9"));
    want = jsonw_dumps(a, JSON_INDENT(2));
    assert_non_null(fp);
    assert_int_equal(jsonw_dumpf(a, fp, JSON_INDENT(2)), 0);
    fclose(fp);
    assert_true(len > 200000);
    assert_int_equal(len, strlen(want));
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "\"bedrag\": 126.74,"));
    free(got);
    free(want);
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_random_reals),
        cmocka_unit_test(test_as_jansson),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_stream),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
