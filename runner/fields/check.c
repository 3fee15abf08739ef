/*
 * The `uses` warnings of `relcheck check` (see fields.h).
 */
#include "fields/fields.h"

#include <stdlib.h>

#include "config/workspace.h"
#include "core/fsutil.h"

/* The warnings of one call with `uses` (inv built from its fixture). */
static void warn_call(const struct suite *s, const struct call *c,
                      const struct field_inv *inv, struct strvec *warnings)
{
    for (size_t i = 0; i < inv->uses.n; i++)
        if (!inv->hit[i])
            strvec_pushf(warnings, "%s: call '%s': uses pattern '%s' "
                         "matches no field of its baseline (a typo, or a "
                         "field the vendor removed)", fs_display(s->file),
                         c->id, inv->uses.v[i]);
    for (size_t k = 0; k < inv->n; k++)
        if (inv->v[k].used && inv->v[k].noise)
            strvec_pushf(warnings, "%s: call '%s': field '%s' is used but "
                         "also noise: its changes are never reported",
                         fs_display(s->file), c->id, inv->v[k].field);
}

int fields_check(const struct workspace *ws, struct strvec *warnings,
                 struct rc_error *err)
{
    struct pattern_set ignore;
    int rc;

    pattern_set_init(&ignore);
    rc = pattern_set_add_all(&ignore, &ws->cfg.diff.ignore, err);
    for (size_t i = 0; rc == 0 && i < ws->suites.n; i++) {
        const struct suite *s = &ws->suites.v[i];
        for (size_t k = 0; rc == 0 && k < s->n_calls; k++) {
            const struct call *c = &s->calls[k];
            char *path;
            struct fixture f;
            struct field_inv inv;
            if (!call_has_reads(s, c))
                continue;
            path = fixture_path(ws->cfg.fixtures_dir, s->name, c->id);
            if (path == NULL || !fs_is_file(path)) {
                free(path);
                continue;   /* the missing baseline is reported already */
            }
            rc = fixture_load(&f, path, NULL, err);
            free(path);
            if (rc)
                break;
            rc = fields_inv_build(&inv, s, c, &f, &ignore, NULL, err);
            if (rc == 0)
                warn_call(s, c, &inv, warnings);
            fields_inv_release(&inv);
            fixture_release(&f);
        }
    }
    pattern_set_release(&ignore);
    return rc;
}
