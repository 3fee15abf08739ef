/*
 * Captured values as noise (SPEC section 6, "a capture"): a suite that
 * captures `order_id` from its POST and reads /orders/{{order_id}} gets a
 * new id on every run, and each field that holds it (`$.order.id`, a link
 * "/orders/123") would read as changed. A fixture keeps the values of the
 * captured variables at recording; a difference whose baseline value is
 * such a value and whose replay value is this run's value of the same
 * variable is noise. Strings also count when the only change is the
 * value's text replaced as a whole word ("/orders/123" -> "/orders/456"),
 * every such occurrence of it; a word is a run of letters, digits and
 * '_', so "123" inside "A1234" is not the value.
 */
#include "diff/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool word_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* The text of a captured scalar as it appears inside a string: a string
 * as it is, an integer in decimal (in buf); NULL otherwise. */
static const char *scalar_text(const json_t *v, char *buf, size_t n,
                               size_t *len)
{
    if (json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    if (!json_is_integer(v))
        return NULL;
    snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    *len = strlen(buf);
    return buf;
}

/* Whether replacing every whole-word occurrence of a in s by b gives t,
 * with at least one occurrence. Linear in the lengths. */
static bool replaced_gives(const char *s, size_t ns, const char *t,
                           size_t nt, const char *a, size_t na,
                           const char *b, size_t nb)
{
    size_t i = 0, j = 0, hits = 0;

    if (na == 0)
        return false;
    while (i < ns) {
        bool at_word = (i == 0 || !word_char(s[i - 1]))
                       && i + na <= ns && memcmp(s + i, a, na) == 0
                       && (i + na == ns || !word_char(s[i + na]));
        if (at_word) {
            if (j + nb > nt || memcmp(t + j, b, nb) != 0)
                return false;
            i += na;
            j += nb;
            hits++;
        } else if (j < nt && s[i] == t[j]) {
            i++;
            j++;
        } else {
            return false;
        }
    }
    return j == nt && hits > 0;
}

/* Whether old -> new is the captured value was -> now. */
static bool is_capture(const json_t *old, const json_t *new_,
                       const json_t *was, const json_t *now)
{
    char bw[32], bn[32];
    size_t nw = 0, nn = 0;
    const char *tw, *tn;

    if (json_equal((json_t *)old, (json_t *)was)
        && json_equal((json_t *)new_, (json_t *)now))
        return true;
    if (!json_is_string(old) || !json_is_string(new_))
        return false;
    tw = scalar_text(was, bw, sizeof bw, &nw);
    tn = scalar_text(now, bn, sizeof bn, &nn);
    return tw && tn && replaced_gives(json_string_value(old),
                                      json_string_length(old),
                                      json_string_value(new_),
                                      json_string_length(new_), tw, nw, tn,
                                      nn);
}

bool diff_captured_noise(const struct diff_options *o, enum diff_kind kind,
                         const json_t *old, const json_t *new_)
{
    const char *name;
    json_t *was;

    if (kind != DIFF_CHANGED || old == NULL || new_ == NULL
        || o->captures[0] == NULL || o->captures[1] == NULL)
        return false;
    json_object_foreach((json_t *)o->captures[0], name, was) {
        json_t *now = json_object_get(o->captures[1], name);

        if (now && !json_equal(was, now) && is_capture(old, new_, was, now))
            return true;
    }
    return false;
}
