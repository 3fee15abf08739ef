/*
 * The fields of a call's fixture and which of them the integration uses
 * (SPEC section 11): the inventory behind `relcheck fields`, the `uses`
 * warnings of `relcheck check` and the used fields of `relcheck doc`.
 *
 * An inventory lists every leaf of the fixture's body once per folded
 * path (JSON scalars and empty containers with their JSON type; XML
 * elements without child elements and attributes), in document order,
 * with the first value seen as its example (fixtures are stored
 * redacted, so redacted values stay redacted), and whether a `uses`
 * pattern covers one of its occurrences (a call without `uses` uses every
 * field). Building it walks the body once: O(nodes x patterns x steps).
 *
 * Ownership: a struct field_inv owns its rows and their strings and JSON
 * references; fields_inv_release frees them. The fixture, call and suite
 * passed in are borrowed.
 */
#ifndef RC_FIELDS_H
#define RC_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "config/fixture.h"
#include "config/suite.h"
#include "core/error.h"
#include "core/strvec.h"
#include "pattern/pattern.h"

struct field_row {
    char *field;        /* folded path: "$.facturen[*].bedrag" */
    char *name;         /* last member, element or attribute name, or NULL
                           (a root scalar, an array of scalars) */
    const char *type;   /* "string", "integer", ..., "element", "attribute" */
    json_t *example;    /* first value seen (owned) */
    bool used;
    bool noise;         /* an ignore rule or the fixture's noise covers it */
    bool personal;      /* a redact pattern covers it, or its example is
                           stored redacted (SPEC section 9) */
    char *seen;         /* "file:line" where --source first saw the name */
};

struct field_inv {
    struct field_row *v;
    size_t n, cap;
    void *index;        /* folded path -> row (internal) */
    /* per pattern of the call's uses (suite's first, then the call's):
     * whether it matched a path of the body, container or leaf */
    struct strvec uses;
    bool *hit;
};

/*
 * Builds the inventory of fixture f (NULL: none) for call c of suite s.
 * A row is noise when the call's ignore rules, the fixture's noise or
 * ignore (diff.ignore, may be NULL) cover it; personal when redact (the
 * workspace's `redact`, may be NULL) covers it. A body that is not JSON or
 * XML (text, binary, none) has no fields. Returns 0, RC_ENOMEM, or
 * RC_EUSAGE for a pattern that does not compile (err names it).
 */
int fields_inv_build(struct field_inv *inv, const struct suite *s,
                     const struct call *c, const struct fixture *f,
                     const struct pattern_set *ignore,
                     const struct pattern_set *redact, struct rc_error *err);
void fields_inv_release(struct field_inv *inv);

/*
 * The source scan (--source): every text file under each folder of dirs
 * (recursively; `.git` folders, symbolic links, files over 1 MB and files
 * with a NUL byte in their first 8 KB skipped) is read line by line once;
 * an identifier that is a row's name counts when it stands as a quoted
 * string ('name', "name") or after `.`, `->`, `/`, `@` or `[`. The first
 * sighting (files in name order, depth first) sets each such row's seen.
 * Cost: linear in the size of the sources, whatever the number of fields.
 * invs[0..n) are updated. RC_EINPUT when a folder cannot be read.
 */
int fields_scan_sources(struct field_inv *invs, size_t n,
                        const struct strvec *dirs, struct rc_error *err);

/*
 * The `uses` warnings of `relcheck check` (SPEC section 11), for every call
 * with `uses` and a fixture: a pattern that matches no field of the
 * fixture, and a used field that is also noise. Appended to warnings.
 * Returns 0 or the first error (a broken fixture, out of memory).
 */
struct workspace;
int fields_check(const struct workspace *ws, struct strvec *warnings,
                 struct rc_error *err);

/*
 * --write: adds to each call of the suite file at path the patterns in
 * adds[i] (NULL-terminated lists, one per entry of ids; NULL or empty
 * lists are skipped) at the end of its "uses" (created as the call's last
 * member when absent), leaving every other member, and the order of
 * members, as it was; the file is rewritten atomically (2-space indent).
 * Returns 0, RC_EINPUT (the file no longer holds a call of that id), or
 * an afile error.
 */
int fields_write_suite(const char *path, const char *const *ids,
                       const struct strvec *adds, size_t n,
                       struct rc_error *err);

#endif
