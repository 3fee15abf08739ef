/*
 * Reports of a run (SPEC section 8): text (the summary on stdout),
 * Markdown, JUnit XML and HTML. Each is a pure function of a loaded
 * struct result (result/result.h): it reads the model and the call
 * entries it reads back from calls.jsonl, nothing else. Files are written
 * with core/afile.h, so a reader sees the old report or the new one.
 * The model is not changed except for its read position in calls.jsonl.
 */
#ifndef RC_REPORT_H
#define RC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"
#include "core/strvec.h"
#include "result/result.h"

/* Caps: rows shown before "N more". */
#define REPORT_TEXT_FIELDS 40      /* text: affected-fields rows */
#define REPORT_TEXT_ERRORS 20      /* text and Markdown: error rows */
#define REPORT_MD_FIELDS 30        /* Markdown: affected-fields rows */
#define REPORT_JUNIT_DIFFS 200     /* JUnit: differences in a failure */

/*
 * Prints the text summary to fp (at most 100 columns): verdict, counts,
 * the affected fields (noise left out), coverage gaps, errors. color adds
 * ANSI colours. Returns 0, or RC_EIO when fp reports a write error.
 */
int report_text(FILE *fp, const struct result *r, bool color);

/* Writes the Markdown report to path. */
int report_markdown(struct result *r, const char *path,
                    struct rc_error *err);

/* Writes the JUnit XML report to path (libxml2's xmlTextWriter). */
int report_junit(struct result *r, const char *path, struct rc_error *err);

/* Writes the self-contained HTML report to path. */
int report_html(struct result *r, const char *path, struct rc_error *err);

/*
 * Writes the reports chosen in formats (FMT_* bits, FMT_JSON included)
 * into dir under their standard names (result.json, report.html,
 * junit.xml, report.md) and appends each path written to written (may be
 * NULL). Stops at the first failure.
 */
int report_write_all(struct result *r, const char *dir, unsigned formats,
                     struct strvec *written, struct rc_error *err);

/* Escapers shared with other pages built from run data (history):
 * report_md_text writes s as the inside of a Markdown table cell, escaped
 * as the Markdown report escapes values; report_text_cell prints s in
 * width columns for a terminal, cut with "..." and padded when pad. */
void report_md_text(FILE *fp, const char *s);
void report_text_cell(FILE *fp, const char *s, int width, bool pad);

#endif
