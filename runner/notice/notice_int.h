/*
 * Internals shared by the files of runner/notice/: the text of one message
 * as the MIME walk leaves it (mime.c), the PCRE2 matchers that find
 * programs and the release in that text (programs.c), and the IMAP fetch
 * (imap.c). Not for use outside runner/notice/.
 */
#ifndef RC_NOTICE_INT_H
#define RC_NOTICE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <pthread.h>

#include <gmime/gmime.h>

#include "core/buf.h"
#include "notice/notice.h"

/* Deepest chain of forwarded messages and multiparts walked. */
#define NOTICE_MAX_DEPTH 32
/* Largest single message or file read into memory: 64 MiB. */
#define NOTICE_MAX_MESSAGE ((size_t)64 << 20)

/* An mbox up to this size is read into memory whole before parsing
 * (notice.c), as any other file up to NOTICE_MAX_MESSAGE; a larger one is
 * streamed from the file, so memory stays bounded for an archive. */
#define NOTICE_MBOX_IN_MEMORY NOTICE_MAX_MESSAGE

/*
 * The text of one message: its lines owned by the struct
 * (msgtext_release), its subjects borrowed from the msgparts they were
 * made from, which must outlive it.
 * note: lines written by whoever forwarded the notice (the body of a
 * message that carries a forwarded one, and text before an inline
 * "Forwarded message" marker): the default code pattern does not apply
 * there, so capitalised words in a forwarding note are not programs.
 */
struct msgtext {
    const struct strvec *subjects; /* the message's own, then forwarded
                                      ones */
    struct strvec note;
    struct strvec body;
};

void msgtext_release(struct msgtext *t);

/* One decoded text part, len bytes (owned, NUL-terminated after them).
 * Stage two makes it valid UTF-8 without NUL bytes (mime.c). */
struct text_chunk {
    char *data;
    size_t len;
    bool html;
    int level;          /* forwarded-message nesting */
    bool guess_1252;    /* invalid UTF-8 is read as windows-1252 (no
                           charset conversion ran) */
};

/*
 * A message's text parts as the GMime stage leaves them, before lines
 * are made of them; owned by the struct (msgparts_release). Splitting the
 * work here lets an mbox be read on one thread while another makes lines
 * and finds programs.
 */
struct msgparts {
    struct text_chunk *v;
    size_t n, cap;
    int max_level;
    struct strvec subjects;
};

void msgparts_release(struct msgparts *p);

/* Appends a chunk (data: UTF-8, len bytes, taken on success) to p.
 * Returns 0 or RC_ENOMEM. */
int msgparts_add(struct msgparts *p, char *data, size_t len, bool html,
                 int level);

/* Stage one (GMime, the reading thread): the walk and the decoding of
 * msg's text parts into p. Returns 0 or RC_ENOMEM. */
int mime_collect(struct msgparts *p, GMimeMessage *msg, const char *where,
                 struct strvec *warnings);

/* Stage two (no GMime, any thread): the lines of p into t, whose
 * subjects point into p. p is left as it was, so the thread that made
 * it frees it (see pipeline.c). Returns 0 or RC_ENOMEM. */
int msgparts_text(struct msgtext *t, const struct msgparts *p);

/* Makes GMime ready (idempotent; never shut down). */
void mime_init(void);

/* Whether data starts with the compound-file signature (D0 CF 11 E0 A1
 * B1 1A E1): an Outlook .msg, whatever the file is called. */
bool msg_is_compound(const char *data, size_t len);

struct mapi_fields;

/*
 * Reads the Outlook .msg in data (msg.c, libgsf): its body and those of
 * its attached messages (one level deeper, like forwarded parts) into p,
 * every subject into p->subjects, and the outer message's fields into
 * *fields (the caller's, mapi_fields_release). A file that is no
 * readable compound file is RC_EINPUT naming where; an unreadable
 * property or RTF body is a warning.
 */
int msg_collect(struct msgparts *p, struct mapi_fields *fields,
                const char *data, size_t len, const char *where,
                struct strvec *warnings, struct rc_error *err);

/*
 * Reads the TNEF stream in data (tnef.c: an application/ms-tnef part,
 * winmail.dat) and appends its body to p at level, and the bodies of
 * its attached messages one level deeper. A broken stream (signature,
 * attribute checksum, length) is a warning naming where and yields what
 * was read before the break. Returns 0 or RC_ENOMEM.
 */
int tnef_collect(struct msgparts *p, const unsigned char *data, size_t len,
                 int level, const char *where, struct strvec *warnings);

/* Program and release matchers (programs.c). */
struct progm;

int progm_new(struct progm **out, const struct notice_opts *o,
              struct rc_error *err);
void progm_free(struct progm *m);

/* Whether a message with this subject and sender is a notice. */
bool progm_is_notice(const struct progm *m, const char *subject,
                     const char *from);

/*
 * Finds the programs and the release of t into n (n->programs sorted and
 * unique, n->release set when found). Unknown codes (with a catalog) are
 * warnings naming n->source. Returns 0 or RC_ENOMEM.
 */
int progm_scan(const struct progm *m, struct notice *n,
               const struct msgtext *t, struct strvec *warnings);

/*
 * Fetches the messages of an imap:// or imaps:// URL (one message when the
 * URL names a UID, else those found by o->search) and calls fn for each
 * with the raw bytes and a source name ("URL;UID=N"). Errors: RC_EENV
 * (connection, TLS, login, server), RC_ECONFIG (missing ${env:}), or what
 * fn returned.
 */
typedef int (*imap_message_fn)(void *ctx, const char *source,
                               const char *data, size_t len);
int imap_fetch(const char *url, const struct notice_opts *o,
               imap_message_fn fn, void *ctx, struct rc_error *err);

/*
 * The same for o->mailbox (notice.mailbox): its URL, search (--search
 * overrides it), CA file and login (basic; bearer and oauth2 through
 * SASL XOAUTH2, the oauth2 token fetched first with the ERP's token
 * code). With o->only_new, messages with the mark keyword are left out.
 */
int imap_fetch_mailbox(const struct notice_opts *o, imap_message_fn fn,
                       void *ctx, struct rc_error *err);

/* Adds mb's mark keyword to the messages with these UIDs. */
int imap_mark_mailbox(const struct mailbox *mb, const struct strvec *uids,
                      struct rc_error *err);

/* The mailbox URL as source names show it (no user information, a
 * folder always named), caller frees; NULL on allocation failure. */
char *imap_shown_base(const char *url);

/* A reader (notice.h): the compiled patterns, its options (borrowed) and
 * GMime's complaints about the message being parsed. */
struct notice_reader {
    const struct notice_opts *o;
    struct progm *m;
    struct strvec pending;   /* GMime's complaints about the current message */
};

struct pipe;

/* What reading one source needs in its callbacks. */
struct rctx {
    struct notice_reader *r;
    struct notice_set *set;
    struct strvec *warnings;
    struct rc_error *err;
    struct pipe *pipe;        /* NULL: stage two runs inline */
};

/*
 * The two-stage pipeline of an mbox (pipeline.c): the reading thread
 * queues jobs, one worker thread finishes them in order.
 */
#define PIPE_MAX 256     /* jobs waiting at most */
#define PIPE_BATCH 32    /* jobs handed over at a time */

struct pipe {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct job *head, *tail;  /* the queue (under mu) */
    size_t count;
    struct job *done;         /* finished, for the reading thread to free
                                 (under mu) */
    bool closed;
    struct job *bhead, *btail;    /* the reading thread's batch */
    size_t bcount;
    int rc;
    struct notice_reader *r;
    struct notice_set *set;
    struct strvec warnings;
};

/*
 * Moves n's programs into one allocation, the array followed by every
 * code and name (n->packed), once they are final: writing thousands of
 * notices then reads each notice's programs from one place instead of
 * two strings scattered over the heap per program (a cache miss each),
 * and releasing them is one free. Returns 0, or RC_ENOMEM with n as it
 * was.
 */
int notice_pack_programs(struct notice *n);

/* Releases n's contents (notice.c). */
void notice_release(struct notice *n);

/* Appends n to set, taking its contents (released on failure). Returns 0
 * or RC_ENOMEM. */
int notice_set_add(struct notice_set *set, struct notice *n);

/* Moves the pending parser warnings of r to warnings, naming source, when
 * keep (mbox.c); drops them otherwise. */
void notice_flush_pending(struct notice_reader *r, const char *source,
                          struct strvec *warnings, bool keep);

/* Whether data starts like mail (an mbox "From " line or a header), and
 * like an mbox. */
bool notice_looks_like_mail(const char *data, size_t len);
bool notice_is_mbox(const char *data, size_t len);

/* One message from stream; RC_EINPUT when it is not mail at all. */
int notice_read_single(struct rctx *c, GMimeStream *stream,
                       const char *source, bool filter);

/* Every message of an mbox stream, through the pipeline when pipelined
 * (and a thread can be made). RC_EINPUT when no message is found. */
int notice_read_mbox(struct rctx *c, GMimeStream *stream, const char *source,
                     bool pipelined);

/* Turns one parsed message into a notice in c->set, unless filter is on
 * and its subject or sender does not match (pipeline.c). Returns 0 or
 * RC_ENOMEM. */
int notice_take_message(struct rctx *c, GMimeMessage *msg,
                        const char *source, bool filter);

/* An Outlook .msg in data (msg.c) as a notice in c->set, through the
 * same stages as a MIME message (pipeline.c); with filter, one whose
 * subject or sender does not match is none. RC_EINPUT when it is no
 * readable compound file, RC_ENOMEM. */
int notice_read_msg(struct rctx *c, const char *source, const char *data,
                    size_t len, bool filter);

/* Starts the pipeline's worker; false when no thread could be made (then
 * the caller works alone). */
bool notice_pipe_open(struct pipe *p, struct notice_reader *r,
                      struct notice_set *set);

/* Lets the worker finish, joins it, hands its warnings over; returns the
 * worker's status. */
int notice_pipe_close(struct pipe *p, struct strvec *warnings);

#endif
