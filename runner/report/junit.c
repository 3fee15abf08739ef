/*
 * The JUnit XML report (SPEC section 8), written with libxml2's
 * xmlTextWriter straight into an afile as a streamed sink (sink.h): one
 * <testsuite> per suite, one <testcase> per call; a call with differences
 * at or above --fail-on gets a <failure> listing them (at most
 * REPORT_JUNIT_DIFFS), an error call an <error>, a skipped or not-run call
 * <skipped>. The shape is the one
 * GitLab CI and Jenkins read (tests/data/junit.xsd). Text that XML 1.0
 * cannot carry (control characters) is written as '?'.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/afile.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "report/sink.h"

#define VALUE_MAX 200   /* characters of an old/new value in a failure */
#define MSG_DIFFS 3     /* differences named in a failure's message */
#define MSG_VALUE 40    /* characters of a value in the message */
#define MSG_MAX 300     /* bytes of the differences in the message */

/* A copy of s that XML 1.0 can carry (caller frees; NULL on no memory). */
static char *xml_clean(const char *s)
{
    char *out = strdup(s ? s : "");

    for (char *p = out; p && *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n'
            && *p != '\r')
            *p = '?';
    return out;
}

static int put_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *v = xml_clean(value);
    int rc = v ? xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v) : -1;

    free(v);
    return rc < 0 ? -1 : 0;
}

static int put_attrf(xmlTextWriterPtr w, const char *name, long long n)
{
    return xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lld", n) < 0
               ? -1 : 0;
}

/* n, lowered to the start of the UTF-8 sequence s[n] is in, so s cut at
 * n bytes ends between characters. */
static size_t utf8_floor(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Appends v as compact JSON, cut at max characters with "...". */
static void put_value(struct rc_buf *b, const json_t *v, size_t max)
{
    char *text;
    size_t len;

    if (v == NULL) {
        rc_buf_adds(b, "(none)");
        return;
    }
    text = jsonw_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    len = text ? strlen(text) : 0;
    if (len > max) {
        len = utf8_floor(text, max - 3);
        rc_buf_add(b, text, len);
        rc_buf_adds(b, "...");
    } else if (text) {
        rc_buf_adds(b, text);
    }
    free(text);
}

/* Appends " → NEW_PATH" for a rename (a difference with "new_path"). */
static void put_new_path(struct rc_buf *b, const json_t *d)
{
    const char *to = json_string_value(json_object_get(d, "new_path"));

    if (to)
        rc_buf_printf(b, " \xe2\x86\x92 %s", to);
}

/* Whether difference d belongs in a failure (used: true: a used one at or
 * above fail_on) or in the system-out (used: false: a non-noise one the
 * integration does not use); its severity goes to *sev. */
static bool diff_listed(const struct result *r, const json_t *d, bool used,
                        int *sev)
{
    *sev = severity_parse(json_string_value(json_object_get(d, "severity")));
    return *sev >= 0 && *sev != SEV_NOISE
           && json_is_false(json_object_get(d, "used")) != used
           && !(used && *sev > (int)r->fail_on);
}

/*
 * The message of a failure, what GitLab's test tab shows: its first
 * MSG_DIFFS differences as "PATH KIND OLD -> NEW", "; "-separated, values
 * cut at MSG_VALUE characters, then "; and N more". The differences take
 * at most MSG_MAX bytes (a longer first one is cut with "..."). Into msg,
 * which has room for MSG_MAX + 64 bytes.
 */
static void failure_message(char *msg, const struct result *r,
                            const json_t *entry, long counted)
{
    struct rc_buf b;
    long shown = 0;
    size_t i, keep = 0;
    bool cut = false;
    json_t *d;
    int sev;

    rc_buf_init(&b, (size_t)1 << 20);
    json_array_foreach(json_object_get(entry, "differences"), i, d) {
        if (!diff_listed(r, d, true, &sev) || shown == MSG_DIFFS)
            continue;
        rc_buf_printf(&b, "%s%s %s", shown ? "; " : "",
                      json_string_value(json_object_get(d, "path")),
                      json_string_value(json_object_get(d, "kind")));
        put_new_path(&b, d);
        rc_buf_addc(&b, ' ');
        put_value(&b, json_object_get(d, "old"), MSG_VALUE);
        rc_buf_adds(&b, " -> ");
        put_value(&b, json_object_get(d, "new"), MSG_VALUE);
        if (b.len > MSG_MAX && shown)
            break;
        keep = b.len;
        shown++;
    }
    if (keep > MSG_MAX) {       /* a first difference longer than that */
        keep = utf8_floor(rc_buf_str(&b), MSG_MAX - 3);
        cut = true;
    }
    memcpy(msg, rc_buf_str(&b), keep);
    strcpy(msg + keep, cut ? "..." : "");
    if (counted > shown)
        sprintf(msg + strlen(msg), "%sand %ld more", shown ? "; " : "",
                counted - shown);
    rc_buf_release(&b);
}

/* The text of a failure: one line per used difference at or above fail_on
 * (used: true), or of the system-out of a call: one per non-noise
 * difference the integration does not use (used: false). */
static void failure_text(struct rc_buf *b, const struct result *r,
                         const json_t *entry, long counted, bool used)
{
    json_t *diffs = json_object_get(entry, "differences");
    long shown = 0;
    size_t i;
    json_t *d;
    int sev;

    json_array_foreach(diffs, i, d) {
        if (!diff_listed(r, d, used, &sev))
            continue;
        if (shown == REPORT_JUNIT_DIFFS)
            break;
        rc_buf_printf(b, "%s %s %s", severity_name((enum severity)sev),
                      json_string_value(json_object_get(d, "kind")),
                      json_string_value(json_object_get(d, "path")));
        put_new_path(b, d);
        rc_buf_adds(b, ": ");
        put_value(b, json_object_get(d, "old"), VALUE_MAX);
        rc_buf_adds(b, " -> ");
        put_value(b, json_object_get(d, "new"), VALUE_MAX);
        rc_buf_addc(b, '\n');
        shown++;
    }
    if (counted > shown)
        rc_buf_printf(b, "... and %ld more (see report.html)\n",
                      counted - shown);
}

/* Writes the child element of a test case (failure, error, skipped). */
static int put_verdict(xmlTextWriterPtr w, const struct result *r,
                       const struct result_call *c, const json_t *entry)
{
    struct rc_buf b;
    char msg[MSG_MAX + 64];
    char *text;
    int rc = 0;

    if (c->outcome == OUT_SAME || c->outcome == OUT_CHANGED) {
        if (c->counted == 0)
            return 0;
        rc_buf_init(&b, (size_t)64 << 20);
        failure_text(&b, r, entry, c->counted, true);
        failure_message(msg, r, entry, c->counted);
        text = xml_clean(rc_buf_str(&b));
        rc_buf_release(&b);
        rc |= xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
        rc |= put_attr(w, "message", msg);
        rc |= put_attr(w, "type", severity_name((enum severity)c->worst));
        rc |= text == NULL || xmlTextWriterWriteString(w, BAD_CAST text) < 0;
        free(text);
        return (rc | (xmlTextWriterEndElement(w) < 0)) ? -1 : 0;
    }
    rc |= xmlTextWriterStartElement(w, BAD_CAST(c->outcome == OUT_ERROR
                                                     ? "error" : "skipped"))
          < 0;
    rc |= put_attr(w, "message", c->reason ? c->reason
                                           : "not run: the run did not "
                                             "complete");
    if (c->outcome == OUT_ERROR)
        rc |= put_attr(w, "type", "error");
    return (rc | (xmlTextWriterEndElement(w) < 0)) ? -1 : 0;
}

/* A <system-out> listing the call's differences in fields the
 * integration does not use (SPEC section 11): after the failure, which
 * lists only used ones. Nothing when there are none. */
static int put_unused(xmlTextWriterPtr w, const struct result *r,
                      const json_t *entry)
{
    struct rc_buf b;
    char *text;
    int rc = 0;

    rc_buf_init(&b, (size_t)64 << 20);
    failure_text(&b, r, entry, 0, false);
    if (b.len == 0) {
        rc_buf_release(&b);
        return 0;
    }
    text = xml_clean(rc_buf_str(&b));
    rc_buf_release(&b);
    rc |= xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0;
    rc |= text == NULL
          || xmlTextWriterWriteString(w, BAD_CAST "changed, not used by the "
                                      "integration:\n") < 0
          || xmlTextWriterWriteString(w, BAD_CAST text) < 0;
    free(text);
    return (rc | (xmlTextWriterEndElement(w) < 0)) ? -1 : 0;
}

struct junit_sink {
    struct afile *af;
    xmlTextWriterPtr w;
    const char *path;
};

static int io_error(const struct junit_sink *js, struct rc_error *err)
{
    return rc_error_set(err, RC_EIO, js->path, "cannot write");
}

/* The <testsuites> element with the run's totals. */
static int ju_begin(void *ctx, struct result *r, struct rc_error *err)
{
    struct junit_sink *js = ctx;
    xmlTextWriterPtr w = js->w;
    long failures = 0;
    char name[300];
    int rc = 0;

    for (size_t i = 0; i < r->n_suites; i++)
        failures += r->suites[i].failures;
    snprintf(name, sizeof name, "relcheck %s", r->id ? r->id : "");
    rc |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
    rc |= xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0;
    rc |= put_attr(w, "name", name);
    rc |= put_attrf(w, "tests", r->summary.calls);
    rc |= put_attrf(w, "failures", failures);
    rc |= put_attrf(w, "errors", r->summary.errors);
    rc |= put_attrf(w, "skipped", r->summary.skipped + r->summary.not_run);
    return rc ? io_error(js, err) : 0;
}

static int ju_suite_begin(void *ctx, struct result *r, size_t si,
                          struct rc_error *err)
{
    struct junit_sink *js = ctx;
    xmlTextWriterPtr w = js->w;
    const struct result_suite *s = &r->suites[si];
    char time[32];
    int rc = 0;

    snprintf(time, sizeof time, "%.3f", (double)s->duration_ms / 1000.0);
    rc |= xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0;
    rc |= put_attr(w, "name", s->name);
    rc |= put_attrf(w, "tests", (long long)s->n);
    rc |= put_attrf(w, "failures", s->failures);
    rc |= put_attrf(w, "errors", s->errors);
    rc |= put_attrf(w, "skipped", s->skipped + s->not_run);
    rc |= put_attr(w, "time", time);
    if (r->started_at)
        rc |= put_attr(w, "timestamp", r->started_at);
    return rc ? io_error(js, err) : 0;
}

static int ju_call(void *ctx, struct result *r, size_t ci,
                   const json_t *entry, struct rc_error *err)
{
    struct junit_sink *js = ctx;
    xmlTextWriterPtr w = js->w;
    const struct result_call *c = &r->calls[ci];
    char time[32];
    int rc = 0;

    snprintf(time, sizeof time, "%.3f",
             (double)json_integer_value(json_object_get(entry, "duration_ms"))
                 / 1000.0);
    rc |= xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
    rc |= put_attr(w, "name", c->id);
    rc |= put_attr(w, "classname", r->suites[c->suite].name);
    rc |= put_attr(w, "time", time);
    rc |= put_verdict(w, r, c, entry);
    rc |= put_unused(w, r, entry);
    rc |= xmlTextWriterEndElement(w) < 0;
    return rc ? io_error(js, err) : 0;
}

static int ju_suite_end(void *ctx, struct result *r, size_t si,
                        struct rc_error *err)
{
    struct junit_sink *js = ctx;

    (void)r;
    (void)si;
    return xmlTextWriterEndElement(js->w) < 0 ? io_error(js, err) : 0;
}

static void ju_abort(void *ctx)
{
    struct junit_sink *js = ctx;

    xmlFreeTextWriter(js->w);
    afile_abort(js->af);
    free(js);
}

static int ju_finish(void *ctx, struct result *r, struct rc_error *err)
{
    struct junit_sink *js = ctx;
    int rc;

    (void)r;
    if (xmlTextWriterEndDocument(js->w) < 0) {
        rc = io_error(js, err);
        ju_abort(js);
        return rc;
    }
    xmlFreeTextWriter(js->w);   /* flushes into the stream, leaves it open */
    rc = afile_commit(js->af, err);
    free(js);
    return rc;
}

int junit_sink_open(struct call_sink *sink, const char *path,
                    struct rc_error *err)
{
    struct junit_sink *js = calloc(1, sizeof *js);
    xmlOutputBufferPtr out = NULL;

    if (js == NULL)
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    js->path = path;
    js->af = afile_open(path, 0644, err);
    if (js->af == NULL) {
        free(js);
        return err->code;
    }
    out = xmlOutputBufferCreateFile(afile_stream(js->af), NULL);
    js->w = out ? xmlNewTextWriter(out) : NULL;
    if (js->w == NULL) {
        if (out)
            xmlOutputBufferClose(out);
        afile_abort(js->af);
        free(js);
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    }
    xmlTextWriterSetIndent(js->w, 1);
    xmlTextWriterSetIndentString(js->w, BAD_CAST "  ");
    *sink = (struct call_sink){js, ju_begin, ju_suite_begin, ju_call,
                               ju_suite_end, ju_finish, ju_abort};
    return 0;
}

int report_junit(struct result *r, const char *path, struct rc_error *err)
{
    struct call_sink sink;
    int rc = junit_sink_open(&sink, path, err);

    return rc ? rc : report_stream(r, &sink, 1, err);
}
