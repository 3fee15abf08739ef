/*
 * URL building (see url.h). Escaping is libcurl's (RFC 3986 unreserved
 * characters stay, everything else is percent-encoded).
 */
#include "http/url.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

char *url_join(const char *base, const char *path)
{
    size_t bl;
    char *out;

    if (path == NULL || strstr(path, "://") != NULL || base == NULL)
        return strdup(path ? path : base);
    bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/')
        bl--;
    while (*path == '/')
        path++;
    out = malloc(bl + strlen(path) + 2);
    if (out == NULL)
        return NULL;
    memcpy(out, base, bl);
    out[bl] = '/';
    strcpy(out + bl + 1, path);
    return out;
}

char *url_scalar_text(const json_t *v)
{
    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_null(v))
        return strdup("");
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Appends one escaped name=value pair. */
static int add_pair(struct rc_buf *url, const char *name, const json_t *v)
{
    char *text = url_scalar_text(v), *en = NULL, *ev = NULL;
    int rc = RC_ENOMEM;

    if (text == NULL)
        return RC_ENOMEM;
    en = curl_easy_escape(NULL, name, 0);
    ev = curl_easy_escape(NULL, text, 0);
    if (en && ev)
        rc = rc_buf_printf(url, "%c%s=%s",
                           strchr(rc_buf_str(url), '?') ? '&' : '?', en, ev);
    curl_free(en);
    curl_free(ev);
    free(text);
    return rc;
}

int url_add_query(struct rc_buf *url, const json_t *query)
{
    const char *name;
    json_t *v;
    int rc;

    json_object_foreach((json_t *)query, name, v) {
        if (json_is_array(v)) {
            size_t i;
            json_t *e;

            json_array_foreach(v, i, e)
                if ((rc = add_pair(url, name, e)) != 0)
                    return rc;
            continue;
        }
        if ((rc = add_pair(url, name, v)) != 0)
            return rc;
    }
    return 0;
}
