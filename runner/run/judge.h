/*
 * Judging one replayed call: load its fixture, diff the response against
 * it (status, configured headers, body; ignore rules, fixture noise,
 * captured fields and the values of captured variables as noise; array
 * keys; redaction on both sides), save the redacted response as
 * responses/SUITE/CALL.json (with this run's captured values, so that
 * approving it keeps them), and build the call's calls.jsonl line. One struct judge serves every call of a run; it owns
 * its compiled patterns and the redaction key.
 */
#ifndef RC_JUDGE_H
#define RC_JUDGE_H

#include <jansson.h>

#include "config/config.h"
#include "core/error.h"
#include "core/strvec.h"
#include "pattern/pattern.h"
#include "redact/redact.h"
#include "replay/replay.h"

/* Which responses a run keeps as responses/SUITE/CALL.json
 * (--save-responses): those of `changed` and `error` calls (the default:
 * what approve and a person need), every one, or none. */
enum judge_save { JUDGE_SAVE_CHANGED, JUDGE_SAVE_ALL, JUDGE_SAVE_NONE };

/* "changed", "all", "none" -> *mode; RC_EUSAGE naming the option for
 * anything else. */
int judge_save_parse(enum judge_save *mode, const char *text,
                     struct rc_error *err);
/* The name of a mode (static string). */
const char *judge_save_name(enum judge_save mode);

struct judge {
    const struct config *cfg;       /* borrowed */
    const struct environment *env;  /* borrowed */
    char *responses_dir;            /* RUN/responses */
    enum judge_save save;
    struct pattern_set ignore;      /* diff.ignore */
    struct pattern_set redact;      /* redact */
    struct redact_key key;
    struct strvec *warnings;        /* borrowed (judge_init's); a
                                       response that repeats a member
                                       name is noted here */
};

/* Compiles the workspace patterns and loads (or creates) the redaction
 * key; responses are saved as save says. A bad pattern is RC_ECONFIG
 * naming the setting. */
int judge_init(struct judge *j, const struct config *cfg,
               const struct environment *env, const char *run_dir,
               enum judge_save save, struct strvec *warnings,
               struct rc_error *err);
void judge_release(struct judge *j);

/*
 * Judges one replay result and returns its calls.jsonl line in *line (new
 * reference): the call's result.json entry plus "suite", "retries",
 * "calls_sent", "request" and the per-call "fields" tally. A call whose
 * fixture is missing or broken ends as an error with the reason. The
 * response is saved when j->save asks for it (a call that got no response
 * has none to save). Fails only on RC_ENOMEM or when the response file
 * cannot be written (RC_EIO).
 */
int judge_call(json_t **line, struct judge *j, const struct replay_result *r,
               struct rc_error *err);

#endif
