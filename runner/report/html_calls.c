/*
 * The "Suites and calls" part of the HTML report: per suite its programs
 * and counts, per call that is not "same" its outcome, reason, request
 * (method, URL, redacted headers) and differences with old and new side by
 * side. Caps (html.h) keep a huge run readable: at most HTML_CALLS calls a
 * suite, HTML_CALL_DIFFS differences a call, HTML_PER_FIELD rows for one
 * field and HTML_DETAILED calls in full over the whole page; other calls
 * get one line in a table; what is left out is counted ("N more").
 * Written as the suite and call steps of the HTML sink (html.h), so each
 * call entry is read and parsed once for every streamed report.
 */
#include "report/html.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void put_request(FILE *fp, const struct result_call *c,
                        const json_t *entry)
{
    json_t *req = json_object_get(entry, "request"), *v;
    const char *name;

    fputs("<table class=\"request\"><tbody><tr><th>request</th><td><code>",
          fp);
    html_text(fp, jstr(req, "method") ? jstr(req, "method") : c->method);
    fputs(" ", fp);
    html_text(fp, jstr(req, "url") ? jstr(req, "url") : c->path);
    fputs("</code></td></tr>\n", fp);
    json_object_foreach(json_object_get(req, "headers"), name, v) {
        fputs("<tr><th>", fp);
        html_text(fp, name);
        fputs("</th><td><code>", fp);
        html_text(fp, json_string_value(v));
        fputs("</code></td></tr>\n", fp);
    }
    fputs("</tbody></table>\n", fp);
}

/* Whether another row of d's field may be shown; counts it when so. */
static int field_allows(struct html_sink *pg, const struct result_call *c,
                        const json_t *d)
{
    char *key = NULL;
    size_t n;
    int ok;

    if (asprintf(&key, "%zu\x1f%s\x1f%s", c->suite,
                 jstr(d, "field") ? jstr(d, "field") : "",
                 jstr(d, "kind") ? jstr(d, "kind") : "") < 0)
        return 0;
    n = smap_get(&pg->field_rows, key);
    n = n == NONE ? 0 : n;
    ok = n < HTML_PER_FIELD && smap_put(&pg->field_rows, key, n + 1) == 0;
    free(key);
    return ok;
}

static void put_diff_row(FILE *fp, const json_t *d)
{
    const char *sev = jstr(d, "severity") ? jstr(d, "severity") : "changed";
    bool unused = json_is_false(json_object_get(d, "used"));

    fputs(unused ? "<tr class=\"unused\"><td><code>" : "<tr><td><code>", fp);
    html_text(fp, jstr(d, "path"));
    if (jstr(d, "new_path")) {   /* a rename: old -> new */
        fputs("</code> \xe2\x86\x92 <code>", fp);
        html_text(fp, jstr(d, "new_path"));
    }
    fputs(unused ? "</code> <span class=\"tag\">not used</span></td><td>"
                 : "</code></td><td>", fp);
    html_text(fp, jstr(d, "kind"));
    fputs("</td><td class=\"sev sev-", fp);
    html_text(fp, sev);
    fputs("\">", fp);
    html_text(fp, sev);
    fputs("</td><td class=\"old\">", fp);
    html_value(fp, json_object_get(d, "old"));
    fputs("</td><td class=\"new\">", fp);
    html_value(fp, json_object_get(d, "new"));
    fputs("</td></tr>\n", fp);
}

/* The differences of a call to show: at most HTML_CALL_DIFFS, each of a
 * field shown fewer than HTML_PER_FIELD times so far (those are counted
 * now). Fills idx[0..*n) and the counts of those left out. */
struct picked {
    size_t idx[HTML_CALL_DIFFS];
    size_t n;
    long capped, repeated;
};

static void pick_rows(struct picked *pk, struct html_sink *pg,
                      const struct result_call *c, const json_t *entry)
{
    json_t *diffs = json_object_get(entry, "differences"), *d;
    size_t i;

    memset(pk, 0, sizeof *pk);
    json_array_foreach(diffs, i, d) {
        if (pk->n == HTML_CALL_DIFFS)
            pk->capped++;
        else if (!field_allows(pg, c, d))
            pk->repeated++;
        else
            pk->idx[pk->n++] = i;
    }
    pk->capped += (long)json_integer_value(json_object_get(entry,
                                                           "truncated"));
}

static void put_diffs(FILE *fp, const json_t *entry, const struct picked *pk)
{
    json_t *diffs = json_object_get(entry, "differences");

    if (pk->n) {
        fputs("<table class=\"diffs\"><thead><tr><th>path</th><th>kind</th>"
              "<th>severity</th><th>old</th><th>new</th></tr></thead>"
              "<tbody>\n", fp);
        for (size_t i = 0; i < pk->n; i++)
            put_diff_row(fp, json_array_get(diffs, pk->idx[i]));
        fputs("</tbody></table>\n", fp);
    }
    if (pk->capped)
        fprintf(fp, "<p class=\"more\">%ld more differences in this call: see "
                    "result.json and the response file</p>\n", pk->capped);
    if (pk->repeated)
        fprintf(fp, "<p class=\"more\">%ld more differences of fields already "
                    "shown %d times above</p>\n", pk->repeated, HTML_PER_FIELD);
}

static void put_call(struct html_sink *pg, const struct result *r, size_t ci,
                     const json_t *entry, const struct picked *pk)
{
    const struct result_call *c = &r->calls[ci];
    const char *out = c->outcome == OUT_NOT_RUN ? "not run"
                                                : outcome_name(c->outcome);
    FILE *fp = pg->fp;

    fprintf(fp, "<details class=\"call\"%s><summary><span class=\"outcome "
                "out-%s\">%s</span> <code>",
            pg->detailed < HTML_OPEN
                    && (c->outcome == OUT_CHANGED || c->outcome == OUT_ERROR)
                ? " open" : "",
            outcome_name(c->outcome), out);
    html_text(fp, c->id);
    fputs("</code> ", fp);
    html_text(fp, c->method);
    fputs(" ", fp);
    html_text(fp, c->path);
    if (c->differences)
        fprintf(fp, " &mdash; %ld difference%s", c->differences,
                c->differences == 1 ? "" : "s");
    fputs("</summary><div>\n", fp);
    if (c->reason) {
        fputs("<p>", fp);
        html_text(fp, c->reason);
        fputs("</p>\n", fp);
    }
    put_request(fp, c, entry);
    put_diffs(fp, entry, pk);
    fputs("</div></details>\n", fp);
}

static void put_suite_head(FILE *fp, const struct result_suite *s)
{
    json_t *p;
    size_t j;

    fputs("<section class=\"suite\"><h3>", fp);
    html_text(fp, s->name);
    fputs("</h3>\n<p>programs: ", fp);
    json_array_foreach(s->programs, j, p) {
        fputs(j ? ", <code>" : "<code>", fp);
        html_text(fp, json_string_value(p));
        fputs("</code>", fp);
    }
    if (json_array_size(s->because)) {
        fputs("; selected because of ", fp);
        json_array_foreach(s->because, j, p) {
            fputs(j ? ", <code>" : "<code>", fp);
            html_text(fp, json_string_value(p));
            fputs("</code>", fp);
        }
    }
    fprintf(fp, ". %zu calls: %ld same, %ld changed, %ld errors, %ld skipped"
                "%s.</p>\n", s->n, s->same, s->changed, s->errors,
            s->skipped + s->not_run,
            s->not_run ? " (some not run)" : "");
}

/* The ids of the suite's unchanged calls, on one line (capped). */
static void put_same(FILE *fp, const struct result *r,
                     const struct result_suite *s)
{
    long listed = 0;

    if (s->same == 0)
        return;
    fputs("<p>Unchanged: ", fp);
    for (size_t i = 0; i < s->n && listed < HTML_CALLS; i++) {
        const struct result_call *c = &r->calls[s->first + i];
        if (c->outcome != OUT_SAME)
            continue;
        fputs(listed++ ? ", <code>" : "<code>", fp);
        html_text(fp, c->id);
        fputs("</code>", fp);
    }
    if (s->same > listed)
        fprintf(fp, " <span class=\"more\">and %ld more</span>",
                s->same - listed);
    fputs("</p>\n", fp);
}

int html_suite_begin(void *ctx, struct result *r, size_t si,
                     struct rc_error *err)
{
    struct html_sink *pg = ctx;

    (void)err;
    pg->listed = pg->left_out = 0;
    put_suite_head(pg->fp, &r->suites[si]);
    put_same(pg->fp, r, &r->suites[si]);
    return 0;
}

/* One line for a call not shown in full (past HTML_DETAILED, or every
 * difference of a field already shown often enough). */
static void put_compact(struct html_sink *pg, const struct result *r,
                        size_t ci)
{
    const struct result_call *c = &r->calls[ci];
    FILE *fp = pg->fp;

    if (!pg->table_open) {
        fputs("<table class=\"calls\"><thead><tr><th>outcome</th><th>call"
              "</th><th>request</th><th class=\"num\">differences</th>"
              "<th>note</th></tr></thead><tbody>\n", fp);
        pg->table_open = 1;
    }
    fprintf(fp, "<tr><td class=\"outcome out-%s\">%s</td><td><code>",
            outcome_name(c->outcome),
            c->outcome == OUT_NOT_RUN ? "not run" : outcome_name(c->outcome));
    html_text(fp, c->id);
    fputs("</code></td><td><code>", fp);
    html_text(fp, c->method);
    fputs(" ", fp);
    html_text(fp, c->path);
    fprintf(fp, "</code></td><td class=\"num\">%ld</td><td>", c->differences);
    if (c->reason)
        html_text(fp, c->reason);
    else if (pg->detailed < HTML_DETAILED)
        fputs("<span class=\"more\">only fields already shown above</span>",
              fp);
    else
        fprintf(fp, "<span class=\"more\">not shown in full (after %d calls):"
                    " see result.json</span>", HTML_DETAILED);
    fputs("</td></tr>\n", fp);
}

static void close_table(struct html_sink *pg)
{
    if (pg->table_open)
        fputs("</tbody></table>\n", pg->fp);
    pg->table_open = 0;
}

int html_call(void *ctx, struct result *r, size_t ci, const json_t *entry,
              struct rc_error *err)
{
    struct html_sink *pg = ctx;
    struct picked pk;

    (void)err;
    if (r->calls[ci].outcome == OUT_SAME)
        return 0;
    if (pg->listed == HTML_CALLS) {
        pg->left_out++;
        return 0;
    }
    pg->listed++;
    if (pg->detailed < HTML_DETAILED) {
        pick_rows(&pk, pg, &r->calls[ci], entry);
        if (pk.n || json_array_size(json_object_get(entry, "differences"))
                        == 0) {
            close_table(pg);
            put_call(pg, r, ci, entry, &pk);
            pg->detailed++;
            return 0;
        }
    }
    put_compact(pg, r, ci);
    return 0;
}

int html_suite_end(void *ctx, struct result *r, size_t si,
                   struct rc_error *err)
{
    struct html_sink *pg = ctx;

    (void)r;
    (void)si;
    (void)err;
    close_table(pg);
    if (pg->left_out)
        fprintf(pg->fp, "<p class=\"more\">%ld more calls: see result.json"
                        "</p>\n", pg->left_out);
    fputs("</section>\n", pg->fp);
    return 0;
}
