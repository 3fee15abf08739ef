/*
 * The `record` job (see record.h): the workspace, the environment and the
 * suites, the redaction key checked against the fixtures, the plan, then the replay driver with the
 * recorder as its callback.
 */
#include "record/record.h"

#include <stdlib.h>
#include <string.h>

#include "replay/keycheck.h"

void record_opts_init(struct record_opts *o)
{
    memset(o, 0, sizeof *o);
    o->repeat = 2;
    replay_overrides_init(&o->replay);
}

/* Opens the workspace, the environment and the selection. */
static int prepare(struct record_state *st, const struct record_opts *o,
                   struct strvec *warnings, struct rc_error *err)
{
    static const struct strvec none = STRVEC_INIT;
    int rc;

    if (o->env == NULL)
        return rc_error_set(err, RC_EUSAGE, "record",
                            "option '--env' is required");
    if (o->noise_only && o->update)
        return rc_error_set(err, RC_EUSAGE, "record", "--noise-only keeps "
                            "the baselines; it cannot be used with "
                            "--update");
    if (o->noise_only && o->repeat < 2)
        return rc_error_set(err, RC_EUSAGE, "record", "--noise-only learns "
                            "from repeated sendings: --repeat must be 2 or "
                            "more");
    rc = workspace_open(&st->ws, o->config, warnings, err);
    if (rc == 0)
        rc = config_env_get(&st->env, &st->ws.cfg, o->env, warnings, err);
    if (rc == 0)
        rc = suite_pick(&st->suites, &st->n, &st->ws.suites,
                        o->suites ? o->suites : &none,
                        st->ws.cfg.suites_dir, err);
    if (rc)
        return rc;
    replay_opts_from_config(&st->ro, &st->ws.cfg);
    st->ro.repeat = o->repeat;
    st->ro.command = "record";
    st->ro.over_budget = o->over_budget;
    st->ro.reads_only = o->noise_only;
    st->ro.key = &st->key;
    replay_opts_override(&st->ro, &o->replay);
    rc = recorder_init(&st->rec, &st->ws.cfg, st->env, &st->key, st->suites,
                       st->n, o->update, o->noise_only, &st->done, err);
    st->rec.warnings = warnings;
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, NULL, "out of memory");
    st->ro.done = &st->done;
    return rc;
}

int record_execute(struct record_state *st, const struct record_opts *o,
                   struct strvec *warnings, struct rc_error *err)
{
    int rc;

    memset(st, 0, sizeof *st);
    rc = prepare(st, o, warnings, err);
    if (rc == 0)
        rc = replay_key_check(&st->key, &st->ws.cfg, st->suites, st->n,
                              o->dry_run, warnings, err);
    if (rc)
        return rc;
    if (o->dry_run) {
        st->planned_only = true;
        return replay_plan(&st->plan, &st->ws.cfg, st->env, st->suites,
                           st->n, &st->ro, warnings, err);
    }
    rc = replay_plan(&st->plan, &st->ws.cfg, st->env, st->suites, st->n,
                     &st->ro, NULL, err);
    if (rc)
        memset(&st->plan, 0, sizeof st->plan);
    st->rec.progress = o->progress;
    st->rec.progress_ctx = o->progress_ctx;
    st->ro.stop = o->stop;
    st->have_entries = true;
    rc = replay_execute(&st->ws.cfg, st->env, st->suites, st->n, &st->ro,
                        recorder_on_result, &st->rec, &st->totals,
                        warnings, err);
    if (rc == 0 || rc == RC_EINTR)  /* what was recorded gets its noise */
        recorder_finish(&st->rec, st->ws.suites.v, st->ws.suites.n);
    return rc;
}

void record_state_release(struct record_state *st)
{
    recorder_release(&st->rec);
    strvec_release(&st->done);
    free(st->suites);
    if (st->ws.cfg.path)
        workspace_release(&st->ws);
    memset(st, 0, sizeof *st);
}
