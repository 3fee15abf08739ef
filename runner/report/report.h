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

/* Report formats, as bits for report_write_all. */
enum report_format {
    FMT_JSON = 1, FMT_HTML = 2, FMT_JUNIT = 4, FMT_MD = 8
};
#define FMT_DEFAULT (FMT_HTML | FMT_JUNIT | FMT_MD)

/* The bit of a format name ("json", "html", "junit", "md" or "markdown";
 * len bytes of name), or 0 when unknown. */
unsigned report_format_bit(const char *name, size_t len);

/* The formats of bits (FMT_DEFAULT when 0) as a JSON array of names, in
 * the order html, junit, md, json (new reference). */
json_t *report_formats_json(unsigned bits);

/* Writes result.json to path, streaming call entries. */
int report_json(struct result *r, const char *path, struct rc_error *err);

/* The result.json "run" object (new reference). */
json_t *result_run_json(const struct result *r);

/* The summary object and one field row (new references). */
json_t *result_summary_json(const struct result *r);
json_t *result_field_json(const struct result *r, size_t i);

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

/*
 * What `run`, `report` and `merge` call at the end: loads the run folder
 * dir into r (opts may be NULL) and writes result.json and the reports
 * chosen in formats (0: FMT_DEFAULT) into dir, appending each path written
 * to written (may be NULL). r stays loaded for the
 * caller (text summary, verdict); release it with result_release.
 * Warnings (unknown calls in calls.jsonl) go to warnings.
 */
int report_build(struct result *r, const char *dir,
                 const struct result_load_opts *opts, unsigned formats,
                 struct strvec *written,
                 struct strvec *warnings, struct rc_error *err);

/* Escapers shared with other pages built from run data (history):
 * report_md_text writes s as the inside of a Markdown table cell, escaped
 * as the Markdown report escapes values; report_text_cell prints s in
 * width columns for a terminal, cut with "..." and padded when pad. */
void report_md_text(FILE *fp, const char *s);
void report_text_cell(FILE *fp, const char *s, int width, bool pad);

#endif
