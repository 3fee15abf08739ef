/*
 * Per-call tallies (see tally.h): rows in a JSON array, found by a hash of
 * "field\x1fkind\x1fseverity\x1fused\x1fnew_field".
 */
#include "result/tally.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/smap.h"

struct call_tally {
    struct smap index;
    json_t *rows;
};

struct call_tally *call_tally_new(void)
{
    struct call_tally *t = calloc(1, sizeof *t);

    if (t == NULL)
        return NULL;
    smap_init(&t->index);
    t->rows = json_array();
    if (t->rows == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

void call_tally_free(struct call_tally *t)
{
    if (t == NULL)
        return;
    smap_release(&t->index);
    json_decref(t->rows);
    free(t);
}

/* A new row with an example made of path (new_path), old and new_. */
static json_t *new_row(const char *path, const char *field,
                       const char *new_path, const char *new_field,
                       const char *kind, const char *severity, bool used,
                       const json_t *old, const json_t *new_)
{
    json_t *row;
    json_t *ex = json_object();

    if (ex == NULL)
        return NULL;
    if (path)
        json_object_set_new(ex, "path", json_string(path));
    if (new_path)
        json_object_set_new(ex, "new_path", json_string(new_path));
    if (old)
        json_object_set(ex, "old", (json_t *)old);
    if (new_)
        json_object_set(ex, "new", (json_t *)new_);
    row = json_pack("{s:s, s:s, s:s, s:I, s:o}", "field", field, "kind",
                    kind, "severity", severity, "occurrences", (json_int_t)0,
                    "example", ex);
    if (row && new_field)
        json_object_set_new(row, "new_field", json_string(new_field));
    if (row && !used)
        json_object_set_new(row, "used", json_false());
    return row;
}

int call_tally_add_renamed(struct call_tally *t, const char *path,
                           const char *field, const char *new_path,
                           const char *new_field, const char *kind,
                           const char *severity, bool used,
                           const json_t *old, const json_t *new_)
{
    char *key = NULL;
    size_t row;
    json_t *r, *n;

    if (asprintf(&key, "%s\x1f%s\x1f%s\x1f%d\x1f%s", field, kind, severity,
                 used, new_field ? new_field : "") < 0)
        return RC_ENOMEM;
    row = smap_get(&t->index, key);
    if (row == (size_t)-1) {
        row = json_array_size(t->rows);
        if (json_array_append_new(t->rows,
                                  new_row(path, field, new_path, new_field,
                                          kind, severity, used, old,
                                          new_)) < 0
            || smap_put(&t->index, key, row) < 0) {
            free(key);
            return RC_ENOMEM;
        }
    }
    free(key);
    r = json_array_get(t->rows, row);
    n = json_object_get(r, "occurrences");
    json_integer_set(n, json_integer_value(n) + 1);
    return 0;
}

int call_tally_add(struct call_tally *t, const char *path, const char *field,
                   const char *kind, const char *severity, bool used,
                   const json_t *old, const json_t *new_)
{
    return call_tally_add_renamed(t, path, field, NULL, NULL, kind,
                                  severity, used, old, new_);
}

json_t *call_tally_json(const struct call_tally *t)
{
    return json_deep_copy(t->rows);
}
