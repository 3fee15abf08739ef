/*
 * report_write_all (see report.h): the one place that maps formats to
 * file names in a run folder.
 */
#include "report/report.h"

#include <stdlib.h>

#include "core/fsutil.h"

static const struct {
    unsigned bit;
    const char *file;
} outputs[] = {
    {FMT_JSON, "result.json"},
    {FMT_HTML, "report.html"},
    {FMT_JUNIT, "junit.xml"},
    {FMT_MD, "report.md"},
};

/* Writes one format to path. */
static int write_one(struct result *r, unsigned bit, const char *path,
                     struct rc_error *err)
{
    switch (bit) {
    case FMT_JSON: return result_write_json(r, path, err);
    case FMT_HTML: return report_html(r, path, err);
    case FMT_JUNIT: return report_junit(r, path, err);
    default: return report_markdown(r, path, err);
    }
}

int report_write_all(struct result *r, const char *dir, unsigned formats,
                     struct strvec *written, struct rc_error *err)
{
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        char *path;
        int rc;

        if (!(formats & outputs[i].bit))
            continue;
        path = fs_join(dir, outputs[i].file);
        if (path == NULL)
            return rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        rc = write_one(r, outputs[i].bit, path, err);
        if (rc == 0 && written)
            rc = strvec_push(written, path);
        free(path);
        if (rc)
            return rc;
    }
    return 0;
}
