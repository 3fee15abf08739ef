/*
 * The call ledger (SPEC section 7): JSON lines, one per batch of requests
 * sent, {"at","month","environment","command","calls"}, appended under an
 * exclusive file lock (flock) so two runs at once never interleave or
 * lose a line. A month's use for an environment is the sum of `calls`
 * over its lines. The ledger is the one file relcheck appends to instead
 * of replacing atomically: an append-only log must not be rewritten.
 * Months are calendar months in UTC.
 */
#ifndef RC_LEDGER_H
#define RC_LEDGER_H

#include <stdbool.h>
#include <time.h>

#include "core/error.h"
#include "core/strvec.h"

/* "YYYY-MM" of t (UTC) into out (8 bytes). */
void ledger_month(char out[8], time_t t);

/*
 * Sums the calls of month for environment env, or for every environment
 * when env is NULL (budget.scope "workspace"). A missing ledger is 0.
 * Lines that are not ledger entries are skipped with a warning naming
 * path:line. Returns 0 or RC_EIO.
 */
int ledger_used(long *used, const char *path, const char *month,
                const char *env, struct strvec *warnings,
                struct rc_error *err);

/*
 * Appends one line for calls requests to env by command (at now), with a
 * single write under an exclusive lock, creating the file (0600) and its
 * folder when needed. The line survives the process being killed once
 * this returns; with sync it is also flushed to disk (fsync), which the
 * driver asks for only at the end of a run so that disk latency never
 * stalls transfers. calls <= 0 writes nothing. Returns 0 or RC_EIO.
 */
int ledger_append(const char *path, const char *env, const char *command,
                  long calls, bool sync, struct rc_error *err);

#endif
