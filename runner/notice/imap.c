/*
 * Notices from an IMAP mailbox through libcurl (SPEC section 4, notice):
 * one UID SEARCH with the user's criteria, then one UID FETCH per message
 * on the same handle, so the connection and its login are reused. TLS is
 * verified (a --cacert file may be given). Credentials come from the
 * ${env:}-expanded --user, or from notice.mailbox (password, or a token
 * sent with SASL XOAUTH2), and never appear in a message or source name.
 * The mailbox's mark keyword is set with one UID STORE.
 * Everything allocated here is freed before imap_fetch returns.
 */
#include "notice/notice_int.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "core/expand.h"
#include "http/auth.h"

#define IMAP_CONNECT_TIMEOUT 30L
#define IMAP_TIMEOUT 300L

/* One IMAP session. */
struct imap {
    CURL *h;
    struct rc_buf body;
    char errbuf[CURL_ERROR_SIZE];
    char *base;       /* URL up to the mailbox, no trailing '/' */
    char *shown;      /* base without user information, for names */
    const char *who;  /* where the credentials come from, for messages */
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    struct imap *im = ctx;

    return rc_buf_add(&im->body, p, size * n) == 0 ? size * n : 0;
}

/* The URL without "user:pass@" (caller frees). */
static char *strip_userinfo(const char *url)
{
    const char *host = strstr(url, "://");
    const char *at, *slash;
    char *out;

    if (host == NULL)
        return strdup(url);
    host += 3;
    slash = strchr(host, '/');
    at = memchr(host, '@', slash ? (size_t)(slash - host) : strlen(host));
    if (at == NULL)
        return strdup(url);
    if (asprintf(&out, "%.*s%s", (int)(host - url), url, at + 1) < 0)
        return NULL;
    return out;
}

/* Runs the transfer set up on im->h; maps curl's failure to RC_EENV. */
static int perform(struct imap *im, const char *what, struct rc_error *err)
{
    CURLcode cc;

    rc_buf_reset(&im->body);
    im->errbuf[0] = '\0';
    cc = curl_easy_perform(im->h);
    if (cc == CURLE_OK)
        return 0;
    if (cc == CURLE_LOGIN_DENIED)
        return rc_error_set(err, RC_EENV, im->shown,
                            "imap login refused (check %s)",
                            im->who ? im->who : "--user");
    if (cc == CURLE_WRITE_ERROR)
        return rc_error_set(err, RC_EINPUT, im->shown,
                            "%s: message larger than %zu bytes", what,
                            NOTICE_MAX_MESSAGE);
    return rc_error_set(err, RC_EENV, im->shown, "%s failed: %s", what,
                        im->errbuf[0] ? im->errbuf : curl_easy_strerror(cc));
}

/* The URL up to the mailbox without a trailing '/', INBOX when it names
 * none (caller frees; NULL on allocation failure). */
static char *mailbox_base(const char *url)
{
    size_t len = strlen(url);
    const char *path = strstr(url, "://");
    char *base = NULL;

    while (len > 0 && url[len - 1] == '/')
        len--;
    path = path ? strchr(path + 3, '/') : NULL;
    if (path == NULL || (size_t)(path - url) >= len)   /* no mailbox */
        return asprintf(&base, "%.*s/INBOX", (int)len, url) < 0 ? NULL
                                                                 : base;
    return strndup(url, len);
}

char *imap_shown_base(const char *url)
{
    char *base = mailbox_base(url), *shown;

    shown = base ? strip_userinfo(base) : NULL;
    free(base);
    return shown;
}

/* --user "USER:PASSWORD" (${env:} expanded) as the login. */
static int login_user(struct imap *im, const char *spec,
                      struct rc_error *err)
{
    struct strvec missing = STRVEC_INIT;
    char *user = NULL, *colon;
    int rc = expand_refs(&user, spec, NULL, NULL, &missing);

    if (rc == RC_ENOTFOUND)
        rc = rc_error_set(err, RC_ECONFIG, "--user", "environment "
                          "variable '%s' is not set", missing.v[0]);
    else if (rc)
        rc = rc_error_set(err, RC_ENOMEM, "--user", "out of memory");
    strvec_release(&missing);
    if (rc) {
        if (user)
            memset(user, 0, strlen(user));
        free(user);
        return rc;
    }
    colon = strchr(user, ':');
    if (colon)
        *colon = '\0';
    curl_easy_setopt(im->h, CURLOPT_USERNAME, user);
    curl_easy_setopt(im->h, CURLOPT_PASSWORD, colon ? colon + 1 : "");
    memset(user, 0, strlen(user) + (colon ? strlen(colon + 1) + 1 : 0));
    free(user);
    return 0;
}

/* Sets up the handle: URL base, TLS, output (no login yet). */
static int imap_open(struct imap *im, const char *url, const char *cacert,
                     struct rc_error *err)
{
    im->base = mailbox_base(url);
    im->shown = im->base ? strip_userinfo(im->base) : NULL;
    im->h = curl_easy_init();
    if (im->base == NULL || im->shown == NULL || im->h == NULL)
        return rc_error_set(err, RC_ENOMEM, url, "out of memory");
    rc_buf_init(&im->body, NOTICE_MAX_MESSAGE);
    if (cacert)
        curl_easy_setopt(im->h, CURLOPT_CAINFO, cacert);
    curl_easy_setopt(im->h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(im->h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(im->h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(im->h, CURLOPT_CONNECTTIMEOUT, IMAP_CONNECT_TIMEOUT);
    curl_easy_setopt(im->h, CURLOPT_TIMEOUT, IMAP_TIMEOUT);
    curl_easy_setopt(im->h, CURLOPT_ERRORBUFFER, im->errbuf);
    curl_easy_setopt(im->h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(im->h, CURLOPT_WRITEDATA, im);
    return 0;
}

static void imap_close(struct imap *im)
{
    if (im->h)
        curl_easy_cleanup(im->h);
    rc_buf_release(&im->body);
    free(im->base);
    free(im->shown);
}

/* The UIDs of "* SEARCH 3 7 9" lines in the response. */
static int parse_search(struct strvec *uids, const char *s)
{
    const char *p = s;

    while ((p = strstr(p, "* SEARCH")) != NULL) {
        p += 8;
        while (*p == ' ' || (*p >= '0' && *p <= '9')) {
            size_t n = 0;
            while (*p == ' ')
                p++;
            while (p[n] >= '0' && p[n] <= '9')
                n++;
            if (n == 0)
                break;
            if (strvec_take(uids, strndup(p, n)))
                return RC_ENOMEM;
            p += n;
        }
    }
    return 0;
}

/* UID SEARCH with the criteria (NULL: ALL), and UNKEYWORD unseen when
 * it is set. */
static int imap_search(struct imap *im, struct strvec *uids,
                       const char *criteria, const char *unseen,
                       struct rc_error *err)
{
    char *req = NULL;
    int rc;

    if (asprintf(&req, "UID SEARCH %s%s%s", criteria ? criteria : "ALL",
                 unseen ? " UNKEYWORD " : "", unseen ? unseen : "") < 0)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    curl_easy_setopt(im->h, CURLOPT_URL, im->base);
    curl_easy_setopt(im->h, CURLOPT_CUSTOMREQUEST, req);
    rc = perform(im, "imap search", err);
    curl_easy_setopt(im->h, CURLOPT_CUSTOMREQUEST, NULL);
    free(req);
    if (rc == 0 && parse_search(uids, rc_buf_str(&im->body)))
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    return rc;
}

/* Fetches one message (url names it) and hands it to fn. */
static int imap_one(struct imap *im, const char *url, const char *shown,
                    imap_message_fn fn, void *ctx, struct rc_error *err)
{
    int rc;

    curl_easy_setopt(im->h, CURLOPT_URL, url);
    rc = perform(im, "imap fetch", err);
    if (rc == 0)
        rc = fn(ctx, shown, im->body.data ? im->body.data : "",
                im->body.len);
    return rc;
}

/* Fetches every message of uids, in order. */
static int fetch_uids(struct imap *im, const struct strvec *uids,
                      imap_message_fn fn, void *ctx, struct rc_error *err)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < uids->n; i++) {
        char *u = NULL, *s = NULL;
        if (asprintf(&u, "%s;UID=%s", im->base, uids->v[i]) < 0)
            u = NULL;
        if (asprintf(&s, "%s;UID=%s", im->shown, uids->v[i]) < 0)
            s = NULL;
        rc = u && s ? imap_one(im, u, s, fn, ctx, err)
                    : rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
        free(u);
        free(s);
    }
    return rc;
}

int imap_fetch(const char *url, const struct notice_opts *o,
               imap_message_fn fn, void *ctx, struct rc_error *err)
{
    struct imap im;
    struct strvec uids = STRVEC_INIT;
    int rc;

    memset(&im, 0, sizeof im);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc = imap_open(&im, url, o->cacert, err);
    if (rc == 0 && o->user)
        rc = login_user(&im, o->user, err);
    if (rc == 0 && (strstr(url, ";UID=") || strstr(url, ";MAILINDEX=")))
        rc = imap_one(&im, im.base, im.shown, fn, ctx, err);
    else if (rc == 0)
        rc = imap_search(&im, &uids, o->search, NULL, err);
    if (rc == 0)
        rc = fetch_uids(&im, &uids, fn, ctx, err);
    strvec_release(&uids);
    imap_close(&im);
    return rc;
}

/* The oauth2 token of the mailbox, fetched with the ERP's token code
 * (http/auth.c) through a one-request engine. *token is the caller's. */
static int mailbox_token(char **token, const struct mailbox *mb,
                         struct rc_error *err)
{
    const struct auth *au = &mb->auth;
    struct http_auth_params p = {
        .kind = HTTP_AUTH_OAUTH2, .base_url = au->token_url,
        .label = "notice.mailbox", .token_url = au->token_url,
        .client_id = au->client_id, .client_secret = au->client_secret,
        .scope = au->scope};
    struct http_opts ho = {.jobs = 1, .timeout = IMAP_CONNECT_TIMEOUT,
                           .retries = 1, .max_wait = 10,
                           .max_body = 1 << 20};
    struct http_engine *eng = http_engine_new(&ho, NULL, NULL);
    struct http_auth a;
    const char *t = NULL;
    int rc;

    *token = NULL;
    if (eng == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    http_auth_init(&a, &p);
    rc = http_auth_token(&t, &a, eng, err);
    if (rc == 0 && (*token = strdup(t)) == NULL)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    http_auth_release(&a);
    http_engine_free(eng);
    return rc;
}

/* Logs in to notice.mailbox: a password, or a token with SASL XOAUTH2. */
static int login_mailbox(struct imap *im, const struct mailbox *mb,
                         struct rc_error *err)
{
    char *token = NULL;
    int rc = 0;

    im->who = "notice.mailbox";
    curl_easy_setopt(im->h, CURLOPT_USERNAME, mb->user ? mb->user : "");
    if (mb->auth.type == AUTH_BASIC) {
        curl_easy_setopt(im->h, CURLOPT_PASSWORD,
                         mb->auth.password ? mb->auth.password : "");
        return 0;
    }
    if (mb->auth.type == AUTH_OAUTH2)
        rc = mailbox_token(&token, mb, err);
    if (rc)
        return rc;
    curl_easy_setopt(im->h, CURLOPT_XOAUTH2_BEARER,
                     token ? token : mb->auth.token);
    curl_easy_setopt(im->h, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
    if (token) {
        memset(token, 0, strlen(token));
        free(token);
    }
    return 0;
}

int imap_fetch_mailbox(const struct notice_opts *o, imap_message_fn fn,
                       void *ctx, struct rc_error *err)
{
    const struct mailbox *mb = o->mailbox;
    struct imap im;
    struct strvec uids = STRVEC_INIT;
    int rc;

    memset(&im, 0, sizeof im);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc = imap_open(&im, mb->url, mb->ca_file, err);
    if (rc == 0)
        rc = login_mailbox(&im, mb, err);
    if (rc == 0)
        rc = imap_search(&im, &uids, o->search ? o->search : mb->search,
                         o->only_new ? mb->mark : NULL, err);
    if (rc == 0)
        rc = fetch_uids(&im, &uids, fn, ctx, err);
    strvec_release(&uids);
    imap_close(&im);
    return rc;
}

int imap_mark_mailbox(const struct mailbox *mb, const struct strvec *uids,
                      struct rc_error *err)
{
    struct imap im;
    struct rc_buf req;
    int rc;

    if (uids->n == 0)
        return 0;
    memset(&im, 0, sizeof im);
    rc_buf_init(&req, (size_t)1 << 20);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc = imap_open(&im, mb->url, mb->ca_file, err);
    if (rc == 0)
        rc = login_mailbox(&im, mb, err);
    if (rc == 0 && rc_buf_adds(&req, "UID STORE ") != 0)
        rc = RC_ENOMEM;
    for (size_t i = 0; rc == 0 && i < uids->n; i++)
        if (rc_buf_printf(&req, "%s%s", i ? "," : "", uids->v[i]) != 0)
            rc = RC_ENOMEM;
    if (rc == 0 && rc_buf_printf(&req, " +FLAGS (%s)", mb->mark) != 0)
        rc = RC_ENOMEM;
    if (rc == RC_ENOMEM)
        rc = rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    if (rc == 0) {
        curl_easy_setopt(im.h, CURLOPT_URL, im.base);
        curl_easy_setopt(im.h, CURLOPT_CUSTOMREQUEST, rc_buf_str(&req));
        rc = perform(&im, "imap store", err);
    }
    rc_buf_release(&req);
    imap_close(&im);
    return rc;
}
