/*
 * core/itab.c: the index table keeps entries in the caller's array,
 * finds each by its key after growing, and collides without losing one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/hash.h"
#include "core/itab.h"

struct names {
    char v[500][16];
    size_t n;
    bool collide;      /* every entry hashes alike */
};

static uint64_t name_hash(const struct names *ns, const char *s)
{
    return ns->collide ? 7 : rc_fnv1a64_str(RC_FNV1A64_BASIS, s);
}

static uint64_t hash_idx(const void *ctx, size_t idx)
{
    const struct names *ns = ctx;

    return name_hash(ns, ns->v[idx]);
}

struct probe {
    const struct names *ns;
    const char *s;
};

static bool eq(const void *ctx, size_t idx)
{
    const struct probe *p = ctx;

    return strcmp(p->ns->v[idx], p->s) == 0;
}

/* Adds s when absent; returns its index. */
static size_t add(struct itab *t, struct names *ns, const char *s)
{
    struct probe p = {ns, s};
    size_t i;

    assert_int_equal(itab_reserve(t, ns->n + 1, hash_idx, ns), 0);
    i = itab_probe(t, name_hash(ns, s), eq, &p);
    if (t->slot[i] != ITAB_EMPTY)
        return t->slot[i];
    snprintf(ns->v[ns->n], sizeof ns->v[0], "%s", s);
    t->slot[i] = ns->n;
    return ns->n++;
}

static void run(bool collide)
{
    static struct names ns;
    struct itab t = {0};
    char s[16];

    memset(&ns, 0, sizeof ns);
    ns.collide = collide;
    for (int i = 0; i < 500; i++) {
        snprintf(s, sizeof s, "k%d", i);
        assert_int_equal(add(&t, &ns, s), (size_t)i);
    }
    assert_int_equal(ns.n, 500);
    assert_true(t.n_slot >= 1000);
    assert_int_equal(t.n_slot & (t.n_slot - 1), 0);
    for (int i = 499; i >= 0; i--) {   /* found again, not added */
        snprintf(s, sizeof s, "k%d", i);
        assert_int_equal(add(&t, &ns, s), (size_t)i);
    }
    assert_int_equal(ns.n, 500);
    struct probe p = {&ns, "absent"};
    assert_int_equal(t.slot[itab_probe(&t, name_hash(&ns, "absent"), eq,
                                       &p)], ITAB_EMPTY);
    itab_release(&t);
    assert_null(t.slot);
}

static void test_grows_and_finds(void **state)
{
    (void)state;
    run(false);
}

static void test_all_collide(void **state)
{
    (void)state;
    run(true);
}

static void test_reserve_sizes(void **state)
{
    struct itab t = {0};

    (void)state;
    assert_int_equal(itab_reserve(&t, 0, NULL, NULL), 0);
    assert_int_equal(t.n_slot, 16);
    assert_int_equal(t.slot[15], ITAB_EMPTY);
    assert_int_equal(itab_reserve(&t, 8, NULL, NULL), 0);
    assert_int_equal(t.n_slot, 16);
    assert_int_equal(itab_reserve(&t, 9, NULL, NULL), 0);
    assert_int_equal(t.n_slot, 32);
    assert_int_not_equal(itab_reserve(&t, SIZE_MAX / 2, NULL, NULL), 0);
    assert_int_equal(t.n_slot, 32);     /* unchanged on failure */
    itab_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grows_and_finds),
        cmocka_unit_test(test_all_collide),
        cmocka_unit_test(test_reserve_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
