/*
 * relcheck doc as one self-contained HTML page (see doc.h): a pure
 * function of the model. The page is built as a libxml2 tree: every text
 * from the workspace enters through xmlNewTextChild or xmlNodeAddContent,
 * which escape it, so no value can become markup. The style sheet is the
 * embedded asset reports/templates/doc.css, inlined; the page loads
 * nothing from elsewhere.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "core/asset.h"
#include "doc/doc.h"

#define X(s) ((const xmlChar *)(s))

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, NULL, X(name), X(text));
}

static xmlNodePtr el_class(xmlNodePtr parent, const char *name,
                           const char *cls, const char *text)
{
    xmlNodePtr n = el(parent, name, text);

    if (n && cls)
        xmlNewProp(n, X("class"), X(cls));
    return n;
}

/* A table with a header row; returns it so rows can be added. */
static xmlNodePtr table(xmlNodePtr parent, const char *const *heads)
{
    xmlNodePtr t = el(parent, "table", NULL);
    xmlNodePtr tr = el(el(t, "thead", NULL), "tr", NULL);

    for (size_t i = 0; heads[i]; i++)
        el(tr, "th", heads[i]);
    return el(t, "tbody", NULL);
}

static void head(xmlNodePtr html, const struct doc_model *m)
{
    const struct asset *css = asset_find("reports/templates/doc.css");
    xmlNodePtr h = el(html, "head", NULL);
    xmlNodePtr meta = el(h, "meta", NULL);

    xmlNewProp(meta, X("charset"), X("utf-8"));
    /* as report.html: nothing is fetched, no script runs, whatever a
     * response value in the page holds */
    meta = el(h, "meta", NULL);
    xmlNewProp(meta, X("http-equiv"), X("Content-Security-Policy"));
    xmlNewProp(meta, X("content"), X("default-src 'none'; style-src "
                                     "'unsafe-inline'; img-src data:; "
                                     "connect-src 'none'; form-action "
                                     "'none'; base-uri 'none'"));
    meta = el(h, "meta", NULL);
    xmlNewProp(meta, X("name"), X("viewport"));
    xmlNewProp(meta, X("content"), X("width=device-width, initial-scale=1"));
    el(h, "title", "Integration documentation");
    if (css)
        el(h, "style", (const char *)css->data);
    (void)m;
}

static void environments(xmlNodePtr body, const struct doc_model *m)
{
    static const char *const heads[] = {"environment", "base URL", "role",
                                        "replays writes", "authentication",
                                        NULL};
    const struct config *cfg = &m->ws->cfg;
    const json_t *envs = json_object_get(cfg->root, "environments");
    xmlNodePtr tb;
    char *auth;

    el(body, "h2", "Environments");
    tb = table(body, heads);
    for (size_t i = 0; i < cfg->n_envs; i++) {
        const struct environment *e = &cfg->envs[i];
        xmlNodePtr tr = el(tb, "tr", NULL);
        el(tr, "td", e->name);
        el_class(tr, "td", "code", json_string_value(json_object_get(
            json_object_get(envs, e->name), "base_url")));
        el(tr, "td", e->production ? "production" : "test");
        el(tr, "td", e->allow_writes ? "yes" : "no");
        auth = doc_auth_text(cfg, e->name);
        el(tr, "td", auth ? auth : "");
        free(auth);
    }
}

static void test_set(xmlNodePtr body, const struct doc_model *m)
{
    static const char *const heads[] = {"suite", "calls", "programs",
                                        "description", NULL};
    xmlNodePtr tb;
    char n[32];

    el(body, "h2", "Test set");
    el(body, "p", "The calls replayed during the acceptance check of every "
       "release, and the programs that select them.");
    tb = table(body, heads);
    for (size_t i = 0; i < m->n; i++) {
        const struct doc_suite *ds = &m->suites[i];
        xmlNodePtr tr = el(tb, "tr", NULL);
        el(tr, "td", ds->suite->name);
        snprintf(n, sizeof n, "%zu", ds->suite->n_calls);
        el(tr, "td", n);
        el(tr, "td", ds->programs);
        el(tr, "td", ds->suite->description ? ds->suite->description : "");
    }
    if (m->n == 0)
        el_class(body, "p", "missing", "No suites yet: write "
                 "suites/NAME.json or run relcheck import.");
}

static void field(xmlNodePtr sec, const char *label, const char *key,
                  const char *value, const char *suite)
{
    xmlNodePtr p;
    char note[512];

    if (value == NULL) {
        snprintf(note, sizeof note, "%s: not documented: add \"%s\" to "
                 "the suite %s.", label, key, suite);
        el_class(sec, "p", "missing", note);
        return;
    }
    p = el(sec, "p", NULL);
    el(p, "strong", label);
    xmlNodeAddContent(p, X(": "));
    xmlNodeAddContent(p, X(value));
}

static void actions(xmlNodePtr sec, const struct doc_suite *ds)
{
    static const char *const heads[] = {"call", "method", "path",
                                        "description", NULL};
    xmlNodePtr tb, ul;

    el(sec, "h3", "Actions performed through the API");
    tb = table(sec, heads);
    for (size_t i = 0; i < ds->n_calls; i++) {
        const struct doc_call *c = &ds->calls[i];
        xmlNodePtr tr = el(tb, "tr", NULL);
        el_class(tr, "td", "code", c->call->id);
        el(tr, "td", c->call->method);
        el_class(tr, "td", "code", c->target);
        el(tr, "td", c->description ? c->description : "");
    }
    el(sec, "h3", "Points of attention");
    ul = el_class(sec, "ul", "attention", NULL);
    for (size_t i = 0; i < ds->attention.n; i++)
        el(ul, "li", ds->attention.v[i]);
    if (ds->attention.n == 0)
        el(ul, "li", "none recorded");
}

/* The fields the call uses, their types, and which are personal data. */
static void used_fields(xmlNodePtr sec, const struct doc_call *c)
{
    static const char *const heads[] = {"field", "type", "personal data",
                                        NULL};
    xmlNodePtr tb;

    if (c->n_used == 0)
        return;
    el(sec, "p", !c->all_used ? "Fields it uses:"
                                  : "Fields it uses (no uses listed: all):");
    tb = table(sec, heads);
    for (size_t i = 0; i < c->n_used; i++) {
        xmlNodePtr tr = el(tb, "tr", NULL);
        el(el(tr, "td", NULL), "code", c->used[i].field);
        el(tr, "td", c->used[i].type);
        el(tr, "td", c->used[i].personal ? "yes" : "");
    }
}

/* The closing table a processing agreement asks for (SPEC section 11). */
static void personal_data(xmlNodePtr body, const struct doc_model *m)
{
    static const char *const heads[] = {"suite", "call", "field", NULL};
    xmlNodePtr sec = el(body, "section", NULL), tb;

    xmlNewProp(sec, X("id"), X("personal-data"));
    el(sec, "h2", "Personal data exchanged");
    if (m->n_personal == 0) {
        el(sec, "p", "None of the fields the integration uses is covered "
           "by redact.");
        return;
    }
    tb = table(sec, heads);
    for (size_t i = 0; i < m->n_personal; i++) {
        xmlNodePtr tr = el(tb, "tr", NULL);
        el(tr, "td", m->personal[i].suite);
        el(tr, "td", m->personal[i].call);
        el(el(tr, "td", NULL), "code", m->personal[i].field);
    }
}

static void calls(xmlNodePtr sec, const struct doc_suite *ds)
{
    char line[1024];

    el(sec, "h3", "Example calls");
    for (size_t i = 0; i < ds->n_calls; i++) {
        const struct doc_call *c = &ds->calls[i];
        el(sec, "h4", c->call->id);
        el(sec, "p", "Request:");
        el(sec, "pre", c->request);
        if (c->response == NULL) {
            el_class(sec, "p", "missing", "No baseline recorded yet: run "
                     "relcheck record.");
            continue;
        }
        snprintf(line, sizeof line, "Response (%s, redacted):", c->recorded
                 ? c->recorded : "recorded");
        el(sec, "p", line);
        el(sec, "pre", c->response);
        used_fields(sec, c);
    }
}

static void suite(xmlNodePtr body, const struct doc_suite *ds)
{
    const struct suite *s = ds->suite;
    xmlNodePtr sec = el(body, "section", NULL), p;
    char title[300];

    snprintf(title, sizeof title, "Suite %s", s->name);
    xmlNewProp(sec, X("id"), X(s->name));
    el(sec, "h2", title);
    if (s->description)
        el(sec, "p", s->description);
    field(sec, "Purpose", "purpose", s->purpose, s->name);
    field(sec, "Reason", "reason", s->reason, s->name);
    p = el(sec, "p", NULL);
    el(p, "strong", "Programs");
    xmlNodeAddContent(p, X(": "));
    xmlNodeAddContent(p, X(ds->programs));
    actions(sec, ds);
    calls(sec, ds);
}

static xmlDocPtr page(const struct doc_model *m)
{
    xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr html = xmlNewNode(NULL, X("html")), body;
    char meta[512];

    xmlCreateIntSubset(doc, X("html"), NULL, NULL);
    xmlDocSetRootElement(doc, html);
    xmlNewProp(html, X("lang"), X("en"));
    head(html, m);
    body = el(html, "body", NULL);
    el(body, "h1", "Integration documentation");
    snprintf(meta, sizeof meta, "Generated by relcheck %s on %s: %zu "
             "suite%s, %zu call%s, %zu with a recorded baseline. "
             "Credentials and the values the workspace redacts are shown as "
             "<redacted>.", RELCHECK_VERSION, m->date, m->n,
             m->n == 1 ? "" : "s", m->calls, m->calls == 1 ? "" : "s",
             m->baselines);
    el_class(body, "p", "meta", meta);
    environments(body, m);
    test_set(body, m);
    for (size_t i = 0; i < m->n; i++)
        suite(body, &m->suites[i]);
    personal_data(body, m);
    return doc;
}

int doc_html(struct rc_buf *out, const struct doc_model *m,
             struct rc_error *err)
{
    xmlDocPtr doc = page(m);
    xmlChar *mem = NULL;
    int size = 0, rc;

    if (doc == NULL)
        return rc_error_set(err, RC_ENOMEM, "doc", "out of memory");
    htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
    xmlFreeDoc(doc);
    if (mem == NULL)
        return rc_error_set(err, RC_ENOMEM, "doc", "cannot serialize the "
                            "HTML page");
    rc = rc_buf_add(out, mem, (size_t)size);
    xmlFree(mem);
    if (rc)
        rc_error_set(err, rc, "doc", "the HTML page is too large");
    return rc;
}
