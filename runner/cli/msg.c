/*
 * User-facing messages (see msg.h).
 */
#include "cli/msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/exitcodes.h"

int msg_error(const struct rc_error *err)
{
    fflush(stdout);
    if (err->where[0])
        fprintf(stderr, "relcheck: %s: %s\n", err->where, err->message);
    else
        fprintf(stderr, "relcheck: %s\n", err->message);
    return rc_exit_code(err->code ? err->code : RC_EUSAGE);
}

void msg_warn(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("relcheck: warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void msg_warnings(struct strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        msg_warn("%s", sv->v[i]);
    strvec_release(sv);
}

bool msg_use_color(FILE *fp)
{
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");

    if (nc && nc[0])
        return false;
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(fp));
}

void msg_print_json(const json_t *v)
{
    char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
                   : NULL;

    printf("%s\n", text ? text : "{}");
    free(text);
}

int msg_finish(int status)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);

    if (fclose(stdout) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "relcheck: stdout: write error: %s\n",
                strerror(errno ? errno : EIO));
        return EXIT_USAGE;
    }
    return status;
}
