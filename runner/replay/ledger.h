/*
 * The call ledger (SPEC section 7): JSON lines, one per batch of requests
 * sent, {"at","month","environment","command","calls"}, appended under an
 * exclusive file lock (flock) so two runs at once never interleave or
 * lose a line. A month's use is the sum of `calls` over its lines (of one
 * environment, or of all). The ledger is the one file relcheck appends to
 * instead of replacing atomically: an append-only log must not be
 * rewritten. Months are calendar months in UTC.
 *
 * A record or run holds the ledger open from before its first request to
 * its end (struct ledger): it is opened (never through a symbolic link)
 * and the planned calls are reserved under the lock before anything is
 * sent, so a ledger that cannot be written stops the command with nothing
 * sent, and two commands at once see each other's plans. A reservation is
 * a line {"at","month","environment","command","calls":0,"reserve":N,
 * "reservation":ID,"pid","host","t"}; the command's own call lines carry
 * "reservation":ID, and a line {...,"calls":0,"released":ID} settles it at
 * the end. Until then an open reservation counts as what it reserved
 * minus the calls already written under it; one whose process is gone
 * (same host) or that is older than a day counts nothing. Older readers
 * see these as ordinary lines of 0 calls.
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
 * when env is NULL (budget.scope "workspace"), open reservations of other
 * commands included. A missing ledger is 0. Lines that are not ledger
 * entries (a line cut short by a kill among them) are skipped with a
 * warning naming path:line; a negative `calls`, or a sum past the range
 * of a long, is RC_EINPUT naming path:line. Returns 0, RC_EIO or
 * RC_EINPUT.
 */
int ledger_used(long *used, const char *path, const char *month,
                const char *env, struct strvec *warnings,
                struct rc_error *err);

/* The ledger as one command holds it. */
struct ledger {
    int fd;               /* -1 when closed */
    char *path;
    const char *env, *command;   /* borrowed */
    char id[64];          /* this command's reservation, "" when none */
    char month[8];        /* the reservation's month */
};

/*
 * Opens the ledger at path for appending (creating it 0600 and its
 * folder), refusing a symbolic link, a folder or anything else that
 * cannot take a line: RC_EIO naming the path. env and command are
 * borrowed for the lines written.
 */
int ledger_open(struct ledger *l, const char *path, const char *env,
                const char *command, struct rc_error *err);

/*
 * Under the exclusive lock: reads the month's use (of env, or of all
 * environments when scope_env is NULL) into *used, and unless enforce and
 * used + planned > monthly (monthly > 0) appends a reservation of planned
 * calls, so another command checking its budget meanwhile counts them.
 * *over tells whether the budget would be exceeded (the reservation is
 * then made only when !enforce). Returns 0, or RC_EIO/RC_EINPUT.
 */
int ledger_reserve(struct ledger *l, long *used, bool *over,
                   const char *month, const char *scope_env, long planned,
                   long monthly, bool enforce, struct strvec *warnings,
                   struct rc_error *err);

/*
 * Appends one line for calls requests (under this command's reservation),
 * ending a line cut short by a killed writer first so no entry is lost.
 * The line survives the process being killed once this returns; with
 * sync it is also flushed to disk. calls <= 0 writes nothing. Returns 0
 * or RC_EIO.
 */
int ledger_add(struct ledger *l, long calls, bool sync,
               struct rc_error *err);

/* Settles the reservation (a "released" line) and closes the ledger;
 * harmless on a closed one. Returns 0 or RC_EIO. */
int ledger_close(struct ledger *l, struct rc_error *err);

#endif
