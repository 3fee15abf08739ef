/*
 * Text bodies (SPEC section 6): a line diff. Lines are split on "\n" (a
 * trailing "\r" is dropped); the common head and tail are skipped, the
 * middle is aligned by a longest-common-subsequence table when it is small
 * enough (at most TEXT_LCS_CELLS cells) and line by line otherwise. A run
 * of removed lines facing a run of added ones pairs up as `changed`
 * lines. Paths are line[N], N the 1-based line number in the baseline
 * (in the replay for added lines).
 */
#include "diff/internal.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_LCS_CELLS ((size_t)16 << 20)

struct line {
    const char *s;
    size_t n;
};

struct lines {
    struct line *v;
    size_t n;
};

static int split(struct lines *out, const char *s, size_t len)
{
    size_t n = 1, i = 0;

    for (size_t k = 0; k < len; k++)
        n += s[k] == '\n';
    out->v = malloc(n * sizeof *out->v);
    out->n = 0;
    if (out->v == NULL)
        return RC_ENOMEM;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t m = end - i;
        if (m > 0 && s[i + m - 1] == '\r')
            m--;
        out->v[out->n++] = (struct line){s + i, m};
        i = end + 1;
    }
    return 0;
}

static bool same(const struct line *a, const struct line *b)
{
    return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

static void emit_line(struct dctx *x, enum diff_kind kind, size_t no,
                      const struct line *a, const struct line *b)
{
    struct chain link = {NULL, {0}};
    json_t *ja = a ? json_stringn(a->s, a->n) : NULL;
    json_t *jb = b ? json_stringn(b->s, b->n) : NULL;

    link.c.kind = PCOMP_LINE;
    link.c.index = no;
    if (x->o->redact && diff_chain_redacted(x, &link)) {
        json_t *ra = ja ? x->o->redact_fn(x->o->redact_ctx, ja) : NULL;
        json_t *rb = jb ? x->o->redact_fn(x->o->redact_ctx, jb) : NULL;
        json_decref(ja);
        json_decref(jb);
        ja = ra;
        jb = rb;
    }
    if ((a && ja == NULL) || (b && jb == NULL))
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
    else
        diff_emit(x, &link, kind, SEV_DEFAULT, ja, jb);
    json_decref(ja);
    json_decref(jb);
}

/* Emits a gap: a[ai..ai+na) removed, b[bi..bi+nb) added, paired as
 * changed where both have lines. */
static void emit_gap(struct dctx *x, const struct lines *a, size_t ai,
                     size_t na, const struct lines *b, size_t bi, size_t nb)
{
    size_t k = 0;

    for (; k < na && k < nb && x->rc == 0; k++)
        emit_line(x, DIFF_CHANGED, ai + k + 1, &a->v[ai + k], &b->v[bi + k]);
    for (; k < na && x->rc == 0; k++)
        emit_line(x, DIFF_REMOVED, ai + k + 1, &a->v[ai + k], NULL);
    for (size_t j = k; j < nb && x->rc == 0; j++)
        emit_line(x, DIFF_ADDED, bi + j + 1, NULL, &b->v[bi + j]);
}

/* LCS alignment of a[lo_a..hi_a) and b[lo_b..hi_b). */
static int align(struct dctx *x, const struct lines *a, size_t lo_a,
                 size_t hi_a, const struct lines *b, size_t lo_b, size_t hi_b)
{
    size_t n = hi_a - lo_a, m = hi_b - lo_b, w = m + 1;
    unsigned *t = calloc((n + 1) * w, sizeof *t);
    size_t i = 0, j = 0, gi = 0, gj = 0;

    if (t == NULL)
        return RC_ENOMEM;
    for (size_t p = n; p-- > 0;)
        for (size_t q = m; q-- > 0;)
            t[p * w + q] = same(&a->v[lo_a + p], &b->v[lo_b + q])
                               ? t[(p + 1) * w + q + 1] + 1
                               : (t[(p + 1) * w + q] > t[p * w + q + 1]
                                      ? t[(p + 1) * w + q]
                                      : t[p * w + q + 1]);
    while (i < n && j < m) {
        if (same(&a->v[lo_a + i], &b->v[lo_b + j])) {
            emit_gap(x, a, lo_a + gi, i - gi, b, lo_b + gj, j - gj);
            gi = ++i;
            gj = ++j;
        } else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) {
            i++;
        } else {
            j++;
        }
    }
    emit_gap(x, a, lo_a + gi, n - gi, b, lo_b + gj, m - gj);
    free(t);
    return 0;
}

int diff_text(struct dctx *x, const char *sa, size_t alen, const char *sb,
              size_t blen)
{
    struct lines a = {0}, b = {0};
    size_t head = 0, tail = 0;

    if (split(&a, sa, alen) < 0 || split(&b, sb, blen) < 0) {
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
        goto done;
    }
    while (head < a.n && head < b.n && same(&a.v[head], &b.v[head]))
        head++;
    while (tail < a.n - head && tail < b.n - head
           && same(&a.v[a.n - 1 - tail], &b.v[b.n - 1 - tail]))
        tail++;
    size_t na = a.n - head - tail, nb = b.n - head - tail;
    if (na == 0 || nb == 0 || (na + 1) * (nb + 1) > TEXT_LCS_CELLS)
        emit_gap(x, &a, head, na, &b, head, nb);
    else if (align(x, &a, head, head + na, &b, head, head + nb) < 0)
        x->rc = rc_error_set(x->err, RC_ENOMEM, NULL, "out of memory");
done:
    free(a.v);
    free(b.v);
    return x->rc;
}
