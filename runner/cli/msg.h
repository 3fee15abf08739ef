/*
 * Messages to the user: errors and warnings on stderr in the house format
 * ("relcheck: WHERE: WHAT", "relcheck: warning: WHERE: WHAT"), colour
 * decisions, and the checked close of stdout. Only cmd_* and main call
 * these; engine modules return errors and collect warnings instead.
 */
#ifndef RC_MSG_H
#define RC_MSG_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/error.h"
#include "core/strvec.h"

/* Prints err once. Returns the exit status for it. */
int msg_error(const struct rc_error *err);

/* Prints "relcheck: warning: TEXT". */
void msg_warn(const char *fmt, ...) RC_PRINTF(1, 2);

/* Prints every collected warning (each "WHERE: WHAT") and empties sv. */
void msg_warnings(struct strvec *sv);

/* Whether to colour output written to fp: a terminal, NO_COLOR unset,
 * TERM not "dumb". */
bool msg_use_color(FILE *fp);

/* Prints v (borrowed; NULL prints "{}") on stdout as indented JSON, in
 * member order, with a final newline: the --json output of a command. */
void msg_print_json(const json_t *v);

/* What run and select print when `--new` finds no new notice in the
 * mailbox: "no new notice", or with --json {"no_new_notice": true,
 * "notices": [], "programs": []}. */
void msg_no_new_notice(bool json);

/* Flushes and closes stdout, checking for write errors (a full disk is an
 * error, not silence). Returns status, or EXIT_USAGE after printing an
 * error when stdout failed. */
int msg_finish(int status);

/*
 * Writes n bytes of s to fp for a terminal, with the Unicode controls that
 * reorder text (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069)
 * shown as \uXXXX, so a value from a response cannot make what is shown
 * read differently from what it is.
 */
void msg_put_visible(FILE *fp, const char *s, size_t n);

#endif
