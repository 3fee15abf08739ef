/*
 * Lookup in the generated asset table (see asset.h).
 */
#include "core/asset.h"

#include <string.h>

const struct asset *asset_find(const char *name)
{
    for (const struct asset *a = asset_table; a->name; a++)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}
