/*
 * Internals of the HTML report shared by html.c (the page, the header and
 * the affected-fields table) and html_calls.c (suites and calls). Every
 * string that may come from a response, a notice or a suite goes through
 * html_text (element content and quoted attributes alike), html_text_n or
 * html_value.
 */
#ifndef RC_REPORT_HTML_H
#define RC_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "report/report.h"
#include "core/smap.h"

/* Caps of the HTML report (see docs/formats.md, "Reports"). */
#define HTML_FIELDS 2000      /* rows of the affected-fields table */
#define HTML_CALLS 3000       /* calls listed per suite */
#define HTML_CALL_DIFFS 50    /* differences shown per call */
#define HTML_PER_FIELD 20     /* calls in which one field's rows are shown */
#define HTML_FOLD 160         /* values longer than this are folded */
#define HTML_VALUE 4000       /* characters of a value shown at most */
#define HTML_DETAILED 1000    /* calls shown in full (request, differences) */
#define HTML_OPEN 100         /* of those, shown unfolded */

/* Writes s escaped for element content or a quoted attribute (& < > " '
 * become entities; control characters other than tab and newline are
 * dropped). NULL writes nothing. */
void html_text(FILE *fp, const char *s);

/* Writes at most max bytes of s (cut at a character boundary), escaped. */
void html_text_n(FILE *fp, const char *s, size_t max);

/* Writes a JSON value (borrowed; NULL: "absent") in a <pre>, folded in a
 * <details> when longer than HTML_FOLD, cut at HTML_VALUE characters. */
void html_value(FILE *fp, const json_t *v);

/* The table of approval lines (history.jsonl, SPEC section 12): when,
 * who, (with_run: the run), call, action, fields, reason; every value
 * escaped. Shared by report.html and the history page. */
void html_approvals_table(FILE *fp, const json_t *approvals, bool with_run);

/* The HTML report as a streamed sink (sink.h): html.c writes the template
 * around the {{suites}} slot, html_calls.c each suite and call. */
struct html_sink {
    struct afile *af;
    FILE *fp;
    const char *rest, *end;    /* the template after {{suites}} */
    struct smap field_rows;    /* "suite\x1ffield\x1fkind" -> rows shown */
    long listed, left_out;     /* calls of the current suite */
    long detailed;             /* calls shown in full so far */
    int table_open;            /* a table of compact call rows is open */
};

int html_suite_begin(void *ctx, struct result *r, size_t si,
                     struct rc_error *err);
int html_call(void *ctx, struct result *r, size_t ci, const json_t *entry,
              struct rc_error *err);
int html_suite_end(void *ctx, struct result *r, size_t si,
                   struct rc_error *err);

#endif
