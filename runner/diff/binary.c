/*
 * Bodies that are not text (see internal.h): UTF-8 validation, so a body
 * that is not valid UTF-8 is compared as binary instead of line by line;
 * and the short description
 * that stands for a binary value in a difference (a body can be megabytes
 * and is not JSON text).
 */
#include "diff/internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

/* Length of the UTF-8 sequence at s (at most n bytes), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
        || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

bool diff_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;

    while (n > 0) {
        size_t k = utf8_seq(p, n);
        if (k == 0)
            return false;
        p += k;
        n -= k;
    }
    return true;
}

json_t *diff_binary_value(const char *s, size_t n)
{
    uint64_t h = rc_fnv1a64(RC_FNV1A64_BASIS, s, n);

    return json_sprintf("<binary: %zu bytes, fnv1a64 %016" PRIx64 ">", n,
                        h);
}
