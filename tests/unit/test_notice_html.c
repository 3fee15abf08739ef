/*
 * Unit tests of HTML to lines (notice/html.c): table rows as tab-joined
 * cells, block breaks inside cells, nested tables, lists, <br>, entities,
 * dropped scripts, styles and comments, Outlook markup, a meta tag that
 * names another charset than the (UTF-8) input, and a 100,000-deep <div>
 * tree, far past libxml2's default nesting limit of 256.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "notice/html.h"

/* The lines of html joined by '\n' (caller frees). */
static char *lines_of(const char *html, size_t len)
{
    struct strvec lines = STRVEC_INIT;
    struct rc_buf b;
    char *out;

    assert_int_equal(html_to_lines(&lines, html, len), 0);
    rc_buf_init(&b, (size_t)64 << 20);
    for (size_t i = 0; i < lines.n; i++) {
        if (i)
            rc_buf_addc(&b, '\n');
        rc_buf_adds(&b, lines.v[i]);
    }
    strvec_release(&lines);
    out = rc_buf_detach(&b, NULL);
    rc_buf_release(&b);
    return out;
}

static void expect(const char *html, const char *want)
{
    char *got = lines_of(html, strlen(html));

    assert_string_equal(got, want);
    free(got);
}

static void test_table_rows(void **state)
{
    (void)state;
    expect("<table><tr><th>Code</th><th>Naam</th></tr>"
           "<tr><td> VFAFAC </td><td>Fac<span>turen</span></td></tr>"
           "<tr><td></td><td>MZZPAR</td><td>x</td></tr></table>",
           "Code\tNaam\nVFAFAC\tFacturen\nMZZPAR\tx");
}

static void test_blocks_in_cell(void **state)
{
    (void)state;
    expect("<table><tr><td><p>VFAFAC</p></td><td><p>Para</p><p>meters</p>"
           "<br>AllSolutions</td></tr></table>",
           "VFAFAC\tPara meters AllSolutions");
}

static void test_nested_table(void **state)
{
    (void)state;
    expect("<table><tr><td>layout<table><tr><td>A1</td><td>b</td></tr>"
           "<tr><td>A2</td><td>c</td></tr></table></td></tr></table>",
           "layout\nA1\tb\nA2\tc");
}

static void test_lists_headings_br(void **state)
{
    (void)state;
    expect("<h2>Release 10.0.23</h2><ul><li>VFAFAC - x</li><li>MZZPAR</li>"
           "</ul>een<br>twee<br/>drie<div>vier</div>vijf",
           "Release 10.0.23\nVFAFAC - x\nMZZPAR\neen\ntwee\ndrie\nvier\nvijf");
}

static void test_entities_and_spaces(void **state)
{
    (void)state;
    expect("<p>A&amp;B&nbsp;&nbsp;C &eacute;&#233;&#x20AC; Ver&shy;lof</p>",
           "A&B C \xC3\xA9\xC3\xA9\xE2\x82\xAC Verlof");
}

static void test_dropped(void **state)
{
    (void)state;
    expect("<html><head><title>T</title><style>ABCDEF - x</style>"
           "<script>GHIJKL - y</script></head><body><!-- MNOPQR - z -->"
           "<p>kept</p><script>if (a < b) {}</script></body></html>",
           "kept");
}

static void test_outlook(void **state)
{
    (void)state;
    expect("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
           "<body><div class=WordSection1><table class=MsoNormalTable>"
           "<tr><td><p class=MsoNormal><span>VFA</span><span>FAC"
           "<o:p></o:p></span></p></td><td><p class=MsoNormal>Facturen"
           "<o:p>&nbsp;</o:p></p></td></tr></table></div></body></html>",
           "VFAFAC\tFacturen");
}

/* GMime has converted the part to UTF-8; the meta tag still says
 * iso-8859-1. Read as UTF-8, or "é" becomes "Ã©". */
static void test_meta_charset_ignored(void **state)
{
    (void)state;
    expect("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html;"
           " charset=iso-8859-1\"><meta charset=\"windows-1252\"></head>"
           "<body><p>cr\xC3\xA9" "dit</p></body></html>",
           "cr\xC3\xA9" "dit");
}

static void test_nul_bytes(void **state)
{
    static const char html[] = "<p>VFAFAC</p>\0<p>MZZPAR</p>";
    char *got = lines_of(html, sizeof html - 1);

    (void)state;
    assert_string_equal(got, "VFAFAC\nMZZPAR");
    free(got);
}

/* 100,000 nested divs: no recursion, no nesting limit, text kept. */
static void test_deep_nesting(void **state)
{
    const size_t depth = 100000;
    struct rc_buf b;
    char *html, *got;
    size_t len;

    (void)state;
    rc_buf_init(&b, (size_t)64 << 20);
    for (size_t i = 0; i < depth; i++)
        rc_buf_adds(&b, "<div>");
    rc_buf_adds(&b, "VFAFAC - Facturen");
    for (size_t i = 0; i < depth; i++)
        rc_buf_adds(&b, "</div>");
    rc_buf_adds(&b, "<p>MZZPAR</p>");
    html = rc_buf_detach(&b, &len);
    got = lines_of(html, len);
    assert_string_equal(got, "VFAFAC - Facturen\nMZZPAR");
    free(got);
    free(html);
    rc_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_blocks_in_cell),
        cmocka_unit_test(test_nested_table),
        cmocka_unit_test(test_lists_headings_br),
        cmocka_unit_test(test_entities_and_spaces),
        cmocka_unit_test(test_dropped),
        cmocka_unit_test(test_outlook),
        cmocka_unit_test(test_meta_charset_ignored),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
