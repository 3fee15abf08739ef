/*
 * The relcheck commands. How to add one:
 *   1. write runner/cmd_<name>.c exporting int cmd_<name>(int argc,
 *      char **argv), with a struct opt_cmd describing its options
 *      (cli/opt.h) and returning an exit status (cli/exitcodes.h);
 *   2. declare it below;
 *   3. add a row to the table in main.c (name, function, summary);
 *   4. document it in README.md ("Command reference") and docs/relcheck.1.
 * A cmd_* function parses, builds the engine's options, calls the engine,
 * prints, and maps the outcome to an exit status. It is the only layer
 * that prints.
 */
#ifndef RC_CMD_H
#define RC_CMD_H

int cmd_notice(int argc, char **argv);
int cmd_select(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_fields(int argc, char **argv);
int cmd_key(int argc, char **argv);

/* The command table (main.c): used by --help and by the man page test. */
struct cmd_entry {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};
extern const struct cmd_entry cmd_table[];

#endif
