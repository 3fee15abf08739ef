/*
 * The per-call tally of differences by (field, kind, severity, used), in
 * the form a calls.jsonl line carries as "fields". `run` writes "fields"
 * from the diff engine's own tally (diff/result.c, which counts every
 * difference, also those past the 1,000 a line keeps, and keys by used
 * too); this tally is what result_load builds for a line that has no
 * "fields" member, from the differences the line kept. A tally owns its
 * rows; call_tally_free frees it.
 */
#ifndef RC_TALLY_H
#define RC_TALLY_H

#include <stdbool.h>

#include <jansson.h>

struct call_tally;

/* A new empty tally, or NULL when out of memory. */
struct call_tally *call_tally_new(void);
void call_tally_free(struct call_tally *t);

/*
 * Counts one difference. old and new_ (borrowed, NULL when absent) and
 * path are kept as the row's example when it is the row's first. Returns
 * 0 or RC_ENOMEM.
 */
int call_tally_add(struct call_tally *t, const char *path, const char *field,
                   const char *kind, const char *severity, bool used,
                   const json_t *old, const json_t *new_);

/* As call_tally_add for a rename (SPEC section 6): rows are told apart
 * by new_field too, carry it as "new_field", and their example carries
 * new_path. NULL new_field is call_tally_add. */
int call_tally_add_renamed(struct call_tally *t, const char *path,
                           const char *field, const char *new_path,
                           const char *new_field, const char *kind,
                           const char *severity, bool used,
                           const json_t *old, const json_t *new_);

/* The tally as [{"field","kind","severity","occurrences","example":
 * {"path","old","new"}}] (plus "used": false on rows of unused
 * differences, "new_field" and example "new_path" on renames), rows in
 * first-seen order (new reference). */
json_t *call_tally_json(const struct call_tally *t);

#endif
