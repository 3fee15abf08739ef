/*
 * report_write_all (see report.h): the one place that maps formats to
 * file names in a run folder. result.json, report.html and junit.xml are
 * written side by side in one walk over the calls (sink.h), Markdown
 * after them.
 */
#include "report/report.h"

#include <stdlib.h>

#include "core/fsutil.h"
#include "report/sink.h"

static const struct {
    unsigned bit;
    const char *file;
} outputs[] = {
    {FMT_JSON, "result.json"},
    {FMT_HTML, "report.html"},
    {FMT_JUNIT, "junit.xml"},
    {FMT_MD, "report.md"},
};

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
