/*
 * fields --write: the seen fields added to the calls' `uses` in the suite
 * file (see fields.h).
 */
#include "fields/fields.h"

#include <string.h>

#include "core/afile.h"
#include "core/json.h"

/* The call object of id in the suite document (borrowed), or NULL. */
static json_t *call_of(json_t *root, const char *id)
{
    json_t *calls = json_object_get(root, "calls"), *c;
    size_t i;

    json_array_foreach(calls, i, c)
        if (json_is_object(c)
            && strcmp(json_string_value(json_object_get(c, "id"))
                          ? json_string_value(json_object_get(c, "id"))
                          : "",
                      id) == 0)
            return c;
    return NULL;
}

int fields_write_suite(const char *path, const char *const *ids,
                       const struct strvec *adds, size_t n,
                       struct rc_error *err)
{
    json_t *root = NULL;
    int rc = jx_load(&root, NULL, path, err);

    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *c, *uses;
        if (adds[i].n == 0)
            continue;
        if ((c = call_of(root, ids[i])) == NULL) {
            rc = rc_error_set(err, RC_EINPUT, path, "no call '%s' any more",
                              ids[i]);
            break;
        }
        uses = json_object_get(c, "uses");
        if (!json_is_array(uses)) {
            uses = json_array();
            json_object_set_new(c, "uses", uses);
        }
        for (size_t k = 0; k < adds[i].n; k++)
            json_array_append_new(uses, json_string(adds[i].v[k]));
    }
    if (rc == 0)
        rc = afile_write_json(path, root, err);
    json_decref(root);
    return rc;
}
