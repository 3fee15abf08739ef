/*
 * relcheck doc: the integration documentation the vendor's terms require
 * (SPEC sections 1 and 8): purpose, reason, actions performed through the
 * API (method and path per suite), points of attention, an example
 * request and redacted response per call (from the fixtures), and the
 * test set (suites, calls, programs with their catalog names).
 *
 * doc_build turns a loaded workspace into a model whose texts are already
 * redacted (credential headers "<redacted>", `redact` patterns applied,
 * long bodies cut); doc_markdown and doc_html are pure functions of that
 * model. The model borrows the workspace (which must outlive it) and owns
 * its texts; doc_release frees them.
 */
#ifndef RC_DOC_H
#define RC_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "config/workspace.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/strvec.h"

/* Lines of a response body shown before it is cut. */
#define DOC_BODY_LINES 40

/* A field the call uses (SPEC section 11). */
struct doc_field {
    char *field;               /* folded path */
    const char *type;          /* static */
    bool personal;             /* covered by `redact` */
};

struct doc_call {
    const struct call *call;   /* borrowed */
    struct doc_field *used;    /* the baseline's used fields, in order */
    size_t n_used;
    bool all_used;             /* no `uses`: every field counts */
    char *target;              /* "/facturen?status=open" */
    char *description;         /* the call's description, or NULL */
    char *request;             /* example request as text */
    char *response;            /* example response as text, or NULL */
    char *recorded;            /* "recorded 2026-... on production", or
                                  NULL when there is no baseline */
};

struct doc_suite {
    const struct suite *suite; /* borrowed */
    char *programs;            /* "VFAFAC (Facturen), VFA*" */
    struct strvec attention;   /* the suite's points and derived ones */
    struct doc_call *calls;
    size_t n_calls;
};

/* A row of "Personal data exchanged": all borrowed from the model. */
struct doc_personal {
    const char *suite, *call, *field;
};

struct doc_model {
    const struct workspace *ws;  /* borrowed */
    char *date;                  /* YYYY-MM-DD (SOURCE_DATE_EPOCH or now) */
    struct doc_suite *suites;
    size_t n;
    size_t calls, baselines;
    struct doc_personal *personal; /* used fields `redact` covers */
    size_t n_personal;
};

/*
 * Builds the model. A fixture that cannot be loaded is a warning (the
 * call is then documented without a response), not an error. Fails with
 * RC_ENOMEM, or an error of the redaction key. m is released on failure.
 */
int doc_build(struct doc_model *m, struct workspace *ws,
              struct strvec *warnings, struct rc_error *err);
void doc_release(struct doc_model *m);

/*
 * How environment env authenticates, for the documentation: the auth type
 * and, for a login or OAuth2, the URL of the token request and where the
 * token goes; never a credential (the text is made from the members that
 * hold none). A new string, or NULL when out of memory.
 */
char *doc_auth_text(const struct config *cfg, const char *env);

/* The documentation as Markdown, appended to out. 0 or RC_ENOMEM /
 * RC_ETOOBIG. */
int doc_markdown(struct rc_buf *out, const struct doc_model *m);

/* The documentation as one self-contained HTML page (inline CSS, every
 * text escaped by libxml2), appended to out. */
int doc_html(struct rc_buf *out, const struct doc_model *m,
             struct rc_error *err);

#endif
