/*
 * Interim value redaction until the shared path matcher (runner/pattern/,
 * branch issue-diff) is merged: understands $.a.b, $..name, .*, [*] and
 * [N] patterns. Replaced by pattern_redact_tree at the merge.
 */
#include <stdlib.h>
#include <string.h>

#include "redact/redact.h"

struct step {
    const char *name;   /* NULL: an array position */
    size_t len;
    long index;         /* -1: any */
};

/* Whether pattern p (at a step boundary) matches the chain c[0..n). */
static bool match(const char *p, const struct step *c, size_t n)
{
    if (*p == '\0')
        return n == 0;
    if (strncmp(p, "..", 2) == 0) {
        for (size_t k = 0; k <= n; k++)
            if (match(p + 1, c + k, n - k))
                return true;
        return false;
    }
    if (n == 0)
        return false;
    if (strncmp(p, "[*]", 3) == 0)
        return c->name == NULL && match(p + 3, c + 1, n - 1);
    if (*p == '[') {
        char *end;
        long i = strtol(p + 1, &end, 10);

        return c->name == NULL && *end == ']' && i == c->index &&
               match(end + 1, c + 1, n - 1);
    }
    if (*p == '.') {
        size_t len = strcspn(p + 1, ".[");

        if (c->name == NULL)
            return false;
        if (!(len == 1 && p[1] == '*') &&
            !(len == c->len && strncmp(p + 1, c->name, len) == 0))
            return false;
        return match(p + 1 + len, c + 1, n - 1);
    }
    return false;
}

struct rwalk {
    const struct strvec *pats;
    const struct redact_key *key;
    struct step chain[256];
    int count;
};

static bool hit(const struct rwalk *w, size_t depth)
{
    for (size_t i = 0; i < w->pats->n; i++)
        if (w->pats->v[i][0] == '$' &&
            match(w->pats->v[i] + 1, w->chain, depth))
            return true;
    return false;
}

static int walk(struct rwalk *w, json_t *v, size_t depth)
{
    const char *k;
    json_t *c;
    void *tmp;
    int rc = 0;

    if (depth >= 255)
        return 0;
    if (json_is_object(v)) {
        json_object_foreach_safe(v, tmp, k, c) {
            char *r;

            w->chain[depth] = (struct step){k, strlen(k), -1};
            if (!hit(w, depth + 1)) {
                if ((rc = walk(w, c, depth + 1)) != 0)
                    return rc;
                continue;
            }
            if ((r = redact_value(w->key, c)) == NULL)
                return RC_ENOMEM;
            json_object_set_new(v, k, json_string(r));
            free(r);
            w->count++;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            char *r;

            w->chain[depth] = (struct step){NULL, 0, (long)i};
            if (!hit(w, depth + 1)) {
                if ((rc = walk(w, json_array_get(v, i), depth + 1)) != 0)
                    return rc;
                continue;
            }
            if ((r = redact_value(w->key, json_array_get(v, i))) == NULL)
                return RC_ENOMEM;
            json_array_set_new(v, i, json_string(r));
            free(r);
            w->count++;
        }
    }
    return 0;
}

int redact_json(json_t *doc, const struct strvec *patterns,
                const struct redact_key *key)
{
    struct rwalk *w;
    int rc;

    if (doc == NULL || patterns == NULL || patterns->n == 0)
        return 0;
    w = calloc(1, sizeof(*w));
    if (w == NULL)
        return RC_ENOMEM;
    w->pats = patterns;
    w->key = key;
    rc = walk(w, doc, 0);
    rc = rc ? rc : w->count;
    free(w);
    return rc;
}
