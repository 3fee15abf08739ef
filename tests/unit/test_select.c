/*
 * Unit tests of suite selection (select/select.c): codes, globs and "*",
 * the because lists, coverage gaps that a "*" suite never hides, the
 * suites left out, the JSON form, and the refusal of an empty program
 * list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "select/select.h"

static struct suite make_suite(const char *name, const char *progs)
{
    struct suite s;
    char *copy = strdup(progs), *tok, *save = NULL;

    memset(&s, 0, sizeof s);
    s.name = strdup(name);
    for (tok = strtok_r(copy, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save))
        strvec_push(&s.programs, tok);
    free(copy);
    return s;
}

static void free_suites(struct suite *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        strvec_release(&v[i].programs);
    }
}

static void test_select(void **state)
{
    struct suite v[4];
    struct suite_set set = {v, 4};
    struct strvec progs = STRVEC_INIT;
    struct selection sel;
    struct rc_error err;
    json_t *j;
    char *s;

    (void)state;
    v[0] = make_suite("facturen", "VFAFAC VFA*");
    v[1] = make_suite("orders", "ORD???");
    v[2] = make_suite("smoke", "*");
    v[3] = make_suite("voorraad", "VRD*");
    strvec_push(&progs, "VFAHER");
    strvec_push(&progs, "MZZPAR");
    strvec_push(&progs, "VFAFAC");
    strvec_push(&progs, "ORDVRK");
    strvec_push(&progs, "VFAFAC");
    assert_int_equal(select_suites(&sel, &set, &progs, &err), 0);
    j = selection_to_json(&sel);
    s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
    assert_string_equal(s, "{\"programs\":[\"MZZPAR\",\"ORDVRK\",\"VFAFAC\","
        "\"VFAHER\"],\"suites\":[{\"name\":\"facturen\",\"programs\":"
        "[\"VFAFAC\",\"VFA*\"],\"because\":[\"VFAFAC\",\"VFAHER\"]},"
        "{\"name\":\"orders\",\"programs\":[\"ORD???\"],\"because\":"
        "[\"ORDVRK\"]},{\"name\":\"smoke\",\"programs\":[\"*\"],\"because\":"
        "[\"*\"]}],\"coverage_gaps\":[\"MZZPAR\"],\"unselected\":"
        "[\"voorraad\"]}");
    free(s);
    json_decref(j);
    selection_release(&sel);
    strvec_release(&progs);
    free_suites(v, 4);
}

static void test_star_hides_no_gap(void **state)
{
    struct suite v[1];
    struct suite_set set = {v, 1};
    struct strvec progs = STRVEC_INIT;
    struct selection sel;
    struct rc_error err;

    (void)state;
    v[0] = make_suite("smoke", "* VFAFAC");
    strvec_push(&progs, "MZZPAR");
    strvec_push(&progs, "VFAFAC");
    assert_int_equal(select_suites(&sel, &set, &progs, &err), 0);
    assert_int_equal(sel.n, 1);
    assert_int_equal(sel.v[0].because.n, 1);
    assert_string_equal(sel.v[0].because.v[0], "VFAFAC");
    assert_int_equal(sel.coverage_gaps.n, 1);
    assert_string_equal(sel.coverage_gaps.v[0], "MZZPAR");
    selection_release(&sel);
    strvec_release(&progs);
    free_suites(v, 1);
}

static void test_no_programs(void **state)
{
    struct suite_set set = {NULL, 0};
    struct strvec progs = STRVEC_INIT;
    struct selection sel;
    struct rc_error err;

    (void)state;
    assert_int_equal(select_suites(&sel, &set, &progs, &err), RC_EINPUT);
    assert_string_equal(err.message, "no changed program to select suites "
                        "for");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_star_hides_no_gap),
        cmocka_unit_test(test_no_programs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
