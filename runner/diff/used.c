/*
 * The used judgement of SPEC section 11 (see diff_options.uses): whether
 * the integration reads what a difference touches. It runs in diff_emit,
 * once per difference, so every consumer of a diff_result (calls.jsonl,
 * result.json, the reports, `relcheck diff`) sees the same judgement.
 * A rename (diff_emit_renamed) is judged twice: as the removal of its old
 * path, then, when that is not used, as the addition of its new path; so
 * it is used when the integration reads the old name (or something
 * inside the old value) or already reads the new one. A reorder is judged
 * as a change of the array.
 *
 * Cost. Without `uses` nothing is done. With P patterns of at most S
 * steps, a difference at depth D costs O(P x S x D) for the covering test.
 * Only a removed, retyped or changed container that no pattern covers is
 * walked, once, to learn whether its baseline value holds a used field:
 * the walk carries every pattern's NFA state down (pattern_set_step), so
 * a node costs O(P x S) and a subtree no path pattern can reach is
 * skipped; `re:` and literal patterns add O(D) per node (they see the
 * rendered path). The containers a diff emits never nest (the engine does
 * not descend into what it reports whole), so all walks of one comparison
 * together visit each baseline node at most once: linear in the document,
 * never patterns x paths rescans from the root.
 */
#include "diff/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

/* ---- the walk state ---------------------------------------------------- */

static int holds_reserve(struct holds *h, size_t depth)
{
    if (depth < h->cap)
        return 0;
    size_t cap = h->cap ? h->cap * 2 : 32;
    int overflow = 0;
    while (cap <= depth)
        cap *= 2;
    size_t n_st = rc_mul_size(cap, h->w ? h->w : 1, &overflow);
    if (overflow || rc_mul_size(n_st, sizeof *h->st, &overflow) == 0
        || rc_mul_size(cap, sizeof *h->path, &overflow) == 0 || overflow)
        return RC_ENOMEM;
    struct pcomp *p = realloc(h->path, cap * sizeof *p);
    if (p)
        h->path = p;
    uint64_t *st = realloc(h->st, n_st * sizeof *st);
    if (st)
        h->st = st;
    if (p == NULL || st == NULL)
        return RC_ENOMEM;
    h->cap = cap;
    return 0;
}

int diff_holds_init(struct holds *h, const struct pattern_set *s,
                    const struct pcomp *c, size_t n)
{
    memset(h, 0, sizeof *h);
    h->s = s;
    h->w = pattern_set_width(s);
    h->text = pattern_set_has_text(s);
    if (holds_reserve(h, n + 1) < 0)
        return RC_ENOMEM;
    pattern_set_start(s, h->st);
    for (size_t i = 0; i < n; i++) {
        h->path[i] = c[i];
        pattern_set_step(s, h->st + i * h->w, &c[i], h->st + (i + 1) * h->w);
    }
    return 0;
}

void diff_holds_release(struct holds *h)
{
    free(h->path);
    free(h->st);
    memset(h, 0, sizeof *h);
}

int diff_holds_enter(struct holds *h, size_t depth, const struct pcomp *c)
{
    bool alive;

    if (holds_reserve(h, depth + 1) < 0)
        return HOLDS_FAILED;
    h->path[depth] = *c;
    alive = pattern_set_step(h->s, h->st + depth * h->w, c,
                             h->st + (depth + 1) * h->w);
    if (pattern_set_accepts(h->s, h->st + (depth + 1) * h->w)
        || (h->text && pattern_set_match_text(h->s, h->path, depth + 1)))
        return HOLDS_HIT;
    return alive || h->text ? HOLDS_DESCEND : HOLDS_SKIP;
}

/* ---- JSON ---------------------------------------------------------------- */

/* Whether a pattern matches a path inside v, which sits at the chain of
 * depth `depth`. */
static int json_holds(struct holds *h, const json_t *v, size_t depth)
{
    struct pcomp c;
    int r = HOLDS_SKIP;

    memset(&c, 0, sizeof c);
    if (json_is_object(v)) {
        c.kind = PCOMP_MEMBER;
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            c.name = json_object_iter_key(it);
            c.len = json_object_iter_key_len(it);
            r = diff_holds_enter(h, depth, &c);
            if (r == HOLDS_DESCEND)
                r = json_holds(h, json_object_iter_value(it), depth + 1);
            if (r == HOLDS_HIT || r == HOLDS_FAILED)
                return r;
        }
    } else if (json_is_array(v)) {
        c.kind = PCOMP_INDEX;
        for (size_t i = 0; i < json_array_size(v); i++) {
            c.index = i;
            r = diff_holds_enter(h, depth, &c);
            if (r == HOLDS_DESCEND)
                r = json_holds(h, json_array_get(v, i), depth + 1);
            if (r == HOLDS_HIT || r == HOLDS_FAILED)
                return r;
        }
    }
    return HOLDS_SKIP;
}

/* ---- the judgement ------------------------------------------------------- */

int diff_used(struct dctx *x, const struct pcomp *c, size_t n,
              enum diff_kind kind, const json_t *old, const void *xml_old)
{
    const struct pattern_set *uses = x->o->uses;
    struct holds h;
    int r;

    if (uses == NULL || uses->n == 0)
        return 1;
    if (n > 0 && c[0].kind == PCOMP_RAW)
        return 1;   /* status, body, headers.NAME: always used */
    if (pattern_set_covers(uses, c, n))
        return 1;
    if (kind == DIFF_ADDED)
        return 0;
    if (xml_old == NULL && !json_is_object(old) && !json_is_array(old))
        return 0;
    if (diff_holds_init(&h, uses, c, n) < 0) {
        diff_holds_release(&h);
        return RC_ENOMEM;
    }
    r = xml_old ? diff_xml_holds(&h, xml_old, n) : json_holds(&h, old, n);
    diff_holds_release(&h);
    return r == HOLDS_FAILED ? RC_ENOMEM : r == HOLDS_HIT;
}
