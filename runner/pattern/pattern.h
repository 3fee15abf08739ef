/*
 * Path patterns: the one matcher behind ignore rules, fixture noise,
 * captures, array keys and redaction (SPEC section 6). A path is a chain of
 * components (struct pcomp) built by whoever walks a document; a pattern is
 * compiled once from its text and then tested against component chains
 * without building path strings, except for `re:` and literal patterns,
 * which see the rendered path.
 *
 * Pattern forms:
 *   $.a.b  $['a b']  $.a[3]  $.a[*].b  $.*  $..b  $.f[?@.k=='v']   (JSON)
 *   /a/b  /a/b[2]  //Name  /a/@id  //@id  /a/ * (XML; names may carry a
 *   prefix "p:Name"; a step without a prefix matches the local name)
 *   re:REGEX      a PCRE2 regex searched in the rendered path (compiled
 *                 once, JIT where available; anchor it with ^ and $)
 *   anything else is compared literally with the rendered path (for
 *   "status", "headers.date", "body", "line[3]")
 * `*` matches any one step, `[*]` any array position or keyed element,
 * `..` and `//` any number of steps (zero or more). An XML step without a
 * position matches every position.
 *
 * Ownership: a struct pattern owns its text, segments and compiled regex;
 * a struct pattern_set owns its patterns. Component chains are borrowed.
 */
#ifndef RC_PATTERN_H
#define RC_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/strvec.h"

/* One step of a path. */
enum pcomp_kind {
    PCOMP_MEMBER,  /* JSON object member: name/len */
    PCOMP_INDEX,   /* JSON array element by position: index (0-based) */
    PCOMP_KEYED,   /* JSON array element by key: name/len = key member,
                      key = the key's value (a scalar, borrowed) */
    PCOMP_ELEMENT, /* XML element: name/len = qualified name as written,
                      local = offset of the local name in it, index =
                      1-based position among same-named siblings, or 0
                      when it has none */
    PCOMP_ATTR,    /* XML attribute: name/len, local as for elements */
    PCOMP_LINE,    /* text body line: index (1-based), rendered line[N] */
    PCOMP_RAW      /* a literal top-level path: "status", "headers.x",
                      "body"; name/len */
};

struct pcomp {
    enum pcomp_kind kind;
    const char *name;
    size_t len;
    size_t local;
    size_t index;
    const json_t *key;
};

struct pattern;

/*
 * Compiles text. Returns 0 and a new pattern in *out, or RC_EUSAGE with err
 * naming the problem ("bad path pattern '$.a[': ...") for the caller to
 * prefix with where the pattern came from.
 */
int pattern_compile(struct pattern **out, const char *text,
                    struct rc_error *err);
void pattern_free(struct pattern *p);

/* The pattern's source text (borrowed). */
const char *pattern_text(const struct pattern *p);

/* Whether p matches the path c[0..n) exactly. */
bool pattern_match(const struct pattern *p, const struct pcomp *c, size_t n);

/* Whether p matches the path c[0..n) or one of its ancestors (c[0..k),
 * k < n): a pattern covers the whole subtree it names. */
bool pattern_covers(const struct pattern *p, const struct pcomp *c,
                    size_t n);

/* A set of patterns, tested together. A zeroed struct is an empty set. */
struct pattern_set {
    struct pattern **v;
    size_t n, cap;
};

void pattern_set_init(struct pattern_set *s);
void pattern_set_release(struct pattern_set *s);

/* Compiles text and adds it. On failure the set is unchanged. */
int pattern_set_add(struct pattern_set *s, const char *text,
                    struct rc_error *err);

/* Adds every string of texts; err names the first bad one. */
int pattern_set_add_all(struct pattern_set *s, const struct strvec *texts,
                        struct rc_error *err);

/* The first pattern of s that covers c[0..n), or NULL (s may be NULL). */
const struct pattern *pattern_set_covers(const struct pattern_set *s,
                                         const struct pcomp *c, size_t n);

/* The first pattern of s that matches c[0..n) exactly, or NULL. */
const struct pattern *pattern_set_match(const struct pattern_set *s,
                                        const struct pcomp *c, size_t n);

/*
 * Incremental matching, for a walk down a document below a known path
 * (the used judgement of SPEC section 11: "a removed container holds a
 * used field"). A state is one word per pattern of the set (its NFA state
 * mask), so a step down costs O(patterns x steps) whatever the depth, and
 * a walk over a value of N nodes costs O(N x patterns x steps), never a
 * rescan from the root. `re:` and literal patterns have no state (their
 * word stays 0): a walk tests them with pattern_set_match_text on the
 * whole chain, O(depth) each; pattern_set_has_text says whether any are
 * there.
 */
/* Words per state (one per pattern). */
size_t pattern_set_width(const struct pattern_set *s);
/* The state before the first step (the root). */
void pattern_set_start(const struct pattern_set *s, uint64_t *st);
/* next = st after component c. Returns whether a path pattern may still
 * match here or below (false: the walk can skip the subtree as far as
 * path patterns go). */
bool pattern_set_step(const struct pattern_set *s, const uint64_t *st,
                      const struct pcomp *c, uint64_t *next);
/* Whether a path pattern matches exactly in state st. */
bool pattern_set_accepts(const struct pattern_set *s, const uint64_t *st);
/* Whether s holds `re:` or literal patterns. */
bool pattern_set_has_text(const struct pattern_set *s);
/* Whether a `re:` or literal pattern of s matches c[0..n) exactly. */
bool pattern_set_match_text(const struct pattern_set *s,
                            const struct pcomp *c, size_t n);

/*
 * Renders the path c[0..n) as SPEC section 6 writes it into out (appended):
 * "$" for the JSON root, "$.a[3]['b c']", "$.f[?@.k=='v']",
 * "/A/B[2]/@id", "line[4]", "status". With fold, positions and keys become
 * "[*]" (XML: positions are dropped), which gives the field. Returns 0 or
 * the rc_buf error.
 */
int pcomp_render(struct rc_buf *out, const struct pcomp *c, size_t n,
                 bool fold);

/*
 * As pcomp_render (not folded), also storing in ends[k] the length of the
 * rendering of the ancestor c[0..k) (ends has n + 1 slots). For the
 * matcher's `re:` and literal patterns.
 */
int pcomp_render_ends(struct rc_buf *out, const struct pcomp *c, size_t n,
                      size_t *ends);

/*
 * The first value in root (document order) that p matches exactly, or
 * NULL. Borrowed. For captures and login tokens ("$.token", "$..id").
 * Array elements are walked by position, so keyed steps never match here.
 */
json_t *pattern_first(const struct pattern *p, json_t *root);

/*
 * Redaction hook: returns a new reference to the value that replaces v
 * (e.g. the string "<redacted:HEX>"), or NULL when out of memory.
 */
typedef json_t *(*pattern_redact_fn)(void *ctx, const json_t *v);

/*
 * Replaces, in place, every value under root whose path a pattern of s
 * matches with fn(ctx, value); a replaced subtree is not walked further.
 * root sits at the path at[0..n_at) (NULL/0 for a document root); root
 * itself is never replaced. Returns the number of values replaced, or
 * RC_ENOMEM (some values may then be replaced already).
 */
long pattern_redact_tree(json_t *root, const struct pcomp *at, size_t n_at,
                         const struct pattern_set *s, pattern_redact_fn fn,
                         void *ctx);

#endif
