/*
 * relcheck doc: write the integration documentation the vendor requires
 * (SPEC sections 1 and 8) from the workspace: suites, catalog and
 * fixtures. Markdown (default) or one self-contained HTML page, to stdout
 * or, with --out, atomically to a file. Exit 0 when written, 2 on a
 * usage, configuration or input error.
 */
#include <stdio.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/workspace.h"
#include "core/afile.h"
#include "core/fsutil.h"
#include "doc/doc.h"

#define DOC_OUT_MAX ((size_t)1 << 30)

/* Renders the model in the chosen format into out. */
static int render(struct rc_buf *out, const struct doc_model *m, bool html,
                  struct rc_error *err)
{
    int rc = html ? doc_html(out, m, err) : doc_markdown(out, m);

    if (rc && !html)
        rc_error_set(err, rc, "doc", "cannot build the documentation: %s",
                     rc == RC_ETOOBIG ? "too large" : "out of memory");
    return rc;
}

static int emit(const struct rc_buf *out, const char *path,
                struct rc_error *err)
{
    if (path)
        return afile_write(path, out->data, out->len, 0644, err);
    fwrite(rc_buf_str(out), 1, out->len, stdout);
    return 0;
}

int cmd_doc(int argc, char **argv)
{
    struct {
        const char *format, *out;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "format", "md|html", "output format (default md)",
         &o.format},
        {OPT_VALUE, "out", "FILE", "write to FILE instead of stdout",
         &o.out},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"doc", "[options]", "write the integration "
        "documentation the vendor requires", false, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct workspace ws;
    struct doc_model m;
    struct rc_buf out;
    struct rc_error err;
    bool html = false, opened = false, built = false;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    rc_error_clear(&err);
    rc_buf_init(&out, DOC_OUT_MAX);
    if (o.format && strcmp(o.format, "html") == 0)
        html = true;
    else if (o.format && strcmp(o.format, "md") != 0) {
        rc_error_set(&err, RC_EUSAGE, "doc", "unknown format '%s' (md or "
                     "html)", o.format);
        goto fail;
    }
    if (workspace_open(&ws, common.config, &warnings, &err) < 0)
        goto fail;
    opened = true;
    if (doc_build(&m, &ws, &warnings, &err) < 0)
        goto fail;
    built = true;
    if (render(&out, &m, html, &err) < 0 || emit(&out, o.out, &err) < 0)
        goto fail;
    if (o.out)
        printf("wrote %s\n", fs_display(o.out));
    msg_warnings(&warnings);
    status = EXIT_OK;
    goto done;
fail:
    msg_warnings(&warnings);
    status = msg_error(&err);
done:
    if (built)
        doc_release(&m);
    if (opened)
        workspace_release(&ws);
    rc_buf_release(&out);
    strvec_release(&warnings);
    return status;
}
