/*
 * libFuzzer target for serve's overlays. The input is split at its first
 * NUL byte: the first part is parsed as an overlay file, the second is
 * used as a response body, once as JSON (when it parses) and once as text
 * with an XML content type, and every mutation of the overlay is applied
 * to both. Nothing may crash, leak or read out of bounds. Built with
 * RELCHECK_FUZZ (clang -fsanitize=fuzzer).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/overlay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Applies ov to a draft of body (JSON when json is set, else XML text);
 * every mutation selects suite "s", call "c" or every call. */
static void apply(struct overlay *ov, const char *body, size_t len, bool json)
{
    struct strvec warnings = STRVEC_INIT;
    struct rc_error err;
    struct draft d;

    memset(&d, 0, sizeof d);
    d.status = 200;
    d.headers = json_pack("{s:s}", "content-type",
                          json ? "application/json" : "application/xml");
    if (json) {
        d.body = json_loadb(body, len, JSON_DECODE_ANY, NULL);
        d.kind = d.body ? BODY_JSON : BODY_NONE;
    } else {
        d.bytes = malloc(len + 1);
        if (d.bytes) {
            memcpy(d.bytes, body, len);
            d.bytes[len] = '\0';
            d.len = len;
            d.kind = BODY_TEXT;
        }
    }
    overlay_apply(ov, "s", "c", &d, &warnings, &err);
    draft_release(&d);
    strvec_release(&warnings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t n = nul ? (size_t)(nul - text) : size;
    struct strvec warnings = STRVEC_INIT;
    struct overlay *ov = NULL;
    struct rc_error err;

    if (overlay_parse(&ov, text, n, "overlay.json", &warnings, &err) == 0
        && nul) {
        apply(ov, nul + 1, size - n - 1, true);
        apply(ov, nul + 1, size - n - 1, false);
        overlay_report_unused(ov, &warnings);
    }
    overlay_free(ov);
    strvec_release(&warnings);
    return 0;
}
