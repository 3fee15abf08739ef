/*
 * The path-pattern matcher (see pattern.h). A path pattern compiles to a
 * list of at most 62 steps, each possibly "descendant" (preceded by `..` or
 * `//`), and matches a component chain as a small NFA whose states are a
 * bit mask, so a test is O(steps x components) with no allocation. `re:`
 * patterns are PCRE2 programs compiled once (JIT when available) and
 * searched in the rendered path; literal patterns compare the rendered
 * path. Match data is allocated per test, so one pattern may be used from
 * several threads at once.
 */
#include "pattern/pattern.h"

#include "core/grow.h"
#include "core/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#define MAX_STEPS 62
#define PATH_MAX_TEXT ((size_t)1 << 24)

enum seg_kind {
    SEG_MEMBER,   /* .name ['name'] */
    SEG_INDEX,    /* [3] */
    SEG_ANY_POS,  /* [*] */
    SEG_KEYED,    /* [?@.k=='v'] */
    SEG_ANY,      /* * (any one member, position or element) */
    SEG_ELEMENT,  /* XML name, name[2] */
    SEG_ATTR,     /* @name */
    SEG_ANY_ATTR  /* @* */
};

struct seg {
    enum seg_kind kind;
    bool desc;
    char *name;
    size_t len;
    bool prefixed;  /* XML: the name has a "p:" prefix */
    size_t index;   /* SEG_INDEX; SEG_ELEMENT position (0 = any) */
    json_t *key;    /* SEG_KEYED value */
};

enum pat_type { PAT_PATH, PAT_REGEX, PAT_LITERAL };

struct pattern {
    char *text;
    enum pat_type type;
    struct seg segs[MAX_STEPS];
    size_t n;
    pcre2_code *re;
};

/* ---- parsing --------------------------------------------------------- */

struct parser {
    struct pattern *p;
    const char *s;
    struct rc_error *err;
};

static int bad(struct parser *ps, const char *why)
{
    return rc_error_set(ps->err, RC_EUSAGE, NULL,
                        "bad path pattern '%s': %s", ps->p->text, why);
}

static struct seg *new_seg(struct parser *ps, enum seg_kind kind, bool desc)
{
    struct seg *g;

    if (ps->p->n >= MAX_STEPS)
        return NULL;
    g = &ps->p->segs[ps->p->n++];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->desc = desc;
    return g;
}

static int set_name(struct parser *ps, struct seg *g, const char *s,
                    size_t n)
{
    g->name = malloc(n + 1);
    if (g->name == NULL)
        return rc_error_set(ps->err, RC_ENOMEM, NULL, "out of memory");
    memcpy(g->name, s, n);
    g->name[n] = '\0';
    g->len = n;
    return 0;
}

/* Reads a quoted string at ps->s ('...' or "...", backslash escapes the
 * next character) into a new malloc'd buffer. */
static int read_quoted(struct parser *ps, char **out, size_t *len)
{
    char q = *ps->s++;
    size_t n = 0;
    char *buf = malloc(strlen(ps->s) + 1);

    if (buf == NULL)
        return rc_error_set(ps->err, RC_ENOMEM, NULL, "out of memory");
    while (*ps->s && *ps->s != q) {
        if (*ps->s == '\\' && ps->s[1])
            ps->s++;
        buf[n++] = *ps->s++;
    }
    if (*ps->s != q) {
        free(buf);
        return bad(ps, "unclosed quote");
    }
    ps->s++;
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Parses the value of [?@.k==VALUE]: a quoted string or a JSON scalar. */
static int read_key_value(struct parser *ps, struct seg *g)
{
    char *text = NULL;
    size_t n = 0;
    int rc;

    if (*ps->s == '\'' || *ps->s == '"') {
        rc = read_quoted(ps, &text, &n);
        if (rc)
            return rc;
        g->key = json_stringn(text, n);
        free(text);
    } else {
        const char *end = strchr(ps->s, ']');
        if (end == NULL)
            return bad(ps, "unclosed '['");
        g->key = json_loadb(ps->s, (size_t)(end - ps->s), JSON_DECODE_ANY,
                            NULL);
        ps->s = end;
        if (g->key && (json_is_object(g->key) || json_is_array(g->key))) {
            json_decref(g->key);
            g->key = NULL;
        }
    }
    return g->key ? 0 : bad(ps, "key value is not a string or scalar");
}

/* [?@.key==VALUE] after the "[?@" */
static int parse_filter(struct parser *ps, struct seg *g)
{
    const char *start;
    int rc;

    g->kind = SEG_KEYED;
    if (*ps->s == '.') {
        start = ++ps->s;
        while (*ps->s && *ps->s != '=')
            ps->s++;
        rc = set_name(ps, g, start, (size_t)(ps->s - start));
    } else if (ps->s[0] == '[' && (ps->s[1] == '\'' || ps->s[1] == '"')) {
        ps->s++;
        rc = read_quoted(ps, &g->name, &g->len);
        if (rc == 0 && *ps->s++ != ']')
            rc = bad(ps, "expected ']' after the key name");
    } else {
        return bad(ps, "expected '.' after '[?@'");
    }
    if (rc)
        return rc;
    if (g->len == 0 || strncmp(ps->s, "==", 2) != 0)
        return bad(ps, "expected [?@.key==value]");
    ps->s += 2;
    return read_key_value(ps, g);
}

/* A JSON bracket step at ps->s (on the '['). */
static int parse_bracket(struct parser *ps, bool desc)
{
    struct seg *g = new_seg(ps, SEG_ANY_POS, desc);
    int rc = 0;

    if (g == NULL)
        return bad(ps, "too many steps");
    ps->s++;
    if (*ps->s == '*') {
        ps->s++;
    } else if (*ps->s >= '0' && *ps->s <= '9') {
        char *end;
        g->kind = SEG_INDEX;
        g->index = strtoul(ps->s, &end, 10);
        ps->s = end;
    } else if (*ps->s == '\'' || *ps->s == '"') {
        g->kind = SEG_MEMBER;
        rc = read_quoted(ps, &g->name, &g->len);
    } else if (strncmp(ps->s, "?@", 2) == 0) {
        ps->s += 2;
        rc = parse_filter(ps, g);
    } else {
        return bad(ps, "unknown bracket step");
    }
    if (rc)
        return rc;
    if (*ps->s != ']')
        return bad(ps, "expected ']'");
    ps->s++;
    return 0;
}

/* A JSON name step (after '.' or '..'): up to the next '.' or '['. */
static int parse_name(struct parser *ps, bool desc)
{
    const char *start = ps->s;
    struct seg *g;

    while (*ps->s && *ps->s != '.' && *ps->s != '[')
        ps->s++;
    if (ps->s == start)
        return bad(ps, "empty member name");
    g = new_seg(ps, SEG_MEMBER, desc);
    if (g == NULL)
        return bad(ps, "too many steps");
    if (ps->s - start == 1 && *start == '*') {
        g->kind = SEG_ANY;
        return 0;
    }
    return set_name(ps, g, start, (size_t)(ps->s - start));
}

static int parse_json(struct parser *ps)
{
    int rc = 0;

    ps->s++; /* '$' */
    while (rc == 0 && *ps->s) {
        bool desc = false;
        if (ps->s[0] == '.' && ps->s[1] == '.') {
            desc = true;
            ps->s += 2;
        } else if (ps->s[0] == '.') {
            ps->s++;
        } else if (ps->s[0] != '[') {
            return bad(ps, "expected '.' or '['");
        }
        if (*ps->s == '[')
            rc = parse_bracket(ps, desc);
        else
            rc = parse_name(ps, desc);
    }
    return rc;
}

/* One XML step after '/' or '//': name, name[N], *, @name, @*. */
static int parse_xml_step(struct parser *ps, bool desc)
{
    const char *start = ps->s;
    bool attr = *ps->s == '@';
    struct seg *g = new_seg(ps, attr ? SEG_ATTR : SEG_ELEMENT, desc);
    size_t n;
    int rc;

    if (g == NULL)
        return bad(ps, "too many steps");
    if (attr)
        start = ++ps->s;
    while (*ps->s && *ps->s != '/' && *ps->s != '[')
        ps->s++;
    n = (size_t)(ps->s - start);
    if (n == 0)
        return bad(ps, "empty step");
    if (n == 1 && *start == '*') {
        g->kind = attr ? SEG_ANY_ATTR : SEG_ANY;
    } else {
        rc = set_name(ps, g, start, n);
        if (rc)
            return rc;
        g->prefixed = memchr(start, ':', n) != NULL;
    }
    if (*ps->s == '[') {
        char *end;
        g->index = strtoul(ps->s + 1, &end, 10);
        if (attr || g->index == 0 || *end != ']')
            return bad(ps, "expected a position [N] from 1");
        ps->s = end + 1;
    }
    return 0;
}

static int parse_xml(struct parser *ps)
{
    int rc = 0;

    while (rc == 0 && *ps->s) {
        bool desc = false;
        if (ps->s[0] != '/')
            return bad(ps, "expected '/'");
        if (ps->s[1] == '/') {
            desc = true;
            ps->s++;
        }
        ps->s++;
        rc = parse_xml_step(ps, desc);
    }
    return rc;
}

static int compile_regex(struct parser *ps, const char *rx)
{
    int code;
    PCRE2_SIZE off;
    char msg[256];

    ps->p->type = PAT_REGEX;
    ps->p->re = pcre2_compile((PCRE2_SPTR)rx, PCRE2_ZERO_TERMINATED,
                              PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code,
                              &off, NULL);
    if (ps->p->re == NULL) {
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
        return rc_error_set(ps->err, RC_EUSAGE, NULL,
                            "bad path pattern '%s': %s at offset %zu",
                            ps->p->text, msg, (size_t)off);
    }
    regex_jit(ps->p->re);
    return 0;
}

int pattern_compile(struct pattern **out, const char *text,
                    struct rc_error *err)
{
    struct pattern *p = calloc(1, sizeof *p);
    struct parser ps = {p, text, err};
    int rc;

    *out = NULL;
    if (p == NULL || (p->text = strdup(text)) == NULL) {
        free(p);
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    }
    if (strncmp(text, "re:", 3) == 0)
        rc = compile_regex(&ps, text + 3);
    else if (text[0] == '$')
        rc = parse_json(&ps);
    else if (text[0] == '/')
        rc = parse_xml(&ps);
    else if (text[0] == '\0')
        rc = bad(&ps, "empty pattern");
    else {
        p->type = PAT_LITERAL;
        rc = 0;
    }
    if (rc) {
        pattern_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void pattern_free(struct pattern *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->segs[i].name);
        json_decref(p->segs[i].key);
    }
    pcre2_code_free(p->re);
    free(p->text);
    free(p);
}

const char *pattern_text(const struct pattern *p)
{
    return p->text;
}

/* ---- matching -------------------------------------------------------- */

static bool same_name(const struct seg *g, const struct pcomp *c)
{
    const char *name = c->name;
    size_t len = c->len;

    if ((c->kind == PCOMP_ELEMENT || c->kind == PCOMP_ATTR) && !g->prefixed
        && c->local <= len) {
        name += c->local;
        len -= c->local;
    }
    return len == g->len && memcmp(name, g->name, len) == 0;
}

static bool seg_match(const struct seg *g, const struct pcomp *c)
{
    switch (g->kind) {
    case SEG_MEMBER:
        return c->kind == PCOMP_MEMBER && same_name(g, c);
    case SEG_INDEX:
        return c->kind == PCOMP_INDEX && c->index == g->index;
    case SEG_ANY_POS:
        return c->kind == PCOMP_INDEX || c->kind == PCOMP_KEYED
               || c->kind == PCOMP_LINE;
    case SEG_KEYED:
        return c->kind == PCOMP_KEYED && c->len == g->len
               && memcmp(c->name, g->name, g->len) == 0
               && json_equal((json_t *)c->key, g->key);
    case SEG_ANY:
        return c->kind == PCOMP_MEMBER || c->kind == PCOMP_INDEX
               || c->kind == PCOMP_KEYED || c->kind == PCOMP_ELEMENT;
    case SEG_ELEMENT:
        return c->kind == PCOMP_ELEMENT && same_name(g, c)
               && (g->index == 0 || g->index == (c->index ? c->index : 1));
    case SEG_ATTR:
        return c->kind == PCOMP_ATTR && same_name(g, c);
    default:
        return c->kind == PCOMP_ATTR;
    }
}

/* Advances the NFA state mask over one component. */
static uint64_t step(const struct pattern *p, uint64_t states,
                     const struct pcomp *c)
{
    uint64_t next = 0;

    for (size_t s = 0; s < p->n; s++) {
        if (!(states >> s & 1))
            continue;
        if (p->segs[s].desc)
            next |= (uint64_t)1 << s;
        if (seg_match(&p->segs[s], c))
            next |= (uint64_t)1 << (s + 1);
    }
    return next;
}

/* Whether the rendered path or (covers) an ancestor's rendering matches. */
static bool match_text(const struct pattern *p, const struct pcomp *c,
                       size_t n, bool covers)
{
    struct rc_buf b;
    size_t *ends = malloc((n + 1) * sizeof *ends);
    pcre2_match_data *md = NULL;
    bool hit = false;

    rc_buf_init(&b, PATH_MAX_TEXT);
    if (ends == NULL || pcomp_render_ends(&b, c, n, ends) != 0)
        goto done;
    if (p->type == PAT_REGEX) {
        md = pcre2_match_data_create_from_pattern(p->re, NULL);
        if (md == NULL)
            goto done;
    }
    for (size_t k = covers ? 0 : n; k <= n && !hit; k++) {
        const char *s = rc_buf_str(&b);
        if (ends[k] == 0)
            continue;
        if (p->type == PAT_REGEX)
            hit = pcre2_match(p->re, (PCRE2_SPTR)s, ends[k], 0, 0, md, NULL)
                  >= 0;
        else
            hit = strlen(p->text) == ends[k]
                  && memcmp(p->text, s, ends[k]) == 0;
    }
done:
    pcre2_match_data_free(md);
    rc_buf_release(&b);
    free(ends);
    return hit;
}

bool pattern_match(const struct pattern *p, const struct pcomp *c, size_t n)
{
    uint64_t states = 1;

    if (p->type != PAT_PATH)
        return match_text(p, c, n, false);
    for (size_t i = 0; i < n && states; i++)
        states = step(p, states, &c[i]);
    return states >> p->n & 1;
}

bool pattern_covers(const struct pattern *p, const struct pcomp *c,
                    size_t n)
{
    uint64_t states = 1;
    uint64_t accept = (uint64_t)1 << p->n;

    if (p->type != PAT_PATH)
        return match_text(p, c, n, true);
    for (size_t i = 0; i < n && states; i++) {
        if (states & accept)
            return true;
        states = step(p, states, &c[i]);
    }
    return (states & accept) != 0;
}

/* ---- sets ------------------------------------------------------------ */

void pattern_set_init(struct pattern_set *s)
{
    memset(s, 0, sizeof *s);
}

void pattern_set_release(struct pattern_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        pattern_free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

int pattern_set_add(struct pattern_set *s, const char *text,
                    struct rc_error *err)
{
    struct pattern *p = NULL;
    int rc;

    if (RC_GROW(s->v, s->cap, s->n, 8) != 0)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    rc = pattern_compile(&p, text, err);
    if (rc)
        return rc;
    s->v[s->n++] = p;
    return 0;
}

int pattern_set_add_all(struct pattern_set *s, const struct strvec *texts,
                        struct rc_error *err)
{
    for (size_t i = 0; i < texts->n; i++) {
        int rc = pattern_set_add(s, texts->v[i], err);
        if (rc)
            return rc;
    }
    return 0;
}

const struct pattern *pattern_set_covers(const struct pattern_set *s,
                                         const struct pcomp *c, size_t n)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (pattern_covers(s->v[i], c, n))
            return s->v[i];
    return NULL;
}

const struct pattern *pattern_set_match(const struct pattern_set *s,
                                        const struct pcomp *c, size_t n)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (pattern_match(s->v[i], c, n))
            return s->v[i];
    return NULL;
}

/* ---- incremental matching ------------------------------------------- */

size_t pattern_set_width(const struct pattern_set *s)
{
    return s ? s->n : 0;
}

void pattern_set_start(const struct pattern_set *s, uint64_t *st)
{
    for (size_t i = 0; s && i < s->n; i++)
        st[i] = s->v[i]->type == PAT_PATH ? 1 : 0;
}

bool pattern_set_step(const struct pattern_set *s, const uint64_t *st,
                      const struct pcomp *c, uint64_t *next)
{
    bool alive = false;

    for (size_t i = 0; s && i < s->n; i++) {
        next[i] = st[i] ? step(s->v[i], st[i], c) : 0;
        alive = alive || next[i] != 0;
    }
    return alive;
}

bool pattern_set_accepts(const struct pattern_set *s, const uint64_t *st)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (st[i] >> s->v[i]->n & 1)
            return true;
    return false;
}

bool pattern_set_has_text(const struct pattern_set *s)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (s->v[i]->type != PAT_PATH)
            return true;
    return false;
}

bool pattern_set_match_text(const struct pattern_set *s,
                            const struct pcomp *c, size_t n)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (s->v[i]->type != PAT_PATH && match_text(s->v[i], c, n, false))
            return true;
    return false;
}

/* ---- walking documents ----------------------------------------------- */

/* A depth-first walk keeping the component chain in a growable stack. */
struct walker {
    struct pcomp *stack;
    size_t cap;
    const struct pattern *one;      /* pattern_first */
    const struct pattern_set *set;  /* pattern_redact_tree */
    pattern_redact_fn fn;
    void *ctx;
    long replaced;
    int failed;
};

static bool reserve(struct walker *w, size_t depth)
{
    if (RC_GROW(w->stack, w->cap, depth, 32) != 0) {
        w->failed = 1;
        return false;
    }
    return true;
}

static json_t *first_in(struct walker *w, json_t *v, size_t depth)
{
    if (pattern_match(w->one, w->stack, depth))
        return v;
    if (!reserve(w, depth))
        return NULL;
    struct pcomp *c = &w->stack[depth];
    memset(c, 0, sizeof *c);
    if (json_is_object(v)) {
        const char *key;
        json_t *m;
        c->kind = PCOMP_MEMBER;
        json_object_foreach(v, key, m) {
            c->name = key;
            c->len = strlen(key);
            json_t *hit = first_in(w, m, depth + 1);
            if (hit)
                return hit;
        }
    } else if (json_is_array(v)) {
        c->kind = PCOMP_INDEX;
        for (size_t i = 0; i < json_array_size(v); i++) {
            c->index = i;
            json_t *hit = first_in(w, json_array_get(v, i), depth + 1);
            if (hit)
                return hit;
        }
    }
    return NULL;
}

json_t *pattern_first(const struct pattern *p, json_t *root)
{
    struct walker w = {0};
    json_t *hit;

    w.one = p;
    hit = root ? first_in(&w, root, 0) : NULL;
    free(w.stack);
    return hit;
}

/* Returns the replacement for v when the chain matches, else NULL. */
static json_t *redacted(struct walker *w, const json_t *v, size_t depth)
{
    json_t *r;

    if (depth == 0 || !pattern_set_match(w->set, w->stack, depth))
        return NULL;
    r = w->fn(w->ctx, v);
    if (r == NULL)
        w->failed = 1;
    else
        w->replaced++;
    return r;
}

static void redact_in(struct walker *w, json_t *v, size_t depth)
{
    struct pcomp *c;

    if (w->failed || !reserve(w, depth))
        return;
    c = &w->stack[depth];
    memset(c, 0, sizeof *c);
    if (json_is_object(v)) {
        void *it = json_object_iter(v);
        c->kind = PCOMP_MEMBER;
        for (; it && !w->failed; it = json_object_iter_next(v, it)) {
            json_t *m = json_object_iter_value(it), *r;
            c->name = json_object_iter_key(it);
            c->len = json_object_iter_key_len(it);
            if ((r = redacted(w, m, depth + 1)) != NULL)
                json_object_iter_set_new(v, it, r);
            else
                redact_in(w, m, depth + 1);
        }
    } else if (json_is_array(v)) {
        c->kind = PCOMP_INDEX;
        for (size_t i = 0; i < json_array_size(v) && !w->failed; i++) {
            json_t *m = json_array_get(v, i), *r;
            c->index = i;
            if ((r = redacted(w, m, depth + 1)) != NULL)
                json_array_set_new(v, i, r);
            else
                redact_in(w, m, depth + 1);
        }
    }
}

long pattern_redact_tree(json_t *root, const struct pcomp *at, size_t n_at,
                         const struct pattern_set *s, pattern_redact_fn fn,
                         void *ctx)
{
    struct walker w = {0};

    if (root == NULL || s == NULL || s->n == 0)
        return 0;
    w.set = s;
    w.fn = fn;
    w.ctx = ctx;
    if (!reserve(&w, n_at))
        return RC_ENOMEM;
    if (n_at)
        memcpy(w.stack, at, n_at * sizeof *at);
    redact_in(&w, root, n_at);
    free(w.stack);
    return w.failed ? RC_ENOMEM : w.replaced;
}
