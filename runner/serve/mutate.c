/*
 * Carrying out overlay mutations on JSON values (jansson) and XML
 * documents (libxml2 XPath). See mutate.h. JSON paths are walked
 * recursively, one level per step; the depth is bounded by the path's
 * length, not by the document.
 */
#include "serve/mutate.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/grow.h"
#include "core/json.h"
#include "serve/serve.h"

/* ---- JSON paths --------------------------------------------------------- */

static int add_step(struct mutation *m, enum jstep_kind kind, char *name,
                    long index)
{
    if (RC_GROW(m->steps, m->cap_steps, m->n_steps, 8) != 0) {
        free(name);
        return -1;
    }
    m->steps[m->n_steps++] = (struct jstep){kind, name, index};
    return 0;
}

/* Reads a quoted member name ('...' with \' and \\) at *p. */
static char *quoted_name(const char **p)
{
    struct rc_buf b;
    const char *s = *p + 1;

    rc_buf_init(&b, 4096);
    while (*s && *s != '\'') {
        if (*s == '\\' && (s[1] == '\'' || s[1] == '\\'))
            s++;
        if (rc_buf_addc(&b, *s++) != 0)
            break;
    }
    if (*s != '\'' || s[1] != ']') {
        rc_buf_release(&b);
        return NULL;
    }
    *p = s + 2;
    return rc_buf_detach(&b, NULL);
}

static int bracket_step(struct mutation *m, const char **p)
{
    const char *s = *p + 1;
    char *end = NULL;
    long idx;

    if (s[0] == '*' && s[1] == ']') {
        *p = s + 2;
        return add_step(m, JSTEP_ANY, NULL, 0);
    }
    if (s[0] == '\'') {
        char *name = quoted_name(&s);
        if (name == NULL)
            return -1;
        *p = s;
        return add_step(m, JSTEP_NAME, name, 0);
    }
    idx = strtol(s, &end, 10);
    if (end == s || *end != ']')
        return -1;
    *p = end + 1;
    return add_step(m, JSTEP_INDEX, NULL, idx);
}

static int dot_step(struct mutation *m, const char **p)
{
    const char *s = *p + 1;
    size_t n = strcspn(s, ".[");

    if (n == 0 || s[0] == '.')
        return -1;
    *p = s + n;
    if (n == 1 && s[0] == '*')
        return add_step(m, JSTEP_ANY, NULL, 0);
    char *name = strndup(s, n);
    return name ? add_step(m, JSTEP_NAME, name, 0) : -1;
}

int jpath_parse(struct mutation *m, const char *path, char *why,
                size_t why_size)
{
    const char *p = path + 1;

    if (path[0] != '$') {
        snprintf(why, why_size, "a JSON path starts with '$'");
        return -1;
    }
    while (*p) {
        int rc;
        if (p[0] == '.' && p[1] == '.') {
            snprintf(why, why_size, "'..' (any depth) is not supported in "
                     "overlay paths; name each level or use [*]");
            return -1;
        }
        if (*p == '.')
            rc = dot_step(m, &p);
        else if (*p == '[')
            rc = bracket_step(m, &p);
        else
            rc = -1;
        if (rc) {
            snprintf(why, why_size, "bad JSON path at '%s'", p);
            return -1;
        }
    }
    return 0;
}

/* ---- JSON retyping ------------------------------------------------------ */

static const char *const type_names[] = {
    "string", "integer", "real", "boolean", "null", "array", "object", NULL,
};

bool mutate_type_known(const char *name)
{
    for (size_t i = 0; type_names[i]; i++)
        if (strcmp(name, type_names[i]) == 0)
            return true;
    return false;
}

/* v as text: strings as they are, other values in serve's JSON form. */
static json_t *to_string(const json_t *v)
{
    struct rc_buf b;
    json_t *out = NULL;

    if (json_is_string(v))
        return json_incref((json_t *)v);
    rc_buf_init(&b, JX_MAX_FILE);
    if (jsonw_write(&b, v, SERVE_JSON) == 0)
        out = json_stringn(rc_buf_str(&b), b.len);
    rc_buf_release(&b);
    return out;
}

/* v as a number: strings are read as numbers (0 when they are not),
 * booleans are 1 or 0, containers their size, null 0. */
static double as_number(const json_t *v)
{
    if (json_is_number(v))
        return json_number_value(v);
    if (json_is_string(v)) {
        char *end = NULL;
        double d = strtod(json_string_value(v), &end);
        return end && *end == '\0' && isfinite(d) ? d : 0;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? 1 : 0;
    if (json_is_array(v))
        return (double)json_array_size(v);
    if (json_is_object(v))
        return (double)json_object_size(v);
    return 0;
}

static bool truthy(const json_t *v)
{
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_null(v))
        return false;
    return as_number(v) != 0;
}

/* A new reference: v converted to the JSON type named to. */
static json_t *retype(const json_t *v, const char *to)
{
    if (strcmp(to, "string") == 0)
        return to_string(v);
    if (strcmp(to, "integer") == 0) {
        double d = as_number(v);
        if (json_is_integer(v))
            return json_incref((json_t *)v);
        return json_integer(fabs(d) < 9.2e18 ? (json_int_t)trunc(d) : 0);
    }
    if (strcmp(to, "real") == 0)
        return json_real(as_number(v));
    if (strcmp(to, "boolean") == 0)
        return json_boolean(truthy(v));
    if (strcmp(to, "null") == 0)
        return json_null();
    if (strcmp(to, "array") == 0) {
        if (json_is_array(v))
            return json_incref((json_t *)v);
        json_t *a = json_array();
        if (a && json_array_append(a, (json_t *)v) != 0) {
            json_decref(a);
            return NULL;
        }
        return a;
    }
    if (json_is_object(v))
        return json_incref((json_t *)v);
    return json_pack("{sO}", "value", v);
}

/* ---- JSON mutation ------------------------------------------------------ */

/* The new value for a slot that holds old (old may be NULL for a member
 * that does not exist yet); NULL when there is nothing to do. */
static json_t *replacement(const struct mutation *m, const json_t *old)
{
    if (m->op == MUT_SET)
        return json_deep_copy(m->value);
    if (m->op == MUT_RETYPE && old != NULL)
        return retype(old, m->to);
    return NULL;
}

static long on_member(const struct mutation *m, json_t *obj,
                      const char *name)
{
    json_t *old = json_object_get(obj, name);
    json_t *nv;

    if (m->op == MUT_REMOVE)
        return old && json_object_del(obj, name) == 0 ? 1 : 0;
    if (m->op == MUT_RENAME) {
        if (old == NULL || json_object_get(obj, m->to) != NULL)
            return 0;
        json_incref(old);
        json_object_del(obj, name);
        return json_object_set_new(obj, m->to, old) == 0 ? 1 : RC_ENOMEM;
    }
    if (old == NULL && m->op != MUT_SET)
        return 0;
    nv = replacement(m, old);
    if (nv == NULL)
        return RC_ENOMEM;
    return json_object_set_new(obj, name, nv) == 0 ? 1 : RC_ENOMEM;
}

static long on_element(const struct mutation *m, json_t *arr, size_t i)
{
    json_t *nv;

    if (m->op == MUT_REMOVE)
        return json_array_remove(arr, i) == 0 ? 1 : 0;
    if (m->op == MUT_RENAME)
        return 0;
    nv = replacement(m, json_array_get(arr, i));
    if (nv == NULL)
        return RC_ENOMEM;
    return json_array_set_new(arr, i, nv) == 0 ? 1 : RC_ENOMEM;
}

static bool index_of(const json_t *arr, long idx, size_t *out)
{
    long n = (long)json_array_size(arr);

    if (idx < 0)
        idx += n;
    if (idx < 0 || idx >= n)
        return false;
    *out = (size_t)idx;
    return true;
}

/* The last step: changes node's members or elements. */
static long on_last(const struct mutation *m, const struct jstep *st,
                    json_t *node)
{
    long total = 0, r;
    size_t i;

    if (st->kind == JSTEP_NAME)
        return json_is_object(node) ? on_member(m, node, st->name) : 0;
    if (st->kind == JSTEP_INDEX)
        return json_is_array(node) && index_of(node, st->index, &i)
               ? on_element(m, node, i) : 0;
    if (json_is_array(node)) {
        /* backwards, so that removing keeps the indexes to come valid */
        for (i = json_array_size(node); i-- > 0; total += r)
            if ((r = on_element(m, node, i)) < 0)
                return r;
    } else if (json_is_object(node)) {
        const char *key;
        void *tmp;
        json_t *v;
        json_object_foreach_safe(node, tmp, key, v) {
            (void)v;
            if ((r = on_member(m, node, key)) < 0)
                return r;
            total += r;
        }
    }
    return total;
}

static long walk(const struct mutation *m, size_t at, json_t *node)
{
    const struct jstep *st = &m->steps[at];
    long total = 0, r;
    size_t i;

    if (at + 1 == m->n_steps)
        return on_last(m, st, node);
    if (st->kind == JSTEP_NAME) {
        json_t *child = json_is_object(node)
                        ? json_object_get(node, st->name) : NULL;
        return child ? walk(m, at + 1, child) : 0;
    }
    if (st->kind == JSTEP_INDEX)
        return json_is_array(node) && index_of(node, st->index, &i)
               ? walk(m, at + 1, json_array_get(node, i)) : 0;
    if (json_is_array(node)) {
        for (i = 0; i < json_array_size(node); i++, total += r)
            if ((r = walk(m, at + 1, json_array_get(node, i))) < 0)
                return r;
    } else if (json_is_object(node)) {
        const char *key;
        json_t *v;
        json_object_foreach(node, key, v) {
            if ((r = walk(m, at + 1, v)) < 0)
                return r;
            total += r;
        }
    }
    return total;
}

long mutate_json(const struct mutation *m, json_t **body)
{
    json_t *nv;

    if (m->n_steps > 0)
        return walk(m, 0, *body);
    /* "$" alone: the whole body */
    if (m->op != MUT_SET && m->op != MUT_RETYPE)
        return 0;
    nv = replacement(m, *body);
    if (nv == NULL)
        return RC_ENOMEM;
    json_decref(*body);
    *body = nv;
    return 1;
}

/* ---- XML mutation ------------------------------------------------------- */

/* The text to set: a string as it is, any other value in JSON form. */
static char *xml_text(const json_t *v)
{
    json_t *s = to_string(v);
    char *out = s ? strdup(json_string_value(s)) : NULL;

    json_decref(s);
    return out;
}

/* Empties the whitespace-only text before an element that is being
 * removed (its indentation), so that no blank line is left behind. The
 * text node stays (emptied, not freed): the XPath result being walked
 * may hold it. */
static void drop_indent(xmlNode *node)
{
    xmlNode *prev = node->prev;

    if (prev == NULL || prev->type != XML_TEXT_NODE || !xmlIsBlankNode(prev))
        return;
    xmlNodeSetContent(prev, (const xmlChar *)"");
}

static long on_node(const struct mutation *m, xmlNode *node,
                    const char *text)
{
    const xmlChar *x = (const xmlChar *)text;

    if (node->type == XML_ATTRIBUTE_NODE) {
        xmlAttr *attr = (xmlAttr *)node;
        if (m->op == MUT_REMOVE)
            return xmlRemoveProp(attr) == 0 ? 1 : 0;
        if (m->op == MUT_RENAME) {
            xmlNodeSetName(node, (const xmlChar *)m->to);
            return 1;
        }
        return xmlSetProp(attr->parent, attr->name, x) ? 1 : RC_ENOMEM;
    }
    if (node->type != XML_ELEMENT_NODE)
        return 0;
    if (m->op == MUT_REMOVE) {
        drop_indent(node);
        xmlUnlinkNode(node);
        xmlFreeNode(node);
        return 1;
    }
    if (m->op == MUT_RENAME) {
        xmlNodeSetName(node, (const xmlChar *)m->to);
        return 1;
    }
    xmlNodeSetContent(node, NULL);
    return xmlAddChild(node, xmlNewDocText(node->doc, x)) ? 1 : RC_ENOMEM;
}

/* Drops libxml2's XPath error reports: a bad path is reported once, by
 * overlay_load, in relcheck's own words. */
static void quiet(void *ctx, xmlError *error)
{
    (void)ctx;
    (void)error;
}

bool mutate_xpath_valid(const char *path)
{
    xmlXPathContext *ctx = xmlXPathNewContext(NULL);
    xmlXPathCompExpr *comp;

    if (ctx == NULL)
        return false;
    ctx->error = quiet;
    comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)path);
    xmlXPathFreeCompExpr(comp);
    xmlXPathFreeContext(ctx);
    return comp != NULL;
}

long mutate_xml(const struct mutation *m, xmlDoc *doc)
{
    xmlXPathContext *ctx = xmlXPathNewContext(doc);
    xmlXPathObject *res = NULL;
    char *text = NULL;
    long total = 0;

    if (ctx == NULL)
        return RC_ENOMEM;
    ctx->error = quiet;
    if (m->op == MUT_SET && (text = xml_text(m->value)) == NULL) {
        total = RC_ENOMEM;
        goto done;
    }
    res = xmlXPathEvalExpression((const xmlChar *)m->path, ctx);
    if (res == NULL || res->type != XPATH_NODESET || res->nodesetval == NULL)
        goto done;
    /* in reverse document order: descendants before their ancestors, so
     * removing an ancestor never frees a node still to be visited */
    for (int i = res->nodesetval->nodeNr; i-- > 0;) {
        long r = on_node(m, res->nodesetval->nodeTab[i], text);
        if (r < 0) {
            total = r;
            break;
        }
        total += r;
    }
done:
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    free(text);
    return total;
}

void mutation_release(struct mutation *m)
{
    free(m->suite);
    free(m->call);
    free(m->path);
    for (size_t i = 0; i < m->n_steps; i++)
        free(m->steps[i].name);
    free(m->steps);
    json_decref(m->value);
    free(m->to);
}
