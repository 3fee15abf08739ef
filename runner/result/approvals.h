/*
 * The acceptance side of the model (SPEC section 12): a run's release and
 * the history file's lines (history.jsonl, appended by approve; format in
 * docs/formats.md). `relcheck history` groups them per release; the
 * reports of a run show the approvals already recorded for its release.
 */
#ifndef RC_RESULT_APPROVALS_H
#define RC_RESULT_APPROVALS_H

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"
#include "result/result.h"

/*
 * The release of a run (run.json as loaded, borrowed): the release of its
 * notices, the highest version when they name several; NULL when the run
 * came from no notice. Borrowed from run.
 */
const char *result_run_release(const json_t *run);

/*
 * Calls fn(ctx, line) for every line of the history file at path that is
 * a JSON object (line borrowed for the call); an absent file has no lines.
 * A line that is not an object is a warning naming file:line and is
 * skipped. Stops at the first non-zero return of fn and returns it.
 */
int result_history_read(const char *path, struct strvec *warnings,
                        int (*fn)(void *ctx, json_t *line), void *ctx,
                        struct rc_error *err);

/*
 * Sets r->approvals to the history file's lines for r's release (a new
 * array; empty when there are none or the run has no release). Leaves it
 * NULL when the file does not exist (no history is kept).
 */
int result_load_approvals(struct result *r, const char *history_path,
                          struct strvec *warnings, struct rc_error *err);

#endif
