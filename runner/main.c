/*
 * relcheck's entry point: the one table of commands and the dispatch to
 * them. Everything else lives in relcheck_core.
 */
#include <stdio.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cmd.h"

const struct cmd_entry cmd_table[] = {
    {"notice", cmd_notice, "parse release notices and list the changed programs"},
    {"select", cmd_select, "show which suites the notices select, and coverage gaps"},
    {"record", cmd_record, "record baselines (fixtures) from an environment"},
    {"run", cmd_run, "replay suites, diff against the baselines, report"},
    {"diff", cmd_diff, "field-by-field diff of two JSON or XML files"},
    {"report", cmd_report, "regenerate the reports of a run folder, offline"},
    {"approve", cmd_approve, "accept what a run found as new baselines or noise"},
    {"merge", cmd_merge, "join shard runs into one run and its reports"},
    {"serve", cmd_serve, "serve the fixtures as a mock API on loopback"},
    {"demo", cmd_demo, "run the whole pipeline on the bundled example"},
    {"import", cmd_import, "make suites from HAR, Postman or curl captures"},
    {"doc", cmd_doc, "write the integration documentation the vendor requires"},
    {"history", cmd_history, "the acceptance record per release: runs, approvals"},
    {"key", cmd_key, "print the redaction key for a CI secret variable"},
    {"check", cmd_check, "validate the workspace and list uncovered programs"},
    {"init", cmd_init, "start a workspace (and a CI pipeline)"},
    {"fields", cmd_fields, "the fields of each call and which the integration uses"},
    {NULL, NULL, NULL},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: relcheck COMMAND [options]\n\n"
            "Upgrade acceptance regression runner for AllSolutions REST "
            "integrations.\n\ncommands:\n");
    for (const struct cmd_entry *c = cmd_table; c->name; c++)
        fprintf(fp, "  %-9s %s\n", c->name, c->summary);
    fprintf(fp,
            "\nrun 'relcheck COMMAND --help' for a command's options.\n"
            "exit status: 0 success, 1 regressions found, 2 usage, "
            "configuration or input error,\n"
            "3 environment error, 130 interrupted\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0
        || strcmp(argv[1], "help") == 0) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) {
            char *sub[] = {argv[2], "--help", NULL};
            for (const struct cmd_entry *c = cmd_table; c->name; c++)
                if (strcmp(c->name, argv[2]) == 0)
                    return msg_finish(c->fn(2, sub));
        }
        usage(stdout);
        return msg_finish(EXIT_OK);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("relcheck %s\n", RELCHECK_VERSION);
        return msg_finish(EXIT_OK);
    }
    for (const struct cmd_entry *c = cmd_table; c->name; c++)
        if (strcmp(c->name, argv[1]) == 0)
            return msg_finish(c->fn(argc - 1, argv + 1));
    fprintf(stderr, "relcheck: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
