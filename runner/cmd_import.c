/*
 * relcheck import: make suites (and from HAR, fixtures) from real captures.
 * Parses the command line into struct import_opts, runs the engine
 * (import/import.h), and prints what was written on stdout and each
 * dropped credential ("relcheck: dropped header 'Authorization' of call
 * 'get-facturen'") and warning on stderr. Exit 0 when the suite was
 * written, 2 on a usage, configuration or input error.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/config.h"
#include "core/fsutil.h"
#include "import/import.h"

/* The KIND ARG... words to engine options. */
static int kind_args(struct import_opts *io, const struct strvec *args,
                     struct strvec *curl, struct rc_error *err)
{
    int kind;

    if (args->n == 0)
        return rc_error_set(err, RC_EUSAGE, "import", "missing import kind "
                            "(har, postman or curl)");
    if ((kind = import_kind_parse(args->v[0])) < 0)
        return rc_error_set(err, RC_EUSAGE, "import", "unknown import kind "
                            "'%s' (har, postman or curl)", args->v[0]);
    io->kind = (enum import_kind)kind;
    if (kind == IMPORT_CURL) {
        if (args->n < 2 && io->file == NULL)
            return rc_error_set(err, RC_EUSAGE, "import", "import curl "
                                "needs at least one 'curl ...' command or "
                                "--file FILE");
        for (size_t i = 1; i < args->n; i++)
            if (strvec_push(curl, args->v[i]) < 0)
                return rc_error_set(err, RC_ENOMEM, "import",
                                    "out of memory");
        io->curl = curl;
        return 0;
    }
    if (io->file)
        return rc_error_set(err, RC_EUSAGE, "import", "option '--file' is "
                            "for import curl (import %s takes the FILE as "
                            "its argument)", args->v[0]);
    if (args->n != 2)
        return rc_error_set(err, RC_EUSAGE, "import", "import %s needs "
                            "exactly one FILE", args->v[0]);
    io->file = args->v[1];
    if (kind == IMPORT_HAR && io->suite == NULL)
        return rc_error_set(err, RC_EUSAGE, "import", "import har needs "
                            "--suite NAME");
    return 0;
}

static void print_text(const struct import_result *r)
{
    if (r->added != r->calls)
        printf("added %zu call%s to suite '%s' (now %zu): %s\n", r->added,
               r->added == 1 ? "" : "s", r->suite, r->calls,
               fs_display(r->suite_path));
    else
        printf("wrote suite '%s' (%zu call%s): %s\n", r->suite, r->calls,
               r->calls == 1 ? "" : "s", fs_display(r->suite_path));
    for (size_t i = 0; i < r->fixtures.n; i++)
        printf("wrote fixture %s\n", fs_display(r->fixtures.v[i]));
}

static json_t *result_json(const struct import_result *r,
                           const struct strvec *warnings)
{
    json_t *o = json_object(), *fx = json_array();
    json_t *dr = strvec_json(&r->dropped), *w = strvec_json(warnings);

    for (size_t i = 0; i < r->fixtures.n; i++)
        json_array_append_new(fx, json_string(fs_display(r->fixtures.v[i])));
    json_object_set_new(o, "suite", json_string(r->suite));
    json_object_set_new(o, "file", json_string(fs_display(r->suite_path)));
    json_object_set_new(o, "calls", json_integer((json_int_t)r->calls));
    json_object_set_new(o, "added", json_integer((json_int_t)r->added));
    json_object_set_new(o, "fixtures", fx);
    json_object_set_new(o, "dropped", dr);
    json_object_set_new(o, "warnings", w);
    return o;
}

/* Prints o (stolen) indented. */
static void print_json(json_t *o)
{
    msg_print_json(o);
    json_decref(o);
}

static void print_dropped(const struct import_result *r)
{
    for (size_t i = 0; i < r->dropped.n; i++)
        fprintf(stderr, "relcheck: dropped %s\n", r->dropped.v[i]);
}

/* Prints what was written (stdout), dropped and warned about (stderr):
 * one suite as an object; the suites of a Postman collection with
 * folders as {"suites": [...]}. */
static void print_result(const struct import_result *r,
                         struct strvec *warnings, bool json)
{
    json_t *all = r->next && json ? json_array() : NULL;

    for (const struct import_result *x = r; x; x = x->next) {
        if (all)
            json_array_append_new(all, result_json(x, warnings));
        else if (json)
            print_json(result_json(x, warnings));
        else
            print_text(x);
        print_dropped(x);
    }
    if (all)
        print_json(json_pack("{s:o}", "suites", all));
    msg_warnings(warnings);
}

int cmd_import(int argc, char **argv)
{
    struct {
        struct strvec args;
        const char *suite, *env, *programs, *file;
        int force, append;
    } o = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "KIND ARG...", NULL, "har FILE, postman FILE, or curl "
         "'curl ...'... (or curl --file FILE)", &o.args},
        {OPT_VALUE, "suite", "NAME", "name of the suite to write (har and "
         "curl: required; postman: default from the collection's name)",
         &o.suite},
        {OPT_VALUE, "env", "ENV", "environment whose base URL the URLs are "
         "made relative to (default: any environment's)", &o.env},
        {OPT_VALUE, "programs", "CODES", "comma-separated program codes or "
         "globs the suite touches (default \"*\")", &o.programs},
        {OPT_VALUE, "file", "FILE", "curl: read the commands from FILE, one "
         "a line (a shell history; a trailing backslash continues a line)",
         &o.file},
        {OPT_FLAG, "append", NULL, "add the calls to an existing suite (new "
         "ids where they clash; calls it already has are not added)",
         &o.append},
        {OPT_FLAG, "force", NULL, "overwrite an existing suite", &o.force},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"import", "(har FILE | postman FILE | curl "
        "CMD... | curl --file FILE) [options]", "make suites (and from HAR, fixtures) from real "
        "captures", true, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT, curl = STRVEC_INIT;
    struct import_opts io;
    struct import_result r;
    struct config cfg;
    struct rc_error err;
    int status, cfg_open = 0;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        goto out;
    memset(&r, 0, sizeof r);
    rc_error_clear(&err);
    io = (struct import_opts){.suite = o.suite, .env = o.env,
                              .programs = o.programs, .force = o.force,
                              .append = o.append, .file = o.file};
    if (o.force && o.append)
        rc_error_set(&err, RC_EUSAGE, "import", "options '--force' and "
                     "'--append' exclude each other");
    if (err.code != 0 || kind_args(&io, &o.args, &curl, &err) < 0
        || config_open(&cfg, common.config, &warnings, &err) < 0)
        goto fail;
    cfg_open = 1;
    if (import_run(&r, &cfg, &io, &warnings, &err) < 0)
        goto fail;
    print_result(&r, &warnings, common.json);
    status = EXIT_OK;
    goto done;
fail:
    msg_warnings(&warnings);
    status = msg_error(&err);
done:
    import_result_release(&r);
    if (cfg_open)
        config_release(&cfg);
out:
    strvec_release(&o.args);
    strvec_release(&warnings);
    strvec_release(&curl);
    return status;
}
