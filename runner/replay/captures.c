/*
 * Captures of a suite (see captures.h): values taken from earlier
 * responses for the {{variables}} of later calls, why one is missing, and
 * the snapshot a fixture keeps.
 */
#include "replay/captures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"
#include "redact/scrub.h"

int captures_init(struct captures *cap, const json_t *vars)
{
    cap->vars = vars ? json_deep_copy(vars) : json_object();
    cap->failed = json_object();
    cap->hidden = json_object();
    return cap->vars && cap->failed && cap->hidden ? 0 : RC_ENOMEM;
}

void captures_release(struct captures *cap)
{
    json_decref(cap->vars);
    json_decref(cap->failed);
    json_decref(cap->hidden);
    cap->vars = cap->failed = cap->hidden = NULL;
}

void captures_fail(struct captures *cap, const struct call *c,
                   const char *why)
{
    for (size_t k = 0; k < c->n_captures; k++) {
        char *text;

        if (asprintf(&text, "from call '%s', %s", c->id, why) < 0)
            continue;
        json_object_set_new(cap->failed, c->captures[k].name,
                            json_string(text));
        free(text);
    }
}

/* pattern_redact_fn that marks what redaction would replace. */
static json_t *mark_redacted(void *ctx, const json_t *v)
{
    (void)v;
    return json_incref(ctx);
}

/* A copy of doc whose values a `redact` pattern covers are a marker (new
 * reference); NULL when memory ran out. */
static json_t *masked_copy(const json_t *doc, const struct pattern_set *redact)
{
    json_t *copy = json_deep_copy(doc), *mark = json_array();

    if (copy == NULL || mark == NULL
        || pattern_redact_tree(copy, NULL, 0, redact, mark_redacted,
                               mark) < 0) {
        json_decref(copy);
        copy = NULL;
    }
    json_decref(mark);
    return copy;
}

/* Whether the value v that p finds in doc is one that redact would
 * replace: p finds another value in the masked copy, made once per
 * response into *masked (the caller's). Without memory for the copy, the
 * value counts as covered. */
static bool under_redact(const struct pattern *p, const json_t *doc,
                         const json_t *v, const struct pattern_set *redact,
                         json_t **masked)
{
    if (redact == NULL || redact->n == 0)
        return false;
    if (*masked == NULL)
        *masked = masked_copy(doc, redact);
    return *masked == NULL
           || !json_equal(pattern_first(p, *masked), (json_t *)v);
}

void captures_take(struct captures *cap, const struct call *c,
                   const struct http_response *resp,
                   const struct pattern_set *redact)
{
    json_t *doc, *masked = NULL;

    if (c->n_captures == 0)
        return;
    doc = json_loadb(resp->body.data ? resp->body.data : "", resp->body.len,
                     0, NULL);
    for (size_t k = 0; k < c->n_captures; k++) {
        const char *name = c->captures[k].name;
        struct pattern *p = NULL;
        json_t *v = NULL;
        char *why;

        if (doc && pattern_compile(&p, c->captures[k].path, NULL) == 0)
            v = pattern_first(p, doc);
        if (v) {
            json_object_set(cap->vars, name, v);
            json_object_del(cap->failed, name);
            if (under_redact(p, doc, v, redact, &masked))
                json_object_set_new(cap->hidden, name, json_true());
            else
                json_object_del(cap->hidden, name);
            pattern_free(p);
            continue;
        }
        pattern_free(p);
        if (asprintf(&why, "from call '%s', whose response has no '%s'",
                     c->id, c->captures[k].path) < 0)
            continue;
        json_object_set_new(cap->failed, c->captures[k].name,
                            json_string(why));
        free(why);
    }
    json_decref(masked);
    json_decref(doc);
}

char *captures_missing(const struct captures *cap, const struct call *c)
{
    char *why = NULL;

    for (size_t i = 0; i < c->uses.n; i++) {
        const char *name = c->uses.v[i];
        json_t *f = json_object_get(cap->failed, name);

        if (json_object_get(cap->vars, name))
            continue;
        if (asprintf(&why, "uses {{%s}} %s", name,
                     f ? json_string_value(f)
                       : "which no earlier call captured and this "
                         "environment's vars do not set") < 0)
            why = NULL;
        return why ? why : strdup("uses a variable that is missing");
    }
    return NULL;
}

/* The stored form of the captured value v of name (new reference, NULL
 * when it is left out). */
static json_t *stored_value(const struct captures *cap, const char *name,
                            json_t *v, const struct redact_key *key)
{
    char *mac;
    json_t *out;

    if (!secret_name(name) && !json_object_get(cap->hidden, name))
        return json_deep_copy(v);
    if (key == NULL || (mac = redact_value(key, v)) == NULL)
        return NULL;
    out = json_string(mac);
    free(mac);
    return out;
}

json_t *captures_snapshot(const struct captures *cap, const struct suite *s,
                          const struct redact_key *key,
                          const struct strvec *secrets)
{
    json_t *snap;

    if (!s->ordered || (snap = json_object()) == NULL)
        return NULL;
    for (size_t i = 0; i < s->n_calls; i++)
        for (size_t k = 0; k < s->calls[i].n_captures; k++) {
            const char *name = s->calls[i].captures[k].name;
            json_t *v = json_object_get(cap->vars, name);

            if (v && json_object_get(snap, name) == NULL)
                json_object_set_new(snap, name,
                                    stored_value(cap, name, v, key));
        }
    if (secrets && scrub_known(snap, secrets) != 0) {
        json_decref(snap);
        return NULL;
    }
    return snap;
}
