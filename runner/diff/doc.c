/*
 * Documents and whole comparisons (see diff.h): deciding a body's format
 * from its Content-Type or its first bytes, parsing it (jansson, libxml2),
 * reading files and fixtures for `relcheck diff`, and comparing two sides
 * with status, headers and body as SPEC section 6 says.
 */
#include "diff/internal.h"
#include "core/base64.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "core/fsutil.h"
#include "core/json.h"

#define JSON_FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

void diff_init(void)
{
    xmlInitParser();
}

void diff_doc_init(struct diff_doc *d)
{
    memset(d, 0, sizeof *d);
}

void diff_doc_release(struct diff_doc *d)
{
    json_decref(d->json);
    json_decref(d->headers);
    json_decref(d->root);
    if (d->xml)
        xmlFreeDoc(d->xml);
    free(d->text);
    strvec_release(&d->noise);
    diff_doc_init(d);
}

/* ---- formats ----------------------------------------------------------- */

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

/* The format a Content-Type names (parameters ignored). */
static enum diff_format format_of_type(const char *ct)
{
    size_t n = strcspn(ct, ";");

    while (n > 0 && isspace((unsigned char)ct[n - 1]))
        n--;
    if (ends_with(ct, n, "/json") || ends_with(ct, n, "+json"))
        return DIFF_FMT_JSON;
    if (ends_with(ct, n, "/xml") || ends_with(ct, n, "+xml"))
        return DIFF_FMT_XML;
    return DIFF_FMT_TEXT;
}

/* The first byte that is not whitespace or a UTF-8 byte order mark. */
static const char *first_char(const char *s, size_t n)
{
    const char *end = s + n;

    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    while (s < end && isspace((unsigned char)*s))
        s++;
    return s < end ? s : NULL;
}

/* Format by content: JSON, XML (but not HTML), text or empty. */
static enum diff_format sniff(const char *s, size_t n)
{
    const char *p = first_char(s, n);
    size_t left;

    if (p == NULL)
        return DIFF_FMT_EMPTY;
    if (*p == '{' || *p == '[')
        return DIFF_FMT_JSON;
    if (*p != '<')
        return DIFF_FMT_TEXT;
    left = (size_t)(s + n - p);
    if ((left >= 14 && strncasecmp(p, "<!doctype html", 14) == 0)
        || (left >= 5 && strncasecmp(p, "<html", 5) == 0))
        return DIFF_FMT_TEXT;
    return DIFF_FMT_XML;
}

/* ---- parsing ------------------------------------------------------------- */

/* libxml2 reports some errors (encoding conversion) through its generic
 * handler even with XML_PARSE_NOERROR; the engine never prints. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static int parse_xml(struct diff_doc *d, const char *body, size_t len,
                     const char *name, struct rc_error *err)
{
    xmlGenericErrorFunc old_fn = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlParserCtxtPtr ctxt;
    int rc = 0;

    if (len > INT_MAX)
        return rc_error_set(err, RC_EINPUT, name, "document too large");
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        return rc_error_set(err, RC_ENOMEM, name, "out of memory");
    xmlSetGenericErrorFunc(NULL, quiet);
    d->xml = xmlCtxtReadMemory(ctxt, body, (int)len, name, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR
                                   | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(old_ctx, old_fn);
    if (d->xml == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[512];
        snprintf(msg, sizeof msg, "%s",
                 e && e->message ? e->message : "malformed XML");
        msg[strcspn(msg, "\n")] = '\0';
        msg[0] = (char)tolower((unsigned char)msg[0]);
        rc = rc_error_at(err, RC_EINPUT, name, e && e->line > 0 ? e->line : 1,
                         e && e->int2 > 0 ? e->int2 : 1, "%s", msg);
        if (d->xml)
            xmlFreeDoc(d->xml);
        d->xml = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return rc;
}

static int keep_text(struct diff_doc *d, const char *body, size_t len,
                     enum diff_format f, const char *name,
                     struct rc_error *err)
{
    d->format = f;
    d->text = malloc(len + 1);
    if (d->text == NULL)
        return rc_error_set(err, RC_ENOMEM, name, "out of memory");
    if (len)
        memcpy(d->text, body, len);
    d->text[len] = '\0';
    d->len = len;
    return 0;
}

/* A JSON body: any value, scalars too (an API may answer `true`). */
static int parse_json(struct diff_doc *d, const char *body, size_t len,
                      const char *name, struct rc_error *err)
{
    json_error_t je;

    /* a body read as record and run read it: a repeated member keeps
     * its last value (see jx_load_body) */
    d->json = json_loadb(body, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    if (d->json == NULL)
        return rc_error_at(err, RC_EINPUT, name, je.line > 0 ? je.line : 1,
                           je.column > 0 ? je.column : 1, "%s", je.text);
    return 0;
}

/* Text unless the bytes are not UTF-8: such a body is compared whole. */
static enum diff_format text_or_binary(const char *body, size_t len)
{
    return diff_utf8_valid(body, len) ? DIFF_FMT_TEXT : DIFF_FMT_BINARY;
}

int diff_doc_parse(struct diff_doc *d, const char *body, size_t len,
                   const char *content_type, const char *name, bool strict,
                   struct rc_error *err)
{
    enum diff_format f;
    int rc;

    if (body == NULL || first_char(body, len) == NULL) {
        d->format = DIFF_FMT_EMPTY;
        return 0;
    }
    f = content_type ? format_of_type(content_type) : sniff(body, len);
    if (f == DIFF_FMT_JSON)
        rc = parse_json(d, body, len, name, err);
    else if (f == DIFF_FMT_XML)
        rc = parse_xml(d, body, len, name, err);
    else
        return keep_text(d, body, len, text_or_binary(body, len), name,
                         err);
    if (rc == 0) {
        d->format = f;
        return 0;
    }
    if (strict || rc == RC_ENOMEM)
        return rc;
    rc_error_clear(err);
    d->unparsed = true;
    return keep_text(d, body, len, text_or_binary(body, len), name, err);
}

/* ---- files and fixtures ------------------------------------------------- */

static bool is_fixture(const json_t *root)
{
    const json_t *r = json_object_get(root, "response");

    return json_is_object(r) && json_is_integer(json_object_get(r, "status"));
}

static int take_noise(struct diff_doc *d, const json_t *noise)
{
    size_t i;
    json_t *v;

    json_array_foreach(noise, i, v) {
        if (json_is_string(v) && strvec_push(&d->noise,
                                             json_string_value(v)) < 0)
            return RC_ENOMEM;
    }
    return 0;
}

/* A fixture's body_base64: decoded, then compared as bytes. */
static int open_base64(struct diff_doc *d, const json_t *b64,
                       const char *path, struct rc_error *err)
{
    int rc = b64_decode(&d->text, &d->len, json_string_value(b64),
                                json_string_length(b64));

    if (rc == RC_EINPUT)
        return rc_error_set(err, RC_EINPUT, path,
                            "response.body_base64 is not base64");
    if (rc < 0)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    d->format = DIFF_FMT_BINARY;
    return 0;
}

/* Turns d (holding a fixture document in d->json) into its response. */
static int open_fixture(struct diff_doc *d, const char *path,
                        struct rc_error *err)
{
    const json_t *r = json_object_get(d->json, "response");
    const json_t *h = json_object_get(r, "headers");
    const json_t *ct = json_is_object(h) ? json_object_get(h, "content-type")
                                         : NULL;
    const json_t *body = json_object_get(r, "body");
    const json_t *text = json_object_get(r, "body_text");
    const json_t *b64 = json_object_get(r, "body_base64");

    d->root = d->json;
    d->json = NULL;
    d->fixture = true;
    d->status = (int)json_integer_value(json_object_get(r, "status"));
    d->headers = json_is_object(h) ? json_incref((json_t *)h) : NULL;
    if (take_noise(d, json_object_get(d->root, "noise")) < 0)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    if (body) {
        d->format = DIFF_FMT_JSON;
        d->json = json_incref((json_t *)body);
        return 0;
    }
    if (json_is_string(text)) /* as `run` sees it: text if it won't parse */
        return diff_doc_parse(d, json_string_value(text),
                              json_string_length(text),
                              json_is_string(ct) ? json_string_value(ct)
                                                 : NULL,
                              path, false, err);
    if (json_is_string(b64))
        return open_base64(d, b64, path, err);
    d->format = DIFF_FMT_EMPTY;
    return 0;
}

/* Loads a JSON file straight from the stream (no copy of its text). */
static int load_json_file(struct diff_doc *d, FILE *fp, const char *path,
                          struct rc_error *err)
{
    json_error_t je;

    d->json = json_loadf(fp, JSON_FLAGS, &je);
    if (d->json == NULL)
        return rc_error_at(err, RC_EINPUT, path, je.line > 0 ? je.line : 1,
                           je.column > 0 ? je.column : 1, "%s", je.text);
    d->format = DIFF_FMT_JSON;
    if (is_fixture(d->json))
        return open_fixture(d, path, err);
    return 0;
}

/* Peeks at the first meaningful byte of fp and rewinds it. */
static int peek(FILE *fp)
{
    int c;

    while ((c = getc(fp)) != EOF && (isspace(c) || c == 0xEF || c == 0xBB
                                     || c == 0xBF))
        ;
    rewind(fp);
    return c;
}

int diff_doc_load(struct diff_doc *d, const char *path, struct rc_error *err)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    int rc, c;

    diff_doc_init(d);
    if (fp == NULL || !fs_is_file(path)) {
        if (fp)
            fclose(fp);
        return rc_error_set(err, RC_EINPUT, path, "cannot read file");
    }
    c = peek(fp);
    if (c == '{' || c == '[') {
        rc = load_json_file(d, fp, path, err);
        fclose(fp);
        return rc;
    }
    fclose(fp);
    rc = fs_read_file(&buf, &len, path, JX_MAX_FILE, err);
    if (rc == 0)
        rc = diff_doc_parse(d, buf, len, NULL, path, true, err);
    free(buf);
    return rc;
}

/* ---- comparing ---------------------------------------------------------- */

static void emit_raw(struct dctx *x, const char *name, enum diff_kind kind,
                     int sev, const json_t *old, const json_t *new_)
{
    struct chain link = {NULL, {0}};

    link.c.kind = PCOMP_RAW;
    link.c.name = name;
    link.c.len = strlen(name);
    diff_emit(x, &link, kind, sev, old, new_);
}

static void cmp_status(struct dctx *x, int a, int b)
{
    json_t *ja, *jb;

    if (a == 0 || b == 0 || a == b)
        return;
    ja = json_integer(a);
    jb = json_integer(b);
    emit_raw(x, "status", DIFF_CHANGED, SEV_BREAKING, ja, jb);
    json_decref(ja);
    json_decref(jb);
}

static void cmp_headers(struct dctx *x, const json_t *ha, const json_t *hb,
                        const struct strvec *names)
{
    for (size_t i = 0; names && i < names->n && x->rc == 0; i++) {
        const json_t *va = ha ? json_object_get(ha, names->v[i]) : NULL;
        const json_t *vb = hb ? json_object_get(hb, names->v[i]) : NULL;
        char path[300];
        if ((va == NULL && vb == NULL)
            || (va && vb && json_equal((json_t *)va, (json_t *)vb)))
            continue;
        snprintf(path, sizeof path, "headers.%s", names->v[i]);
        emit_raw(x, path, DIFF_CHANGED, SEV_CHANGED, va, vb);
    }
}

static void cmp_binary(struct dctx *x, const struct diff_doc *a,
                       const struct diff_doc *b)
{
    json_t *ja, *jb;

    if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
        return;
    ja = diff_binary_value(a->text, a->len);
    jb = diff_binary_value(b->text, b->len);
    if (ja == NULL || jb == NULL)
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    else
        emit_raw(x, "body", DIFF_CHANGED, SEV_DEFAULT, ja, jb);
    json_decref(ja);
    json_decref(jb);
}

static void cmp_bodies(struct dctx *x, const struct diff_doc *a,
                       const struct diff_doc *b)
{
    x->r->format = a->format;
    if (a->format != b->format) {
        json_t *ja = json_string(diff_format_name(a->format));
        json_t *jb = json_string(diff_format_name(b->format));
        emit_raw(x, "body", DIFF_TYPE, SEV_DEFAULT, ja, jb);
        json_decref(ja);
        json_decref(jb);
        return;
    }
    if (a->format == DIFF_FMT_JSON)
        diff_json_at(x, NULL, a->json, b->json);
    else if (a->format == DIFF_FMT_XML)
        diff_xml_docs(x, a->xml, b->xml);
    else if (a->format == DIFF_FMT_TEXT)
        diff_text(x, a->text, a->len, b->text, b->len);
    else if (a->format == DIFF_FMT_BINARY)
        cmp_binary(x, a, b);
}

int diff_docs(struct diff_result *out, const struct diff_doc *a,
              const struct diff_doc *b, const struct diff_options *opts,
              struct rc_error *err)
{
    struct dctx x = {out, opts, err, 0, 0, 0};

    if (a->fixture && b->fixture) {
        cmp_status(&x, a->status, b->status);
        cmp_headers(&x, a->headers, b->headers, opts->headers);
    }
    if (x.rc == 0)
        cmp_bodies(&x, a, b);
    return x.rc;
}

/* Fills view from a side: its parsed JSON, or its body parsed. */
static int side_doc(struct diff_doc *view, const struct diff_side *s,
                    bool strict, struct rc_error *err)
{
    const char *ct = s->content_type;
    const json_t *h;

    if (s->json) {
        view->format = DIFF_FMT_JSON;
        view->json = json_incref((json_t *)s->json);
        return 0;
    }
    if (ct == NULL && s->headers
        && json_is_string(h = json_object_get(s->headers, "content-type")))
        ct = json_string_value(h);
    return diff_doc_parse(view, s->body, s->body_len, ct,
                          s->name ? s->name : "body", strict, err);
}

/*
 * With redaction, a body that does not parse cannot have its personal
 * data found: it is compared (and shown) only as redact_fn of its whole
 * bytes, so an unchanged body stays the same and no value is shown.
 */
static int redact_unparsed(struct diff_doc *view,
                           const struct diff_options *o,
                           struct rc_error *err)
{
    json_t *whole, *red;

    if (!view->unparsed || o->redact == NULL || o->redact->n == 0 ||
        o->redact_fn == NULL)
        return 0;
    whole = json_stringn_nocheck(view->text, view->len);
    red = whole ? o->redact_fn(o->redact_ctx, whole) : NULL;
    json_decref(whole);
    if (!json_is_string(red)) {
        json_decref(red);
        return rc_error_set(err, RC_ENOMEM, "body", "out of memory");
    }
    free(view->text);
    view->text = strdup(json_string_value(red));
    view->len = view->text ? strlen(view->text) : 0;
    view->format = DIFF_FMT_TEXT;
    json_decref(red);
    return view->text ? 0 : rc_error_set(err, RC_ENOMEM, "body",
                                         "out of memory");
}

int diff_compare(struct diff_result *out, const struct diff_side *baseline,
                 const struct diff_side *replay,
                 const struct diff_options *opts, struct rc_error *err)
{
    struct dctx x = {out, opts, err, 0, 0, 0};
    struct diff_doc a, b;

    diff_doc_init(&a);
    diff_doc_init(&b);
    cmp_status(&x, baseline->status, replay->status);
    cmp_headers(&x, baseline->headers, replay->headers, opts->headers);
    if (opts->same_json)
        out->format = DIFF_FMT_JSON;
    else if (x.rc == 0 && (x.rc = side_doc(&a, baseline, opts->strict, err)) == 0
        && (x.rc = side_doc(&b, replay, opts->strict, err)) == 0
        && (x.rc = redact_unparsed(&a, opts, err)) == 0
        && (x.rc = redact_unparsed(&b, opts, err)) == 0)
        cmp_bodies(&x, &a, &b);
    diff_doc_release(&a);
    diff_doc_release(&b);
    return x.rc;
}
