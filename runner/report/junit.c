/*
 * The JUnit XML report (SPEC section 8), written with libxml2's
 * xmlTextWriter straight into an afile: one <testsuite> per suite, one
 * <testcase> per call; a call with differences at or above --fail-on gets
 * a <failure> listing them (at most REPORT_JUNIT_DIFFS), an error call an
 * <error>, a skipped or not-run call <skipped>. The shape is the one
 * GitLab CI and Jenkins read (tests/data/junit.xsd). Text that XML 1.0
 * cannot carry (control characters) is written as '?'.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/afile.h"
#include "core/buf.h"

#define VALUE_MAX 200   /* characters of an old/new value in a failure */

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

/* Appends "old" of d as compact JSON, cut at VALUE_MAX characters. */
static void put_value(struct rc_buf *b, const json_t *v)
{
    char *text;
    size_t len;

    if (v == NULL) {
        rc_buf_adds(b, "(none)");
        return;
    }
    text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    len = text ? strlen(text) : 0;
    if (len > VALUE_MAX) {
        while (len > VALUE_MAX - 3 || ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        rc_buf_add(b, text, len);
        rc_buf_adds(b, "...");
    } else if (text) {
        rc_buf_adds(b, text);
    }
    free(text);
}

/* The text of a failure: one line per difference at or above fail_on. */
static void failure_text(struct rc_buf *b, const struct result *r,
                         const json_t *entry, long counted)
{
    json_t *diffs = json_object_get(entry, "differences");
    long shown = 0;
    size_t i;
    json_t *d;

    json_array_foreach(diffs, i, d) {
        int sev = severity_parse(json_string_value(json_object_get(d,
                                                                 "severity")));
        if (sev < 0 || sev == SEV_NOISE || sev > (int)r->fail_on)
            continue;
        if (shown == REPORT_JUNIT_DIFFS)
            break;
        rc_buf_printf(b, "%s %s %s: ", severity_name((enum severity)sev),
                      json_string_value(json_object_get(d, "kind")),
                      json_string_value(json_object_get(d, "path")));
        put_value(b, json_object_get(d, "old"));
        rc_buf_adds(b, " -> ");
        put_value(b, json_object_get(d, "new"));
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
    char msg[160];
    char *text;
    int rc = 0;

    if (c->outcome == OUT_SAME || c->outcome == OUT_CHANGED) {
        if (c->counted == 0)
            return 0;
        rc_buf_init(&b, (size_t)64 << 20);
        failure_text(&b, r, entry, c->counted);
        snprintf(msg, sizeof msg, "%ld difference%s at or above %s",
                 c->counted, c->counted == 1 ? "" : "s",
                 fail_on_name(r->fail_on));
        text = xml_clean(rc_buf_str(&b));
        rc_buf_release(&b);
        rc |= xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
        rc |= put_attr(w, "message", msg);
        rc |= put_attr(w, "type", severity_name((enum severity)c->worst));
        rc |= text == NULL || xmlTextWriterWriteString(w, BAD_CAST text) < 0;
        free(text);
        return rc | (xmlTextWriterEndElement(w) < 0) ? -1 : 0;
    }
    rc |= xmlTextWriterStartElement(w, BAD_CAST(c->outcome == OUT_ERROR
                                                     ? "error" : "skipped"))
          < 0;
    rc |= put_attr(w, "message", c->reason ? c->reason
                                           : "not run: the run did not "
                                             "complete");
    if (c->outcome == OUT_ERROR)
        rc |= put_attr(w, "type", "error");
    return rc | (xmlTextWriterEndElement(w) < 0) ? -1 : 0;
}

static int put_case(xmlTextWriterPtr w, struct result *r, size_t ci,
                    struct rc_error *err)
{
    const struct result_call *c = &r->calls[ci];
    json_t *entry = NULL;
    char time[32];
    int rc = result_call_entry(&entry, r, ci, err);

    if (rc)
        return rc;
    snprintf(time, sizeof time, "%.3f",
             (double)json_integer_value(json_object_get(entry, "duration_ms"))
                 / 1000.0);
    rc |= xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
    rc |= put_attr(w, "name", c->id);
    rc |= put_attr(w, "classname", r->suites[c->suite].name);
    rc |= put_attr(w, "time", time);
    rc |= put_verdict(w, r, c, entry);
    rc |= xmlTextWriterEndElement(w) < 0;
    json_decref(entry);
    return rc ? rc_error_set(err, RC_EIO, "junit.xml", "cannot write") : 0;
}

static int put_suite(xmlTextWriterPtr w, struct result *r, size_t si,
                     struct rc_error *err)
{
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
    if (rc)
        return rc_error_set(err, RC_EIO, "junit.xml", "cannot write");
    for (size_t i = 0; i < s->n; i++) {
        rc = put_case(w, r, s->first + i, err);
        if (rc)
            return rc;
    }
    return xmlTextWriterEndElement(w) < 0
               ? rc_error_set(err, RC_EIO, "junit.xml", "cannot write") : 0;
}

/* The <testsuites> element with the run's totals, then every suite. */
static int put_document(xmlTextWriterPtr w, struct result *r,
                        struct rc_error *err)
{
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
    if (rc)
        return rc_error_set(err, RC_EIO, "junit.xml", "cannot write");
    for (size_t i = 0; i < r->n_suites; i++) {
        rc = put_suite(w, r, i, err);
        if (rc)
            return rc;
    }
    return xmlTextWriterEndDocument(w) < 0
               ? rc_error_set(err, RC_EIO, "junit.xml", "cannot write") : 0;
}

int report_junit(struct result *r, const char *path, struct rc_error *err)
{
    struct afile *af = afile_open(path, 0644, err);
    xmlOutputBufferPtr out = NULL;
    xmlTextWriterPtr w = NULL;
    int rc;

    if (af == NULL)
        return err->code;
    out = xmlOutputBufferCreateFile(afile_stream(af), NULL);
    w = out ? xmlNewTextWriter(out) : NULL;
    if (w == NULL) {
        if (out)
            xmlOutputBufferClose(out);
        afile_abort(af);
        return rc_error_set(err, RC_ENOMEM, path, "out of memory");
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    rc = put_document(w, r, err);
    xmlFreeTextWriter(w);   /* flushes into the stream, leaves it open */
    if (rc) {
        afile_abort(af);
        return rc;
    }
    return afile_commit(af, err);
}
