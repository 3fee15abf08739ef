/*
 * libFuzzer target for the diff engine and the path-pattern matcher. The
 * input is split at its first NUL byte: the two parts are parsed as bodies
 * (sniffed, then also as JSON and XML by content type, strictly and
 * leniently) and compared with redaction, keyed arrays and noise on; the
 * first line is also compiled as a pattern. Nothing may crash, leak or
 * read out of bounds. Built with RELCHECK_FUZZ (clang -fsanitize=fuzzer);
 * seeds in fuzz/corpus/diff/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *mask(void *ctx, const json_t *v)
{
    (void)ctx;
    return json_sprintf("<redacted:%d>", (int)json_typeof(v));
}

static void compare(const char *a, size_t na, const char *b, size_t nb,
                    const char *ct, const struct diff_options *o)
{
    struct diff_side sa = {200, NULL, a, na, ct, NULL, "a"};
    struct diff_side sb = {404, NULL, b, nb, ct, NULL, "b"};
    struct diff_result r;
    struct rc_error err;
    json_t *j;

    diff_result_init(&r);
    if (diff_compare(&r, &sa, &sb, o, &err) == 0) {
        j = diff_result_to_json(&r);
        json_decref(j);
    }
    diff_result_release(&r);
}

static void try_pattern(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    char *text = strndup(s, nl ? (size_t)(nl - s) : n);
    struct pattern *p = NULL;
    struct rc_error err;

    if (text && pattern_compile(&p, text, &err) == 0) {
        json_t *doc = json_loadb(s, n, 0, NULL);
        pattern_first(p, doc);
        json_decref(doc);
        pattern_free(p);
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pattern_set noise, redact;
    static struct diff_keys keys;
    static int ready;
    const char *s = (const char *)data;
    const char *nul = memchr(s, '\0', size);
    size_t na = nul ? (size_t)(nul - s) : size / 2;
    size_t off = nul ? na + 1 : na;
    struct diff_options o = {0};

    if (!ready) {
        diff_init();
        pattern_set_add(&noise, "$..id", NULL);
        pattern_set_add(&noise, "re:\\[[0-9]+\\]$", NULL);
        pattern_set_add(&redact, "$..iban", NULL);
        pattern_set_add(&redact, "//Iban", NULL);
        diff_keys_add(&keys, "$..items", "id", NULL);
        ready = 1;
    }
    o.noise[0] = &noise;
    o.keys[0] = &keys;
    o.redact = &redact;
    o.redact_fn = mask;
    o.max_items = 16;
    o.tolerance = 0.001;
    compare(s, na, s + off, size - off, NULL, &o);
    compare(s, na, s + off, size - off, "application/json", &o);
    compare(s, na, s + off, size - off, "application/xml", &o);
    o.strict = true;
    compare(s, na, s + off, size - off, "text/plain", &o);
    try_pattern(s, na);
    return 0;
}
