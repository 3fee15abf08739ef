/*
 * libFuzzer target for the result model and every report: the input is a
 * calls.jsonl, read against a fixed run.json (suite "s" with calls "a",
 * "b", "c"); the model is loaded and result.json, report.html,
 * junit.xml, report.md and the text summary are written. Malformed lines
 * must give errors, never crashes, leaks or unbounded work. Seeds:
 * fuzz/corpus/fuzz_report/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/fsutil.h"
#include "report/report.h"
#include "result/result.h"

static const char run_json[] =
    "{\"format\":1,\"id\":\"fuzz\",\"environment\":\"e\",\"shard\":\"1/1\","
    "\"fail_on\":\"changed\",\"notices\":[],\"programs\":[\"P\"],"
    "\"coverage_gaps\":[\"Q\"],\"suites\":[{\"name\":\"s\",\"programs\":"
    "[\"P\"],\"because\":[\"P\"],\"calls\":[{\"id\":\"a\",\"method\":\"GET\","
    "\"path\":\"/a\"},{\"id\":\"b\"},{\"id\":\"c\"}]}]}";

static char *dir;

static void make_dir(void)
{
    char tmpl[] = "/tmp/fuzz_report-XXXXXX";

    dir = strdup(mkdtemp(tmpl));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rc_error err = {0};
    struct strvec warnings = STRVEC_INIT;
    struct result r;
    char *run = NULL, *lines = NULL;
    FILE *null;

    if (dir == NULL)
        make_dir();
    run = fs_join(dir, "run.json");
    lines = fs_join(dir, "calls.jsonl");
    afile_write(run, run_json, sizeof run_json - 1, 0644, &err);
    afile_write(lines, data, size, 0644, &err);
    if (result_load(&r, dir, NULL, &warnings, &err) == 0) {
        report_write_all(&r, dir, FMT_JSON | FMT_HTML | FMT_JUNIT | FMT_MD,
                         NULL, &err);
        null = fopen("/dev/null", "w");
        if (null) {
            report_text(null, &r, false);
            fclose(null);
        }
        result_release(&r);
    }
    strvec_release(&warnings);
    free(run);
    free(lines);
    return 0;
}
