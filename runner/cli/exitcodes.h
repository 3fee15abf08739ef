/*
 * Exit statuses of the relcheck command (SPEC section 4). Every cmd_*
 * returns one of these; rc_exit_code() in core/error.h maps an engine error
 * code to the matching status.
 */
#ifndef RC_EXITCODES_H
#define RC_EXITCODES_H

#define EXIT_OK 0          /* success, no regression */
#define EXIT_REGRESSION 1  /* differences at or above --fail-on (run, diff) */
#define EXIT_USAGE 2       /* usage, configuration or input error */
#define EXIT_ENV 3         /* network, TLS, auth, calls that ended in error */
#define EXIT_INTERRUPTED 130

#endif
