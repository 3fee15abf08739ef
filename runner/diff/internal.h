/*
 * Shared between the diff engine's files (json.c, xml.c, text.c,
 * result.c, doc.c); not for other modules. A path is built lazily: each
 * level of the walk puts a struct chain on the C stack pointing at its
 * parent, and only a difference turns the chain into components and
 * strings.
 */
#ifndef RC_DIFF_INTERNAL_H
#define RC_DIFF_INTERNAL_H

#include <stdint.h>

#include "core/itab.h"
#include "diff/diff.h"

struct chain {
    const struct chain *up;
    struct pcomp c;
};

/* The state of one comparison. */
struct dctx {
    struct diff_result *r;
    const struct diff_options *o;
    struct rc_error *err;
    int rc;        /* first error (RC_ENOMEM); the walk stops */
    size_t depth;
    size_t hashed; /* arrays on the walk's path whose elements were
                      hashed for the reorder test (json.c) */
};

/* Arrays nested inside this many hashed arrays are not tested for a
 * reorder (compared by position), so no node is hashed more often. */
#define DIFF_REORDER_NESTING 8

/* Deepest nesting compared (parsers stop well before it). */
#define DIFF_MAX_DEPTH 10000

/* The sentinel for "the default severity of the kind". */
#define SEV_DEFAULT (-1)

/*
 * Records one difference at the path of chain (NULL = the root "$").
 * old/new are borrowed (NULL when absent); the result keeps its own
 * references, redacted inside when redaction is configured. sev is
 * SEV_DEFAULT or a severity that overrides the kind's (status: breaking);
 * noise rules win over both. Returns 0 or RC_ENOMEM (also stored in x).
 */
int diff_emit(struct dctx *x, const struct chain *at, enum diff_kind kind,
              int sev, const json_t *old, const json_t *new_);

/*
 * Records a rename (SPEC section 6) of the value at chain from to the
 * path of chain to (one parent). old is what the baseline held at from,
 * new_ what the replay holds at to (borrowed; for JSON the same value,
 * for XML each element serialized), xml_old the baseline element or NULL.
 * Severity breaking, or noise when a noise rule covers the old path;
 * used when the old path would be as a removal or the new one as an
 * addition. Returns 0 or RC_ENOMEM (also stored in x).
 */
int diff_emit_renamed(struct dctx *x, const struct chain *from,
                      const struct chain *to, const json_t *old,
                      const json_t *new_, const void *xml_old);

/* Whether a noise rule (ignore, fixture noise, capture) covers the path
 * of chain. */
bool diff_chain_noise(struct dctx *x, const struct chain *at);

/* ---- pairing by value (pair.c) ------------------------------------------
 * Items of two sides (0 baseline, 1 replay) are put into groups of equal
 * values through an open-addressing table on a hash of the value; a
 * group keeps how many items of each side it holds and the first of
 * each. Adding n items costs O(n) expected probes plus one equality test
 * per item against its group's first item (same hash only). */

/* Whether item (sa, a) and item (sb, b) hold equal values. */
typedef bool diff_same_fn(void *ctx, int sa, size_t a, int sb, size_t b);

struct vgroup {
    uint64_t hash;
    size_t count[2];
    size_t first[2];  /* SIZE_MAX while the side has none */
};

struct vgroups {
    struct vgroup *g;
    size_t n, cap;    /* cap: items announced to init */
    struct itab tab;  /* the groups by value (core/itab.h) */
    diff_same_fn *same;
    void *ctx;
};

/* Room for `items` items; same NULL groups by hash alone (a quick test
 * that can only be wrong in saying "equal"). RC_ENOMEM on failure
 * (release anyway). */
int diff_vgroups_init(struct vgroups *v, size_t items, diff_same_fn *same,
                      void *ctx);
void diff_vgroups_release(struct vgroups *v);
/* Adds item idx of side with value hash h; returns its group. At most
 * `items` calls. */
size_t diff_vgroups_add(struct vgroups *v, uint64_t h, int side, size_t idx);

/* A hash of a JSON value consistent with json_equal (members in any
 * order, -0.0 as 0.0); O(size of v). */
uint64_t diff_json_hash(const json_t *v);

/* Whether a JSON value may take part in a rename: not null, not a
 * boolean, not an empty object or array. */
bool diff_json_renamable(const json_t *v);

/* Turns a chain into components (root first). *out is c_buf when it has
 * room for the depth, else a malloc'd array the caller frees. Returns
 * the count, or -1 when out of memory. */
long diff_chain_comps(const struct chain *at, struct pcomp *c_buf,
                      size_t buf_n, struct pcomp **out);

/*
 * Records one difference whose baseline value is the XML element xml_old
 * (an xmlNodePtr, borrowed; NULL for none): as diff_emit, with the used
 * judgement walking that element instead of a JSON value.
 */
int diff_emit_node(struct dctx *x, const struct chain *at,
                   enum diff_kind kind, int sev, const json_t *old,
                   const json_t *new_, const void *xml_old);

/*
 * The used judgement (used.c, SPEC section 11) of a difference at
 * c[0..n): 1 used, 0 not, RC_ENOMEM. old is the baseline value (JSON) or
 * xml_old the baseline element; either may be NULL.
 */
int diff_used(struct dctx *x, const struct pcomp *c, size_t n,
              enum diff_kind kind, const json_t *old, const void *xml_old);

/* A walk below a known path that asks whether a pattern of a set matches
 * there or deeper (used.c). path[0..depth) is the chain of the node being
 * walked; its state is at st + depth * w. */
struct holds {
    const struct pattern_set *s;
    size_t w;            /* words per state */
    bool text;           /* the set has re: or literal patterns */
    struct pcomp *path;
    uint64_t *st;
    size_t cap;          /* levels path and st have room for */
};

enum { HOLDS_SKIP, HOLDS_DESCEND, HOLDS_HIT, HOLDS_FAILED };

/* Starts at c[0..n) (copied). RC_ENOMEM on failure (release anyway). */
int diff_holds_init(struct holds *h, const struct pattern_set *s,
                    const struct pcomp *c, size_t n);
void diff_holds_release(struct holds *h);
/* Steps from the node at depth into its child c (borrowed until the walk
 * leaves it): HOLDS_HIT when a pattern matches the child, HOLDS_DESCEND
 * when one may match below it, HOLDS_SKIP when none can, HOLDS_FAILED. */
int diff_holds_enter(struct holds *h, size_t depth, const struct pcomp *c);

/* Whether the XML element node (xmlNodePtr), at depth, holds a match:
 * HOLDS_HIT, HOLDS_SKIP or HOLDS_FAILED (xml.c). */
int diff_xml_holds(struct holds *h, const void *node, size_t depth);

/* Whether a difference of kind from old to new_ is a captured value
 * (opts->captures; captured.c): noise. */
bool diff_captured_noise(const struct diff_options *o, enum diff_kind kind,
                         const json_t *old, const json_t *new_);

/* Whether the value at chain must be redacted (opts->redact). */
bool diff_chain_redacted(struct dctx *x, const struct chain *at);

/* Compares XML documents (xmlDocPtr) from their root elements. */
int diff_xml_docs(struct dctx *x, const void *a, const void *b);

/* Line diff of two texts. */
int diff_text(struct dctx *x, const char *a, size_t alen, const char *b,
              size_t blen);

/* Compares two JSON values at chain (the engine's recursion). */
void diff_json_at(struct dctx *x, const struct chain *at, const json_t *a,
                  const json_t *b);

/* Whether s[0..n) is valid UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF). */
bool diff_utf8_valid(const char *s, size_t n);


/* "<binary: N bytes, fnv1a64 HEX>": what a binary body shows as (new
 * JSON string, NULL when out of memory). */
json_t *diff_binary_value(const char *s, size_t n);

#endif
