/*
 * The string-keyed hash map to indexes (FNV-1a, core/hash.h): the result
 * model's call index (suite + call id) and field aggregation (suite +
 * field + kind + severity), the per-call tally, the HTML report's rows
 * per field. Open addressing, grows at half full. The map owns copies of
 * its keys.
 */
#ifndef RC_SMAP_H
#define RC_SMAP_H

#include <stddef.h>

struct smap {
    char **keys;
    size_t *vals;
    size_t cap, n;
};

void smap_init(struct smap *m);
void smap_release(struct smap *m);

/* The value stored for key, or (size_t)-1. */
size_t smap_get(const struct smap *m, const char *key);

/* Stores val for key (replacing). Returns 0 or RC_ENOMEM. */
int smap_put(struct smap *m, const char *key, size_t val);

#endif
