/*
 * Unit tests of runner/diff: each kind and severity, every path form,
 * keyed arrays (shuffled, duplicated, missing and non-scalar keys), XML
 * names, namespaces and attributes, text lines, status and headers, body
 * format changes, noise, tolerance, redaction, the cap and the field tally;
 * the kinds renamed and reordered: JSON and XML renames with new_path and
 * new_field, pairings that are not unique, values that never rename,
 * noise and redaction keeping members out of a pairing, the used
 * judgement of a rename, reorders with duplicates (a multiset), keyed
 * arrays that never reorder, the tolerance.
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

/* Compares two bodies (parsed by content) into r. */
static void run(struct diff_result *r, const char *a, const char *b,
                const struct diff_options *o)
{
    struct diff_side sa = {0}, sb = {0};
    struct rc_error err;
    int rc;

    diff_init();
    sa.body = a;
    sa.body_len = strlen(a);
    sb.body = b;
    sb.body_len = strlen(b);
    diff_result_init(r);
    rc = diff_compare(r, &sa, &sb, o, &err);
    if (rc)
        fail_msg("diff failed: %s: %s", err.where, err.message);
}

/* Renders the stored differences as "path[ -> new_path] kind severity"
 * lines. */
static char *lines(const struct diff_result *r)
{
    struct rc_buf b;

    rc_buf_init(&b, 1 << 20);
    for (size_t i = 0; i < r->n_items; i++) {
        const struct diff_item *it = &r->items[i];
        rc_buf_printf(&b, "%s%s%s %s %s\n", it->path,
                      it->new_path ? " -> " : "",
                      it->new_path ? it->new_path : "",
                      diff_kind_name(it->kind), severity_name(it->severity));
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

static void same_documents(void **state)
{
    (void)state;
    expect("{\"a\":1,\"b\":[1,2,{\"c\":null}]}",
           "{\"b\":[1,2,{\"c\":null}],\"a\":1}", &plain, "");
}

static void kinds_and_severities(void **state)
{
    (void)state;
    expect("{\"gone\":1,\"t\":\"1\",\"c\":\"x\"}",
           "{\"t\":1,\"c\":\"y\",\"new\":true}", &plain,
           "$.gone removed breaking\n"
           "$.t type breaking\n"
           "$.c changed changed\n"
           "$.new added additive\n");
}

static void all_seven_types(void **state)
{
    (void)state;
    expect("[{},[],\"s\",1,1.5,true,null,false]",
           "[[],{},1,1.5,\"t\",null,false,true]", &plain,
           "$[0] type breaking\n$[1] type breaking\n$[2] type breaking\n"
           "$[3] type breaking\n$[4] type breaking\n$[5] type breaking\n"
           "$[6] type breaking\n$[7] changed changed\n");
}

static void numbers_and_tolerance(void **state)
{
    struct diff_options o = {0};

    (void)state;
    expect("{\"i\":9007199254740993,\"r\":0.1}",
           "{\"i\":9007199254740992,\"r\":0.1}", &plain,
           "$.i changed changed\n");
    expect("{\"r\":1.0}", "{\"r\":1.05}", &plain, "$.r changed changed\n");
    o.tolerance = 0.1;
    expect("{\"r\":1.0}", "{\"r\":1.05}", &o, "");
    expect("{\"r\":1.0}", "{\"r\":1.5}", &o, "$.r changed changed\n");
    expect("{\"i\":1}", "{\"i\":1.0}", &o, "$.i type breaking\n");
}

static void whole_subtrees(void **state)
{
    struct diff_result r;

    (void)state;
    run(&r, "{\"a\":{\"x\":{\"y\":1}},\"l\":[1]}", "{\"l\":[1,{\"z\":[2]}]}",
        &plain);
    assert_int_equal(r.n_items, 2);
    assert_string_equal(r.items[0].path, "$.a");
    assert_null(r.items[0].new_);
    assert_true(json_is_object(r.items[0].old));
    assert_string_equal(r.items[1].path, "$.l[1]");
    assert_null(r.items[1].old);
    assert_true(json_is_object(r.items[1].new_));
    diff_result_release(&r);
}

static void odd_member_names(void **state)
{
    (void)state;
    expect("{\"a b\":{\"it's\":1,\"back\\\\slash\":1,\"_ok9\":1,\"9no\":1,"
           "\"\\u00e9\":1}}",
           "{\"a b\":{\"it's\":2,\"back\\\\slash\":2,\"_ok9\":2,\"9no\":2,"
           "\"\\u00e9\":2}}", &plain,
           "$['a b']['it\\'s'] changed changed\n"
           "$['a b']['back\\\\slash'] changed changed\n"
           "$['a b']._ok9 changed changed\n"
           "$['a b']['9no'] changed changed\n"
           "$['a b']['\xc3\xa9'] changed changed\n");
}

static void array_positions(void **state)
{
    (void)state;
    expect("[1,2,3]", "[1,3]", &plain,
           "$[1] changed changed\n$[2] removed breaking\n");
    expect("{\"a\":[[1],[2]]}", "{\"a\":[[1],[2,3]]}", &plain,
           "$.a[1][1] added additive\n");
}

static struct diff_options keyed_opts(struct diff_keys *k, const char *spec)
{
    struct diff_options o = {0};
    struct rc_error err;

    diff_keys_init(k);
    assert_int_equal(diff_keys_add_spec(k, spec, &err), 0);
    o.keys[0] = k;
    return o;
}

static void keyed_shuffled(void **state)
{
    struct diff_keys k;
    struct diff_options o = keyed_opts(&k, "$.f=nr");

    (void)state;
    expect("{\"f\":[{\"nr\":\"A\",\"v\":1},{\"nr\":\"B\",\"v\":2},"
           "{\"nr\":\"C\",\"v\":3}]}",
           "{\"f\":[{\"nr\":\"C\",\"v\":3},{\"nr\":\"D\",\"v\":4},"
           "{\"nr\":\"A\",\"v\":9}]}", &o,
           "$.f[?@.nr=='A'].v changed changed\n"
           "$.f[?@.nr=='B'] removed breaking\n"
           "$.f[?@.nr=='D'] added additive\n");
    expect("{\"f\":[{\"nr\":1},{\"nr\":2}]}", "{\"f\":[{\"nr\":2},{\"nr\":1}]}",
           &o, "");
    diff_keys_release(&k);
}

static void keyed_duplicates_missing_nonscalar(void **state)
{
    struct diff_keys k;
    struct diff_options o = keyed_opts(&k, "$..items=id");

    (void)state;
    /* duplicates pair in order; later ones are written by position */
    expect("{\"items\":[{\"id\":1,\"v\":\"a\"},{\"id\":1,\"v\":\"b\"}]}",
           "{\"items\":[{\"id\":1,\"v\":\"a\"},{\"id\":1,\"v\":\"c\"},"
           "{\"id\":1,\"v\":\"d\"}]}", &o,
           "$.items[1].v changed changed\n$.items[2] added additive\n");
    /* elements without a key, or with an object as key, pair in order */
    expect("{\"items\":[{\"v\":1},{\"id\":{\"x\":1},\"v\":2},{\"id\":\"k\"}]}",
           "{\"items\":[{\"id\":\"k\"},{\"v\":5},{\"id\":{\"x\":1},\"v\":2}]}",
           &o, "$.items[0].v changed changed\n");
    /* "1" and 1 are different keys */
    expect("{\"items\":[{\"id\":\"1\"}]}", "{\"items\":[{\"id\":1}]}", &o,
           "$.items[?@.id=='1'] removed breaking\n"
           "$.items[?@.id==1] added additive\n");
    diff_keys_release(&k);
}

static void keyed_rules_from_json(void **state)
{
    json_t *rules = json_loads("{\"$.a\":\"id\",\"$.b\":7}", 0, NULL);
    struct diff_keys k;
    struct rc_error err;

    (void)state;
    diff_keys_init(&k);
    assert_int_equal(diff_keys_add_json(&k, rules, &err), RC_ECONFIG);
    assert_int_equal(k.n, 1);
    assert_int_equal(diff_keys_add_spec(&k, "nokey", &err), RC_EUSAGE);
    assert_int_equal(diff_keys_add_spec(&k, "$.x=", &err), RC_EUSAGE);
    diff_keys_release(&k);
    json_decref(rules);
}

static void noise_rules(void **state)
{
    struct pattern_set s;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;

    (void)state;
    pattern_set_init(&s);
    assert_int_equal(pattern_set_add(&s, "$..at", &err), 0);
    assert_int_equal(pattern_set_add(&s, "$.meta", &err), 0);
    o.noise[3] = &s;
    run(&r, "{\"x\":{\"at\":1},\"meta\":{\"id\":1},\"v\":1}",
        "{\"x\":{\"at\":2},\"meta\":{\"id\":2,\"n\":1},\"v\":1}", &o);
    assert_int_equal(r.count[SEV_NOISE], 3);
    assert_false(diff_result_differs(&r));
    assert_int_equal(diff_result_worst(&r), -1);
    diff_result_release(&r);
    pattern_set_release(&s);
}

/* A captured variable's value then (fixture `captures`) and now: fields
 * that hold it, whole or as a word of a string, are noise; other changes
 * stay what they are. */
static void captured_values(void **state)
{
    struct diff_options o = {0};
    json_t *then = json_pack("{s:i,s:s}", "order_id", 123, "ref", "A-7");
    json_t *now = json_pack("{s:i,s:s}", "order_id", 456, "ref", "A-8");

    (void)state;
    o.captures[0] = then;
    o.captures[1] = now;
    expect("{\"id\":123,\"self\":\"/orders/123\",\"two\":\"123 of 123\","
           "\"r\":\"A-7\",\"s\":\"A-7/x\"}",
           "{\"id\":456,\"self\":\"/orders/456\",\"two\":\"456 of 456\","
           "\"r\":\"A-8\",\"s\":\"A-8/x\"}", &o,
           "$.id changed noise\n$.self changed noise\n$.two changed noise\n"
           "$.r changed noise\n$.s changed noise\n");
    /* not the value: another number, a part of a word, half replaced, a
     * value that was not the captured one, another type */
    expect("{\"id\":124,\"a\":\"A1234\",\"h\":\"123 of 123\","
           "\"w\":\"x/999\",\"t\":123}",
           "{\"id\":456,\"a\":\"A4564\",\"h\":\"456 of 123\","
           "\"w\":\"x/456\",\"t\":\"456\"}", &o,
           "$.id changed changed\n$.a changed changed\n$.h changed changed\n"
           "$.w changed changed\n$.t type breaking\n");
    /* a value that did not change between the runs covers nothing */
    json_object_set_new(now, "order_id", json_integer(123));
    expect("{\"id\":1}", "{\"id\":123}", &o, "$.id changed changed\n");
    json_decref(then);
    json_decref(now);
}

static void xml_documents(void **state)
{
    (void)state;
    expect("<r xmlns:a=\"urn:a\" v=\"1\"><!-- c --><x>1</x><x> 2 </x>"
           "<a:y>3</a:y><z/></r>",
           "<r xmlns:b=\"urn:a\" v=\"1\">\n  <x>1</x>\n  <x>2</x>\n"
           "  <b:y>3</b:y><z/></r>", &plain, "");
    expect("<r v=\"1\" w=\"1\"><x>1</x><x>2</x><y>t</y></r>",
           "<r v=\"2\" n=\"1\"><x>1</x><y><q/></y><k/></r>", &plain,
           "/r/@v changed changed\n/r/@w removed breaking\n"
           "/r/@n added additive\n/r/x[2] removed breaking\n"
           "/r/y type breaking\n/r/k added additive\n");
}

static void xml_namespaces(void **state)
{
    (void)state;
    /* same local name, other namespace: a different element, so one
     * that moved namespace with its content is renamed */
    expect("<r xmlns:a=\"urn:a\"><a:y>1</a:y></r>",
           "<r xmlns:a=\"urn:b\"><a:y>1</a:y></r>", &plain,
           "/r/a:y -> /r/a:y renamed breaking\n");
    expect("<r xmlns:a=\"urn:a\"><a:y>1</a:y></r>",
           "<r xmlns:a=\"urn:b\"><a:y>2</a:y></r>", &plain,
           "/r/a:y removed breaking\n/r/a:y added additive\n");
    expect("<r xmlns=\"urn:d\"><y k=\"1\">1</y></r>",
           "<r xmlns=\"urn:d\"><y k=\"2\">1</y></r>", &plain,
           "/r/y/@k changed changed\n");
    expect("<a/>", "<b/>", &plain, "/a removed breaking\n/b added additive\n");
}

static void text_lines(void **state)
{
    (void)state;
    expect("one\ntwo\nthree\nfour\n", "one\nthree\nfour\nfive\n", &plain,
           "line[2] removed breaking\nline[4] added additive\n");
    expect("a\r\nb\r\n", "a\nc\n", &plain, "line[2] changed changed\n");
}

static void binary_bodies(void **state)
{
    struct diff_result r;

    (void)state;
    run(&r, "caf\xe9\nx\n", "caf\xe9\ny\n", &plain);
    assert_int_equal(r.n_items, 1);
    assert_string_equal(r.items[0].path, "body");
    assert_int_equal(r.items[0].kind, DIFF_CHANGED);
    assert_int_equal(r.format, DIFF_FMT_BINARY);
    /* the standard FNV-1a 64 (offset basis 14695981039346656037) */
    assert_string_equal(json_string_value(r.items[0].old),
                        "<binary: 7 bytes, fnv1a64 ec90a0876b80f8ec>");
    diff_result_release(&r);
    /* overlong, surrogate and out-of-range sequences are not UTF-8 */
    expect("\xc0\xaf", "\xc0\xaf", &plain, "");
    expect("\xed\xa0\x80", "a", &plain, "body type breaking\n");
    expect("\xf4\x90\x80\x80", "\xf0\x9f\x98\x80", &plain,
           "body type breaking\n");
}

static void body_format_change(void **state)
{
    struct diff_result r;

    (void)state;
    run(&r, "{\"a\":1}", "<html><body>502</body></html>", &plain);
    assert_int_equal(r.n_items, 1);
    assert_string_equal(r.items[0].path, "body");
    assert_string_equal(r.items[0].field, "body");
    assert_int_equal(r.items[0].kind, DIFF_TYPE);
    assert_string_equal(json_string_value(r.items[0].old), "json");
    assert_string_equal(json_string_value(r.items[0].new_), "text");
    diff_result_release(&r);
}

static void status_and_headers(void **state)
{
    json_t *ha = json_loads("{\"content-type\":\"application/json\","
                            "\"x-v\":\"1\",\"date\":\"a\"}", 0, NULL);
    json_t *hb = json_loads("{\"content-type\":\"application/json\","
                            "\"x-v\":\"2\",\"date\":\"b\"}", 0, NULL);
    json_t *body = json_loads("{\"a\":1}", 0, NULL);
    struct diff_side a = {200, ha, NULL, 0, NULL, body, "baseline"};
    struct diff_side b = {500, hb, "{\"a\": 1}", 8, NULL, NULL, "replay"};
    struct strvec names = STRVEC_INIT;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;
    char *got;

    (void)state;
    strvec_push(&names, "content-type");
    strvec_push(&names, "x-v");
    strvec_push(&names, "x-missing");
    o.headers = &names;
    diff_result_init(&r);
    assert_int_equal(diff_compare(&r, &a, &b, &o, &err), 0);
    got = lines(&r);
    assert_string_equal(got, "status changed breaking\n"
                             "headers.x-v changed changed\n");
    assert_int_equal(json_integer_value(r.items[0].old), 200);
    free(got);
    diff_result_release(&r);
    strvec_release(&names);
    json_decref(ha);
    json_decref(hb);
    json_decref(body);
}

static void json_scalar_bodies(void **state)
{
    json_t *t = json_true();
    struct diff_side a = {200, NULL, NULL, 0, NULL, t, "baseline"};
    struct diff_side b = {200, NULL, "false", 5, "application/json", NULL,
                          "replay"};
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;

    (void)state;
    diff_result_init(&r);
    assert_int_equal(diff_compare(&r, &a, &b, &o, &err), 0);
    assert_int_equal(r.n_items, 1);
    assert_string_equal(r.items[0].path, "$");
    assert_int_equal(r.items[0].kind, DIFF_CHANGED);
    diff_result_release(&r);
}

static void strict_and_lenient_bodies(void **state)
{
    struct diff_side a = {0, NULL, "{\"a\":1}", 7, "application/json", NULL,
                          "baseline"};
    struct diff_side b = {0, NULL, "{\"a\":", 5, "application/json", NULL,
                          "replay"};
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;

    (void)state;
    diff_result_init(&r);
    assert_int_equal(diff_compare(&r, &a, &b, &o, &err), 0);
    assert_int_equal(r.n_items, 1);
    assert_string_equal(r.items[0].path, "body");
    diff_result_release(&r);
    o.strict = true;
    diff_result_init(&r);
    assert_int_equal(diff_compare(&r, &a, &b, &o, &err), RC_EINPUT);
    assert_string_equal(err.where, "replay:1:5");
    diff_result_release(&r);
}

static json_t *hide(void *ctx, const json_t *v)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    json_t *out = json_sprintf("<redacted:%zu>", strlen(s));

    (void)ctx;
    free(s);
    return out;
}

static void redaction_hook(void **state)
{
    struct pattern_set s;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;
    char *dump;

    (void)state;
    pattern_set_init(&s);
    assert_int_equal(pattern_set_add(&s, "$..iban", &err), 0);
    o.redact = &s;
    o.redact_fn = hide;
    run(&r, "{\"k\":{\"iban\":\"NL12\"},\"same\":{\"iban\":\"X\"}}",
        "{\"k\":{\"iban\":\"NL123\"},\"same\":{\"iban\":\"X\"},"
        "\"n\":{\"iban\":\"SECRET\",\"v\":1}}", &o);
    assert_int_equal(r.n_items, 2);
    assert_string_equal(r.items[0].path, "$.k.iban");
    assert_string_equal(json_string_value(r.items[0].old), "<redacted:6>");
    assert_string_equal(json_string_value(r.items[0].new_), "<redacted:7>");
    dump = json_dumps(r.items[1].new_, JSON_COMPACT);
    assert_string_equal(dump, "{\"iban\":\"<redacted:8>\",\"v\":1}");
    free(dump);
    dump = json_dumps(r.fields[1].new_, JSON_COMPACT);
    assert_null(strstr(dump, "SECRET"));
    free(dump);
    diff_result_release(&r);
    pattern_set_release(&s);
}

/* A scalar on one side only at a redacted path (a member or an array
 * element removed or added, an XML attribute removed or added) is stored
 * redacted, as a changed one is. */
static void redaction_one_side(void **state)
{
    struct pattern_set s;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;
    json_t *j;
    char *dump;

    (void)state;
    pattern_set_init(&s);
    assert_int_equal(pattern_set_add(&s, "$..iban", &err), 0);
    assert_int_equal(pattern_set_add(&s, "$.ibans[*]", &err), 0);
    assert_int_equal(pattern_set_add(&s, "//@iban", &err), 0);
    o.redact = &s;
    o.redact_fn = hide;
    run(&r, "{\"k\":{\"iban\":\"NL12345\"},\"ibans\":[\"A\"]}",
        "{\"k\":{},\"ibans\":[\"A\",\"SECRET2\"],\"iban\":\"SECRET\"}",
        &o);
    assert_int_equal(r.n_items, 3);
    assert_string_equal(r.items[0].path, "$.k.iban");
    assert_string_equal(json_string_value(r.items[0].old), "<redacted:9>");
    assert_string_equal(r.items[1].path, "$.ibans[1]");
    assert_string_equal(json_string_value(r.items[1].new_), "<redacted:9>");
    assert_string_equal(r.items[2].path, "$.iban");
    assert_string_equal(json_string_value(r.items[2].new_), "<redacted:8>");
    j = diff_result_to_json(&r);
    dump = json_dumps(j, JSON_COMPACT);
    assert_null(strstr(dump, "SECRET"));
    assert_null(strstr(dump, "NL12345"));
    free(dump);
    json_decref(j);
    diff_result_release(&r);
    run(&r, "<r x=\"1\" iban=\"NL12345\"/>", "<r x=\"1\"><k iban=\"S\"/></r>",
        &o);
    assert_int_equal(r.n_items, 2);
    assert_string_equal(r.items[0].path, "/r/@iban");
    assert_string_equal(json_string_value(r.items[0].old), "<redacted:9>");
    assert_string_equal(r.items[1].path, "/r/k");
    assert_null(strstr(json_string_value(r.items[1].new_), "\"S\""));
    diff_result_release(&r);
    pattern_set_release(&s);
}

static void xml_redaction(void **state)
{
    struct pattern_set s;
    struct diff_options o = {0};
    struct diff_result r;
    struct rc_error err;

    (void)state;
    pattern_set_init(&s);
    assert_int_equal(pattern_set_add(&s, "//Iban", &err), 0);
    o.redact = &s;
    o.redact_fn = hide;
    run(&r, "<r><k><Iban>NL12</Iban></k><g><Iban>SECRET</Iban></g>"
            "<h><n>1</n></h></r>",
        "<r><k><Iban>NL123</Iban></k><h><n>2</n></h></r>", &o);
    assert_int_equal(r.n_items, 3);
    assert_string_equal(r.items[0].path, "/r/k/Iban");
    assert_string_equal(json_string_value(r.items[0].old), "<redacted:6>");
    assert_string_equal(r.items[1].path, "/r/g");
    assert_null(strstr(json_string_value(r.items[1].old), "SECRET"));
    assert_string_equal(r.items[2].path, "/r/h/n");
    assert_string_equal(json_string_value(r.items[2].new_), "2");
    diff_result_release(&r);
    pattern_set_release(&s);
}

static void cap_and_tally(void **state)
{
    struct rc_buf a, b;
    struct diff_options o = {0};
    struct diff_result r;
    json_t *j;

    (void)state;
    rc_buf_init(&a, 1 << 20);
    rc_buf_init(&b, 1 << 20);
    rc_buf_adds(&a, "[");
    rc_buf_adds(&b, "[");
    for (int i = 0; i < 30; i++) {
        rc_buf_printf(&a, "%s{\"v\":%d,\"w\":1}", i ? "," : "", i);
        rc_buf_printf(&b, "%s{\"v\":%d}", i ? "," : "", i + 1);
    }
    rc_buf_adds(&a, "]");
    rc_buf_adds(&b, "]");
    o.max_items = 10;
    run(&r, rc_buf_str(&a), rc_buf_str(&b), &o);
    assert_int_equal(r.n_items, 10);
    assert_int_equal(r.truncated, 50);
    assert_int_equal(diff_result_total(&r), 60);
    assert_int_equal(r.count[SEV_CHANGED], 30);
    assert_int_equal(r.count[SEV_BREAKING], 30);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(r.fields[0].field, "$[*].v");
    assert_int_equal(r.fields[0].occurrences, 30);
    assert_string_equal(r.fields[0].path, "$[0].v");
    assert_string_equal(r.fields[1].field, "$[*].w");
    assert_int_equal(r.fields[1].kind, DIFF_REMOVED);
    j = diff_result_to_json(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "truncated")), 50);
    assert_int_equal(json_array_size(json_object_get(j, "differences")), 10);
    json_decref(j);
    diff_result_release(&r);
    rc_buf_release(&a);
    rc_buf_release(&b);
}

static void json_output(void **state)
{
    struct diff_result r;
    json_t *j;
    char *s;

    (void)state;
    run(&r, "{\"a\":1,\"b\":2}", "{\"a\":2,\"c\":3}", &plain);
    j = diff_result_to_json(&r);
    s = json_dumps(j, JSON_COMPACT);
    assert_string_equal(s,
        "{\"format\":\"json\",\"differences\":["
        "{\"path\":\"$.a\",\"field\":\"$.a\",\"kind\":\"changed\","
        "\"severity\":\"changed\",\"old\":1,\"new\":2},"
        "{\"path\":\"$.b\",\"field\":\"$.b\",\"kind\":\"removed\","
        "\"severity\":\"breaking\",\"old\":2},"
        "{\"path\":\"$.c\",\"field\":\"$.c\",\"kind\":\"added\","
        "\"severity\":\"additive\",\"new\":3}],"
        "\"summary\":{\"breaking\":1,\"changed\":1,\"additive\":1,"
        "\"noise\":0}}");
    free(s);
    json_decref(j);
    diff_result_release(&r);
}

/* ---- renamed and reordered (SPEC section 6) ---------------------------- */

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

/* [[...[INNER, 0]..., 0], 0] with `levels` arrays around INNER. */
static char *nested(int levels, const char *inner)
{
    struct rc_buf b;

    rc_buf_init(&b, 1 << 16);
    for (int i = 0; i < levels; i++)
        rc_buf_adds(&b, "[");
    rc_buf_adds(&b, inner);
    for (int i = 0; i < levels; i++)
        rc_buf_adds(&b, ",0]");
    return rc_buf_detach(&b, NULL);
}

static void reorder_nesting_bound(void **state)
{
    char *a7 = nested(7, "[1,2]"), *b7 = nested(7, "[2,1]");
    char *a8 = nested(8, "[1,2]"), *b8 = nested(8, "[2,1]");

    (void)state;
    /* inside 7 hashed arrays the reorder is found; inside 8 the array is
     * compared by position, so no node is hashed more than 8 times */
    expect(a7, b7, &plain, "$[0][0][0][0][0][0][0] reordered changed\n");
    expect(a8, b8, &plain,
           "$[0][0][0][0][0][0][0][0][0] changed changed\n"
           "$[0][0][0][0][0][0][0][0][1] changed changed\n");
    free(a7);
    free(b7);
    free(a8);
    free(b8);
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
        cmocka_unit_test(same_documents),
        cmocka_unit_test(kinds_and_severities),
        cmocka_unit_test(all_seven_types),
        cmocka_unit_test(numbers_and_tolerance),
        cmocka_unit_test(whole_subtrees),
        cmocka_unit_test(odd_member_names),
        cmocka_unit_test(array_positions),
        cmocka_unit_test(keyed_shuffled),
        cmocka_unit_test(keyed_duplicates_missing_nonscalar),
        cmocka_unit_test(keyed_rules_from_json),
        cmocka_unit_test(noise_rules),
        cmocka_unit_test(captured_values),
        cmocka_unit_test(xml_documents),
        cmocka_unit_test(xml_namespaces),
        cmocka_unit_test(text_lines),
        cmocka_unit_test(binary_bodies),
        cmocka_unit_test(body_format_change),
        cmocka_unit_test(status_and_headers),
        cmocka_unit_test(json_scalar_bodies),
        cmocka_unit_test(strict_and_lenient_bodies),
        cmocka_unit_test(redaction_hook),
        cmocka_unit_test(redaction_one_side),
        cmocka_unit_test(xml_redaction),
        cmocka_unit_test(cap_and_tally),
        cmocka_unit_test(json_output),
        cmocka_unit_test(json_rename),
        cmocka_unit_test(json_rename_not_unique),
        cmocka_unit_test(json_rename_never_for),
        cmocka_unit_test(rename_noise_and_uses),
        cmocka_unit_test(xml_rename),
        cmocka_unit_test(xml_rename_not_unique_or_empty),
        cmocka_unit_test(reorder),
        cmocka_unit_test(reorder_multiset),
        cmocka_unit_test(reorder_not_keyed_and_tolerance),
        cmocka_unit_test(reorder_nesting_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
