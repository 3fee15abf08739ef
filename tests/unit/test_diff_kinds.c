/*
 * Unit tests of the diff kinds `renamed` and `reordered` (SPEC section 6):
 * JSON and XML renames with new_path and new_field, pairings that are
 * not unique, values that never rename (null, booleans, empty values),
 * noise and redaction keeping members out of a pairing, the used
 * judgement of a rename, reorders with duplicates (a multiset), keyed
 * arrays that never reorder, the tolerance, the tally and the JSON form.
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

static void run(struct diff_result *r, const char *a, const char *b,
                const struct diff_options *o)
{
    struct diff_side sa = {0}, sb = {0};
    struct rc_error err;

    diff_init();
    sa.body = a;
    sa.body_len = strlen(a);
    sb.body = b;
    sb.body_len = strlen(b);
    diff_result_init(r);
    if (diff_compare(r, &sa, &sb, o, &err))
        fail_msg("diff failed: %s: %s", err.where, err.message);
}

/* "path[ -> new_path] kind severity" lines of the stored differences. */
static char *lines(const struct diff_result *r)
{
    struct rc_buf b;

    rc_buf_init(&b, 1 << 20);
    for (size_t i = 0; i < r->n_items; i++) {
        const struct diff_item *it = &r->items[i];
        rc_buf_printf(&b, "%s%s%s %s %s\n", it->path,
                      it->new_path ? " -> " : "",
                      it->new_path ? it->new_path : "",
                      diff_kind_name(it->kind),
                      severity_name(it->severity));
    }
    return rc_buf_detach(&b, NULL);
}

static void expect(const char *a, const char *b,
                   const struct diff_options *o, const char *want)
{
    struct diff_result r;
    char *got;

    run(&r, a, b, o);
    got = lines(&r);
    assert_string_equal(got, want);
    free(got);
    diff_result_release(&r);
}

static const struct diff_options plain;

static void json_rename(void **state)
{
    struct diff_result r;
    json_t *j;
    char *s;

    (void)state;
    expect("{\"kredietlimiet\":5000,\"naam\":\"A\"}",
           "{\"naam\":\"A\",\"krediet_limiet\":5000}", &plain,
           "$.kredietlimiet -> $.krediet_limiet renamed breaking\n");
    /* a container moves whole; the rest of the object is compared */
    run(&r, "{\"d\":[{\"adres\":{\"straat\":\"X\",\"nr\":1},\"v\":1},"
            "{\"adres\":{\"straat\":\"Y\",\"nr\":2},\"v\":1}]}",
        "{\"d\":[{\"v\":2,\"address\":{\"nr\":1,\"straat\":\"X\"}},"
        "{\"address\":{\"straat\":\"Y\",\"nr\":2},\"v\":1}]}", &plain);
    s = lines(&r);
    assert_string_equal(s, "$.d[0].adres -> $.d[0].address renamed breaking\n"
                           "$.d[0].v changed changed\n"
                           "$.d[1].adres -> $.d[1].address renamed breaking\n");
    free(s);
    assert_string_equal(r.items[0].field, "$.d[*].adres");
    assert_string_equal(r.items[0].new_field, "$.d[*].address");
    assert_true(json_equal(r.items[0].old, r.items[0].new_));
    assert_null(r.items[1].new_path);
    assert_null(r.items[1].new_field);
    /* one tally row for both renames, carrying the new field */
    assert_int_equal(r.n_fields, 2);
    assert_int_equal(r.fields[0].kind, DIFF_RENAMED);
    assert_int_equal(r.fields[0].occurrences, 2);
    assert_string_equal(r.fields[0].new_field, "$.d[*].address");
    assert_string_equal(r.fields[0].new_path, "$.d[0].address");
    assert_int_equal(r.count[SEV_BREAKING], 2);
    j = diff_items_to_json(&r);
    s = json_dumps(json_array_get(j, 0), JSON_COMPACT);
    assert_string_equal(s, "{\"path\":\"$.d[0].adres\","
                           "\"new_path\":\"$.d[0].address\","
                           "\"field\":\"$.d[*].adres\","
                           "\"new_field\":\"$.d[*].address\","
                           "\"kind\":\"renamed\",\"severity\":\"breaking\","
                           "\"old\":{\"straat\":\"X\",\"nr\":1},"
                           "\"new\":{\"nr\":1,\"straat\":\"X\"}}");
    free(s);
    json_decref(j);
    diff_result_release(&r);
}

static void json_rename_not_unique(void **state)
{
    (void)state;
    /* two removed members hold the value: no pairing */
    expect("{\"a\":1,\"b\":1}", "{\"c\":1}", &plain,
           "$.a removed breaking\n$.b removed breaking\n"
           "$.c added additive\n");
    /* two added members hold it */
    expect("{\"a\":\"x\"}", "{\"b\":\"x\",\"c\":\"x\"}", &plain,
           "$.a removed breaking\n$.b added additive\n$.c added additive\n");
    /* one unique pair among others that are not */
    expect("{\"a\":1,\"b\":1,\"k\":[1,2]}", "{\"c\":1,\"m\":[1,2],\"d\":1}",
           &plain,
           "$.a removed breaking\n$.b removed breaking\n"
           "$.k -> $.m renamed breaking\n"
           "$.c added additive\n$.d added additive\n");
    /* equal values in different objects are not a rename */
    expect("{\"p\":{\"a\":7},\"q\":{}}", "{\"p\":{},\"q\":{\"b\":7}}", &plain,
           "$.p.a removed breaking\n$.q.b added additive\n");
    /* 1 and 1.0 are different values */
    expect("{\"a\":1}", "{\"b\":1.0}", &plain,
           "$.a removed breaking\n$.b added additive\n");
}

static void json_rename_never_for(void **state)
{
    (void)state;
    expect("{\"a\":null,\"b\":true,\"c\":false,\"d\":{},\"e\":[]}",
           "{\"z\":null,\"y\":true,\"x\":false,\"w\":{},\"v\":[]}", &plain,
           "$.a removed breaking\n$.b removed breaking\n"
           "$.c removed breaking\n$.d removed breaking\n"
           "$.e removed breaking\n$.z added additive\n"
           "$.y added additive\n$.x added additive\n"
           "$.w added additive\n$.v added additive\n");
    /* an empty string and 0 are values like any other */
    expect("{\"a\":\"\",\"b\":0}", "{\"c\":\"\",\"d\":0}", &plain,
           "$.a -> $.c renamed breaking\n$.b -> $.d renamed breaking\n");
}

static json_t *hide(void *ctx, const json_t *v)
{
    (void)ctx;
    (void)v;
    return json_string("<redacted>");
}

static void rename_noise_and_uses(void **state)
{
    struct pattern_set noise, uses, red;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;

    (void)state;
    pattern_set_init(&noise);
    pattern_set_init(&uses);
    pattern_set_init(&red);
    /* a member a noise rule covers is never paired: its removal stays
     * noise, the added member is additive as before */
    assert_int_equal(pattern_set_add(&noise, "$.tijd", &err), 0);
    o.noise[0] = &noise;
    expect("{\"tijd\":\"12:00\"}", "{\"time\":\"12:00\"}", &o,
           "$.tijd removed noise\n$.time added additive\n");
    /* nor is a redacted one */
    assert_int_equal(pattern_set_add(&red, "$.iban", &err), 0);
    o.noise[0] = NULL;
    o.redact = &red;
    o.redact_fn = hide;
    expect("{\"iban\":\"NL12\"}", "{\"rekening\":\"NL12\"}", &o,
           "$.iban removed breaking\n$.rekening added additive\n");
    o.redact = NULL;
    o.redact_fn = NULL;
    /* used when the old path is read ... */
    assert_int_equal(pattern_set_add(&uses, "$.oud", &err), 0);
    o.uses = &uses;
    run(&r, "{\"oud\":5,\"x\":1}", "{\"nieuw\":5,\"y\":2}", &o);
    assert_int_equal(r.n_items, 3);
    diff_result_release(&r);
    run(&r, "{\"oud\":5}", "{\"nieuw\":5}", &o);
    assert_int_equal(r.n_items, 1);
    assert_int_equal(r.items[0].kind, DIFF_RENAMED);
    assert_true(r.items[0].used);
    diff_result_release(&r);
    /* ... or the new one, and not otherwise */
    run(&r, "{\"x\":5,\"nieuw2\":1}", "{\"nieuw\":5,\"q\":1}", &o);
    assert_int_equal(r.items[0].kind, DIFF_RENAMED);
    assert_false(r.items[0].used);
    diff_result_release(&r);
    assert_int_equal(pattern_set_add(&uses, "$.nieuw", &err), 0);
    run(&r, "{\"x\":5}", "{\"nieuw\":5}", &o);
    assert_true(r.items[0].used);
    assert_int_equal(diff_result_worst(&r), SEV_BREAKING);
    diff_result_release(&r);
    pattern_set_release(&noise);
    pattern_set_release(&uses);
    pattern_set_release(&red);
}

static void xml_rename(void **state)
{
    struct diff_result r;

    (void)state;
    run(&r, "<E><B n=\"1\"><Omschrijving>Debiteuren</Omschrijving>"
            "<Debet>5</Debet></B><B n=\"2\"><Omschrijving>Omzet"
            "</Omschrijving><Debet>0</Debet></B></E>",
        "<E><B n=\"1\"><Debet>5</Debet><Toelichting>Debiteuren"
        "</Toelichting></B><B n=\"2\"><Toelichting>Omzet</Toelichting>"
        "<Debet>0</Debet></B></E>", &plain);
    assert_int_equal(r.n_items, 2);
    assert_string_equal(r.items[0].path, "/E/B[1]/Omschrijving");
    assert_string_equal(r.items[0].new_path, "/E/B[1]/Toelichting");
    assert_string_equal(r.items[0].field, "/E/B/Omschrijving");
    assert_string_equal(r.items[0].new_field, "/E/B/Toelichting");
    assert_int_equal(r.items[0].kind, DIFF_RENAMED);
    assert_int_equal(r.items[0].severity, SEV_BREAKING);
    assert_string_equal(json_string_value(r.items[0].old),
                        "<Omschrijving>Debiteuren</Omschrijving>");
    assert_string_equal(json_string_value(r.items[0].new_),
                        "<Toelichting>Debiteuren</Toelichting>");
    assert_int_equal(r.n_fields, 1);
    assert_int_equal(r.fields[0].occurrences, 2);
    diff_result_release(&r);
    /* content: attributes in any order, children in another order
     * between different names, but same-named ones in order */
    expect("<r><A x=\"1\" y=\"2\"><k>1</k><j>2</j></A></r>",
           "<r><B y=\"2\" x=\"1\"><j>2</j><k>1</k></B></r>", &plain,
           "/r/A -> /r/B renamed breaking\n");
    expect("<r><A><k>1</k><k>2</k></A></r>",
           "<r><B><k>2</k><k>1</k></B></r>", &plain,
           "/r/A removed breaking\n/r/B added additive\n");
    /* an attribute's value is content */
    expect("<r><A x=\"1\">t</A></r>", "<r><B x=\"2\">t</B></r>", &plain,
           "/r/A removed breaking\n/r/B added additive\n");
}

static void xml_rename_not_unique_or_empty(void **state)
{
    struct pattern_set noise;
    struct diff_options o = {0};
    struct rc_error err;

    (void)state;
    expect("<r><A>x</A><B>x</B></r>", "<r><C>x</C></r>", &plain,
           "/r/A removed breaking\n/r/B removed breaking\n"
           "/r/C added additive\n");
    expect("<r><A/><B></B><C>  </C></r>", "<r><D/><E/><F/></r>", &plain,
           "/r/A removed breaking\n/r/B removed breaking\n"
           "/r/C removed breaking\n/r/D added additive\n"
           "/r/E added additive\n/r/F added additive\n");
    /* same-named siblings: the lone one pairs with the new name */
    expect("<r><A>1</A><A>2</A></r>", "<r><A>1</A><Z>2</Z></r>", &plain,
           "/r/A[2] -> /r/Z renamed breaking\n");
    pattern_set_init(&noise);
    assert_int_equal(pattern_set_add(&noise, "//A", &err), 0);
    o.noise[1] = &noise;
    expect("<r><A>1</A></r>", "<r><Z>1</Z></r>", &o,
           "/r/A removed noise\n/r/Z added additive\n");
    pattern_set_release(&noise);
}

static void reorder(void **state)
{
    struct diff_result r;

    (void)state;
    run(&r, "{\"l\":[1,\"a\",{\"k\":[1,2]},null]}",
        "{\"l\":[null,{\"k\":[1,2]},1,\"a\"]}", &plain);
    assert_int_equal(r.n_items, 1);
    assert_string_equal(r.items[0].path, "$.l");
    assert_string_equal(r.items[0].field, "$.l");
    assert_int_equal(r.items[0].kind, DIFF_REORDERED);
    assert_int_equal(r.items[0].severity, SEV_CHANGED);
    assert_int_equal(json_array_size(r.items[0].old), 4);
    assert_true(json_is_null(json_array_get(r.items[0].new_, 0)));
    assert_null(r.items[0].new_path);
    diff_result_release(&r);
    /* the root array; members of objects in any order */
    expect("[{\"a\":1,\"b\":2},3]", "[3,{\"b\":2,\"a\":1}]", &plain,
           "$ reordered changed\n");
    /* inside a reordered array nothing else is reported */
    expect("{\"x\":[[1,2],[2,1]]}", "{\"x\":[[2,1],[1,2]]}", &plain,
           "$.x reordered changed\n");
    /* same order, or the same array: nothing */
    expect("{\"l\":[1,2,3]}", "{\"l\":[1,2,3]}", &plain, "");
}

static void reorder_multiset(void **state)
{
    (void)state;
    /* duplicates count: [1,1,2] and [1,2,1] are one multiset */
    expect("[1,1,2]", "[1,2,1]", &plain, "$ reordered changed\n");
    /* [1,1,2] and [1,2,2] are not: per position */
    expect("[1,1,2]", "[1,2,2]", &plain, "$[1] changed changed\n");
    expect("[1,1,2]", "[2,1,2]", &plain,
           "$[0] changed changed\n");
    /* other lengths are never a reorder */
    expect("[1,2]", "[2,1,1]", &plain,
           "$[0] changed changed\n$[1] changed changed\n"
           "$[2] added additive\n");
    /* 1 and 1.0 differ */
    expect("[1,2.0]", "[2.0,1.0]", &plain,
           "$[0] type breaking\n$[1] changed changed\n");
}

static void reorder_not_keyed_and_tolerance(void **state)
{
    struct diff_keys k;
    struct diff_options o = {0};
    struct pattern_set noise;
    struct rc_error err;

    (void)state;
    diff_keys_init(&k);
    assert_int_equal(diff_keys_add_spec(&k, "$.f=nr", &err), 0);
    o.keys[0] = &k;
    /* an array_keys array matches by key: no reorder, no difference */
    expect("{\"f\":[{\"nr\":1},{\"nr\":2}],\"g\":[1,2]}",
           "{\"f\":[{\"nr\":2},{\"nr\":1}],\"g\":[2,1]}", &o,
           "$.g reordered changed\n");
    diff_keys_release(&k);
    o.keys[0] = NULL;
    /* equal within the tolerance position by position: nothing */
    o.tolerance = 0.01;
    expect("[1.0,1.001]", "[1.001,1.0]", &o, "");
    expect("[1.0,2.0]", "[2.0,1.0]", &o, "$ reordered changed\n");
    o.tolerance = 0;
    /* every moved position covered by noise: the reorder is noise */
    pattern_set_init(&noise);
    assert_int_equal(pattern_set_add(&noise, "$.t[*]", &err), 0);
    o.noise[2] = &noise;
    expect("{\"t\":[1,2],\"u\":[1,2]}", "{\"t\":[2,1],\"u\":[2,1]}", &o,
           "$.t reordered noise\n$.u reordered changed\n");
    pattern_set_release(&noise);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_rename),
        cmocka_unit_test(json_rename_not_unique),
        cmocka_unit_test(json_rename_never_for),
        cmocka_unit_test(rename_noise_and_uses),
        cmocka_unit_test(xml_rename),
        cmocka_unit_test(xml_rename_not_unique_or_empty),
        cmocka_unit_test(reorder),
        cmocka_unit_test(reorder_multiset),
        cmocka_unit_test(reorder_not_keyed_and_tolerance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
