/*
 * libFuzzer target for the notice parser: message bytes in (a single
 * message, or an mbox when they start with "From "), notices and
 * programs out, through the same path as `relcheck notice -`: GMime, the
 * MIME walk, HTML to lines, the PCRE2 patterns (default, one configured
 * pattern, a small catalog) and the JSON form. Bytes that start with
 * the compound-file signature take the Outlook .msg path (libgsf, MAPI
 * properties, compressed RTF); bytes that start with the TNEF signature
 * go straight to the TNEF reader, as a winmail.dat part's content would.
 * Seeds include files from tests/tools/gen_outlook. Everything allocated
 * per input is freed per input, so leaks show up.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <string.h>

#include "notice/notice.h"
#include "notice/notice_int.h"

static struct program fuzz_programs[] = {
    {"MZZPAR", "Parameters AllSolutions", STRVEC_INIT},
    {"VFAFAC", "Facturen", STRVEC_INIT},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A raw TNEF stream: its body chunks made into lines. */
static void fuzz_tnef(const uint8_t *data, size_t size)
{
    static const uint8_t sig[4] = {0x78, 0x9F, 0x3E, 0x22};
    struct msgparts parts;
    struct msgtext text;
    struct strvec warnings = STRVEC_INIT;

    if (size < 4 || memcmp(data, sig, 4) != 0)
        return;
    memset(&parts, 0, sizeof parts);
    memset(&text, 0, sizeof text);
    if (tnef_collect(&parts, data, size, 0, "fuzz", &warnings) == 0)
        msgparts_text(&text, &parts);
    msgtext_release(&text);
    msgparts_release(&parts);
    strvec_release(&warnings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct notice_reader *reader;
    static struct notice_opts opts;
    static struct catalog cat = {fuzz_programs, 2};
    static struct strvec patterns = STRVEC_INIT;
    struct notice_set set = {0};
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err;
    json_t *j;

    if (reader == NULL) {
        strvec_push(&patterns, "Programma \\[(?<code>[A-Z0-9]+)\\]");
        opts.patterns = &patterns;
        opts.catalog = &cat;
        if (notice_reader_new(&reader, &opts, &err) != 0)
            abort();
    }
    fuzz_tnef(data, size);
    notice_read_bytes(reader, &set, "fuzz", (const char *)data, size, false,
                      &warnings, &err);
    j = notice_set_to_json(&set);
    json_decref(j);
    notice_set_release(&set);
    strvec_release(&warnings);
    return 0;
}
