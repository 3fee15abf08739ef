/*
 * Benchmark harness for the replay driver and HTTP engine (bench/http/):
 * opens a workspace, replays every call of its suites against one
 * environment through replay_execute, and prints the calls per second.
 * With --parse each response body is also parsed as JSON (the first step
 * of diffing). Built by bench/http/run.sh against build/runner's
 * relcheck_core; not part of the product.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "config/workspace.h"
#include "replay/replay.h"

struct tally {
    long ok, failed, bytes;
    int parse;
};

static void on_call(void *ctx, const struct replay_result *r)
{
    struct tally *t = ctx;

    if (r->outcome != REPLAY_SENT || r->status != 200) {
        t->failed++;
        return;
    }
    t->ok++;
    t->bytes += (long)r->body_len;
    if (t->parse) {
        json_t *doc = json_loadb(r->body, r->body_len, 0, NULL);

        if (doc == NULL)
            t->failed++;
        json_decref(doc);
    }
}

int main(int argc, char **argv)
{
    struct workspace ws;
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err = {0};
    struct environment *env;
    struct replay_opts o;
    struct replay_totals totals;
    struct tally t = {0};
    const struct suite **suites;
    struct timespec a, b;
    double s;

    if (argc < 4) {
        fprintf(stderr, "usage: bench_engine CONFIG ENV JOBS [--parse]\n");
        return 2;
    }
    t.parse = argc > 4 && strcmp(argv[4], "--parse") == 0;
    if (workspace_open(&ws, argv[1], &warnings, &err) != 0 ||
        config_env_get(&env, &ws.cfg, argv[2], &warnings, &err) != 0) {
        fprintf(stderr, "bench_engine: %s: %s\n", err.where, err.message);
        return 2;
    }
    suites = calloc(ws.suites.n, sizeof(*suites));
    for (size_t i = 0; i < ws.suites.n; i++)
        suites[i] = &ws.suites.v[i];
    replay_opts_from_config(&o, &ws.cfg);
    o.jobs = atoi(argv[3]);
    o.command = "run";
    o.monthly_calls = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (replay_execute(&ws.cfg, env, suites, ws.suites.n, &o, on_call, &t,
                       &totals, &warnings, &err) != 0) {
        fprintf(stderr, "bench_engine: %s\n", err.message);
        return 3;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("calls %ld failed %ld bytes %ld seconds %.3f calls/s %.0f\n",
           t.ok, t.failed, t.bytes, s, (double)t.ok / s);
    free(suites);
    strvec_release(&warnings);
    workspace_release(&ws);
    return t.failed ? 1 : 0;
}
