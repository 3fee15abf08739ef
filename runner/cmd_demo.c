/*
 * relcheck demo: the whole pipeline on the bundled example. Copies the
 * example workspace out of the binary into a folder that stays (demo/),
 * starts the mock ERP in-process with the upgrade overlay on a free port
 * (serve/), points the demo environment at it, runs the run job (run/)
 * on the sample release notice as `relcheck run --notice` would, prints
 * the affected fields and the report's path, stops the server. The run's verdict is the demo's
 * result, not its exit status: finding the simulated upgrade's changes is
 * success (0); a run that could not work (2, 3, 130) passes its status on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cli/replay_cli.h"
#include "cli/run_out.h"
#include "cmd.h"
#include "core/fsutil.h"
#include "demo/demo.h"
#include "result/folder.h"
#include "run/run.h"
#include "serve/serve.h"

struct demo_paths {
    char *dir;        /* absolute */
    char *config, *overlay, *notice, *run_dir;
    const char *shown; /* dir as the user gave it */
};

static void paths_release(struct demo_paths *p)
{
    free(p->dir);
    free(p->config);
    free(p->overlay);
    free(p->notice);
    free(p->run_dir);
}

/* reports/YYYYMMDD-HHMMSS-demo, the run's default folder name, with a
 * suffix when a demo already ran in the same second. */
static char *new_run_dir(const char *dir)
{
    char stamp[32], name[64];
    time_t now = time(NULL);
    struct tm tm;
    char *path = NULL;

    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    for (int i = 1; i < 100; i++) {
        if (i == 1)
            snprintf(name, sizeof name, "reports/%s-%s", stamp, DEMO_ENV);
        else
            snprintf(name, sizeof name, "reports/%s-%s-%d", stamp, DEMO_ENV,
                     i);
        free(path);
        path = fs_join(dir, name);
        if (path == NULL || !fs_is_dir(path))
            break;
    }
    return path;
}

static int paths_init(struct demo_paths *p, const char *dir)
{
    memset(p, 0, sizeof *p);
    p->shown = dir;
    p->dir = fs_absolute(dir);
    if (p->dir == NULL)
        return RC_ENOMEM;
    p->config = fs_join(p->dir, "relcheck.json");
    p->overlay = fs_join(p->dir, DEMO_OVERLAY);
    p->notice = fs_join(p->dir, DEMO_NOTICE);
    p->run_dir = new_run_dir(p->dir);
    return p->config && p->overlay && p->notice && p->run_dir ? 0
                                                             : RC_ENOMEM;
}

/* The run job on the demo workspace, as `relcheck run --env demo
 * --notice NOTICE --out RUN_DIR --quiet` would run it, with its summary
 * printed; returns the exit status run would. */
static int run_pipeline(const struct demo_paths *p)
{
    struct strvec notices = STRVEC_INIT, warnings = STRVEC_INIT;
    struct run_opts ro;
    struct run_state st;
    struct rc_error err;
    int status;

    rc_error_clear(&err);
    memset(&st, 0, sizeof st);
    run_opts_init(&ro);
    ro.config = p->config;
    ro.env = DEMO_ENV;
    ro.notices = &notices;
    ro.out = p->run_dir;
    ro.stop = replay_cli_catch_signals();
    fflush(stdout);
    if (strvec_push(&notices, p->notice) != 0) {
        rc_error_set(&err, RC_ENOMEM, "demo", "out of memory");
        status = msg_error(&err);
    } else if (run_execute(&st, &ro, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
    } else {
        msg_warnings(&warnings);
        status = run_out_print(&st, false);
    }
    run_state_release(&st);
    strvec_release(&notices);
    strvec_release(&warnings);
    return status;
}

/* Prints what the run found (its own summary, with the affected-fields
 * table, is already on stdout) and where its report is. */
static int print_outcome(const struct demo_paths *p)
{
    struct rc_error err;
    json_t *fields = NULL;
    char *verdict = NULL;
    char *report = fs_join(p->run_dir, RUN_REPORT_HTML);

    rc_error_clear(&err);
    if (report == NULL || demo_read_result(&fields, &verdict, p->run_dir,
                                           &err) != 0) {
        free(report);
        if (report == NULL)
            rc_error_set(&err, RC_ENOMEM, "demo", "out of memory");
        return msg_error(&err);
    }
    size_t used = 0, i;
    json_t *f;
    json_array_foreach(fields, i, f)
        used += !json_is_false(json_object_get(f, "used"));
    printf("\nthe workspace stays in %s; to replay there again, run\n"
           "  relcheck serve --overlay %s\n"
           "and in another terminal\n"
           "  relcheck run --env %s --notice %s\n\n"
           "relcheck demo: the simulated upgrade changes %zu field%s",
           p->shown, DEMO_OVERLAY, DEMO_ENV, DEMO_NOTICE,
           json_array_size(fields), json_array_size(fields) == 1 ? "" : "s");
    if (used < json_array_size(fields))
        printf(", %zu used", used);
    printf(" (run verdict: %s, as intended)\nreport: %s\n", verdict,
           fs_display(report));
    json_decref(fields);
    free(verdict);
    free(report);
    return EXIT_OK;
}

static int start_mock(struct serve **s, const struct demo_paths *p,
                      struct rc_error *err)
{
    struct strvec warnings = STRVEC_INIT;
    char *suites = fs_join(p->dir, "suites");
    char *fixtures = fs_join(p->dir, "fixtures");
    struct serve_options so = {
        .suites_dir = suites, .fixtures_dir = fixtures,
        .overlay = p->overlay, .port = 0,
    };
    int rc = suites && fixtures
             ? serve_start(s, &so, &warnings, err)
             : rc_error_set(err, RC_ENOMEM, "demo", "out of memory");

    msg_warnings(&warnings);
    free(suites);
    free(fixtures);
    return rc;
}

/* Steps after the workspace is ready: mock, base URL, run, report. */
static int demo_run(const struct demo_paths *p)
{
    struct rc_error err;
    struct serve *s = NULL;
    int status;

    rc_error_clear(&err);
    if (start_mock(&s, p, &err) != 0
        || demo_set_base_url(p->config, DEMO_ENV, serve_url(s), &err) != 0) {
        serve_stop(s);
        return msg_error(&err);
    }
    printf("  mock ERP    %s, changed by %s (%zu mutations)\n"
           "  notice      %s\n\n", serve_url(s), DEMO_OVERLAY,
           serve_mutations(s), DEMO_NOTICE);
    status = run_pipeline(p);
    serve_stop(s);
    /* back to the port `relcheck serve` listens on by default */
    if (demo_set_base_url(p->config, DEMO_ENV, DEMO_BASE_URL, &err) != 0)
        msg_error(&err);
    if (status != EXIT_OK && status != EXIT_REGRESSION)
        return status;
    return print_outcome(p);
}

int cmd_demo(int argc, char **argv)
{
    struct {
        const char *dir;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "dir", "DIR", "workspace folder to create or reuse (default ./relcheck-demo)", &o.dir},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"demo", "[options]", "run the whole pipeline on the bundled example against an embedded mock", false, opts,
        EXITS_USAGE | EXITS_ENV | EXITS_INTERRUPTED};
    struct opt_common common = {0};
    struct demo_paths p;
    struct rc_error err;
    size_t n_files = 0;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    rc_error_clear(&err);
    if (paths_init(&p, o.dir ? o.dir : "relcheck-demo") != 0) {
        rc_error_set(&err, RC_ENOMEM, "demo", "out of memory");
        status = msg_error(&err);
    } else if (demo_prepare(p.shown, &n_files, &err) != 0) {
        status = msg_error(&err);
    } else {
        printf("relcheck demo\n  workspace   %s (%zu files of the bundled "
               "example)\n", p.shown, n_files);
        status = demo_run(&p);
    }
    paths_release(&p);
    return status;
}
