/*
 * libFuzzer target for relcheck import's readers and call builder. An
 * input starting with '{' is a HAR file and a Postman collection (written
 * to a scratch file), and every request read is built into a call and a
 * fixture; any other input is one curl command line (shell splitting with
 * every quoting form, then curl's options) followed, after a NUL byte, by
 * a call path for the id and suite-name makers. Nothing may crash, leak or
 * read out of bounds, and a built id must always be a valid call id.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/build.h"
#include "import/imp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
static void check_id(const char *id);

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

/* Builds every request of b into a call and a fixture. */
static void build_all(struct imp_batch *b)
{
    struct config cfg;
    struct strvec dropped = STRVEC_INIT, warnings = STRVEC_INIT;
    struct imp_ctx ctx;
    struct rc_error err;

    memset(&cfg, 0, sizeof cfg);
    memset(&ctx, 0, sizeof ctx);
    ctx.cfg = &cfg;
    ctx.suite = "fuzz";
    ctx.dropped = &dropped;
    ctx.warnings = &warnings;
    ctx.secrets = &b->secrets;
    scrub_redactor_init(&ctx.redactor, &cfg, &warnings);
    for (size_t i = 0; i < b->n; i++) {
        json_t *call = NULL;
        struct fixture fx;
        memset(&fx, 0, sizeof fx);
        if (imp_build_call(&call, &fx, &ctx, &b->v[i], &err) == 0 && call)
            check_id(json_string_value(json_object_get(call, "id")));
        fixture_release(&fx);
        json_decref(call);
    }
    strvec_release(&ctx.ids);
    strvec_release(&dropped);
    strvec_release(&warnings);
}

static void read_json(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/fuzz-import-XXXXXX";
    int fd = mkstemp(path);
    struct imp_batch b;
    struct rc_error err;

    if (fd < 0)
        return;
    if (write(fd, data, size) == (ssize_t)size) {
        memset(&b, 0, sizeof b);
        if (har_read(&b, path, NULL, &err) == 0)
            build_all(&b);
        imp_batch_release(&b);
        memset(&b, 0, sizeof b);
        if (postman_read(&b, path, NULL, &err) == 0)
            build_all(&b);
        imp_batch_release(&b);
    }
    close(fd);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0 && data[0] == '{') {
        read_json(data, size);
        return 0;
    }

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
