/*
 * Unit tests of runner/pattern: every pattern form against component
 * chains, ancestor coverage, path rendering and folding, pattern_first and
 * in-place redaction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pattern/pattern.h"

static struct pcomp mem(const char *name)
{
    struct pcomp c = {PCOMP_MEMBER, name, strlen(name), 0, 0, NULL};
    return c;
}

static struct pcomp idx(size_t i)
{
    struct pcomp c = {PCOMP_INDEX, NULL, 0, 0, i, NULL};
    return c;
}

static struct pcomp keyed(const char *key, const json_t *v)
{
    struct pcomp c = {PCOMP_KEYED, key, strlen(key), 0, 0, v};
    return c;
}

static struct pcomp elem(const char *qname, size_t pos)
{
    const char *colon = strchr(qname, ':');
    struct pcomp c = {PCOMP_ELEMENT, qname, strlen(qname),
                      colon ? (size_t)(colon - qname) + 1 : 0, pos, NULL};
    return c;
}

static struct pcomp attr(const char *name)
{
    struct pcomp c = {PCOMP_ATTR, name, strlen(name), 0, 0, NULL};
    return c;
}

static bool matches(const char *pat, const struct pcomp *c, size_t n)
{
    struct pattern *p = NULL;
    struct rc_error err;
    bool hit;

    assert_int_equal(pattern_compile(&p, pat, &err), 0);
    hit = pattern_match(p, c, n);
    pattern_free(p);
    return hit;
}

static bool covers(const char *pat, const struct pcomp *c, size_t n)
{
    struct pattern *p = NULL;
    struct rc_error err;
    bool hit;

    assert_int_equal(pattern_compile(&p, pat, &err), 0);
    hit = pattern_covers(p, c, n);
    pattern_free(p);
    return hit;
}

static char *render(const struct pcomp *c, size_t n, bool fold)
{
    struct rc_buf b;

    rc_buf_init(&b, 1 << 20);
    assert_int_equal(pcomp_render(&b, c, n, fold), 0);
    return rc_buf_detach(&b, NULL);
}

static void json_member_paths(void **state)
{
    struct pcomp c[] = {mem("meta"), mem("generated_at")};

    (void)state;
    assert_true(matches("$.meta.generated_at", c, 2));
    assert_true(matches("$['meta']['generated_at']", c, 2));
    assert_true(matches("$.*.generated_at", c, 2));
    assert_true(matches("$..generated_at", c, 2));
    assert_true(matches("$..*", c, 2));
    assert_false(matches("$.meta", c, 2));
    assert_false(matches("$.generated_at", c, 2));
    assert_false(matches("$.meta.generated", c, 2));
    assert_true(covers("$.meta", c, 2));
    assert_true(covers("$", c, 2));
    assert_false(covers("$.met", c, 2));
}

static void json_array_paths(void **state)
{
    json_t *k = json_string("F001");
    struct pcomp c[] = {mem("facturen"), idx(3), mem("bedrag")};
    struct pcomp d[] = {mem("facturen"), keyed("nr", k), mem("bedrag")};

    (void)state;
    assert_true(matches("$.facturen[3].bedrag", c, 3));
    assert_false(matches("$.facturen[2].bedrag", c, 3));
    assert_true(matches("$.facturen[*].bedrag", c, 3));
    assert_true(matches("$.facturen[*].bedrag", d, 3));
    assert_true(matches("$.facturen[?@.nr=='F001'].bedrag", d, 3));
    assert_true(matches("$.facturen[?@.nr==\"F001\"].bedrag", d, 3));
    assert_false(matches("$.facturen[?@.nr=='F002'].bedrag", d, 3));
    assert_false(matches("$.facturen[3].bedrag", d, 3));
    assert_true(matches("$..bedrag", d, 3));
    assert_true(matches("$..[*].bedrag", c, 3));
    assert_false(matches("$.facturen.bedrag", c, 3));
    json_decref(k);
}

static void descendant_steps(void **state)
{
    struct pcomp c[] = {mem("a"), mem("b"), mem("a"), mem("c")};

    (void)state;
    assert_true(matches("$..a.c", c, 4));
    assert_true(matches("$..a..c", c, 4));
    assert_true(matches("$.a..c", c, 4));
    assert_true(matches("$..b..c", c, 4));
    assert_false(matches("$..b.c", c, 4));
    assert_true(covers("$..b", c, 4));
    assert_false(covers("$..d", c, 4));
}

static void xml_paths(void **state)
{
    struct pcomp c[] = {elem("Facturen", 0), elem("Factuur", 2),
                        elem("p:Iban", 0)};
    struct pcomp a[] = {elem("Facturen", 0), attr("versie")};

    (void)state;
    assert_true(matches("/Facturen/Factuur/Iban", c, 3));
    assert_true(matches("/Facturen/Factuur[2]/Iban", c, 3));
    assert_false(matches("/Facturen/Factuur[1]/Iban", c, 3));
    assert_true(matches("/Facturen/Factuur/p:Iban", c, 3));
    assert_false(matches("/Facturen/Factuur/q:Iban", c, 3));
    assert_true(matches("//Iban", c, 3));
    assert_true(matches("//Factuur/*", c, 3));
    assert_true(covers("//Factuur", c, 3));
    assert_true(matches("/Facturen/@versie", a, 2));
    assert_true(matches("//@versie", a, 2));
    assert_true(matches("/Facturen/@*", a, 2));
    assert_false(matches("/Facturen/versie", a, 2));
    assert_false(matches("$..Iban", c, 3));
}

static void regex_and_literal(void **state)
{
    struct pcomp c[] = {mem("meta"), mem("generated_at")};
    struct pcomp s = {PCOMP_RAW, "status", 6, 0, 0, NULL};
    struct pcomp h = {PCOMP_RAW, "headers.date", 12, 0, 0, NULL};

    (void)state;
    assert_true(matches("re:_at$", c, 2));
    assert_true(matches("re:^\\$\\.meta\\.", c, 2));
    assert_false(matches("re:^\\$\\.meta$", c, 2));
    assert_true(covers("re:^\\$\\.meta$", c, 2));
    assert_false(matches("re:^generated", c, 2));
    assert_true(matches("status", &s, 1));
    assert_false(matches("status", &h, 1));
    assert_true(matches("headers.date", &h, 1));
    assert_true(matches("re:^headers\\.", &h, 1));
}

static void bad_patterns(void **state)
{
    const char *bad[] = {"", "$.", "$.a[", "$.a[x]", "$['a", "$.a..",
                         "//", "/a/b[0]", "/a/@x[2]", "re:(", "$[?@.k]",
                         "$[?@.k=={}]", "$a"};
    struct rc_error err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pattern *p = NULL;
        int rc = pattern_compile(&p, bad[i], &err);
        if (rc == 0)
            fail_msg("pattern '%s' compiled", bad[i]);
        assert_int_equal(rc, RC_EUSAGE);
        assert_null(p);
        assert_non_null(strstr(err.message, "bad path pattern"));
    }
}

static void rendering(void **state)
{
    json_t *k = json_string("it's");
    json_t *n = json_integer(42);
    struct pcomp c[] = {mem("facturen"), idx(3), mem("a b"),
                        mem("x'y\\z"), keyed("nr", k), keyed("id", n)};
    struct pcomp x[] = {elem("Facturen", 0), elem("Factuur", 2),
                        attr("versie")};
    char *s;

    (void)state;
    s = render(c, 6, false);
    assert_string_equal(s, "$.facturen[3]['a b']['x\\'y\\\\z']"
                           "[?@.nr=='it\\'s'][?@.id==42]");
    free(s);
    s = render(c, 6, true);
    assert_string_equal(s, "$.facturen[*]['a b']['x\\'y\\\\z'][*][*]");
    free(s);
    s = render(NULL, 0, false);
    assert_string_equal(s, "$");
    free(s);
    s = render(x, 3, false);
    assert_string_equal(s, "/Facturen/Factuur[2]/@versie");
    free(s);
    s = render(x, 3, true);
    assert_string_equal(s, "/Facturen/Factuur/@versie");
    free(s);
    json_decref(k);
    json_decref(n);
}

static void rendered_paths_match_themselves(void **state)
{
    json_t *k = json_string("a'b]");
    struct pcomp c[] = {mem("x y"), keyed("k k", k), mem("_z9")};
    struct pattern *p = NULL;
    struct rc_error err;
    char *s;

    json_t *r1 = json_real(126.74), *r2 = json_real(1.0);
    struct pcomp r[] = {mem("regels"), keyed("bedrag", r1),
                        keyed("aantal", r2)};

    (void)state;
    s = render(c, 3, false);
    assert_int_equal(pattern_compile(&p, s, &err), 0);
    assert_true(pattern_match(p, c, 3));
    pattern_free(p);
    free(s);
    s = render(c, 3, true);
    assert_int_equal(pattern_compile(&p, s, &err), 0);
    assert_true(pattern_match(p, c, 3));
    pattern_free(p);
    free(s);
    /* a real key as received, and still a real when read back (1.0) */
    s = render(r, 3, false);
    assert_string_equal(s, "$.regels[?@.bedrag==126.74][?@.aantal==1.0]");
    assert_int_equal(pattern_compile(&p, s, &err), 0);
    assert_true(pattern_match(p, r, 3));
    pattern_free(p);
    free(s);
    json_decref(r1);
    json_decref(r2);
    json_decref(k);
}

static void first_value(void **state)
{
    json_t *doc = json_loads("{\"a\":[{\"id\":1},{\"id\":2,\"t\":{\"id\":3}}]"
                             ",\"token\":\"abc\"}", 0, NULL);
    struct pattern *p = NULL;
    struct rc_error err;

    (void)state;
    assert_int_equal(pattern_compile(&p, "$.token", &err), 0);
    assert_string_equal(json_string_value(pattern_first(p, doc)), "abc");
    pattern_free(p);
    assert_int_equal(pattern_compile(&p, "$.a[1].t.id", &err), 0);
    assert_int_equal(json_integer_value(pattern_first(p, doc)), 3);
    pattern_free(p);
    assert_int_equal(pattern_compile(&p, "$..id", &err), 0);
    assert_int_equal(json_integer_value(pattern_first(p, doc)), 1);
    pattern_free(p);
    assert_int_equal(pattern_compile(&p, "$.nope", &err), 0);
    assert_null(pattern_first(p, doc));
    pattern_free(p);
    json_decref(doc);
}

static json_t *mask(void *ctx, const json_t *v)
{
    (*(int *)ctx)++;
    return json_sprintf("<%s>", json_is_string(v) ? json_string_value(v)
                                                   : "x");
}

static void redaction(void **state)
{
    json_t *doc = json_loads("{\"k\":[{\"iban\":\"NL1\",\"n\":1},"
                             "{\"iban\":{\"deep\":1}}],\"iban\":\"NL2\"}",
                             0, NULL);
    struct pattern_set s;
    struct rc_error err;
    int calls = 0;
    char *out;

    (void)state;
    pattern_set_init(&s);
    assert_int_equal(pattern_set_add(&s, "$..iban", &err), 0);
    assert_int_equal(pattern_redact_tree(doc, NULL, 0, &s, mask, &calls), 3);
    assert_int_equal(calls, 3);
    out = json_dumps(doc, JSON_COMPACT);
    assert_string_equal(out, "{\"k\":[{\"iban\":\"<NL1>\",\"n\":1},"
                             "{\"iban\":\"<x>\"}],\"iban\":\"<NL2>\"}");
    free(out);
    pattern_set_release(&s);
    json_decref(doc);
}

static void redaction_below_a_path(void **state)
{
    json_t *doc = json_loads("{\"iban\":\"NL1\",\"n\":1}", 0, NULL);
    struct pcomp at[] = {mem("klant")};
    struct pattern_set s;
    struct rc_error err;
    int calls = 0;

    (void)state;
    pattern_set_init(&s);
    assert_int_equal(pattern_set_add(&s, "$.klant.iban", &err), 0);
    assert_int_equal(pattern_redact_tree(doc, NULL, 0, &s, mask, &calls), 0);
    assert_int_equal(pattern_redact_tree(doc, at, 1, &s, mask, &calls), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "iban")),
                        "<NL1>");
    pattern_set_release(&s);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_member_paths),
        cmocka_unit_test(json_array_paths),
        cmocka_unit_test(descendant_steps),
        cmocka_unit_test(xml_paths),
        cmocka_unit_test(regex_and_literal),
        cmocka_unit_test(bad_patterns),
        cmocka_unit_test(rendering),
        cmocka_unit_test(rendered_paths_match_themselves),
        cmocka_unit_test(first_value),
        cmocka_unit_test(redaction),
        cmocka_unit_test(redaction_below_a_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
