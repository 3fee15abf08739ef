/*
 * Compact JSON writer for served bodies (see jsonw.h). Nesting is walked
 * recursively; jansson's own parser limits depth to 2048, so a value read
 * from a fixture cannot be deep enough to exhaust the stack.
 */
#include "serve/jsonw.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_string(struct rc_buf *out, const char *s, size_t len)
{
    int rc = rc_buf_addc(out, '"');
    size_t run = 0;

    for (size_t i = 0; rc == 0 && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char hex[8];

        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\b')
            esc = "\\b";
        else if (c == '\f')
            esc = "\\f";
        else if (c < 0x20) {
            snprintf(hex, sizeof hex, "\\u%04x", c);
            esc = hex;
        }
        if (esc == NULL) {
            run++;
            continue;
        }
        rc = rc_buf_add(out, s + i - run, run);
        run = 0;
        if (rc == 0)
            rc = rc_buf_adds(out, esc);
    }
    if (rc == 0)
        rc = rc_buf_add(out, s + len - run, run);
    return rc ? rc : rc_buf_addc(out, '"');
}

/*
 * Splits v into its shortest significant digits and decimal exponent:
 * v = 0.DIGITS * 10^point. digits gets at most 17 characters. Any decimal
 * of at most 15 significant digits survives the trip to a double and back
 * (DBL_DIG), so when 15 digits read back to v, dropping their trailing
 * zeros gives the shortest form; otherwise 16 or 17 digits are needed.
 * Subnormals hold fewer bits: for them every precision is tried.
 */
static void shortest_digits(double v, char digits[32], int *point)
{
    char text[40];

    for (int prec = v < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*e", prec - 1, v);
        if (strtod(text, NULL) == v)
            break;
    }
    /* text is "D.DDDDe[+-]XX" (v > 0 here) */
    size_t n = 0;
    char *e = strchr(text, 'e');
    for (char *p = text; p < e; p++)
        if (*p != '.')
            digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *point = atoi(e + 1) + 1;
}

int jsonw_real(struct rc_buf *out, double v)
{
    char digits[32];
    int point, rc = 0;
    size_t n;

    if (!isfinite(v))
        return rc_buf_adds(out, "null");
    if (v == 0)
        return rc_buf_adds(out, signbit(v) ? "-0.0" : "0.0");
    if (v < 0 && (rc = rc_buf_addc(out, '-')) != 0)
        return rc;
    shortest_digits(fabs(v), digits, &point);
    n = strlen(digits);
    if (point - 1 < -4 || point - 1 >= 16) {
        /* scientific, as Python's repr: 1e+16, 1.5e-05 */
        rc = rc_buf_addc(out, digits[0]);
        if (rc == 0 && n > 1)
            rc = rc_buf_printf(out, ".%s", digits + 1);
        if (rc == 0)
            rc = rc_buf_printf(out, "e%c%02d", point - 1 < 0 ? '-' : '+',
                               abs(point - 1));
    } else if (point <= 0) {
        rc = rc_buf_adds(out, "0.");
        for (int i = 0; rc == 0 && i < -point; i++)
            rc = rc_buf_addc(out, '0');
        if (rc == 0)
            rc = rc_buf_adds(out, digits);
    } else if ((size_t)point >= n) {
        rc = rc_buf_adds(out, digits);
        for (int i = (int)n; rc == 0 && i < point; i++)
            rc = rc_buf_addc(out, '0');
        if (rc == 0)
            rc = rc_buf_adds(out, ".0");
    } else {
        rc = rc_buf_printf(out, "%.*s.%s", point, digits, digits + point);
    }
    return rc;
}

static int write_value(struct rc_buf *out, const json_t *v);

static int write_object(struct rc_buf *out, const json_t *v)
{
    const char *key;
    json_t *m;
    int rc = rc_buf_addc(out, '{');
    int first = 1;

    json_object_foreach((json_t *)v, key, m) {
        if (rc == 0 && !first)
            rc = rc_buf_addc(out, ',');
        first = 0;
        if (rc == 0)
            rc = write_string(out, key, strlen(key));
        if (rc == 0)
            rc = rc_buf_addc(out, ':');
        if (rc == 0)
            rc = write_value(out, m);
        if (rc)
            return rc;
    }
    return rc ? rc : rc_buf_addc(out, '}');
}

static int write_array(struct rc_buf *out, const json_t *v)
{
    int rc = rc_buf_addc(out, '[');

    for (size_t i = 0; rc == 0 && i < json_array_size(v); i++) {
        if (i > 0)
            rc = rc_buf_addc(out, ',');
        if (rc == 0)
            rc = write_value(out, json_array_get(v, i));
    }
    return rc ? rc : rc_buf_addc(out, ']');
}

static int write_value(struct rc_buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return write_object(out, v);
    case JSON_ARRAY:
        return write_array(out, v);
    case JSON_STRING:
        return write_string(out, json_string_value(v), json_string_length(v));
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

int jsonw_write(struct rc_buf *out, const json_t *value)
{
    return write_value(out, value);
}
