/*
 * The `record` job (see record.h): the workspace, the environment and the
 * suites, the plan, the redaction key, then the replay driver with the
 * recorder as its callback.
 */
#include "record/record.h"

#include <stdlib.h>
#include <string.h>

void record_opts_init(struct record_opts *o)
{
    memset(o, 0, sizeof *o);
    o->repeat = 2;
    replay_overrides_init(&o->replay);
}

/* The suites named with --suite (all when none), borrowed from ws. */
static int select_suites(const struct suite ***out, size_t *n,
                         const struct workspace *ws,
                         const struct strvec *names, struct rc_error *err)
{
    size_t count = names->n ? names->n : ws->suites.n;
    const struct suite **v = calloc(count ? count : 1, sizeof(*v));

    if (v == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    size_t k = 0;

    for (size_t i = 0; i < count; i++) {
        const struct suite *s = names->n ? suite_find(&ws->suites,
                                                      names->v[i])
                                         : &ws->suites.v[i];
        bool seen = false;

        if (s == NULL) {
            free(v);
            return rc_error_set(err, RC_EUSAGE, "--suite",
                                "unknown suite '%s'", names->v[i]);
        }
        for (size_t j = 0; j < k; j++)
            seen = seen || v[j] == s;
        if (!seen)
            v[k++] = s;
    }
    *out = v;
    *n = k;
    return 0;
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
    rc = workspace_open(&st->ws, o->config, warnings, err);
    if (rc == 0)
        rc = config_env_get(&st->env, &st->ws.cfg, o->env, warnings, err);
    if (rc == 0)
        rc = select_suites(&st->suites, &st->n, &st->ws,
                           o->suites ? o->suites : &none, err);
    if (rc)
        return rc;
    replay_opts_from_config(&st->ro, &st->ws.cfg);
    st->ro.repeat = o->repeat;
    st->ro.command = "record";
    st->ro.over_budget = o->over_budget;
    replay_opts_override(&st->ro, &o->replay);
    rc = recorder_init(&st->rec, &st->ws.cfg, st->env, &st->key, st->suites,
                       st->n, o->update, &st->done, err);
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
    if (rc)
        return rc;
    if (o->dry_run) {
        st->planned_only = true;
        return replay_plan(&st->plan, &st->ws.cfg, st->env, st->suites,
                           st->n, &st->ro, warnings, err);
    }
    rc = redact_key_load(&st->key, st->ws.cfg.state_dir, warnings, err);
    if (rc)
        return rc;
    rc = replay_plan(&st->plan, &st->ws.cfg, st->env, st->suites, st->n,
                     &st->ro, NULL, err);
    if (rc)
        memset(&st->plan, 0, sizeof st->plan);
    st->rec.progress = o->progress;
    st->rec.progress_ctx = o->progress_ctx;
    st->ro.stop = o->stop;
    st->have_entries = true;
    return replay_execute(&st->ws.cfg, st->env, st->suites, st->n, &st->ro,
                          recorder_on_result, &st->rec, &st->totals,
                          warnings, err);
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
