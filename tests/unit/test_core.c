/*
 * Unit tests of the shared toolkit in runner/core/: the grow-an-array
 * helper (doubling, a first size, overflow refused without touching the
 * array), FNV-1a against the published 64-bit test vectors, the string
 * map, ${env:} expansion, and the severity names.
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
#include "core/severity.h"
#include "core/smap.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_grow_overflow),
        cmocka_unit_test(test_fnv1a64),
        cmocka_unit_test(test_smap),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_severity),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
