/*
 * Unit tests of the shared toolkit in runner/core/: the grow-an-array
 * helper (doubling, a first size, overflow refused without touching the
 * array), FNV-1a against the published 64-bit test vectors, the string
 * map, ${env:} expansion, the severity names, and jx_same_text (the
 * run's shortcut for a body that came back as recorded) against jansson.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/expand.h"
#include "core/grow.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/severity.h"
#include "core/smap.h"
#include "core/strvec.h"

static void test_grow(void **state)
{
    long *v = NULL;
    size_t n = 0, cap = 0;

    (void)state;
    for (long i = 0; i < 100; i++) {
        assert_int_equal(RC_GROW(v, cap, n, 4), 0);
        v[n++] = i;
    }
    assert_int_equal(n, 100);
    assert_int_equal(cap, 128);     /* 4, 8, ..., 128 */
    for (long i = 0; i < 100; i++)
        assert_int_equal(v[i], i);
    assert_int_equal(RC_GROW(v, cap, n, 4), 0);   /* room already */
    assert_int_equal(cap, 128);
    free(v);
}

static void test_grow_overflow(void **state)
{
    char big[16];
    char (*v)[16] = &big;   /* never reallocated: the size would wrap */
    size_t cap = SIZE_MAX / 16 + 1, n = cap;
    int over = 0;

    (void)state;
    assert_int_equal(RC_GROW(v, cap, n, 4), RC_ENOMEM);
    assert_ptr_equal(v, &big);
    assert_int_equal(cap, SIZE_MAX / 16 + 1);
    cap = SIZE_MAX / 2 + 1;     /* doubling itself overflows */
    n = cap;
    assert_int_equal(RC_GROW(v, cap, n, 4), RC_ENOMEM);
    assert_int_equal(rc_mul_size(SIZE_MAX / 2, 3, &over), 0);
    assert_int_equal(over, 1);
    over = 0;
    assert_int_equal(rc_mul_size(1000, 1000, &over), 1000000);
    assert_int_equal(over, 0);
}

static void test_fnv1a64(void **state)
{
    char hex[17];

    (void)state;
    /* vectors of the FNV reference (draft-eastlake-fnv) */
    assert_true(rc_fnv1a64_str(RC_FNV1A64_BASIS, "") ==
                0xcbf29ce484222325ULL);
    assert_true(rc_fnv1a64_str(RC_FNV1A64_BASIS, "a") ==
                0xaf63dc4c8601ec8cULL);
    assert_true(rc_fnv1a64_str(RC_FNV1A64_BASIS, "foobar") ==
                0x85944171f73967e8ULL);
    /* bytes and strings agree, and a hash continues over parts */
    assert_true(rc_fnv1a64(RC_FNV1A64_BASIS, "foobar", 6) ==
                rc_fnv1a64_str(rc_fnv1a64_str(RC_FNV1A64_BASIS, "foo"),
                               "bar"));
    snprintf(hex, sizeof hex, "%016llx",
             (unsigned long long)rc_fnv1a64(RC_FNV1A64_BASIS, "\0", 1));
    assert_string_equal(hex, "af63bd4c8601b7df");
}

static void test_smap(void **state)
{
    struct smap m;
    char key[32];

    (void)state;
    smap_init(&m);
    assert_true(smap_get(&m, "x") == (size_t)-1);
    for (size_t i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        assert_int_equal(smap_put(&m, key, i * 3), 0);
    }
    assert_int_equal(smap_put(&m, "k7", 1), 0);   /* replaces */
    assert_true(smap_get(&m, "k7") == 1);
    assert_true(smap_get(&m, "k999") == 2997);
    assert_true(smap_get(&m, "k1000") == (size_t)-1);
    smap_release(&m);
}

static int file_ref(void *ctx, const char *ref, size_t n, char **value)
{
    (void)ctx;
    if (n > 5 && strncmp(ref, "file:", 5) == 0)
        return (*value = strndup(ref + 5, n - 5)) ? 0 : RC_ENOMEM;
    return RC_EUSAGE;
}

static void test_expand(void **state)
{
    struct strvec missing = STRVEC_INIT;
    char *out = NULL;

    (void)state;
    setenv("RC_TEST_USER", "ann", 1);
    unsetenv("RC_TEST_NONE");
    unsetenv("RC_TEST_GONE");
    assert_int_equal(expand_refs(&out, "u=${env:RC_TEST_USER}:${env:RC_"
                                 "TEST_USER}!", NULL, NULL, &missing), 0);
    assert_string_equal(out, "u=ann:ann!");
    free(out);
    /* without a handler other references and a lone "${" stay as they are */
    assert_int_equal(expand_refs(&out, "${x}${env:}a${b", NULL, NULL,
                                 &missing), 0);
    assert_string_equal(out, "${x}${env:}a${b");
    free(out);
    assert_int_equal(missing.n, 0);
    /* unset variables: named once each, expanded to "" */
    assert_int_equal(expand_refs(&out, "${env:RC_TEST_NONE}/${env:RC_TEST_"
                                 "GONE}/${env:RC_TEST_NONE}", NULL, NULL,
                                 &missing), RC_ENOTFOUND);
    assert_string_equal(out, "//");
    free(out);
    assert_int_equal(missing.n, 2);
    assert_string_equal(missing.v[0], "RC_TEST_NONE");
    assert_string_equal(missing.v[1], "RC_TEST_GONE");
    strvec_release(&missing);
    assert_int_equal(expand_refs(&out, "[${file:k}]", file_ref, NULL,
                                 &missing), 0);
    assert_string_equal(out, "[k]");
    free(out);
    assert_int_equal(expand_refs(&out, "${what:x}", file_ref, NULL,
                                 &missing), RC_EUSAGE);
    assert_null(out);
}

static void test_severity(void **state)
{
    (void)state;
    assert_string_equal(severity_name(SEV_ADDITIVE), "additive");
    assert_int_equal(severity_parse("breaking"), SEV_BREAKING);
    assert_int_equal(severity_parse("any"), -1);
    assert_int_equal(severity_parse(NULL), -1);
    assert_int_equal(fail_on_parse("any"), SEV_NOISE);
    assert_int_equal(fail_on_parse("changed"), SEV_CHANGED);
    assert_int_equal(fail_on_parse("loud"), -1);
    assert_string_equal(fail_on_name(SEV_NOISE), "any");
    assert_string_equal(fail_on_name(SEV_BREAKING), "breaking");
}

static bool same(const char *a, const char *b)
{
    return jx_same_text(a, strlen(a), b, strlen(b));
}

/* Texts that are the same value and written so that no parse is needed:
 * whitespace, escapes and pretty-printing do not matter. */
static void test_same_text_equal(void **state)
{
    char deep[700];

    (void)state;
    assert_true(same("{\"a\":1,\"b\":[1,2.5,{\"c\":\"x\"}],\"d\":null}",
                     "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2.5,\n"
                     "    {\"c\": \"x\"}\n  ],\r\n\t\"d\": null\n}\n"));
    assert_true(same("\"caf\\u00e9 \\/ \\ud83d\\ude00 \\n\"",
                     "\"caf\xC3\xA9 / \xF0\x9F\x98\x80 \\u000a\""));
    assert_true(same(" 5 ", "5"));
    assert_true(same("[true,false,null,-0,0.5e-3,{},[]]",
                     "[ true , false , null , -0 , 0.5e-3 , { } , [ ] ]"));
    assert_true(same("{\"a\":{\"x\":1},\"b\":{\"x\":1}}",
                     "{\"a\":{\"x\":1},\"b\":{\"x\":1}}"));
    assert_true(same("\"\\u0000\"", "\"\\u0000\""));   /* JSON_ALLOW_NUL */
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    deep[400] = '\0';
    assert_true(same(deep, deep));
}

/* Different values, or the same written another way that would need a
 * parse (member order, number spelling, escaped member names), or texts
 * jansson refuses: never "the same". */
static void test_same_text_not(void **state)
{
    static const char *const bad[] = {
        "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
        "01", "1.", "-", ".5", "1e", "1e100", "12345678901234567890",
        "truex", "nul", "[1]x", "{} {}", "\"a", "\"\x01\"", "\"\\x\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\xC0\xAF\"",
        "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"",
        "\xEF\xBB\xBF{}", "{\"a\":1,\"a\":1}", "{\"a\":1,\"b\":{},\"a\":2}",
        "{\"\\u0061\":1}", "{\"a\":1}\v",
    };
    char deep[700];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(same(bad[i], bad[i]));
    assert_false(jx_same_text("[1]\0", 4, "[1]\0", 4));
    assert_false(same("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}"));
    assert_false(same("{\"a\":1}", "{\"a\":1,\"b\":2}"));
    assert_false(same("[1,2]", "[1,2,3]"));
    assert_false(same("1", "1.0"));
    assert_false(same("1.5", "1.50"));
    assert_false(same("\"a\"", "\"b\""));
    assert_false(same("\"ab\"", "\"a\""));
    assert_false(same("true", "false"));
    assert_false(same("null", "0"));
    assert_false(same("{}", "[]"));
    assert_false(same("\"\\u00e9\"", "\"e\""));
    memset(deep, '[', 300);     /* deeper than it looks: "unsure" */
    memset(deep + 300, ']', 300);
    deep[600] = '\0';
    assert_false(same(deep, deep));
}

/* Whatever the bytes, "the same" implies that jansson reads both (as a
 * run reads a body) to equal values: random edits of a document. */
static void test_same_text_vs_jansson(void **state)
{
    static const char seed[] =
        "{\"id\": 7, \"nr\": \"F\\u00e9\", \"lines\": [{\"q\": 1, \"p\": "
        "12.5}, {\"q\": -2, \"p\": 1e3, \"t\": [true, false, null]}], "
        "\"x\": {\"y\": \"\xC3\xA9\\n\"}}";
    const char alphabet[] = "{}[],:\"\\ 0129.-eEtrufalsn\xC3\xA9\x80u";
    const size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL
                         | JSON_REJECT_DUPLICATES;
    unsigned long r = 12345;
    char a[sizeof seed + 8], b[sizeof seed + 8];
    int agreed = 0;

    (void)state;
    for (int round = 0; round < 40000; round++) {
        size_t n = sizeof seed - 1;
        memcpy(a, seed, n);
        for (int e = 0; e < 1 + round % 3; e++) {
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            a[(r >> 33) % n] = alphabet[(r >> 17) % (sizeof alphabet - 1)];
        }
        memcpy(b, a, n);
        r = r * 6364136223846793005UL + 1442695040888963407UL;
        if (round % 2)      /* sometimes b differs by one more edit */
            b[(r >> 33) % n] = alphabet[(r >> 17) % (sizeof alphabet - 1)];
        if (!jx_same_text(a, n, b, n))
            continue;
        json_t *ja = json_loadb(a, n, flags, NULL);
        json_t *jb = json_loadb(b, n, flags, NULL);
        assert_non_null(ja);
        assert_non_null(jb);
        assert_true(json_equal(ja, jb));
        json_decref(ja);
        json_decref(jb);
        agreed++;
    }
    print_message("%d of 40000 edited pairs were the same\n", agreed);
    assert_true(agreed > 1000);     /* the loop did test something */
}

static int cmp_plain(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* rc_sort_strings, rc_unique_strings and rc_sort_unique_strings against
 * qsort with strcmp: lengths around the 8-byte key (0 to 20), bytes above
 * 0x7f, shared prefixes, duplicates. */
static void test_sort_strings(void **state)
{
    enum { N = 5000 };
    static char pool[N][24];
    const char *got[N], *want[N], *both[N];
    unsigned seed = 12345;
    size_t nu, nw, nb;

    (void)state;
    for (int round = 0; round < 20; round++) {
        size_t n = (size_t)(round * 250 + 1);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t len = (seed >> 8) % 21;
            if (i > 0 && (seed >> 20) % 4 == 0) {   /* a prefix shared */
                memcpy(pool[i], pool[i - 1], sizeof pool[i]);
                len = strlen(pool[i]);
                if (len > 0 && (seed >> 24) % 2)
                    pool[i][len - 1]++;
                if (pool[i][len > 0 ? len - 1 : 0] == 0)
                    pool[i][len > 0 ? len - 1 : 0] = 'a';
            } else {
                for (size_t j = 0; j < len; j++) {
                    seed = seed * 1103515245u + 12345u;
                    pool[i][j] = (char)(seed >> 16) % 3 ? (char)('A' + (seed >> 8) % 4)
                                                        : (char)(0x7e + (seed >> 8) % 4);
                }
                pool[i][len] = '\0';
            }
            got[i] = want[i] = both[i] = pool[i];
        }
        rc_sort_strings(got, n);
        nb = rc_sort_unique_strings(both, n);
        qsort(want, n, sizeof *want, cmp_plain);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(got[i], want[i]);
        nu = rc_unique_strings(got, n);
        nw = 0;
        for (size_t i = 0; i < n; i++)
            if (nw == 0 || strcmp(want[nw - 1], want[i]) != 0)
                want[nw++] = want[i];
        assert_int_equal(nu, nw);
        assert_int_equal(nb, nw);
        for (size_t i = 0; i < nu; i++) {
            assert_string_equal(got[i], want[i]);
            assert_string_equal(both[i], want[i]);
        }
        if (n > 1000)
            assert_true(nu < n);    /* duplicates were there to drop */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_grow_overflow),
        cmocka_unit_test(test_fnv1a64),
        cmocka_unit_test(test_smap),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_severity),
        cmocka_unit_test(test_same_text_equal),
        cmocka_unit_test(test_same_text_not),
        cmocka_unit_test(test_same_text_vs_jansson),
        cmocka_unit_test(test_sort_strings),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
