/*
 * Unit tests of the result model (runner/result/): loading hand-written
 * run folders (tests/data/runs/), the fields aggregation and its order,
 * the summary and verdict, killed runs, per-call tallies past the cap,
 * duplicate lines and result.json round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>

#include "cli/exitcodes.h"
#include "cli/opt.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "report/report.h"
#include "result/result.h"
#include "result/scan.h"
#include "result/tally.h"

static char *data_dir(const char *name)
{
    char *dir = NULL;

    assert_true(asprintf(&dir, "%s/tests/data/runs/%s", RC_SOURCE_DIR,
                         name) > 0);
    return dir;
}

static void load(struct result *r, const char *name, struct strvec *warn)
{
    struct rc_error err = {0};
    char *dir = data_dir(name);
    int rc = result_load(r, dir, NULL, warn, &err);

    if (rc)
        fail_msg("%s: %s", err.where, err.message);
    free(dir);
}

static void test_basic_summary(void **state)
{
    struct result r;
    struct strvec warn = STRVEC_INIT;

    (void)state;
    load(&r, "basic", &warn);
    assert_int_equal(warn.n, 0);
    assert_true(r.complete);
    assert_int_equal(r.summary.calls, 6);
    assert_int_equal(r.summary.same, 1);
    assert_int_equal(r.summary.changed, 3);
    assert_int_equal(r.summary.errors, 1);
    assert_int_equal(r.summary.skipped, 1);
    assert_int_equal(r.summary.not_run, 0);
    assert_int_equal(r.summary.retries, 1);
    assert_int_equal(r.summary.fields[SEV_BREAKING], 3);
    assert_int_equal(r.summary.fields[SEV_CHANGED], 3);
    assert_int_equal(r.summary.fields[SEV_ADDITIVE], 2);
    assert_int_equal(r.summary.fields[SEV_NOISE], 1);
    assert_int_equal(r.summary.differences, 10);
    assert_true(r.summary.fail);
    assert_int_equal(r.calls_sent, 6);   /* 5 sent + 1 retry; skip sends 0 */
    assert_int_equal(result_verdict(&r), VERDICT_ERROR);
    assert_int_equal(exit_for_verdict(result_verdict(&r)), 3);
    assert_string_equal(r.suites[0].name, "debiteuren");
    assert_int_equal(r.suites[1].failures, 2);
    assert_int_equal(r.suites[1].errors, 1);
    result_release(&r);
    strvec_release(&warn);
}

static void test_fields_order(void **state)
{
    static const char *const want[][4] = {
        {"debiteuren", "status", "changed", "breaking"},
        {"facturen", "$.btw", "removed", "breaking"},
        {"facturen", "$.facturen[*].btw", "removed", "breaking"},
        {"facturen", "$.facturen[*].bedrag", "changed", "changed"},
        {"facturen", "$.facturen[*].omschrijving", "changed", "changed"},
        {"facturen", "$.memo", "changed", "changed"},
        {"facturen", "$.valuta", "added", "additive"},
        {"facturen", "$['x\"><img src=x onerror=document.title=\\'pwned-img"
                     "\\'>']", "added", "additive"},
        {"facturen", "$.meta.generated_at", "changed", "noise"},
    };
    struct result r;

    (void)state;
    load(&r, "basic", NULL);
    assert_int_equal(r.n_fields, 9);
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(r.suites[r.fields[i].suite].name, want[i][0]);
        assert_string_equal(r.fields[i].field, want[i][1]);
        assert_string_equal(r.fields[i].kind, want[i][2]);
        assert_string_equal(severity_name(r.fields[i].severity), want[i][3]);
    }
    /* bedrag: two differences in one call */
    assert_int_equal(r.fields[3].calls, 1);
    assert_int_equal(r.fields[3].occurrences, 2);
    assert_string_equal(json_string_value(json_object_get(r.fields[3].example,
                                                          "new")), "100.50");
    result_release(&r);
}

/* Lines read back in any order (the reader seeks only when it is not
 * already at a line): backwards, forwards, one line twice, then forwards
 * again; each entry is its call's. */
static void test_readback_any_order(void **state)
{
    struct result r;
    struct rc_error err = {0};
    size_t order[32], k = 0;

    (void)state;
    load(&r, "basic", NULL);
    assert_true(r.n_calls >= 3 && r.n_calls * 3 + 1 <= 32);
    for (size_t i = r.n_calls; i-- > 0;)
        order[k++] = i;
    for (size_t i = 0; i < r.n_calls; i++)
        order[k++] = i;
    order[k++] = r.n_calls - 1;
    for (size_t i = 0; i < r.n_calls; i++)
        order[k++] = i;
    for (size_t j = 0; j < k; j++) {
        json_t *entry = NULL;
        size_t i = order[j];
        assert_int_equal(result_call_entry(&entry, &r, i, &err), 0);
        assert_string_equal(json_string_value(json_object_get(entry, "id")),
                            r.calls[i].id);
        json_decref(entry);
    }
    result_release(&r);
}

static void test_killed_run(void **state)
{
    struct result r;
    json_t *entry = NULL;
    struct rc_error err = {0};

    (void)state;
    load(&r, "killed", NULL);
    assert_false(r.complete);
    assert_int_equal(r.summary.not_run, 3);  /* the cut line does not count */
    assert_int_equal(r.summary.same, 1);
    assert_int_equal(r.summary.changed, 2);
    assert_true(r.summary.fail);
    /* debiteuren/one was being written when the run was killed */
    assert_int_equal(r.calls[1].outcome, OUT_NOT_RUN);
    assert_int_equal(result_call_entry(&entry, &r, 1, &err), 0);
    assert_string_equal(json_string_value(json_object_get(entry, "outcome")),
                        "skipped");
    json_decref(entry);
    result_release(&r);
}

static void test_capped_tally(void **state)
{
    struct result r;
    struct strvec warn = STRVEC_INIT;

    (void)state;
    load(&r, "capped", &warn);
    assert_int_equal(warn.n, 1);   /* the line of suite 'ghost' */
    assert_non_null(strstr(warn.v[0], "calls.jsonl:5"));
    assert_true(r.complete);
    assert_string_equal(r.finished_at, "2026-11-28T10:05:00Z");
    /* the later line of 'again' wins: same, not error */
    assert_int_equal(r.calls[1].outcome, OUT_SAME);
    assert_int_equal(r.summary.errors, 0);
    /* login 1 + error 1+2 retries + huge 1 + again 1 + ghost 1 */
    assert_int_equal(r.calls_sent, 7);
    assert_int_equal(r.n_fields, 2);
    assert_string_equal(r.fields[0].field, "$.rows[*].b");
    assert_int_equal(r.fields[0].occurrences, 1000);
    assert_int_equal(r.fields[1].occurrences, 2000);
    assert_int_equal(r.calls[0].differences, 3000);
    assert_int_equal(r.calls[0].counted, 1000);   /* fail_on breaking */
    assert_true(r.summary.fail);
    assert_int_equal(result_verdict(&r), VERDICT_FAIL);
    assert_int_equal(exit_for_verdict(result_verdict(&r)), 1);
    result_release(&r);
    strvec_release(&warn);
}

static void test_json_round_trip(void **state)
{
    struct result r;
    struct rc_error err = {0};
    char path[] = "/tmp/relcheck-result-XXXXXX";
    char *file;
    json_t *doc = NULL, *calls;

    (void)state;
    assert_non_null(mkdtemp(path));
    file = fs_join(path, "result.json");
    load(&r, "basic", NULL);
    assert_int_equal(report_json(&r, file, &err), 0);
    assert_int_equal(jx_load(&doc, NULL, file, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(doc, "format")), 3);
    calls = json_object_get(json_array_get(json_object_get(doc, "suites"), 1),
                            "calls");
    assert_int_equal(json_array_size(calls), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(calls, 0), "id")),
                        "open-invoices");
    assert_null(json_object_get(json_array_get(calls, 0), "suite"));
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(doc, "summary"), "verdict")),
                        "fail");
    assert_int_equal(json_array_size(json_object_get(doc, "fields")), 9);
    json_decref(doc);
    result_release(&r);
    remove(file);
    rmdir(path);
    free(file);
}

static void test_formats(void **state)
{
    unsigned f = 0;
    struct rc_error err = {0};

    (void)state;
    assert_int_equal(opt_formats(&f, "html,junit", &err), 0);
    assert_int_equal(f, FMT_HTML | FMT_JUNIT);
    assert_int_equal(opt_formats(&f, "md,json", &err), 0);
    assert_int_equal(f, FMT_MD | FMT_JSON);
    assert_int_equal(opt_formats(&f, "html,pdf", &err), RC_EUSAGE);
    assert_string_equal(err.message,
                        "unknown format 'pdf' (html, junit, md, json)");
}

static void test_call_tally(void **state)
{
    struct call_tally *t = call_tally_new();
    json_t *one = json_integer(1), *two = json_integer(2), *rows;
    char *text;

    (void)state;
    assert_int_equal(call_tally_add(t, "$.a[0].b", "$.a[*].b", "changed",
                                    "changed", true, one, two), 0);
    assert_int_equal(call_tally_add(t, "$.c", "$.c", "added", "additive",
                                    true, NULL, two), 0);
    assert_int_equal(call_tally_add(t, "$.a[1].b", "$.a[*].b", "changed",
                                    "changed", true, two, one), 0);
    /* the same field, not used by the integration: a row of its own */
    assert_int_equal(call_tally_add(t, "$.a[2].b", "$.a[*].b", "changed",
                                    "changed", false, one, two), 0);
    rows = call_tally_json(t);
    text = json_dumps(rows, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(text,
        "[{\"field\":\"$.a[*].b\",\"kind\":\"changed\",\"severity\":"
        "\"changed\",\"occurrences\":2,\"example\":{\"path\":\"$.a[0].b\","
        "\"old\":1,\"new\":2}},{\"field\":\"$.c\",\"kind\":\"added\","
        "\"severity\":\"additive\",\"occurrences\":1,\"example\":"
        "{\"path\":\"$.c\",\"new\":2}},{\"field\":\"$.a[*].b\",\"kind\":"
        "\"changed\",\"severity\":\"changed\",\"occurrences\":1,"
        "\"example\":{\"path\":\"$.a[2].b\",\"old\":1,\"new\":2},"
        "\"used\":false}]");
    free(text);
    json_decref(rows);
    call_tally_free(t);
    /* renames: one row per (field, new_field), carrying both */
    t = call_tally_new();
    assert_int_equal(call_tally_add_renamed(t, "$.a[0].x", "$.a[*].x",
                                            "$.a[0].y", "$.a[*].y", "renamed",
                                            "breaking", true, one, one), 0);
    assert_int_equal(call_tally_add_renamed(t, "$.a[1].x", "$.a[*].x",
                                            "$.a[1].y", "$.a[*].y", "renamed",
                                            "breaking", true, two, two), 0);
    assert_int_equal(call_tally_add_renamed(t, "$.a[2].x", "$.a[*].x",
                                            "$.a[2].z", "$.a[*].z", "renamed",
                                            "breaking", true, one, one), 0);
    rows = call_tally_json(t);
    text = json_dumps(rows, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(text,
        "[{\"field\":\"$.a[*].x\",\"kind\":\"renamed\",\"severity\":"
        "\"breaking\",\"occurrences\":2,\"example\":{\"path\":"
        "\"$.a[0].x\",\"new_path\":\"$.a[0].y\",\"old\":1,\"new\":1},"
        "\"new_field\":\"$.a[*].y\"},{\"field\":\"$.a[*].x\",\"kind\":"
        "\"renamed\",\"severity\":\"breaking\",\"occurrences\":1,"
        "\"example\":{\"path\":\"$.a[2].x\",\"new_path\":\"$.a[2].z\","
        "\"old\":1,\"new\":1},\"new_field\":\"$.a[*].z\"}]");
    free(text);
    json_decref(rows);
    json_decref(one);
    json_decref(two);
    call_tally_free(t);
}

static void test_scan_line(void **state)
{
    const char *line =
        "{\"suite\":\"s\", \"id\" : \"c\",\"differences\":[{\"path\":"
        "\"$['a]\\\"[,{']\",\"new\":[1,[2,3],{\"x\":\"]\"}]},{\"path\":"
        "\"$.b\"},\n {}],\"request\":{\"url\":\"u,]}\"},\"retries\":2,"
        "\"fields\":[{\"field\":\"$.b\"}],\"reason\":null}\n";
    json_t *o = scan_call_line(line, strlen(line));

    (void)state;
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "_kept")), 3);
    assert_null(json_object_get(o, "differences"));
    assert_null(json_object_get(o, "request"));
    assert_int_equal(json_integer_value(json_object_get(o, "retries")), 2);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "c");
    assert_true(json_is_null(json_object_get(o, "reason")));
    assert_int_equal(json_array_size(json_object_get(o, "fields")), 1);
    json_decref(o);
    /* empty differences; no fields: the caller parses it whole */
    o = scan_call_line("{\"differences\": [ ],\"fields\":[]}", 32);
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "_kept")), 0);
    json_decref(o);
    assert_null(scan_call_line("{\"differences\":[]}", 18));
    assert_null(scan_call_line("{\"fields\":[}", 12));
    assert_null(scan_call_line("{\"fields\":[],\"a\":tru}", 21));
}

static void test_missing_folder(void **state)
{
    struct result r;
    struct rc_error err = {0};

    (void)state;
    assert_int_equal(result_load(&r, "/nonexistent/run", NULL, NULL, &err),
                     RC_EINPUT);
    assert_string_equal(err.message, "not a run folder");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_summary),
        cmocka_unit_test(test_fields_order),
        cmocka_unit_test(test_readback_any_order),
        cmocka_unit_test(test_killed_run),
        cmocka_unit_test(test_capped_tally),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_call_tally),
        cmocka_unit_test(test_scan_line),
        cmocka_unit_test(test_missing_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
