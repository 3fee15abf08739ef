/*
 * The recorder behind `relcheck record` (SPEC section 4): receives the
 * replay driver's outcomes, learns noise from the repeated sendings of a
 * GET/HEAD call, redacts (sensitive headers, `redact` patterns), and
 * writes fixtures/SUITE/CALL.json atomically, with the values of the
 * suite's captured variables (`captures`). At the end (recorder_finish)
 * a write call, sent once, takes over as noise the fields that the other
 * calls of the workspace learned as noise. With noise_only (record
 * --noise-only) the GET/HEAD calls that have a fixture are sent to learn
 * noise only: the noise is added to the fixture, its baseline stays. It
 * keeps one entry per selected call saying what happened (recorded,
 * learned, kept, skipped, failed), in suite order once finished.
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
 * has no fixture. REC_LEARNED (noise_only): the fixture kept its baseline
 * and got new noise. */
enum record_what { REC_RECORDED, REC_KEPT, REC_SKIPPED, REC_FAILED,
                   REC_TEARDOWN, REC_LEARNED, REC_N };

struct record_entry {
    const char *suite, *call;   /* borrowed from the suites */
    size_t si, ci;              /* positions: the suite order */
    enum record_what what;
    long status;                /* recorded: the response status */
    char *reason;               /* kept, skipped, failed, teardown: why */
    struct strvec noise;        /* recorded: fields learned as noise;
                                   learned: the fields added */
    struct strvec taken;        /* fields taken over as noise from other
                                   calls (write calls) */
    struct strvec taken_from;   /* for each, "SUITE/CALL" that learned it */
    char *path;                 /* recorded, learned: the fixture */
    bool takes;                 /* a write call with a fixture: takes
                                   over noise at the end */
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
    struct record_entry *entries;    /* in completion order, in suite
                                        order after recorder_finish */
    size_t n_entries, cap_entries;
    size_t counts[REC_N];            /* by enum record_what */
    bool noise_only;                 /* record --noise-only */
    size_t results;                  /* results received */
    void (*progress)(void *ctx, const struct recorder *r);
    void *progress_ctx;
    struct strvec *warnings;         /* borrowed, may be NULL: a response
                                        that repeats a member name */
};

/*
 * Prepares a recorder for suites[0..n). Calls that already have a fixture
 * are entered as kept (unless update) and added to *done ("SUITE/CALL",
 * sorted) so the driver does not send them. With noise_only, the calls
 * that are not sent are those without a fixture (entered as skipped) and
 * the write calls (entered as kept; they take over noise at the end).
 * Returns 0, RC_ENOMEM, or RC_EUSAGE when a redact pattern does not
 * compile (err says which).
 */
int recorder_init(struct recorder *r, const struct config *cfg,
                  const struct environment *env,
                  const struct redact_key *key,
                  const struct suite *const *suites, size_t n, bool update,
                  bool noise_only, struct strvec *done,
                  struct rc_error *err);
void recorder_release(struct recorder *r);

/* The replay callback (ctx is the recorder). */
void recorder_on_result(void *ctx, const struct replay_result *res);

/*
 * After the replay: each write call with a fixture (recorded now, or kept
 * by noise_only) takes over as noise the fields that the GET/HEAD calls
 * learned, now or in the fixtures of the workspace's suites all[0..n_all)
 * (the same folded field, when its JSON body has it), and its fixture is
 * saved with them; then the entries are put in suite order. A fixture
 * that cannot be read or written makes its entry failed.
 */
void recorder_finish(struct recorder *r, const struct suite *all,
                     size_t n_all);

#endif
