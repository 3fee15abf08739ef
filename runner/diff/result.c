/*
 * The result of a comparison (see diff.h): recording differences with
 * their severity, the capped list, the per-severity counts and the
 * per-field tally (a small open-addressing hash on field + kind +
 * severity), and the JSON form of SPEC section 6.
 */
#include "diff/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/hash.h"

#define PATH_TEXT_MAX ((size_t)1 << 24)

static const char *const kind_names[] = {"removed", "type",    "changed",
                                         "added",   "renamed", "reordered"};
static const enum severity default_sev[] = {
    SEV_BREAKING, SEV_BREAKING, SEV_CHANGED,
    SEV_ADDITIVE, SEV_BREAKING, SEV_CHANGED};
static const char *const format_names[] = {"empty", "json", "xml", "text",
                                           "binary"};

const char *diff_kind_name(enum diff_kind k)
{
    return kind_names[k];
}

enum severity diff_kind_severity(enum diff_kind k)
{
    return default_sev[k];
}

const char *diff_format_name(enum diff_format f)
{
    return format_names[f];
}

void diff_result_init(struct diff_result *r)
{
    memset(r, 0, sizeof *r);
    r->max_items = DIFF_MAX_ITEMS;
}

void diff_result_release(struct diff_result *r)
{
    for (size_t i = 0; i < r->n_items; i++) {
        free(r->items[i].path);
        free(r->items[i].field);
        free(r->items[i].new_path);
        free(r->items[i].new_field);
        json_decref(r->items[i].old);
        json_decref(r->items[i].new_);
    }
    for (size_t i = 0; i < r->n_fields; i++) {
        free(r->fields[i].field);
        free(r->fields[i].path);
        free(r->fields[i].new_field);
        free(r->fields[i].new_path);
        json_decref(r->fields[i].old);
        json_decref(r->fields[i].new_);
    }
    free(r->items);
    free(r->fields);
    itab_release(&r->field_tab);
    diff_result_init(r);
}

size_t diff_result_total(const struct diff_result *r)
{
    size_t n = 0;

    for (int i = 0; i < SEV_N; i++)
        n += r->count[i];
    return n;
}

bool diff_result_differs(const struct diff_result *r)
{
    for (int i = 0; i < SEV_NOISE; i++)
        if (r->count[i])
            return true;
    return false;
}

int diff_result_worst(const struct diff_result *r)
{
    for (int i = 0; i < SEV_NOISE; i++)
        if (r->count[i] > r->unused[i])
            return i;
    return -1;
}

/* ---- the field tally ------------------------------------------------- */

static uint64_t hash_field(const char *s, const char *new_field, int kind,
                           int sev, bool used)
{
    uint64_t h = rc_fnv1a64_str(RC_FNV1A64_BASIS
                                    ^ (uint64_t)((kind * 8 + sev) * 2 + used),
                                s);

    return new_field ? rc_fnv1a64_str(h ^ 0x1f, new_field) : h;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static uint64_t hash_entry(const void *ctx, size_t idx)
{
    const struct diff_field *f = &((const struct diff_result *)ctx)
                                      ->fields[idx];

    return hash_field(f->field, f->new_field, f->kind, f->severity, f->used);
}

/* The tally key looked up: the result and the key's parts. */
struct field_key {
    const struct diff_result *r;
    const char *field, *new_field;
    int kind, sev;
    bool used;
};

static bool same_field(const void *ctx, size_t idx)
{
    const struct field_key *k = ctx;
    const struct diff_field *f = &k->r->fields[idx];

    return (int)f->kind == k->kind && (int)f->severity == k->sev
           && f->used == k->used && strcmp(f->field, k->field) == 0
           && same_str(f->new_field, k->new_field);
}

/* Finds or adds the tally entry of (field, new_field, kind, sev, used);
 * *fresh says whether it is new. */
static struct diff_field *tally(struct diff_result *r, const char *field,
                                const char *new_field, enum diff_kind kind,
                                enum severity sev, bool used, bool *fresh)
{
    struct field_key key = {r, field, new_field, (int)kind, (int)sev, used};
    size_t i;

    if (itab_reserve(&r->field_tab, r->n_fields + 1, hash_entry, r) < 0)
        return NULL;
    i = itab_probe(&r->field_tab,
                   hash_field(field, new_field, kind, sev, used), same_field,
                   &key);
    if (r->field_tab.slot[i] != ITAB_EMPTY) {
        *fresh = false;
        return &r->fields[r->field_tab.slot[i]];
    }
    if (RC_GROW(r->fields, r->cap_fields, r->n_fields, 16) != 0)
        return NULL;
    r->field_tab.slot[i] = r->n_fields;
    struct diff_field *f = &r->fields[r->n_fields++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->severity = sev;
    f->used = used;
    *fresh = true;
    return f;
}

/* ---- recording ------------------------------------------------------- */

long diff_chain_comps(const struct chain *at, struct pcomp *c_buf,
                      size_t buf_n, struct pcomp **out)
{
    size_t n = 0;

    for (const struct chain *c = at; c; c = c->up)
        n++;
    *out = c_buf;
    if (n > buf_n && (*out = malloc(n * sizeof **out)) == NULL)
        return -1;
    size_t i = n;
    for (const struct chain *c = at; c; c = c->up)
        (*out)[--i] = c->c;
    return (long)n;
}

static bool covered(const struct diff_options *o, const struct pcomp *c,
                    size_t n)
{
    for (int i = 0; i < DIFF_MAX_SETS; i++)
        if (o->noise[i] && pattern_set_covers(o->noise[i], c, n))
            return true;
    return false;
}

/* A reference to v for the result: redacted inside when it is a
 * container and redaction is on. NULL stays NULL. */
static json_t *keep(struct dctx *x, const json_t *v, const struct pcomp *c,
                    size_t n, int *failed)
{
    json_t *copy;

    if (v == NULL)
        return NULL;
    if (!x->o->redact || !x->o->redact_fn
        || !(json_is_object(v) || json_is_array(v)))
        return json_incref((json_t *)v);
    copy = json_deep_copy(v);
    if (copy == NULL || pattern_redact_tree(copy, c, n, x->o->redact,
                                            x->o->redact_fn,
                                            x->o->redact_ctx) < 0) {
        json_decref(copy);
        *failed = 1;
        return NULL;
    }
    return copy;
}

/* What one difference records: its paths as text, kind, severity, used
 * flag and values (references the record holds until release). */
struct record {
    struct rc_buf path, field, new_path, new_field;
    bool renamed;
    enum diff_kind kind;
    enum severity sev;
    bool used;
    json_t *old, *new_;
};

static void record_init(struct record *rec, enum diff_kind kind)
{
    memset(rec, 0, sizeof *rec);
    rec->kind = kind;
    rec->renamed = kind == DIFF_RENAMED;
    rc_buf_init(&rec->path, PATH_TEXT_MAX);
    rc_buf_init(&rec->field, PATH_TEXT_MAX);
    rc_buf_init(&rec->new_path, PATH_TEXT_MAX);
    rc_buf_init(&rec->new_field, PATH_TEXT_MAX);
}

static void record_release(struct record *rec)
{
    rc_buf_release(&rec->path);
    rc_buf_release(&rec->field);
    rc_buf_release(&rec->new_path);
    rc_buf_release(&rec->new_field);
    json_decref(rec->old);
    json_decref(rec->new_);
}

/* A copy of s, or NULL for NULL; *failed set when out of memory. */
static char *dup_or_null(const char *s, int *failed)
{
    char *d = s ? strdup(s) : NULL;

    if (s && d == NULL)
        *failed = 1;
    return d;
}

static int store(struct dctx *x, const struct record *rec)
{
    struct diff_result *r = x->r;
    size_t max = x->o->max_items ? x->o->max_items : r->max_items;
    const char *path = rc_buf_str(&rec->path);
    const char *field = rc_buf_str(&rec->field);
    const char *np = rec->renamed ? rc_buf_str(&rec->new_path) : NULL;
    const char *nf = rec->renamed ? rc_buf_str(&rec->new_field) : NULL;
    bool fresh = false;
    int failed = 0;
    struct diff_field *f = tally(r, field, nf, rec->kind, rec->sev,
                                 rec->used, &fresh);

    if (f == NULL)
        return RC_ENOMEM;
    f->occurrences++;
    if (fresh) {
        f->field = dup_or_null(field, &failed);
        f->path = dup_or_null(path, &failed);
        f->new_field = dup_or_null(nf, &failed);
        f->new_path = dup_or_null(np, &failed);
        f->old = json_incref(rec->old);
        f->new_ = json_incref(rec->new_);
        if (failed)
            return RC_ENOMEM;
    }
    if (r->n_items >= max) {
        r->truncated++;
        return 0;
    }
    if (RC_GROW(r->items, r->cap_items, r->n_items, 16) != 0)
        return RC_ENOMEM;
    struct diff_item *it = &r->items[r->n_items++];
    memset(it, 0, sizeof *it);
    it->path = dup_or_null(path, &failed);
    it->field = dup_or_null(field, &failed);
    it->new_path = dup_or_null(np, &failed);
    it->new_field = dup_or_null(nf, &failed);
    it->kind = rec->kind;
    it->severity = rec->sev;
    it->used = rec->used;
    it->old = json_incref(rec->old);
    it->new_ = json_incref(rec->new_);
    return failed ? RC_ENOMEM : 0;
}

/* Counts a recorded difference and stores it. */
static int count_and_store(struct dctx *x, const struct record *rec)
{
    x->r->count[rec->sev]++;
    if (!rec->used)
        x->r->unused[rec->sev]++;
    return store(x, rec);
}

/* Renders c[0..n) into path and field. */
static int render(struct rc_buf *path, struct rc_buf *field,
                  const struct pcomp *c, size_t n)
{
    return pcomp_render(path, c, n, false) < 0
                   || pcomp_render(field, c, n, true) < 0
               ? RC_ENOMEM
               : 0;
}

int diff_emit(struct dctx *x, const struct chain *at, enum diff_kind kind,
              int sev, const json_t *old, const json_t *new_)
{
    return diff_emit_node(x, at, kind, sev, old, new_, NULL);
}

/* The failure of an emit: RC_ENOMEM stored in x. */
static int emit_failed(struct dctx *x)
{
    if (x->rc == 0)
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    return RC_ENOMEM;
}

int diff_emit_node(struct dctx *x, const struct chain *at,
                   enum diff_kind kind, int sev, const json_t *old,
                   const json_t *new_, const void *xml_old)
{
    struct pcomp buf[64], *c = NULL;
    struct record rec;
    int failed = 0, rc = RC_ENOMEM, used;
    long nc = diff_chain_comps(at, buf, 64, &c);

    record_init(&rec, kind);
    if (nc < 0)
        goto done;
    rec.sev = sev == SEV_DEFAULT ? default_sev[kind] : (enum severity)sev;
    if (covered(x->o, c, (size_t)nc)
        || diff_captured_noise(x->o, kind, old, new_))
        rec.sev = SEV_NOISE;
    if ((used = diff_used(x, c, (size_t)nc, kind, old, xml_old)) < 0)
        goto done;
    rec.used = used != 0;
    rec.old = keep(x, old, c, (size_t)nc, &failed);
    rec.new_ = keep(x, new_, c, (size_t)nc, &failed);
    if (failed || render(&rec.path, &rec.field, c, (size_t)nc) < 0)
        goto done;
    rc = count_and_store(x, &rec);
done:
    record_release(&rec);
    if (c != buf)
        free(c);
    return rc < 0 ? emit_failed(x) : rc;
}

int diff_emit_renamed(struct dctx *x, const struct chain *from,
                      const struct chain *to, const json_t *old,
                      const json_t *new_, const void *xml_old)
{
    struct pcomp buf[64], nbuf[64], *c = NULL, *nc = NULL;
    struct record rec;
    int failed = 0, rc = RC_ENOMEM, used = 0;
    long n = diff_chain_comps(from, buf, 64, &c);
    long nn = diff_chain_comps(to, nbuf, 64, &nc);

    record_init(&rec, DIFF_RENAMED);
    if (n < 0 || nn < 0)
        goto done;
    rec.sev = covered(x->o, c, (size_t)n) ? SEV_NOISE : SEV_BREAKING;
    /* used as the removal of the old path, or the addition of the new */
    if ((used = diff_used(x, c, (size_t)n, DIFF_REMOVED, old, xml_old)) == 0)
        used = diff_used(x, nc, (size_t)nn, DIFF_ADDED, NULL, NULL);
    if (used < 0)
        goto done;
    rec.used = used != 0;
    rec.old = keep(x, old, c, (size_t)n, &failed);
    rec.new_ = keep(x, new_, nc, (size_t)nn, &failed);
    if (failed || render(&rec.path, &rec.field, c, (size_t)n) < 0
        || render(&rec.new_path, &rec.new_field, nc, (size_t)nn) < 0)
        goto done;
    rc = count_and_store(x, &rec);
done:
    record_release(&rec);
    if (c != buf)
        free(c);
    if (nc != nbuf)
        free(nc);
    return rc < 0 ? emit_failed(x) : rc;
}

bool diff_chain_noise(struct dctx *x, const struct chain *at)
{
    struct pcomp buf[64], *c = NULL;
    long n = diff_chain_comps(at, buf, 64, &c);
    bool hit;

    if (n < 0)
        return false;
    hit = covered(x->o, c, (size_t)n);
    if (c != buf)
        free(c);
    return hit;
}

bool diff_chain_redacted(struct dctx *x, const struct chain *at)
{
    struct pcomp buf[64], *c = NULL;
    long n;
    bool hit;

    if (!x->o->redact || !x->o->redact_fn || at == NULL)
        return false;
    n = diff_chain_comps(at, buf, 64, &c);
    if (n < 0)
        return false;
    hit = pattern_set_match(x->o->redact, c, (size_t)n) != NULL;
    if (c != buf)
        free(c);
    return hit;
}

/* ---- JSON output ----------------------------------------------------- */

static int add_item(json_t *arr, const struct diff_item *it)
{
    json_t *o = json_object();

    if (o == NULL)
        return -1;
    json_object_set_new(o, "path", json_string(it->path));
    if (it->new_path)
        json_object_set_new(o, "new_path", json_string(it->new_path));
    json_object_set_new(o, "field", json_string(it->field));
    if (it->new_field)
        json_object_set_new(o, "new_field", json_string(it->new_field));
    json_object_set_new(o, "kind", json_string(kind_names[it->kind]));
    json_object_set_new(o, "severity",
                        json_string(severity_name(it->severity)));
    if (!it->used)
        json_object_set_new(o, "used", json_false());
    if (it->old)
        json_object_set(o, "old", it->old);
    if (it->new_)
        json_object_set(o, "new", it->new_);
    return json_array_append_new(arr, o);
}

json_t *diff_items_to_json(const struct diff_result *r)
{
    json_t *arr = json_array();

    for (size_t i = 0; arr && i < r->n_items; i++) {
        if (add_item(arr, &r->items[i]) < 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

json_t *diff_result_to_json(const struct diff_result *r)
{
    json_t *o = json_object(), *sum = json_object();
    json_t *items = diff_items_to_json(r);

    if (o == NULL || sum == NULL || items == NULL) {
        json_decref(o);
        json_decref(sum);
        json_decref(items);
        return NULL;
    }
    json_object_set_new(o, "format", json_string(format_names[r->format]));
    json_object_set_new(o, "differences", items);
    size_t unused = 0;
    for (int i = 0; i < SEV_N; i++) {
        json_object_set_new(sum, severity_name(i),
                            json_integer((json_int_t)r->count[i]));
        unused += i == SEV_NOISE ? 0 : r->unused[i];
    }
    if (unused)
        json_object_set_new(sum, "unused", json_integer((json_int_t)unused));
    json_object_set_new(o, "summary", sum);
    if (r->truncated)
        json_object_set_new(o, "truncated",
                            json_integer((json_int_t)r->truncated));
    return o;
}
