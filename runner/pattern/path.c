/*
 * Rendering of path component chains (see pattern.h): the one place that
 * decides how a difference's path and field are written (SPEC section 6).
 * Used by the matcher for `re:` and literal patterns and by the diff
 * engine when it stores a difference.
 */
#include "pattern/pattern.h"

#include <inttypes.h>
#include <string.h>

#include "core/jsonw.h"

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
                     || ch == '_';
        if (!alpha && (i == 0 || ch < '0' || ch > '9'))
            return false;
    }
    return true;
}

/* Appends s as a single-quoted string with \' and \\ escaped. */
static int add_quoted(struct rc_buf *out, const char *s, size_t n)
{
    int rc = rc_buf_addc(out, '\'');
    size_t start = 0;

    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (s[i] != '\'' && s[i] != '\\')
            continue;
        rc = rc_buf_add(out, s + start, i - start);
        if (rc == 0)
            rc = rc_buf_addc(out, '\\');
        start = i;
    }
    if (rc == 0)
        rc = rc_buf_add(out, s + start, n - start);
    return rc ? rc : rc_buf_addc(out, '\'');
}

/* ".name" or "['name']". */
static int add_member(struct rc_buf *out, const char *s, size_t n)
{
    int rc;

    if (is_identifier(s, n)) {
        rc = rc_buf_addc(out, '.');
        return rc ? rc : rc_buf_add(out, s, n);
    }
    rc = rc_buf_addc(out, '[');
    if (rc == 0)
        rc = add_quoted(out, s, n);
    return rc ? rc : rc_buf_addc(out, ']');
}

/* A key value as written in [?@.k==VALUE]. */
static int add_scalar(struct rc_buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return add_quoted(out, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        return rc_buf_printf(out, "%" JSON_INTEGER_FORMAT,
                             json_integer_value(v));
    case JSON_REAL:
        return jsonw_real(out, json_real_value(v));
    case JSON_TRUE:
        return rc_buf_adds(out, "true");
    case JSON_FALSE:
        return rc_buf_adds(out, "false");
    default:
        return rc_buf_adds(out, "null");
    }
}

static int add_keyed(struct rc_buf *out, const struct pcomp *c)
{
    int rc = rc_buf_adds(out, "[?@");

    if (rc == 0)
        rc = add_member(out, c->name, c->len);
    if (rc == 0)
        rc = rc_buf_adds(out, "==");
    if (rc == 0)
        rc = add_scalar(out, c->key);
    return rc ? rc : rc_buf_addc(out, ']');
}

static int add_comp(struct rc_buf *out, const struct pcomp *c, bool fold)
{
    int rc;

    switch (c->kind) {
    case PCOMP_MEMBER:
        return add_member(out, c->name, c->len);
    case PCOMP_INDEX:
        return fold ? rc_buf_adds(out, "[*]")
                    : rc_buf_printf(out, "[%zu]", c->index);
    case PCOMP_KEYED:
        return fold ? rc_buf_adds(out, "[*]") : add_keyed(out, c);
    case PCOMP_ELEMENT:
        rc = rc_buf_addc(out, '/');
        if (rc == 0)
            rc = rc_buf_add(out, c->name, c->len);
        if (rc == 0 && !fold && c->index > 0)
            rc = rc_buf_printf(out, "[%zu]", c->index);
        return rc;
    case PCOMP_ATTR:
        rc = rc_buf_adds(out, "/@");
        return rc ? rc : rc_buf_add(out, c->name, c->len);
    case PCOMP_LINE:
        return fold ? rc_buf_adds(out, "line[*]")
                    : rc_buf_printf(out, "line[%zu]", c->index);
    default:
        return rc_buf_add(out, c->name, c->len);
    }
}

/* Whether a chain starting with c is a JSON path (written from "$"). */
static bool json_rooted(const struct pcomp *c, size_t n)
{
    return n == 0 || c[0].kind == PCOMP_MEMBER || c[0].kind == PCOMP_INDEX
           || c[0].kind == PCOMP_KEYED;
}

int pcomp_render(struct rc_buf *out, const struct pcomp *c, size_t n,
                 bool fold)
{
    int rc = 0;

    if (json_rooted(c, n))
        rc = rc_buf_addc(out, '$');
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = add_comp(out, &c[i], fold);
    return rc;
}

int pcomp_render_ends(struct rc_buf *out, const struct pcomp *c, size_t n,
                      size_t *ends)
{
    int rc = 0;

    if (json_rooted(c, n))
        rc = rc_buf_addc(out, '$');
    ends[0] = out->len;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = add_comp(out, &c[i], false);
        ends[i + 1] = out->len;
    }
    return rc;
}
