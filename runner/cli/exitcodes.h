/*
 * Exit statuses of the relcheck command (SPEC section 4). Every cmd_*
 * returns one of these; rc_exit_code maps an engine error code, and
 * exit_for_verdict a run's verdict, to the matching status (exitcodes.c).
 */
#ifndef RC_EXITCODES_H
#define RC_EXITCODES_H

#define EXIT_OK 0          /* success, no regression */
#define EXIT_REGRESSION 1  /* differences at or above --fail-on (run, diff) */
#define EXIT_USAGE 2       /* usage, configuration or input error */
#define EXIT_ENV 3         /* network, TLS, auth, calls that ended in error */
#define EXIT_INTERRUPTED 130

#include "result/result.h"

/* The exit status for an RC_E* code (0 for RC_OK). */
int rc_exit_code(int code);

/* The exit status for a verdict: 0 pass, 1 fail, 3 a call in error. */
int exit_for_verdict(enum result_verdict v);

#endif
