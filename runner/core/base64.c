/*
 * Base64 (see base64.h).
 */
#include "core/base64.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* The standard-alphabet character for c, '\0' to skip it, or -1. */
static int normalise(unsigned char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9') || c == '+' || c == '/')
        return c;
    if (c == '-')
        return '+';
    if (c == '_')
        return '/';
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return 0;
    return -1;
}

int b64_decode(char **out, size_t *len, const char *s, size_t n)
{
    char *clean = malloc(n + 4);
    char *buf = malloc(n / 4 * 3 + 4);
    size_t k = 0, pad = 0, o;
    gint state = 0;
    guint save = 0;

    *out = NULL;
    if (clean == NULL || buf == NULL) {
        free(clean);
        free(buf);
        return RC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        int c = s[i] == '=' ? '=' : normalise((unsigned char)s[i]);
        if (c < 0 || (pad && c != '=' && c != 0)) {
            free(clean);
            free(buf);
            return RC_EINPUT;
        }
        if (c == '=')
            pad++;
        else if (c)
            clean[k++] = (char)c;
    }
    while (k % 4)
        clean[k++] = '=';
    o = g_base64_decode_step(clean, k, (guchar *)buf, &state, &save);
    free(clean);
    buf[o] = '\0';
    *out = buf;
    *len = o;
    return 0;
}

char *b64_encode(const void *data, size_t len)
{
    gchar *g = g_base64_encode(data, len);
    char *out = g ? strdup(g) : NULL;

    g_free(g);
    return out;
}
