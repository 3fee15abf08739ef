/*
 * Outlook .msg files (MS-OXMSG) read with libgsf: a compound file whose
 * root storage holds the message's properties, variable-size ones as
 * "__substg1.0_IIIITTTT" streams and fixed-size ones in the
 * "__properties_version1.0" stream; attachments are storages
 * "__attach_version1.0_#N", an attached message is the storage
 * "__substg1.0_3701000D" inside one. Only the properties a notice needs
 * are read (mapi_wanted). The body of each message (mapi.c) becomes a
 * text chunk of struct msgparts, an attached message one level deeper,
 * as a forwarded message/rfc822 part would.
 */
#include "notice/notice_int.h"

#include <stdlib.h>
#include <string.h>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#include "notice/mapi.h"

static const unsigned char cfb_signature[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                               0xA1, 0xB1, 0x1A, 0xE1};

bool msg_is_compound(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, cfb_signature, 8) == 0;
}

struct msg_walk {
    struct msgparts *p;
    struct mapi_fields *fields;   /* the outer message's */
    const char *where;
    struct strvec *warnings;
    bool warned_depth;
};

/* Reads a whole stream (at most NOTICE_MAX_MESSAGE); NULL with *len 0
 * when it cannot be read. Caller frees. */
static unsigned char *read_stream(GsfInput *in, size_t *len)
{
    gsf_off_t size = gsf_input_size(in);
    unsigned char *buf;

    *len = 0;
    if (size < 0 || (size_t)size > NOTICE_MAX_MESSAGE)
        return NULL;
    buf = malloc((size_t)size + 1);
    if (buf == NULL)
        return NULL;
    if (size > 0 && gsf_input_read(in, (size_t)size, buf) == NULL) {
        free(buf);
        return NULL;
    }
    *len = (size_t)size;
    return buf;
}

static bool is_storage(GsfInput *in)
{
    return GSF_IS_INFILE(in) && gsf_infile_num_children(GSF_INFILE(in)) >= 0;
}

/* A "__substg1.0_IIIITTTT" stream: its tag, or 0 for another name. */
static uint32_t substg_tag(const char *name)
{
    char *end;
    unsigned long tag;

    if (name == NULL || strncmp(name, "__substg1.0_", 12) != 0 ||
        strlen(name) != 20)
        return 0;
    tag = strtoul(name + 12, &end, 16);
    return *end == '\0' ? (uint32_t)tag : 0;
}

/* The fixed-size properties of a storage's "__properties_version1.0"
 * (header of hdr bytes, then 16-byte entries: tag, flags, 8-byte value).
 */
static int fixed_props(struct mapi_props *props, GsfInfile *st, size_t hdr)
{
    GsfInput *in = gsf_infile_child_by_name(st, "__properties_version1.0");
    unsigned char *buf;
    size_t len = 0;
    int rc = 0;

    if (in == NULL)
        return 0;
    buf = read_stream(in, &len);
    g_object_unref(in);
    for (size_t off = hdr; buf && rc == 0 && off + 16 <= len; off += 16) {
        uint32_t tag = (uint32_t)buf[off] | (uint32_t)buf[off + 1] << 8 |
                       (uint32_t)buf[off + 2] << 16 |
                       (uint32_t)buf[off + 3] << 24;
        uint16_t type = tag & 0xFFFF;
        if (mapi_wanted((uint16_t)(tag >> 16)) &&
            (type == PT_LONG || type == PT_SYSTIME))
            rc = mapi_props_add(props, tag, buf + off + 8, 8);
    }
    free(buf);
    return rc;
}

/* The variable-size properties of storage st (its substg streams). */
static int stream_props(struct mapi_props *props, GsfInfile *st,
                        struct msg_walk *w)
{
    int n = gsf_infile_num_children(st), rc = 0;

    for (int i = 0; rc == 0 && i < n; i++) {
        const char *name = gsf_infile_name_by_index(st, i);
        uint32_t tag = substg_tag(name);
        GsfInput *in;
        unsigned char *buf;
        size_t len = 0;

        if (tag == 0 || !mapi_wanted((uint16_t)(tag >> 16)))
            continue;
        in = gsf_infile_child_by_index(st, i);
        if (in == NULL || is_storage(in)) {
            if (in)
                g_object_unref(in);
            continue;
        }
        buf = read_stream(in, &len);
        g_object_unref(in);
        if (buf == NULL) {
            rc = strvec_pushf(w->warnings, "%s: property stream '%s' "
                              "unreadable, skipped", w->where, name);
            continue;
        }
        rc = mapi_props_add(props, tag, buf, len);
        free(buf);
    }
    return rc;
}

/* Appends one body chunk to the parts. Takes text. */
static int add_chunk(struct msgparts *p, char *text, size_t len, bool html,
                     int level)
{
    int rc = msgparts_add(p, text, len, html, level);

    if (rc)
        free(text);
    return rc;
}

static int read_storage(struct msg_walk *w, GsfInfile *st, size_t hdr,
                        int level);

/* The attachments of st that are messages: one level deeper each. */
static int attached_messages(struct msg_walk *w, GsfInfile *st, int level)
{
    int n = gsf_infile_num_children(st), rc = 0;

    for (int i = 0; rc == 0 && i < n; i++) {
        const char *name = gsf_infile_name_by_index(st, i);
        GsfInput *att, *inner;

        if (name == NULL || strncmp(name, "__attach_version1.0_", 20) != 0)
            continue;
        att = gsf_infile_child_by_index(st, i);
        if (att == NULL)
            continue;
        inner = is_storage(att) ? gsf_infile_child_by_name(
                                      GSF_INFILE(att), "__substg1.0_3701000D")
                                : NULL;
        if (inner && is_storage(inner))
            rc = read_storage(w, GSF_INFILE(inner), 24, level + 1);
        if (inner)
            g_object_unref(inner);
        g_object_unref(att);
    }
    return rc;
}

/*
 * One message's storage: its properties, the fields (for the outer
 * message), its body as a chunk at level, then its attached messages.
 */
static int read_storage(struct msg_walk *w, GsfInfile *st, size_t hdr,
                        int level)
{
    struct mapi_props props = {0};
    struct mapi_fields f = {0};
    char *body = NULL;
    size_t len = 0;
    bool html = false;
    int rc;

    if (level > NOTICE_MAX_DEPTH) {
        if (w->warned_depth)
            return 0;
        w->warned_depth = true;
        return strvec_pushf(w->warnings, "%s: attached messages nested "
                            "deeper than %d levels skipped", w->where,
                            NOTICE_MAX_DEPTH);
    }
    rc = fixed_props(&props, st, hdr);
    if (rc == 0)
        rc = stream_props(&props, st, w);
    if (rc == 0)
        rc = mapi_fields_get(&f, &props);
    if (rc == 0 && f.subject)
        rc = strvec_push(&w->p->subjects, f.subject);
    if (rc == 0)
        rc = mapi_body(&body, &len, &html, &props, w->where, w->warnings);
    if (rc == 0 && body) {
        rc = add_chunk(w->p, body, len, html, level);
        if (level > w->p->max_level)
            w->p->max_level = level;
    }
    if (rc == 0 && level == 0 && w->fields) {
        *w->fields = f;
        memset(&f, 0, sizeof f);
    }
    mapi_fields_release(&f);
    mapi_props_release(&props);
    if (rc == 0)
        rc = attached_messages(w, st, level);
    return rc;
}

/* libgsf reports a corrupt compound file through GLib's critical
 * messages before it fails; the failure is what the user gets (as an
 * error naming the file), so those messages are not printed. */
static void quiet(const gchar *domain, GLogLevelFlags level,
                  const gchar *message, gpointer data)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

static void msg_init(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        gsf_init();
        g_log_set_handler("libgsf:msole", G_LOG_LEVEL_MASK, quiet, NULL);
        g_log_set_handler("libgsf", G_LOG_LEVEL_MASK, quiet, NULL);
        g_once_init_leave(&done, 1);
    }
}

int msg_collect(struct msgparts *p, struct mapi_fields *fields,
                const char *data, size_t len, const char *where,
                struct strvec *warnings, struct rc_error *err)
{
    struct msg_walk w = {p, fields, where, warnings, false};
    GsfInput *in;
    GsfInfile *root;
    GError *gerr = NULL;
    int rc;

    msg_init();
    in = gsf_input_memory_new((const guint8 *)data, (gsf_off_t)len, FALSE);
    if (in == NULL)
        return rc_error_set(err, RC_ENOMEM, where, "out of memory");
    root = gsf_infile_msole_new(in, &gerr);
    g_object_unref(in);
    if (root == NULL) {
        rc = rc_error_set(err, RC_EINPUT, where, "not a readable Outlook "
                          ".msg file (%s)", gerr && gerr->message
                          ? gerr->message : "compound file is corrupt");
        g_clear_error(&gerr);
        return rc;
    }
    rc = read_storage(&w, root, 32, 0);
    g_object_unref(root);
    if (rc == RC_ENOMEM)
        rc = rc_error_set(err, RC_ENOMEM, where, "out of memory");
    return rc;
}
