/*
 * relcheck merge: join shard runs into one run and its reports (SPEC
 * sections 4 and 7). The merged folder is an ordinary run folder
 * (run.json, calls.jsonl, responses/) plus result.json and the reports;
 * the text summary goes to stdout and the exit status is the merged
 * run's verdict, as `run` would give it: 0 pass, 1 regressions, 3 calls
 * in error; 2 when the folders cannot be merged.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/config.h"
#include "report/report.h"
#include "result/merge.h"
#include "result/result.h"

int cmd_merge(int argc, char **argv)
{
    struct {
        struct strvec dirs;
        const char *out, *format;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "RUN_DIR...", NULL, "run folders of the shards", &o.dirs},
        {OPT_VALUE, "out", "DIR", "folder of the merged run (must not hold a run yet)", &o.out},
        {OPT_VALUE, "format", "F,...", "reports to write (default html,junit,md; result.json is always written)", &o.format},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"merge", "RUN_DIR... --out DIR [options]", "join shard runs into one run and its reports", false, opts,
        EXITS_REGRESSION | EXITS_USAGE | EXITS_ENV};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct result r = {0};
    unsigned formats = 0;
    char *history = NULL;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    if (o.out == NULL)
        rc_error_set(&err, RC_EUSAGE, "merge", "option '--out' is required");
    else if (o.format)
        opt_formats(&formats, o.format, &err);
    if (err.code == 0)
        result_merge(o.out, &o.dirs, &warnings, &err);
    if (err.code == 0) {
        struct result_load_opts lo = {0};
        lo.history = history = config_history_path(common.config,
                                                   &warnings);
        report_build(&r, o.out, &lo, formats, NULL, &warnings, &err);
    }
    msg_warnings(&warnings);
    if (err.code) {
        status = msg_error(&err);
        goto done;
    }
    report_text(stdout, &r, msg_use_color(stdout));
    printf("\nmerged %zu run folders into %s\n", o.dirs.n, o.out);
    status = exit_for_verdict(result_verdict(&r));
done:
    free(history);
    result_release(&r);
    strvec_release(&o.dirs);
    return status;
}
