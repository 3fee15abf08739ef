/*
 * Batches of captured requests and the small text codecs the readers share
 * (percent-decoding, base64, shell word splitting). See imp.h.
 */
#include "import/imp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/jread.h"
#include "core/buf.h"
#include "core/grow.h"
#include "core/json.h"

void imp_headers_release(struct imp_headers *h)
{
    strvec_release(&h->names);
    strvec_release(&h->values);
}

const char *imp_headers_get(const struct imp_headers *h, const char *name)
{
    for (size_t i = 0; i < h->names.n; i++)
        if (strcasecmp(h->names.v[i], name) == 0)
            return h->values.v[i];
    return NULL;
}

int imp_headers_add(struct imp_headers *h, const char *name,
                    const char *value)
{
    if (strvec_push(&h->names, name) < 0)
        return RC_ENOMEM;
    if (strvec_push(&h->values, value ? value : "") < 0) {
        free(h->names.v[--h->names.n]);
        return RC_ENOMEM;
    }
    return 0;
}

struct imp_req *imp_batch_add(struct imp_batch *b)
{
    if (RC_GROW(b->v, b->cap, b->n, 16) != 0)
        return NULL;
    memset(&b->v[b->n], 0, sizeof b->v[b->n]);
    return &b->v[b->n++];
}

static void req_release(struct imp_req *r)
{
    free(r->method);
    free(r->url);
    imp_headers_release(&r->headers);
    free(r->body);
    free(r->label);
    free(r->description);
    free(r->group);
    strvec_release(&r->dropped);
    imp_headers_release(&r->resp_headers);
    free(r->resp_body);
    free(r->started);
}

void imp_batch_release(struct imp_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        req_release(&b->v[i]);
    free(b->v);
    free(b->name);
    free(b->description);
    strvec_release(&b->dropped);
    strvec_release(&b->secrets);
    memset(b, 0, sizeof *b);
}

int imp_secret_add(struct imp_batch *b, const char *value)
{
    if (value == NULL || strlen(value) < 4
        || strvec_contains(&b->secrets, value))
        return 0;
    return strvec_push(&b->secrets, value);
}

int imp_pct_encode(struct rc_buf *w, const char *s)
{
    int rc = 0;

    for (; rc == 0 && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            rc = rc_buf_addc(w, (char)c);
        else
            rc = rc_buf_printf(w, "%%%02X", c);
    }
    return rc;
}

/* Appends the UTF-8 encoding of code point cp. */
static int add_utf8(struct rc_buf *w, unsigned long cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    }
    return rc_buf_add(w, u, n);
}

/* One C escape of $'...' at *p (just after the backslash); advances *p. */
static int ansi_escape(struct rc_buf *w, const char **p)
{
    static const char from[] = "nrtabefv\\'\"?";
    static const char to[] = "\n\r\t\a\b\x1b\f\v\\'\"?";
    const char *e = strchr(from, **p);
    unsigned long cp = 0;
    int digits = 0, max = 0;

    if (**p && e) {
        (*p)++;
        return rc_buf_addc(w, to[e - from]);
    }
    if (**p == 'x')
        max = 2;
    else if (**p == 'u')
        max = 4;
    if (max == 0)
        return rc_buf_addc(w, '\\');
    (*p)++;
    while (digits < max && pct_hexval((unsigned char)**p) >= 0) {
        cp = cp * 16 + (unsigned long)pct_hexval((unsigned char)**p);
        (*p)++;
        digits++;
    }
    if (max == 2)
        return rc_buf_addc(w, (char)cp);
    return add_utf8(w, cp);
}

/* Reads one quoted part starting at *p (at the opening quote). */
static int quoted(struct rc_buf *w, const char **p, struct rc_error *err)
{
    char q = **p;
    bool ansi = q == '$';
    int rc = 0;

    *p += ansi ? 2 : 1;
    if (ansi)
        q = '\'';
    while (rc == 0 && **p && **p != q) {
        if (ansi && **p == '\\') {
            (*p)++;
            rc = ansi_escape(w, p);
            continue;
        }
        if (q == '"' && **p == '\\' && (*p)[1]
            && strchr("\"\\$`\n", (*p)[1])) {
            (*p)++;
            if (**p == '\n') {
                (*p)++;
                continue;
            }
        }
        rc = rc_buf_addc(w, *(*p)++);
    }
    if (rc == 0 && **p != q)
        return rc_error_set(err, RC_EUSAGE, "import", "unterminated %s "
                            "quote", q == '"' ? "double" : "single");
    (*p)++;
    return rc;
}

int imp_shell_split(struct strvec *out, const char *line,
                    struct rc_error *err)
{
    struct rc_buf w;
    const char *p = line;
    bool in_word = false;
    int rc = 0;

    rc_buf_init(&w, (size_t)1 << 30);
    while (rc == 0 && *p) {
        if (*p == '\\' && p[1] == '\n') {
            p += 2;
        } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            if (in_word && (rc = strvec_push(out, rc_buf_str(&w))) == 0)
                rc_buf_reset(&w);
            in_word = false;
            p++;
        } else if (*p == '\'' || *p == '"' || (*p == '$' && p[1] == '\'')) {
            in_word = true;
            rc = quoted(&w, &p, err);
        } else {
            if (*p == '\\' && p[1])
                p++;
            in_word = true;
            rc = rc_buf_addc(&w, *p++);
        }
    }
    if (rc == 0 && in_word)
        rc = strvec_push(out, rc_buf_str(&w));
    rc_buf_release(&w);
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, "import", "out of memory");
    return rc;
}

int imp_read_json(struct imp_batch *b, const char *path,
                  int (*fn)(struct jread *jr, struct imp_batch *b,
                            const json_t *root),
                  struct strvec *warnings, struct rc_error *err)
{
    json_t *root = NULL;
    char *text = NULL;
    struct jread jr;
    int rc;

    if ((rc = jx_load(&root, &text, path, err)) != 0)
        goto done;
    jread_init(&jr, path, text, strlen(text), warnings, err);
    rc = fn(&jr, b, root);
    if (rc == RC_ECONFIG)
        err->code = rc = RC_EINPUT;
done:
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, path, "out of memory");
    json_decref(root);
    free(text);
    return rc;
}
