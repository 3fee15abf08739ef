/*
 * relcheck fields: the fields of each call's fixture and which of them the
 * integration uses (SPEC section 11). With --source, where the
 * integration's own code names them; with --write, the fields seen there
 * added to the calls' `uses`. The inventory and the scan are
 * runner/fields/. Exit 0, or 2 on a usage, configuration or input error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "config/workspace.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "fields/fields.h"

/* One call of the listing. */
struct entry {
    const struct suite *suite;
    const struct call *call;
    bool baseline;      /* it has a fixture */
};

struct listing {
    struct entry *e;
    struct field_inv *inv;  /* parallel to e */
    size_t n;
};

static void listing_release(struct listing *l)
{
    for (size_t i = 0; i < l->n; i++)
        fields_inv_release(&l->inv[i]);
    free(l->e);
    free(l->inv);
}

/* Builds the inventory of one call from its fixture, if it has one. */
static int add_call(struct listing *l, const struct workspace *ws,
                    const struct suite *s, const struct call *c,
                    struct strvec *warnings, struct rc_error *err)
{
    char *path = fixture_path(ws->cfg.fixtures_dir, s->name, c->id);
    struct fixture f;
    struct entry *e = &l->e[l->n];
    int rc;

    e->suite = s;
    e->call = c;
    e->baseline = path && fs_is_file(path);
    if (path == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (e->baseline && (rc = fixture_load(&f, path, warnings, err)) != 0) {
        free(path);
        return rc;
    }
    free(path);
    rc = fields_inv_build(&l->inv[l->n], s, c, e->baseline ? &f : NULL, NULL,
                          NULL, err);
    if (e->baseline)
        fixture_release(&f);
    l->n++;
    return rc;
}

static int collect(struct listing *l, const struct workspace *ws,
                   const struct strvec *suites, const char *call_id,
                   struct strvec *warnings, struct rc_error *err)
{
    const struct suite **picked = NULL;
    size_t n_picked = 0, max = 0;
    int rc = suite_pick(&picked, &n_picked, &ws->suites, suites,
                        ws->cfg.suites_dir, err);

    if (rc)
        return rc;
    for (size_t i = 0; i < n_picked; i++)
        max += picked[i]->n_calls;
    l->e = calloc(max + 1, sizeof *l->e);
    l->inv = calloc(max + 1, sizeof *l->inv);
    if (l->e == NULL || l->inv == NULL)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n_picked && rc == 0; i++) {
        const struct suite *s = picked[i];
        for (size_t k = 0; k < s->n_calls && rc == 0; k++) {
            if (s->calls[k].teardown
                || (call_id && strcmp(call_id, s->calls[k].id) != 0))
                continue;   /* teardown calls have no baseline */
            rc = add_call(l, ws, s, &s->calls[k], warnings, err);
        }
    }
    free(picked);
    if (rc == 0 && call_id && l->n == 0)
        rc = rc_error_set(err, RC_EUSAGE, "fields", "no call '%s' in the "
                          "chosen suites", call_id);
    return rc;
}

/* --write: per suite, the seen fields not used yet go to the calls' uses.
 * Prints what it added. */
static int write_uses(struct listing *l, struct rc_error *err)
{
    int rc = 0;

    for (size_t i = 0; i < l->n && rc == 0;) {
        const struct suite *s = l->e[i].suite;
        size_t j = i, added = 0;
        while (j < l->n && l->e[j].suite == s)
            j++;
        const char **ids = calloc(j - i + 1, sizeof *ids);
        struct strvec *adds = calloc(j - i + 1, sizeof *adds);
        for (size_t k = i; ids && adds && k < j; k++) {
            ids[k - i] = l->e[k].call->id;
            for (size_t f = 0; f < l->inv[k].n; f++) {
                struct field_row *r = &l->inv[k].v[f];
                if (r->seen && (!r->used || l->inv[k].uses.n == 0)) {
                    strvec_push(&adds[k - i], r->field);
                    printf("%s/%s: uses %s (seen at %s)\n", s->name,
                           l->e[k].call->id, r->field, r->seen);
                    added++;
                }
            }
        }
        if (ids == NULL || adds == NULL)
            rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
        else if (added)
            rc = fields_write_suite(s->file, ids, adds, j - i, err);
        if (rc == 0 && added)
            printf("wrote %s\n", fs_display(s->file));
        for (size_t k = 0; adds && k < j - i; k++)
            strvec_release(&adds[k]);
        free(adds);
        free(ids);
        i = j;
    }
    return rc;
}

/* An example value, compact and cut to width characters (padded to it
 * when pad). */
static void put_example(const json_t *v, int width, bool pad)
{
    char *s = jsonw_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    int n = s ? (int)strlen(s) : 0;

    for (int i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20)
            s[i] = '?';
    if (n > width)
        printf("%-*.*s...", width - 3, width - 3, s);
    else
        printf("%-*s", pad ? width : 0, s ? s : "?");
    free(s);
}

static void print_text(const struct listing *l, bool source)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct entry *e = &l->e[i];
        const struct field_inv *inv = &l->inv[i];
        printf("%s%s/%s  %s %s", i ? "\n" : "", e->suite->name, e->call->id,
               e->call->method, e->call->path);
        if (inv->uses.n)
            printf("  (uses %zu pattern%s)\n", inv->uses.n,
                   inv->uses.n == 1 ? "" : "s");
        else
            printf("  (no uses: every field counts)\n");
        if (!e->baseline) {
            printf("  no baseline: run relcheck record\n");
            continue;
        }
        for (size_t k = 0; k < inv->n; k++) {
            const struct field_row *r = &inv->v[k];
            printf("  %-4s %-40s %-9s ", r->used ? "used" : "-", r->field,
                   r->type);
            put_example(r->example, 24, source);
            if (source)
                printf(" %s", r->seen ? r->seen : "-");
            putchar('\n');
        }
    }
}

static json_t *entry_json(const struct entry *e, const struct field_inv *inv)
{
    json_t *fields = json_array(), *uses = strvec_json(&inv->uses);

    for (size_t k = 0; k < inv->n; k++) {
        const struct field_row *r = &inv->v[k];
        json_array_append_new(fields, json_pack(
            "{s:s,s:s,s:O,s:b,s:s?}", "field", r->field, "type", r->type,
            "example", r->example, "used", r->used, "seen", r->seen));
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:b,s:o,s:o}", "suite",
                     e->suite->name, "call", e->call->id, "method",
                     e->call->method, "path", e->call->path, "baseline",
                     e->baseline, "uses", uses, "fields", fields);
}

static void print_json(const struct listing *l)
{
    json_t *calls = json_array(), *doc;

    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(calls, entry_json(&l->e[i], &l->inv[i]));
    doc = json_pack("{s:o}", "calls", calls);
    msg_print_json(doc);
    json_decref(doc);
}

int cmd_fields(int argc, char **argv)
{
    struct strvec suites = STRVEC_INIT, sources = STRVEC_INIT;
    struct strvec warnings = STRVEC_INIT;
    const char *call_id = NULL;
    int write = 0;
    const struct opt opts[] = {
        {OPT_MULTI, "suite", "S", "only this suite (repeatable)", &suites},
        {OPT_VALUE, "call", "ID", "only the call with this id", &call_id},
        {OPT_MULTI, "source", "DIR", "scan the integration's source files under DIR for the field names (repeatable)", &sources},
        {OPT_FLAG, "write", NULL, "add the fields seen in the sources to the calls' uses (rewrites the suites)", &write},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"fields", "[options]", "the fields of each call's fixture and which of them the integration uses", true, opts, EXITS_USAGE};
    struct opt_common common = {0};
    struct listing l = {0};
    struct workspace ws;
    struct rc_error err;
    bool opened = false;
    int status;

    rc_error_clear(&err);
    if (opt_handle(&cmd, argc, argv, &common, &status))
        goto done;
    if (write && sources.n == 0) {
        rc_error_set(&err, RC_EUSAGE, "fields", "--write needs --source: it "
                     "adds the fields seen in the integration's sources");
        goto fail;
    }
    if (workspace_open(&ws, common.config, &warnings, &err) < 0)
        goto fail;
    opened = true;
    if (collect(&l, &ws, &suites, call_id, &warnings, &err) != 0
        || (sources.n && fields_scan_sources(l.inv, l.n, &sources, &err))
        || (write && write_uses(&l, &err)))
        goto fail;
    if (common.json)
        print_json(&l);
    else if (!write)
        print_text(&l, sources.n > 0);
    msg_warnings(&warnings);
    status = EXIT_OK;
    goto done;
fail:
    msg_warnings(&warnings);
    status = msg_error(&err);
done:
    listing_release(&l);
    if (opened)
        workspace_release(&ws);
    strvec_release(&suites);
    strvec_release(&sources);
    strvec_release(&warnings);
    return status;
}
