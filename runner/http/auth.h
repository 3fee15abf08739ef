/*
 * Authentication of requests to an environment (SPEC section 3): none,
 * basic, bearer, header, oauth2 (client credentials; the token is cached
 * for its lifetime) and login (a login call; the token is taken from its
 * response by a JSONPath). Token requests go through the engine, so they
 * are counted like every other request. After a 401 the caller expires
 * the token it used; the next request fetches a new one.
 *
 * http/ knows no configuration: the caller (replay/) fills a struct
 * http_auth_params with plain values. struct http_auth keeps a copy of the
 * params, whose strings and JSON it borrows (they must outlive it), and
 * owns its cached token; http_auth_release frees it. Secrets never appear
 * in error messages.
 */
#ifndef RC_HTTP_AUTH_H
#define RC_HTTP_AUTH_H

#include <stdbool.h>

#include <jansson.h>

#include "core/error.h"
#include "http/http.h"

enum http_auth_kind { HTTP_AUTH_NONE, HTTP_AUTH_BASIC, HTTP_AUTH_BEARER,
                      HTTP_AUTH_HEADER, HTTP_AUTH_OAUTH2, HTTP_AUTH_LOGIN };

/* What to authenticate with; every pointer is borrowed, NULL when unset. */
struct http_auth_params {
    enum http_auth_kind kind;
    const char *base_url;     /* token_url and url are relative to it */
    const char *label;        /* names the credentials in errors */
    const char *username, *password;                     /* basic */
    const char *token;                                   /* bearer */
    const char *name, *value;                            /* header */
    const char *token_url, *client_id, *client_secret;   /* oauth2 */
    const char *scope;
    const char *method, *url;                            /* login */
    json_t *headers, *body;                              /* login */
    const char *token_path;                  /* login: default "$.token" */
    const char *header, *prefix;             /* login: where it goes */
};

struct http_auth {
    struct http_auth_params p;
    char *token;          /* oauth2/login: the cached token, or NULL */
    double expires;       /* monotonic seconds; 0 = until a 401 */
    int generation;       /* how many tokens were fetched */
    bool broken;          /* the last token request failed */
    char broken_why[300];
};

void http_auth_init(struct http_auth *a, const struct http_auth_params *p);
void http_auth_release(struct http_auth *a);

/*
 * Adds the credentials to req, fetching a token first (synchronously,
 * through eng) when the type needs one and none is cached. *generation
 * receives the token generation used. On a failed token request returns
 * RC_EENV with err saying why (no secret in it); later calls fail the
 * same way without sending anything.
 */
int http_auth_apply(struct http_auth *a, struct http_engine *eng,
                    struct http_request *req, int *generation,
                    struct rc_error *err);

/*
 * The current token of an oauth2 or login auth, fetched through eng when
 * none is cached or it expired: for credentials that travel elsewhere
 * than in an HTTP header (SASL XOAUTH2 to a mailbox). *token (may be
 * NULL) is borrowed until the next call or http_auth_release. Errors as
 * http_auth_apply.
 */
int http_auth_token(const char **token, struct http_auth *a,
                    struct http_engine *eng, struct rc_error *err);

/*
 * A request sent with generation got a 401. Forgets that token (unless a
 * newer one was fetched meanwhile) and returns true when fetching a new
 * one may help (oauth2 and login).
 */
bool http_auth_expire(struct http_auth *a, int generation);

/* Whether the type fetches tokens (oauth2, login): a run plans one token
 * request for it. */
bool http_auth_fetches_tokens(const struct http_auth *a);

/* The request header that carries the credentials ("authorization", or
 * the configured name), lower case; NULL for none. Borrowed. */
const char *http_auth_header(const struct http_auth *a);

#endif
