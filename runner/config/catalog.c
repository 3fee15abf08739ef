/*
 * The program catalog, programs.json (see catalog.h).
 */
#include "config/catalog.h"

#include <stdlib.h>
#include <string.h>

#include "config/jread.h"
#include "core/glob.h"
#include "core/json.h"

static int cmp_program(const void *a, const void *b)
{
    return strcmp(((const struct program *)a)->code,
                  ((const struct program *)b)->code);
}

void catalog_release(struct catalog *cat)
{
    for (size_t i = 0; i < cat->n; i++) {
        free(cat->v[i].code);
        free(cat->v[i].name);
        strvec_release(&cat->v[i].aliases);
    }
    free(cat->v);
    cat->v = NULL;
    cat->n = 0;
}

static bool code_valid(const char *code)
{
    return glob_valid(code) && strpbrk(code, "*?") == NULL;
}

static int load_program(struct jread *jr, struct program *p, const char *code,
                        const json_t *v)
{
    static const char *const members[] = {"name", "aliases", "description",
                                          NULL};
    int rc;

    p->code = strdup(code);
    if (!code_valid(code))
        return jread_fail(jr, NULL, "invalid program code '%s' (upper-case "
                          "letters and digits)", code);
    if (json_is_string(v))
        return (p->name = strdup(json_string_value(v))) ? 0 : RC_ENOMEM;
    if ((rc = jread_want_object(jr, v, "a program")) != 0)
        return rc;
    jread_known(jr, v, members);
    rc = jread_string(jr, v, "name", false, &p->name);
    if (rc == 0)
        rc = jread_strings(jr, v, "aliases", false, &p->aliases);
    return rc;
}

int catalog_load(struct catalog *cat, const char *path,
                 struct strvec *warnings, struct rc_error *err)
{
    json_t *root = NULL;
    char *text = NULL;
    struct jread jr;
    const char *code;
    json_t *v;
    int rc;

    memset(cat, 0, sizeof *cat);
    rc = jx_load(&root, &text, path, err);
    if (rc)
        return rc;
    jread_init(&jr, path, text, strlen(text), warnings, err);
    if ((rc = jread_want_object(&jr, root, "the catalog")) != 0)
        goto done;
    cat->v = calloc(json_object_size(root) + 1, sizeof *cat->v);
    if (cat->v == NULL) {
        rc = rc_error_set(err, RC_ENOMEM, path, "out of memory");
        goto done;
    }
    json_object_foreach(root, code, v) {
        jread_push(&jr, code);
        rc = load_program(&jr, &cat->v[cat->n++], code, v);
        jread_pop(&jr);
        if (rc)
            goto done;
    }
    qsort(cat->v, cat->n, sizeof *cat->v, cmp_program);
done:
    if (rc)
        catalog_release(cat);
    json_decref(root);
    free(text);
    return rc;
}

const struct program *catalog_find(const struct catalog *cat,
                                   const char *code)
{
    struct program key = {(char *)code, NULL, STRVEC_INIT};

    if (cat->n == 0)
        return NULL;
    return bsearch(&key, cat->v, cat->n, sizeof *cat->v, cmp_program);
}
