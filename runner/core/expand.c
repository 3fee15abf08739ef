/*
 * ${env:NAME} expansion (see expand.h).
 */
#include "core/expand.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"

/* The value of "env:NAME" (borrowed), or NULL with *missing set. */
static int env_ref(struct rc_buf *b, const char *ref, size_t n,
                   char **missing)
{
    char *name = strndup(ref + 4, n - 4);
    const char *val = name ? getenv(name) : NULL;

    if (name == NULL)
        return RC_ENOMEM;
    if (val == NULL) {
        *missing = name;
        return RC_ENOTFOUND;
    }
    free(name);
    return rc_buf_adds(b, val);
}

static int one_ref(struct rc_buf *b, const char *ref, size_t n,
                   expand_other_fn other, void *ctx, char **missing)
{
    char *val = NULL;
    int rc;

    if (n > 4 && strncmp(ref, "env:", 4) == 0)
        return env_ref(b, ref, n, missing);
    if (other == NULL)
        return rc_buf_printf(b, "${%.*s}", (int)n, ref);
    rc = other(ctx, ref, n, &val);
    if (rc == 0)
        rc = rc_buf_adds(b, val);
    free(val);
    return rc;
}

int expand_refs(char **out, const char *s, expand_other_fn other, void *ctx,
                char **missing)
{
    struct rc_buf b;
    int rc = 0;

    *out = NULL;
    *missing = NULL;
    rc_buf_init(&b, (size_t)1 << 24);
    while (rc == 0 && *s) {
        const char *start = strstr(s, "${");
        const char *end = start ? strchr(start, '}') : NULL;

        if (start == NULL || end == NULL) {
            rc = rc_buf_adds(&b, s);
            break;
        }
        rc = rc_buf_add(&b, s, (size_t)(start - s));
        if (rc == 0)
            rc = one_ref(&b, start + 2, (size_t)(end - start - 2), other,
                         ctx, missing);
        s = end + 1;
    }
    if (rc == RC_ETOOBIG)
        rc = RC_ENOMEM;
    if (rc == 0 && (*out = rc_buf_detach(&b, NULL)) == NULL)
        rc = RC_ENOMEM;
    rc_buf_release(&b);
    return rc;
}
