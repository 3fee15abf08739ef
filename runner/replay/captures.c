/*
 * Captures of a suite (see captures.h): values taken from earlier
 * responses for the {{variables}} of later calls, and why one is missing.
 */
#include "replay/captures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern.h"

int captures_init(struct captures *cap, const json_t *vars)
{
    cap->vars = vars ? json_deep_copy(vars) : json_object();
    cap->failed = json_object();
    return cap->vars && cap->failed ? 0 : RC_ENOMEM;
}

void captures_release(struct captures *cap)
{
    json_decref(cap->vars);
    json_decref(cap->failed);
    cap->vars = cap->failed = NULL;
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

void captures_take(struct captures *cap, const struct call *c,
                   const struct http_response *resp)
{
    json_t *doc;

    if (c->n_captures == 0)
        return;
    doc = json_loadb(resp->body.data ? resp->body.data : "", resp->body.len,
                     0, NULL);
    for (size_t k = 0; k < c->n_captures; k++) {
        struct pattern *p = NULL;
        json_t *v = NULL;
        char *why;

        if (doc && pattern_compile(&p, c->captures[k].path, NULL) == 0)
            v = pattern_first(p, doc);
        pattern_free(p);
        if (v) {
            json_object_set(cap->vars, c->captures[k].name, v);
            json_object_del(cap->failed, c->captures[k].name);
            continue;
        }
        if (asprintf(&why, "from call '%s', whose response has no '%s'",
                     c->id, c->captures[k].path) < 0)
            continue;
        json_object_set_new(cap->failed, c->captures[k].name,
                            json_string(why));
        free(why);
    }
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
