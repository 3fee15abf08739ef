/*
 * The mock server behind `relcheck serve` and `relcheck demo` (serve.h).
 * libmicrohttpd answers on a pool of internal threads from the route table
 * built before it starts; the table and the prepared responses are
 * read-only while it runs, the counters are atomic, and the request log is
 * written one whole line per write() under a mutex.
 */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/buf.h"
#include "serve/overlay.h"
#include "serve/route.h"

#define SERVE_MAX_ARGS 64

struct serve {
    struct route_table routes;
    struct MHD_Daemon *daemon;
    char *auth;               /* "Bearer TOKEN" required, or NULL */
    int log_fd;               /* -1 without a log */
    pthread_mutex_t log_lock;
    int port;
    char url[64];
    size_t n_mutations;
    atomic_size_t requests, matched, not_found, unauthorized;
};

/* The decoded query pairs of one request, in arrival order. */
struct args {
    struct qparam v[SERVE_MAX_ARGS];
    size_t n;
    bool overflow;
    struct rc_buf text;       /* "a=1&b=2", decoded, for the log and 404 */
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
    struct args *a = cls;

    (void)kind;
    if (a->n == SERVE_MAX_ARGS) {
        a->overflow = true;
        return MHD_NO;
    }
    a->v[a->n].name = (char *)key;
    a->v[a->n].value = (char *)(value ? value : "");
    rc_buf_printf(&a->text, "%s%s=%s", a->n ? "&" : "", key,
                  value ? value : "");
    a->n++;
    return MHD_YES;
}

/* ---- the request log ---------------------------------------------------- */

/* A JSON string of possibly invalid UTF-8: bytes that do not decode are
 * replaced by '?', so the log stays valid JSON. */
static json_t *log_string(const char *s)
{
    json_t *v = json_string(s);
    char *copy;

    if (v || (copy = strdup(s)) == NULL)
        return v;
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    v = json_string(copy);
    free(copy);
    return v;
}

static void log_request(struct serve *s, const char *method,
                        const char *path, const struct args *a, int status,
                        const struct route *r)
{
    struct timespec ts;
    struct tm tm;
    char at[40];
    json_t *line;
    char *text;

    if (s->log_fd < 0)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(at + strlen(at), sizeof at - strlen(at), ".%03ldZ",
             ts.tv_nsec / 1000000);
    line = json_pack("{s:s, s:o, s:o, s:o, s:i}", "at", at,
                     "method", log_string(method), "path", log_string(path),
                     "query", log_string(rc_buf_str(&a->text)),
                     "status", status);
    if (line && r) {
        json_object_set_new(line, "suite", json_string(r->suite));
        json_object_set_new(line, "call", json_string(r->call));
        json_object_set_new(line, "bytes", json_integer((json_int_t)
                                                        r->body_len));
    }
    text = line ? jsonw_dumps(line, SERVE_JSON)
                : NULL;
    if (text) {
        size_t n = strlen(text);
        text[n] = '\n';   /* jsonw_dumps left room: its NUL */
        pthread_mutex_lock(&s->log_lock);
        ssize_t w = write(s->log_fd, text, n + 1);
        pthread_mutex_unlock(&s->log_lock);
        (void)w;  /* a full disk must not stop the mock from answering */
    }
    free(text);
    json_decref(line);
}

/* ---- answering ---------------------------------------------------------- */

/* Queues a JSON body built from obj (stolen). */
static enum MHD_Result send_json(struct MHD_Connection *conn, int status,
                                 json_t *obj, bool challenge)
{
    char *text = obj ? jsonw_dumps(obj, SERVE_JSON)
                     : NULL;
    struct MHD_Response *resp;
    enum MHD_Result ret;

    json_decref(obj);
    if (text == NULL)
        return MHD_NO;
    resp = MHD_create_response_from_buffer(strlen(text), text,
                                           MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json");
    if (challenge)
        MHD_add_response_header(resp, "WWW-Authenticate",
                                "Bearer realm=\"relcheck serve\"");
    ret = MHD_queue_response(conn, (unsigned int)status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Compares in time independent of where the first difference is. */
static bool token_ok(const char *want, const char *got)
{
    size_t lw = strlen(want), lg = got ? strlen(got) : 0;
    unsigned char diff = lw != lg;

    for (size_t i = 0; i < lw; i++)
        diff |= (unsigned char)(want[i] ^ (i < lg ? got[i] : 0));
    return got != NULL && diff == 0;
}

static enum MHD_Result not_found(struct serve *s, struct MHD_Connection *c,
                                 const char *method, const char *path,
                                 const struct args *a)
{
    const char *q = rc_buf_str(&a->text);
    const struct route *best = routes_closest(&s->routes, method, path, q);
    char what[1024];
    json_t *body;

    snprintf(what, sizeof what, "no recorded call matches %s %s%s%s",
             method, path, q[0] ? "?" : "", q);
    body = json_pack("{s:o}", "error", log_string(what));
    if (body && best) {
        json_object_set_new(body, "closest", json_string(best->display));
        json_object_set_new(body, "closest_path", json_string(best->path));
        json_object_set_new(body, "suite", json_string(best->suite));
        json_object_set_new(body, "call", json_string(best->call));
    }
    atomic_fetch_add(&s->not_found, 1);
    log_request(s, method, path, a, MHD_HTTP_NOT_FOUND, NULL);
    return send_json(c, MHD_HTTP_NOT_FOUND, body, false);
}

static enum MHD_Result answer(struct serve *s, struct MHD_Connection *c,
                              const char *method, const char *path)
{
    struct args a;
    const struct route *r = NULL;
    enum MHD_Result ret;

    a.n = 0;
    a.overflow = false;
    rc_buf_init(&a.text, 65536);
    atomic_fetch_add(&s->requests, 1);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
    if (s->auth && !token_ok(s->auth, MHD_lookup_connection_value(
                                 c, MHD_HEADER_KIND, "Authorization"))) {
        atomic_fetch_add(&s->unauthorized, 1);
        log_request(s, method, path, &a, MHD_HTTP_UNAUTHORIZED, NULL);
        ret = send_json(c, MHD_HTTP_UNAUTHORIZED,
                        json_pack("{s:s}", "error", "missing or wrong bearer "
                                  "token"), true);
        goto done;
    }
    if (!a.overflow)
        r = routes_match(&s->routes, method, path, a.v, a.n);
    if (r == NULL) {
        ret = not_found(s, c, method, path, &a);
        goto done;
    }
    atomic_fetch_add(&s->matched, 1);
    log_request(s, method, path, &a, r->status, r);
    ret = MHD_queue_response(c, (unsigned int)r->status, r->response);
done:
    rc_buf_release(&a.text);
    return ret;
}

/* libmicrohttpd's access handler: called once when the headers are in,
 * then for each piece of the request body (discarded: serve matches on
 * method, path and query), then once more to answer. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **state)
{
    static int started;

    (void)version;
    (void)upload_data;
    if (*state == NULL) {
        *state = &started;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    return answer(cls, c, method, url);
}

/* ---- starting and stopping ---------------------------------------------- */

static int prepare_responses(struct serve *s, struct rc_error *err)
{
    for (size_t i = 0; i < s->routes.n; i++) {
        struct route *r = &s->routes.v[i];
        struct MHD_Response *resp;
        const char *key;
        json_t *v;

        resp = MHD_create_response_from_buffer(r->body_len, r->body,
                                               MHD_RESPMEM_PERSISTENT);
        if (resp == NULL)
            return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
        r->response = resp;
        json_object_foreach(r->headers, key, v)
            if (MHD_add_response_header(resp, key, json_string_value(v))
                != MHD_YES)
                return rc_error_set(err, RC_EINPUT, r->suite, "call '%s': "
                                    "header '%s' cannot be served",
                                    r->call, key);
    }
    return 0;
}

/* Binds and listens on 127.0.0.1:port; the port chosen when it is 0. */
static int listen_loopback(int *fd_out, int *port, struct rc_error *err)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)*port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0
        || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0
        || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0
        || listen(fd, 1024) != 0
        || getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return rc_error_set(err, RC_EENV, "serve", "cannot listen on "
                            "127.0.0.1:%d: %s", *port, strerror(e));
    }
    *port = ntohs(sa.sin_port);
    *fd_out = fd;
    return 0;
}

static unsigned int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 2 ? 2 : n > 8 ? 8 : (unsigned int)n;
}

/* Starts libmicrohttpd on fd. Its threads start with every signal
 * blocked, so SIGINT and SIGTERM reach the command's thread, never
 * theirs. */
static int start_daemon(struct serve *s, int fd, int threads,
                        struct rc_error *err)
{
    sigset_t all, old;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
        on_request, s, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)(threads > 0 ? (unsigned int)threads
                                   : default_threads()),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
        MHD_OPTION_END);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (s->daemon == NULL) {
        close(fd);
        return rc_error_set(err, RC_EENV, "serve", "cannot start the HTTP "
                            "server on 127.0.0.1:%d", s->port);
    }
    return 0;
}

static int open_log(struct serve *s, const char *path, struct rc_error *err)
{
    /* an append-only log cannot be written atomically as a whole (afile):
     * each line is one write() on an O_APPEND descriptor instead */
    s->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (s->log_fd < 0)
        return rc_error_set(err, RC_EIO, path, "cannot open the request "
                            "log: %s", strerror(errno));
    return 0;
}

static int load_routes(struct serve *s, const struct serve_options *o,
                       struct strvec *warnings, struct rc_error *err)
{
    struct overlay *ov = NULL;
    int rc = 0;

    if (o->overlay && (rc = overlay_load(&ov, o->overlay, warnings, err)))
        return rc;
    s->n_mutations = overlay_size(ov);
    rc = routes_build(&s->routes, o->suites_dir, o->fixtures_dir, ov,
                      warnings, err);
    if (rc == 0)
        overlay_report_unused(ov, warnings);
    overlay_free(ov);
    return rc;
}

int serve_start(struct serve **out, const struct serve_options *o,
                struct strvec *warnings, struct rc_error *err)
{
    struct serve *s = calloc(1, sizeof *s);
    int fd = -1, rc;

    *out = NULL;
    if (s == NULL)
        return rc_error_set(err, RC_ENOMEM, "serve", "out of memory");
    s->log_fd = -1;
    pthread_mutex_init(&s->log_lock, NULL);
    s->port = o->port;
    if (o->port < 0 || o->port > 65535) {
        rc = rc_error_set(err, RC_EUSAGE, "serve", "port %d is not from 0 "
                          "to 65535", o->port);
        goto done;
    }
    if ((rc = load_routes(s, o, warnings, err)) != 0
        || (rc = prepare_responses(s, err)) != 0)
        goto done;
    if (o->token && asprintf(&s->auth, "Bearer %s", o->token) < 0) {
        s->auth = NULL;
        rc = rc_error_set(err, RC_ENOMEM, "serve", "out of memory");
        goto done;
    }
    if ((o->log_path && (rc = open_log(s, o->log_path, err)) != 0)
        || (rc = listen_loopback(&fd, &s->port, err)) != 0
        || (rc = start_daemon(s, fd, o->threads, err)) != 0)
        goto done;
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
    *out = s;
    s = NULL;
done:
    serve_stop(s);
    return rc;
}

void serve_stop(struct serve *s)
{
    if (s == NULL)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);  /* also closes the listening socket */
    for (size_t i = 0; i < s->routes.n; i++)
        if (s->routes.v[i].response)
            MHD_destroy_response(s->routes.v[i].response);
    routes_release(&s->routes);
    if (s->log_fd >= 0)
        close(s->log_fd);
    pthread_mutex_destroy(&s->log_lock);
    free(s->auth);
    free(s);
}

int serve_port(const struct serve *s)
{
    return s->port;
}

const char *serve_url(const struct serve *s)
{
    return s->url;
}

size_t serve_calls(const struct serve *s)
{
    return s->routes.n;
}

size_t serve_suites(const struct serve *s)
{
    return s->routes.n_suites;
}

size_t serve_mutations(const struct serve *s)
{
    return s->n_mutations;
}

void serve_get_stats(const struct serve *s, struct serve_stats *out)
{
    out->requests = atomic_load(&((struct serve *)s)->requests);
    out->matched = atomic_load(&((struct serve *)s)->matched);
    out->not_found = atomic_load(&((struct serve *)s)->not_found);
    out->unauthorized = atomic_load(&((struct serve *)s)->unauthorized);
}
