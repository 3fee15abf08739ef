/*
 * The text summary (SPEC section 8): what `run` and `report` print on
 * stdout. At most 100 columns: long suite names and fields are cut with
 * "..."; an error's reason is printed whole, wrapped at spaces. Control characters from responses (a reason may quote
 * a server) are shown as '?', so nothing can drive the terminal. A pure
 * function of the model; only fp is written.
 */
#include "report/report.h"

#include "result/approvals.h"

#include <string.h>

#define W_SEV 8
#define W_KIND 9
#define W_SUITE 18
#define W_FIELD 44
#define W_CALL 36    /* "suite/call" of an error row */

/* Writes n bytes of s with control characters as '?'. */
static void put_clean(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7f ? '?' : c, fp);
    }
}

/* The columns of the n bytes at s: UTF-8 continuation bytes take none. */
static int cols_of(const char *s, size_t n)
{
    int cols = 0;

    for (size_t i = 0; i < n; i++)
        cols += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cols;
}

/* Prints s in w columns (cut with "..." when longer), padded with spaces
 * when pad. Counts bytes, except that UTF-8 continuation bytes take no
 * column. */
static void put_cell(FILE *fp, const char *s, int w, bool pad)
{
    size_t n = 0, len = strlen(s);
    int cols = cols_of(s, len);

    if (cols <= w) {
        put_clean(fp, s, len);
        fprintf(fp, "%*s", pad ? w - cols : 0, "");
        return;
    }
    for (cols = 0; n < len && cols < w - 3; n++)
        cols += ((unsigned char)s[n] & 0xC0) != 0x80;
    while (n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    put_clean(fp, s, n);
    fprintf(fp, "...%*s", pad ? w - 3 - cols : 0, "");
}

/* The bytes of s's next line of at most w columns: up to its last space
 * that fits, or w columns cut hard when no space does (never inside a
 * UTF-8 sequence). */
static size_t wrap_len(const char *s, int w)
{
    size_t n = 0, space = 0;
    int cols = 0;

    while (s[n] != '\0') {
        if (((unsigned char)s[n] & 0xC0) != 0x80 && cols++ == w)
            break;
        if (s[n] == ' ')
            space = n;
        n++;
    }
    if (s[n] == '\0' || s[n] == ' ' || space == 0)
        return n;
    return space;
}

/* Prints s whole in lines of at most w columns, broken at spaces; the
 * lines after the first start with indent spaces. Ends with a newline. */
static void put_wrapped(FILE *fp, const char *s, int w, int indent)
{
    bool first = true;

    while (first || *s) {
        size_t n = wrap_len(s, w);

        if (!first)
            fprintf(fp, "%*s", indent, "");
        put_clean(fp, s, n);
        fputc('\n', fp);
        s += n;
        while (*s == ' ')
            s++;
        first = false;
    }
}

static const char *paint(bool color, enum severity s)
{
    static const char *const codes[] = {"\033[1;31m", "\033[33m", "\033[36m",
                                        "\033[2m"};
    return color ? codes[s] : "";
}

/* When baselines were recorded on another environment than the one the
 * run replayed on (production fixtures, an acceptance run: normal), one
 * line that says so: the environment most calls' baselines came from,
 * and how many others there were. */
static void put_baselines(FILE *fp, const struct result *r)
{
    size_t most = 0, others = 0;
    long best = 0;
    int w;

    for (size_t b = 0; b < r->baselines.n; b++) {
        long n = 0;

        for (size_t i = 0; i < r->n_calls; i++)
            n += r->calls[i].baseline == (int)b + 1;
        others += n > 0;
        if (n > best) {
            best = n;
            most = b;
        }
    }
    if (best == 0)
        return;
    w = others > 1 ? 16 : 24;   /* 100 columns up to 99 others */
    fputs("  baselines recorded on ", fp);
    put_cell(fp, r->baselines.v[most], w, false);
    if (others > 1)
        fprintf(fp, " and %zu other environment%s", others - 1,
                others > 2 ? "s" : "");
    fputs("; replaying on ", fp);
    put_cell(fp, r->environment ? r->environment : "?", w, false);
    fputc('\n', fp);
}

/* The verdict line, the release the notices name (when the run came from
 * notices), where the baselines were recorded (when elsewhere), and the
 * counts. */
static void put_head(FILE *fp, const struct result *r, bool color)
{
    const struct result_summary *s = &r->summary;
    const char *release = result_run_release(r->run);

    fprintf(fp, "%s%s%s  run ",
            color ? (s->fail ? "\033[1;31m" : "\033[1;32m") : "",
            s->fail ? "FAIL" : "PASS", color ? "\033[0m" : "");
    put_cell(fp, r->id ? r->id : "?", 40, false);
    fputs(" on ", fp);
    put_cell(fp, r->environment ? r->environment : "?", 24, false);
    fputs(" (shard ", fp);
    put_cell(fp, r->shard ? r->shard : "1/1", 9, false);
    fprintf(fp, ")%s\n", r->complete ? "" : ", INCOMPLETE");
    if (release) {
        fputs("  release ", fp);
        put_cell(fp, release, 90, false);
        fputc('\n', fp);
    }
    put_baselines(fp, r);
    fprintf(fp, "  %ld suites, %ld calls: %ld same, %ld changed, %ld errors, "
                "%ld skipped", s->suites, s->calls, s->same, s->changed,
            s->errors, s->skipped);
    if (s->not_run)
        fprintf(fp, ", %ld not run", s->not_run);
    fprintf(fp, "\n  %lld requests sent, %ld retries\n", r->calls_sent,
            s->retries);
    fprintf(fp, "  fields: %ld breaking, %ld changed, %ld additive, %ld noise",
            s->fields[SEV_BREAKING], s->fields[SEV_CHANGED],
            s->fields[SEV_ADDITIVE], s->fields[SEV_NOISE]);
    if (s->unused)
        fprintf(fp, ", %ld not used", s->unused);
    fprintf(fp, " (fail on %s)\n", fail_on_name(r->fail_on));
}

/* The table of non-noise rows whose used flag is `used`, under title. */
static void put_field_table(FILE *fp, const struct result *r, bool color,
                            bool used, const char *title)
{
    size_t shown = 0, total = 0;

    for (size_t i = 0; i < r->n_fields; i++)
        total += r->fields[i].severity != SEV_NOISE
                 && r->fields[i].used == used;
    if (total == 0)
        return;
    fprintf(fp, "\n%s\n", title);
    fprintf(fp, "%-*s %-*s %-*s %-*s %6s %7s\n", W_SEV, "SEVERITY", W_KIND,
            "KIND", W_SUITE, "SUITE", W_FIELD, "FIELD", "CALLS", "OCCUR.");
    for (size_t i = 0; i < r->n_fields && shown < REPORT_TEXT_FIELDS; i++) {
        const struct result_field *f = &r->fields[i];

        if (f->severity == SEV_NOISE || f->used != used)
            continue;
        fputs(paint(color, f->severity), fp);
        put_cell(fp, severity_name(f->severity), W_SEV, true);
        fputs(color ? "\033[0m " : " ", fp);
        put_cell(fp, f->kind, W_KIND, true);
        fputc(' ', fp);
        put_cell(fp, r->suites[f->suite].name, W_SUITE, true);
        fputc(' ', fp);
        put_cell(fp, f->field, W_FIELD, true);
        fputc(' ', fp);
        fprintf(fp, "%6ld %7ld\n", f->calls, f->occurrences);
        if (f->new_field) {  /* a rename: the new field on a line below */
            fprintf(fp, "%*s\xe2\x86\x92 ", W_SEV + W_KIND + W_SUITE + 3,
                    "");
            put_cell(fp, f->new_field, W_FIELD - 2, false);
            fputc('\n', fp);
        }
        shown++;
    }
    if (total > shown)
        fprintf(fp, "  ... and %zu more fields (see report.html or "
                    "result.json)\n", total - shown);
}

/* The fields the integration uses lead; the unused ones follow (SPEC
 * section 11). */
static void put_fields(FILE *fp, const struct result *r, bool color)
{
    put_field_table(fp, r, color, true, "Affected fields");
    put_field_table(fp, r, color, false,
                    "Changed, not used by the integration");
}

static void put_gaps(FILE *fp, const struct result *r)
{
    json_t *gaps = json_object_get(r->run, "coverage_gaps");
    size_t i;
    json_t *g;

    if (json_array_size(gaps) == 0)
        return;
    fputs("\nCoverage gaps (changed programs no suite covers)\n", fp);
    json_array_foreach(gaps, i, g)
        fprintf(fp, "  %s\n", json_string_value(g) ? json_string_value(g)
                                                   : "?");
}

/* Each error: the call in W_CALL columns, then its whole reason wrapped
 * to the rest of the 100 columns. */
static void put_errors(FILE *fp, const struct result *r)
{
    long shown = 0;

    if (r->summary.errors == 0)
        return;
    fputs("\nErrors\n", fp);
    for (size_t i = 0; i < r->n_calls && shown < REPORT_TEXT_ERRORS; i++) {
        const struct result_call *c = &r->calls[i];
        char name[256];

        if (c->outcome != OUT_ERROR)
            continue;
        snprintf(name, sizeof name, "%s/%s", r->suites[c->suite].name, c->id);
        fputs("  ", fp);
        put_cell(fp, name, W_CALL, true);
        fputc(' ', fp);
        put_wrapped(fp, c->reason && *c->reason ? c->reason : "error",
                    100 - 3 - W_CALL, 3 + W_CALL);
        shown++;
    }
    if (r->summary.errors > shown)
        fprintf(fp, "  ... and %ld more errors\n", r->summary.errors - shown);
}

int report_text(FILE *fp, const struct result *r, bool color)
{
    put_head(fp, r, color);
    put_fields(fp, r, color);
    put_gaps(fp, r);
    put_errors(fp, r);
    return ferror(fp) ? RC_EIO : 0;
}

void report_text_cell(FILE *fp, const char *s, int width, bool pad)
{
    put_cell(fp, s, width, pad);
}
