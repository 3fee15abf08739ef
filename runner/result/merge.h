/*
 * Joining shard runs (`relcheck merge`, SPEC section 7 "Sharding"): the
 * run folders of `run --shard K/N` become one run folder whose run.json
 * lists every shard's suites (sorted by name) and whose calls.jsonl holds
 * every shard's lines, so the merged folder is an ordinary run folder:
 * report_build (report/) turns it into result.json and the reports, and
 * `report` and `approve` work on it. Responses are linked (or copied) along.
 */
#ifndef RC_RESULT_MERGE_H
#define RC_RESULT_MERGE_H

#include "core/error.h"
#include "core/strvec.h"

/*
 * Merges the run folders dirs into out (created; it must not hold a run
 * already). Refuses (RC_EINPUT, naming the folders) shards of different
 * environments, selections, fail_on or shard counts, the same shard twice
 * and a suite found in two shards. A shard that was interrupted, or shards
 * missing from 1..N, make the merged run incomplete ("complete": false in
 * its run.json); each such fact is added to warnings.
 */
int result_merge(const char *out, const struct strvec *dirs,
                 struct strvec *warnings, struct rc_error *err);

#endif
