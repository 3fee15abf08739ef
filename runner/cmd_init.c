/*
 * relcheck init: start a workspace (init/) in --dir (default the current
 * folder) and print what was made and what to do next. Exit 0, or 2 when
 * a file would be overwritten or the options are wrong; nothing is sent.
 */
#include <stdio.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "init/init.h"

static void print_next(const char *dir, enum init_ci ci)
{
    printf("next:\n");
    if (strcmp(dir, ".") != 0)
        printf("  cd %s\n", dir);
    printf("  edit relcheck.json: base_url and auth of each environment\n"
           "  relcheck check\n"
           "  relcheck import curl --suite NAME 'curl ...'   (or: import "
           "har FILE, import postman FILE)\n"
           "  relcheck record --env production\n"
           "  put a release notice in notices/, then: relcheck run --env "
           "acceptance --notice notices/\n");
    if (ci == INIT_CI_GITLAB)
        printf("  set the CI/CD variables named in .gitlab-ci.yml, commit "
               "and push\n");
    else if (ci == INIT_CI_GITHUB)
        printf("  set the secrets named in .github/workflows/relcheck.yml, "
               "commit and push\n");
}

int cmd_init(int argc, char **argv)
{
    struct { const char *dir, *ci; } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "dir", "DIR", "folder of the new workspace (default: "
         "this folder; made when missing)", &o.dir},
        {OPT_VALUE, "ci", "gitlab|github", "also write a CI pipeline "
         "(.gitlab-ci.yml or .github/workflows/relcheck.yml)", &o.ci},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"init", "[options]", "start a workspace: "
        "relcheck.json, an empty catalog, suites/, fixtures/, notices/, "
        ".gitignore and optionally a CI pipeline; never overwrites", false,
        opts, EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec written = STRVEC_INIT;
    struct rc_error err;
    enum init_ci ci = INIT_CI_NONE;
    const char *dir;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    rc_error_clear(&err);
    dir = o.dir ? o.dir : ".";
    if (init_ci_parse(&ci, o.ci, &err) != 0
        || init_workspace(&written, dir, ci, &err) != 0) {
        status = msg_error(&err);
        goto done;
    }
    printf("relcheck init: new workspace in %s\n", dir);
    for (size_t i = 0; i < written.n; i++)
        printf("  %s\n", written.v[i]);
    print_next(dir, ci);
    status = EXIT_OK;
done:
    strvec_release(&written);
    return status;
}
