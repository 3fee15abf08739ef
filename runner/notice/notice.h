/*
 * Release notices (SPEC section 5): reading the vendor's e-mails from .eml
 * files, mbox files, maildir folders, standard input and IMAP mailboxes,
 * and finding in them the changed programs and the release number.
 *
 * Flow: fill a struct notice_opts (notice_opts_from_config does it from
 * relcheck.json, borrowing), then notice_read_sources() into a
 * struct notice_set, then notice_set_to_json() or notice_set_programs().
 * `relcheck notice`, `relcheck select` and `run --notice` all go through
 * this header. A notice_set owns every string in it; notice_set_release
 * frees them. Warnings are appended to a caller's strvec as "WHERE: WHAT";
 * nothing here prints.
 */
#ifndef RC_NOTICE_H
#define RC_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "config/catalog.h"
#include "config/config.h"
#include "core/error.h"
#include "core/strvec.h"

/* The default notice.subject regex. */
#define NOTICE_DEFAULT_SUBJECT "(?i)upgrade|release"

struct notice_program {
    char *code;
    char *name;          /* NULL when neither the notice nor catalog names it */
};

struct notice {
    char *source;        /* "file.eml", "box.mbox#3", "dir/cur/x", "-",
                            "imaps://host/INBOX;UID=7" */
    char *message_id;    /* without angle brackets; NULL when absent */
    char *subject;       /* UTF-8, decoded; NULL when absent */
    char *date;          /* "2026-11-20T09:15:00Z" (UTC); NULL when absent */
    char *release;       /* "10.0.23"; NULL when none found */
    struct notice_program *programs;   /* sorted by code, unique */
    size_t n_programs;
    bool packed;         /* programs is one allocation holding the array
                            and every code and name after it (read as
                            before; only notice_release cares) */
};

struct notice_set {
    struct notice *v;    /* in the order read */
    size_t n, cap;
};

/* What to read and how. Every pointer is borrowed and may be NULL. */
struct notice_opts {
    const char *subject;            /* regex; NULL: NOTICE_DEFAULT_SUBJECT */
    const char *from;               /* regex; NULL: any sender */
    const struct strvec *patterns;  /* extra PCRE2 patterns (code, name) */
    const char *release_pattern;    /* NULL: the default */
    const struct catalog *catalog;  /* NULL: no catalog */
    const char *search;             /* IMAP SEARCH criteria; NULL: "ALL" */
    const char *user;               /* IMAP "USER:PASSWORD", ${env:X} ok */
    const char *cacert;             /* CA file for imaps:// */
    const struct mailbox *mailbox;  /* notice.mailbox, for the SOURCE
                                       word "mailbox"; NULL: none */
    bool only_new;                  /* --new: mailbox messages without
                                       its mark keyword only */
    size_t mbox_in_memory;          /* largest mbox file read into memory
                                       whole, larger ones are streamed;
                                       0: the default, 64 MiB (tests set
                                       1 to take the streamed path) */
};

/* The SOURCE word that reads notice.mailbox. */
#define NOTICE_MAILBOX "mailbox"

/*
 * When sources hold the word "mailbox": resolves cfg's notice.mailbox
 * into *mb (the caller's, mailbox_release) and points o at it; only_new
 * is --new. Errors: RC_ECONFIG without a configuration (cfg NULL) or
 * without notice.mailbox or a variable it names; RC_EUSAGE for --new
 * without the source "mailbox".
 */
int notice_opts_mailbox(struct notice_opts *o, struct mailbox *mb,
                        const struct config *cfg,
                        const struct strvec *sources, bool only_new,
                        struct strvec *warnings, struct rc_error *err);

/*
 * Sets mb's mark keyword on the messages named by sources (notice source
 * names; those that did not come from mb are ignored) with one UID STORE
 * +FLAGS, so that --new skips them from now on. *n_marked (optional)
 * receives how many. Errors as reading the mailbox (RC_EENV).
 */
int notice_mailbox_mark(const struct mailbox *mb,
                        const struct strvec *sources, size_t *n_marked,
                        struct rc_error *err);

/*
 * Appends a warning to warnings when user ("USER:PASSWORD" from --user)
 * holds its password literally instead of as ${env:NAME}: a command line
 * is visible to every user of the machine. Returns 0 or RC_ENOMEM.
 */
int notice_check_user(const char *user, struct strvec *warnings);

/* Compiled patterns: reusable for many sources. */
struct notice_reader;

/* Fills o from cfg's notice settings (borrowed; cat may be NULL). */
void notice_opts_from_config(struct notice_opts *o, const struct config *cfg,
                             const struct catalog *cat);

/*
 * Compiles the patterns of o (which must outlive the reader). A bad regex
 * is RC_ECONFIG naming the setting ("notice.patterns[1]") and the PCRE2
 * message. *out is the caller's (notice_reader_free).
 */
int notice_reader_new(struct notice_reader **out, const struct notice_opts *o,
                      struct rc_error *err);
void notice_reader_free(struct notice_reader *r);

/*
 * Reads one source (file, folder, "-", imap:// or imaps:// URL, or the
 * word "mailbox" when o->mailbox is set)
 * and appends its notices to set. *n_programs (optional) receives how
 * many programs the new notices hold in total. Errors: RC_EINPUT for an
 * unreadable source or one that holds no message at all, RC_EENV for IMAP
 * failures (connection, TLS, login), RC_ECONFIG for a missing ${env:}
 * variable in opts->user. A malformed message yields what can be read
 * from it plus a warning.
 */
int notice_read_source(struct notice_reader *r, struct notice_set *set,
                       const char *source, size_t *n_programs,
                       struct strvec *warnings, struct rc_error *err);

/*
 * Reads the message or mbox in data (len bytes, may hold NUL bytes) as if
 * it came from a file named source. filter: apply notice.subject and
 * notice.from even to a single message. For stdin and the fuzzer.
 */
int notice_read_bytes(struct notice_reader *r, struct notice_set *set,
                      const char *source, const char *data, size_t len,
                      bool filter, struct strvec *warnings,
                      struct rc_error *err);

/*
 * The whole job: compiles o, reads every source in order. With
 * require_programs, a source that yields no program is RC_EINPUT
 * ("SOURCE: no changed program found ...") — what selection needs —
 * except the source mailbox read with o->only_new that holds no new
 * notice: the caller says "no new notice" (SPEC section 5).
 * On failure set keeps the notices read so far (release it anyway).
 */
int notice_read_sources(struct notice_set *set, const struct notice_opts *o,
                        const struct strvec *sources, bool require_programs,
                        struct strvec *warnings, struct rc_error *err);

void notice_set_release(struct notice_set *set);

/* The sorted, unique codes of every notice in set, appended to out. */
int notice_set_programs(struct strvec *out, const struct notice_set *set);

/*
 * The SPEC section 5 form: {"notices":[{"source","message_id","subject",
 * "date","release","programs":[{"code","name"}]}],"programs":[codes]}.
 * Returns a new reference, NULL on allocation failure.
 */
json_t *notice_set_to_json(const struct notice_set *set);

/*
 * Writes the same JSON as notice_set_to_json, indented by 2 like
 * json_dumpf(JSON_INDENT(2) | JSON_PRESERVE_ORDER), with a final newline,
 * straight to fp without building jansson values. Returns 0 or RC_ENOMEM;
 * write errors are left in fp (ferror) for the caller's checked close.
 */
int notice_set_write_json(FILE *fp, const struct notice_set *set);

/* Just the "notices" array of the above (for result.json). New ref. */
json_t *notice_set_notices_json(const struct notice_set *set);

#endif
