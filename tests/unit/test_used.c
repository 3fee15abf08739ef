/*
 * Unit tests of the used judgement (SPEC section 11, runner/diff/used.c):
 * a difference is used when a `uses` pattern covers its path, when it
 * removes, retypes or changes a container whose baseline value holds a
 * used field, and always at status, body and the compared headers; an
 * added field only when covered; without `uses` everything is used. JSON
 * and XML, keyed arrays, `..` and `re:` patterns, the tally and the
 * counts the verdict reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff/diff.h"

/* Compares two bodies with the given uses (NULL-terminated) and keys
 * ("PATH=KEY" or NULL); returns "path kind used|unused" lines. */
static char *judge(const char *a, const char *b, const char *const *uses,
                   const char *key, struct diff_result *keep)
{
    struct diff_side sa = {0}, sb = {0};
    struct diff_options o = {0};
    struct pattern_set set;
    struct diff_keys keys;
    struct diff_result r;
    struct rc_error err;
    struct rc_buf out;

    diff_init();
    pattern_set_init(&set);
    diff_keys_init(&keys);
    for (size_t i = 0; uses && uses[i]; i++)
        assert_int_equal(pattern_set_add(&set, uses[i], &err), 0);
    if (key)
        assert_int_equal(diff_keys_add_spec(&keys, key, &err), 0);
    o.uses = uses ? &set : NULL;
    o.keys[0] = &keys;
    sa.body = a;
    sa.body_len = strlen(a);
    sb.body = b;
    sb.body_len = strlen(b);
    diff_result_init(&r);
    if (diff_compare(&r, &sa, &sb, &o, &err) != 0)
        fail_msg("diff failed: %s", err.message);
    rc_buf_init(&out, 1 << 20);
    for (size_t i = 0; i < r.n_items; i++)
        rc_buf_printf(&out, "%s %s %s\n", r.items[i].path,
                      diff_kind_name(r.items[i].kind),
                      r.items[i].used ? "used" : "unused");
    if (keep)
        *keep = r;
    else
        diff_result_release(&r);
    diff_keys_release(&keys);
    pattern_set_release(&set);
    return rc_buf_detach(&out, NULL);
}

static void expect(const char *a, const char *b, const char *const *uses,
                   const char *key, const char *want)
{
    char *got = judge(a, b, uses, key, NULL);

    assert_string_equal(got, want);
    free(got);
}

static const char *const base =
    "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"},"
    "{\"nr\":\"F2\",\"bedrag\":20,\"memo\":\"b\"}],"
    "\"meta\":{\"total\":2,\"page\":1},"
    "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"}}}";

static void matched_leaf_and_below(void **state)
{
    const char *const uses[] = {"$.facturen[*].bedrag", "$.meta", NULL};

    (void)state;
    expect(base,
           "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":11,\"memo\":\"x\"},"
           "{\"nr\":\"F2\",\"bedrag\":20,\"memo\":\"b\"}],"
           "\"meta\":{\"total\":3,\"page\":2},"
           "\"klant\":{\"naam\":\"m\",\"adres\":{\"iban\":\"NL1\"}}}",
           uses, NULL,
           "$.facturen[0].bedrag changed used\n"
           "$.facturen[0].memo changed unused\n"
           "$.meta.total changed used\n"
           "$.meta.page changed used\n"
           "$.klant.naam changed unused\n");
}

static void removed_and_retyped_containers(void **state)
{
    const char *const uses[] = {"$.klant.adres.iban", NULL};
    const char *const other[] = {"$.klant.telefoon", NULL};

    (void)state;
    /* the removed object holds the used field */
    expect(base,
           "{\"facturen\":[],\"meta\":{\"total\":2,\"page\":1}}", uses,
           NULL,
           "$.facturen[0] removed unused\n"
           "$.facturen[1] removed unused\n"
           "$.klant removed used\n");
    /* retyped to a string; and a pattern that names nothing inside */
    expect(base,
           "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"},"
           "{\"nr\":\"F2\",\"bedrag\":20,\"memo\":\"b\"}],"
           "\"meta\":{\"total\":2,\"page\":1},\"klant\":\"gone\"}", uses,
           NULL, "$.klant type used\n");
    expect(base,
           "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"},"
           "{\"nr\":\"F2\",\"bedrag\":20,\"memo\":\"b\"}],"
           "\"meta\":{\"total\":2,\"page\":1},\"klant\":\"gone\"}", other,
           NULL, "$.klant type unused\n");
}

static void array_element_removed(void **state)
{
    const char *const uses[] = {"$.facturen[*].bedrag", NULL};
    const char *const memo[] = {"$.meta.page", NULL};

    (void)state;
    expect(base,
           "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"}],"
           "\"meta\":{\"total\":2,\"page\":1},"
           "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"}}}",
           uses, NULL, "$.facturen[1] removed used\n");
    expect(base,
           "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"}],"
           "\"meta\":{\"total\":2,\"page\":1},"
           "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"}}}",
           memo, NULL, "$.facturen[1] removed unused\n");
}

static void keyed_arrays(void **state)
{
    const char *const by_key[] = {"$.facturen[?@.nr=='F2'].memo", NULL};
    const char *const any[] = {"$.facturen[*].memo", NULL};
    const char *b =
        "{\"facturen\":[{\"nr\":\"F2\",\"bedrag\":21,\"memo\":\"c\"},"
        "{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"z\"}],"
        "\"meta\":{\"total\":2,\"page\":1},"
        "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"}}}";

    (void)state;
    expect(base, b, by_key, "$.facturen=nr",
           "$.facturen[?@.nr=='F1'].memo changed unused\n"
           "$.facturen[?@.nr=='F2'].bedrag changed unused\n"
           "$.facturen[?@.nr=='F2'].memo changed used\n");
    expect(base, b, any, "$.facturen=nr",
           "$.facturen[?@.nr=='F1'].memo changed used\n"
           "$.facturen[?@.nr=='F2'].bedrag changed unused\n"
           "$.facturen[?@.nr=='F2'].memo changed used\n");
    /* a keyed element removed: its baseline holds a used memo */
    expect(base,
           "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"}],"
           "\"meta\":{\"total\":2,\"page\":1},"
           "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"}}}",
           any, "$.facturen=nr", "$.facturen[?@.nr=='F2'] removed used\n");
}

static void added_fields(void **state)
{
    const char *const uses[] = {"$.meta.next", "$.klant", NULL};
    const char *b =
        "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":10,\"memo\":\"a\"},"
        "{\"nr\":\"F2\",\"bedrag\":20,\"memo\":\"b\"}],"
        "\"meta\":{\"total\":2,\"page\":1,\"next\":2,\"prev\":0},"
        "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"},\"x\":1},"
        "\"extra\":{\"next\":1}}";

    (void)state;
    expect(base, b, uses, NULL,
           "$.meta.next added used\n"
           "$.meta.prev added unused\n"
           "$.klant.x added used\n"
           "$.extra added unused\n");
}

static void descendant_and_regex_patterns(void **state)
{
    const char *const desc[] = {"$..iban", NULL};
    const char *const rx[] = {"re:^\\$\\.klant\\.adres\\.i", NULL};
    const char *b = "{\"facturen\":[],\"meta\":{\"total\":2,\"page\":1}}";

    (void)state;
    expect(base, b, desc, NULL,
           "$.facturen[0] removed unused\n"
           "$.facturen[1] removed unused\n"
           "$.klant removed used\n");
    expect(base, b, rx, NULL,
           "$.facturen[0] removed unused\n"
           "$.facturen[1] removed unused\n"
           "$.klant removed used\n");
}

static void xml_bodies(void **state)
{
    const char *a = "<Facturen versie=\"1\"><Factuur><Nr>1</Nr>"
                    "<Bedrag>10</Bedrag></Factuur><Factuur><Nr>2</Nr>"
                    "<Bedrag>20</Bedrag><Memo>m</Memo></Factuur>"
                    "<Klant><Naam>n</Naam></Klant></Facturen>";
    const char *b = "<Facturen versie=\"2\"><Factuur><Nr>1</Nr>"
                    "<Bedrag>11</Bedrag></Factuur>"
                    "<Klant>weg</Klant><Extra/></Facturen>";
    const char *const uses[] = {"//Factuur/Bedrag", "/Facturen/Klant/Naam",
                                NULL};
    const char *const second[] = {"/Facturen/Factuur[2]/Memo", NULL};
    const char *const attr[] = {"/Facturen/@versie", NULL};

    (void)state;
    expect(a, b, uses, NULL,
           "/Facturen/@versie changed unused\n"
           "/Facturen/Factuur[1]/Bedrag changed used\n"
           "/Facturen/Factuur[2] removed used\n"
           "/Facturen/Klant type used\n"
           "/Facturen/Extra added unused\n");
    expect(a, b, second, NULL,
           "/Facturen/@versie changed unused\n"
           "/Facturen/Factuur[1]/Bedrag changed unused\n"
           "/Facturen/Factuur[2] removed used\n"
           "/Facturen/Klant type unused\n"
           "/Facturen/Extra added unused\n");
    expect(a, b, attr, NULL,
           "/Facturen/@versie changed used\n"
           "/Facturen/Factuur[1]/Bedrag changed unused\n"
           "/Facturen/Factuur[2] removed unused\n"
           "/Facturen/Klant type unused\n"
           "/Facturen/Extra added unused\n");
}

static void status_body_headers_always(void **state)
{
    json_t *ha = json_loads("{\"content-type\":\"application/json\","
                            "\"x-v\":\"1\"}", 0, NULL);
    json_t *hb = json_loads("{\"content-type\":\"text/plain\","
                            "\"x-v\":\"2\"}", 0, NULL);
    json_t *body = json_loads("{\"a\":1}", 0, NULL);
    struct diff_side a = {200, ha, NULL, 0, NULL, body, "baseline"};
    struct diff_side b = {500, hb, "oops", 4, NULL, NULL, "replay"};
    struct strvec names = STRVEC_INIT;
    struct pattern_set set;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;

    (void)state;
    pattern_set_init(&set);
    assert_int_equal(pattern_set_add(&set, "$.nothing", &err), 0);
    strvec_push(&names, "x-v");
    o.headers = &names;
    o.uses = &set;
    diff_result_init(&r);
    assert_int_equal(diff_compare(&r, &a, &b, &o, &err), 0);
    assert_int_equal(r.n_items, 3);
    for (size_t i = 0; i < r.n_items; i++)
        assert_true(r.items[i].used);
    assert_string_equal(r.items[0].path, "status");
    assert_string_equal(r.items[1].path, "headers.x-v");
    assert_string_equal(r.items[2].path, "body");
    assert_int_equal(diff_result_worst(&r), SEV_BREAKING);
    diff_result_release(&r);
    pattern_set_release(&set);
    strvec_release(&names);
    json_decref(ha);
    json_decref(hb);
    json_decref(body);
}

static void without_uses_everything_counts(void **state)
{
    struct diff_result r;
    char *got;
    json_t *j;

    (void)state;
    got = judge(base, "{\"meta\":{\"total\":2,\"page\":1}}", NULL, NULL, &r);
    assert_string_equal(got, "$.facturen removed used\n"
                             "$.klant removed used\n");
    assert_int_equal(diff_result_worst(&r), SEV_BREAKING);
    j = diff_result_to_json(&r);
    assert_null(json_object_get(json_object_get(j, "summary"), "unused"));
    assert_null(json_object_get(json_array_get(json_object_get(
                                    j, "differences"), 0), "used"));
    json_decref(j);
    diff_result_release(&r);
    free(got);
}

static void counts_tally_and_json(void **state)
{
    const char *const uses[] = {"$.meta.total", NULL};
    struct diff_result r;
    char *got;
    json_t *j;

    (void)state;
    got = judge(base,
                "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":11,\"memo\":\"a\"},"
                "{\"nr\":\"F2\",\"bedrag\":21,\"memo\":\"b\"}],"
                "\"meta\":{\"total\":2,\"page\":1},"
                "\"klant\":{\"naam\":\"n\",\"adres\":{\"iban\":\"NL1\"}}}",
                uses, NULL, &r);
    assert_string_equal(got, "$.facturen[0].bedrag changed unused\n"
                             "$.facturen[1].bedrag changed unused\n");
    /* differs (outcome changed) but nothing used fails */
    assert_true(diff_result_differs(&r));
    assert_int_equal(diff_result_worst(&r), -1);
    assert_int_equal(r.unused[SEV_CHANGED], 2);
    assert_int_equal(r.n_fields, 1);
    assert_false(r.fields[0].used);
    assert_int_equal(r.fields[0].occurrences, 2);
    j = diff_result_to_json(&r);
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(j, "summary"), "unused")), 2);
    assert_true(json_is_false(json_object_get(json_array_get(
        json_object_get(j, "differences"), 1), "used")));
    json_decref(j);
    diff_result_release(&r);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matched_leaf_and_below),
        cmocka_unit_test(removed_and_retyped_containers),
        cmocka_unit_test(array_element_removed),
        cmocka_unit_test(keyed_arrays),
        cmocka_unit_test(added_fields),
        cmocka_unit_test(descendant_and_regex_patterns),
        cmocka_unit_test(xml_bodies),
        cmocka_unit_test(status_body_headers_always),
        cmocka_unit_test(without_uses_everything_counts),
        cmocka_unit_test(counts_tally_and_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
