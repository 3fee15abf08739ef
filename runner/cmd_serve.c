/*
 * relcheck serve: serve the fixtures of the workspace as a mock of the
 * ERP's REST API on 127.0.0.1, optionally changed by an upgrade overlay,
 * until SIGINT or SIGTERM. The server itself is serve/serve.h; this file
 * turns options into serve_options, prints, and waits for the signal.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/config.h"
#include "core/expand.h"
#include "serve/serve.h"

/* The token (caller frees; NULL without the option): the option's text
 * with "${env:NAME}" expanded (so that the token need not appear in ps). */
static int token_value(char **out, const char *text, struct rc_error *err)
{
    struct strvec missing = STRVEC_INIT;
    int rc;

    *out = NULL;
    if (text == NULL)
        return 0;
    rc = expand_refs(out, text, NULL, NULL, &missing);
    if (rc == RC_ENOTFOUND)
        rc = rc_error_set(err, RC_EUSAGE, "serve", "environment variable "
                          "'%s' is not set", missing.v[0]);
    else if (rc)
        rc = rc_error_set(err, RC_ENOMEM, "serve", "out of memory");
    strvec_release(&missing);
    if (rc)
        return rc;
    if ((*out)[0] == '\0')
        return rc_error_set(err, RC_EUSAGE, "serve", "option "
                            "'--require-token' needs a non-empty token");
    return 0;
}

static void print_started(const struct serve *s, const char *overlay)
{
    printf("serving %zu recorded calls of %zu suites on %s\n",
           serve_calls(s), serve_suites(s), serve_url(s));
    if (overlay)
        printf("overlay: %s (%zu mutations)\n", overlay, serve_mutations(s));
    printf("stop with Ctrl-C\n");
    fflush(stdout);
}

/* Waits for SIGINT or SIGTERM (blocked before the server's threads were
 * started, so only this thread receives them). */
static void wait_for_signal(const sigset_t *set)
{
    int sig = 0;

    while (sigwait(set, &sig) != 0)
        ;
}

static int run_server(const struct serve_options *so, const char *overlay)
{
    struct strvec warnings = STRVEC_INIT;
    struct serve_stats st;
    struct rc_error err;
    struct serve *s = NULL;
    sigset_t set, old;
    int status;

    rc_error_clear(&err);
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    int rc = serve_start(&s, so, &warnings, &err);
    msg_warnings(&warnings);
    if (rc) {
        status = msg_error(&err);
        goto done;
    }
    print_started(s, overlay);
    wait_for_signal(&set);
    serve_get_stats(s, &st);
    serve_stop(s);
    printf("stopped after %zu requests (%zu answered from fixtures, %zu not "
           "found, %zu unauthorized)\n", st.requests, st.matched,
           st.not_found, st.unauthorized);
    status = EXIT_OK;
done:
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return status;
}

int cmd_serve(int argc, char **argv)
{
    struct {
        const char *port, *overlay, *token, *log;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "port", "P", "port on 127.0.0.1, 0 for a free one (default 8080)", &o.port},
        {OPT_VALUE, "overlay", "FILE", "upgrade mutations applied to the served responses", &o.overlay},
        {OPT_VALUE, "require-token", "TOKEN", "answer 401 unless Authorization is Bearer TOKEN (or ${env:NAME})", &o.token},
        {OPT_VALUE, "log", "FILE", "append one JSON line per request served", &o.log},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"serve", "[options]", "serve the fixtures as a mock API on loopback", false, opts,
        EXITS_USAGE | EXITS_ENV};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    struct serve_options so = {0};
    struct config cfg;
    struct rc_error err;
    double port = 8080;
    char *token = NULL;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    rc_error_clear(&err);
    memset(&cfg, 0, sizeof cfg);
    if ((o.port && opt_number(&port, o.port, "port", 0, 65535, &err) != 0)
        || token_value(&token, o.token, &err) != 0) {
        free(token);
        return msg_error(&err);
    }
    so.token = token;
    if (port != (int)port) {
        rc_error_set(&err, RC_EUSAGE, "serve", "option '--port' wants a "
                     "whole number, not '%s'", o.port);
        free(token);
        return msg_error(&err);
    }
    int rc = config_open(&cfg, common.config, &warnings, &err);
    msg_warnings(&warnings);
    if (rc) {
        free(token);
        return msg_error(&err);
    }
    so.suites_dir = cfg.suites_dir;
    so.fixtures_dir = cfg.fixtures_dir;
    so.overlay = o.overlay;
    so.log_path = o.log;
    so.port = (int)port;
    status = run_server(&so, o.overlay);
    config_release(&cfg);
    free(token);
    return status;
}
