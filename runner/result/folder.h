/*
 * The names inside a run folder (SPEC section 7), in one place: every
 * module that writes or reads a run folder (run/, result/, report/,
 * history/, demo/, the commands) names its files through these.
 */
#ifndef RC_RESULT_FOLDER_H
#define RC_RESULT_FOLDER_H

#define RUN_JSON "run.json"            /* environment, selection, options */
#define RUN_CALLS "calls.jsonl"        /* one line per finished call */
#define RUN_RESULT "result.json"       /* the result model, at the end */
#define RUN_RESPONSES "responses"      /* responses/SUITE/CALL.json */
#define RUN_REPORT_HTML "report.html"
#define RUN_REPORT_JUNIT "junit.xml"
#define RUN_REPORT_MD "report.md"

#endif
