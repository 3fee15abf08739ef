/*
 * libFuzzer target for relcheck import's text readers: the input is one
 * curl command line (shell splitting with every quoting form, then curl's
 * options) followed, after a NUL byte, by a call path for the id and
 * suite-name makers. Nothing may crash, leak or read out of bounds, and a
 * built id must always be a valid call id.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/build.h"
#include "import/imp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_id(const char *id)
{
    if (id == NULL)
        return;
    if (id[0] == '\0' || strlen(id) > 80)
        abort();
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
              || *p == '-' || *p == '_' || *p == '.'))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct imp_batch b;
    struct rc_error err;
    struct strvec ids = STRVEC_INIT;
    const char *path;
    char *id;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    memset(&b, 0, sizeof b);
    curl_read(&b, text, NULL, &err);
    imp_batch_release(&b);
    path = text + strlen(text) + (strlen(text) < size);
    id = imp_call_id("GET", path, &ids);
    check_id(id);
    free(id);
    id = imp_safe_name(path);
    check_id(id);
    free(id);
    free(text);
    return 0;
}
