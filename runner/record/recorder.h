/*
 * The recorder behind `relcheck record` (SPEC section 4): receives the
 * replay driver's outcomes, learns noise from the repeated sendings of a
 * GET/HEAD call, redacts (sensitive headers, `redact` patterns), and
 * writes fixtures/SUITE/CALL.json atomically. It keeps one entry per
 * selected call saying what happened (recorded, kept, skipped, failed).
 *
 * Ownership: a recorder borrows the config, environment, key and suites
 * and owns its entries and in-progress responses; recorder_release frees
 * them.
 */
#ifndef RC_RECORDER_H
#define RC_RECORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/suite.h"
#include "core/strvec.h"
#include "pattern/pattern.h"
#include "redact/redact.h"
#include "replay/replay.h"

/* REC_TEARDOWN: a teardown call that was sent and answered below 400; it
 * has no fixture. */
enum record_what { REC_RECORDED, REC_KEPT, REC_SKIPPED, REC_FAILED,
                   REC_TEARDOWN };

struct record_entry {
    const char *suite, *call;   /* borrowed from the suites */
    enum record_what what;
    long status;                /* recorded: the response status */
    char *reason;               /* kept, skipped, failed, teardown: why */
    struct strvec noise;        /* recorded: fields learned as noise */
    char *path;                 /* recorded: the fixture written */
};

struct record_slot;

struct recorder {
    const struct config *cfg;
    const struct environment *env;
    const struct redact_key *key;
    const struct suite *const *suites;
    size_t n_suites;
    struct pattern_set redact;       /* the config's redact patterns */
    struct record_slot **slots;      /* [suite][call] */
    struct record_entry *entries;    /* in completion order */
    size_t n_entries, cap_entries;
    size_t counts[5];                /* by enum record_what */
    size_t results;                  /* results received */
    void (*progress)(void *ctx, const struct recorder *r);
    void *progress_ctx;
    struct strvec *warnings;         /* borrowed, may be NULL: a response
                                        that repeats a member name */
};

/*
 * Prepares a recorder for suites[0..n). Calls that already have a fixture
 * are entered as kept (unless update) and added to *done ("SUITE/CALL",
 * sorted) so the driver does not send them. Returns 0, RC_ENOMEM, or
 * RC_EUSAGE when a redact pattern does not compile (err says which).
 */
int recorder_init(struct recorder *r, const struct config *cfg,
                  const struct environment *env,
                  const struct redact_key *key,
                  const struct suite *const *suites, size_t n, bool update,
                  struct strvec *done, struct rc_error *err);
void recorder_release(struct recorder *r);

/* The replay callback (ctx is the recorder). */
void recorder_on_result(void *ctx, const struct replay_result *res);

#endif
