/*
 * The route table of `relcheck serve`: one route per recorded call (its
 * suite's method, path and query) with the response prepared from its
 * fixture and the overlay, ready to send. Built once before the server
 * starts and read-only afterwards, so the request threads share it
 * without locks. The table owns its routes and their bytes.
 *
 * Matching: the method exactly; the path (percent-decoded) exactly, where
 * a {{variable}} of the suite matches any non-empty text without '/'; the
 * query as a set of name=value pairs (order free, values compared decoded,
 * {{variable}} as in paths). A route without variables wins over one with
 * them; among equals, the first by suite name and call order.
 */
#ifndef RC_SERVE_ROUTE_H
#define RC_SERVE_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/itab.h"
#include "core/strvec.h"

struct overlay;

struct qparam {
    char *name;
    char *value;
};

struct route {
    char *suite, *call;
    char *method;
    char *path;            /* percent-decoded; may hold {{variables}} */
    struct qparam *query;  /* sorted by name, then value */
    size_t n_query;
    bool templated;        /* path or query holds a {{variable}} */
    char *display;         /* "GET /facturen?status=open" as recorded */
    int status;
    json_t *headers;       /* to send: lower-case name -> string */
    char *body;            /* bytes to send (NUL-terminated) */
    size_t body_len;
    void *response;        /* the server's prepared response (serve.c) */
    size_t next;           /* 1 + index of the next route with the same
                              method and path, 0 at the end */
};

struct route_table {
    struct route *v;
    size_t n;
    size_t n_suites;       /* suites with at least one route */
    struct itab exact;     /* exact routes by "METHOD path": the index
                              of the first route with them */
    size_t *templated;     /* indexes of templated routes, in order */
    size_t n_templated;
};

/*
 * Builds the table from every suite in suites_dir and its fixtures in
 * fixtures_dir, applying ov (may be NULL) to each response. A call without
 * a fixture, or with an absolute URL, is left out with a warning; a suite
 * or fixture that does not load is an error naming file:line:column.
 * On failure t is released.
 */
int routes_build(struct route_table *t, const char *suites_dir,
                 const char *fixtures_dir, struct overlay *ov,
                 struct strvec *warnings, struct rc_error *err);

void routes_release(struct route_table *t);

/* The route answering the request (borrowed), or NULL. q holds the
 * request's decoded query pairs in any order (it is sorted in place). */
const struct route *routes_match(const struct route_table *t,
                                 const char *method, const char *path,
                                 struct qparam *q, size_t nq);

/* The recorded route most like the request: the least edit distance
 * between paths, then the same method, then the least distance between
 * query strings (borrowed; NULL for an empty table). */
const struct route *routes_closest(const struct route_table *t,
                                   const char *method, const char *path,
                                   const char *query);

/* Whether text matches pattern, where {{name}} matches one or more
 * characters other than '/' (any characters when slash_ok). */
bool route_template_match(const char *pattern, const char *text,
                          bool slash_ok);

/* Levenshtein distance of a and b, each cut to its first 256 bytes. */
size_t route_distance(const char *a, const char *b);

#endif
