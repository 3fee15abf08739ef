/*
 * Positioned JSON reading for workspace files (see jread.h).
 */
#include "config/jread.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/expand.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "core/jsonw.h"

void jread_init(struct jread *jr, const char *file, const char *text,
                size_t len, struct strvec *warnings, struct rc_error *err)
{
    memset(jr, 0, sizeof *jr);
    jr->file = file;
    jr->text = text;
    jr->len = len;
    jr->warnings = warnings;
    jr->err = err;
}

void jread_push(struct jread *jr, const char *key)
{
    if (jr->depth < JREAD_MAX_DEPTH)
        snprintf(jr->comps[jr->depth], sizeof jr->comps[0], "%s", key);
    jr->depth++;
}

void jread_push_index(struct jread *jr, size_t i)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%zu", i);
    jread_push(jr, buf);
}

void jread_pop(struct jread *jr)
{
    if (jr->depth > 0)
        jr->depth--;
}

static void locate(const struct jread *jr, const char *key, int *line,
                   int *col)
{
    const char *comps[JREAD_MAX_DEPTH + 1];
    size_t n = jr->depth < JREAD_MAX_DEPTH ? jr->depth : JREAD_MAX_DEPTH;

    for (size_t i = 0; i < n; i++)
        comps[i] = jr->comps[i];
    if (key)
        comps[n++] = key;
    *line = 0;
    *col = 0;
    if (jr->text)
        jx_locate(jr->text, jr->len, comps, n, line, col);
}

static void vformat(char *buf, size_t size, const char *fmt, va_list ap)
    RC_PRINTF(3, 0);

static void vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    vsnprintf(buf, size, fmt, ap);
}

int jread_fail(struct jread *jr, const char *key, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    int line, col;

    va_start(ap, fmt);
    vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    locate(jr, key, &line, &col);
    return rc_error_at(jr->err, RC_ECONFIG, fs_display(jr->file), line, col,
                       "%s", msg);
}

void jread_warn(struct jread *jr, const char *key, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    int line, col;

    if (jr->warnings == NULL)
        return;
    va_start(ap, fmt);
    vformat(msg, sizeof msg, fmt, ap);
    va_end(ap);
    locate(jr, key, &line, &col);
    if (line > 0)
        strvec_pushf(jr->warnings, "%s:%d:%d: %s", fs_display(jr->file),
                     line, col, msg);
    else
        strvec_pushf(jr->warnings, "%s: %s", fs_display(jr->file), msg);
}

void jread_known(struct jread *jr, const json_t *obj,
                 const char *const *known)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)obj, key, v) {
        size_t i;
        if (strcmp(key, JREAD_COMMENT) == 0)
            continue;
        for (i = 0; known[i]; i++)
            if (strcmp(known[i], key) == 0)
                break;
        if (known[i] == NULL)
            jread_warn(jr, key, "unknown member '%s' (ignored)", key);
    }
}

int jread_want_object(struct jread *jr, const json_t *v, const char *what)
{
    if (!json_is_object(v))
        return jread_fail(jr, NULL, "%s must be an object, not %s", what,
                          jx_type_name(v));
    return 0;
}

static const json_t *member(struct jread *jr, const json_t *obj,
                            const char *key, bool required, int *rc)
{
    const json_t *v = json_object_get(obj, key);

    *rc = 0;
    if (v == NULL && required)
        *rc = jread_fail(jr, NULL, "missing member '%s'", key);
    return v;
}

static int wrong_type(struct jread *jr, const char *key, const char *want,
                      const json_t *v)
{
    return jread_fail(jr, key, "member '%s' must be %s, not %s", key, want,
                      jx_type_name(v));
}

int jread_string(struct jread *jr, const json_t *obj, const char *key,
                 bool required, char **out)
{
    int rc;
    const json_t *v = member(jr, obj, key, required, &rc);
    char *s = NULL;

    if (v == NULL)
        return rc;
    if (!json_is_string(v))
        return wrong_type(jr, key, "a string", v);
    if (jr->expand) {
        rc = jread_expand(jr, key, json_string_value(v), &s);
        if (rc)
            return rc;
    } else if ((s = strdup(json_string_value(v))) == NULL) {
        return rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    }
    free(*out);
    *out = s;
    return 0;
}

int jread_strings(struct jread *jr, const json_t *obj, const char *key,
                  bool required, struct strvec *out)
{
    int rc;
    const json_t *v = member(jr, obj, key, required, &rc);
    size_t i;
    json_t *e;

    if (v == NULL)
        return rc;
    if (!json_is_array(v))
        return wrong_type(jr, key, "an array of strings", v);
    jread_push(jr, key);
    json_array_foreach((json_t *)v, i, e) {
        if (!json_is_string(e)) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            rc = jread_fail(jr, idx, "element %zu of '%s' must be a string, "
                            "not %s", i, key, jx_type_name(e));
            break;
        }
        if ((rc = strvec_push(out, json_string_value(e))) != 0) {
            rc = rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
            break;
        }
    }
    jread_pop(jr);
    return rc;
}

int jread_bool(struct jread *jr, const json_t *obj, const char *key,
               bool *out)
{
    const json_t *v = json_object_get(obj, key);

    if (v == NULL)
        return 0;
    if (!json_is_boolean(v))
        return wrong_type(jr, key, "true or false", v);
    *out = json_is_true(v);
    return 0;
}

int jread_number(struct jread *jr, const json_t *obj, const char *key,
                 double min, double max, double *out)
{
    const json_t *v = json_object_get(obj, key);
    double d;

    if (v == NULL)
        return 0;
    if (!json_is_number(v))
        return wrong_type(jr, key, "a number", v);
    d = json_number_value(v);
    if (!(d >= min && d <= max)) {
        /* the value as written, not rounded to %g's 6 digits */
        char *text = jsonw_dumps(v, 0);
        int rc = jread_fail(jr, key, "member '%s' must be from %g to %g, "
                            "not %s", key, min, max, text ? text : "?");
        free(text);
        return rc;
    }
    *out = d;
    return 0;
}

int jread_object(struct jread *jr, const json_t *obj, const char *key,
                 bool required, json_t **out)
{
    int rc;
    const json_t *v = member(jr, obj, key, required, &rc);

    if (v == NULL)
        return rc;
    if (!json_is_object(v))
        return wrong_type(jr, key, "an object", v);
    *out = (json_t *)v;
    return 0;
}

/* Reads a ${file:PATH} credential file: trailing newlines dropped; a file
 * readable by group or others gets a warning. */
static int read_secret_file(struct jread *jr, const char *key,
                            const char *name, char **out)
{
    char *path = fs_join(jr->base_dir, name);
    struct stat st;
    size_t len = 0;
    int rc;

    if (path == NULL)
        return rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    if (stat(path, &st) != 0) {
        rc = jread_fail(jr, key, "cannot read '%s' named by ${file:%s}: %s",
                        path, name, strerror(errno));
        free(path);
        return rc;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        jread_warn(jr, key, "credential file '%s' is readable by group or "
                   "others (chmod 600 it)", path);
    rc = fs_read_file(out, &len, path, 1 << 20, jr->err);
    free(path);
    if (rc)
        return jread_fail(jr, key, "cannot read ${file:%s}: %s", name,
                          jr->err->message);
    while (len > 0 && ((*out)[len - 1] == '\n' || (*out)[len - 1] == '\r'))
        (*out)[--len] = '\0';
    return 0;
}

/* What reads a relcheck.json value: ${file:PATH}; anything but ${env:}
 * (core/expand.c) and ${file:} is an error. */
struct jexpand {
    struct jread *jr;
    const char *key;
};

static int expand_other(void *ctx, const char *ref, size_t n, char **val)
{
    struct jexpand *x = ctx;
    char *name;
    int rc;

    if (n > 5 && strncmp(ref, "file:", 5) == 0) {
        if ((name = strndup(ref + 5, n - 5)) == NULL)
            return rc_error_set(x->jr->err, RC_ENOMEM, x->jr->file,
                                "out of memory");
        rc = read_secret_file(x->jr, x->key, name, val);
        free(name);
        return rc;
    }
    return jread_fail(x->jr, x->key, "unknown expansion '${%.*s}' (use "
                      "${env:NAME} or ${file:PATH})", (int)n, ref);
}

int jread_expand(struct jread *jr, const char *key, const char *s, char **out)
{
    struct jexpand x = {jr, key};
    struct strvec local = STRVEC_INIT;
    struct strvec *missing = jr->missing ? jr->missing : &local;
    size_t before = missing->n;
    int rc = expand_refs(out, s, expand_other, &x, missing);

    if (rc == RC_ENOTFOUND && jr->missing) {
        /* collecting: err locates the first one, the value is "" */
        if (before == 0)
            jread_fail(jr, key, "environment variable '%s' is not set",
                       missing->v[0]);
        rc = 0;
    } else if (rc == RC_ENOTFOUND) {
        rc = jread_fail(jr, key, "environment variable '%s' is not set",
                        local.v[0]);
    } else if (rc == RC_ENOMEM) {
        rc = rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    }
    if (rc) {
        free(*out);
        *out = NULL;
    }
    strvec_release(&local);
    return rc;
}

int jread_expand_json(struct jread *jr, const char *key, const json_t *v,
                      json_t **out)
{
    int rc = 0;

    *out = NULL;
    if (json_is_string(v)) {
        char *s = NULL;
        rc = jread_expand(jr, key, json_string_value(v), &s);
        if (rc == 0)
            *out = json_string(s);
        free(s);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *m;
        *out = json_object();
        json_object_foreach((json_t *)v, k, m) {
            json_t *c = NULL;
            rc = jread_expand_json(jr, key, m, &c);
            if (rc)
                break;
            json_object_set_new(*out, k, c);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *m;
        *out = json_array();
        json_array_foreach((json_t *)v, i, m) {
            json_t *c = NULL;
            rc = jread_expand_json(jr, key, m, &c);
            if (rc)
                break;
            json_array_append_new(*out, c);
        }
    } else {
        *out = json_deep_copy(v);
    }
    if (rc == 0 && *out == NULL)
        rc = rc_error_set(jr->err, RC_ENOMEM, jr->file, "out of memory");
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
