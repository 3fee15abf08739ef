/*
 * relcheck history: the acceptance record per release (SPEC section 12),
 * from the history file that approve appends to and the run folders under
 * reports/. Text to stdout by default; --format md|html|json, --out FILE
 * (written atomically). Exit 0 when the record was printed, 2 when the
 * workspace or the history file cannot be read.
 */
#include <stdio.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/config.h"
#include "core/afile.h"
#include "core/jsonw.h"
#include "history/history.h"

enum hformat { H_TEXT, H_MD, H_HTML, H_JSON };

static int parse_format(enum hformat *out, const char *text, bool json,
                        struct rc_error *err)
{
    static const char *const names[] = {"text", "md", "html", "json"};

    *out = json ? H_JSON : H_TEXT;
    for (int i = 0; text && i < 4; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (enum hformat)i;
            return 0;
        }
    if (text)
        return rc_error_set(err, RC_EUSAGE, "--format", "unknown format '%s' "
                            "(expected text, md, html or json)", text);
    return 0;
}

static void put(FILE *fp, const struct history *h, enum hformat f)
{
    json_t *j;

    switch (f) {
    case H_TEXT: history_text(fp, h); break;
    case H_MD: history_markdown(fp, h); break;
    case H_HTML: history_html(fp, h); break;
    case H_JSON:
        j = history_json(h);
        jsonw_dumpf(j, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', fp);
        json_decref(j);
        break;
    }
}

static int write_out(const char *path, const struct history *h,
                     enum hformat f, struct rc_error *err)
{
    struct afile *af = afile_open(path, 0644, err);

    if (af == NULL)
        return err->code;
    put(afile_stream(af), h, f);
    return afile_commit(af, err);
}

int cmd_history(int argc, char **argv)
{
    struct {
        const char *release, *format, *out;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "release", "R", "only this release ('none': the runs without one)", &o.release},
        {OPT_VALUE, "format", "F", "text (default), md, html or json", &o.format},
        {OPT_VALUE, "out", "FILE", "write to FILE (atomically) instead of stdout", &o.out},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"history", "[options]", "the acceptance record per release: runs, verdicts, approvals", true, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct config cfg = {0};
    struct history h = {0};
    enum hformat f = H_TEXT;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    if (parse_format(&f, o.format, common.json, &err) == 0
        && config_open(&cfg, common.config, &warnings, &err) == 0
        && history_gather(&h, cfg.reports_dir, cfg.history_path, o.release,
                          &warnings, &err) == 0) {
        msg_warnings(&warnings);
        if (o.out)
            write_out(o.out, &h, f, &err);
        else
            put(stdout, &h, f);
        if (err.code == 0 && o.out)
            printf("wrote %s\n", o.out);
    }
    msg_warnings(&warnings);
    status = err.code ? msg_error(&err) : EXIT_OK;
    history_free(&h);
    config_release(&cfg);
    return status;
}
