/*
 * The Markdown report (SPEC section 8): verdict, counts, affected fields,
 * coverage gaps and errors, short enough for a PR comment or a ticket
 * (REPORT_MD_FIELDS and REPORT_TEXT_ERRORS rows, then "N more"). Values
 * that may come from a response go inside <code> with HTML entities for
 * & < > | backtick, backslash and the Markdown punctuation [ ] ( ) ! * _,
 * and line breaks as spaces, so no value can close the table, start
 * markup, render as a link or an image, or inject HTML where Markdown
 * allows it.
 */
#include "report/report.h"

#include "core/afile.h"
#include "result/approvals.h"

#define MD_CELL 200   /* characters of a cell shown at most */

/* Writes s as the inside of a table cell, escaped (see above), cut after
 * MD_CELL characters with an ellipsis so that one long value cannot blow
 * the comment past a forge's size limit. */
static void md_escaped(FILE *fp, const char *s)
{
    size_t chars = 0;

    for (; s && *s; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80 && chars++ == MD_CELL) {
            fputs("\xE2\x80\xA6", fp);
            return;
        }
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '|': fputs("&#124;", fp); break;
        case '`': fputs("&#96;", fp); break;
        case '\\': fputs("&#92;", fp); break;
        case '[': fputs("&#91;", fp); break;
        case ']': fputs("&#93;", fp); break;
        case '(': fputs("&#40;", fp); break;
        case ')': fputs("&#41;", fp); break;
        case '!': fputs("&#33;", fp); break;
        case '*': fputs("&#42;", fp); break;
        case '_': fputs("&#95;", fp); break;
        case '\r':
        case '\n':
        case '\t': fputc(' ', fp); break;
        default:
            if ((unsigned char)*s >= 0x20)
                fputc(*s, fp);
        }
    }
}

static void md_code(FILE *fp, const char *s)
{
    fputs("<code>", fp);
    md_escaped(fp, s);
    fputs("</code>", fp);
}

/* The verdict, the run, its environment and release, and the counts. */
static void md_head(FILE *fp, const struct result *r)
{
    const struct result_summary *s = &r->summary;
    const char *release = result_run_release(r->run);

    fprintf(fp, "## relcheck: %s %s\n\n",
            s->fail ? "\xE2\x9D\x8C" : "\xE2\x9C\x85",
            s->fail ? "**FAIL**" : "**PASS**");
    fputs("Run ", fp);
    md_code(fp, r->id ? r->id : "?");
    fputs(" on ", fp);
    md_code(fp, r->environment ? r->environment : "?");
    if (release) {
        fputs(" for release ", fp);
        md_code(fp, release);
    }
    fprintf(fp, " (shard %s, fail on %s)%s.\n\n", r->shard ? r->shard : "1/1",
            fail_on_name(r->fail_on),
            r->complete ? "" : " \xE2\x80\x94 **incomplete**");
    fprintf(fp, "| suites | calls | same | changed | errors | skipped | "
                "breaking | changed fields | additive | noise |\n"
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                "| %ld | %ld | %ld | %ld | %ld | %ld | %ld | %ld | %ld | %ld "
                "|\n", s->suites, s->calls, s->same, s->changed, s->errors,
            s->skipped + s->not_run, s->fields[SEV_BREAKING],
            s->fields[SEV_CHANGED], s->fields[SEV_ADDITIVE],
            s->fields[SEV_NOISE]);
}

/* The rows of non-noise fields whose used flag is `used`; returns how
 * many there are. */
static size_t md_field_rows(FILE *fp, const struct result *r, bool used)
{
    size_t shown = 0, total = 0;

    for (size_t i = 0; i < r->n_fields; i++)
        total += r->fields[i].severity != SEV_NOISE
                 && r->fields[i].used == used;
    if (total == 0)
        return 0;
    fputs("| severity | kind | suite | field | calls | occurrences |\n"
          "|---|---|---|---|---:|---:|\n", fp);
    for (size_t i = 0; i < r->n_fields && shown < REPORT_MD_FIELDS; i++) {
        const struct result_field *f = &r->fields[i];

        if (f->severity == SEV_NOISE || f->used != used)
            continue;
        fprintf(fp, "| %s | %s | ", severity_name(f->severity), f->kind);
        md_code(fp, r->suites[f->suite].name);
        fputs(" | ", fp);
        md_code(fp, f->field);
        if (f->new_field) {   /* a rename: old -> new */
            fputs(" \xe2\x86\x92 ", fp);
            md_code(fp, f->new_field);
        }
        fprintf(fp, " | %ld | %ld |\n", f->calls, f->occurrences);
        shown++;
    }
    if (total > shown)
        fprintf(fp, "\n_and %zu more fields: see the HTML report_\n",
                total - shown);
    return total;
}

/* The fields the integration uses lead; the unused ones follow, folded
 * (SPEC section 11). */
static void md_fields(FILE *fp, const struct result *r)
{
    long used = 0;

    for (size_t i = 0; i < r->n_fields; i++)
        used += r->fields[i].severity != SEV_NOISE && r->fields[i].used;
    if (used)
        fputs("\n### Affected fields\n\n", fp);
    else
        fputs("\nNo affected fields.\n", fp);
    md_field_rows(fp, r, true);
    if (r->summary.unused == 0)
        return;
    fprintf(fp, "\n<details><summary>Changed, not used by the integration "
                "(%ld)</summary>\n\n", r->summary.unused);
    md_field_rows(fp, r, false);
    fputs("\n</details>\n", fp);
}

static void md_gaps_errors(FILE *fp, const struct result *r)
{
    json_t *gaps = json_object_get(r->run, "coverage_gaps");
    long shown = 0;
    size_t i;
    json_t *g;

    if (json_array_size(gaps)) {
        fputs("\n### Coverage gaps\n\nChanged programs no suite covers: ", fp);
        json_array_foreach(gaps, i, g) {
            fputs(i ? ", " : "", fp);
            md_code(fp, json_string_value(g));
        }
        fputs("\n", fp);
    }
    if (r->summary.errors == 0)
        return;
    fputs("\n### Errors\n\n| suite | call | reason |\n|---|---|---|\n", fp);
    for (i = 0; i < r->n_calls && shown < REPORT_TEXT_ERRORS; i++) {
        const struct result_call *c = &r->calls[i];

        if (c->outcome != OUT_ERROR)
            continue;
        fputs("| ", fp);
        md_code(fp, r->suites[c->suite].name);
        fputs(" | ", fp);
        md_code(fp, c->id);
        fputs(" | ", fp);
        md_escaped(fp, c->reason);
        fputs(" |\n", fp);
        shown++;
    }
    if (r->summary.errors > shown)
        fprintf(fp, "\n_and %ld more errors_\n", r->summary.errors - shown);
}

int report_markdown(struct result *r, const char *path, struct rc_error *err)
{
    struct afile *af = afile_open(path, 0644, err);
    FILE *fp;

    if (af == NULL)
        return err->code;
    fp = afile_stream(af);
    md_head(fp, r);
    md_fields(fp, r);
    md_gaps_errors(fp, r);
    return afile_commit(af, err);
}

void report_md_text(FILE *fp, const char *s)
{
    md_escaped(fp, s);
}
