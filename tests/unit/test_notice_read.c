/*
 * Unit tests of notice reading (notice/notice.c, mime.c, programs.c)
 * through notice_read_bytes: the known traps (a NUL byte inside a text
 * part, a meta tag naming iso-8859-1 after GMime converted the part, the
 * mbox parser after a parse error, forwarding notes in capitals), the
 * default and configured patterns, the catalog, the release pattern and
 * the subject filter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notice/notice.h"

#define HDR "From: AllSolutions <release@allsolutions.nl>\n" \
            "Subject: Release 10.0.23\nMIME-Version: 1.0\n"

/* Reads data with o into set; asserts success. */
static void read_ok(struct notice_set *set, const struct notice_opts *o,
                    const char *data, size_t len, struct strvec *warnings)
{
    struct notice_reader *r = NULL;
    struct rc_error err;

    rc_error_clear(&err);
    assert_int_equal(notice_reader_new(&r, o, &err), 0);
    if (notice_read_bytes(r, set, "t.eml", data, len, false, warnings,
                          &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    notice_reader_free(r);
}

/* The codes of notice i joined by spaces, "CODE=name" when named. */
static void expect_programs(const struct notice_set *set, size_t i,
                            const char *want)
{
    char got[1024] = "";

    assert_true(i < set->n);
    for (size_t k = 0; k < set->v[i].n_programs; k++) {
        const struct notice_program *p = &set->v[i].programs[k];
        size_t n = strlen(got);
        snprintf(got + n, sizeof got - n, "%s%s%s%s", k ? " " : "", p->code,
                 p->name ? "=" : "", p->name ? p->name : "");
    }
    assert_string_equal(got, want);
}

static void test_nul_byte_in_text_part(void **state)
{
    static const char msg[] = HDR "Content-Type: text/plain\n\n"
        "VFAFAC - Facturen\n\0\nMZZPAR - Parameters\nINKORD - Orders\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    read_ok(&set, &o, msg, sizeof msg - 1, &w);
    expect_programs(&set, 0, "INKORD=Orders MZZPAR=Parameters "
                    "VFAFAC=Facturen");
    assert_int_equal(w.n, 0);
    notice_set_release(&set);
    strvec_release(&w);
}

static void test_meta_iso_8859_1_after_conversion(void **state)
{
    static const char msg[] = HDR
        "Content-Type: text/html; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "<meta http-equiv=3D\"Content-Type\" content=3D\"text/html; "
        "charset=3Diso-8859-1\"><table><tr><td>CRDFAC</td>"
        "<td>Cr=E9dit</td></tr></table>\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    read_ok(&set, &o, msg, sizeof msg - 1, &w);
    expect_programs(&set, 0, "CRDFAC=Cr\xC3\xA9" "dit");
    notice_set_release(&set);
    strvec_release(&w);
}

/* A message GMime cannot read between two good ones: the loop goes on
 * to the third, and ends. */
static void test_mbox_after_parse_error(void **state)
{
    static const char box[] =
        "From a Mon Mar  1 09:00:00 2027\n" HDR
        "Content-Type: text/plain\n\nVFAFAC - Facturen\n\n"
        "From b Mon Mar  1 09:00:00 2027\n\x01\x02 not a header\n\n"
        "From c Mon Mar  1 09:00:00 2027\n" HDR
        "Content-Type: text/plain\n\nINKORD - Orders\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    read_ok(&set, &o, box, sizeof box - 1, &w);
    assert_int_equal(set.n, 2);
    assert_string_equal(set.v[0].source, "t.eml#1");
    assert_string_equal(set.v[1].source, "t.eml#3");
    expect_programs(&set, 1, "INKORD=Orders");
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "t.eml#2: unreadable message skipped");
    notice_set_release(&set);
    strvec_release(&w);
}

/* The same mbox from a file, read into memory whole (the default) and
 * streamed from disk (what a file larger than NOTICE_MBOX_IN_MEMORY
 * takes): the same notices, sources and warnings. */
static void test_mbox_file_in_memory_and_streamed(void **state)
{
    static const char box[] =
        "From a Mon Mar  1 09:00:00 2027\n" HDR
        "Content-Type: text/plain\n\nVFAFAC - Facturen\n\n"
        "From b Mon Mar  1 09:00:00 2027\n\x01\x02 not a header\n\n"
        "From c Mon Mar  1 09:00:00 2027\n" HDR
        "Content-Type: text/html; charset=iso-8859-1\n\n"
        "<p>INKORD - Orders \xe9\xe9n</p>\n";
    char path[] = "/tmp/relcheck-mbox-XXXXXX";
    char want[80];
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, box, sizeof box - 1), (ssize_t)(sizeof box - 1));
    close(fd);
    for (size_t max = 0; max < 2; max++) {
        struct notice_opts o = {0};
        struct notice_set set = {0};
        struct strvec w = STRVEC_INIT;
        struct notice_reader *r = NULL;
        struct rc_error err;
        size_t n_programs = 0;

        o.mbox_in_memory = max;          /* 0: whole, 1: streamed */
        rc_error_clear(&err);
        assert_int_equal(notice_reader_new(&r, &o, &err), 0);
        if (notice_read_source(r, &set, path, &n_programs, &w, &err) != 0)
            fail_msg("%s: %s", err.where, err.message);
        notice_reader_free(r);
        assert_int_equal(set.n, 2);
        snprintf(want, sizeof want, "%s#3", path);
        assert_string_equal(set.v[1].source, want);
        expect_programs(&set, 0, "VFAFAC=Facturen");
        expect_programs(&set, 1, "INKORD=Orders \xc3\xa9\xc3\xa9n");
        assert_true(set.v[1].packed);   /* one block, freed as one */
        assert_int_equal(w.n, 1);
        snprintf(want, sizeof want, "%s#2: unreadable message skipped", path);
        assert_string_equal(w.v[0], want);
        notice_set_release(&set);
        strvec_release(&w);
    }
    unlink(path);
}

static void test_forwarding_note_capitals(void **state)
{
    static const char msg[] = HDR "Content-Type: text/plain\n\n"
        "LET OP: UPGRADE dit weekend\nUPGRADE - graag testen\nBELANGRIJK\n"
        "TESTEN - maandag\n\n-------- Forwarded message --------\n"
        "From: AllSolutions\n\nVFAFAC - Facturen\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    read_ok(&set, &o, msg, sizeof msg - 1, &w);
    expect_programs(&set, 0, "VFAFAC=Facturen");
    notice_set_release(&set);
    strvec_release(&w);
}

/* Without a forward, announcement words in capitals are still no code. */
static void test_stop_words(void **state)
{
    static const char msg[] = HDR "Content-Type: text/plain\n\n"
        "UPGRADE - zaterdag\nURGENT\nVFAFAC\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    read_ok(&set, &o, msg, sizeof msg - 1, &w);
    expect_programs(&set, 0, "VFAFAC");
    notice_set_release(&set);
    strvec_release(&w);
}

static void test_default_pattern_shapes(void **state)
{
    static const char msg[] = HDR "Content-Type: text/plain; charset=utf-8\n\n"
        "- AAAA1 - one\n* BBBB: two\n\xE2\x80\xA2 CCCC | three\n"
        "\xC2\xB7 DDDD \xE2\x80\x93 four\n1. EEEE\tfive\n2) FFFF\n"
        "GGG - too short\nHHHHHHHHHHH - too long\n1ABC - digit first\n"
        "Mid line IIII is not taken\nJJJJ - KKKK\nllll - lower case\n"
        "- PEPPOL-ondersteuning\nSEPA-incasso's\nMMMM-\tcell\nNNNN -\n"
        "OOOO-PPPP\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    read_ok(&set, &o, msg, sizeof msg - 1, &w);
    expect_programs(&set, 0, "AAAA1=one BBBB=two CCCC=three DDDD=four "
                    "EEEE=five FFFF JJJJ=KKKK MMMM=cell NNNN");
    assert_string_equal(set.v[0].release, "10.0.23");
    notice_set_release(&set);
    strvec_release(&w);
}

static void test_catalog_and_patterns(void **state)
{
    static const char msg[] = "From: x@y\nSubject: Wijziging facturen\n"
        "Content-Type: text/plain\n\nIn versie: 10.3.1 is MZZPAR aangepast.\n"
        "ZZZZ - onbekend\nCode <XKCD9> gewijzigd\n";
    struct program progs[] = {
        {"MZZPAR", "Parameters AllSolutions", STRVEC_INIT},
        {"VFAFAC", "Facturen", STRVEC_INIT},
        {"XKCD9", NULL, STRVEC_INIT},
    };
    struct catalog cat = {progs, 3};
    struct strvec pats = STRVEC_INIT;
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    strvec_push(&pats, "Code <(?<code>[A-Z0-9]+)>");
    o.catalog = &cat;
    o.patterns = &pats;
    read_ok(&set, &o, msg, sizeof msg - 1, &w);
    expect_programs(&set, 0, "MZZPAR=Parameters AllSolutions "
                    "VFAFAC=Facturen XKCD9");
    assert_string_equal(set.v[0].release, "10.3.1");
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0], "t.eml: program code 'ZZZZ' is not in the "
                        "catalog");
    notice_set_release(&set);
    strvec_release(&w);
    strvec_release(&pats);
}

static void test_bad_pattern(void **state)
{
    struct strvec pats = STRVEC_INIT;
    struct notice_opts o = {0};
    struct notice_reader *r = NULL;
    struct rc_error err;

    (void)state;
    strvec_push(&pats, "(?<name>[A-Z]+)");
    o.patterns = &pats;
    assert_int_equal(notice_reader_new(&r, &o, &err), RC_ECONFIG);
    assert_string_equal(err.where, "notice.patterns[0]");
    assert_string_equal(err.message, "pattern has no named group 'code'");
    o.patterns = NULL;
    o.release_pattern = "([0-9";
    assert_int_equal(notice_reader_new(&r, &o, &err), RC_ECONFIG);
    assert_string_equal(err.where, "notice.release_pattern");
    strvec_release(&pats);
}

/* In an mbox only messages whose subject matches are notices. */
static void test_subject_filter_and_json(void **state)
{
    static const char box[] =
        "From a Mon Mar  1 09:00:00 2027\nFrom: x@y\nSubject: Lunch\n\n"
        "BROOD - kaas\n\nFrom b Mon Mar  1 09:00:00 2027\nFrom: x@y\n"
        "Subject: Upgrade\nMessage-ID: <u@x>\n"
        "Date: Fri, 20 Nov 2026 10:15:00 +0100\n\nVFAFAC\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;
    json_t *j;
    char *s;

    (void)state;
    read_ok(&set, &o, box, sizeof box - 1, &w);
    assert_int_equal(set.n, 1);
    j = notice_set_to_json(&set);
    s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
    assert_string_equal(s, "{\"notices\":[{\"source\":\"t.eml#2\","
        "\"message_id\":\"u@x\",\"subject\":\"Upgrade\",\"date\":"
        "\"2026-11-20T09:15:00Z\",\"release\":null,\"programs\":"
        "[{\"code\":\"VFAFAC\",\"name\":null}]}],\"programs\":[\"VFAFAC\"]}");
    free(s);
    json_decref(j);
    notice_set_release(&set);
    strvec_release(&w);
}

/* notice.from narrows an mbox to one sender; a file named directly is a
 * notice whatever its sender. */
static void test_from_filter(void **state)
{
    static const char box[] =
        "From a Mon Mar  1 09:00:00 2027\nFrom: Collega <c@klant.nl>\n"
        "Subject: Fwd: release 10.0.1\n\nBNKAFS - Bank\n\n"
        "From b Mon Mar  1 09:00:00 2027\n"
        "From: =?utf-8?Q?Release=C3=A9?= <release@allsolutions.nl>\n"
        "Subject: Release 10.0.2\n\nVFAFAC - Facturen\n";
    struct notice_opts o = {0};
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;

    (void)state;
    o.from = "@allsolutions\\.nl>$";
    read_ok(&set, &o, box, sizeof box - 1, &w);
    assert_int_equal(set.n, 1);
    assert_string_equal(set.v[0].source, "t.eml#2");
    assert_string_equal(set.v[0].release, "10.0.2");
    notice_set_release(&set);
    read_ok(&set, &o, box + 32, 71, &w);
    assert_int_equal(set.n, 1);
    expect_programs(&set, 0, "BNKAFS=Bank");
    notice_set_release(&set);
    strvec_release(&w);
}

static void test_not_mail(void **state)
{
    struct notice_opts o = {0};
    struct notice_reader *r = NULL;
    struct notice_set set = {0};
    struct strvec w = STRVEC_INIT;
    struct rc_error err;

    (void)state;
    assert_int_equal(notice_reader_new(&r, &o, &err), 0);
    assert_int_equal(notice_read_bytes(r, &set, "x", "", 0, false, &w, &err),
                     RC_EINPUT);
    assert_string_equal(err.message, "empty: no message in it");
    assert_int_equal(notice_read_bytes(r, &set, "x", "\x89PNG\r\n", 6, false,
                                       &w, &err), RC_EINPUT);
    assert_string_equal(err.message, "not a mail message (no header found)");
    assert_int_equal(set.n, 0);
    notice_reader_free(r);
}

/* The streamed JSON and jansson's dump of notice_set_to_json are the
 * same bytes, escapes, nulls and empty arrays included. */
static void test_json_writer_matches_jansson(void **state)
{
    static const char box[] =
        "From a Mon Mar  1 09:00:00 2027\nFrom: x@y\n"
        "Subject: Upgrade \"quoted\" back\\slash \x01 tab\t \xC3\xA9\n\n"
        "VFAFAC - name \"q\" \\ \x02\nMZZPAR\n\n"
        "From b Mon Mar  1 09:00:00 2027\nFrom: x@y\nSubject: Release\n\n"
        "geen programma\n";
    struct notice_opts o = {0};
    struct notice_set set = {0}, empty = {0};
    struct strvec w = STRVEC_INIT;
    const struct notice_set *sets[2] = {&set, &empty};

    (void)state;
    read_ok(&set, &o, box, sizeof box - 1, &w);
    assert_int_equal(set.n, 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *j = notice_set_to_json(sets[i]);
        char *want = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        char *got = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&got, &len);

        assert_int_equal(notice_set_write_json(fp, sets[i]), 0);
        fclose(fp);
        assert_int_equal(got[len - 1], '\n');
        got[len - 1] = '\0';
        assert_string_equal(got, want);
        free(got);
        free(want);
        json_decref(j);
    }
    notice_set_release(&set);
    strvec_release(&w);
}

/* A subject or date that is not valid UTF-8 (the fuzzer found one; jansson
 * refuses such strings): the notice is still printed, each invalid byte
 * as U+FFFD, by both writers alike, and nothing leaks (the programs array
 * used to leak when the subject could not be set). */
static void test_json_invalid_utf8(void **state)
{
    struct notice_program prog = {strdup("MZZPAR"), NULL};
    struct notice n = {strdup("fuzz"), NULL, strdup("Upgrade \xff\xfe x"),
                       strdup("2026-\xe9"), NULL, NULL, 0, false};
    struct notice_set set = {0};
    json_t *j;
    char *want, *got = NULL;
    size_t len = 0;
    FILE *fp;

    (void)state;
    n.programs = malloc(sizeof prog);
    n.programs[0] = prog;
    n.n_programs = 1;
    set.v = malloc(sizeof n);
    set.v[0] = n;
    set.n = set.cap = 1;
    j = notice_set_to_json(&set);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_array_get(
        json_object_get(j, "notices"), 0), "subject")),
        "Upgrade \xef\xbf\xbd\xef\xbf\xbd x");
    want = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fp = open_memstream(&got, &len);
    assert_int_equal(notice_set_write_json(fp, &set), 0);
    fclose(fp);
    got[len - 1] = '\0';
    assert_string_equal(got, want);
    free(got);
    free(want);
    json_decref(j);
    notice_set_release(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_invalid_utf8),
        cmocka_unit_test(test_nul_byte_in_text_part),
        cmocka_unit_test(test_meta_iso_8859_1_after_conversion),
        cmocka_unit_test(test_mbox_after_parse_error),
        cmocka_unit_test(test_mbox_file_in_memory_and_streamed),
        cmocka_unit_test(test_forwarding_note_capitals),
        cmocka_unit_test(test_stop_words),
        cmocka_unit_test(test_default_pattern_shapes),
        cmocka_unit_test(test_catalog_and_patterns),
        cmocka_unit_test(test_bad_pattern),
        cmocka_unit_test(test_subject_filter_and_json),
        cmocka_unit_test(test_from_filter),
        cmocka_unit_test(test_not_mail),
        cmocka_unit_test(test_json_writer_matches_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
