/*
 * MAPI properties and the body of an Outlook message (see mapi.h): the
 * property store both containers fill, code-page conversion, the notice
 * fields, and the choice of body with the RTF fallbacks (rtf.c).
 */
#include "notice/mapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/grow.h"
#include "notice/rtf.h"

bool mapi_wanted(uint16_t id)
{
    static const uint16_t ids[] = {
        PID_SUBJECT, PID_CLIENT_SUBMIT_TIME, PID_SENT_REPRESENTING_NAME,
        PID_SENT_REPRESENTING_EMAIL, PID_SENDER_NAME, PID_SENDER_EMAIL,
        PID_DELIVERY_TIME, PID_BODY, PID_RTF_COMPRESSED, PID_BODY_HTML,
        PID_INTERNET_MESSAGE_ID, PID_ATTACH_MIME_TAG,
        PID_ATTACH_LONG_FILENAME, PID_INTERNET_CPID, PID_MESSAGE_CODEPAGE,
        PID_SENDER_SMTP_ADDRESS};

    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (ids[i] == id)
            return true;
    return false;
}

int mapi_props_add(struct mapi_props *p, uint32_t tag, const void *data,
                   size_t len)
{
    unsigned char *copy = malloc(len + 1);

    if (copy == NULL)
        return RC_ENOMEM;
    if (len)
        memcpy(copy, data, len);
    copy[len] = 0;
    if (RC_GROW(p->v, p->cap, p->n, 16) != 0) {
        free(copy);
        return RC_ENOMEM;
    }
    p->v[p->n++] = (struct mapi_prop){tag, copy, len};
    return 0;
}

void mapi_props_release(struct mapi_props *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].data);
    free(p->v);
    memset(p, 0, sizeof *p);
}

const struct mapi_prop *mapi_props_get(const struct mapi_props *p,
                                       uint16_t id)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i].tag >> 16 == id)
            return &p->v[i];
    return NULL;
}

/* iconv's name of a Windows code page. */
static void codepage_name(char *out, size_t size, unsigned int cp)
{
    if (cp == 65001)
        snprintf(out, size, "UTF-8");
    else if (cp == 20127)
        snprintf(out, size, "ASCII");
    else if (cp >= 28591 && cp <= 28605)
        snprintf(out, size, "ISO-8859-%u", cp - 28590);
    else if (cp == 20866)
        snprintf(out, size, "KOI8-R");
    else
        snprintf(out, size, "CP%u", cp);
}

char *mapi_codepage_to_utf8(size_t *out_len, const char *s, size_t len,
                            unsigned int cp)
{
    char name[32];
    gsize n = 0;
    gchar *u;
    char *out;

    codepage_name(name, sizeof name, cp);
    u = g_convert(s, (gssize)len, "UTF-8", name, NULL, &n, NULL);
    if (u == NULL && cp != 1252)
        u = g_convert(s, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, &n,
                      NULL);
    if (u == NULL || !g_utf8_validate(u, (gssize)n, NULL)) {
        g_free(u);
        u = g_utf8_make_valid(s, (gssize)len);
        n = u ? strlen(u) : 0;
    }
    if (u == NULL)
        return NULL;
    for (gsize i = 0; i < n; i++)
        if (u[i] == '\0')
            u[i] = ' ';
    out = malloc(n + 1);
    if (out) {
        memcpy(out, u, n);
        out[n] = '\0';
        *out_len = n;
    }
    g_free(u);
    return out;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* UTF-16LE (len bytes, even) to UTF-8; a lone surrogate becomes U+FFFD
 * and a NUL a space. NULL on allocation failure. */
static char *utf16le_to_utf8(const unsigned char *s, size_t len)
{
    char *out = malloc(len / 2 * 3 + 1), *o = out;

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i + 1 < len; i += 2) {
        gunichar c = (gunichar)(s[i] | s[i + 1] << 8);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
            gunichar lo = (gunichar)(s[i + 2] | s[i + 3] << 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (c >= 0xD800 && c <= 0xDFFF)
            c = 0xFFFD;
        if (c == 0)
            c = ' ';
        o += g_unichar_to_utf8(c, o);
    }
    *o = '\0';
    return out;
}

/* The message's code page: PR_INTERNET_CPID, PR_MESSAGE_CODEPAGE, 1252. */
static unsigned int message_codepage(const struct mapi_props *p)
{
    static const uint16_t ids[] = {PID_INTERNET_CPID, PID_MESSAGE_CODEPAGE};

    for (size_t i = 0; i < 2; i++) {
        const struct mapi_prop *v = mapi_props_get(p, ids[i]);
        if (v && v->len >= 4 && le32(v->data) > 0)
            return le32(v->data);
    }
    return 1252;
}

/* A string property as UTF-8 (unicode or 8-bit through the code page),
 * without trailing NULs; NULL when absent or on allocation failure
 * (*oom tells which). */
static char *string_prop(const struct mapi_props *p, uint16_t id, bool *oom)
{
    const struct mapi_prop *v = mapi_props_get(p, id);
    size_t len, n = 0;
    char *out = NULL;

    if (v == NULL)
        return NULL;
    len = v->len;
    if ((v->tag & 0xFFFF) == PT_UNICODE) {
        len &= ~(size_t)1;
        while (len >= 2 && v->data[len - 1] == 0 && v->data[len - 2] == 0)
            len -= 2;
        out = utf16le_to_utf8(v->data, len);
    } else {
        while (len > 0 && v->data[len - 1] == 0)
            len--;
        out = mapi_codepage_to_utf8(&n, (const char *)v->data, len,
                                    message_codepage(p));
    }
    if (out == NULL)
        *oom = true;
    return out;
}

void mapi_fields_release(struct mapi_fields *f)
{
    free(f->subject);
    free(f->from);
    free(f->date);
    free(f->message_id);
    memset(f, 0, sizeof *f);
}

/* A PT_SYSTIME (FILETIME: 100 ns since 1601) as UTC ISO-8601. */
static char *systime(const struct mapi_props *p, uint16_t id)
{
    const struct mapi_prop *v = mapi_props_get(p, id);
    uint64_t ft;
    gint64 secs;
    GDateTime *dt;
    gchar *s;
    char *out;

    if (v == NULL || (v->tag & 0xFFFF) != PT_SYSTIME || v->len < 8)
        return NULL;
    ft = le32(v->data) | (uint64_t)le32(v->data + 4) << 32;
    if (ft == 0)
        return NULL;
    secs = (gint64)(ft / 10000000u) - 11644473600LL;
    dt = g_date_time_new_from_unix_utc(secs);
    if (dt == NULL)
        return NULL;
    s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(dt);
    out = s ? strdup(s) : NULL;
    g_free(s);
    return out;
}

/* "Name <address>", "address", "Name", or NULL. */
static char *sender(const struct mapi_props *p, bool *oom)
{
    char *name = string_prop(p, PID_SENDER_NAME, oom);
    char *addr = string_prop(p, PID_SENDER_SMTP_ADDRESS, oom);
    char *out = NULL;

    if (name == NULL)
        name = string_prop(p, PID_SENT_REPRESENTING_NAME, oom);
    if (addr == NULL || strchr(addr, '@') == NULL) {
        free(addr);
        addr = string_prop(p, PID_SENDER_EMAIL, oom);
    }
    if (addr == NULL || strchr(addr, '@') == NULL) {
        free(addr);
        addr = string_prop(p, PID_SENT_REPRESENTING_EMAIL, oom);
    }
    if (name && *name && addr && *addr) {
        if (asprintf(&out, "%s <%s>", name, addr) < 0) {
            out = NULL;
            *oom = true;
        }
    } else if (addr && *addr) {
        out = addr;
        addr = NULL;
    } else if (name && *name) {
        out = name;
        name = NULL;
    }
    free(name);
    free(addr);
    return out;
}

int mapi_fields_get(struct mapi_fields *f, const struct mapi_props *p)
{
    bool oom = false;
    char *id;

    memset(f, 0, sizeof *f);
    f->subject = string_prop(p, PID_SUBJECT, &oom);
    f->from = sender(p, &oom);
    f->date = systime(p, PID_CLIENT_SUBMIT_TIME);
    if (f->date == NULL)
        f->date = systime(p, PID_DELIVERY_TIME);
    id = string_prop(p, PID_INTERNET_MESSAGE_ID, &oom);
    if (id) {
        size_t n = strlen(id);
        char *start = id + (id[0] == '<');
        if (n && id[n - 1] == '>')
            id[n - 1] = '\0';
        f->message_id = *start ? strdup(start) : NULL;
        free(id);
    }
    if (oom) {
        mapi_fields_release(f);
        return RC_ENOMEM;
    }
    return 0;
}

/* The charset an HTML document names in its first 2 KiB, or NULL. */
static char *html_charset(const unsigned char *s, size_t len)
{
    size_t n = len < 2048 ? len : 2048;
    const char *hit = g_strstr_len((const char *)s, (gssize)n, "charset=");
    size_t k = 0;

    if (hit == NULL)
        hit = g_strstr_len((const char *)s, (gssize)n, "CHARSET=");
    if (hit == NULL)
        return NULL;
    hit += 8;
    if (hit < (const char *)s + n && (*hit == '"' || *hit == '\''))
        hit++;
    while (hit + k < (const char *)s + n && k < 40 &&
           (g_ascii_isalnum(hit[k]) || hit[k] == '-' || hit[k] == '_'))
        k++;
    return k ? strndup(hit, k) : NULL;
}

/* A binary HTML body in UTF-8: through its own charset when it names
 * one iconv knows, else through the message's code page. */
static char *binary_html(size_t *out_len, const struct mapi_prop *v,
                         unsigned int cp)
{
    char *cs = html_charset(v->data, v->len);
    char *out = NULL;

    if (cs) {
        gsize n = 0;
        gchar *u = g_convert((const char *)v->data, (gssize)v->len, "UTF-8",
                             cs, NULL, &n, NULL);
        if (u && g_utf8_validate(u, (gssize)n, NULL)) {
            out = malloc(n + 1);
            if (out) {
                memcpy(out, u, n);
                out[n] = '\0';
                for (gsize i = 0; i < n; i++)
                    if (out[i] == '\0')
                        out[i] = ' ';
                *out_len = n;
            }
            g_free(u);
            free(cs);
            return out;
        }
        g_free(u);
        free(cs);
    }
    return mapi_codepage_to_utf8(out_len, (const char *)v->data, v->len, cp);
}

/* The property id of p if its type is t1, t2 or PT_STRING8, else NULL
 * with a warning (a property of another type is garbage). */
static const struct mapi_prop *typed(const struct mapi_props *p, uint16_t id,
                                     uint16_t t1, uint16_t t2,
                                     const char *what, const char *where,
                                     struct strvec *warnings, bool *oom)
{
    const struct mapi_prop *v = mapi_props_get(p, id);
    uint16_t type = v ? v->tag & 0xFFFF : 0;

    if (v == NULL || type == t1 || type == t2 || type == PT_STRING8)
        return v;
    if (strvec_pushf(warnings, "%s: %s has property type 0x%04X, "
                     "skipped", where, what, (unsigned)type) != 0)
        *oom = true;
    return NULL;
}

/* The RTF body decompressed, or NULL with a warning when it is corrupt
 * (*oom on allocation failure). */
static char *rtf_body(size_t *len, const struct mapi_props *p,
                      const char *where, struct strvec *warnings, bool *oom)
{
    const struct mapi_prop *v = typed(p, PID_RTF_COMPRESSED, PT_BINARY,
                                      PT_BINARY, "RTF body", where, warnings,
                                      oom);
    enum rtf_status st;
    char *rtf = NULL;

    if (v == NULL)
        return NULL;
    st = rtf_decompress(&rtf, len, v->data, v->len);
    if (st == RTF_ENOMEM)
        *oom = true;
    else if (st != RTF_OK &&
             strvec_pushf(warnings, "%s: RTF body unreadable (%s), next "
                          "body used", where, rtf_status_text(st)) != 0)
        *oom = true;
    return rtf;
}

int mapi_body(char **out, size_t *out_len, bool *html,
              const struct mapi_props *p, const char *where,
              struct strvec *warnings)
{
    bool oom = false;
    const struct mapi_prop *h = typed(p, PID_BODY_HTML, PT_BINARY,
                                      PT_UNICODE, "HTML body", where,
                                      warnings, &oom);
    const struct mapi_prop *b = typed(p, PID_BODY, PT_UNICODE, PT_UNICODE,
                                      "text body", where, warnings, &oom);
    unsigned int cp = message_codepage(p);
    enum rtf_kind kind = RTF_KIND_RTF;
    size_t rlen = 0;
    char *rtf;

    *out = NULL;
    *out_len = 0;
    *html = true;
    if (h && (h->tag & 0xFFFF) == PT_BINARY) {
        *out = binary_html(out_len, h, cp);
        return *out ? 0 : RC_ENOMEM;
    }
    if (oom)
        return RC_ENOMEM;
    if (h) {
        *out = string_prop(p, PID_BODY_HTML, &oom);
        *out_len = *out ? strlen(*out) : 0;
        return oom ? RC_ENOMEM : 0;
    }
    rtf = rtf_body(&rlen, p, where, warnings, &oom);
    if (rtf)
        kind = rtf_kind_of(rtf, rlen);
    if (rtf && kind == RTF_KIND_HTML) {
        *out = rtf_deencapsulate(out_len, rtf, rlen, kind, cp);
        oom = *out == NULL;
    } else if (b) {
        *html = false;
        *out = string_prop(p, PID_BODY, &oom);
        *out_len = *out ? strlen(*out) : 0;
    } else if (rtf) {
        /* \fromtext, or a body written in RTF: its text */
        *html = false;
        *out = rtf_deencapsulate(out_len, rtf, rlen, RTF_KIND_TEXT, cp);
        oom = *out == NULL;
    }
    free(rtf);
    return oom ? RC_ENOMEM : 0;
}
