/*
 * The acceptance record as text (a terminal: 100 columns, control
 * characters shown as '?'), Markdown (a ticket: every value escaped as
 * report.md escapes them) and JSON (tools; documented in docs/formats.md).
 * Pure functions of struct history.
 */
#include "history/history.h"

#include <string.h>

#include "report/report.h"

#define TEXT_WIDTH 100  /* columns of the text record */

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *release_name(const struct history_release *g)
{
    return g->release ? g->release : "no release";
}

static const char *verdict(const struct history_run *r)
{
    if (!r->complete)
        return "incomplete";
    return r->pass ? "pass" : "fail";
}

static const char *status(const struct history_release *g)
{
    return g->accepted ? "accepted" : "open";
}

/* ---- JSON ---- */

static json_t *run_json(const struct history_run *r)
{
    json_t *fields = json_array();

    for (size_t i = 0; i < r->fields.n; i++)
        json_array_append_new(fields, json_string(r->fields.v[i]));
    return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s, s:b, s:I, s:o, s:I, "
                     "s:I}", "id", r->id, "folder", r->dir, "started_at",
                     r->started_at, "environment", r->environment,
                     "verdict", verdict(r), "complete", r->complete,
                     "fields_changed", (json_int_t)r->fields.n, "fields",
                     fields, "calls", (json_int_t)r->calls, "calls_sent",
                     (json_int_t)r->calls_sent);
}

json_t *history_json(const struct history *h)
{
    json_t *releases = json_array();

    for (size_t i = 0; i < h->n_releases; i++) {
        const struct history_release *g = &h->releases[i];
        json_t *runs = json_array(), *fields = json_array();

        for (size_t j = 0; j < g->n_runs; j++)
            json_array_append_new(runs, run_json(&g->runs[j]));
        for (size_t j = 0; j < g->fields.n; j++)
            json_array_append_new(fields, json_string(g->fields.v[j]));
        json_array_append_new(
            releases, json_pack("{s:s?, s:s, s:I, s:o, s:o, s:O}", "release",
                                g->release, "status", status(g),
                                "fields_affected", (json_int_t)g->fields.n,
                                "fields", fields, "runs", runs, "approvals",
                                g->approvals));
    }
    return json_pack("{s:i, s:o, s:{s:I, s:I, s:I}}", "format",
                     HISTORY_FORMAT, "releases", releases, "summary",
                     "releases", (json_int_t)h->n_releases, "runs",
                     (json_int_t)h->runs, "approvals",
                     (json_int_t)h->approvals);
}

/* ---- text ---- */

/* The approval's fields on one line of at most TEXT_WIDTH columns
 * (indent included), then "+N more". */
static void text_fields(FILE *fp, const json_t *fields)
{
    size_t n = json_array_size(fields), col = 14;
    json_t *f;
    size_t i;

    json_array_foreach(fields, i, f) {
        const char *s = json_string_value(f) ? json_string_value(f) : "?";
        size_t w = strlen(s) + (i ? 2 : 0);

        if (i && col + w > TEXT_WIDTH - 10) {
            fprintf(fp, " +%zu more", n - i);
            break;
        }
        fputs(i ? ", " : "", fp);
        report_text_cell(fp, s, (int)(TEXT_WIDTH - 10 - col), false);
        col += w;
    }
}

static void text_approval(FILE *fp, const json_t *a)
{
    char call[256];

    snprintf(call, sizeof call, "%s/%s", jstr(a, "suite") ? jstr(a, "suite")
             : "?", jstr(a, "call") ? jstr(a, "call") : "?");
    fputs("    ", fp);
    report_text_cell(fp, jstr(a, "at") ? jstr(a, "at") : "-", 20, true);
    fputs("  ", fp);
    report_text_cell(fp, jstr(a, "by") ? jstr(a, "by") : "-", 16, true);
    fputs("  ", fp);
    report_text_cell(fp, jstr(a, "action") ? jstr(a, "action") : "-", 8,
                     true);
    fputs("  ", fp);
    report_text_cell(fp, call, 40, false);
    fputs("\n      fields: ", fp);
    text_fields(fp, json_object_get(a, "fields"));
    fputs("\n      reason: ", fp);
    report_text_cell(fp, jstr(a, "reason") ? jstr(a, "reason")
                                           : "(none given)", 86, false);
    fputc('\n', fp);
}

static void text_run(FILE *fp, const struct history_run *r)
{
    fputs("    ", fp);
    report_text_cell(fp, r->id, 26, true);
    fputs("  ", fp);
    report_text_cell(fp, r->started_at ? r->started_at : "-", 20, true);
    fputs("  ", fp);
    report_text_cell(fp, r->environment ? r->environment : "-", 12, true);
    fprintf(fp, "  %-10s %5zu %7ld %6lld\n", verdict(r), r->fields.n,
            r->calls, r->calls_sent);
}

void history_text(FILE *fp, const struct history *h)
{
    if (h->n_releases == 0) {
        fputs("no run and no approval recorded", fp);
        if (h->only)
            fputs(strcmp(h->only, "none") ? " for release " : " without a "
                  "release", fp);
        if (h->only && strcmp(h->only, "none"))
            report_text_cell(fp, h->only, 40, false);
        fputs(" yet\n", fp);
        return;
    }
    for (size_t i = 0; i < h->n_releases; i++) {
        const struct history_release *g = &h->releases[i];

        fputs(i ? "\n" : "", fp);
        fputs(g->release ? "release " : "", fp);
        report_text_cell(fp, release_name(g), 40, false);
        fprintf(fp, ": %s (%zu run%s, %zu approval%s, %zu field%s "
                    "affected)\n", status(g), g->n_runs,
                g->n_runs == 1 ? "" : "s", json_array_size(g->approvals),
                json_array_size(g->approvals) == 1 ? "" : "s", g->fields.n,
                g->fields.n == 1 ? "" : "s");
        if (g->n_runs)
            fprintf(fp, "  runs\n    %-26s  %-20s  %-12s  %-10s %5s %7s "
                        "%6s\n", "id", "started", "environment", "verdict",
                    "fields", "calls", "sent");
        for (size_t j = 0; j < g->n_runs; j++)
            text_run(fp, &g->runs[j]);
        if (json_array_size(g->approvals))
            fputs("  approvals\n", fp);
        for (size_t j = 0; j < json_array_size(g->approvals); j++)
            text_approval(fp, json_array_get(g->approvals, j));
    }
}

/* ---- Markdown ---- */

static void md_cell(FILE *fp, const char *s)
{
    fputs(" ", fp);
    report_md_text(fp, s ? s : "-");
    fputs(" |", fp);
}

static void md_release(FILE *fp, const struct history_release *g)
{
    fputs(g->release ? "\n## Release " : "\n## ", fp);
    report_md_text(fp, g->release ? g->release : "No release");
    fprintf(fp, ": %s\n\n", status(g));
    if (g->n_runs) {
        fputs("| run | started | environment | verdict | fields changed "
              "| calls | calls sent |\n|---|---|---|---|---:|---:|---:|\n", fp);
        for (size_t j = 0; j < g->n_runs; j++) {
            const struct history_run *r = &g->runs[j];
            fputs("|", fp);
            md_cell(fp, r->id);
            md_cell(fp, r->started_at);
            md_cell(fp, r->environment);
            md_cell(fp, verdict(r));
            fprintf(fp, " %zu | %ld | %lld |\n", r->fields.n, r->calls,
                    r->calls_sent);
        }
    } else {
        fputs("No run of this release is under reports/.\n", fp);
    }
    if (json_array_size(g->approvals) == 0)
        return;
    fputs("\n| approved | by | call | action | fields | reason |\n"
          "|---|---|---|---|---|---|\n", fp);
    for (size_t j = 0; j < json_array_size(g->approvals); j++) {
        const json_t *a = json_array_get(g->approvals, j), *f;
        size_t k;

        fputs("|", fp);
        md_cell(fp, jstr(a, "at"));
        md_cell(fp, jstr(a, "by"));
        fputs(" ", fp);
        report_md_text(fp, jstr(a, "suite"));
        fputs("/", fp);
        report_md_text(fp, jstr(a, "call"));
        fputs(" |", fp);
        md_cell(fp, jstr(a, "action"));
        fputs(" ", fp);
        json_array_foreach(json_object_get(a, "fields"), k, f) {
            fputs(k ? ", " : "", fp);
            fputs("<code>", fp);
            report_md_text(fp, json_string_value(f));
            fputs("</code>", fp);
        }
        fputs(" |", fp);
        md_cell(fp, jstr(a, "reason") ? jstr(a, "reason") : "(none given)");
        fputc('\n', fp);
    }
}

void history_markdown(FILE *fp, const struct history *h)
{
    fputs("# Acceptance record\n", fp);
    if (h->n_releases == 0 && h->only && strcmp(h->only, "none")) {
        fputs("\nNo run and no approval recorded for release ", fp);
        report_md_text(fp, h->only);
        fputs(" yet.\n", fp);
    } else if (h->n_releases == 0) {
        fputs("\nNo run and no approval recorded yet.\n", fp);
    }
    for (size_t i = 0; i < h->n_releases; i++)
        md_release(fp, &h->releases[i]);
}
