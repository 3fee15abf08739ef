/*
 * Writing result.json, one report format among the others (see
 * report.h): the header, suites and fields come from the model; each
 * call's entry is streamed from calls.jsonl, so the file is written
 * without holding the run in memory. One call per line.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/jsonw.h"
#include "report/sink.h"

#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

/* v as a new reference, or a new empty array when v is NULL. */
static json_t *arr_or_empty(json_t *v)
{
    return v ? json_incref(v) : json_array();
}

json_t *result_run_json(const struct result *r)
{
    json_t *o = json_object();

    if (o == NULL)
        return NULL;
    json_object_set_new(o, "id", json_string(r->id ? r->id : ""));
    json_object_set_new(o, "environment",
                        json_string(r->environment ? r->environment : ""));
    json_object_set_new(o, "started_at",
                        r->started_at ? json_string(r->started_at)
                                      : json_null());
    json_object_set_new(o, "finished_at", json_string(r->finished_at));
    json_object_set_new(o, "complete", json_boolean(r->complete));
    json_object_set_new(o, "shard", json_string(r->shard ? r->shard : "1/1"));
    json_object_set_new(o, "calls_sent", json_integer(r->calls_sent));
    json_object_set_new(o, "fail_on", json_string(fail_on_name(r->fail_on)));
    return o;
}

json_t *result_summary_json(const struct result *r)
{
    const struct result_summary *s = &r->summary;

    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
        " s:I, s:s}",
        "suites", (json_int_t)s->suites, "calls", (json_int_t)s->calls,
        "same", (json_int_t)s->same, "changed", (json_int_t)s->changed,
        "errors", (json_int_t)s->errors, "skipped",
        (json_int_t)(s->skipped + s->not_run), "not_run",
        (json_int_t)s->not_run, "retries", (json_int_t)s->retries,
        "breaking", (json_int_t)s->fields[SEV_BREAKING], "changed_fields",
        (json_int_t)s->fields[SEV_CHANGED], "additive",
        (json_int_t)s->fields[SEV_ADDITIVE], "noise",
        (json_int_t)s->fields[SEV_NOISE], "unused", (json_int_t)s->unused,
        "differences", (json_int_t)s->differences, "verdict",
        s->fail ? "fail" : "pass");
}

json_t *result_field_json(const struct result *r, size_t i)
{
    const struct result_field *f = &r->fields[i];
    const struct result_suite *s = &r->suites[f->suite];

    json_t *row = json_pack("{s:s, s:o, s:s, s:s, s:s, s:I, s:I, s:o}",
                            "suite", s->name, "programs",
                            arr_or_empty(s->programs), "field", f->field,
                            "kind", f->kind, "severity",
                            severity_name(f->severity), "calls",
                            (json_int_t)f->calls, "occurrences",
                            (json_int_t)f->occurrences, "example",
                            f->example ? json_incref(f->example)
                                       : json_object());

    if (row && f->new_field)
        json_object_set_new(row, "new_field", json_string(f->new_field));
    if (row && !f->used)
        json_object_set_new(row, "used", json_false());
    return row;
}

/* Writes "  \"key\": VALUE" (value borrowed) and a separator. */
static void put_member(FILE *fp, const char *key, const json_t *v,
                       const char *sep)
{
    fprintf(fp, "  \"%s\": ", key);
    jsonw_dumpf(v, fp, DUMP_FLAGS);
    fputs(sep, fp);
}

/* A member of run.json, or an empty array. */
static json_t *run_array(const struct result *r, const char *key)
{
    json_t *v = json_object_get(r->run, key);

    return json_is_array(v) ? json_incref(v) : json_array();
}

static void put_header(FILE *fp, const struct result *r)
{
    const char *keys[] = {"notices", "programs", "coverage_gaps"};
    json_t *run = result_run_json(r);

    fprintf(fp, "{\n  \"format\": %d,\n  \"relcheck\": \"%s\",\n",
            RESULT_FORMAT, RELCHECK_VERSION);
    put_member(fp, "run", run, ",\n");
    json_decref(run);
    for (size_t i = 0; i < 3; i++) {
        json_t *v = run_array(r, keys[i]);
        put_member(fp, keys[i], v, ",\n");
        json_decref(v);
    }
}

static void put_fields_summary(FILE *fp, const struct result *r)
{
    json_t *summary = result_summary_json(r);

    fputs("  \"fields\": [", fp);
    for (size_t i = 0; i < r->n_fields; i++) {
        json_t *f = result_field_json(r, i);
        fputs(i ? ",\n    " : "\n    ", fp);
        jsonw_dumpf(f, fp, DUMP_FLAGS);
        json_decref(f);
    }
    fputs(r->n_fields ? "\n  ],\n" : "],\n", fp);
    put_member(fp, "summary", summary, "\n}\n");
    json_decref(summary);
}

/* result.json as a streamed sink (report/sink.h). */
struct json_sink {
    struct afile *af;
    FILE *fp;
};

static int js_begin(void *ctx, struct result *r, struct rc_error *err)
{
    struct json_sink *js = ctx;

    (void)err;
    put_header(js->fp, r);
    fputs("  \"suites\": [", js->fp);
    return 0;
}

/* The suite's head without its closing brace, then the calls member. */
static int js_suite_begin(void *ctx, struct result *r, size_t si,
                          struct rc_error *err)
{
    struct json_sink *js = ctx;
    const struct result_suite *s = &r->suites[si];
    json_t *head = json_pack("{s:s, s:o, s:o}", "name", s->name, "programs",
                             arr_or_empty(s->programs), "because",
                             arr_or_empty(s->because));
    char *text = head ? jsonw_dumps(head, DUMP_FLAGS) : NULL;

    json_decref(head);
    if (text == NULL)
        return rc_error_set(err, RC_ENOMEM, r->dir, "out of memory");
    fprintf(js->fp, "%s    %.*s, \"calls\": [", si ? ",\n" : "\n",
            (int)(strlen(text) - 1), text);
    free(text);
    return 0;
}

static int js_call(void *ctx, struct result *r, size_t ci,
                   const json_t *entry, struct rc_error *err)
{
    struct json_sink *js = ctx;

    (void)err;
    fputs(ci > r->suites[r->calls[ci].suite].first ? ",\n      "
                                                    : "\n      ", js->fp);
    jsonw_dumpf(entry, js->fp, DUMP_FLAGS);
    return 0;
}

static int js_suite_end(void *ctx, struct result *r, size_t si,
                        struct rc_error *err)
{
    struct json_sink *js = ctx;

    (void)err;
    fputs(r->suites[si].n ? "\n    ]}" : "]}", js->fp);
    return 0;
}

static int js_finish(void *ctx, struct result *r, struct rc_error *err)
{
    struct json_sink *js = ctx;
    int rc;

    fputs(r->n_suites ? "\n  ],\n" : "],\n", js->fp);
    put_fields_summary(js->fp, r);
    rc = afile_commit(js->af, err);
    free(js);
    return rc;
}

static void js_abort(void *ctx)
{
    struct json_sink *js = ctx;

    afile_abort(js->af);
    free(js);
}

int json_sink_open(struct call_sink *sink, const char *path,
                   struct rc_error *err)
{
    struct json_sink *js = calloc(1, sizeof *js);

    if (js == NULL)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    js->af = afile_open(path, 0644, err);
    if (js->af == NULL) {
        free(js);
        return err->code;
    }
    js->fp = afile_stream(js->af);
    *sink = (struct call_sink){js, js_begin, js_suite_begin, js_call,
                               js_suite_end, js_finish, js_abort};
    return 0;
}

int report_json(struct result *r, const char *path, struct rc_error *err)
{
    struct call_sink sink;
    int rc = json_sink_open(&sink, path, err);

    return rc ? rc : report_stream(r, &sink, 1, err);
}
