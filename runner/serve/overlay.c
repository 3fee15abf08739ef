/*
 * Overlay files: loading with file:line:column errors, and applying the
 * mutations to a response draft (see overlay.h; the JSON and XML work is
 * in mutate.c).
 */
#include "serve/overlay.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "config/jread.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "serve/mutate.h"

struct overlay {
    char *file;            /* as shown in messages */
    char *description;
    struct mutation *v;
    size_t n;
};

static const char *const top_members[] = {"description", "mutations", NULL};
static const char *const mutation_members[] = {
    "suite", "call", "set", "value", "remove", "retype", "rename", "to",
    "status", "headers", NULL,
};
static const char *const op_names[] = {
    "set", "remove", "retype", "rename", "status", "headers", NULL,
};

/* Which single operation the mutation object m names. */
static int read_op(struct jread *jr, const json_t *m, enum mut_op *op)
{
    int found = 0;

    for (size_t i = 0; op_names[i]; i++)
        if (json_object_get(m, op_names[i])) {
            *op = (enum mut_op)i;
            found++;
        }
    if (found != 1)
        return jread_fail(jr, NULL, "a mutation does exactly one of 'set', "
                          "'remove', 'retype', 'rename', 'status' or "
                          "'headers' (found %d)", found);
    return 0;
}

static int read_path(struct jread *jr, const json_t *obj,
                     struct mutation *m)
{
    const char *key = op_names[m->op];
    char why[256];
    int rc = jread_string(jr, obj, key, true, &m->path);

    if (rc)
        return rc;
    if (m->path[0] == '/') {
        m->xml = true;
        if (!mutate_xpath_valid(m->path))
            return jread_fail(jr, key, "'%s' is not a valid XPath", m->path);
        if (m->op == MUT_RETYPE)
            return jread_fail(jr, key, "'retype' changes JSON types; an XML "
                              "path cannot be retyped");
        return 0;
    }
    if (m->path[0] != '$')
        return jread_fail(jr, key, "'%s' is neither a JSON path (starting "
                          "with '$') nor an XML path (starting with '/')",
                          m->path);
    if (jpath_parse(m, m->path, why, sizeof why) != 0)
        return jread_fail(jr, key, "'%s': %s", m->path, why);
    if ((m->op == MUT_REMOVE || m->op == MUT_RENAME) && m->n_steps == 0)
        return jread_fail(jr, key, "cannot %s the whole body ('$')", key);
    if (m->op == MUT_RENAME && m->steps[m->n_steps - 1].kind != JSTEP_NAME)
        return jread_fail(jr, key, "'rename' needs a path that ends in a "
                          "member name");
    return 0;
}

static int read_status(struct jread *jr, const json_t *obj,
                       struct mutation *m)
{
    const json_t *v = json_object_get(obj, "status");

    if (!json_is_integer(v) || json_integer_value(v) < 100
        || json_integer_value(v) > 599)
        return jread_fail(jr, "status", "member 'status' must be an HTTP "
                          "status from 100 to 599");
    m->status = (int)json_integer_value(v);
    return 0;
}

/* "headers": {"name": "value" or null}; names are stored lower-case. */
static int read_headers(struct jread *jr, const json_t *obj,
                        struct mutation *m)
{
    const json_t *h = json_object_get(obj, "headers");
    const char *key;
    json_t *v;

    if (!json_is_object(h))
        return jread_fail(jr, "headers", "member 'headers' must be an "
                          "object of header names to strings or null");
    if ((m->value = json_object()) == NULL)
        return jread_fail(jr, NULL, "out of memory");
    json_object_foreach((json_t *)h, key, v) {
        char *lower = strdup(key);
        if (lower == NULL)
            return jread_fail(jr, NULL, "out of memory");
        for (char *p = lower; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        int bad = (!json_is_string(v) && !json_is_null(v)) || !key[0]
                  || strpbrk(key, " :\r\n") != NULL;
        if (!bad)
            json_object_set(m->value, lower, v);
        free(lower);
        if (bad) {
            jread_push(jr, "headers");
            int rc = jread_fail(jr, key, "header '%s' needs a valid name "
                                "and a string (or null to remove it)", key);
            jread_pop(jr);
            return rc;
        }
    }
    return 0;
}

static int read_to(struct jread *jr, const json_t *obj, struct mutation *m)
{
    int rc = jread_string(jr, obj, "to", true, &m->to);

    if (rc)
        return rc;
    if (m->op == MUT_RETYPE && !mutate_type_known(m->to))
        return jread_fail(jr, "to", "unknown JSON type '%s' (string, "
                          "integer, real, boolean, null, array or object)",
                          m->to);
    if (m->op == MUT_RENAME && m->xml
        && xmlValidateName((const xmlChar *)m->to, 0) != 0)
        return jread_fail(jr, "to", "'%s' is not a valid XML name", m->to);
    if (m->op == MUT_RENAME && m->to[0] == '\0')
        return jread_fail(jr, "to", "member 'to' must not be empty");
    return 0;
}

static int read_operation(struct jread *jr, const json_t *obj,
                          struct mutation *m)
{
    int rc = read_op(jr, obj, &m->op);

    if (rc)
        return rc;
    if (m->op == MUT_STATUS)
        return read_status(jr, obj, m);
    if (m->op == MUT_HEADERS)
        return read_headers(jr, obj, m);
    if ((rc = read_path(jr, obj, m)) != 0)
        return rc;
    if (m->op == MUT_RETYPE || m->op == MUT_RENAME)
        return read_to(jr, obj, m);
    if (m->op == MUT_SET) {
        const json_t *v = json_object_get(obj, "value");
        if (v == NULL)
            return jread_fail(jr, NULL, "'set' needs a member 'value'");
        m->value = json_incref((json_t *)v);
    }
    return 0;
}

static int read_mutation(struct jread *jr, const json_t *obj,
                         struct mutation *m, size_t i)
{
    const char *comps[2];
    char idx[32];
    int rc;

    snprintf(idx, sizeof idx, "%zu", i);
    comps[0] = "mutations";
    comps[1] = idx;
    jx_locate(jr->text, jr->len, comps, 2, &m->line, &m->column);
    if ((rc = jread_want_object(jr, obj, "a mutation")) != 0)
        return rc;
    jread_known(jr, obj, mutation_members);
    if ((rc = jread_string(jr, obj, "suite", false, &m->suite)) != 0
        || (rc = jread_string(jr, obj, "call", false, &m->call)) != 0)
        return rc;
    return read_operation(jr, obj, m);
}

static int read_mutations(struct jread *jr, const json_t *root,
                          struct overlay *ov)
{
    const json_t *arr = json_object_get(root, "mutations");
    int rc = 0;

    if (!json_is_array(arr))
        return jread_fail(jr, arr ? "mutations" : NULL, "an overlay needs "
                          "a member 'mutations', an array of mutations");
    ov->v = calloc(json_array_size(arr) + 1, sizeof *ov->v);
    if (ov->v == NULL)
        return jread_fail(jr, NULL, "out of memory");
    jread_push(jr, "mutations");
    for (size_t i = 0; rc == 0 && i < json_array_size(arr); i++) {
        jread_push_index(jr, i);
        ov->n++;
        rc = read_mutation(jr, json_array_get(arr, i), &ov->v[i], i);
        jread_pop(jr);
    }
    jread_pop(jr);
    return rc;
}

int overlay_parse(struct overlay **out, const char *text, size_t len,
                  const char *name, struct strvec *warnings,
                  struct rc_error *err)
{
    struct overlay *ov = calloc(1, sizeof *ov);
    json_t *root = NULL;
    struct jread jr;
    int rc;

    *out = NULL;
    if (ov == NULL || (ov->file = strdup(fs_display(name))) == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, name, "out of memory");
        goto done;
    }
    xmlInitParser();
    if ((rc = jx_parse(&root, text, len, name, err)) != 0)
        goto done;
    jread_init(&jr, name, text, len, warnings, err);
    if ((rc = jread_want_object(&jr, root, "an overlay")) != 0)
        goto done;
    jread_known(&jr, root, top_members);
    if ((rc = jread_string(&jr, root, "description", false,
                           &ov->description)) != 0
        || (rc = read_mutations(&jr, root, ov)) != 0)
        goto done;
    *out = ov;
    ov = NULL;
done:
    overlay_free(ov);
    json_decref(root);
    return rc;
}

int overlay_load(struct overlay **out, const char *path,
                 struct strvec *warnings, struct rc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    if ((rc = fs_read_file(&text, &len, path, JX_MAX_FILE, err)) != 0)
        return rc;
    rc = overlay_parse(out, text, len, path, warnings, err);
    free(text);
    return rc;
}

void overlay_free(struct overlay *ov)
{
    if (ov == NULL)
        return;
    for (size_t i = 0; i < ov->n; i++)
        mutation_release(&ov->v[i]);
    free(ov->v);
    free(ov->description);
    free(ov->file);
    free(ov);
}

size_t overlay_size(const struct overlay *ov)
{
    return ov ? ov->n : 0;
}

const char *overlay_description(const struct overlay *ov)
{
    return ov ? ov->description : NULL;
}

/* ---- applying ----------------------------------------------------------- */

static bool selects(const struct mutation *m, const char *suite,
                    const char *call)
{
    return (m->suite == NULL || strcmp(m->suite, suite) == 0)
           && (m->call == NULL || strcmp(m->call, call) == 0);
}

static long apply_headers(const struct mutation *m, struct draft *d)
{
    const char *key;
    json_t *v;
    long n = 0;

    json_object_foreach(m->value, key, v) {
        if (json_is_null(v)) {
            n += json_object_del(d->headers, key) == 0;
        } else {
            if (json_object_set(d->headers, key, v) != 0)
                return RC_ENOMEM;
            n++;
        }
    }
    return n;
}

/* Whether a text body is XML: by its content type, else by its first
 * character (as the diff sniffs it). */
static bool body_is_xml(const struct draft *d)
{
    const char *ct = json_string_value(json_object_get(d->headers,
                                                       "content-type"));
    const char *p = d->bytes;

    if (ct && strstr(ct, "xml"))
        return true;
    while (p && isspace((unsigned char)*p))
        p++;
    return p && *p == '<';
}

/* Parses d's body once, for the first XML mutation that wants it. */
static xmlDoc *xml_of(struct draft *d, xmlDoc **doc, bool *tried,
                      const char *where, struct strvec *warnings)
{
    if (*tried)
        return *doc;
    *tried = true;
    if (d->kind != BODY_TEXT || !body_is_xml(d) || d->len > INT32_MAX)
        return NULL;
    *doc = xmlReadMemory(d->bytes, (int)d->len, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR
                         | XML_PARSE_NOWARNING);
    if (*doc == NULL)
        strvec_pushf(warnings, "%s: the response body is not well-formed "
                     "XML; its XML mutations are left out", where);
    return *doc;
}

/* Serializes a mutated document back into d's body, in its encoding. */
static int xml_store(struct draft *d, xmlDoc *doc)
{
    xmlChar *mem = NULL;
    int size = 0;
    char *copy;

    xmlDocDumpMemory(doc, &mem, &size);
    if (mem == NULL || (copy = malloc((size_t)size + 1)) == NULL) {
        xmlFree(mem);
        return RC_ENOMEM;
    }
    memcpy(copy, mem, (size_t)size);
    copy[size] = '\0';
    xmlFree(mem);
    free(d->bytes);
    d->bytes = copy;
    d->len = (size_t)size;
    return 0;
}

static long apply_one(struct mutation *m, struct draft *d, xmlDoc **doc,
                      bool *tried, const char *where,
                      struct strvec *warnings)
{
    if (m->op == MUT_STATUS) {
        d->status = m->status;
        return 1;
    }
    if (m->op == MUT_HEADERS)
        return apply_headers(m, d);
    if (m->xml) {
        xmlDoc *x = xml_of(d, doc, tried, where, warnings);
        return x ? mutate_xml(m, x) : 0;
    }
    return d->kind == BODY_JSON ? mutate_json(m, &d->body) : 0;
}

int overlay_apply(struct overlay *ov, const char *suite, const char *call,
                  struct draft *d, struct strvec *warnings,
                  struct rc_error *err)
{
    char where[512];
    xmlDoc *doc = NULL;
    bool tried = false, xml_changed = false;
    int rc = 0;

    snprintf(where, sizeof where, "%s/%s", suite, call);
    for (size_t i = 0; ov && i < ov->n && rc == 0; i++) {
        struct mutation *m = &ov->v[i];
        if (!selects(m, suite, call))
            continue;
        m->selected++;
        long r = apply_one(m, d, &doc, &tried, where, warnings);
        if (r < 0)
            rc = rc_error_set(err, RC_ENOMEM, ov->file, "out of memory");
        else
            m->changed += (size_t)r;
        if (r > 0 && m->xml)
            xml_changed = true;
    }
    if (rc == 0 && xml_changed && xml_store(d, doc) != 0)
        rc = rc_error_set(err, RC_ENOMEM, ov->file, "out of memory");
    xmlFreeDoc(doc);
    return rc;
}

/* "suite 'a', call 'b'" / "every suite" for a mutation's selectors. */
static void describe_selectors(const struct mutation *m, char *buf,
                               size_t size)
{
    if (m->suite && m->call)
        snprintf(buf, size, "suite '%s', call '%s'", m->suite, m->call);
    else if (m->suite)
        snprintf(buf, size, "suite '%s'", m->suite);
    else if (m->call)
        snprintf(buf, size, "call '%s' of any suite", m->call);
    else
        snprintf(buf, size, "every call");
}

void overlay_report_unused(const struct overlay *ov, struct strvec *warnings)
{
    char sel[600];

    for (size_t i = 0; ov && i < ov->n; i++) {
        const struct mutation *m = &ov->v[i];
        if (m->changed > 0)
            continue;
        describe_selectors(m, sel, sizeof sel);
        if (m->selected == 0)
            strvec_pushf(warnings, "%s:%d:%d: mutation %zu changed nothing: "
                         "no served call matches its selection (%s)",
                         ov->file, m->line, m->column, i + 1, sel);
        else if (m->path)
            strvec_pushf(warnings, "%s:%d:%d: mutation %zu changed nothing: "
                         "'%s' is in none of the %zu calls it selects (%s)",
                         ov->file, m->line, m->column, i + 1, m->path,
                         m->selected, sel);
        else
            strvec_pushf(warnings, "%s:%d:%d: mutation %zu changed nothing "
                         "in the %zu calls it selects (%s)", ov->file,
                         m->line, m->column, i + 1, m->selected, sel);
    }
}

void draft_release(struct draft *d)
{
    json_decref(d->headers);
    json_decref(d->body);
    free(d->bytes);
    memset(d, 0, sizeof *d);
}
