/*
 * Unit tests of the documentation writer and of the buffer contract it
 * relies on: an append that fails (past the buffer's limit) sticks, so
 * later appends change nothing and the writer reports the error at the
 * end; relcheck doc's Markdown into a buffer too small for it fails with
 * RC_ETOOBIG instead of coming out cut short.
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

#include "config/workspace.h"
#include "core/buf.h"
#include "core/fsutil.h"
#include "doc/doc.h"

static void test_buf_sticky(void **state)
{
    struct rc_buf b;

    (void)state;
    rc_buf_init(&b, 8);
    assert_int_equal(rc_buf_adds(&b, "abcdef"), 0);
    assert_int_equal(rc_buf_error(&b), 0);
    assert_int_equal(rc_buf_adds(&b, "ghijk"), RC_ETOOBIG);
    assert_int_equal(rc_buf_addc(&b, 'g'), RC_ETOOBIG);   /* would fit */
    assert_int_equal(rc_buf_printf(&b, "%d", 1), RC_ETOOBIG);
    assert_string_equal(rc_buf_str(&b), "abcdef");
    assert_int_equal(rc_buf_error(&b), RC_ETOOBIG);
    rc_buf_reset(&b);
    assert_int_equal(rc_buf_error(&b), 0);
    assert_int_equal(rc_buf_adds(&b, "xy"), 0);
    assert_string_equal(rc_buf_str(&b), "xy");
    rc_buf_release(&b);
}

/* The doc test workspace, copied to a temporary folder (doc reads the
 * redaction key, which must not be readable by others). */
static char *workspace_copy(void)
{
    char tmpl[] = "/tmp/relcheck-doc-XXXXXX";
    char *cmd = NULL, *dir;

    assert_non_null(mkdtemp(tmpl));
    dir = strdup(tmpl);
    assert_true(asprintf(&cmd, "cp -a '%s/tests/cli/doc/md/workspace/.' "
                         "'%s' && chmod 600 '%s/.relcheck/key'",
                         RC_SOURCE_DIR, dir, dir) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return dir;
}

static void remove_copy(char *dir)
{
    char *cmd = NULL;

    assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

static void test_markdown_too_big(void **state)
{
    char *dir = workspace_copy(), *config = fs_join(dir, "relcheck.json");
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct workspace ws;
    struct doc_model m;
    struct rc_buf whole, small;

    (void)state;
    assert_int_equal(workspace_open(&ws, config, &warnings, &err), 0);
    assert_int_equal(doc_build(&m, &ws, &warnings, &err), 0);
    rc_buf_init(&whole, (size_t)1 << 24);
    assert_int_equal(doc_markdown(&whole, &m), 0);
    assert_non_null(strstr(rc_buf_str(&whole),
                           "# Integration documentation"));
    assert_non_null(strstr(rc_buf_str(&whole), "## Test set"));
    /* room for the title only: the rest must not be dropped silently */
    rc_buf_init(&small, 200);
    assert_true(whole.len > 200);
    assert_int_equal(doc_markdown(&small, &m), RC_ETOOBIG);
    assert_true(small.len <= 200);
    rc_buf_release(&small);
    rc_buf_release(&whole);
    doc_release(&m);
    workspace_release(&ws);
    strvec_release(&warnings);
    free(config);
    remove_copy(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_sticky),
        cmocka_unit_test(test_markdown_too_big),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
