/*
 * Internals of building the result model from a run folder (load.c): the
 * loader's state, shared by the index (index.c: run.json and pass 1 over
 * calls.jsonl), the aggregation (aggregate.c: pass 2, tallies, summary)
 * and the read-back (readback.c). Private to result/.
 */
#ifndef RC_LOADER_H
#define RC_LOADER_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/json.h"
#include "result/result.h"
#include "core/smap.h"

#define NONE ((size_t)-1)
#define MAX_LINE ((size_t)256 << 20)

struct loader {
    struct result *r;
    const char *lines_path;
    struct smap calls;      /* "suite\x1fid" -> call index */
    struct smap fields;     /* "suite\x1ffield\x1fkind\x1fseverity\x1fused"
                               -> row */
    size_t fields_cap;
    bool again;             /* a call had two lines: aggregate once more */
    struct strvec *warnings;
    struct rc_error *err;
};

/* A string member, or NULL when absent or not a string (borrowed). */
static inline const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static inline char *dupstr(const char *s)
{
    return s ? strdup(s) : NULL;
}

static inline int nomem(struct loader *ld)
{
    return rc_error_set(ld->err, RC_ENOMEM, ld->r->dir, "out of memory");
}

static inline char *call_key(const char *suite, const char *id)
{
    char *key = NULL;

    if (asprintf(&key, "%s\x1f%s", suite, id) < 0)
        return NULL;
    return key;
}

/* Reads run.json: run metadata, suites and their calls (index.c). */
int loader_read_run_json(struct loader *ld);

/* Pass 1: indexes every line of calls.jsonl (index.c). A missing file
 * means no call ran. */
int loader_index_lines(struct loader *ld);

/* Reads the line at the stream's position into r->line. Returns its
 * length, 0 at the end, or a negative RC_E* code (index.c). */
long long result_read_line(struct result *r, struct rc_error *err,
                           const char *path);

/* Sets a call's outcome, reason and counters from its line
 * (aggregate.c). */
int loader_absorb_line(struct loader *ld, size_t ci, json_t *line);

/* Pass 2, only after a call had two lines (aggregate.c). */
int loader_aggregate(struct loader *ld);

/* Counts outcomes per suite and overall, and the verdict (aggregate.c). */
void result_summarize(struct result *r);

#endif
