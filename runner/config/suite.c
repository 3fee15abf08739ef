/*
 * Call suites: loading and validation (see suite.h and docs/formats.md).
 */
#include "config/suite.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "config/jread.h"
#include "core/fsutil.h"
#include "core/glob.h"
#include "core/json.h"
#include "core/secret.h"
#include "pattern/pattern.h"

static const char *const suite_members[] = {
    "name", "description", "purpose", "reason", "attention", "programs",
    "uses", "calls", "teardown", NULL};
static const char *const call_members[] = {
    "id", "method", "path", "query", "headers", "body", "body_text",
    "ignore", "array_keys", "capture", "uses", "description", NULL};
static const char *const methods[] = {"GET", "HEAD", "OPTIONS", "POST",
                                      "PUT", "PATCH", "DELETE", NULL};

static void call_release(struct call *c)
{
    free(c->id);
    free(c->method);
    free(c->path);
    free(c->description);
    json_decref(c->query);
    json_decref(c->headers);
    json_decref(c->body);
    free(c->body_text);
    strvec_release(&c->ignore);
    for (size_t i = 0; i < c->n_array_keys; i++) {
        free(c->array_keys[i].path);
        free(c->array_keys[i].key);
    }
    free(c->array_keys);
    for (size_t i = 0; i < c->n_captures; i++) {
        free(c->captures[i].name);
        free(c->captures[i].path);
    }
    free(c->captures);
    strvec_release(&c->uses);
    strvec_release(&c->reads);
}

void suite_release(struct suite *s)
{
    for (size_t i = 0; i < s->n_calls; i++)
        call_release(&s->calls[i]);
    free(s->calls);
    free(s->name);
    free(s->file);
    free(s->description);
    free(s->purpose);
    free(s->reason);
    strvec_release(&s->attention);
    strvec_release(&s->programs);
    strvec_release(&s->reads);
    strvec_release(&s->env_vars);
    memset(s, 0, sizeof *s);
}

static bool is_ident(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* Whether member key of v is a string that passes the name rule (its
 * JSON length counts, so a NUL inside fails). */
static bool name_member_ok(const json_t *v, const char *key)
{
    const json_t *m = json_object_get(v, key);

    return json_is_string(m) &&
           fs_name_ok(json_string_value(m), json_string_length(m));
}

/* Collects the {{name}} variables used in s into uses. */
static int scan_vars(struct jread *jr, const char *key, const char *s,
                     struct strvec *uses)
{
    const char *p = s;

    while ((p = strstr(p, "{{")) != NULL) {
        const char *end = strstr(p + 2, "}}");
        if (end == NULL)
            return jread_fail(jr, key, "unclosed '{{' in '%s'", s);
        if (!is_ident(p + 2, (size_t)(end - p - 2)))
            return jread_fail(jr, key, "bad variable '%.*s' (a name of "
                              "letters, digits and _)", (int)(end - p + 2),
                              p);
        char *name = strndup(p + 2, (size_t)(end - p - 2));
        if (name == NULL || (!strvec_contains(uses, name)
                             && strvec_push(uses, name) < 0)) {
            free(name);
            return rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
        }
        free(name);
        p = end + 2;
    }
    return 0;
}

static int scan_json_vars(struct jread *jr, const char *key, const json_t *v,
                          struct strvec *uses)
{
    const char *k;
    json_t *m;
    size_t i;
    int rc = 0;

    if (json_is_string(v))
        return scan_vars(jr, key, json_string_value(v), uses);
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, k, m)
            if ((rc = scan_json_vars(jr, key, m, uses)) != 0)
                return rc;
    } else if (json_is_array(v)) {
        json_array_foreach((json_t *)v, i, m)
            if ((rc = scan_json_vars(jr, key, m, uses)) != 0)
                return rc;
    }
    return rc;
}

static int load_query_headers(struct jread *jr, struct call *c,
                              const json_t *v)
{
    json_t *q = NULL, *h = NULL;
    const char *k;
    json_t *m;
    int rc;

    if ((rc = jread_object(jr, v, "query", false, &q)) != 0
        || (rc = jread_object(jr, v, "headers", false, &h)) != 0)
        return rc;
    json_object_foreach(q, k, m) {
        if (!(json_is_string(m) || json_is_number(m) || json_is_boolean(m)
              || json_is_array(m)))
            return jread_fail(jr, "query", "query parameter '%s' must be a "
                              "string, number, boolean or array, not %s", k,
                              jx_type_name(m));
    }
    json_object_foreach(h, k, m) {
        if (!json_is_string(m))
            return jread_fail(jr, "headers", "header '%s' must be a string, "
                              "not %s", k, jx_type_name(m));
        if (secret_header(k))
            jread_warn(jr, "headers", "header '%s' holds a credential: put "
                       "credentials in the environment's auth, not in a "
                       "suite", k);
    }
    c->query = json_incref(q);
    c->headers = json_incref(h);
    if ((rc = scan_json_vars(jr, "query", q, &c->uses)) != 0)
        return rc;
    return scan_json_vars(jr, "headers", h, &c->uses);
}

static int load_pairs(struct jread *jr, const json_t *v, const char *key,
                      bool ident_names, char ***names, char ***values,
                      size_t *n)
{
    json_t *o = NULL;
    const char *k;
    json_t *m;
    int rc = jread_object(jr, v, key, false, &o);

    if (rc || o == NULL)
        return rc;
    json_object_foreach(o, k, m) {
        if (!json_is_string(m))
            return jread_fail(jr, key, "'%s' of '%s' must be a string, not "
                              "%s", k, key, jx_type_name(m));
        if (ident_names && !is_ident(k, strlen(k)))
            return jread_fail(jr, key, "bad capture name '%s' (letters, "
                              "digits and _)", k);
        (*names)[*n] = strdup(k);
        (*values)[*n] = strdup(json_string_value(m));
        (*n)++;
    }
    return 0;
}

static int load_keys_captures(struct jread *jr, struct call *c,
                              const json_t *v)
{
    size_t nk = json_object_size(json_object_get(v, "array_keys"));
    size_t nc = json_object_size(json_object_get(v, "capture"));
    char **a = calloc(nk + 1, sizeof *a), **b = calloc(nk + 1, sizeof *b);
    char **x = calloc(nc + 1, sizeof *x), **y = calloc(nc + 1, sizeof *y);
    int rc = 0;
    size_t n = 0;

    if (!a || !b || !x || !y)
        rc = rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    if (rc == 0)
        rc = load_pairs(jr, v, "array_keys", false, &a, &b, &n);
    c->array_keys = calloc(n + 1, sizeof *c->array_keys);
    for (size_t i = 0; i < n && c->array_keys; i++)
        c->array_keys[c->n_array_keys++] = (struct array_key){a[i], b[i]};
    n = 0;
    if (rc == 0)
        rc = load_pairs(jr, v, "capture", true, &x, &y, &n);
    c->captures = calloc(n + 1, sizeof *c->captures);
    for (size_t i = 0; i < n && c->captures; i++)
        c->captures[c->n_captures++] = (struct capture){x[i], y[i]};
    free(a);
    free(b);
    free(x);
    free(y);
    return rc;
}

static int load_method_path(struct jread *jr, struct call *c,
                            const json_t *v)
{
    int rc = jread_string(jr, v, "method", false, &c->method);
    size_t i;

    if (rc)
        return rc;
    if (c->method == NULL && (c->method = strdup("GET")) == NULL)
        return rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    for (char *p = c->method; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    for (i = 0; methods[i]; i++)
        if (strcmp(methods[i], c->method) == 0)
            break;
    if (methods[i] == NULL)
        return jread_fail(jr, "method", "unknown method '%s' (GET, HEAD, "
                          "OPTIONS, POST, PUT, PATCH or DELETE)", c->method);
    if ((rc = jread_string(jr, v, "path", true, &c->path)) != 0)
        return rc;
    if (c->path[0] != '/' && strncmp(c->path, "http://", 7) != 0
        && strncmp(c->path, "https://", 8) != 0)
        return jread_fail(jr, "path", "path '%s' must start with '/' or be "
                          "an absolute http(s) URL", c->path);
    return scan_vars(jr, "path", c->path, &c->uses);
}

static int load_body(struct jread *jr, struct call *c, const json_t *v)
{
    const json_t *body = json_object_get(v, "body");
    int rc;

    if (body && json_object_get(v, "body_text"))
        return jread_fail(jr, "body_text", "a call has 'body' or "
                          "'body_text', not both");
    if ((rc = jread_string(jr, v, "body_text", false, &c->body_text)) != 0)
        return rc;
    if (body)
        c->body = json_incref((json_t *)body);
    if (c->body_text)
        rc = scan_vars(jr, "body_text", c->body_text, &c->uses);
    if (rc == 0 && body)
        rc = scan_json_vars(jr, "body", body, &c->uses);
    return rc;
}

/* Reads obj's "uses" into out: path patterns, each compiled once so a
 * typo is an error at its own line and column. */
static int load_reads(struct jread *jr, const json_t *obj,
                      struct strvec *out)
{
    int rc = jread_strings(jr, obj, "uses", false, out);

    jread_push(jr, "uses");
    for (size_t i = 0; rc == 0 && i < out->n; i++) {
        struct pattern *p = NULL;
        struct rc_error perr;
        char idx[32];

        rc_error_clear(&perr);
        if (pattern_compile(&p, out->v[i], &perr) == 0) {
            pattern_free(p);
            continue;
        }
        snprintf(idx, sizeof idx, "%zu", i);
        rc = perr.code == RC_ENOMEM
                 ? rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory")
                 : jread_fail(jr, idx, "%s", perr.message);
    }
    jread_pop(jr);
    return rc;
}

/* Ids and captured variable names of the calls loaded so far (keys are
 * borrowed from the calls), so that checks stay linear in the calls. */
struct seen {
    GHashTable *ids;
    GHashTable *captured;
    GHashTable *first_use;  /* uncaptured name -> position of its call + 1
                               (teardown calls after the calls) */
    size_t index;           /* of the call being loaded, in its array */
    size_t n_before;        /* calls of the arrays before this one */
};

static int load_call(struct jread *jr, struct seen *seen, struct call *c,
                     const json_t *v)
{
    int rc;

    if ((rc = jread_want_object(jr, v, "a call")) != 0)
        return rc;
    jread_known(jr, v, call_members);
    if ((rc = jread_string(jr, v, "id", true, &c->id)) != 0)
        return rc;
    if (!name_member_ok(v, "id"))
        return jread_fail(jr, "id", "bad call id '%s' (1 to %d letters, "
                          "digits, '-', '_' and '.', a letter or digit "
                          "first; it names the fixture file)", c->id,
                          FS_NAME_MAX);
    if (g_hash_table_contains(seen->ids, c->id))
        return jread_fail(jr, "id", "duplicate call id '%s'", c->id);
    if ((rc = jread_string(jr, v, "description", false,
                           &c->description)) != 0
        || (rc = load_method_path(jr, c, v)) != 0
        || (rc = load_query_headers(jr, c, v)) != 0
        || (rc = load_body(jr, c, v)) != 0
        || (rc = jread_strings(jr, v, "ignore", false, &c->ignore)) != 0
        || (rc = load_keys_captures(jr, c, v)) != 0
        || (rc = load_reads(jr, v, &c->reads)) != 0)
        return rc;
    for (size_t i = 0; i < c->uses.n; i++)
        if (!g_hash_table_contains(seen->captured, c->uses.v[i])
            && !g_hash_table_contains(seen->first_use, c->uses.v[i]))
            g_hash_table_insert(seen->first_use, c->uses.v[i],
                                GSIZE_TO_POINTER(seen->n_before
                                                 + seen->index + 1));
    return 0;
}

/* The variables used before any call captures them come from the
 * environment's vars; one that a later call captures is a mistake. */
static int take_env_vars(struct jread *jr, struct suite *s,
                         struct seen *seen)
{
    GHashTableIter it;
    gpointer name, first;
    int rc = 0;

    g_hash_table_iter_init(&it, seen->first_use);
    while (rc == 0 && g_hash_table_iter_next(&it, &name, &first)) {
        if (g_hash_table_contains(seen->captured, name)) {
            size_t at = GPOINTER_TO_SIZE(first) - 1;
            bool down = at >= s->n_calls - s->n_teardown;
            jread_push(jr, down ? "teardown" : "calls");
            jread_push_index(jr, down ? at - (s->n_calls - s->n_teardown)
                                      : at);
            rc = jread_fail(jr, NULL, "variable '{{%s}}' is used before "
                            "the call that captures it", (char *)name);
            jread_pop(jr);
            jread_pop(jr);
        } else {
            rc = strvec_push(&s->env_vars, name);
        }
    }
    strvec_sort_unique(&s->env_vars);
    return rc;
}

static int load_programs(struct jread *jr, struct suite *s,
                         const json_t *root)
{
    int rc = jread_strings(jr, root, "programs", true, &s->programs);

    if (rc)
        return rc;
    if (s->programs.n == 0)
        return jread_fail(jr, "programs", "'programs' is empty (name the "
                          "program codes the suite touches, or \"*\")");
    for (size_t i = 0; i < s->programs.n; i++)
        if (!glob_valid(s->programs.v[i])) {
            char idx[32];
            jread_push(jr, "programs");
            snprintf(idx, sizeof idx, "%zu", i);
            rc = jread_fail(jr, idx, "invalid program code or glob '%s' "
                            "(upper-case letters, digits, '*' and '?')",
                            s->programs.v[i]);
            jread_pop(jr);
            return rc;
        }
    return 0;
}

/* Loads the array member key ("calls" or "teardown") into s->calls after
 * the calls loaded so far. */
static int load_call_array(struct jread *jr, struct suite *s,
                           struct seen *seen, const json_t *arr,
                           const char *key, bool teardown)
{
    size_t i;
    json_t *v;
    int rc = 0;

    jread_push(jr, key);
    json_array_foreach(arr, i, v) {
        struct call c;
        memset(&c, 0, sizeof c);
        seen->index = i;
        jread_push_index(jr, i);
        rc = load_call(jr, seen, &c, v);
        jread_pop(jr);
        if (rc) {
            call_release(&c);
            break;
        }
        c.teardown = teardown;
        s->ordered = s->ordered || c.n_captures > 0;
        s->calls[s->n_calls] = c;
        g_hash_table_add(seen->ids, s->calls[s->n_calls].id);
        for (size_t k = 0; k < c.n_captures; k++)
            g_hash_table_add(seen->captured, c.captures[k].name);
        s->n_calls++;
    }
    jread_pop(jr);
    return rc;
}

static int load_calls(struct jread *jr, struct suite *s, const json_t *root)
{
    struct seen seen;
    const json_t *calls = json_object_get(root, "calls");
    const json_t *down = json_object_get(root, "teardown");
    int rc = 0;

    if (calls == NULL)
        return jread_fail(jr, NULL, "missing member 'calls'");
    if (!json_is_array(calls))
        return jread_fail(jr, "calls", "member 'calls' must be an array, not "
                          "%s", jx_type_name(calls));
    if (down && !json_is_array(down))
        return jread_fail(jr, "teardown", "member 'teardown' must be an "
                          "array, not %s", jx_type_name(down));
    if (json_array_size(calls) == 0)
        jread_warn(jr, "calls", "suite '%s' has no calls", s->name);
    s->calls = calloc(json_array_size(calls) + json_array_size(down) + 1,
                      sizeof *s->calls);
    if (s->calls == NULL)
        return rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    seen.ids = g_hash_table_new(g_str_hash, g_str_equal);
    seen.captured = g_hash_table_new(g_str_hash, g_str_equal);
    seen.first_use = g_hash_table_new(g_str_hash, g_str_equal);
    seen.n_before = 0;
    rc = load_call_array(jr, s, &seen, calls, "calls", false);
    s->n_teardown = s->n_calls;
    seen.n_before = s->n_calls;
    if (rc == 0 && down)
        rc = load_call_array(jr, s, &seen, down, "teardown", true);
    s->n_teardown = s->n_calls - s->n_teardown;
    if (rc == 0)
        rc = take_env_vars(jr, s, &seen);
    g_hash_table_destroy(seen.ids);
    g_hash_table_destroy(seen.captured);
    g_hash_table_destroy(seen.first_use);
    return rc;
}

static int load_texts(struct jread *jr, struct suite *s, const json_t *root)
{
    const json_t *att = json_object_get(root, "attention");
    int rc;

    if ((rc = jread_string(jr, root, "description", false,
                           &s->description)) != 0
        || (rc = jread_string(jr, root, "purpose", false, &s->purpose)) != 0
        || (rc = jread_string(jr, root, "reason", false, &s->reason)) != 0)
        return rc;
    if (json_is_string(att))
        return strvec_push(&s->attention, json_string_value(att));
    return jread_strings(jr, root, "attention", false, &s->attention);
}

int suite_load(struct suite *s, const char *path, struct strvec *warnings,
               struct rc_error *err)
{
    json_t *root = NULL;
    char *text = NULL, *base = NULL;
    struct jread jr;
    int rc;

    memset(s, 0, sizeof *s);
    s->file = fs_absolute(path);
    if ((rc = jx_load(&root, &text, path, err)) != 0)
        goto done;
    jread_init(&jr, path, text, strlen(text), warnings, err);
    if ((rc = jread_want_object(&jr, root, "a suite")) != 0)
        goto done;
    jread_known(&jr, root, suite_members);
    if ((rc = jread_string(&jr, root, "name", true, &s->name)) != 0)
        goto done;
    if (!name_member_ok(root, "name")) {
        rc = jread_fail(&jr, "name", "bad suite name '%s' (1 to %d letters, "
                        "digits, '-', '_' and '.', a letter or digit first; "
                        "it names the suite's files)", s->name, FS_NAME_MAX);
        goto done;
    }
    base = fs_basename(path, ".json");
    if (base && strcmp(base, s->name) != 0) {
        rc = jread_fail(&jr, "name", "suite name '%s' does not match its "
                        "file name '%s.json'", s->name, base);
        goto done;
    }
    if ((rc = load_texts(&jr, s, root)) != 0
        || (rc = load_programs(&jr, s, root)) != 0
        || (rc = load_reads(&jr, root, &s->reads)) != 0)
        goto done;
    rc = load_calls(&jr, s, root);
done:
    if (rc)
        suite_release(s);
    json_decref(root);
    free(text);
    free(base);
    return rc;
}

static int cmp_suite(const void *a, const void *b)
{
    return strcmp(((const struct suite *)a)->name,
                  ((const struct suite *)b)->name);
}

int suite_load_all(struct suite_set *set, const char *dir,
                   struct strvec *warnings, struct rc_error *err)
{
    struct strvec files = STRVEC_INIT;
    int rc = 0;

    memset(set, 0, sizeof *set);
    if (!fs_is_dir(dir))
        return 0;
    if ((rc = fs_list_dir(&files, dir, ".json", err)) != 0)
        return rc;
    set->v = calloc(files.n + 1, sizeof *set->v);
    if (set->v == NULL)
        rc = rc_error_set(err, RC_ENOMEM, dir, "out of memory");
    for (size_t i = 0; rc == 0 && i < files.n; i++) {
        char *path = fs_join(dir, files.v[i]);
        rc = path ? suite_load(&set->v[set->n], path, warnings, err)
                  : rc_error_set(err, RC_ENOMEM, dir, "out of memory");
        if (rc == 0)
            set->n++;
        free(path);
    }
    strvec_release(&files);
    if (rc)
        suite_set_release(set);
    else
        qsort(set->v, set->n, sizeof *set->v, cmp_suite);
    return rc;
}

void suite_set_release(struct suite_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        suite_release(&set->v[i]);
    free(set->v);
    set->v = NULL;
    set->n = 0;
}

const struct suite *suite_find(const struct suite_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i].name, name) == 0)
            return &set->v[i];
    return NULL;
}

int suite_pick(const struct suite ***out, size_t *n,
               const struct suite_set *set, const struct strvec *names,
               const char *dir, struct rc_error *err)
{
    struct strvec sorted = STRVEC_INIT;
    size_t count = names->n ? names->n : set->n;
    const struct suite **v = calloc(count ? count : 1, sizeof *v);
    int rc = 0;

    *out = NULL;
    *n = 0;
    for (size_t i = 0; v && i < names->n && rc == 0; i++)
        rc = strvec_push(&sorted, names->v[i]);
    if (v == NULL || rc) {
        free(v);
        strvec_release(&sorted);
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    }
    strvec_sort_unique(&sorted);
    for (size_t i = 0; i < (names->n ? sorted.n : set->n); i++) {
        const struct suite *s = names->n ? suite_find(set, sorted.v[i])
                                         : &set->v[i];
        if (s == NULL) {
            rc = rc_error_set(err, RC_EUSAGE, "--suite", "no suite '%s' "
                              "in %s", sorted.v[i], fs_display(dir));
            break;
        }
        v[(*n)++] = s;
    }
    strvec_release(&sorted);
    if (rc) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return 0;
}

const struct call *suite_call(const struct suite *s, const char *id)
{
    for (size_t i = 0; i < s->n_calls; i++)
        if (strcmp(s->calls[i].id, id) == 0)
            return &s->calls[i];
    return NULL;
}

bool call_has_reads(const struct suite *s, const struct call *c)
{
    return s->reads.n > 0 || c->reads.n > 0;
}

bool call_is_write(const struct call *c)
{
    return strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0
           && strcmp(c->method, "OPTIONS") != 0;
}
