/*
 * report_write_all and report_build (see report.h): the one place that
 * maps formats to their names and to file names in a run folder. result.json, report.html and junit.xml are
 * written side by side in one walk over the calls (sink.h), Markdown
 * after them.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "report/sink.h"
#include "result/approvals.h"
#include "result/folder.h"

static const struct {
    unsigned bit;
    const char *name, *file;
} outputs[] = {
    {FMT_JSON, "json", RUN_RESULT},
    {FMT_HTML, "html", RUN_REPORT_HTML},
    {FMT_JUNIT, "junit", RUN_REPORT_JUNIT},
    {FMT_MD, "md", RUN_REPORT_MD},
};

unsigned report_format_bit(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        if (strlen(outputs[i].name) == len
            && strncmp(outputs[i].name, name, len) == 0)
            return outputs[i].bit;
    return len == 8 && strncmp(name, "markdown", 8) == 0 ? FMT_MD : 0;
}

json_t *report_formats_json(unsigned bits)
{
    const size_t n = sizeof outputs / sizeof outputs[0];
    json_t *a = json_array();

    if (bits == 0)
        bits = FMT_DEFAULT;
    for (size_t k = 1; k <= n; k++)   /* result.json last */
        if (bits & outputs[k % n].bit)
            json_array_append_new(a, json_string(outputs[k % n].name));
    return a;
}

/* Opens the streamed sink of one format (all but Markdown). */
static int open_sink(struct call_sink *sink, unsigned bit, const char *path,
                     struct rc_error *err)
{
    switch (bit) {
    case FMT_JSON: return json_sink_open(sink, path, err);
    case FMT_HTML: return html_sink_open(sink, path, err);
    default: return junit_sink_open(sink, path, err);
    }
}

int report_write_all(struct result *r, const char *dir, unsigned formats,
                     struct strvec *written, struct rc_error *err)
{
    const size_t n_out = sizeof outputs / sizeof outputs[0];
    struct call_sink sinks[sizeof outputs / sizeof outputs[0]];
    char *paths[sizeof outputs / sizeof outputs[0]] = {NULL};
    const char *md_path = NULL;
    size_t n = 0;
    int rc = 0;

    for (size_t i = 0; i < n_out; i++) {
        if (!(formats & outputs[i].bit))
            continue;
        paths[i] = fs_join(dir, outputs[i].file);
        if (paths[i] == NULL)
            rc = rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        else if (outputs[i].bit != FMT_MD)
            rc = open_sink(&sinks[n], outputs[i].bit, paths[i], err);
        if (rc)
            break;
        if (outputs[i].bit == FMT_MD)
            md_path = paths[i];
        else
            n++;
    }
    if (rc)   /* the sinks opened so far are dropped */
        for (size_t k = 0; k < n; k++)
            sinks[k].abort(sinks[k].ctx);
    else if (n)
        rc = report_stream(r, sinks, n, err);
    if (rc == 0 && md_path)
        rc = report_markdown(r, md_path, err);
    for (size_t i = 0; i < n_out; i++) {
        if (rc == 0 && paths[i] && written)
            rc = strvec_push(written, paths[i]);
        free(paths[i]);
    }
    return rc;
}

int report_build(struct result *r, const char *dir,
                 const struct result_load_opts *opts, unsigned formats,
                 struct strvec *written, struct strvec *warnings, struct rc_error *err)
{
    int rc = result_load(r, dir, opts, warnings, err);

    if (rc == 0 && opts && opts->history)
        rc = result_load_approvals(r, opts->history, warnings, err);
    if (rc)
        return rc;
    return report_write_all(r, dir, (formats ? formats : FMT_DEFAULT)
                            | FMT_JSON, written, err);
}
