/*
 * libFuzzer target for configuration and suite loading: the bytes are
 * written to a scratch folder as relcheck.json (first byte even) or as
 * suites/s.json (first byte odd; the rest of the input is the file) and
 * loaded through the same functions as `relcheck check`: config_load
 * (then every environment resolved, ${env:} and ${file:} included) or
 * suite_load. Errors are expected; crashes, leaks and hangs are not.
 * Everything allocated per input is freed per input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "config/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    size_t n;

    if (fp == NULL)
        return -1;
    n = fwrite(data, 1, size, fp);
    return fclose(fp) == 0 && n == size ? 0 : -1;
}

static void load_config(const char *path)
{
    struct config cfg;
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err;

    if (config_load(&cfg, path, &warnings, &err) == 0) {
        for (size_t i = 0; i < cfg.n_envs; i++)
            (void)config_env_resolve(&cfg, &cfg.envs[i], &warnings, &err);
        config_release(&cfg);
    }
    strvec_release(&warnings);
}

static void load_suite(const char *path)
{
    struct suite s;
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err;

    if (suite_load(&s, path, &warnings, &err) == 0)
        suite_release(&s);
    strvec_release(&warnings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    bool suite;

    if (dir[0] == '\0') {
        char suites[96];

        snprintf(dir, sizeof dir, "/tmp/fuzz_config.XXXXXX");
        if (mkdtemp(dir) == NULL)
            abort();
        snprintf(suites, sizeof suites, "%s/suites", dir);
        mkdir(suites, 0700);
        setenv("RC_FUZZ_PW", "Fuzz-Password-0123456789", 1);
    }
    if (size == 0)
        return 0;
    suite = data[0] & 1;
    snprintf(path, sizeof path, suite ? "%s/suites/s.json"
                                      : "%s/relcheck.json", dir);
    if (write_file(path, data + 1, size - 1) != 0)
        return 0;
    if (suite)
        load_suite(path);
    else
        load_config(path);
    return 0;
}
