/*
 * Internals of the HTML report shared by html.c (the page, the header and
 * the affected-fields table) and html_calls.c (suites and calls). Every
 * string that may come from a response, a notice or a suite goes through
 * html_text or html_attr.
 */
#ifndef RC_REPORT_HTML_H
#define RC_REPORT_HTML_H

#include <stdio.h>

#include "report/report.h"

/* Caps of the HTML report (see docs/formats.md, "Reports"). */
#define HTML_FIELDS 2000      /* rows of the affected-fields table */
#define HTML_CALLS 3000       /* calls listed per suite */
#define HTML_CALL_DIFFS 50    /* differences shown per call */
#define HTML_PER_FIELD 20     /* calls in which one field's rows are shown */
#define HTML_FOLD 160         /* values longer than this are folded */
#define HTML_VALUE 4000       /* characters of a value shown at most */

/* Writes s escaped for element content or a quoted attribute (& < > " '
 * become entities; control characters other than tab and newline are
 * dropped). NULL writes nothing. */
void html_text(FILE *fp, const char *s);

/* Writes at most max bytes of s (cut at a character boundary), escaped. */
void html_text_n(FILE *fp, const char *s, size_t max);

/* Writes a JSON value (borrowed; NULL: "absent") in a <pre>, folded in a
 * <details> when longer than HTML_FOLD, cut at HTML_VALUE characters. */
void html_value(FILE *fp, const json_t *v);

/* Writes the "Suites and calls" section. */
int html_calls(FILE *fp, struct result *r, struct rc_error *err);

#endif
