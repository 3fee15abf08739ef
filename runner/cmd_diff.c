/*
 * relcheck diff LEFT RIGHT: field-by-field diff of two files (SPEC sections
 * 4 and 6). The files are plain JSON, XML or text documents, told apart by
 * content, or fixture/response files (compared as responses: status,
 * content-type, body, with LEFT's noise). The two files are loaded on two
 * threads; the engine is runner/diff. Output: one line per difference
 * grouped by severity (colour on a terminal), or --json. With --uses (the
 * fields an integration reads, SPEC section 11) a difference outside them
 * is shown as not used and does not count. Exit 0 when they are the same
 * but for noise and unused fields, 1 when they differ, 2 on bad input.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exitcodes.h"
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"
#include "core/jsonw.h"
#include "diff/diff.h"

/* Values longer than this are cut in the text output. */
#define SHOW_MAX 72

struct load_job {
    struct diff_doc doc;
    const char *path;
    struct rc_error err;
    int rc;
};

static void *load_thread(void *arg)
{
    struct load_job *j = arg;

    j->rc = diff_doc_load(&j->doc, j->path, &j->err);
    return NULL;
}

/* Loads both files, LEFT on a second thread. Returns the first error. */
static int load_both(struct load_job *l, struct load_job *r)
{
    pthread_t t;
    bool threaded;

    diff_init();
    threaded = pthread_create(&t, NULL, load_thread, l) == 0;
    if (!threaded)
        load_thread(l);
    load_thread(r);
    if (threaded)
        pthread_join(t, NULL);
    return l->rc ? l->rc : r->rc;
}

static void *release_thread(void *arg)
{
    diff_doc_release(arg);
    return NULL;
}

/* Frees both documents, LEFT on a second thread: freeing a large tree
 * costs about a tenth of loading it. */
static void release_both(struct diff_doc *l, struct diff_doc *r)
{
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, release_thread, l) == 0;

    if (!threaded)
        diff_doc_release(l);
    diff_doc_release(r);
    if (threaded)
        pthread_join(t, NULL);
}

/* Prints v compactly, cut at SHOW_MAX characters. */
static void show_value(FILE *fp, const json_t *v)
{
    char *s = jsonw_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    size_t n = s ? strlen(s) : 0;

    if (s == NULL) {
        fputs("?", fp);
    } else if (n > SHOW_MAX) {
        msg_put_visible(fp, s, SHOW_MAX - 3);
        fputs("...", fp);
    } else {
        msg_put_visible(fp, s, n);
    }
    free(s);
}

static const char *const colors[] = {"\033[31m", "\033[33m", "\033[32m",
                                     "\033[2m"};

static void print_item(FILE *fp, const struct diff_item *it)
{
    fprintf(fp, "  %-8s ", diff_kind_name(it->kind));
    msg_put_visible(fp, it->path, strlen(it->path));
    if (it->new_path) {   /* a rename: old path -> new path, and the value */
        fputs(" \xe2\x86\x92 ", fp); /* U+2192 */
        msg_put_visible(fp, it->new_path, strlen(it->new_path));
    }
    fputs("  ", fp);
    if (it->kind == DIFF_RENAMED && it->old && json_equal(it->old, it->new_)) {
        show_value(fp, it->old);
    } else if (it->old && it->new_) {
        show_value(fp, it->old);
        fputs(" -> ", fp);
        show_value(fp, it->new_);
    } else if (it->old) {
        fputs("was ", fp);
        show_value(fp, it->old);
    } else if (it->new_) {
        fputs("now ", fp);
        show_value(fp, it->new_);
    }
    fputs(it->used ? "\n" : "  (not used)\n", fp);
}

static void print_text(FILE *fp, const struct diff_result *r, bool color)
{
    for (int s = 0; s < SEV_N; s++) {
        size_t shown = 0;
        for (size_t i = 0; i < r->n_items; i++)
            shown += r->items[i].severity == (enum severity)s;
        if (shown == 0)
            continue;
        fprintf(fp, "%s%s (%zu)%s\n", color ? colors[s] : "",
                severity_name(s), r->count[s], color ? "\033[0m" : "");
        for (size_t i = 0; i < r->n_items; i++)
            if (r->items[i].severity == (enum severity)s)
                print_item(fp, &r->items[i]);
    }
    if (r->truncated)
        fprintf(fp, "(%zu more differences not shown)\n", r->truncated);
    if (diff_result_total(r) == 0) {
        fprintf(fp, "same\n");
        return;
    }
    size_t unused = r->unused[SEV_BREAKING] + r->unused[SEV_CHANGED]
                    + r->unused[SEV_ADDITIVE];
    fprintf(fp, "%s: %zu breaking, %zu changed, %zu additive, %zu noise",
            diff_result_worst(r) >= 0   ? "different"
            : diff_result_differs(r) ? "same but for unused fields"
                                     : "same but for noise",
            r->count[SEV_BREAKING], r->count[SEV_CHANGED],
            r->count[SEV_ADDITIVE], r->count[SEV_NOISE]);
    if (unused)
        fprintf(fp, " (%zu of them not used)", unused);
    fputc('\n', fp);
}

static int print_json(const struct diff_result *r, struct rc_error *err)
{
    json_t *j = diff_result_to_json(r);
    int rc = 0;

    if (j == NULL || jsonw_dumpf(j, stdout, JSON_INDENT(2)) < 0)
        rc = rc_error_set(err, RC_ENOMEM, "diff", "out of memory");
    else
        fputc('\n', stdout);
    json_decref(j);
    return rc;
}

struct diff_cli {
    struct strvec files, ignore, array_keys, uses;
    const char *tolerance;
};

/* Turns the command line (and LEFT's fixture noise) into options. */
static int build_options(struct diff_options *o, const struct diff_cli *cli,
                         struct pattern_set *ignore, struct pattern_set *noise,
                         struct pattern_set *uses,
                         struct diff_keys *keys, const struct diff_doc *left,
                         struct rc_error *err)
{
    int rc;

    if (cli->tolerance && (rc = opt_number(&o->tolerance, cli->tolerance,
                                           "tolerance", 0, 1e300, err)))
        return rc;
    if ((rc = pattern_set_add_all(ignore, &cli->ignore, err)) != 0) {
        rc_error_prefix(err, "option '--ignore'");
        return rc;
    }
    if ((rc = pattern_set_add_all(uses, &cli->uses, err)) != 0) {
        rc_error_prefix(err, "option '--uses'");
        return rc;
    }
    for (size_t i = 0; i < cli->array_keys.n; i++) {
        if ((rc = diff_keys_add_spec(keys, cli->array_keys.v[i], err)) != 0) {
            rc_error_prefix(err, "option '--array-key'");
            return rc;
        }
    }
    if ((rc = pattern_set_add_all(noise, &left->noise, err)) != 0) {
        rc_error_prefix(err, "%s: noise", cli->files.v[0]);
        return rc;
    }
    o->noise[0] = ignore;
    o->noise[1] = noise;
    o->keys[0] = keys;
    o->uses = uses;
    o->strict = true;
    return 0;
}

static int run_diff(const struct diff_cli *cli, bool json, int *status,
                    struct rc_error *err)
{
    struct load_job l = {.path = cli->files.v[0]};
    struct load_job r = {.path = cli->files.v[1]};
    struct diff_options o = {0};
    struct pattern_set ignore, noise, uses;
    struct diff_keys keys;
    struct diff_result res;
    struct strvec headers = STRVEC_INIT;
    int rc;

    pattern_set_init(&ignore);
    pattern_set_init(&noise);
    pattern_set_init(&uses);
    diff_keys_init(&keys);
    diff_result_init(&res);
    rc = load_both(&l, &r);
    if (rc) {
        *err = l.rc ? l.err : r.err;
        goto done;
    }
    if ((rc = build_options(&o, cli, &ignore, &noise, &uses, &keys,
                             &l.doc, err))
        || (rc = strvec_push(&headers, "content-type")))
        goto done;
    o.headers = &headers;
    if ((rc = diff_docs(&res, &l.doc, &r.doc, &o, err)) != 0)
        goto done;
    if (json)
        rc = print_json(&res, err);
    else
        print_text(stdout, &res, msg_use_color(stdout));
    *status = diff_result_worst(&res) >= 0 ? EXIT_REGRESSION : EXIT_OK;
done:
    diff_result_release(&res);
    release_both(&l.doc, &r.doc);
    diff_keys_release(&keys);
    pattern_set_release(&ignore);
    pattern_set_release(&noise);
    pattern_set_release(&uses);
    strvec_release(&headers);
    return rc;
}

int cmd_diff(int argc, char **argv)
{
    struct diff_cli cli = {0};
    const struct opt opts[] = {
        {OPT_ARGS, "LEFT RIGHT", NULL, "the baseline file and the file to compare with it", &cli.files},
        {OPT_MULTI, "ignore", "P", "path pattern to treat as noise (repeatable)", &cli.ignore},
        {OPT_MULTI, "array-key", "PATH=KEY", "match the elements of the array at PATH by member KEY", &cli.array_keys},
        {OPT_MULTI, "uses", "P", "path pattern of a field the integration reads; differences outside every --uses are shown as not used and do not count (repeatable)", &cli.uses},
        {OPT_VALUE, "tolerance", "X", "reals within X of each other are equal (default 0)", &cli.tolerance},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"diff", "[options] LEFT RIGHT", "field-by-field diff of two files (JSON or XML by content); exit 1 when they differ beyond noise", true, opts,
        EXITS_REGRESSION | EXITS_USAGE};
    struct opt_common common = {0};
    struct rc_error err;
    int status = EXIT_OK, rc;

    rc_error_clear(&err);
    if (opt_handle(&cmd, argc, argv, &common, &status))
        goto done;
    if (cli.files.n != 2) {
        rc_error_set(&err, RC_EUSAGE, "diff", "expected two files, LEFT and "
                     "RIGHT, not %zu", cli.files.n);
        status = msg_error(&err);
        goto done;
    }
    rc = run_diff(&cli, common.json, &status, &err);
    if (rc)
        status = msg_error(&err);
done:
    strvec_release(&cli.files);
    strvec_release(&cli.ignore);
    strvec_release(&cli.array_keys);
    strvec_release(&cli.uses);
    return status;
}
