/*
 * Engine outcomes to exit statuses (see exitcodes.h): the one mapping,
 * used by msg_error and by the commands that report a verdict.
 */
#include "cli/exitcodes.h"

#include "core/error.h"

int rc_exit_code(int code)
{
    switch (code) {
    case RC_OK:
        return EXIT_OK;
    case RC_EENV:
        return EXIT_ENV;
    case RC_EINTR:
        return EXIT_INTERRUPTED;
    default:
        return EXIT_USAGE;
    }
}

int exit_for_verdict(enum result_verdict v)
{
    switch (v) {
    case VERDICT_ERROR:
        return EXIT_ENV;
    case VERDICT_FAIL:
        return EXIT_REGRESSION;
    default:
        return EXIT_OK;
    }
}
