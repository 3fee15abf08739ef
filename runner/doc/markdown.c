/*
 * relcheck doc as Markdown (see doc.h): a pure function of the model.
 * Every text from the workspace is escaped for Markdown (table pipes,
 * emphasis and link characters) and for the HTML a Markdown viewer lets
 * through (<, >, &); example requests and responses go in fenced blocks
 * whose fence is longer than any backtick run inside them.
 */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"

/* Appends s as inline Markdown text: escaped, on one line. */
static void md_text(struct rc_buf *w, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '<')
            rc_buf_adds(w, "&lt;");
        else if (*s == '>')
            rc_buf_adds(w, "&gt;");
        else if (*s == '&')
            rc_buf_adds(w, "&amp;");
        else if (*s == '\n' || *s == '\r')
            rc_buf_addc(w, ' ');
        else if (strchr("\\`*_[]|#!~", *s)) {
            rc_buf_addc(w, '\\');
            rc_buf_addc(w, *s);
        } else
            rc_buf_addc(w, *s);
    }
}

/* Appends a fenced block holding text as it is. */
static void md_block(struct rc_buf *w, const char *info, const char *text)
{
    size_t run = 0, longest = 0;

    for (const char *p = text; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    longest = longest < 3 ? 3 : longest + 1;
    for (size_t i = 0; i < longest; i++)
        rc_buf_addc(w, '`');
    rc_buf_printf(w, "%s\n%s", info, text);
    if (*text && text[strlen(text) - 1] != '\n')
        rc_buf_addc(w, '\n');
    for (size_t i = 0; i < longest; i++)
        rc_buf_addc(w, '`');
    rc_buf_adds(w, "\n\n");
}

static void md_environments(struct rc_buf *w, const struct doc_model *m)
{
    const struct config *cfg = &m->ws->cfg;
    const json_t *envs = json_object_get(cfg->root, "environments");

    rc_buf_adds(w, "## Environments\n\n| environment | base URL | role | "
                "replays writes | authentication |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < cfg->n_envs; i++) {
        const struct environment *e = &cfg->envs[i];
        char *auth = doc_auth_text(cfg, e->name);
        rc_buf_adds(w, "| ");
        md_text(w, e->name);
        rc_buf_adds(w, " | ");
        md_text(w, json_string_value(json_object_get(
            json_object_get(envs, e->name), "base_url")));
        rc_buf_printf(w, " | %s | %s | ", e->production ? "production"
                      : "test", e->allow_writes ? "yes" : "no");
        md_text(w, auth ? auth : "");
        rc_buf_adds(w, " |\n");
        free(auth);
    }
    rc_buf_addc(w, '\n');
}

static void md_test_set(struct rc_buf *w, const struct doc_model *m)
{
    rc_buf_adds(w, "## Test set\n\nThe calls replayed during the acceptance "
                "check of every release, and the programs that select "
                "them.\n\n| suite | calls | programs | description |\n"
                "|---|---|---|---|\n");
    for (size_t i = 0; i < m->n; i++) {
        const struct doc_suite *ds = &m->suites[i];
        rc_buf_adds(w, "| ");
        md_text(w, ds->suite->name);
        rc_buf_printf(w, " | %zu | ", ds->suite->n_calls);
        md_text(w, ds->programs);
        rc_buf_adds(w, " | ");
        md_text(w, ds->suite->description ? ds->suite->description : "");
        rc_buf_adds(w, " |\n");
    }
    if (m->n == 0)
        rc_buf_adds(w, "\n_No suites yet: write suites/NAME.json or run "
                    "relcheck import._\n");
    rc_buf_addc(w, '\n');
}

/* "**Purpose.** text", or a note saying it is missing. */
static void md_field(struct rc_buf *w, const char *label, const char *key,
                     const char *value, const char *suite)
{
    rc_buf_printf(w, "**%s.** ", label);
    if (value)
        md_text(w, value);
    else {
        rc_buf_adds(w, "_Not documented: add \"");
        md_text(w, key);
        rc_buf_adds(w, "\" to the suite ");
        md_text(w, suite);
        rc_buf_adds(w, "._");
    }
    rc_buf_adds(w, "\n\n");
}

static void md_actions(struct rc_buf *w, const struct doc_suite *ds)
{
    rc_buf_adds(w, "### Actions performed through the API\n\n| call | "
                "method | path | description |\n|---|---|---|---|\n");
    for (size_t i = 0; i < ds->n_calls; i++) {
        const struct doc_call *c = &ds->calls[i];
        rc_buf_adds(w, "| ");
        md_text(w, c->call->id);
        rc_buf_printf(w, " | %s | ", c->call->method);
        md_text(w, c->target);
        rc_buf_adds(w, " | ");
        md_text(w, c->description ? c->description : "");
        rc_buf_adds(w, " |\n");
    }
    rc_buf_adds(w, "\n### Points of attention\n\n");
    for (size_t i = 0; i < ds->attention.n; i++) {
        rc_buf_adds(w, "- ");
        md_text(w, ds->attention.v[i]);
        rc_buf_addc(w, '\n');
    }
    if (ds->attention.n == 0)
        rc_buf_adds(w, "- none recorded\n");
    rc_buf_addc(w, '\n');
}

/* The fields the call uses, their types, and which are personal data. */
static void md_used(struct rc_buf *w, const struct doc_call *c)
{
    if (c->n_used == 0)
        return;
    rc_buf_adds(w, !c->all_used ? "Fields it uses:\n\n"
                                    : "Fields it uses (no uses listed: "
                                      "all):\n\n");
    rc_buf_adds(w, "| field | type | personal data |\n|---|---|---|\n");
    for (size_t i = 0; i < c->n_used; i++) {
        rc_buf_adds(w, "| ");
        md_text(w, c->used[i].field);
        rc_buf_printf(w, " | %s | %s |\n", c->used[i].type,
                      c->used[i].personal ? "yes" : "");
    }
    rc_buf_addc(w, '\n');
}

/* The closing table a processing agreement asks for (SPEC section 11). */
static void md_personal(struct rc_buf *w, const struct doc_model *m)
{
    rc_buf_adds(w, "## Personal data exchanged\n\n");
    if (m->n_personal == 0) {
        rc_buf_adds(w, "None of the fields the integration uses is covered "
                    "by redact.\n");
        return;
    }
    rc_buf_adds(w, "| suite | call | field |\n|---|---|---|\n");
    for (size_t i = 0; i < m->n_personal; i++) {
        rc_buf_adds(w, "| ");
        md_text(w, m->personal[i].suite);
        rc_buf_adds(w, " | ");
        md_text(w, m->personal[i].call);
        rc_buf_adds(w, " | ");
        md_text(w, m->personal[i].field);
        rc_buf_adds(w, " |\n");
    }
}

static void md_calls(struct rc_buf *w, const struct doc_suite *ds)
{
    rc_buf_adds(w, "### Example calls\n\n");
    for (size_t i = 0; i < ds->n_calls; i++) {
        const struct doc_call *c = &ds->calls[i];
        rc_buf_adds(w, "#### ");
        md_text(w, c->call->id);
        rc_buf_adds(w, "\n\nRequest:\n\n");
        md_block(w, "http", c->request);
        if (c->response == NULL) {
            rc_buf_adds(w, "_No baseline recorded yet: run relcheck "
                        "record._\n\n");
            continue;
        }
        rc_buf_adds(w, "Response (");
        md_text(w, c->recorded);
        rc_buf_adds(w, ", redacted):\n\n");
        md_block(w, "http", c->response);
        md_used(w, c);
    }
}

static void md_suite(struct rc_buf *w, const struct doc_suite *ds)
{
    const struct suite *s = ds->suite;

    rc_buf_adds(w, "## Suite ");
    md_text(w, s->name);
    rc_buf_adds(w, "\n\n");
    if (s->description) {
        md_text(w, s->description);
        rc_buf_adds(w, "\n\n");
    }
    md_field(w, "Purpose", "purpose", s->purpose, s->name);
    md_field(w, "Reason", "reason", s->reason, s->name);
    rc_buf_adds(w, "**Programs.** ");
    md_text(w, ds->programs);
    rc_buf_adds(w, "\n\n");
    md_actions(w, ds);
    md_calls(w, ds);
}

int doc_markdown(struct rc_buf *out, const struct doc_model *m)
{
    rc_buf_printf(out, "# Integration documentation\n\nGenerated by "
                  "relcheck %s on %s: %zu suite%s, %zu call%s, %zu with a "
                  "recorded baseline. Credentials and the values the "
                  "workspace redacts are shown as &lt;redacted&gt;.\n\n",
                  RELCHECK_VERSION, m->date, m->n, m->n == 1 ? "" : "s",
                  m->calls, m->calls == 1 ? "" : "s", m->baselines);
    md_environments(out, m);
    md_test_set(out, m);
    for (size_t i = 0; i < m->n; i++)
        md_suite(out, &m->suites[i]);
    md_personal(out, m);
    /* the buffer keeps the first failed append's code (core/buf.h) */
    return rc_buf_error(out);
}
