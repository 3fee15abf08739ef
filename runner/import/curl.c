/*
 * The curl reader of relcheck import: one curl command line (as a browser's
 * "copy as cURL" or a shell history gives it) becomes one captured request.
 * The words are split as the shell would (imp_shell_split), then curl's own
 * options are read: -X, -H, -d/--data/--data-ascii/--data-raw/--data-binary,
 * --data-urlencode, --json, -G, -I, -u, -b, --url and the URL. Options that
 * only change how curl transfers (-s, -L, --compressed, -o FILE, ...) are
 * accepted and ignored; credentials (-u, -b, --oauth2-bearer, proxy users,
 * client certificates) are dropped and listed; an unknown option is an
 * error, so a capture is never half understood.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "import/imp.h"

/* What an option does. */
enum copt_kind { C_IGNORE, C_IGNORE_ARG, C_METHOD, C_HEADER, C_DATA,
                 C_DATA_URLENC, C_JSON, C_GET, C_HEAD, C_USER, C_COOKIE,
                 C_URL, C_SECRET_ARG };

struct copt {
    char short_name;        /* 0 when none */
    const char *long_name;  /* NULL when none */
    enum copt_kind kind;
};

static const struct copt copts[] = {
    {'X', "request", C_METHOD},        {'H', "header", C_HEADER},
    {'d', "data", C_DATA},             {0, "data-ascii", C_DATA},
    {0, "data-raw", C_DATA},           {0, "data-binary", C_DATA},
    {0, "data-urlencode", C_DATA_URLENC}, {0, "json", C_JSON},
    {'G', "get", C_GET},               {'I', "head", C_HEAD},
    {'u', "user", C_USER},             {'b', "cookie", C_COOKIE},
    {0, "url", C_URL},                 {0, "oauth2-bearer", C_SECRET_ARG},
    {'U', "proxy-user", C_SECRET_ARG}, {'E', "cert", C_SECRET_ARG},
    {0, "key", C_SECRET_ARG},          {0, "pass", C_SECRET_ARG},
    {'x', "proxy", C_SECRET_ARG},
    {'s', "silent", C_IGNORE},         {'S', "show-error", C_IGNORE},
    {'k', "insecure", C_IGNORE},       {'L', "location", C_IGNORE},
    {'v', "verbose", C_IGNORE},        {'i', "include", C_IGNORE},
    {'f', "fail", C_IGNORE},           {'g', "globoff", C_IGNORE},
    {0, "compressed", C_IGNORE},       {0, "http1.1", C_IGNORE},
    {0, "http2", C_IGNORE},            {0, "no-progress-meter", C_IGNORE},
    {0, "fail-with-body", C_IGNORE},   {0, "no-buffer", C_IGNORE},
    {'N', NULL, C_IGNORE},             {'#', "progress-bar", C_IGNORE},
    {'o', "output", C_IGNORE_ARG},     {'m', "max-time", C_IGNORE_ARG},
    {0, "connect-timeout", C_IGNORE_ARG}, {'A', "user-agent", C_HEADER},
    {'e', "referer", C_IGNORE_ARG},    {0, "retry", C_IGNORE_ARG},
    {'w', "write-out", C_IGNORE_ARG},  {0, "cacert", C_IGNORE_ARG},
    {0, "resolve", C_IGNORE_ARG},      {0, "max-redirs", C_IGNORE_ARG},
    {'D', "dump-header", C_IGNORE_ARG},
    {0, NULL, C_IGNORE},
};

/* The request being assembled. */
struct cstate {
    struct imp_batch *b;
    struct imp_req *r;
    const char *line;          /* for messages (never printed whole) */
    struct rc_buf data;        /* -d parts joined with '&' */
    bool has_data, get, json;
    char *method;              /* -X or NULL */
};

static const struct copt *find_long(const char *name)
{
    for (const struct copt *o = copts; o->short_name || o->long_name; o++)
        if (o->long_name && strcmp(o->long_name, name) == 0)
            return o;
    return NULL;
}

static const struct copt *find_short(char c)
{
    for (const struct copt *o = copts; o->short_name || o->long_name; o++)
        if (o->short_name == c)
            return o;
    return NULL;
}

static bool takes_arg(enum copt_kind k)
{
    return k != C_IGNORE && k != C_GET && k != C_HEAD;
}

/* Adds one -d/--json part (joined with '&' as curl does). */
static int add_data(struct cstate *st, const char *part, bool urlenc)
{
    const char *eq;
    int rc = 0;

    if (st->has_data && !st->json)
        rc = rc_buf_addc(&st->data, '&');
    st->has_data = true;
    if (rc || !urlenc)
        return rc ? rc : rc_buf_adds(&st->data, part);
    /* --data-urlencode name=value: the value is percent-encoded */
    eq = strchr(part, '=');
    if (eq && (rc = rc_buf_add(&st->data, part, (size_t)(eq - part + 1))))
        return rc;
    return imp_pct_encode(&st->data, eq ? eq + 1 : part);
}

static int add_header(struct cstate *st, const char *hv, bool agent)
{
    const char *colon = strchr(hv, ':');
    char *name;
    int rc;

    if (agent)
        return imp_headers_add(&st->r->headers, "User-Agent", hv);
    if (colon == NULL)
        return 0; /* "-H 'X;'" style removals: nothing to send */
    if ((name = strndup(hv, (size_t)(colon - hv))) == NULL)
        return RC_ENOMEM;
    colon++;
    while (*colon == ' ' || *colon == '\t')
        colon++;
    rc = imp_headers_add(&st->r->headers, name, colon);
    free(name);
    return rc;
}

/* Records a dropped credential option and remembers its secret parts. */
static int drop_secret(struct cstate *st, const char *opt, const char *v)
{
    const char *colon = strchr(v, ':');

    if (imp_secret_add(st->b, v) < 0
        || (colon && imp_secret_add(st->b, colon + 1) < 0))
        return RC_ENOMEM;
    return strvec_pushf(&st->r->dropped, "credentials of option '%s'", opt);
}

static int apply(struct cstate *st, const struct copt *o, const char *opt,
                 const char *v, struct rc_error *err)
{
    switch (o->kind) {
    case C_METHOD:
        free(st->method);
        return (st->method = strdup(v)) ? 0 : RC_ENOMEM;
    case C_HEADER:
        return add_header(st, v, o->short_name == 'A');
    case C_DATA:
    case C_DATA_URLENC:
        if (v[0] == '@' && o->kind == C_DATA)
            return rc_error_set(err, RC_EUSAGE, "import", "option '%s' "
                                "reads the body from file '%s': put the "
                                "body in the command", opt, v + 1);
        return add_data(st, v, o->kind == C_DATA_URLENC);
    case C_JSON:
        st->json = true;
        return add_data(st, v, false);
    case C_GET:
        st->get = true;
        return 0;
    case C_HEAD:
        free(st->method);
        return (st->method = strdup("HEAD")) ? 0 : RC_ENOMEM;
    case C_USER:
    case C_SECRET_ARG:
        return drop_secret(st, opt, v);
    case C_COOKIE:
        if (imp_secret_add(st->b, v) < 0)
            return RC_ENOMEM;
        return strvec_pushf(&st->r->dropped, "cookies of option '%s'", opt);
    case C_URL:
        free(st->r->url);
        return (st->r->url = strdup(v)) ? 0 : RC_ENOMEM;
    default:
        return 0;
    }
}

/* Handles the word at words[*i] when it is an option; advances *i past the
 * argument it takes. */
static int option(struct cstate *st, const struct strvec *words, size_t *i,
                  struct rc_error *err)
{
    const char *w = words->v[*i];
    const struct copt *o;
    char opt[64];

    if (w[1] == '-') {
        if ((o = find_long(w + 2)) == NULL)
            return rc_error_set(err, RC_EUSAGE, "import", "unknown curl "
                                "option '%.40s'", w);
        snprintf(opt, sizeof opt, "%s", w);
        if (!takes_arg(o->kind))
            return apply(st, o, opt, NULL, err);
        if (*i + 1 >= words->n)
            return rc_error_set(err, RC_EUSAGE, "import", "curl option "
                                "'%s' needs a value", opt);
        return apply(st, o, opt, words->v[++*i], err);
    }
    for (const char *c = w + 1; *c; c++) {
        if ((o = find_short(*c)) == NULL)
            return rc_error_set(err, RC_EUSAGE, "import", "unknown curl "
                                "option '-%c'", *c);
        snprintf(opt, sizeof opt, "-%c", *c);
        if (!takes_arg(o->kind)) {
            int rc = apply(st, o, opt, NULL, err);
            if (rc)
                return rc;
            continue;
        }
        if (c[1])
            return apply(st, o, opt, c + 1, err);
        if (*i + 1 >= words->n)
            return rc_error_set(err, RC_EUSAGE, "import", "curl option "
                                "'%s' needs a value", opt);
        return apply(st, o, opt, words->v[++*i], err);
    }
    return 0;
}

/* Sets method, body, content type and -G query once every word is read. */
static int finish(struct cstate *st, struct rc_error *err)
{
    struct imp_req *r = st->r;
    const char *m = st->method;
    int rc = 0;

    if (r->url == NULL)
        return rc_error_set(err, RC_EUSAGE, "import", "curl command has "
                            "no URL");
    if (st->has_data && st->get) {
        char *u = NULL;
        if (asprintf(&u, "%s%c%s", r->url, strchr(r->url, '?') ? '&' : '?',
                     rc_buf_str(&st->data)) < 0)
            return RC_ENOMEM;
        free(r->url);
        r->url = u;
    } else if (st->has_data) {
        r->body = rc_buf_detach(&st->data, &r->body_len);
        if (r->body == NULL)
            return RC_ENOMEM;
        if (!imp_headers_get(&r->headers, "Content-Type"))
            rc = imp_headers_add(&r->headers, "Content-Type", st->json ?
                                 "application/json" :
                                 "application/x-www-form-urlencoded");
        if (rc == 0 && st->json && !imp_headers_get(&r->headers, "Accept"))
            rc = imp_headers_add(&r->headers, "Accept", "application/json");
    }
    if (m == NULL)
        m = st->has_data && !st->get ? "POST" : "GET";
    if (rc == 0 && (r->method = strdup(m)) == NULL)
        rc = RC_ENOMEM;
    for (char *p = r->method; rc == 0 && *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return rc;
}

static int parse_words(struct cstate *st, const struct strvec *words,
                       struct rc_error *err)
{
    bool only_args = false;
    int rc = 0;

    if (words->n == 0 || strcmp(words->v[0], "curl") != 0)
        return rc_error_set(err, RC_EUSAGE, "import", "a curl command must "
                            "start with 'curl'");
    for (size_t i = 1; rc == 0 && i < words->n; i++) {
        const char *w = words->v[i];
        if (!only_args && strcmp(w, "--") == 0) {
            only_args = true;
        } else if (!only_args && w[0] == '-' && w[1]) {
            rc = option(st, words, &i, err);
        } else if (st->r->url) {
            return rc_error_set(err, RC_EUSAGE, "import", "curl command has "
                                "more than one URL ('%.60s')", w);
        } else if ((st->r->url = strdup(w)) == NULL) {
            rc = RC_ENOMEM;
        }
    }
    return rc ? rc : finish(st, err);
}

int curl_read(struct imp_batch *b, const char *cmdline,
              struct strvec *warnings, struct rc_error *err)
{
    struct strvec words = STRVEC_INIT;
    struct cstate st;
    int rc;

    (void)warnings;
    memset(&st, 0, sizeof st);
    st.b = b;
    st.line = cmdline;
    rc_buf_init(&st.data, (size_t)1 << 30);
    if ((st.r = imp_batch_add(b)) == NULL) {
        rc = RC_ENOMEM;
        goto done;
    }
    if ((rc = imp_shell_split(&words, cmdline, err)) != 0)
        goto done;
    rc = parse_words(&st, &words, err);
    if (rc == 0 && asprintf(&st.r->label, "curl command %zu", b->n) < 0)
        rc = RC_ENOMEM;
done:
    if (rc == RC_ENOMEM)
        rc_error_set(err, rc, "import", "out of memory");
    free(st.method);
    rc_buf_release(&st.data);
    strvec_release(&words);
    return rc;
}

/* The command of one history line: without the line number `history`
 * prints ("  42  curl ...") or zsh's extended-history stamp
 * (": 1700000000:0;curl ..."). Borrowed from line. */
static const char *history_command(const char *line)
{
    const char *p = line;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == ':' && p[1] == ' ' && strchr(p, ';'))
        p = strchr(p, ';') + 1;
    else if (*p >= '0' && *p <= '9') {
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == ' ' || *q == '\t')
            p = q;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Whether s, with the line's newline, ends in a backslash that continues
 * the command on the next line. */
static bool continues(const char *s, size_t n)
{
    size_t k = 0;

    while (k < n && s[n - 1 - k] == '\\')
        k++;
    return k % 2 == 1;
}

int curl_file_read(struct strvec *out, const char *path,
                   struct strvec *warnings, struct rc_error *err)
{
    struct rc_buf cmd;
    char *text = NULL;
    size_t len = 0, others = 0;
    const char *p;
    int rc;

    if ((rc = fs_read_file(&text, &len, path, (size_t)64 << 20, err)) != 0)
        return rc;
    rc_buf_init(&cmd, (size_t)64 << 20);
    for (p = text; rc == 0 && *p;) {
        size_t n = strcspn(p, "\n");
        if (cmd.len == 0) {
            const char *c = history_command(p);
            n -= (size_t)(c - p);
            p = c;
        }
        rc_buf_add(&cmd, p, n);
        if (continues(p, n)) {
            rc_buf_addc(&cmd, '\n');   /* the shell joins the lines */
        } else if (cmd.len > 0) {
            const char *c = rc_buf_str(&cmd);
            if (strncmp(c, "curl ", 5) == 0 || strncmp(c, "curl\t", 5) == 0)
                rc = strvec_push(out, c);
            else if (*c != '#' && strspn(c, " \t\r") < cmd.len)
                others++;
            rc_buf_reset(&cmd);
        }
        p += n + (p[n] == '\n');
    }
    if (rc == 0 && cmd.len > 0 && strncmp(rc_buf_str(&cmd), "curl", 4) == 0)
        rc = strvec_push(out, rc_buf_str(&cmd));
    if (rc == 0 && others > 0)
        strvec_pushf(warnings, "%s: %zu line%s that %s not a curl command "
                     "skipped", fs_display(path), others,
                     others == 1 ? "" : "s", others == 1 ? "is" : "are");
    if (rc == 0 && out->n == 0)
        rc = rc_error_set(err, RC_EINPUT, fs_display(path), "no curl "
                          "command in the file (one a line, lines ending "
                          "in a backslash continued)");
    else if (rc == RC_ENOMEM)
        rc_error_set(err, rc, "import", "out of memory");
    rc_buf_release(&cmd);
    free(text);
    return rc;
}
