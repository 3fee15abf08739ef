/*
 * Upgrade overlays for `relcheck serve` (docs/formats.md, "Serve and
 * demo"): a JSON file of mutations applied to the responses serve prepares
 * from the fixtures, to simulate what an ERP upgrade does to them. Each
 * mutation selects calls (by suite and call, or every call) and does one
 * thing: set a value, remove a field, change its JSON type, rename a member
 * or an XML element or attribute, change the status, set or drop headers.
 * JSON paths start with '$', XML paths (XPath 1.0, libxml2) with '/'.
 *
 * The overlay owns its mutations; a draft owns its parts. Overlays are
 * applied once, when serve starts, from one thread.
 */
#ifndef RC_SERVE_OVERLAY_H
#define RC_SERVE_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "config/fixture.h"
#include "core/error.h"
#include "core/strvec.h"

/* A response being prepared from a fixture, before it is serialized. */
struct draft {
    int status;
    json_t *headers;     /* object: lower-case name -> string (owned) */
    enum body_kind kind; /* BODY_NONE, BODY_JSON, or BODY_TEXT for any
                            other bytes (body_base64 is decoded first) */
    json_t *body;        /* BODY_JSON (owned) */
    char *bytes;         /* BODY_TEXT: the bytes, NUL-terminated (owned) */
    size_t len;
};

struct overlay;

/*
 * Loads and validates an overlay file. Errors name file:line:column
 * (RC_EINPUT for a file that is not JSON, RC_ECONFIG for a bad member);
 * unknown members are warnings. *out is the caller's (overlay_free).
 */
int overlay_load(struct overlay **out, const char *path,
                 struct strvec *warnings, struct rc_error *err);

/* As overlay_load, from len bytes of text; name is shown in messages. */
int overlay_parse(struct overlay **out, const char *text, size_t len,
                  const char *name, struct strvec *warnings,
                  struct rc_error *err);

void overlay_free(struct overlay *ov);

/* The number of mutations, and the file's "description" (borrowed, may
 * be NULL). */
size_t overlay_size(const struct overlay *ov);
const char *overlay_description(const struct overlay *ov);

/*
 * Applies, in file order, every mutation that selects (suite, call) to d,
 * and counts what each one changed. A path that finds nothing, or a body
 * of the other format, changes nothing; an XML body that does not parse
 * gets a warning. Returns 0, or RC_ENOMEM.
 */
int overlay_apply(struct overlay *ov, const char *suite, const char *call,
                  struct draft *d, struct strvec *warnings,
                  struct rc_error *err);

/* Appends a warning for each mutation that has changed nothing so far
 * (a typo in a path or a call id must not pass unnoticed). */
void overlay_report_unused(const struct overlay *ov, struct strvec *warnings);

/* Frees the parts of d (not d itself). */
void draft_release(struct draft *d);

#endif
