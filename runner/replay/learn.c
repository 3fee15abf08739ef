/*
 * Noise learning (see learn.h): a recursive walk of two JSON values that
 * records folded paths in the notation of SPEC section 6.
 */
#include "replay/learn.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "core/buf.h"

/* Appends ".name" or "['name']" (with ' and \ escaped). */
static int push_member(struct rc_buf *p, const char *name)
{
    bool ident = isalpha((unsigned char)name[0]) || name[0] == '_';

    for (const char *s = name; *s && ident; s++)
        ident = isalnum((unsigned char)*s) || *s == '_';
    if (ident)
        return rc_buf_printf(p, ".%s", name);
    if (rc_buf_adds(p, "['"))
        return RC_ENOMEM;
    for (const char *s = name; *s; s++) {
        if ((*s == '\'' || *s == '\\') && rc_buf_addc(p, '\\'))
            return RC_ENOMEM;
        if (rc_buf_addc(p, *s))
            return RC_ENOMEM;
    }
    return rc_buf_adds(p, "']");
}

static int walk(struct strvec *out, struct rc_buf *p, const json_t *a,
                const json_t *b);

static void truncate_to(struct rc_buf *p, size_t len)
{
    p->len = len;
    p->data[len] = '\0';
}

static int walk_objects(struct strvec *out, struct rc_buf *p,
                        const json_t *a, const json_t *b)
{
    size_t mark = p->len;
    const char *k;
    json_t *v;
    int rc = 0;

    json_object_foreach((json_t *)a, k, v) {
        if ((rc = push_member(p, k)) != 0)
            return rc;
        rc = walk(out, p, v, json_object_get(b, k));
        truncate_to(p, mark);
        if (rc)
            return rc;
    }
    json_object_foreach((json_t *)b, k, v) {
        if (json_object_get(a, k))
            continue;
        if ((rc = push_member(p, k)) != 0)
            return rc;
        rc = strvec_push(out, rc_buf_str(p));
        truncate_to(p, mark);
        if (rc)
            return rc;
    }
    return 0;
}

static int walk_arrays(struct strvec *out, struct rc_buf *p,
                       const json_t *a, const json_t *b)
{
    size_t mark = p->len, na = json_array_size(a), nb = json_array_size(b);
    int rc = rc_buf_adds(p, "[*]");

    for (size_t i = 0; rc == 0 && i < (na > nb ? na : nb); i++)
        rc = walk(out, p, json_array_get(a, i), json_array_get(b, i));
    truncate_to(p, mark);
    return rc;
}

static int walk(struct strvec *out, struct rc_buf *p, const json_t *a,
                const json_t *b)
{
    if (a == NULL || b == NULL || json_typeof(a) != json_typeof(b)) {
        bool both_num = json_is_number(a) && json_is_number(b);

        if (!both_num || json_number_value(a) != json_number_value(b))
            return strvec_push(out, rc_buf_str(p));
        return 0;
    }
    if (json_is_object(a))
        return walk_objects(out, p, a, b);
    if (json_is_array(a))
        return walk_arrays(out, p, a, b);
    return json_equal((json_t *)a, (json_t *)b) ? 0
           : strvec_push(out, rc_buf_str(p));
}

int learn_noise(struct strvec *fields, const json_t *a, const json_t *b)
{
    struct rc_buf p;
    int rc;

    rc_buf_init(&p, (size_t)1 << 20);
    rc = rc_buf_adds(&p, "$");
    if (rc == 0)
        rc = walk(fields, &p, a, b);
    rc_buf_release(&p);
    return rc;
}
