/*
 * relcheck report: regenerate the reports of a run folder, offline
 * (SPEC section 4). Rebuilds result.json from run.json and calls.jsonl
 * when it is missing or asked for (--format json), writes the chosen
 * reports, prints the text summary and the files written. Exit 0 when the
 * reports were written, whatever the run's verdict.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/config.h"
#include "core/fsutil.h"
#include "report/report.h"
#include "result/approvals.h"
#include "result/folder.h"
#include "result/result.h"

/* The formats to write: --format, plus json when result.json is missing. */
static int pick_formats(unsigned *formats, const char *text, const char *dir,
                        struct rc_error *err)
{
    char *json_path = fs_join(dir, RUN_RESULT);
    int rc = opt_formats(formats, text ? text : "html,junit,md", err);

    if (rc == 0 && (json_path == NULL || !fs_is_file(json_path)))
        *formats |= FMT_JSON;
    free(json_path);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    struct {
        struct strvec dirs;
        const char *format;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "RUN_DIR", NULL, "a run folder written by relcheck run", &o.dirs},
        {OPT_VALUE, "format", "F,...", "reports to write: html,junit,md,json (default html,junit,md; json is also written when result.json is missing)", &o.format},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"report", "RUN_DIR [options]", "regenerate the reports of a run folder, offline", false, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT, written = STRVEC_INIT;
    struct rc_error err = {0};
    struct result r = {0};
    unsigned formats = 0;
    char *history = NULL;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    if (o.dirs.n != 1) {
        rc_error_set(&err, RC_EUSAGE, "report", "give exactly one RUN_DIR");
        status = msg_error(&err);
        goto done;
    }
    if (pick_formats(&formats, o.format, o.dirs.v[0], &err) < 0
        || result_load(&r, o.dirs.v[0], NULL, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
        goto done;
    }
    history = config_history_path(common.config, &warnings);
    if (history && result_load_approvals(&r, history, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
        goto done;
    }
    msg_warnings(&warnings);
    if (report_write_all(&r, o.dirs.v[0], formats, &written, &err) < 0) {
        status = msg_error(&err);
        goto done;
    }
    report_text(stdout, &r, msg_use_color(stdout));
    fputc('\n', stdout);
    for (size_t i = 0; i < written.n; i++)
        printf("wrote %s\n", written.v[i]);
    status = EXIT_OK;
done:
    free(history);
    result_release(&r);
    strvec_release(&written);
    strvec_release(&o.dirs);
    return status;
}
