/*
 * Declarative command-line options. Each command describes its options in a
 * table of struct opt ending with OPT_END; opt_parse() fills the
 * destinations, merges in the shared --help, --config and --json, and
 * generates the usage text from the same table. Strings stored into
 * destinations are borrowed from argv.
 */
#ifndef RC_OPT_H
#define RC_OPT_H

#include <stdbool.h>

#include "core/error.h"
#include "core/strvec.h"

enum opt_kind {
    OPT_END = 0,
    OPT_FLAG,   /* --name; dest is int*, set to 1 */
    OPT_VALUE,  /* --name VALUE or --name=VALUE; dest is const char** */
    OPT_LIST,   /* --name V... : every following word up to the next option
                   (repeatable); dest is struct strvec* */
    OPT_MULTI,  /* --name V: one value, the option repeatable; dest is
                   struct strvec* */
    OPT_ARGS    /* positional words; dest is struct strvec*; name is the
                   placeholder shown in the usage ("SOURCE...") */
};

struct opt {
    enum opt_kind kind;
    const char *name;
    const char *value_name; /* "NAME" for OPT_VALUE and OPT_LIST */
    const char *help;
    void *dest;
};

/* The exit statuses a command can return besides 0 (cli/exitcodes.h), as
 * a mask: --help lists only these. */
#define EXITS_REGRESSION (1u << 0)  /* 1 */
#define EXITS_USAGE (1u << 1)       /* 2 */
#define EXITS_ENV (1u << 2)         /* 3 */
#define EXITS_INTERRUPTED (1u << 3) /* 130 */

/* What a command is: fed to opt_parse for parsing and usage. */
struct opt_cmd {
    const char *name;      /* "diff" */
    const char *synopsis;  /* "[options] LEFT RIGHT" */
    const char *summary;   /* one line, shown in --help */
    bool json;             /* whether --json applies */
    const struct opt *opts;
    unsigned exits;        /* EXITS_* the command can return */
};

/* Options every command has. */
struct opt_common {
    int help;
    int json;
    const char *config;
};

/*
 * Parses argv[1..argc) (argv[0] is the command name). Returns 0 to go on,
 * 1 when --help was given (usage already printed to stdout), or
 * RC_EUSAGE with err filled ("unknown option '--x'", "option '--env' needs
 * a value").
 */
int opt_parse(const struct opt_cmd *cmd, int argc, char **argv,
              struct opt_common *common, struct rc_error *err);

/* Prints the generated usage of cmd to fp. */
#include <stdio.h>
void opt_usage(const struct opt_cmd *cmd, FILE *fp);

/*
 * Parses a number option value. Returns 0, or RC_EUSAGE naming the option
 * when text is not a number in [min, max].
 */
int opt_number(double *out, const char *text, const char *name, double min,
               double max, struct rc_error *err);

/* Splits a comma-separated value ("html,junit") into out. */
int opt_split_commas(struct strvec *out, const char *text);

/* Parses --format's "html,junit,md,json" into FMT_* bits (report.h);
 * RC_EUSAGE naming the unknown format. */
int opt_formats(unsigned *out, const char *text, struct rc_error *err);


/*
 * opt_parse plus the standard reactions, for cmd_* functions: returns 0 to
 * go on, or 1 when the command must return *status now (help printed:
 * 0; usage error printed: 2).
 */
int opt_handle(const struct opt_cmd *cmd, int argc, char **argv,
               struct opt_common *common, int *status);

#endif
