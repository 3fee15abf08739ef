/*
 * Shared replay options and signal handling (see replay_cli.h).
 */
#include "cli/replay_cli.h"

#include <signal.h>
#include <string.h>

#include "cli/opt.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
    if (stop_flag) {
        /* a second signal: stop now, with the default action */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_flag = 1;
}

volatile int *replay_cli_catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &stop_flag;
}

const char *replay_cli_scope_text(const struct replay_plan *p)
{
    return p->per_environment ? " (this environment)"
                              : " (all environments)";
}

json_t *replay_cli_plan_json(const struct replay_plan *p, const char *env,
                             const char *done_key)
{
    long left = p->monthly_calls - p->used - p->requests;

    return json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:I,s:I,s:o,s:b,"
                     "s:s}", "environment", env,
                     "suites", (json_int_t)p->suites,
                     "calls", (json_int_t)p->calls,
                     "sends", (json_int_t)p->sends,
                     "skipped_writes", (json_int_t)p->skipped_writes,
                     done_key, (json_int_t)p->skipped_done,
                     "requests", (json_int_t)p->requests,
                     "month", p->month, "used", (json_int_t)p->used,
                     "monthly_calls", (json_int_t)p->monthly_calls,
                     "left", p->monthly_calls > 0
                             ? json_integer(left < 0 ? 0 : left)
                             : json_null(),
                     "over_budget", p->over,
                     "budget_scope", p->per_environment ? "environment"
                                                        : "workspace");
}

static int number(double *out, const char *text, const char *name,
                  double min, double max, struct rc_error *err)
{
    return text ? opt_number(out, text, name, min, max, err) : 0;
}

int replay_cli_parse(struct replay_overrides *ov, const struct replay_cli *c,
                     struct rc_error *err)
{
    double jobs = -1, retries = -1;
    int rc;

    replay_overrides_init(ov);
    if ((rc = number(&jobs, c->jobs, "jobs", 1, 256, err)) != 0
        || (rc = number(&ov->rate, c->rate, "rate", 0, 1e6, err)) != 0
        || (rc = ov->rate > 0 && ov->rate < RATE_MIN
                 ? rc_error_set(err, RC_EUSAGE, NULL, "option '--rate' wants "
                                "0 (no limit) or at least %g requests a "
                                "second, not '%s'", RATE_MIN, c->rate)
                 : 0) != 0
        || (rc = number(&ov->timeout, c->timeout, "timeout", 0.001, 86400,
                        err)) != 0
        || (rc = number(&retries, c->retries, "retries", 0, 100, err)) != 0)
        return rc;
    ov->jobs = (int)jobs;
    ov->retries = (int)retries;
    return 0;
}
