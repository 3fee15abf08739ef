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
#include "core/jsonw.h"

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
    char *text = v ? jsonw_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
                   : NULL;

    printf("%s\n", text ? text : "{}");
    free(text);
}

void msg_no_new_notice(bool json)
{
    json_t *v;

    if (!json) {
        printf("no new notice\n");
        return;
    }
    v = json_pack("{s:b,s:[],s:[]}", "no_new_notice", 1, "notices",
                  "programs");
    msg_print_json(v);
    json_decref(v);
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

/* The code point of a bidirectional control at s (n bytes left), or 0. */
static unsigned bidi_at(const unsigned char *s, size_t n)
{
    unsigned cp;

    if (n >= 2 && s[0] == 0xD8 && s[1] == 0x9C)
        return 0x061C;
    if (n < 3 || s[0] != 0xE2 || (s[1] != 0x80 && s[1] != 0x81))
        return 0;
    cp = 0x2000u | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
    if (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return cp;
    return 0;
}

void msg_put_visible(FILE *fp, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;

    while (i < n) {
        unsigned cp = bidi_at(p + i, n - i);

        if (cp == 0) {
            i++;
            continue;
        }
        fwrite(p + run, 1, i - run, fp);
        fprintf(fp, "\\u%04X", cp);
        i += cp == 0x061C ? 2 : 3;
        run = i;
    }
    fwrite(p + run, 1, n - run, fp);
}
