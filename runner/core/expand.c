/*
 * ${env:NAME} expansion (see expand.h).
 */
#include "core/expand.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"

/* Appends the value of "env:NAME"; an unset NAME goes to missing and
 * sets *unset. */
static int env_ref(struct rc_buf *b, const char *ref, size_t n,
                   struct strvec *missing, int *unset)
{
    char *name = strndup(ref + 4, n - 4);
    const char *val = name ? getenv(name) : NULL;
    int rc = 0;

    if (name == NULL)
        return RC_ENOMEM;
    if (val == NULL) {
        *unset = 1;
        if (!strvec_contains(missing, name))
            rc = strvec_push(missing, name);
    } else {
        rc = rc_buf_adds(b, val);
    }
    free(name);
    return rc;
}

static int one_ref(struct rc_buf *b, const char *ref, size_t n,
                   expand_other_fn other, void *ctx, struct strvec *missing,
                   int *unset)
{
    char *val = NULL;
    int rc;

    if (n > 4 && strncmp(ref, "env:", 4) == 0)
        return env_ref(b, ref, n, missing, unset);
    if (other == NULL)
        return rc_buf_printf(b, "${%.*s}", (int)n, ref);
    rc = other(ctx, ref, n, &val);
    if (rc == 0)
        rc = rc_buf_adds(b, val);
    free(val);
    return rc;
}

int expand_refs(char **out, const char *s, expand_other_fn other, void *ctx,
                struct strvec *missing)
{
    struct rc_buf b;
    int rc = 0, unset = 0;

    *out = NULL;
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
                         ctx, missing, &unset);
        s = end + 1;
    }
    if (rc == RC_ETOOBIG)
        rc = RC_ENOMEM;
    if (rc == 0 && (*out = rc_buf_detach(&b, NULL)) == NULL)
        rc = RC_ENOMEM;
    rc_buf_release(&b);
    return rc == 0 && unset ? RC_ENOTFOUND : rc;
}
