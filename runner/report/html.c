/*
 * The HTML report (SPEC section 8): one self-contained page built from the
 * embedded template reports/templates/report.html, whose {{name}} slots
 * are filled here, with report.css and report.js inlined. Everything that
 * comes from a run is escaped (html_text); the page's script reads text,
 * never markup, and a Content-Security-Policy forbids every network
 * request and lets only the page's own script run (by its SHA-256). Caps keep a 20,000-call run usable (html.h).
 */
#include "report/html.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/afile.h"
#include "core/asset.h"
#include "core/jsonw.h"
#include "report/sink.h"
#include "result/approvals.h"

#define TEMPLATE "reports/templates/report.html"

void html_text_n(FILE *fp, const char *s, size_t max)
{
    size_t n = 0;

    for (; s && s[n] && n < max; n++) {
        unsigned char c = (unsigned char)s[n];
        switch (c) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default:
            if (c >= 0x20 || c == '\n' || c == '\t')
                fputc(c, fp);
        }
    }
    /* finish a UTF-8 sequence cut by max */
    for (; s && ((unsigned char)s[n] & 0xC0) == 0x80; n++)
        fputc(s[n], fp);
}

void html_text(FILE *fp, const char *s)
{
    html_text_n(fp, s, (size_t)-1);
}

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void put_fact(FILE *fp, const char *name, const char *value)
{
    fprintf(fp, "<dt>%s</dt><dd>", name);
    html_text(fp, value ? value : "-");
    fputs("</dd>", fp);
}

static void put_run_facts(FILE *fp, const struct result *r)
{
    char sent[32];

    snprintf(sent, sizeof sent, "%lld", r->calls_sent);
    fputs("<dl>", fp);
    put_fact(fp, "environment", r->environment);
    put_fact(fp, "shard", r->shard ? r->shard : "1/1");
    put_fact(fp, "started", r->started_at);
    put_fact(fp, "finished", r->finished_at);
    put_fact(fp, "fail on", fail_on_name(r->fail_on));
    put_fact(fp, "requests sent", sent);
    put_fact(fp, "complete", r->complete ? "yes" : "no");
    fputs("</dl>", fp);
}

static void put_counts(FILE *fp, const struct result *r)
{
    const struct result_summary *s = &r->summary;

    fprintf(fp, "<table class=\"counts\"><thead><tr><th>suites</th>"
                "<th>calls</th><th>same</th><th>changed</th><th>errors</th>"
                "<th>skipped</th><th>retries</th><th class=\"sev-breaking\">"
                "breaking fields</th><th class=\"sev-changed\">changed "
                "fields</th><th class=\"sev-additive\">additive fields</th>"
                "<th class=\"sev-noise\">noise fields</th></tr></thead>"
                "<tbody><tr>");
    long v[] = {s->suites, s->calls, s->same, s->changed, s->errors,
                s->skipped + s->not_run, s->retries, s->fields[SEV_BREAKING],
                s->fields[SEV_CHANGED], s->fields[SEV_ADDITIVE],
                s->fields[SEV_NOISE]};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        fprintf(fp, "<td class=\"num\">%ld</td>", v[i]);
    if (s->unused)
        fprintf(fp, "<td class=\"num unused\" title=\"fields changed that "
                    "the integration does not use\">%ld not used</td>",
                s->unused);
    fputs("</tr></tbody></table>\n", fp);
}

static void put_incomplete(FILE *fp, const struct result *r)
{
    if (r->complete)
        return;
    fprintf(fp, "<p class=\"warning\"><strong>Incomplete run:</strong> %ld "
                "of %ld calls were not run; their outcome is unknown.</p>\n",
            r->summary.not_run, r->summary.calls);
}

static void put_notices(FILE *fp, const struct result *r)
{
    json_t *notices = json_object_get(r->run, "notices"), *n, *p;
    size_t i, j;

    if (json_array_size(notices) == 0) {
        fputs("<p>No release notice: suites were chosen directly.</p>\n", fp);
        return;
    }
    fputs("<table><thead><tr><th>notice</th><th>subject</th><th>date</th>"
          "<th>release</th><th>programs</th></tr></thead><tbody>\n", fp);
    json_array_foreach(notices, i, n) {
        const char *cells[] = {jstr(n, "source"), jstr(n, "subject"),
                               jstr(n, "date"), jstr(n, "release")};
        fputs("<tr>", fp);
        for (j = 0; j < 4; j++) {
            fputs("<td>", fp);
            html_text(fp, cells[j]);
            fputs("</td>", fp);
        }
        fputs("<td>", fp);
        json_array_foreach(json_object_get(n, "programs"), j, p) {
            fputs(j ? ", <code>" : "<code>", fp);
            html_text(fp, jstr(p, "code"));
            fputs("</code>", fp);
            if (jstr(p, "name")) {
                fputs(" ", fp);
                html_text(fp, jstr(p, "name"));
            }
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody></table>\n", fp);
}

/* The changed programs with the suites that cover them. */
static void put_programs(FILE *fp, const struct result *r)
{
    json_t *programs = json_object_get(r->run, "programs"), *p, *b;
    size_t i, j;

    if (json_array_size(programs) == 0)
        return;
    fputs("<table><thead><tr><th>changed program</th><th>suites that cover "
          "it</th></tr></thead><tbody>\n", fp);
    json_array_foreach(programs, i, p) {
        int any = 0;

        fputs("<tr><td><code>", fp);
        html_text(fp, json_string_value(p));
        fputs("</code></td><td>", fp);
        for (size_t s = 0; s < r->n_suites; s++)
            json_array_foreach(r->suites[s].because, j, b)
                if (json_equal(b, p)) {
                    fputs(any++ ? ", " : "", fp);
                    html_text(fp, r->suites[s].name);
                }
        fputs(any ? "</td></tr>\n" : "<em>none</em></td></tr>\n", fp);
    }
    fputs("</tbody></table>\n", fp);
}

static void put_gaps(FILE *fp, const struct result *r)
{
    json_t *gaps = json_object_get(r->run, "coverage_gaps"), *g;
    size_t i;

    if (json_array_size(gaps) == 0) {
        fputs("<p>Every changed program is covered by a suite.</p>\n", fp);
        return;
    }
    fputs("<p class=\"warning\">Changed programs that no suite covers: ", fp);
    json_array_foreach(gaps, i, g) {
        fputs(i ? ", <code>" : "<code>", fp);
        html_text(fp, json_string_value(g));
        fputs("</code>", fp);
    }
    fputs("</p>\n", fp);
}

void html_value(FILE *fp, const json_t *v)
{
    char *text;
    size_t len;

    if (v == NULL) {
        fputs("<span class=\"absent\">(absent)</span>", fp);
        return;
    }
    text = jsonw_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    len = text ? strlen(text) : 0;
    if (len <= HTML_FOLD) {
        fputs("<pre>", fp);
        html_text(fp, text);
        fputs("</pre>", fp);
    } else {
        fputs("<details class=\"fold\"><summary><code>", fp);
        html_text_n(fp, text, 80);
        fprintf(fp, "&hellip;</code> (%zu characters)</summary><pre>", len);
        html_text_n(fp, text, HTML_VALUE);
        if (len > HTML_VALUE)
            fprintf(fp, "</pre><p class=\"more\">%zu more characters: see "
                        "the response file</p>", len - HTML_VALUE);
        else
            fputs("</pre>", fp);
        fputs("</details>", fp);
    }
    free(text);
}

static void put_option(FILE *fp, const char *value)
{
    fputs("<option value=\"", fp);
    html_text(fp, value);
    fputs("\">", fp);
    html_text(fp, value);
    fputs("</option>", fp);
}

static void put_suite_options(FILE *fp, const struct result *r)
{
    for (size_t i = 0; i < r->n_suites; i++)
        put_option(fp, r->suites[i].name);
}

static void put_program_options(FILE *fp, const struct result *r)
{
    struct strvec all = STRVEC_INIT;
    json_t *p;
    size_t j;

    for (size_t i = 0; i < r->n_suites; i++)
        json_array_foreach(r->suites[i].programs, j, p)
            if (json_string_value(p))
                strvec_push(&all, json_string_value(p));
    strvec_sort_unique(&all);
    for (size_t i = 0; i < all.n; i++)
        put_option(fp, all.v[i]);
    strvec_release(&all);
}

/* The suite's programs joined by spaces, escaped, for data-programs. */
static void put_programs_attr(FILE *fp, const struct result_suite *s)
{
    json_t *p;
    size_t j;

    json_array_foreach(s->programs, j, p) {
        fputs(j ? " " : "", fp);
        html_text(fp, json_string_value(p));
    }
}

static void put_field_row(FILE *fp, const struct result *r, size_t i)
{
    const struct result_field *f = &r->fields[i];
    const struct result_suite *s = &r->suites[f->suite];
    const char *sev = severity_name(f->severity);

    fprintf(fp, "<tr data-severity=\"%s\" data-used=\"%s\" data-kind=\"",
            sev, f->used ? "used" : "unused");
    html_text(fp, f->kind);
    fputs("\" data-suite=\"", fp);
    html_text(fp, s->name);
    fputs("\" data-programs=\"", fp);
    put_programs_attr(fp, s);
    fprintf(fp, "\"><td class=\"sev sev-%s\" data-value=\"%d\">%s</td><td>",
            sev, (int)f->severity, sev);
    html_text(fp, f->kind);
    fputs("</td><td>", fp);
    html_text(fp, s->name);
    fputs("</td><td>", fp);
    put_programs_attr(fp, s);
    fputs("</td><td><code>", fp);
    html_text(fp, f->field);
    if (f->new_field) {   /* a rename: old -> new */
        fputs("</code> \xe2\x86\x92 <code>", fp);
        html_text(fp, f->new_field);
    }
    fprintf(fp, "</code></td><td class=\"num\">%ld</td><td class=\"num\">%ld"
                "</td><td class=\"old\">", f->calls, f->occurrences);
    html_value(fp, json_object_get(f->example, "old"));
    fputs("</td><td class=\"new\">", fp);
    html_value(fp, json_object_get(f->example, "new"));
    fputs("</td></tr>\n", fp);
}

static void put_fields_head(FILE *fp, const char *id)
{
    fprintf(fp, "<table id=\"%s\" class=\"diffs fields\"><thead><tr>", id);
    fputs("<th data-sort=\"num\" data-key=\"severity\">severity</th>"
          "<th data-sort=\"text\" data-key=\"kind\">kind</th>"
          "<th data-sort=\"text\" data-key=\"suite\">suite</th>"
          "<th data-sort=\"text\" data-key=\"programs\">programs</th>"
          "<th data-sort=\"text\" data-key=\"field\">field</th>"
          "<th data-sort=\"num\" data-key=\"calls\" class=\"num\">calls</th>"
          "<th data-sort=\"num\" data-key=\"occurrences\" class=\"num\">"
          "occurrences</th><th>example old</th><th>example new</th></tr>"
          "</thead><tbody>\n", fp);
}

/*
 * The affected-fields table: the rows the integration uses (result rows
 * are sorted used first), then the unused ones in their own table inside
 * a folded section (SPEC section 11). Both tables answer the filters.
 */
static void put_fields(FILE *fp, const struct result *r)
{
    size_t n = r->n_fields < HTML_FIELDS ? r->n_fields : HTML_FIELDS;
    size_t used = 0;

    if (r->n_fields == 0) {
        fputs("<p>No field differs.</p>\n", fp);
        return;
    }
    while (used < n && r->fields[used].used)
        used++;
    put_fields_head(fp, "fields-table");
    for (size_t i = 0; i < used; i++)
        put_field_row(fp, r, i);
    fputs("</tbody></table>\n", fp);
    if (used < n) {
        fprintf(fp, "<details id=\"unused-fields\" class=\"unused\"><summary>"
                    "Changed, not used by the integration (%ld)</summary>\n",
                r->summary.unused);
        put_fields_head(fp, "unused-table");
        for (size_t i = used; i < n; i++)
            put_field_row(fp, r, i);
        fputs("</tbody></table></details>\n", fp);
    }
    if (r->n_fields > n)
        fprintf(fp, "<p class=\"more\">%zu more fields: see result.json</p>\n",
                r->n_fields - n);
}

void html_approvals_table(FILE *fp, const json_t *approvals, bool with_run)
{
    json_t *a, *f;
    size_t i, k;

    fprintf(fp, "<table class=\"approvals\"><thead><tr><th>approved</th>"
                "<th>by</th>%s<th>call</th><th>action</th><th>fields</th>"
                "<th>reason</th></tr></thead><tbody>\n",
            with_run ? "<th>run</th>" : "");
    json_array_foreach(approvals, i, a) {
        fputs("<tr><td>", fp);
        html_text(fp, jstr(a, "at") ? jstr(a, "at") : "-");
        fputs("</td><td>", fp);
        html_text(fp, jstr(a, "by") ? jstr(a, "by") : "-");
        if (with_run) {
            fputs("</td><td>", fp);
            html_text(fp, jstr(a, "run") ? jstr(a, "run") : "-");
        }
        fputs("</td><td><code>", fp);
        html_text(fp, jstr(a, "suite"));
        fputs("/", fp);
        html_text(fp, jstr(a, "call"));
        fputs("</code></td><td>", fp);
        html_text(fp, jstr(a, "action"));
        fputs("</td><td>", fp);
        json_array_foreach(json_object_get(a, "fields"), k, f) {
            fputs(k ? ", <code>" : "<code>", fp);
            html_text(fp, json_string_value(f));
            fputs("</code>", fp);
        }
        if (jstr(a, "reason")) {
            fputs("</td><td>", fp);
            html_text(fp, jstr(a, "reason"));
        } else {
            fputs("</td><td class=\"none\">none given", fp);
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody></table>\n", fp);
}

/* The approvals already recorded for the run's release (SPEC section 12),
 * when the workspace keeps a history file: who accepted what, and why. */
static void put_approvals(FILE *fp, const struct result *r)
{
    const char *release = result_run_release(r->run);

    if (r->approvals == NULL || release == NULL)
        return;
    fputs("<section id=\"approvals\">\n<h2>Approvals recorded for release ",
          fp);
    html_text(fp, release);
    fputs("</h2>\n", fp);
    if (json_array_size(r->approvals) == 0)
        fputs("<p>None yet (relcheck approve --reason ... records them).</p>"
              "\n", fp);
    else
        html_approvals_table(fp, r->approvals, true);
    fputs("</section>\n", fp);
}

/* Writes an embedded asset as it is (our own CSS and JS). */
static int put_asset(FILE *fp, const char *name, struct rc_error *err)
{
    const struct asset *a = asset_find(name);

    if (a == NULL)
        return rc_error_set(err, RC_ENOTFOUND, name, "asset not built in");
    fwrite(a->data, 1, a->size, fp);
    return 0;
}

/* "sha256-BASE64" of the embedded script, for the page's
 * Content-Security-Policy: only that exact script may run, so even a value
 * that escaped escaping could not execute. */
static int put_script_hash(FILE *fp, struct rc_error *err)
{
    const struct asset *a = asset_find("reports/templates/report.js");
    guint8 digest[32];
    gsize len = sizeof digest;
    GChecksum *cs;
    gchar *b64;

    if (a == NULL)
        return rc_error_set(err, RC_ENOTFOUND, "report.js",
                            "asset not built in");
    cs = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(cs, a->data, (gssize)a->size);
    g_checksum_get_digest(cs, digest, &len);
    g_checksum_free(cs);
    b64 = g_base64_encode(digest, len);
    fprintf(fp, "sha256-%s", b64);
    g_free(b64);
    return 0;
}

/* Fills the template slot name. */
static int put_slot(FILE *fp, struct result *r, const char *name, size_t len,
                    struct rc_error *err)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    if (IS("css"))
        return put_asset(fp, "reports/templates/report.css", err);
    if (IS("js"))
        return put_asset(fp, "reports/templates/report.js", err);
    if (IS("script_hash"))
        return put_script_hash(fp, err);
    if (IS("version"))
        html_text(fp, RELCHECK_VERSION);
    else if (IS("title"))
        html_text(fp, r->id ? r->id : "");
    else if (IS("verdict"))
        fputs(r->summary.fail ? "FAIL" : "PASS", fp);
    else if (IS("verdict_class"))
        fputs(r->summary.fail ? "fail" : "pass", fp);
    else if (IS("run_facts"))
        put_run_facts(fp, r);
    else if (IS("incomplete"))
        put_incomplete(fp, r);
    else if (IS("counts"))
        put_counts(fp, r);
    else if (IS("notices"))
        put_notices(fp, r);
    else if (IS("programs"))
        put_programs(fp, r);
    else if (IS("approvals"))
        put_approvals(fp, r);
    else if (IS("gaps"))
        put_gaps(fp, r);
    else if (IS("suite_options"))
        put_suite_options(fp, r);
    else if (IS("program_options"))
        put_program_options(fp, r);
    else if (IS("fields"))
        put_fields(fp, r);
    else
        return rc_error_set(err, RC_EINPUT, TEMPLATE, "unknown slot '%.*s'",
                            (int)len, name);
    return 0;
#undef IS
}

/*
 * Copies the template from *p to end into fp, filling each {{slot}}, and
 * stops after the slot named stop (NULL: at the end). *p is left after
 * the stop slot.
 */
static int expand(FILE *fp, struct result *r, const char **p,
                  const char *end, const char *stop, struct rc_error *err)
{
    while (*p < end) {
        const char *open = strstr(*p, "{{"), *close;
        size_t len;
        int rc;

        if (open == NULL || (close = strstr(open, "}}")) == NULL) {
            fwrite(*p, 1, (size_t)(end - *p), fp);
            *p = end;
            break;
        }
        fwrite(*p, 1, (size_t)(open - *p), fp);
        *p = close + 2;
        len = (size_t)(close - open - 2);
        if (stop && strlen(stop) == len && memcmp(open + 2, stop, len) == 0)
            return 0;
        rc = put_slot(fp, r, open + 2, len, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* The page up to the {{suites}} slot. */
static int hs_begin(void *ctx, struct result *r, struct rc_error *err)
{
    struct html_sink *hs = ctx;
    const struct asset *a = asset_find(TEMPLATE);
    const char *p;
    int rc;

    if (a == NULL)
        return rc_error_set(err, RC_ENOTFOUND, TEMPLATE, "asset not built in");
    p = (const char *)a->data;
    hs->end = p + a->size;
    rc = expand(hs->fp, r, &p, hs->end, "suites", err);
    hs->rest = p;
    if (rc == 0 && r->n_suites == 0)
        fputs("<p>No suite was selected.</p>\n", hs->fp);
    return rc;
}

static void hs_abort(void *ctx)
{
    struct html_sink *hs = ctx;

    afile_abort(hs->af);
    smap_release(&hs->field_rows);
    free(hs);
}

/* The page after the {{suites}} slot, then commit. */
static int hs_finish(void *ctx, struct result *r, struct rc_error *err)
{
    struct html_sink *hs = ctx;
    int rc = expand(hs->fp, r, &hs->rest, hs->end, NULL, err);

    if (rc) {
        hs_abort(hs);
        return rc;
    }
    rc = afile_commit(hs->af, err);
    smap_release(&hs->field_rows);
    free(hs);
    return rc;
}

int html_sink_open(struct call_sink *sink, const char *path,
                   struct rc_error *err)
{
    struct html_sink *hs = calloc(1, sizeof *hs);

    if (hs == NULL)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    hs->af = afile_open(path, 0644, err);
    if (hs->af == NULL) {
        free(hs);
        return err->code;
    }
    hs->fp = afile_stream(hs->af);
    smap_init(&hs->field_rows);
    *sink = (struct call_sink){hs, hs_begin, html_suite_begin, html_call,
                               html_suite_end, hs_finish, hs_abort};
    return 0;
}

int report_html(struct result *r, const char *path, struct rc_error *err)
{
    struct call_sink sink;
    int rc = html_sink_open(&sink, path, err);

    return rc ? rc : report_stream(r, &sink, 1, err);
}
