/*
 * The user's workspace as a whole: relcheck.json, the catalog and the
 * suites, loaded together; and the workspace check behind `relcheck check`
 * (fixtures validated against their calls, uncovered catalog programs).
 * struct workspace owns everything it loaded.
 */
#ifndef RC_WORKSPACE_H
#define RC_WORKSPACE_H

#include <stdbool.h>

#include "config/catalog.h"
#include "config/config.h"
#include "config/suite.h"

struct workspace {
    struct config cfg;
    struct catalog catalog;   /* empty when none is configured */
    struct suite_set suites;
};

/* Finds and loads relcheck.json (explicit path or upwards search), the
 * catalog and every suite. On failure ws is released. */
int workspace_open(struct workspace *ws, const char *config_path,
                   struct strvec *warnings, struct rc_error *err);
void workspace_release(struct workspace *ws);

/* What `relcheck check` found. */
struct check_report {
    size_t calls;             /* calls in all suites */
    size_t fixtures;          /* calls with a valid fixture */
    struct strvec missing;    /* "suite/call" without a fixture */
    struct strvec uncovered;  /* catalog codes no suite names by code/glob */
};

/*
 * Validates every fixture of every call (errors name file:line:column),
 * checks that each fixture names its own suite and call, warns about
 * fixtures of unknown calls and unset environment variables, and lists
 * uncovered programs. Environments: with env_name set, that one is
 * resolved and a missing variable is an error; otherwise every environment
 * is resolved and failures become warnings (secrets of other machines need
 * not be present where check runs).
 */
int workspace_check(struct check_report *out, struct workspace *ws,
                    const char *env_name, struct strvec *warnings,
                    struct rc_error *err);
void check_report_release(struct check_report *r);

/* Whether a suite names code by code or glob (a "*" suite covers nothing). */
bool suite_covers(const struct suite *s, const char *code);

#endif
