/*
 * Finding programs and the release in a notice's text with PCRE2 (SPEC
 * section 5). struct progm holds the compiled patterns: the default code
 * pattern, the configured ones, the catalog's codes and names (one
 * alternation each, so a line is scanned once per kind whatever the
 * catalog's size), the release pattern and the subject/sender filters.
 * It borrows the catalog and owns the compiled code.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "notice/notice_int.h"
#include "core/grow.h"
#include "core/regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The default: a code of 4 to 10 upper-case letters and digits starting
 * with a letter, at the start of the line (or its first cell), after an
 * optional bullet or number, then optionally a separator and a name. A
 * '-' is a separator only before a space, a tab (the end of the cell) or
 * the end of the line: "PEPPOL-ondersteuning" and "SEPA-incasso's" are
 * words, not programs.
 */
static const char default_code_re[] =
    "^(?:[-*\xE2\x80\xA2\xC2\xB7][ \\t]*|[0-9]{1,3}[.)][ \\t]*)?"
    "(?<code>[A-Z][A-Z0-9]{3,9})(?![A-Za-z0-9])(?!-(?![ \\t]|$))"
    "(?:[ ]*(?:-(?=[ \\t]|$)|[:|]|\xE2\x80\x93|\\t)[ \\t]*"
    "(?<name>[^\\t]*))?";

static const char default_release_re[] =
    "(?i)(?:release|versie|version)[ \\t]*:?[ \\t]*"
    "(?<release>[0-9]+(?:\\.[0-9]+)+)";

/*
 * Capitalised words that open forwarding notes and announcements. The
 * default pattern never takes them for a program code (configured
 * patterns and catalog codes still may).
 */
static const char *const stop_words[] = {
    "ATTENTIE", "BELANGRIJK", "DRINGEND", "FYI", "IMPORTANT", "INFO",
    "LETOP", "LET", "NOTE", "NOTICE", "OPGELET", "RELEASE", "UPDATE",
    "UPGRADE", "URGENT", "VERSIE", "VERSION", "WAARSCHUWING", "WARNING",
    "NIEUW", "GEWIJZIGD", "TODO", "ACTIE", "ACTION", "PROGRAMMA",
    "PROGRAMMAS", "PROGRAM", "PROGRAMS", "CODE", NULL,
};

struct progm {
    const struct notice_opts *o;
    pcre2_code *code_re;        /* default code pattern */
    pcre2_code **extra;         /* configured patterns */
    size_t n_extra;
    pcre2_code *cat_codes;      /* NULL without a (non-empty) catalog */
    pcre2_code *cat_names;      /* NULL when the catalog names nothing */
    size_t *name_prog;          /* group number - 1 -> catalog index */
    size_t n_names;
    pcre2_code *release_re;
    pcre2_code *subject_re;
    pcre2_code *from_re;
};

/* Compiles re; on failure fills err naming setting. */
static int compile(pcre2_code **out, const char *re, uint32_t flags,
                   const char *setting, struct rc_error *err)
{
    int errcode;
    PCRE2_SIZE off;
    PCRE2_UCHAR msg[256];

    *out = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                         flags | PCRE2_UTF, &errcode, &off, NULL);
    if (*out == NULL) {
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return rc_error_set(err, RC_ECONFIG, setting,
                            "bad regex at offset %zu: %s", (size_t)off,
                            (const char *)msg);
    }
    regex_jit(*out);
    return 0;
}

/* Appends s to b with every regex metacharacter escaped. */
static int add_escaped(struct rc_buf *b, const char *s)
{
    int rc = 0;

    for (; *s && rc == 0; s++) {
        if (strchr("\\^$.|?*+()[]{}#/ -", *s))
            rc = rc_buf_addc(b, '\\');
        if (rc == 0)
            rc = rc_buf_addc(b, *s);
    }
    return rc;
}

struct name_ref {
    const char *name;
    size_t prog;
};

static int by_length_desc(const void *a, const void *b)
{
    size_t la = strlen(((const struct name_ref *)a)->name);
    size_t lb = strlen(((const struct name_ref *)b)->name);

    return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Collects the catalog's names and aliases, longest first. */
static struct name_ref *catalog_names(const struct catalog *cat, size_t *n)
{
    struct name_ref *v = NULL;
    size_t total = 0, k = 0;

    for (size_t i = 0; i < cat->n; i++)
        total += 1 + cat->v[i].aliases.n;
    v = calloc(total ? total : 1, sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < cat->n; i++) {
        if (cat->v[i].name && cat->v[i].name[0])
            v[k++] = (struct name_ref){cat->v[i].name, i};
        for (size_t j = 0; j < cat->v[i].aliases.n; j++)
            if (cat->v[i].aliases.v[j][0])
                v[k++] = (struct name_ref){cat->v[i].aliases.v[j], i};
    }
    qsort(v, k, sizeof *v, by_length_desc);
    *n = k;
    return v;
}

/* One alternation of the catalog's codes, one of its names. */
static int compile_catalog(struct progm *m, const struct catalog *cat,
                           struct rc_error *err)
{
    struct rc_buf b;
    struct name_ref *names = NULL;
    int rc = 0;

    rc_buf_init(&b, (size_t)64 << 20);
    rc = rc_buf_adds(&b, "(?<![A-Za-z0-9])(?:");
    for (size_t i = 0; rc == 0 && i < cat->n; i++) {
        if (i > 0)
            rc = rc_buf_addc(&b, '|');
        if (rc == 0)
            rc = add_escaped(&b, cat->v[i].code);
    }
    if (rc == 0)
        rc = rc_buf_adds(&b, ")(?![A-Za-z0-9])");
    if (rc == 0)
        rc = compile(&m->cat_codes, rc_buf_str(&b), 0, "catalog", err);
    names = rc ? NULL : catalog_names(cat, &m->n_names);
    if (rc == 0 && names == NULL)
        rc = RC_ENOMEM;
    if (rc == 0 && m->n_names > 0) {
        rc_buf_reset(&b);
        m->name_prog = calloc(m->n_names, sizeof *m->name_prog);
        rc = m->name_prog ? rc_buf_adds(&b, "(?<![\\p{L}\\p{N}_])(?:")
                          : RC_ENOMEM;
        for (size_t i = 0; rc == 0 && i < m->n_names; i++) {
            m->name_prog[i] = names[i].prog;
            rc = rc_buf_adds(&b, i ? "|(" : "(");
            if (rc == 0)
                rc = add_escaped(&b, names[i].name);
            if (rc == 0)
                rc = rc_buf_addc(&b, ')');
        }
        if (rc == 0)
            rc = rc_buf_adds(&b, ")(?![\\p{L}\\p{N}_])");
        if (rc == 0)
            rc = compile(&m->cat_names, rc_buf_str(&b),
                         PCRE2_CASELESS | PCRE2_UCP, "catalog", err);
    }
    if (rc == RC_ENOMEM || rc == RC_ETOOBIG)
        rc = rc_error_set(err, RC_ENOMEM, "catalog", "out of memory");
    free(names);
    rc_buf_release(&b);
    return rc;
}

/* Compiles the configured patterns, each with a named group "code". */
static int compile_extra(struct progm *m, const struct strvec *patterns,
                         struct rc_error *err)
{
    char setting[64];

    if (patterns == NULL || patterns->n == 0)
        return 0;
    m->extra = calloc(patterns->n, sizeof *m->extra);
    if (m->extra == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < patterns->n; i++) {
        int rc;
        snprintf(setting, sizeof setting, "notice.patterns[%zu]", i);
        rc = compile(&m->extra[i], patterns->v[i], 0, setting, err);
        if (rc)
            return rc;
        m->n_extra++;
        if (pcre2_substring_number_from_name(m->extra[i],
                                             (PCRE2_SPTR) "code") < 0)
            return rc_error_set(err, RC_ECONFIG, setting,
                                "pattern has no named group 'code'");
    }
    return 0;
}

int progm_new(struct progm **out, const struct notice_opts *o,
              struct rc_error *err)
{
    struct progm *m = calloc(1, sizeof *m);
    int rc;

    *out = NULL;
    if (m == NULL)
        return rc_error_set(err, RC_ENOMEM, NULL, "out of memory");
    m->o = o;
    rc = compile(&m->code_re, default_code_re, 0, "default pattern", err);
    if (rc == 0)
        rc = compile_extra(m, o->patterns, err);
    if (rc == 0 && o->catalog && o->catalog->n > 0)
        rc = compile_catalog(m, o->catalog, err);
    if (rc == 0)
        rc = compile(&m->release_re, o->release_pattern ? o->release_pattern
                     : default_release_re, 0, "notice.release_pattern", err);
    if (rc == 0)
        rc = compile(&m->subject_re, o->subject ? o->subject
                     : NOTICE_DEFAULT_SUBJECT, 0, "notice.subject", err);
    if (rc == 0 && o->from)
        rc = compile(&m->from_re, o->from, 0, "notice.from", err);
    if (rc) {
        progm_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void progm_free(struct progm *m)
{
    if (m == NULL)
        return;
    pcre2_code_free(m->code_re);
    for (size_t i = 0; i < m->n_extra; i++)
        pcre2_code_free(m->extra[i]);
    free(m->extra);
    pcre2_code_free(m->cat_codes);
    pcre2_code_free(m->cat_names);
    free(m->name_prog);
    pcre2_code_free(m->release_re);
    pcre2_code_free(m->subject_re);
    pcre2_code_free(m->from_re);
    free(m);
}

bool progm_is_notice(const struct progm *m, const char *subject,
                     const char *from)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    bool ok;

    if (md == NULL)
        return false;
    ok = pcre2_match(m->subject_re, (PCRE2_SPTR)(subject ? subject : ""),
                     PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
    if (ok && m->from_re)
        ok = pcre2_match(m->from_re, (PCRE2_SPTR)(from ? from : ""),
                         PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    return ok;
}

/* The state of one progm_scan. */
struct scan {
    const struct progm *m;
    struct notice *n;
    pcre2_match_data *md;
    struct strvec *warnings;
    struct strvec unknown;    /* codes already warned about */
    size_t cap;
    int rc;
};

/* Copies s[0..len) trimmed, cut to 200 bytes at a character boundary;
 * NULL when empty. */
static char *clean_name(const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len > 200) {
        len = 200;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    return len ? strndup(s, len) : NULL;
}

/* Merges code (and name, taken over) into the notice. */
static void merge_program(struct scan *sc, char *code, char *name)
{
    struct notice *n = sc->n;

    for (size_t i = 0; i < n->n_programs; i++) {
        if (strcmp(n->programs[i].code, code) == 0) {
            if (n->programs[i].name == NULL) {
                n->programs[i].name = name;
                name = NULL;
            }
            free(code);
            free(name);
            return;
        }
    }
    if (RC_GROW(n->programs, sc->cap, n->n_programs, 8) != 0) {
        free(code);
        free(name);
        sc->rc = RC_ENOMEM;
        return;
    }
    n->programs[n->n_programs++] = (struct notice_program){code, name};
}

/* A code found by a pattern: checked against the catalog when there is
 * one (unknown codes become warnings), named, merged. */
static void found(struct scan *sc, const char *code, size_t clen,
                  const char *name, size_t nlen)
{
    const struct catalog *cat = sc->m->o->catalog;
    const struct program *p = NULL;
    char *c = strndup(code, clen);

    if (c == NULL) {
        sc->rc = RC_ENOMEM;
        return;
    }
    if (cat && cat->n > 0) {
        p = catalog_find(cat, c);
        if (p == NULL) {
            if (!strvec_contains(&sc->unknown, c)) {
                strvec_push(&sc->unknown, c);
                strvec_pushf(sc->warnings, "%s: program code '%s' is not "
                             "in the catalog", sc->n->source, c);
            }
            free(c);
            return;
        }
    }
    if (p && p->name)
        merge_program(sc, c, strdup(p->name));
    else
        merge_program(sc, c, name ? clean_name(name, nlen) : NULL);
}

static bool is_stop_word(const char *s, size_t len)
{
    for (size_t i = 0; stop_words[i]; i++)
        if (strlen(stop_words[i]) == len && memcmp(stop_words[i], s, len) == 0)
            return true;
    return false;
}

/* The span of named group name in the last match, or false. */
static bool group(const pcre2_code *re, pcre2_match_data *md,
                  const char *name, size_t *start, size_t *len)
{
    int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

    if (g < 0 || (uint32_t)g >= pcre2_get_ovector_count(md) ||
        ov[2 * g] == PCRE2_UNSET)
        return false;
    *start = ov[2 * g];
    *len = ov[2 * g + 1] - ov[2 * g];
    return true;
}

/* Calls fn for every match of re in s (len bytes). */
static void each_match(struct scan *sc, const pcre2_code *re, const char *s,
                       size_t len,
                       void (*fn)(struct scan *, const pcre2_code *,
                                  const char *))
{
    size_t off = 0;
    uint32_t flags = 0;

    while (off <= len && sc->rc == 0) {
        PCRE2_SIZE *ov;
        if (pcre2_match(re, (PCRE2_SPTR)s, len, off, flags, sc->md,
                        NULL) < 0)
            return;
        fn(sc, re, s);
        flags = PCRE2_NO_UTF_CHECK;
        ov = pcre2_get_ovector_pointer(sc->md);
        off = ov[1];
        if (ov[1] == ov[0]) {   /* empty match: step one character */
            if (off >= len)
                return;
            off++;
            while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
                off++;
        }
    }
}

/* A match of a configured pattern. */
static void on_extra(struct scan *sc, const pcre2_code *re, const char *s)
{
    size_t cs, cl, ns = 0, nl = 0;

    if (!group(re, sc->md, "code", &cs, &cl) || cl == 0)
        return;
    if (!group(re, sc->md, "name", &ns, &nl))
        nl = 0;
    found(sc, s + cs, cl, nl ? s + ns : NULL, nl);
}

/* A match of the catalog's code alternation. */
static void on_cat_code(struct scan *sc, const pcre2_code *re, const char *s)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);

    (void)re;
    found(sc, s + ov[0], ov[1] - ov[0], NULL, 0);
}

/* A match of the catalog's name alternation: the group says which. */
static void on_cat_name(struct scan *sc, const pcre2_code *re, const char *s)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    uint32_t n = pcre2_get_ovector_count(sc->md);
    const struct program *p;

    (void)re;
    (void)s;
    for (uint32_t g = 1; g < n && g <= sc->m->n_names; g++) {
        if (ov[2 * g] == PCRE2_UNSET)
            continue;
        p = &sc->m->o->catalog->v[sc->m->name_prog[g - 1]];
        found(sc, p->code, strlen(p->code), NULL, 0);
        return;
    }
}

/* The default pattern on one body line. */
static void scan_default(struct scan *sc, const char *line)
{
    size_t cs, cl, ns = 0, nl = 0;
    const pcre2_code *re = sc->m->code_re;

    if (pcre2_match(re, (PCRE2_SPTR)line, PCRE2_ZERO_TERMINATED, 0, 0,
                    sc->md, NULL) < 0)
        return;
    if (!group(re, sc->md, "code", &cs, &cl) || is_stop_word(line + cs, cl))
        return;
    if (!group(re, sc->md, "name", &ns, &nl))
        nl = 0;
    found(sc, line + cs, cl, nl ? line + ns : NULL, nl);
}

/* Every pattern but the default on one line (body, note or subject). */
static void scan_line(struct scan *sc, const char *line, bool subject)
{
    const struct progm *m = sc->m;
    size_t len = strlen(line);

    for (size_t i = 0; i < m->n_extra && !subject; i++)
        each_match(sc, m->extra[i], line, len, on_extra);
    if (m->cat_codes)
        each_match(sc, m->cat_codes, line, len, on_cat_code);
    if (m->cat_names)
        each_match(sc, m->cat_names, line, len, on_cat_name);
}

/* The first release found in lines, or NULL. */
static char *find_release(struct scan *sc, const struct strvec *lines)
{
    const pcre2_code *re = sc->m->release_re;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    uint32_t groups = 0;
    size_t s, l;

    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    for (size_t i = 0; i < lines->n; i++) {
        if (pcre2_match(re, (PCRE2_SPTR)lines->v[i], PCRE2_ZERO_TERMINATED,
                        0, 0, sc->md, NULL) < 0)
            continue;
        if (group(re, sc->md, "release", &s, &l))
            return strndup(lines->v[i] + s, l);
        if (groups >= 1 && ov[2] != PCRE2_UNSET)
            return strndup(lines->v[i] + ov[2], ov[3] - ov[2]);
        return strndup(lines->v[i] + ov[0], ov[1] - ov[0]);
    }
    return NULL;
}

static uint32_t max_groups(const struct progm *m)
{
    const pcre2_code *all[4] = {m->code_re, m->cat_names, m->release_re,
                                m->cat_codes};
    uint32_t max = 2, c;

    for (size_t i = 0; i < 4 + m->n_extra; i++) {
        const pcre2_code *re = i < 4 ? all[i] : m->extra[i - 4];
        if (re && pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &c) == 0 &&
            c + 1 > max)
            max = c + 1;
    }
    return max;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const struct notice_program *)a)->code,
                  ((const struct notice_program *)b)->code);
}

int progm_scan(const struct progm *m, struct notice *n,
               const struct msgtext *t, struct strvec *warnings)
{
    struct scan sc = {m, n, NULL, warnings, STRVEC_INIT, n->n_programs, 0};

    sc.md = pcre2_match_data_create(max_groups(m), NULL);
    if (sc.md == NULL)
        return RC_ENOMEM;
    for (size_t i = 0; i < t->body.n && sc.rc == 0; i++) {
        scan_default(&sc, t->body.v[i]);
        scan_line(&sc, t->body.v[i], false);
    }
    for (size_t i = 0; i < t->note.n && sc.rc == 0; i++)
        scan_line(&sc, t->note.v[i], false);
    for (size_t i = 0; t->subjects && i < t->subjects->n && sc.rc == 0; i++)
        scan_line(&sc, t->subjects->v[i], true);
    if (sc.rc == 0 && n->release == NULL) {
        if (t->subjects)
            n->release = find_release(&sc, t->subjects);
        if (n->release == NULL)
            n->release = find_release(&sc, &t->body);
        if (n->release == NULL)
            n->release = find_release(&sc, &t->note);
    }
    if (n->n_programs > 1)
        qsort(n->programs, n->n_programs, sizeof *n->programs, by_code);
    pcre2_match_data_free(sc.md);
    strvec_release(&sc.unknown);
    return sc.rc;
}
