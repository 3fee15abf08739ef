/*
 * Declarative option parsing and generated usage (see opt.h).
 */
#include "cli/opt.h"

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct opt common_opts[] = {
    {OPT_VALUE, "config", "FILE",
     "use this relcheck.json instead of searching upwards", NULL},
    {OPT_FLAG, "help", NULL, "show this help and exit", NULL},
    {OPT_END, NULL, NULL, NULL, NULL},
};

static const struct opt *find_opt(const struct opt_cmd *cmd, const char *name,
                                  size_t len)
{
    for (const struct opt *o = cmd->opts; o && o->kind != OPT_END; o++)
        if (o->kind != OPT_ARGS && strlen(o->name) == len
            && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static const struct opt *find_args(const struct opt_cmd *cmd)
{
    for (const struct opt *o = cmd->opts; o && o->kind != OPT_END; o++)
        if (o->kind == OPT_ARGS)
            return o;
    return NULL;
}

static int common_opt(const struct opt_cmd *cmd, const char *name, size_t len,
                      const char *value, int *used, struct opt_common *c,
                      struct rc_error *err)
{
    if (len == 4 && strncmp(name, "help", 4) == 0) {
        c->help = 1;
        return 0;
    }
    if (len == 4 && strncmp(name, "json", 4) == 0 && cmd->json) {
        c->json = 1;
        return 0;
    }
    if (len == 6 && strncmp(name, "config", 6) == 0) {
        if (value == NULL)
            return rc_error_set(err, RC_EUSAGE, cmd->name,
                                "option '--config' needs a value");
        c->config = value;
        *used = 1;
        return 0;
    }
    return rc_error_set(err, RC_EUSAGE, cmd->name, "unknown option '--%.*s'",
                        (int)len, name);
}

static int push_value(const struct opt *o, const char *v, const char *cmd,
                      struct rc_error *err)
{
    if (strvec_push(o->dest, v) < 0)
        return rc_error_set(err, RC_ENOMEM, cmd, "out of memory");
    return 0;
}

/* Handles one "--name[=value]" word at argv[*i]; advances *i past the
 * values it takes. */
static int long_opt(const struct opt_cmd *cmd, int argc, char **argv, int *i,
                    struct opt_common *c, struct rc_error *err)
{
    const char *word = argv[*i] + 2;
    const char *eq = strchr(word, '=');
    size_t len = eq ? (size_t)(eq - word) : strlen(word);
    const char *inline_value = eq ? eq + 1 : NULL;
    const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    const struct opt *o = find_opt(cmd, word, len);
    int used = 0;
    int rc;

    if (o == NULL) {
        rc = common_opt(cmd, word, len, inline_value ? inline_value : next,
                        &used, c, err);
        if (used && !inline_value)
            (*i)++;
        return rc;
    }
    if (o->kind == OPT_FLAG) {
        if (inline_value)
            return rc_error_set(err, RC_EUSAGE, cmd->name,
                                "option '--%s' takes no value", o->name);
        *(int *)o->dest = 1;
        return 0;
    }
    if (o->kind == OPT_VALUE) {
        const char *v = inline_value ? inline_value : next;
        if (v == NULL)
            return rc_error_set(err, RC_EUSAGE, cmd->name,
                                "option '--%s' needs a value", o->name);
        *(const char **)o->dest = v;
        if (!inline_value)
            (*i)++;
        return 0;
    }
    /* OPT_LIST: the inline value, or every following word up to an
     * option; OPT_MULTI: one value */
    if (inline_value)
        return push_value(o, inline_value, cmd->name, err);
    if (o->kind == OPT_MULTI) {
        if (next == NULL)
            return rc_error_set(err, RC_EUSAGE, cmd->name,
                                "option '--%s' needs a value", o->name);
        (*i)++;
        return push_value(o, next, cmd->name, err);
    }
    int taken = 0;
    while (*i + 1 < argc && (strncmp(argv[*i + 1], "--", 2) != 0)) {
        rc = push_value(o, argv[++(*i)], cmd->name, err);
        if (rc)
            return rc;
        taken++;
    }
    if (taken == 0)
        return rc_error_set(err, RC_EUSAGE, cmd->name,
                            "option '--%s' needs a value", o->name);
    return 0;
}

int opt_parse(const struct opt_cmd *cmd, int argc, char **argv,
              struct opt_common *common, struct rc_error *err)
{
    const struct opt *args = find_args(cmd);
    int only_args = 0;
    int rc;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_args && strcmp(a, "--") == 0) {
            only_args = 1;
        } else if (!only_args && strncmp(a, "--", 2) == 0) {
            rc = long_opt(cmd, argc, argv, &i, common, err);
            if (rc)
                return rc;
        } else if (!only_args && strcmp(a, "-h") == 0) {
            common->help = 1;
        } else if (!only_args && a[0] == '-' && a[1] != '\0') {
            return rc_error_set(err, RC_EUSAGE, cmd->name,
                                "unknown option '%s'", a);
        } else if (args == NULL) {
            return rc_error_set(err, RC_EUSAGE, cmd->name,
                                "unexpected argument '%s'", a);
        } else if ((rc = push_value(args, a, cmd->name, err)) != 0) {
            return rc;
        }
    }
    if (common->help) {
        opt_usage(cmd, stdout);
        return 1;
    }
    return 0;
}

static void print_opt(FILE *fp, const struct opt *o)
{
    char left[64];

    if (o->kind == OPT_FLAG)
        snprintf(left, sizeof left, "--%s", o->name);
    else if (o->kind == OPT_LIST)
        snprintf(left, sizeof left, "--%s %s...", o->name, o->value_name);
    else
        snprintf(left, sizeof left, "--%s %s", o->name, o->value_name);
    fprintf(fp, "  %-24s %s\n", left, o->help);
}

/* The exit statuses of a command, one a line, only those it can return. */
static void print_exits(FILE *fp, unsigned exits)
{
    static const struct { unsigned bit; const char *text; } rows[] = {
        {EXITS_REGRESSION, "1    regressions found (at or above --fail-on)"},
        {EXITS_USAGE, "2    usage, configuration or input error"},
        {EXITS_ENV, "3    environment error (network, TLS, auth, calls "
                    "that ended in error)"},
        {EXITS_INTERRUPTED, "130  interrupted"},
    };

    fprintf(fp, "\nexit status:\n  0    success%s\n",
            exits & EXITS_REGRESSION ? ", no regression" : "");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (exits & rows[i].bit)
            fprintf(fp, "  %s\n", rows[i].text);
}

void opt_usage(const struct opt_cmd *cmd, FILE *fp)
{
    const struct opt *args = find_args(cmd);

    fprintf(fp, "usage: relcheck %s %s\n\n%s\n", cmd->name, cmd->synopsis,
            cmd->summary);
    if (args)
        fprintf(fp, "\narguments:\n  %-24s %s\n", args->name, args->help);
    fprintf(fp, "\noptions:\n");
    for (const struct opt *o = cmd->opts; o && o->kind != OPT_END; o++)
        if (o->kind != OPT_ARGS)
            print_opt(fp, o);
    if (cmd->json) {
        struct opt j = {OPT_FLAG, "json", NULL,
                        "print machine-readable JSON", NULL};
        print_opt(fp, &j);
    }
    for (const struct opt *o = common_opts; o->kind != OPT_END; o++)
        print_opt(fp, o);
    print_exits(fp, cmd->exits);
}

int opt_number(double *out, const char *text, const char *name, double min,
               double max, struct rc_error *err)
{
    char *end = NULL;
    double v = strtod(text, &end);

    if (end == text || *end != '\0' || !isfinite(v) || v < min || v > max)
        return rc_error_set(err, RC_EUSAGE, NULL,
                            "option '--%s' wants a number from %g to %g, "
                            "not '%s'", name, min, max, text);
    *out = v;
    return 0;
}

int opt_split_commas(struct strvec *out, const char *text)
{
    const char *p = text;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n > 0) {
            char *s = strndup(p, n);
            if (strvec_take(out, s) < 0)
                return RC_ENOMEM;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

int opt_formats(unsigned *out, const char *text, struct rc_error *err)
{
    const char *p = text;

    *out = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        unsigned bit = report_format_bit(p, len);

        if (bit == 0)
            return rc_error_set(err, RC_EUSAGE, "--format",
                                "unknown format '%.*s' (html, junit, md, "
                                "json)", (int)len, p);
        *out |= bit;
        p += len + (p[len] == ',');
    }
    if (*out == 0)
        return rc_error_set(err, RC_EUSAGE, "--format", "no format given");
    return 0;
}

int opt_handle(const struct opt_cmd *cmd, int argc, char **argv,
               struct opt_common *common, int *status)
{
    struct rc_error err;
    int rc;

    rc_error_clear(&err);
    rc = opt_parse(cmd, argc, argv, common, &err);
    if (rc == 1) {
        *status = EXIT_OK;
        return 1;
    }
    if (rc < 0) {
        *status = msg_error(&err);
        fprintf(stderr, "run 'relcheck %s --help' for its options\n",
                cmd->name);
        return 1;
    }
    return 0;
}
