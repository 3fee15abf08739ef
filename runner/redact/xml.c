/*
 * Redaction of XML bodies before they are stored (SPEC section 9): the
 * `redact` patterns in their XML forms (//Iban, /a/b/@id) are matched
 * against each element and attribute path, built as the diff engine
 * builds it (qualified name as written, position among same-named
 * siblings only where there are several), and the matched leaf text or
 * attribute value is replaced by "<redacted:HEX>" of its trimmed text, so
 * the diff (which redacts XML leaves the same way) still sees changes. An
 * element with child elements that matches has its whole content
 * replaced. The document is parsed and serialised with libxml2; the caller
 * owns the returned text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "redact/redact.h"

/* Deepest element redacted; deeper ones are left (and reported). */
#define XML_MAX_DEPTH 512

struct xwalk {
    const struct pattern_set *set;
    const struct redact_key *key;
    struct pcomp chain[XML_MAX_DEPTH + 1];
    char *names[XML_MAX_DEPTH + 1];   /* owned written names */
    long count;
    int rc;
};

/* "p:name" or "name" (caller frees); *local = offset of the local name. */
static char *written(const xmlChar *prefix, const xmlChar *name,
                     size_t *local)
{
    char *out;

    if (prefix == NULL) {
        *local = 0;
        return strdup((const char *)name);
    }
    *local = strlen((const char *)prefix) + 1;
    if (asprintf(&out, "%s:%s", prefix, name) < 0)
        return NULL;
    return out;
}

/* The redacted form of text (trimmed), as a C string (caller frees). */
static char *redacted_text(const struct redact_key *key, const char *text)
{
    const char *s = text, *e = text + strlen(text);
    json_t *v;
    char *r;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
                     e[-1] == '\r'))
        e--;
    v = json_stringn(s, (size_t)(e - s));
    r = v ? (redact_is_redacted(v) ? strdup(json_string_value(v))
                                   : redact_value(key, v))
          : NULL;
    json_decref(v);
    return r;
}

/* Position of n among its same-named element siblings, 0 when alone. */
static size_t position(const xmlNode *n)
{
    size_t pos = 0, count = 0;

    for (const xmlNode *k = n->parent ? n->parent->children : n; k;
         k = k->next) {
        if (k->type != XML_ELEMENT_NODE ||
            strcmp((const char *)k->name, (const char *)n->name) != 0 ||
            (k->ns == NULL) != (n->ns == NULL) ||
            (k->ns && n->ns && !xmlStrEqual(k->ns->href, n->ns->href)))
            continue;
        count++;
        if (k == n)
            pos = count;
    }
    return count > 1 ? pos : 0;
}

static void replace_content(struct xwalk *w, xmlNode *n)
{
    xmlChar *text = xmlNodeGetContent(n);
    char *r = redacted_text(w->key, text ? (const char *)text : "");

    xmlFree(text);
    if (r == NULL) {
        w->rc = RC_ENOMEM;
        return;
    }
    xmlNodeSetContent(n, NULL);
    xmlNodeAddContent(n, (const xmlChar *)r);
    free(r);
    w->count++;
}

static void walk_attrs(struct xwalk *w, xmlNode *n, size_t depth)
{
    for (xmlAttr *a = n->properties; a && w->rc == 0; a = a->next) {
        size_t local;
        char *name = written(a->ns ? a->ns->prefix : NULL, a->name, &local);
        xmlChar *value;
        char *r;

        if (name == NULL) {
            w->rc = RC_ENOMEM;
            return;
        }
        w->chain[depth] = (struct pcomp){PCOMP_ATTR, name, strlen(name),
                                         local, 0, NULL};
        if (pattern_set_match(w->set, w->chain, depth + 1)) {
            value = xmlGetNoNsProp(n, a->name);
            if (a->ns)
                value = (xmlFree(value),
                         xmlGetNsProp(n, a->name, a->ns->href));
            r = redacted_text(w->key, value ? (const char *)value : "");
            xmlFree(value);
            if (r == NULL)
                w->rc = RC_ENOMEM;
            else if (xmlSetNsProp(n, a->ns, a->name, (const xmlChar *)r))
                w->count++;
            free(r);
        }
        free(name);
    }
}

static bool has_elements(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return true;
    return false;
}

/* Redacts element n (at depth: chain[0..depth) are its ancestors). */
static void walk(struct xwalk *w, xmlNode *n, size_t depth)
{
    size_t local;

    if (depth >= XML_MAX_DEPTH) {
        w->rc = RC_EINPUT;
        return;
    }
    w->names[depth] = written(n->ns ? n->ns->prefix : NULL, n->name, &local);
    if (w->names[depth] == NULL) {
        w->rc = RC_ENOMEM;
        return;
    }
    w->chain[depth] = (struct pcomp){PCOMP_ELEMENT, w->names[depth],
                                     strlen(w->names[depth]), local,
                                     position(n), NULL};
    if (pattern_set_match(w->set, w->chain, depth + 1)) {
        replace_content(w, n);
    } else {
        walk_attrs(w, n, depth + 1);
        if (has_elements(n))
            for (xmlNode *c = n->children; c && w->rc == 0; c = c->next)
                if (c->type == XML_ELEMENT_NODE)
                    walk(w, c, depth + 1);
    }
    free(w->names[depth]);
    w->names[depth] = NULL;
}

int redact_xml(char **out, size_t *out_len, const char *body, size_t len,
               const struct pattern_set *set, const struct redact_key *key)
{
    xmlDocPtr doc;
    xmlChar *mem = NULL;
    int size = 0;
    struct xwalk *w;
    int rc;

    *out = NULL;
    *out_len = 0;
    if (set == NULL || set->n == 0)
        return 0;
    doc = xmlReadMemory(body, (int)len, "body", "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                        XML_PARSE_NOWARNING);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        xmlFreeDoc(doc);
        return RC_EINPUT;
    }
    w = calloc(1, sizeof(*w));
    if (w == NULL) {
        xmlFreeDoc(doc);
        return RC_ENOMEM;
    }
    w->set = set;
    w->key = key;
    walk(w, xmlDocGetRootElement(doc), 0);
    rc = w->rc;
    if (rc == 0 && w->count > 0) {
        xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
        if (mem == NULL || (*out = malloc((size_t)size + 1)) == NULL) {
            rc = RC_ENOMEM;
        } else {
            memcpy(*out, mem, (size_t)size);
            (*out)[size] = '\0';
            *out_len = (size_t)size;
        }
        xmlFree(mem);
    }
    rc = rc ? rc : (int)(w->count > INT32_MAX ? INT32_MAX : w->count);
    free(w);
    xmlFreeDoc(doc);
    return rc;
}
