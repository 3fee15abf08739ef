/*
 * Planning a replay (see replay.h): options from the config and the
 * command line, what will be sent, skipped or kept, the requests it
 * needs against the monthly budget, and the refusal when it goes over.
 */
#include "replay/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "replay/ledger.h"
#include "replay/request.h"

int replay_repeats(const struct replay_opts *o, const struct call *c)
{
    return call_is_write(c) || c->teardown || o->repeat < 1 ? 1
                                                             : o->repeat;
}

bool replay_skips_write(const struct replay_opts *o,
                        const struct environment *env, const struct call *c)
{
    if (o->reads_only)
        return call_is_write(c) || c->teardown;
    return call_is_write(c) && !env->allow_writes;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether SUITE/CALL is in the sorted done set (binary search). */
bool replay_is_done(const struct replay_opts *o, const struct suite *s,
                    const struct call *c)
{
    char key[1024];
    const char *k = key;

    if (o->done == NULL || o->done->n == 0 || c->teardown)
        return false;
    snprintf(key, sizeof(key), "%s/%s", s->name, c->id);
    return bsearch(&k, o->done->v, o->done->n, sizeof(char *),
                   cmp_str) != NULL;
}

void replay_opts_from_config(struct replay_opts *o, const struct config *cfg)
{
    memset(o, 0, sizeof(*o));
    o->jobs = cfg->replay.jobs;
    o->rate = cfg->replay.rate;
    o->timeout = cfg->replay.timeout;
    o->retries = cfg->replay.retries;
    o->max_wait = cfg->replay.max_wait;
    o->max_body = cfg->replay.max_body;
    o->repeat = 1;
    o->repeat_interval = cfg->replay.repeat_interval;
    o->monthly_calls = cfg->budget.monthly_calls;
    o->command = "run";
}

void replay_overrides_init(struct replay_overrides *ov)
{
    ov->jobs = -1;
    ov->retries = -1;
    ov->rate = -1;
    ov->timeout = -1;
}

void replay_opts_override(struct replay_opts *o,
                          const struct replay_overrides *ov)
{
    if (ov->jobs > 0)
        o->jobs = ov->jobs;
    if (ov->retries >= 0)
        o->retries = ov->retries;
    if (ov->rate >= 0)
        o->rate = ov->rate;
    if (ov->timeout > 0)
        o->timeout = ov->timeout;
}

int replay_plan(struct replay_plan *plan, const struct config *cfg,
                const struct environment *env,
                const struct suite *const *suites, size_t n,
                const struct replay_opts *o, struct strvec *warnings,
                struct rc_error *err)
{
    struct http_auth_params ap;
    struct http_auth probe;

    memset(plan, 0, sizeof(*plan));
    plan->suites = n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < suites[i]->n_calls; j++) {
            const struct call *c = &suites[i]->calls[j];

            plan->calls++;
            if (replay_is_done(o, suites[i], c)) {
                plan->skipped_done++;
            } else if (replay_skips_write(o, env, c)) {
                plan->skipped_writes++;
            } else {
                plan->sends++;
                plan->sendings += replay_repeats(o, c);
            }
        }
    request_auth_params(&ap, env);
    http_auth_init(&probe, &ap);
    plan->requests = plan->sendings;
    if (plan->sends > 0 && http_auth_fetches_tokens(&probe))
        plan->requests++;
    ledger_month(plan->month, time(NULL));
    plan->monthly_calls = o->monthly_calls;
    plan->per_environment = cfg->budget.per_environment;
    if (ledger_used(&plan->used, cfg->budget.ledger, plan->month,
                    cfg->budget.per_environment ? env->name : NULL,
                    warnings, err) != 0)
        return err->code;
    plan->over = o->monthly_calls > 0 &&
                 plan->used + plan->requests > o->monthly_calls;
    return 0;
}

int replay_refuse(const struct replay_plan *p, const struct replay_opts *o,
                  struct rc_error *err)
{
    long left = p->monthly_calls - p->used;

    return rc_error_set(err, RC_ECONFIG, "budget", "this %s needs %ld "
                        "calls but %ld of %ld are used in %s (%ld left); "
                        "--over-budget sends anyway", o->command,
                        p->requests, p->used, p->monthly_calls, p->month,
                        left < 0 ? 0 : left);
}
