/*
 * JSON comparison (SPEC section 6): objects by member name, arrays by
 * position or, under an array-key rule, by the key member's value through
 * a hash table (linear time). The walk allocates nothing per node: the
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
            diff_emit(x, &link, DIFF_REMOVED, SEV_DEFAULT, e, NULL);
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
        diff_emit(x, &link, DIFF_ADDED, SEV_DEFAULT, NULL, e);
    }
done:
    keyed_release(&k);
    keyed_release(&seen);
}

/* ---- the walk ---------------------------------------------------------- */

static void cmp_array(struct dctx *x, const struct chain *at,
                      const json_t *a, const json_t *b)
{
    size_t na = json_array_size(a), nb = json_array_size(b);
    const char *key = key_rule(x, at);
    struct chain link = {at, {0}};

    if (key) {
        cmp_keyed(x, at, a, b, key);
        return;
    }
    link.c.kind = PCOMP_INDEX;
    for (size_t i = 0; i < na && x->rc == 0; i++) {
        link.c.index = i;
        if (i < nb)
            diff_json_at(x, &link, json_array_get(a, i),
                         json_array_get(b, i));
        else
            diff_emit(x, &link, DIFF_REMOVED, SEV_DEFAULT,
                      json_array_get(a, i), NULL);
    }
    for (size_t i = na; i < nb && x->rc == 0; i++) {
        link.c.index = i;
        diff_emit(x, &link, DIFF_ADDED, SEV_DEFAULT, NULL,
                  json_array_get(b, i));
    }
}

static void cmp_object(struct dctx *x, const struct chain *at,
                       const json_t *a, const json_t *b)
{
    struct chain link = {at, {0}};
    size_t found = 0;
    void *it;

    link.c.kind = PCOMP_MEMBER;
    for (it = json_object_iter((json_t *)a); it && x->rc == 0;
         it = json_object_iter_next((json_t *)a, it)) {
        link.c.name = json_object_iter_key(it);
        link.c.len = json_object_iter_key_len(it);
        const json_t *av = json_object_iter_value(it);
        const json_t *bv = json_object_getn(b, link.c.name, link.c.len);
        if (bv == NULL) {
            diff_emit(x, &link, DIFF_REMOVED, SEV_DEFAULT, av, NULL);
            continue;
        }
        found++;
        diff_json_at(x, &link, av, bv);
    }
    if (found == json_object_size(b))
        return; /* every replay member was met: nothing added */
    for (it = json_object_iter((json_t *)b); it && x->rc == 0;
         it = json_object_iter_next((json_t *)b, it)) {
        link.c.name = json_object_iter_key(it);
        link.c.len = json_object_iter_key_len(it);
        if (json_object_getn(a, link.c.name, link.c.len) == NULL)
            diff_emit(x, &link, DIFF_ADDED, SEV_DEFAULT, NULL,
                      json_object_iter_value(it));
    }
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
    struct dctx x = {out, opts, err, 0, 0};

    out->format = DIFF_FMT_JSON;
    diff_json_at(&x, NULL, a, b);
    return x.rc;
}
