/*
 * The "Suites and calls" part of the HTML report: per suite its programs
 * and counts, per call that is not "same" its outcome, reason, request
 * (method, URL, redacted headers) and differences with old and new side by
 * side. Caps (html.h) keep a huge run readable: at most HTML_CALLS calls a
 * suite, HTML_CALL_DIFFS differences a call and HTML_PER_FIELD rows for
 * one field over the whole page; what is left out is counted ("N more").
 * Call entries are read back one at a time, so memory stays flat.
 */
#include "report/html.h"

#include <stdlib.h>
#include <string.h>

#include "result/smap.h"

#define NONE ((size_t)-1)

struct page {
    FILE *fp;
    struct result *r;
    struct smap field_rows;   /* "suite\x1ffield\x1fkind" -> rows shown */
};

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
static int field_allows(struct page *pg, const struct result_call *c,
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

    fputs("<tr><td><code>", fp);
    html_text(fp, jstr(d, "path"));
    fputs("</code></td><td>", fp);
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

static void put_diffs(struct page *pg, const struct result_call *c,
                      const json_t *entry)
{
    FILE *fp = pg->fp;
    json_t *diffs = json_object_get(entry, "differences"), *d;
    long shown = 0, capped = 0, repeated = 0;
    size_t i;

    if (json_array_size(diffs) == 0)
        return;
    fputs("<table class=\"diffs\"><thead><tr><th>path</th><th>kind</th>"
          "<th>severity</th><th>old</th><th>new</th></tr></thead><tbody>\n",
          fp);
    json_array_foreach(diffs, i, d) {
        if (shown == HTML_CALL_DIFFS)
            capped++;
        else if (!field_allows(pg, c, d))
            repeated++;
        else {
            put_diff_row(fp, d);
            shown++;
        }
    }
    fputs("</tbody></table>\n", fp);
    capped += (long)json_integer_value(json_object_get(entry, "truncated"));
    if (capped)
        fprintf(fp, "<p class=\"more\">%ld more differences in this call: see "
                    "result.json and the response file</p>\n", capped);
    if (repeated)
        fprintf(fp, "<p class=\"more\">%ld more differences of fields already "
                    "shown %d times above</p>\n", repeated, HTML_PER_FIELD);
}

static int put_call(struct page *pg, size_t ci, struct rc_error *err)
{
    const struct result_call *c = &pg->r->calls[ci];
    const char *out = c->outcome == OUT_NOT_RUN ? "not run"
                                                : outcome_name(c->outcome);
    FILE *fp = pg->fp;
    json_t *entry = NULL;
    int rc = result_call_entry(&entry, pg->r, ci, err);

    if (rc)
        return rc;
    fprintf(fp, "<details class=\"call\"%s><summary><span class=\"outcome "
                "out-%s\">%s</span> <code>",
            c->outcome == OUT_CHANGED || c->outcome == OUT_ERROR ? " open" : "",
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
    put_diffs(pg, c, entry);
    fputs("</div></details>\n", fp);
    json_decref(entry);
    return 0;
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

static int put_suite(struct page *pg, size_t si, struct rc_error *err)
{
    const struct result_suite *s = &pg->r->suites[si];
    long listed = 0, rest = 0;

    put_suite_head(pg->fp, s);
    put_same(pg->fp, pg->r, s);
    for (size_t i = 0; i < s->n; i++) {
        const struct result_call *c = &pg->r->calls[s->first + i];
        int rc;

        if (c->outcome == OUT_SAME)
            continue;
        if (listed == HTML_CALLS) {
            rest++;
            continue;
        }
        rc = put_call(pg, s->first + i, err);
        if (rc)
            return rc;
        listed++;
    }
    if (rest)
        fprintf(pg->fp, "<p class=\"more\">%ld more calls: see result.json"
                        "</p>\n", rest);
    fputs("</section>\n", pg->fp);
    return 0;
}

int html_calls(FILE *fp, struct result *r, struct rc_error *err)
{
    struct page pg = {fp, r, {0}};
    int rc = 0;

    smap_init(&pg.field_rows);
    if (r->n_suites == 0)
        fputs("<p>No suite was selected.</p>\n", fp);
    for (size_t i = 0; i < r->n_suites && rc == 0; i++)
        rc = put_suite(&pg, i, err);
    smap_release(&pg.field_rows);
    return rc;
}
