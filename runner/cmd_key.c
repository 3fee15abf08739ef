/*
 * relcheck key: print the workspace's redaction key (SPEC section 9), 64
 * hex digits, for a CI secret variable RELCHECK_REDACT_KEY, so runners
 * that start empty redact with the key the fixtures were recorded with.
 * The key goes to a terminal only, unless --force (a key in a log or a
 * file is a key shared with whoever reads it); --id prints its id, which
 * is safe anywhere.
 *
 * The key is the one run and record would use (replay_key_check): a key
 * that does not match the fixtures is refused (exit 2) rather than handed
 * to CI. With no key yet, one is made as record makes it, unless a
 * fixture names a key: then the people who recorded it have the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/workspace.h"
#include "replay/keycheck.h"

/* The refusal to print the key where nobody sees it. */
static int not_a_terminal(void)
{
    struct rc_error err;

    rc_error_set(&err, RC_EUSAGE, "key", "stdout is not a terminal, and the "
                 "key would land in a file or a log: run 'relcheck key' in "
                 "a terminal and paste it into a masked CI variable %s, or "
                 "add --force to print it anyway (--id prints only its id, "
                 "which is safe to log)", REDACT_KEY_ENV);
    return msg_error(&err);
}

int cmd_key(int argc, char **argv)
{
    struct { int force, id; } o = {0};
    const struct opt opts[] = {
        {OPT_FLAG, "force", NULL, "print the key also when stdout is not a "
         "terminal (a pipe, a file, a CI log)", &o.force},
        {OPT_FLAG, "id", NULL, "print only the key's id (the first 8 hex "
         "digits of its SHA-256, as fixtures record it; safe to log)",
         &o.id},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"key", "[options]", "print the workspace's "
        "redaction key (64 hex digits) for the CI variable "
        "RELCHECK_REDACT_KEY; made when there is none", false, opts,
        EXITS_USAGE};
    struct opt_common common = {0};
    struct strvec warnings = STRVEC_INIT;
    const struct suite **suites = NULL;
    static const struct strvec all = STRVEC_INIT;
    struct workspace ws;
    struct redact_key key;
    struct rc_error err;
    char hex[65];
    size_t n = 0;
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    if (!o.id && !o.force && !isatty(STDOUT_FILENO))
        return not_a_terminal();
    rc_error_clear(&err);
    memset(&key, 0, sizeof key);
    if (workspace_open(&ws, common.config, &warnings, &err) < 0) {
        msg_warnings(&warnings);
        strvec_release(&warnings);
        return msg_error(&err);
    }
    if (suite_pick(&suites, &n, &ws.suites, &all, ws.cfg.suites_dir,
                   &err) < 0
        || replay_key_check(&key, &ws.cfg, suites, n, false, &warnings,
                            &err) < 0) {
        msg_warnings(&warnings);
        status = msg_error(&err);
        goto done;
    }
    msg_warnings(&warnings);
    redact_key_hex(hex, &key);
    printf("%s\n", o.id ? key.id : hex);
    status = EXIT_OK;
done:
    memset(hex, 0, sizeof hex);
    memset(&key, 0, sizeof key);
    free(suites);
    strvec_release(&warnings);
    workspace_release(&ws);
    return status;
}
