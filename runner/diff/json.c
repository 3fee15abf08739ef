/*
 * JSON comparison (SPEC section 6): objects by member name, arrays by
 * position or, under an array-key rule, by the key member's value through
 * a hash table (linear time). A removed and an added member of one object
 * holding the same value, paired uniquely, are one rename; a positional
 * array holding the same elements in another order is one reorder; both
 * are found by grouping values by hash (pair.c), in time linear in the
 * members and values involved. The walk allocates nothing per node: the
 * path lives in struct chain links on the C stack and becomes text only
 * when a difference is recorded.
 */
#include "diff/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/hash.h"
#include "core/itab.h"

/* ---- array-key rules --------------------------------------------------- */

void diff_keys_init(struct diff_keys *k)
{
    memset(k, 0, sizeof *k);
}

void diff_keys_release(struct diff_keys *k)
{
    for (size_t i = 0; i < k->n; i++) {
        pattern_free(k->paths[i]);
        free(k->keys[i]);
    }
    free(k->paths);
    free(k->keys);
    diff_keys_init(k);
}

int diff_keys_add(struct diff_keys *k, const char *path, const char *key,
                  struct rc_error *err)
{
    struct pattern *p = NULL;
    char *kc = NULL;
    int rc;

    if (key[0] == '\0')
        return rc_error_set(err, RC_EUSAGE, NULL,
                            "array key for '%s' is empty", path);
    if (k->n == k->cap) {   /* paths and keys grow together */
        size_t cap = k->cap;

        if (RC_GROW(k->paths, cap, k->n, 4) != 0 ||
            RC_GROW(k->keys, k->cap, k->n, 4) != 0)
            return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    }
    rc = pattern_compile(&p, path, err);
    if (rc)
        return rc;
    if ((kc = strdup(key)) == NULL) {
        pattern_free(p);
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    }
    k->paths[k->n] = p;
    k->keys[k->n++] = kc;
    return 0;
}

int diff_keys_add_spec(struct diff_keys *k, const char *spec,
                       struct rc_error *err)
{
    const char *eq = strrchr(spec, '=');
    char *path;
    int rc;

    if (eq == NULL || eq == spec)
        return rc_error_set(err, RC_EUSAGE, NULL,
                            "array key '%s' is not PATH=KEY", spec);
    path = strndup(spec, (size_t)(eq - spec));
    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    rc = diff_keys_add(k, path, eq + 1, err);
    free(path);
    return rc;
}

int diff_keys_add_json(struct diff_keys *k, const json_t *obj,
                       struct rc_error *err)
{
    const char *path;
    json_t *v;

    json_object_foreach((json_t *)obj, path, v) {
        if (!json_is_string(v))
            return rc_error_set(err, RC_ECONFIG, NULL,
                                "array key for '%s' is not a string", path);
        int rc = diff_keys_add(k, path, json_string_value(v), err);
        if (rc)
            return rc;
    }
    return 0;
}

/* The key member for the array at chain, or NULL when no rule names it. */
static const char *key_rule(struct dctx *x, const struct chain *at)
{
    struct pcomp buf[64], *c = NULL;
    const char *key = NULL;
    long n = -1;

    for (int s = 0; s < DIFF_MAX_SETS && key == NULL; s++) {
        const struct diff_keys *k = x->o->keys[s];
        for (size_t i = 0; k && i < k->n && key == NULL; i++) {
            if (n < 0 && (n = diff_chain_comps(at, buf, 64, &c)) < 0)
                return NULL;
            if (pattern_match(k->paths[i], c, (size_t)n))
                key = k->keys[i];
        }
    }
    if (c != buf)
        free(c);
    return key;
}

/* ---- one side only ------------------------------------------------------ */

/*
 * Records a value present on one side only (kind DIFF_REMOVED or
 * DIFF_ADDED). A scalar at a redacted path is redacted here, as a change
 * there is (cmp_redacted); a container is stored redacted inside by
 * diff_emit. So neither a removed nor an added value shows a secret.
 */
static void emit_one_side(struct dctx *x, const struct chain *at,
                          enum diff_kind kind, const json_t *v)
{
    json_t *hidden = NULL;

    if (x->o->redact && x->o->redact_fn && !json_is_object(v)
        && !json_is_array(v) && diff_chain_redacted(x, at)) {
        hidden = x->o->redact_fn(x->o->redact_ctx, v);
        if (hidden == NULL) {
            x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
            return;
        }
        v = hidden;
    }
    diff_emit(x, at, kind, SEV_DEFAULT, kind == DIFF_REMOVED ? v : NULL,
              kind == DIFF_ADDED ? v : NULL);
    json_decref(hidden);
}

/* ---- keyed matching ---------------------------------------------------- */

/* The key value of element e, or NULL when it is missing or not a
 * scalar. */
static const json_t *key_of(const json_t *e, const char *key)
{
    const json_t *v = json_is_object(e) ? json_object_get(e, key) : NULL;

    if (v == NULL || json_is_object(v) || json_is_array(v))
        return NULL;
    return v;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_key(const json_t *v)
{
    uint64_t h = (uint64_t)json_typeof(v) * 0x9e3779b97f4a7c15u;

    if (json_is_string(v)) {
        h = rc_fnv1a64(h, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        h ^= (uint64_t)json_integer_value(v);
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        uint64_t bits;
        if (d == 0)
            d = 0; /* -0.0 and 0.0 hash alike, as they compare equal */
        memcpy(&bits, &d, sizeof bits);
        h ^= bits;
    }
    return mix(h);
}

static bool same_key(const json_t *a, const json_t *b)
{
    if (json_typeof(a) != json_typeof(b))
        return false;
    if (json_is_string(a))
        return json_string_length(a) == json_string_length(b)
               && memcmp(json_string_value(a), json_string_value(b),
                         json_string_length(a)) == 0;
    if (json_is_integer(a))
        return json_integer_value(a) == json_integer_value(b);
    if (json_is_real(a))
        return json_real_value(a) == json_real_value(b);
    return true;
}

/* The replay side of a keyed array: a table of distinct keys, each with
 * the chain of its elements in order (next[]), consumed front to back. */
struct keyed {
    struct itab tab; /* per distinct key: its first element */
    size_t *next;    /* per element: next with the same key, or SIZE_MAX */
    size_t *tail;    /* per slot: last element (while building) */
    bool *used;
};

static void keyed_release(struct keyed *k)
{
    itab_release(&k->tab);
    free(k->next);
    free(k->tail);
    free(k->used);
}

/* A key looked up: the array, the key member and the value sought. */
struct key_probe {
    const json_t *b;
    const char *key;
    const json_t *v;
};

static bool key_matches(const void *ctx, size_t idx)
{
    const struct key_probe *p = ctx;

    return same_key(p->v, key_of(json_array_get(p->b, idx), p->key));
}

/* The slot of key value v, or the empty slot where it goes. */
static size_t find_slot(const struct keyed *k, const json_t *b,
                        const char *key, const json_t *v)
{
    struct key_probe p = {b, key, v};

    return itab_probe(&k->tab, hash_key(v), key_matches, &p);
}

static int keyed_build(struct keyed *k, const json_t *b, const char *key)
{
    size_t n = json_array_size(b);

    if (itab_reserve(&k->tab, n, NULL, NULL) != 0)
        return RC_ENOMEM;
    k->tail = malloc(k->tab.n_slot * sizeof *k->tail);
    k->next = malloc((n + 1) * sizeof *k->next);
    k->used = calloc(n + 1, sizeof *k->used);
    if (!k->tail || !k->next || !k->used)
        return RC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = key_of(json_array_get(b, i), key);
        k->next[i] = SIZE_MAX;
        if (v == NULL)
            continue;
        size_t s = find_slot(k, b, key, v);
        if (k->tab.slot[s] == ITAB_EMPTY)
            k->tab.slot[s] = i;
        else
            k->next[k->tail[s]] = i;
        k->tail[s] = i;
    }
    return 0;
}

/* Takes the next unused replay element with key v; SIZE_MAX if none. */
static size_t keyed_take(struct keyed *k, const json_t *b, const char *key,
                         const json_t *v)
{
    size_t s = find_slot(k, b, key, v);
    size_t i = k->tab.slot[s];

    while (i != SIZE_MAX && k->used[i])
        i = k->next[i];
    if (i != SIZE_MAX)
        k->used[i] = true;
    return i;
}

/* Elements without a usable key pair up in order; j walks b's. */
static size_t next_keyless(const json_t *b, const char *key, size_t *j,
                           struct keyed *k)
{
    for (; *j < json_array_size(b); (*j)++) {
        if (key_of(json_array_get(b, *j), key) == NULL && !k->used[*j]) {
            k->used[*j] = true;
            return (*j)++;
        }
    }
    return SIZE_MAX;
}

/* The path step of baseline element i: keyed by its value, or by
 * position when it has no usable key or repeats an earlier key. */
static void keyed_comp(struct pcomp *c, const char *key, const json_t *v,
                       size_t index, bool first)
{
    memset(c, 0, sizeof *c);
    if (v && first) {
        c->kind = PCOMP_KEYED;
        c->name = key;
        c->len = strlen(key);
        c->key = v;
    } else {
        c->kind = PCOMP_INDEX;
        c->index = index;
    }
}

static void cmp_keyed(struct dctx *x, const struct chain *at,
                      const json_t *a, const json_t *b, const char *key)
{
    struct keyed k = {0};
    struct keyed seen = {0}; /* baseline keys already met */
    size_t j = 0;

    if (keyed_build(&k, b, key) < 0 || keyed_build(&seen, a, key) < 0) {
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < json_array_size(a) && x->rc == 0; i++) {
        const json_t *e = json_array_get(a, i), *v = key_of(e, key);
        size_t m = v ? keyed_take(&k, b, key, v) : next_keyless(b, key, &j,
                                                                 &k);
        bool first = v && seen.tab.slot[find_slot(&seen, a, key, v)] == i;
        struct chain link = {at, {0}};
        keyed_comp(&link.c, key, v, i, first);
        if (m == SIZE_MAX)
            emit_one_side(x, &link, DIFF_REMOVED, e);
        else
            diff_json_at(x, &link, e, json_array_get(b, m));
    }
    for (size_t i = 0; i < json_array_size(b) && x->rc == 0; i++) {
        if (k.used[i])
            continue;
        const json_t *e = json_array_get(b, i), *v = key_of(e, key);
        struct chain link = {at, {0}};
        bool first = v && k.tab.slot[find_slot(&k, b, key, v)] == i;
        keyed_comp(&link.c, key, v, i, first);
        emit_one_side(x, &link, DIFF_ADDED, e);
    }
done:
    keyed_release(&k);
    keyed_release(&seen);
}

/* The JSON type with true and false as one: boolean. */
static int type_of(const json_t *v)
{
    int t = json_typeof(v);
    return t == JSON_FALSE ? JSON_TRUE : t;
}

static bool same_scalar(struct dctx *x, const json_t *a, const json_t *b)
{
    switch (json_typeof(a)) {
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b)
               && memcmp(json_string_value(a), json_string_value(b),
                         json_string_length(a)) == 0;
    case JSON_INTEGER:
        return json_integer_value(a) == json_integer_value(b);
    case JSON_REAL:
        return fabs(json_real_value(a) - json_real_value(b))
               <= x->o->tolerance;
    default:
        return json_typeof(a) == json_typeof(b);
    }
}

/* ---- reorders -------------------------------------------------------------- */

/* Whether a and b are equal as the walk would find them: reals within
 * the tolerance, everything else exactly. */
static bool close_values(struct dctx *x, const json_t *a, const json_t *b)
{
    if (type_of(a) != type_of(b))
        return false;
    if (json_is_object(a)) {
        if (json_object_size(a) != json_object_size(b))
            return false;
        for (void *it = json_object_iter((json_t *)a); it;
             it = json_object_iter_next((json_t *)a, it)) {
            const json_t *bv = json_object_getn(b, json_object_iter_key(it),
                                                json_object_iter_key_len(it));
            if (bv == NULL || !close_values(x, json_object_iter_value(it), bv))
                return false;
        }
        return true;
    }
    if (json_is_array(a)) {
        if (json_array_size(a) != json_array_size(b))
            return false;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!close_values(x, json_array_get(a, i), json_array_get(b, i)))
                return false;
        return true;
    }
    return same_scalar(x, a, b);
}

/* Two arrays as the sides of a value grouping. */
static bool same_element(void *ctx, int sa, size_t ia, int sb, size_t ib)
{
    const json_t *const *arr = ctx;

    return json_equal(json_array_get(arr[sa], ia),
                      json_array_get(arr[sb], ib));
}

/*
 * Whether the positional arrays a and b (n elements each) hold the same
 * multiset of elements in another order (SPEC section 6): 1 yes, 0 no,
 * RC_ENOMEM. *noise is set when every position that moved is covered by
 * a noise rule (each of those differences would have been noise). Costs
 * O(size of a and b): one hash per element, then a grouping of the 2n
 * elements by hash (pair.c), skipped when fewer than two positions
 * differ; only when the hashes balance are the values compared.
 */
static int reordered(struct dctx *x, const struct chain *at, const json_t *a,
                     const json_t *b, size_t n, bool *noise)
{
    const json_t *arr[2] = {a, b};
    uint64_t *h = malloc(2 * n * sizeof *h);
    struct vgroups vg;
    size_t moved = 0;
    int rc = 0;

    memset(&vg, 0, sizeof vg);
    if (h == NULL)
        return RC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        h[i] = diff_json_hash(json_array_get(a, i));
        h[n + i] = diff_json_hash(json_array_get(b, i));
        moved += h[i] != h[n + i];
    }
    if (moved < 2)
        goto done;
    /* by hash alone first: most arrays that differ are no reorder, and
     * that is then known without comparing a value */
    for (int pass = 0; pass < 2 && (pass == 0 || rc == 1); pass++) {
        diff_vgroups_release(&vg);
        if (diff_vgroups_init(&vg, 2 * n, pass ? same_element : NULL, arr)
            < 0) {
            rc = RC_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < 2 * n; i++)
            diff_vgroups_add(&vg, h[i], i < n ? 0 : 1, i % n);
        rc = 1;
        for (size_t g = 0; g < vg.n && rc; g++)
            rc = vg.g[g].count[0] == vg.g[g].count[1];
    }
    *noise = true;
    moved = 0;
    for (size_t i = 0; i < n && rc; i++) {
        struct chain link = {at, {PCOMP_INDEX, NULL, 0, 0, i, NULL}};
        if (h[i] == h[n + i])
            continue;
        if (x->o->tolerance > 0
            && close_values(x, json_array_get(a, i), json_array_get(b, i)))
            continue;   /* equal within the tolerance: not moved */
        moved++;
        if (*noise && !diff_chain_noise(x, &link))
            *noise = false;
    }
    if (moved == 0)
        rc = 0;         /* every position equal within the tolerance */
done:
    diff_vgroups_release(&vg);
    free(h);
    return rc;
}

/* ---- renames -------------------------------------------------------------- */

/* A member present on one side only. */
struct lone {
    const char *name;
    size_t len;
    const json_t *v;
    size_t partner;   /* the index of its rename partner, or SIZE_MAX */
};

struct lones {
    struct lone *m;
    size_t n, cap;
};

static int lones_push(struct lones *l, const char *name, size_t len,
                      const json_t *v)
{
    if (RC_GROW(l->m, l->cap, l->n, 8) != 0)
        return RC_ENOMEM;
    l->m[l->n++] = (struct lone){name, len, v, SIZE_MAX};
    return 0;
}

static bool same_lone(void *ctx, int sa, size_t ia, int sb, size_t ib)
{
    struct lones *sides = ctx;

    return json_equal(sides[sa].m[ia].v, sides[sb].m[ib].v);
}

/* Whether member m of the object at chain may be renamed: a value that
 * can be, at a path no noise rule covers and no redaction names. */
static bool rename_candidate(struct dctx *x, const struct chain *at,
                             const struct lone *m)
{
    struct chain link = {at, {PCOMP_MEMBER, m->name, m->len, 0, 0, NULL}};

    return diff_json_renamable(m->v) && !diff_chain_noise(x, &link)
           && !diff_chain_redacted(x, &link);
}

/*
 * Pairs removed members (sides[0]) with added ones (sides[1]) whose
 * values are equal and found in no other lone member of the object:
 * sets each pair's partner. O(members + size of their values) expected
 * (pair.c), whatever the number of members.
 */
static void pair_renames(struct dctx *x, const struct chain *at,
                         struct lones sides[2])
{
    struct vgroups vg;
    size_t *group = malloc((sides[0].n + 1) * sizeof *group);

    if (group == NULL
        || diff_vgroups_init(&vg, sides[0].n + sides[1].n, same_lone,
                             sides) < 0) {
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
        goto done;
    }
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < sides[s].n; i++) {
            size_t g = SIZE_MAX;
            if (rename_candidate(x, at, &sides[s].m[i]))
                g = diff_vgroups_add(&vg, diff_json_hash(sides[s].m[i].v), s,
                                     i);
            if (s == 0)
                group[i] = g;
        }
    for (size_t i = 0; i < sides[0].n; i++) {
        const struct vgroup *g = group[i] == SIZE_MAX ? NULL
                                                      : &vg.g[group[i]];
        if (g && g->count[0] == 1 && g->count[1] == 1) {
            sides[0].m[i].partner = g->first[1];
            sides[1].m[g->first[1]].partner = i;
        }
    }
done:
    diff_vgroups_release(&vg);
    free(group);
}

/* ---- the walk ---------------------------------------------------------- */

static void cmp_array(struct dctx *x, const struct chain *at,
                      const json_t *a, const json_t *b)
{
    size_t na = json_array_size(a), nb = json_array_size(b);
    const char *key = key_rule(x, at);
    struct chain link = {at, {0}};
    bool noise = false, hashed;
    int moved;

    if (key) {
        cmp_keyed(x, at, a, b, key);
        return;
    }
    hashed = na == nb && na > 1 && x->hashed < DIFF_REORDER_NESTING;
    if (hashed && (moved = reordered(x, at, a, b, na, &noise)) != 0) {
        if (moved < 0)
            x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
        else
            diff_emit(x, at, DIFF_REORDERED, noise ? SEV_NOISE : SEV_DEFAULT,
                      a, b);
        return;
    }
    x->hashed += hashed;
    link.c.kind = PCOMP_INDEX;
    for (size_t i = 0; i < na && x->rc == 0; i++) {
        link.c.index = i;
        if (i < nb)
            diff_json_at(x, &link, json_array_get(a, i),
                         json_array_get(b, i));
        else
            emit_one_side(x, &link, DIFF_REMOVED, json_array_get(a, i));
    }
    for (size_t i = na; i < nb && x->rc == 0; i++) {
        link.c.index = i;
        emit_one_side(x, &link, DIFF_ADDED, json_array_get(b, i));
    }
    x->hashed -= hashed;
}

/* Emits lone member i of the baseline: removed, or renamed when paired. */
static void emit_lone(struct dctx *x, const struct chain *at,
                      const struct lones sides[2], size_t i)
{
    const struct lone *m = &sides[0].m[i];
    struct chain link = {at, {PCOMP_MEMBER, m->name, m->len, 0, 0, NULL}};
    struct chain to = {at, {PCOMP_MEMBER, NULL, 0, 0, 0, NULL}};

    if (m->partner == SIZE_MAX) {
        emit_one_side(x, &link, DIFF_REMOVED, m->v);
        return;
    }
    to.c.name = sides[1].m[m->partner].name;
    to.c.len = sides[1].m[m->partner].len;
    diff_emit_renamed(x, &link, &to, m->v, sides[1].m[m->partner].v, NULL);
}

/* Appends the members of o from it on that other lacks to l. */
static int push_missing(struct lones *l, const json_t *o, void *it,
                        const json_t *other)
{
    for (; it; it = json_object_iter_next((json_t *)o, it)) {
        const char *name = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it);
        if (json_object_getn(other, name, len) == NULL
            && lones_push(l, name, len, json_object_iter_value(it)) < 0)
            return RC_ENOMEM;
    }
    return 0;
}

/* Collects the lone members: baseline ones from it on, every added one;
 * then pairs renames. */
static int collect_lones(struct dctx *x, const struct chain *at,
                         const json_t *a, const json_t *b, void *it,
                         struct lones sides[2])
{
    if (push_missing(&sides[0], a, it, b) < 0
        || push_missing(&sides[1], b, json_object_iter((json_t *)b), a) < 0)
        return RC_ENOMEM;
    if (sides[1].n)
        pair_renames(x, at, sides);
    return 0;
}

/*
 * Members by name. Differences come in the baseline's member order, the
 * added members last. The lone members are collected (and renames
 * paired) only once the first removed member is met, so an object
 * without one costs one lookup per member, as before renames.
 */
static void cmp_object(struct dctx *x, const struct chain *at,
                       const json_t *a, const json_t *b)
{
    struct chain link = {at, {0}};
    struct lones sides[2] = {{0}};
    size_t found = 0, lone = 0, added = 0;
    bool collected = false;
    void *it;

    link.c.kind = PCOMP_MEMBER;
    for (it = json_object_iter((json_t *)a); it && x->rc == 0;
         it = json_object_iter_next((json_t *)a, it)) {
        link.c.name = json_object_iter_key(it);
        link.c.len = json_object_iter_key_len(it);
        const json_t *av = json_object_iter_value(it);
        const json_t *bv = json_object_getn(b, link.c.name, link.c.len);
        if (bv != NULL) {
            found++;
            diff_json_at(x, &link, av, bv);
            continue;
        }
        if (!collected && collect_lones(x, at, a, b, it, sides) < 0)
            x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
        collected = true;
        if (x->rc == 0)
            emit_lone(x, at, sides, lone++);
    }
    /* when every replay member was met, nothing was added */
    for (it = found == json_object_size(b) ? NULL
                                           : json_object_iter((json_t *)b);
         it && x->rc == 0; it = json_object_iter_next((json_t *)b, it)) {
        link.c.name = json_object_iter_key(it);
        link.c.len = json_object_iter_key_len(it);
        if (json_object_getn(a, link.c.name, link.c.len) != NULL)
            continue;
        if (collected && sides[1].m[added++].partner != SIZE_MAX)
            continue;   /* renamed */
        emit_one_side(x, &link, DIFF_ADDED, json_object_iter_value(it));
    }
    free(sides[0].m);
    free(sides[1].m);
}

/* Compares the redacted forms of a and b (a redacted path). */
static void cmp_redacted(struct dctx *x, const struct chain *at,
                         const json_t *a, const json_t *b)
{
    json_t *ra = x->o->redact_fn(x->o->redact_ctx, a);
    json_t *rb = x->o->redact_fn(x->o->redact_ctx, b);

    if (ra == NULL || rb == NULL)
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    else if (type_of(ra) != type_of(rb))
        diff_emit(x, at, DIFF_TYPE, SEV_DEFAULT, ra, rb);
    else if (!json_equal(ra, rb))
        diff_emit(x, at, DIFF_CHANGED, SEV_DEFAULT, ra, rb);
    json_decref(ra);
    json_decref(rb);
}

void diff_json_at(struct dctx *x, const struct chain *at, const json_t *a,
                  const json_t *b)
{
    if (a == b || x->rc)
        return;
    if (x->o->redact && diff_chain_redacted(x, at)) {
        cmp_redacted(x, at, a, b);
        return;
    }
    if (type_of(a) != type_of(b)) {
        diff_emit(x, at, DIFF_TYPE, SEV_DEFAULT, a, b);
        return;
    }
    if (json_is_object(a) || json_is_array(a)) {
        if (++x->depth > DIFF_MAX_DEPTH) {
            x->rc = rc_error_set(x->err, RC_EINPUT, NULL,
                                 "nesting deeper than %d levels",
                                 DIFF_MAX_DEPTH);
            return;
        }
        if (json_is_object(a))
            cmp_object(x, at, a, b);
        else
            cmp_array(x, at, a, b);
        x->depth--;
        return;
    }
    if (!same_scalar(x, a, b))
        diff_emit(x, at, DIFF_CHANGED, SEV_DEFAULT, a, b);
}

int diff_json(struct diff_result *out, const json_t *a, const json_t *b,
              const struct diff_options *opts, struct rc_error *err)
{
    struct dctx x = {out, opts, err, 0, 0, 0};

    out->format = DIFF_FMT_JSON;
    diff_json_at(&x, NULL, a, b);
    return x.rc;
}
