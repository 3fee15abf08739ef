/*
 * Files compiled into the binary at build time (cmake/Embed.cmake): the
 * report templates under reports/templates/ and the bundled example
 * workspace that `relcheck demo` copies out. All data is static and
 * borrowed; each asset's data is followed by a NUL byte not counted in size.
 */
#ifndef RC_ASSET_H
#define RC_ASSET_H

#include <stddef.h>

struct asset {
    const char *name;            /* path relative to the source tree */
    const unsigned char *data;
    size_t size;
};

/* The table, ended by an entry whose name is NULL (generated). */
extern const struct asset asset_table[];

/* The asset named name, or NULL. */
const struct asset *asset_find(const char *name);

#endif
