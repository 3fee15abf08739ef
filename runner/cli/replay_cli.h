/*
 * The command-line options every replaying command shares (`record`,
 * `run`): --jobs, --rate, --timeout, --retries, kept as the text given and
 * parsed here, in one place, into replay overrides; and the SIGINT/SIGTERM
 * handling both use (the first signal asks the replay to stop starting new
 * calls, a second one ends the process at once).
 */
#ifndef RC_REPLAY_CLI_H
#define RC_REPLAY_CLI_H

#include <stdbool.h>

#include <jansson.h>

#include "core/error.h"
#include "replay/replay.h"

struct replay_cli {
    const char *jobs, *rate, *timeout, *retries;   /* NULL: not given */
};

/* The option table rows for the four options, with dest in c. */
#define REPLAY_CLI_OPTS(c)                                                   \
    {OPT_VALUE, "jobs", "N", "requests in flight (default replay.jobs)",     \
     &(c).jobs},                                                             \
    {OPT_VALUE, "rate", "R", "requests a second at most (0 = no limit, "   \
     "else at least 0.01)",                                                  \
     &(c).rate},                                                             \
    {OPT_VALUE, "timeout", "S", "seconds per request", &(c).timeout},        \
    {OPT_VALUE, "retries", "N", "retries for errors, 429, 502, 503, 504",    \
     &(c).retries}

/* Parses c into ov (replay_overrides_init first). RC_EUSAGE naming the
 * option for a value out of range. */
int replay_cli_parse(struct replay_overrides *ov, const struct replay_cli *c,
                     struct rc_error *err);

/*
 * The plan as --dry-run --json prints it (new reference): environment,
 * suites, calls, sends, skipped_writes, done_key (record: "kept", run:
 * "already_done"), requests, month, used, monthly_calls, left (null
 * without a limit), over_budget and budget_scope. The caller adds its own
 * members.
 */
json_t *replay_cli_plan_json(const struct replay_plan *p, const char *env,
                             const char *done_key);

/* " (all environments)" or " (this environment)": what the month's use
 * in the plan counts (budget.scope). */
const char *replay_cli_scope_text(const struct replay_plan *p);

/* Installs the handlers; returns the flag they set (for
 * replay_opts.stop). */
volatile int *replay_cli_catch_signals(void);

#endif
