/*
 * XML comparison (SPEC section 6) over libxml2 trees: elements by
 * qualified name (namespace URI + local name) and position among
 * same-named siblings, attributes by qualified name, a leaf's trimmed text
 * as its value; whitespace-only text, comments and processing
 * instructions are ignored. Children are paired through a hash of their
 * names, so wide elements cost linear time. Values are strings; a removed
 * or added element's value is its serialized XML. A removed and an added
 * child of one parent with equal content are one rename (below), whose
 * old and new values are the two elements serialized.
 */
#include "diff/internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/grow.h"
#include "core/hash.h"
#include "core/itab.h"

static void cmp_element(struct dctx *x, const struct chain *at,
                        xmlNodePtr a, xmlNodePtr b);

static const char *href_of(const xmlNode *n)
{
    return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

static bool same_qname(const xmlNode *a, const xmlNode *b)
{
    return strcmp((const char *)a->name, (const char *)b->name) == 0
           && strcmp(href_of(a), href_of(b)) == 0;
}

/* The name as written ("p:Name" or "Name") in buf (or malloc'd when
 * longer: *heap is then set). NULL when out of memory. */
static const char *written_name(const xmlNode *n, char *buf, size_t size,
                                char **heap, size_t *local)
{
    const char *prefix = n->ns && n->ns->prefix ? (const char *)n->ns->prefix
                                                : NULL;
    size_t lp = prefix ? strlen(prefix) + 1 : 0;
    size_t ln = strlen((const char *)n->name);
    char *out = buf;

    *heap = NULL;
    *local = lp;
    if (lp == 0)
        return (const char *)n->name;
    if (lp + ln + 1 > size && (out = *heap = malloc(lp + ln + 1)) == NULL)
        return NULL;
    memcpy(out, prefix, lp - 1);
    out[lp - 1] = ':';
    memcpy(out + lp, n->name, ln + 1);
    return out;
}

/* ---- values -------------------------------------------------------------- */

static bool has_elements(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return true;
    return false;
}

/* The element's own text (text and CDATA children), trimmed: a new JSON
 * string, or NULL when out of memory. */
static json_t *own_text(const xmlNode *n)
{
    struct rc_buf b;
    const char *s;
    size_t len;
    json_t *v;

    rc_buf_init(&b, (size_t)1 << 30);
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            && c->content)
            rc_buf_adds(&b, (const char *)c->content);
    s = rc_buf_str(&b);
    len = b.len;
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    v = json_stringn(s, len);
    rc_buf_release(&b);
    return v;
}

/* A node serialized as XML text (new JSON string). */
static json_t *serialized(xmlNodePtr n)
{
    xmlBufferPtr buf = xmlBufferCreate();
    json_t *v = NULL;

    if (buf == NULL)
        return NULL;
    if (xmlNodeDump(buf, n->doc, n, 0, 0) >= 0)
        v = json_stringn((const char *)xmlBufferContent(buf),
                         (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    return v;
}

static json_t *attr_value(xmlAttrPtr a)
{
    xmlChar *s = xmlNodeGetContent((xmlNodePtr)a);
    json_t *v = json_string(s ? (const char *)s : "");

    xmlFree(s);
    return v;
}

/* Emits a difference with values it owns (freed here); held is the
 * baseline element it removes or retypes, NULL for a value. */
static void emit_own(struct dctx *x, const struct chain *at,
                     enum diff_kind kind, json_t *old, json_t *new_,
                     const xmlNode *held)
{
    if ((kind != DIFF_ADDED && old == NULL)
        || (kind != DIFF_REMOVED && new_ == NULL))
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    else
        diff_emit_node(x, at, kind, SEV_DEFAULT, old, new_, held);
    json_decref(old);
    json_decref(new_);
}

/* Compares two string values at a path, redacted when the path says so. */
static void cmp_values(struct dctx *x, const struct chain *at, json_t *a,
                       json_t *b)
{
    if (a && b && x->o->redact && diff_chain_redacted(x, at)) {
        json_t *ra = x->o->redact_fn(x->o->redact_ctx, a);
        json_t *rb = x->o->redact_fn(x->o->redact_ctx, b);
        json_decref(a);
        json_decref(b);
        a = ra;
        b = rb;
    }
    if (a && b && json_equal(a, b)) {
        json_decref(a);
        json_decref(b);
        return;
    }
    emit_own(x, at, DIFF_CHANGED, a, b, NULL);
}

static void element_comp(struct pcomp *c, const char *name, size_t local,
                         size_t pos)
{
    memset(c, 0, sizeof *c);
    c->kind = PCOMP_ELEMENT;
    c->name = name;
    c->len = strlen(name);
    c->local = local;
    c->index = pos;
}

/* Whether a redact pattern matches n (at chain at) or a path inside it. */
static bool subtree_redacted(struct dctx *x, const struct chain *at,
                             const xmlNode *n, size_t depth)
{
    struct chain link = {at, {0}};

    if (diff_chain_redacted(x, at))
        return true;
    if (depth > 256)
        return true; /* deeper than libxml2 parses: be safe */
    link.c.kind = PCOMP_ATTR;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        link.c.name = (const char *)a->name;
        link.c.len = strlen(link.c.name);
        if (diff_chain_redacted(x, &link))
            return true;
    }
    for (const xmlNode *c = n->children; c; c = c->next) {
        char buf[128], *heap;
        size_t local;
        const char *name;
        bool hit;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if ((name = written_name(c, buf, sizeof buf, &heap, &local)) == NULL)
            return true;
        element_comp(&link.c, name, local, 0);
        hit = subtree_redacted(x, &link, c, depth + 1);
        free(heap);
        if (hit)
            return true;
    }
    return false;
}

/* A removed or added element: its serialized XML, redacted whole when a
 * redact pattern covers anything inside it. */
static void emit_whole(struct dctx *x, const struct chain *at,
                       enum diff_kind kind, xmlNodePtr n)
{
    json_t *v = serialized(n);

    if (v && x->o->redact && x->o->redact_fn
        && subtree_redacted(x, at, n, 0)) {
        json_t *r = x->o->redact_fn(x->o->redact_ctx, v);
        json_decref(v);
        v = r;
    }
    emit_own(x, at, kind, kind == DIFF_REMOVED ? v : NULL,
             kind == DIFF_ADDED ? v : NULL, kind == DIFF_REMOVED ? n : NULL);
}

/* ---- attributes ---------------------------------------------------------- */

static const char *attr_href(const xmlAttr *a)
{
    return a->ns && a->ns->href ? (const char *)a->ns->href : NULL;
}

/* An attribute's value, redacted when its path (chain at) is. */
static json_t *attr_shown(struct dctx *x, const struct chain *at,
                          xmlAttrPtr a)
{
    json_t *v = attr_value(a), *hidden;

    if (v == NULL || !x->o->redact || !x->o->redact_fn
        || !diff_chain_redacted(x, at))
        return v;
    hidden = x->o->redact_fn(x->o->redact_ctx, v);
    json_decref(v);
    return hidden;
}

static void cmp_attrs(struct dctx *x, const struct chain *at, xmlNodePtr a,
                      xmlNodePtr b)
{
    struct chain link = {at, {0}};

    link.c.kind = PCOMP_ATTR;
    for (xmlAttrPtr p = a->properties; p && x->rc == 0; p = p->next) {
        xmlAttrPtr q = xmlHasNsProp(b, p->name, (const xmlChar *)attr_href(p));
        link.c.name = (const char *)p->name;
        link.c.len = strlen(link.c.name);
        if (q == NULL)
            emit_own(x, &link, DIFF_REMOVED, attr_shown(x, &link, p), NULL,
                     NULL);
        else
            cmp_values(x, &link, attr_value(p), attr_value(q));
    }
    for (xmlAttrPtr q = b->properties; q && x->rc == 0; q = q->next) {
        if (xmlHasNsProp(a, q->name, (const xmlChar *)attr_href(q)))
            continue;
        link.c.name = (const char *)q->name;
        link.c.len = strlen(link.c.name);
        emit_own(x, &link, DIFF_ADDED, NULL, attr_shown(x, &link, q), NULL);
    }
}

/* ---- children ------------------------------------------------------------ */

/* One side's element children, with each one's name group and 1-based
 * position in it. */
struct kids {
    xmlNodePtr *node;
    size_t *group, *pos, *next;
    bool *used;
    size_t n;
};

/* Distinct child names of a pair of elements. */
struct group {
    const xmlNode *name;  /* a node carrying the name */
    size_t count[2];
    size_t head[2], tail[2];
};

struct groups {
    struct group *g;
    size_t n, cap;
    struct itab tab;      /* groups by qualified name */
};

static uint64_t hash_name(const xmlNode *n)
{
    return rc_fnv1a64_str(rc_fnv1a64_str(RC_FNV1A64_BASIS,
                                         (const char *)n->name), href_of(n));
}

/* A group's name looked up: the groups and a node with the name. */
struct group_key {
    const struct groups *gs;
    const xmlNode *n;
};

static bool same_group(const void *ctx, size_t idx)
{
    const struct group_key *k = ctx;

    return same_qname(k->gs->g[idx].name, k->n);
}

/* The group of n, added when new (groups_init made room for all). */
static size_t group_of(struct groups *gs, const xmlNode *n)
{
    struct group_key key = {gs, n};
    size_t i = itab_probe(&gs->tab, hash_name(n), same_group, &key);

    if (gs->tab.slot[i] != ITAB_EMPTY)
        return gs->tab.slot[i];
    struct group *g = &gs->g[gs->n];
    memset(g, 0, sizeof *g);
    g->name = n;
    g->head[0] = g->head[1] = SIZE_MAX;
    gs->tab.slot[i] = gs->n;
    return gs->n++;
}

static int kids_fill(struct kids *k, struct groups *gs, xmlNodePtr parent,
                     int side)
{
    size_t n = 0;

    for (xmlNodePtr c = parent->children; c; c = c->next)
        n += c->type == XML_ELEMENT_NODE;
    k->node = malloc((n + 1) * sizeof *k->node);
    k->group = malloc((n + 1) * sizeof *k->group);
    k->pos = malloc((n + 1) * sizeof *k->pos);
    k->next = malloc((n + 1) * sizeof *k->next);
    k->used = calloc(n + 1, sizeof *k->used);
    if (!k->node || !k->group || !k->pos || !k->next || !k->used)
        return RC_ENOMEM;
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        size_t i = k->n++, gi = group_of(gs, c);
        struct group *g = &gs->g[gi];
        k->node[i] = c;
        k->group[i] = gi;
        k->pos[i] = ++g->count[side];
        k->next[i] = SIZE_MAX;
        if (g->head[side] == SIZE_MAX)
            g->head[side] = i;
        else
            k->next[g->tail[side]] = i;
        g->tail[side] = i;
    }
    return 0;
}

static void kids_release(struct kids *k)
{
    free(k->node);
    free(k->group);
    free(k->pos);
    free(k->next);
    free(k->used);
}

static size_t count_elements(const xmlNode *n)
{
    size_t c = 0;

    for (const xmlNode *k = n->children; k; k = k->next)
        c += k->type == XML_ELEMENT_NODE;
    return c;
}

static int groups_init(struct groups *gs, size_t n)
{
    gs->g = malloc((n + 1) * sizeof *gs->g);
    if (gs->g == NULL || itab_reserve(&gs->tab, n, NULL, NULL) != 0)
        return RC_ENOMEM;
    return 0;
}

/* The path step of child i of side k (its position among same-named
 * siblings written when either side has several) in c; name is kept in
 * buf or *heap (the caller frees). NULL when out of memory. */
static const char *kid_comp(struct pcomp *c, const struct kids *k,
                            const struct groups *gs, size_t i, char *buf,
                            size_t size, char **heap)
{
    const struct group *g = &gs->g[k->group[i]];
    size_t local;
    const char *name = written_name(k->node[i], buf, size, heap, &local);

    if (name != NULL)
        element_comp(c, name, local,
                     g->count[0] > 1 || g->count[1] > 1 ? k->pos[i] : 0);
    return name;
}

/* Recurses into (or emits) child i of side `side` at its path. */
static void visit_child(struct dctx *x, const struct chain *at,
                        struct kids *k, struct groups *gs, size_t i,
                        xmlNodePtr other, enum diff_kind kind)
{
    struct chain link = {at, {0}};
    char buf[128], *heap = NULL;

    if (kid_comp(&link.c, k, gs, i, buf, sizeof buf, &heap) == NULL) {
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
        return;
    }
    if (other)
        cmp_element(x, &link, k->node[i], other);
    else
        emit_whole(x, &link, kind, k->node[i]);
    free(heap);
}

/* ---- renames -------------------------------------------------------------
 * A removed and an added child of one parent whose content (own text,
 * attributes, children) is equal, and whose content no other lone child
 * of that parent has, are one rename (SPEC section 6). Content is
 * compared as a canonical text: the trimmed own text, the attributes
 * sorted, the child elements in a stable sort by qualified name (the
 * diff pairs children by name and position among same-named siblings,
 * so the order between differently named ones does not count), each
 * part length-prefixed. Building it costs O(s log s) for a subtree of
 * size s; grouping the lone children by its hash is linear (pair.c). */

static int canon(struct rc_buf *out, const xmlNode *n, size_t depth);

struct keyed_node {
    char *key;
    size_t index;
    const xmlNode *node;
};

static int keyed_node_cmp(const void *pa, const void *pb)
{
    const struct keyed_node *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);

    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

static int put_part(struct rc_buf *out, const char *s, size_t n)
{
    return rc_buf_printf(out, "%zu:", n) < 0 || rc_buf_add(out, s, n) < 0
               ? RC_ENOMEM
               : 0;
}

/* The attributes as sorted "href\x1fname\x1fvalue" parts. */
static int canon_attrs(struct rc_buf *out, const xmlNode *n)
{
    struct keyed_node *v = NULL;
    size_t k = 0, cap = 0;
    int rc = 0;

    for (const xmlAttr *a = n->properties; a && rc == 0; a = a->next) {
        xmlChar *val = xmlNodeGetContent((xmlNodePtr)a);
        char *key = NULL;
        if (RC_GROW(v, cap, k, 4) != 0
            || asprintf(&key, "%s\x1f%s\x1f%s", attr_href(a) ? attr_href(a)
                                                             : "",
                        (const char *)a->name,
                        val ? (const char *)val : "") < 0)
            rc = RC_ENOMEM;
        else
        {
            v[k] = (struct keyed_node){key, k, NULL};
            k++;
        }
        xmlFree(val);
    }
    if (rc == 0 && k)
        qsort(v, k, sizeof *v, keyed_node_cmp);
    rc = rc ? rc : rc_buf_printf(out, "A%zu:", k) < 0 ? RC_ENOMEM : 0;
    for (size_t i = 0; i < k; i++) {
        if (rc == 0)
            rc = put_part(out, v[i].key, strlen(v[i].key));
        free(v[i].key);
    }
    free(v);
    return rc;
}

/* The child elements, stably sorted by qualified name, each as its name
 * and canonical content. */
static int canon_children(struct rc_buf *out, const xmlNode *n,
                          size_t depth)
{
    struct keyed_node *v = NULL;
    size_t k = 0, cap = 0;
    int rc = 0;

    for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
        char *key = NULL;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (RC_GROW(v, cap, k, 8) != 0
            || asprintf(&key, "%s\x1f%s", href_of(c), (const char *)c->name)
                   < 0)
            rc = RC_ENOMEM;
        else
        {
            v[k] = (struct keyed_node){key, k, c};
            k++;
        }
    }
    if (rc == 0 && k)
        qsort(v, k, sizeof *v, keyed_node_cmp);
    rc = rc ? rc : rc_buf_printf(out, "C%zu:", k) < 0 ? RC_ENOMEM : 0;
    for (size_t i = 0; i < k; i++) {
        if (rc == 0 && (rc = put_part(out, v[i].key, strlen(v[i].key))) == 0)
            rc = canon(out, v[i].node, depth + 1);
        free(v[i].key);
    }
    free(v);
    return rc;
}

static int canon(struct rc_buf *out, const xmlNode *n, size_t depth)
{
    json_t *text;
    int rc;

    if (depth > DIFF_MAX_DEPTH)
        return RC_EINPUT;
    if ((text = own_text(n)) == NULL)
        return RC_ENOMEM;
    rc = rc_buf_adds(out, "(T") < 0
             || put_part(out, json_string_value(text),
                         json_string_length(text)) < 0
         ? RC_ENOMEM
         : 0;
    json_decref(text);
    if (rc == 0)
        rc = canon_attrs(out, n);
    if (rc == 0)
        rc = canon_children(out, n, depth);
    if (rc == 0 && rc_buf_adds(out, ")") < 0)
        rc = RC_ENOMEM;
    return rc;
}

/* The canonical content of n, or NULL when n has none (no text, no
 * attribute, no child element: like an empty JSON value, never renamed)
 * or out of memory (*failed set). */
static char *content_of(const xmlNode *n, int *failed)
{
    struct rc_buf b;
    json_t *text;
    bool empty;

    if ((text = own_text(n)) == NULL) {
        *failed = 1;
        return NULL;
    }
    empty = json_string_length(text) == 0 && n->properties == NULL
            && !has_elements(n);
    json_decref(text);
    if (empty)
        return NULL;
    rc_buf_init(&b, (size_t)1 << 30);
    if (canon(&b, n, 0) < 0) {
        rc_buf_release(&b);
        *failed = 1;
        return NULL;
    }
    return rc_buf_detach(&b, NULL);
}

/* Lone children of both sides: content and rename partner. */
struct lone_kids {
    size_t *idx[2];       /* the kid index of each lone child */
    char **content[2];    /* its canonical content, or NULL */
    size_t *partner[2];   /* the other side's lone index, or SIZE_MAX */
    size_t n[2];
};

static bool same_content(void *ctx, int sa, size_t ia, int sb, size_t ib)
{
    const struct lone_kids *l = ctx;

    return strcmp(l->content[sa][ia], l->content[sb][ib]) == 0;
}

static void lone_release(struct lone_kids *l)
{
    for (int s = 0; s < 2; s++) {
        for (size_t i = 0; l->content[s] && i < l->n[s]; i++)
            free(l->content[s][i]);
        free(l->idx[s]);
        free(l->content[s]);
        free(l->partner[s]);
    }
}

/* Whether lone child i of side s may be renamed: it has content, and its
 * path is neither noise nor redacted (inside either). Sets content. */
static int lone_content(struct dctx *x, const struct chain *at,
                        struct lone_kids *l, int s, size_t i,
                        const struct kids *k, const struct groups *gs)
{
    struct chain link = {at, {0}};
    char buf[128], *heap = NULL;
    const xmlNode *n = k->node[l->idx[s][i]];
    int failed = 0;

    if (kid_comp(&link.c, k, gs, l->idx[s][i], buf, sizeof buf, &heap)
        == NULL)
        return RC_ENOMEM;
    if (!diff_chain_noise(x, &link)
        && !(x->o->redact && x->o->redact_fn
             && subtree_redacted(x, &link, n, 0)))
        l->content[s][i] = content_of(n, &failed);
    free(heap);
    return failed ? RC_ENOMEM : 0;
}

/* Finds the lone children (matched[] false) of each side and pairs them
 * by content. */
static int pair_kids(struct dctx *x, const struct chain *at,
                     struct lone_kids *l, const struct kids *k[2],
                     const bool *matched[2], const struct groups *gs)
{
    struct vgroups vg;
    size_t *group = NULL;
    int rc = RC_ENOMEM;

    memset(&vg, 0, sizeof vg);
    for (int s = 0; s < 2; s++) {
        l->idx[s] = malloc((k[s]->n + 1) * sizeof *l->idx[s]);
        l->content[s] = calloc(k[s]->n + 1, sizeof *l->content[s]);
        l->partner[s] = malloc((k[s]->n + 1) * sizeof *l->partner[s]);
        if (!l->idx[s] || !l->content[s] || !l->partner[s])
            goto done;
        for (size_t i = 0; i < k[s]->n; i++)
            if (!matched[s][i]) {
                l->partner[s][l->n[s]] = SIZE_MAX;
                l->idx[s][l->n[s]++] = i;
            }
    }
    if (l->n[0] == 0 || l->n[1] == 0)
        return 0;
    group = malloc(l->n[0] * sizeof *group);
    if (group == NULL
        || diff_vgroups_init(&vg, l->n[0] + l->n[1], same_content, l) < 0)
        goto done;
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < l->n[s]; i++) {
            size_t g = SIZE_MAX;
            if (lone_content(x, at, l, s, i, k[s], gs) < 0)
                goto done;
            if (l->content[s][i])
                g = diff_vgroups_add(&vg, rc_fnv1a64_str(RC_FNV1A64_BASIS,
                                                         l->content[s][i]),
                                     s, i);
            if (s == 0)
                group[i] = g;
        }
    for (size_t i = 0; i < l->n[0]; i++) {
        const struct vgroup *g = group[i] == SIZE_MAX ? NULL
                                                      : &vg.g[group[i]];
        if (g && g->count[0] == 1 && g->count[1] == 1) {
            l->partner[0][i] = g->first[1];
            l->partner[1][g->first[1]] = i;
        }
    }
    rc = 0;
done:
    diff_vgroups_release(&vg);
    free(group);
    return rc;
}

/* Emits the rename of baseline child ia (of ka) to replay child ib. */
static void emit_rename(struct dctx *x, const struct chain *at,
                        const struct kids *ka, size_t ia,
                        const struct kids *kb, size_t ib,
                        const struct groups *gs)
{
    struct chain from = {at, {0}}, to = {at, {0}};
    char bufa[128], bufb[128], *ha = NULL, *hb = NULL;
    json_t *va = serialized(ka->node[ia]), *vb = serialized(kb->node[ib]);

    if (va == NULL || vb == NULL
        || kid_comp(&from.c, ka, gs, ia, bufa, sizeof bufa, &ha) == NULL
        || kid_comp(&to.c, kb, gs, ib, bufb, sizeof bufb, &hb) == NULL)
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    else
        diff_emit_renamed(x, &from, &to, va, vb, ka->node[ia]);
    json_decref(va);
    json_decref(vb);
    free(ha);
    free(hb);
}

static void cmp_children(struct dctx *x, const struct chain *at,
                         xmlNodePtr a, xmlNodePtr b)
{
    struct kids ka = {0}, kb = {0};
    struct groups gs = {0};
    struct lone_kids lone;
    size_t *match = NULL;
    bool *matched_a = NULL;

    memset(&lone, 0, sizeof lone);
    if (groups_init(&gs, count_elements(a) + count_elements(b)) < 0
        || kids_fill(&ka, &gs, a, 0) < 0 || kids_fill(&kb, &gs, b, 1) < 0
        || (match = malloc((ka.n + 1) * sizeof *match)) == NULL
        || (matched_a = calloc(ka.n + 1, sizeof *matched_a)) == NULL)
        goto nomem;
    for (size_t i = 0; i < ka.n; i++) {
        struct group *g = &gs.g[ka.group[i]];
        size_t m = g->head[1];
        if (m != SIZE_MAX) {
            g->head[1] = kb.next[m];
            kb.used[m] = true;
            matched_a[i] = true;
        }
        match[i] = m;
    }
    {
        const struct kids *k[2] = {&ka, &kb};
        const bool *matched[2] = {matched_a, kb.used};
        if (pair_kids(x, at, &lone, k, matched, &gs) < 0)
            goto nomem;
    }
    for (size_t i = 0, l = 0; i < ka.n && x->rc == 0; i++) {
        if (match[i] != SIZE_MAX) {
            visit_child(x, at, &ka, &gs, i, kb.node[match[i]], DIFF_REMOVED);
        } else if (lone.n[1] && lone.partner[0][l] != SIZE_MAX) {
            emit_rename(x, at, &ka, i, &kb,
                        lone.idx[1][lone.partner[0][l]], &gs);
        } else {
            visit_child(x, at, &ka, &gs, i, NULL, DIFF_REMOVED);
        }
        l += match[i] == SIZE_MAX;
    }
    for (size_t i = 0, l = 0; i < kb.n && x->rc == 0; i++) {
        if (kb.used[i])
            continue;
        if (lone.n[0] == 0 || lone.partner[1][l] == SIZE_MAX)
            visit_child(x, at, &kb, &gs, i, NULL, DIFF_ADDED);
        l++;
    }
    goto done;
nomem:
    x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
done:
    lone_release(&lone);
    free(match);
    free(matched_a);
    kids_release(&ka);
    kids_release(&kb);
    free(gs.g);
    itab_release(&gs.tab);
}

/* ---- the used judgement's walk ------------------------------------------ */

/*
 * Walks n's attributes and child elements (see diff_xml_holds). Children
 * get their position among same-named siblings through the same name
 * groups as the comparison, so an element costs O(children).
 */
static int xml_holds(struct holds *h, const xmlNode *n, size_t depth)
{
    struct kids k = {0};
    struct groups gs = {0};
    struct pcomp c;
    int r = HOLDS_SKIP;

    memset(&c, 0, sizeof c);
    c.kind = PCOMP_ATTR;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        c.name = (const char *)a->name;
        c.len = strlen(c.name);
        if ((r = diff_holds_enter(h, depth, &c)) == HOLDS_HIT
            || r == HOLDS_FAILED)
            return r;
    }
    r = HOLDS_SKIP;
    if (groups_init(&gs, count_elements(n)) < 0
        || kids_fill(&k, &gs, (xmlNodePtr)n, 0) < 0)
        r = HOLDS_FAILED;
    for (size_t i = 0; r == HOLDS_SKIP && i < k.n; i++) {
        char buf[128], *heap = NULL;
        size_t local;
        const char *name = written_name(k.node[i], buf, sizeof buf, &heap,
                                        &local);
        if (name == NULL) {
            r = HOLDS_FAILED;
            break;
        }
        element_comp(&c, name, local,
                     gs.g[k.group[i]].count[0] > 1 ? k.pos[i] : 0);
        r = diff_holds_enter(h, depth, &c);
        if (r == HOLDS_DESCEND)
            r = xml_holds(h, k.node[i], depth + 1);
        free(heap);
        if (r == HOLDS_DESCEND)
            r = HOLDS_SKIP;
    }
    kids_release(&k);
    free(gs.g);
    itab_release(&gs.tab);
    return r;
}

int diff_xml_holds(struct holds *h, const void *node, size_t depth)
{
    return xml_holds(h, (const xmlNode *)node, depth);
}

/* ---- elements ------------------------------------------------------------ */

static void cmp_element(struct dctx *x, const struct chain *at,
                        xmlNodePtr a, xmlNodePtr b)
{
    bool ca = has_elements(a), cb = has_elements(b);
    json_t *ta = own_text(a), *tb = own_text(b);

    if (++x->depth > DIFF_MAX_DEPTH) {
        x->rc = rc_error_set(x->err, RC_EINPUT, NULL,
                             "nesting deeper than %d levels", DIFF_MAX_DEPTH);
        goto done;
    }
    cmp_attrs(x, at, a, b);
    if (x->rc || ta == NULL || tb == NULL)
        goto done;
    if (ca != cb && json_string_length(ca ? tb : ta) > 0) {
        /* text on one side, elements on the other */
        emit_own(x, at, DIFF_TYPE, ca ? serialized(a) : json_incref(ta),
                 cb ? serialized(b) : json_incref(tb), ca ? a : NULL);
        goto done;
    }
    if (!json_equal(ta, tb)) {
        cmp_values(x, at, ta, tb);
        ta = tb = NULL;
    }
    if (ca || cb)
        cmp_children(x, at, a, b);
done:
    x->depth--;
    json_decref(ta);
    json_decref(tb);
}

int diff_xml_docs(struct dctx *x, const void *da, const void *db)
{
    xmlNodePtr a = xmlDocGetRootElement((xmlDocPtr)da);
    xmlNodePtr b = xmlDocGetRootElement((xmlDocPtr)db);
    struct chain link = {NULL, {0}};
    char bufa[128], bufb[128], *ha = NULL, *hb = NULL;
    size_t la, lb;
    const char *na, *nb;

    if (a == NULL || b == NULL)
        return 0;
    na = written_name(a, bufa, sizeof bufa, &ha, &la);
    nb = written_name(b, bufb, sizeof bufb, &hb, &lb);
    if (na && nb && same_qname(a, b)) {
        element_comp(&link.c, na, la, 0);
        cmp_element(x, &link, a, b);
    } else if (na && nb) {
        element_comp(&link.c, na, la, 0);
        emit_whole(x, &link, DIFF_REMOVED, a);
        element_comp(&link.c, nb, lb, 0);
        emit_whole(x, &link, DIFF_ADDED, b);
    } else {
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    }
    free(ha);
    free(hb);
    return x->rc;
}
