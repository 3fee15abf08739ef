/*
 * The mutations of an overlay (overlay.h) and how each is carried out on
 * a JSON value or an XML document. Private to serve/: overlay.c parses the
 * file into struct mutation and calls these. A mutation owns its strings,
 * steps and JSON references.
 */
#ifndef RC_SERVE_MUTATE_H
#define RC_SERVE_MUTATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <libxml/tree.h>

enum mut_op { MUT_SET, MUT_REMOVE, MUT_RETYPE, MUT_RENAME, MUT_STATUS,
              MUT_HEADERS };

enum jstep_kind { JSTEP_NAME, JSTEP_INDEX, JSTEP_ANY };

/* One step of a JSON path: .name / ['name'], [N] (negative: from the
 * end), or [*] / .* (every element or member). */
struct jstep {
    enum jstep_kind kind;
    char *name;
    long index;
};

struct mutation {
    char *suite, *call;      /* selectors; NULL selects every one */
    enum mut_op op;
    char *path;              /* set, remove, retype, rename */
    bool xml;                /* path is an XPath (starts with '/') */
    struct jstep *steps;     /* the parsed JSON path */
    size_t n_steps, cap_steps;
    json_t *value;           /* set: the value; headers: the object */
    char *to;                /* retype: a JSON type name; rename: a name */
    int status;              /* status */
    size_t selected;         /* calls it selected so far */
    size_t changed;          /* places changed so far, over all calls */
    int line, column;        /* position in the overlay file */
};

/*
 * Parses a JSON path ("$", "$.a.b", "$.a[*].b", "$['x y'][0]") into
 * m->steps. Returns 0, or -1 with why filled.
 */
int jpath_parse(struct mutation *m, const char *path, char *why,
                size_t why_size);

/* Whether name is one of the JSON type names retype accepts. */
bool mutate_type_known(const char *name);

/*
 * Applies m (a set, remove, retype or rename with a JSON path) to *body,
 * which it may replace (a path of "$" alone). Returns the number of places
 * changed, or RC_ENOMEM.
 */
long mutate_json(const struct mutation *m, json_t **body);

/* Whether path compiles as an XPath 1.0 expression (nothing printed). */
bool mutate_xpath_valid(const char *path);

/*
 * Applies m (a set, remove or rename with an XPath) to doc. Returns the
 * number of nodes changed, 0 when the XPath is invalid or selects nothing,
 * or RC_ENOMEM.
 */
long mutate_xml(const struct mutation *m, xmlDoc *doc);

/* Frees what m owns (not m). */
void mutation_release(struct mutation *m);

#endif
