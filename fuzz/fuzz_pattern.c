/*
 * libFuzzer target for the path-pattern compiler (SPEC section 6): the
 * input is one pattern text (cut at the first NUL, as a JSON string from
 * relcheck.json would be). A pattern that compiles is used the ways the
 * tools use it: matched and tested for cover against a few fixed paths,
 * its first value found in a small document (captures, login tokens),
 * and applied as a redaction pattern to a copy of that document.
 * Everything allocated per input is freed per input, so leaks show up.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern.h"
#include "redact/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char doc_text[] =
    "{\"facturen\":[{\"nr\":\"F1\",\"bedrag\":1.5,\"iban\":\"NL91\"},"
    "{\"nr\":\"F2\",\"regels\":[{\"a b\":1}]}],\"meta\":{\"total\":2,"
    "\"generated_at\":\"x\"},\"x'y\":null}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static json_t *doc;
    static struct redact_key key;
    struct pcomp path[4];
    struct pattern *p = NULL;
    struct pattern_set set;
    struct rc_error err;
    char *text = malloc(size + 1);
    json_t *copy;

    if (doc == NULL)
        doc = json_loads(doc_text, 0, NULL);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    memset(path, 0, sizeof path);
    path[0].kind = PCOMP_MEMBER;
    path[0].name = "facturen";
    path[0].len = 8;
    path[1].kind = PCOMP_INDEX;
    path[1].index = 1;
    path[2].kind = PCOMP_MEMBER;
    path[2].name = "bedrag";
    path[2].len = 6;
    if (pattern_compile(&p, text, &err) == 0) {
        for (size_t n = 0; n <= 3; n++) {
            (void)pattern_match(p, path, n);
            (void)pattern_covers(p, path, n);
        }
        (void)pattern_first(p, doc);
        pattern_free(p);
    }
    pattern_set_init(&set);
    if (pattern_set_add(&set, text, &err) == 0) {
        copy = json_deep_copy(doc);
        (void)redact_json(copy, &set, &key);
        json_decref(copy);
    }
    pattern_set_release(&set);
    free(text);
    return 0;
}
