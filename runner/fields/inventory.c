/*
 * The inventory of a fixture's fields (see fields.h): one walk over the
 * JSON value or the XML tree, keeping the path as a stack of components.
 */
#include "fields/fields.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/buf.h"
#include "core/grow.h"
#include "core/json.h"
#include "diff/diff.h"

#define PATH_TEXT_MAX ((size_t)1 << 24)

struct walk {
    struct field_inv *inv;
    struct pattern_set uses, noise;
    const struct pattern_set *ignore, *redact;
    struct pcomp *stack;
    size_t cap;
    int rc;
};

static bool reserve(struct walk *w, size_t depth)
{
    if (RC_GROW(w->stack, w->cap, depth, 32) == 0)
        return true;
    w->rc = RC_ENOMEM;
    return false;
}

/* Marks the uses patterns that match the node at stack[0..n). */
static void mark_hits(struct walk *w, size_t n)
{
    for (size_t i = 0; i < w->uses.n; i++)
        if (!w->inv->hit[i] && pattern_match(w->uses.v[i], w->stack, n))
            w->inv->hit[i] = true;
}

/* The last named step of stack[0..n) (member, element, attribute). */
static char *last_name(const struct pcomp *c, size_t n)
{
    while (n > 0) {
        const struct pcomp *p = &c[--n];
        if (p->kind == PCOMP_MEMBER)
            return strndup(p->name, p->len);
        if (p->kind == PCOMP_ELEMENT || p->kind == PCOMP_ATTR)
            return strndup(p->name + p->local, p->len - p->local);
    }
    return NULL;
}

/* Adds (or updates) the row of the leaf at stack[0..n); steals value. */
static void add_leaf(struct walk *w, size_t n, const char *type,
                     json_t *value)
{
    struct field_inv *inv = w->inv;
    struct rc_buf b;
    bool used = w->uses.n == 0
                || pattern_set_covers(&w->uses, w->stack, n) != NULL;
    bool noise = pattern_set_covers(&w->noise, w->stack, n) != NULL
                 || pattern_set_covers(w->ignore, w->stack, n) != NULL;
    bool personal = pattern_set_covers(w->redact, w->stack, n) != NULL
                    || (json_is_string(value)
                        && strncmp(json_string_value(value), "<redacted",
                                   9) == 0);
    gpointer at;

    rc_buf_init(&b, PATH_TEXT_MAX);
    if (value == NULL || pcomp_render(&b, w->stack, n, true) < 0) {
        w->rc = RC_ENOMEM;
        goto done;
    }
    at = g_hash_table_lookup(inv->index, rc_buf_str(&b));
    if (at) {
        inv->v[GPOINTER_TO_SIZE(at) - 1].used |= used;
        inv->v[GPOINTER_TO_SIZE(at) - 1].noise |= noise;
        inv->v[GPOINTER_TO_SIZE(at) - 1].personal |= personal;
        goto done;
    }
    if (RC_GROW(inv->v, inv->cap, inv->n, 32) != 0) {
        w->rc = RC_ENOMEM;
        goto done;
    }
    struct field_row *r = &inv->v[inv->n];
    memset(r, 0, sizeof *r);
    r->field = rc_buf_detach(&b, NULL);
    r->name = last_name(w->stack, n);
    r->type = type;
    r->example = value;
    r->used = used;
    r->noise = noise;
    r->personal = personal;
    value = NULL;
    if (r->field == NULL) {
        w->rc = RC_ENOMEM;
        goto done;
    }
    inv->n++;
    g_hash_table_insert(inv->index, r->field, GSIZE_TO_POINTER(inv->n));
done:
    json_decref(value);
    rc_buf_release(&b);
}

static void walk_json(struct walk *w, const json_t *v, size_t depth)
{
    struct pcomp *c;

    mark_hits(w, depth);
    if ((!json_is_object(v) && !json_is_array(v)) || json_object_size(v)
                                                     + json_array_size(v)
                                                 == 0) {
        add_leaf(w, depth, jx_type_name(v), json_incref((json_t *)v));
        return;
    }
    if (!reserve(w, depth))
        return;
    c = &w->stack[depth];
    memset(c, 0, sizeof *c);
    if (json_is_object(v)) {
        const char *key;
        json_t *m;
        json_object_foreach((json_t *)v, key, m) {
            w->stack[depth].kind = PCOMP_MEMBER;
            w->stack[depth].name = key;
            w->stack[depth].len = strlen(key);
            walk_json(w, m, depth + 1);
            if (w->rc)
                return;
        }
        return;
    }
    for (size_t i = 0; i < json_array_size(v) && w->rc == 0; i++) {
        w->stack[depth].kind = PCOMP_INDEX;
        w->stack[depth].name = NULL;
        w->stack[depth].index = i;
        walk_json(w, json_array_get(v, i), depth + 1);
    }
}

/* ---- XML ----------------------------------------------------------------- */

static bool has_elements(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return true;
    return false;
}

/* The element's trimmed text (new JSON string). */
static json_t *text_of(const xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    const char *p = s ? (const char *)s : "";
    size_t len = strlen(p);
    json_t *v;

    while (len && isspace((unsigned char)*p)) {
        p++;
        len--;
    }
    while (len && isspace((unsigned char)p[len - 1]))
        len--;
    v = json_stringn(p, len);
    xmlFree(s);
    return v;
}

static bool same_name(const xmlNode *a, const xmlNode *b)
{
    return a->type == XML_ELEMENT_NODE && b->type == XML_ELEMENT_NODE
           && strcmp((const char *)a->name, (const char *)b->name) == 0;
}

/* 1-based position among same-named siblings, 0 when it has none (for
 * positional `uses` patterns; fixtures are small, so siblings are
 * scanned). */
static size_t position(const xmlNode *n)
{
    size_t before = 0, after = 0;

    for (const xmlNode *s = n->prev; s; s = s->prev)
        before += same_name(s, n);
    for (const xmlNode *s = n->next; s; s = s->next)
        after += same_name(s, n);
    return before + after ? before + 1 : 0;
}

static void element_comp(struct pcomp *c, const xmlNode *n)
{
    memset(c, 0, sizeof *c);
    c->kind = PCOMP_ELEMENT;
    c->name = (const char *)n->name;
    c->len = strlen(c->name);
    c->index = position(n);
}

static void walk_xml(struct walk *w, const xmlNode *n, size_t depth)
{
    mark_hits(w, depth);
    if (!reserve(w, depth))
        return;
    for (const xmlAttr *a = n->properties; a && w->rc == 0; a = a->next) {
        xmlChar *s = xmlNodeGetContent((const xmlNode *)a);
        memset(&w->stack[depth], 0, sizeof w->stack[depth]);
        w->stack[depth].kind = PCOMP_ATTR;
        w->stack[depth].name = (const char *)a->name;
        w->stack[depth].len = strlen((const char *)a->name);
        mark_hits(w, depth + 1);
        add_leaf(w, depth + 1, "attribute",
                 json_string(s ? (const char *)s : ""));
        xmlFree(s);
    }
    if (!has_elements(n)) {
        if (depth > 0)
            add_leaf(w, depth, "element", text_of(n));
        return;
    }
    for (const xmlNode *k = n->children; k && w->rc == 0; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (!reserve(w, depth))
            return;
        element_comp(&w->stack[depth], k);
        walk_xml(w, k, depth + 1);
    }
}

/* ---- building ------------------------------------------------------------ */

static int walk_body(struct walk *w, const struct fixture *f,
                     struct rc_error *err)
{
    struct diff_doc d;
    int rc;

    if (f->body_kind == BODY_JSON) {
        walk_json(w, f->body, 0);
        return w->rc;
    }
    if (f->body_kind != BODY_TEXT)
        return 0;
    diff_doc_init(&d);
    diff_init();
    rc = diff_doc_parse(&d, f->body_text, strlen(f->body_text),
                        fixture_content_type(f), "baseline", false, err);
    if (rc == 0 && d.format == DIFF_FMT_JSON)
        walk_json(w, d.json, 0);
    else if (rc == 0 && d.format == DIFF_FMT_XML) {
        xmlNode *root = xmlDocGetRootElement((xmlDocPtr)d.xml);
        if (root && reserve(w, 0)) {
            element_comp(&w->stack[0], root);
            walk_xml(w, root, 1);
        }
    }
    diff_doc_release(&d);
    return rc ? rc : w->rc;
}

static int push_all(struct strvec *out, const struct strvec *in)
{
    for (size_t i = 0; i < in->n; i++)
        if (strvec_push(out, in->v[i]) < 0)
            return RC_ENOMEM;
    return 0;
}

int fields_inv_build(struct field_inv *inv, const struct suite *s,
                     const struct call *c, const struct fixture *f,
                     const struct pattern_set *ignore,
                     const struct pattern_set *redact, struct rc_error *err)
{
    struct walk w;
    int rc;

    memset(inv, 0, sizeof *inv);
    memset(&w, 0, sizeof w);
    w.inv = inv;
    w.ignore = ignore;
    w.redact = redact;
    inv->index = g_hash_table_new(g_str_hash, g_str_equal);
    if ((rc = push_all(&inv->uses, &s->reads)) != 0
        || (rc = push_all(&inv->uses, &c->reads)) != 0
        || (rc = pattern_set_add_all(&w.uses, &inv->uses, err)) != 0
        || (rc = pattern_set_add_all(&w.noise, &c->ignore, err)) != 0
        || (f && (rc = pattern_set_add_all(&w.noise, &f->noise, err)) != 0))
        goto done;
    inv->hit = calloc(inv->uses.n + 1, sizeof *inv->hit);
    if (inv->hit == NULL) {
        rc = RC_ENOMEM;
        goto done;
    }
    rc = f ? walk_body(&w, f, err) : 0;
done:
    if (rc == RC_ENOMEM)
        rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    pattern_set_release(&w.uses);
    pattern_set_release(&w.noise);
    free(w.stack);
    return rc;
}

void fields_inv_release(struct field_inv *inv)
{
    for (size_t i = 0; i < inv->n; i++) {
        free(inv->v[i].field);
        free(inv->v[i].name);
        json_decref(inv->v[i].example);
        free(inv->v[i].seen);
    }
    free(inv->v);
    if (inv->index)
        g_hash_table_destroy(inv->index);
    strvec_release(&inv->uses);
    free(inv->hit);
    memset(inv, 0, sizeof *inv);
}
