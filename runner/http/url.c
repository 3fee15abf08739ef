/*
 * URL building (see url.h). Escaping is libcurl's (RFC 3986 unreserved
 * characters stay, everything else is percent-encoded).
 */
#include "http/url.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/jsonw.h"

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
    return jsonw_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
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

/* Scheme, host and port of url into out[3] (curl_free each); 0 or -1. */
static int origin_parts(char *out[3], const char *url)
{
    static const CURLUPart parts[3] = {CURLUPART_SCHEME, CURLUPART_HOST,
                                       CURLUPART_PORT};
    CURLU *u = curl_url();
    int rc = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
             ? 0 : -1;

    for (int i = 0; i < 3; i++) {
        out[i] = NULL;
        if (rc == 0 && curl_url_get(u, parts[i], &out[i],
                                    i == 2 ? CURLU_DEFAULT_PORT : 0)
                       != CURLUE_OK)
            rc = -1;
    }
    curl_url_cleanup(u);
    return rc;
}

bool url_same_origin(const char *a, const char *b)
{
    char *pa[3], *pb[3];
    bool same;

    if (a == NULL || b == NULL)
        return false;
    same = origin_parts(pa, a) == 0;
    same = origin_parts(pb, b) == 0 && same;
    for (int i = 0; i < 3; i++) {
        if (same && strcasecmp(pa[i], pb[i]) != 0)
            same = false;
        curl_free(pa[i]);
        curl_free(pb[i]);
    }
    return same;
}
