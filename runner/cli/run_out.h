/*
 * What a finished run job shows the user, shared by `run` and `demo`: the
 * plan (--dry-run), "no new notice" (--new), or the text summary with the
 * run folder and the report files written (with --json, result.json as
 * written), the mailbox marks, and the exit status for the outcome. The
 * job itself is run/run.c's; this file only prints and maps.
 */
#ifndef RC_CLI_RUN_OUT_H
#define RC_CLI_RUN_OUT_H

#include <stdbool.h>

#include "run/run.h"

/*
 * Prints the outcome of a run_execute that returned 0 and returns the
 * exit status: 0 for a plan or no new notice, else by the verdict (1
 * regressions, 3 calls in error), 130 when interrupted. A result.json
 * that cannot be read back for --json is printed as an error (exit 2).
 */
int run_out_print(struct run_state *st, bool json);

#endif
