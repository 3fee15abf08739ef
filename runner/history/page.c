/*
 * The acceptance record as one self-contained HTML page: inline CSS
 * (reports/templates/history.css), an inline SVG bar chart of the fields
 * affected per release, then per release its runs and approvals. No
 * script at all, so it reads the same without one and when printed; the
 * Content-Security-Policy forbids every request and every script. Every
 * value is escaped with html_text (XML-safe, so also inside the SVG).
 */
#include "history/history.h"

#include <string.h>

#include "core/asset.h"
#include "report/html.h"

#define CSS "reports/templates/history.css"
#define BAR_ROW 28      /* px per release in the chart */
#define LABEL_W 170     /* px for the release names */
#define BAR_W 560       /* px of the longest bar */

static const char *status(const struct history_release *g)
{
    return g->accepted ? "accepted" : "open";
}

static const char *release_name(const struct history_release *g)
{
    return g->release ? g->release : "no release";
}

static void put_chart(FILE *fp, const struct history *h)
{
    size_t most = 1;
    int height = (int)h->n_releases * BAR_ROW + 10;

    for (size_t i = 0; i < h->n_releases; i++)
        if (h->releases[i].fields.n > most)
            most = h->releases[i].fields.n;
    fprintf(fp, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                "role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                "height=\"%d\" aria-labelledby=\"chart-title\">"
                "<title id=\"chart-title\">Fields affected per release"
                "</title>\n", LABEL_W + BAR_W + 90, height,
            LABEL_W + BAR_W + 90, height);
    for (size_t i = 0; i < h->n_releases; i++) {
        const struct history_release *g = &h->releases[i];
        int y = (int)i * BAR_ROW + 5;
        int w = (int)(g->fields.n * BAR_W / most);

        fprintf(fp, "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                LABEL_W - 8, y + 17);
        html_text(fp, release_name(g));
        fprintf(fp, "</text><rect class=\"bar %s\" x=\"%d\" y=\"%d\" "
                    "width=\"%d\" height=\"%d\"><title>",
                status(g), LABEL_W, y + 3, w > 0 ? w : 1, BAR_ROW - 8);
        html_text(fp, release_name(g));
        fprintf(fp, ": %zu field%s affected, %s</title></rect>"
                    "<text x=\"%d\" y=\"%d\">%zu</text></g>\n",
                g->fields.n, g->fields.n == 1 ? "" : "s", status(g),
                LABEL_W + (w > 0 ? w : 1) + 6, y + 17, g->fields.n);
    }
    fputs("</svg>\n", fp);
}

static void put_cell(FILE *fp, const char *s, const char *cls)
{
    if (cls)
        fprintf(fp, "<td class=\"%s\">", cls);
    else
        fputs("<td>", fp);
    html_text(fp, s ? s : "-");
    fputs("</td>", fp);
}

static void put_runs(FILE *fp, const struct history_release *g)
{
    if (g->n_runs == 0) {
        fputs("<p class=\"none\">No run of this release is under reports/."
              "</p>\n", fp);
        return;
    }
    fputs("<table class=\"runs\"><thead><tr><th>run</th><th>started</th>"
          "<th>environment</th><th>verdict</th><th class=\"num\">fields "
          "changed</th><th class=\"num\">calls</th><th class=\"num\">calls "
          "sent</th></tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < g->n_runs; i++) {
        const struct history_run *r = &g->runs[i];
        const char *v = !r->complete ? "incomplete" : r->pass ? "pass"
                                                             : "fail";
        char cls[32];

        snprintf(cls, sizeof cls, "verdict-%s", v);
        fputs("<tr>", fp);
        put_cell(fp, r->id, "mono");
        put_cell(fp, r->started_at, NULL);
        put_cell(fp, r->environment, NULL);
        put_cell(fp, v, cls);
        fprintf(fp, "<td class=\"num\">%zu</td><td class=\"num\">%ld</td>"
                    "<td class=\"num\">%lld</td></tr>\n", r->fields.n,
                r->calls, r->calls_sent);
    }
    fputs("</tbody></table>\n", fp);
}

static void put_approvals(FILE *fp, const struct history_release *g)
{
    if (json_array_size(g->approvals) == 0)
        fputs("<p class=\"none\">No approval recorded.</p>\n", fp);
    else
        html_approvals_table(fp, g->approvals, false);
}

void history_html(FILE *fp, const struct history *h)
{
    const struct asset *css = asset_find(CSS);

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8"
          "\">\n<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" "
          "content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:; form-action 'none'; base-uri 'none'\">\n"
          "<meta name=\"generator\" content=\"relcheck " RELCHECK_VERSION
          "\">\n<title>relcheck acceptance record</title>\n<style>\n", fp);
    if (css)
        fwrite(css->data, 1, css->size, fp);
    fprintf(fp, "</style>\n</head>\n<body>\n<header><h1>Acceptance record"
                "</h1><p>%zu release%s, %ld run%s, %ld approval%s</p>"
                "</header>\n<main>\n", h->n_releases,
            h->n_releases == 1 ? "" : "s", h->runs, h->runs == 1 ? "" : "s",
            h->approvals, h->approvals == 1 ? "" : "s");
    if (h->n_releases == 0) {
        fputs("<p class=\"none\">No run and no approval recorded yet.</p>\n"
              "</main>\n</body>\n</html>\n", fp);
        return;
    }
    fputs("<section id=\"chart\"><h2>Fields affected per release</h2>\n", fp);
    put_chart(fp, h);
    fputs("</section>\n", fp);
    for (size_t i = 0; i < h->n_releases; i++) {
        const struct history_release *g = &h->releases[i];

        fputs(g->release ? "<section class=\"release\"><h2>Release "
                         : "<section class=\"release\"><h2>", fp);
        html_text(fp, release_name(g));
        fprintf(fp, " <span class=\"status %s\">%s</span></h2>\n<h3>Runs"
                    "</h3>\n", status(g), status(g));
        put_runs(fp, g);
        fputs("<h3>Approvals</h3>\n", fp);
        put_approvals(fp, g);
        fputs("</section>\n", fp);
    }
    fputs("</main>\n</body>\n</html>\n", fp);
}
