/*
 * TNEF (MS-OXTNEF): the application/ms-tnef part (winmail.dat) that
 * Outlook sends instead of MIME. A stream is a signature, a key, then
 * attributes (level, id, length, data, checksum); the message's MAPI
 * properties are in attMAPIProps, each attachment's in attAttachment
 * after its attAttachRendData. Every checksum and length is checked; the
 * first broken attribute ends the read with a warning, keeping what came
 * before. The body is chosen by mapi.c like a .msg's; an attached
 * message (PR_ATTACH_DATA_OBJ holding a TNEF stream) is one level
 * deeper. libytnef was considered and left: it prints its complaints to
 * standard output. Nothing here allocates more than the data holds.
 */
#include "notice/notice_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "notice/mapi.h"

#define TNEF_SIGNATURE 0x223E9F78u
#define LVL_MESSAGE 1
#define LVL_ATTACHMENT 2
#define ATT_SUBJECT 0x00018004u
#define ATT_BODY 0x0002800Cu
#define ATT_MAPI_PROPS 0x00069003u
#define ATT_ATTACH_REND_DATA 0x00069002u
#define ATT_ATTACHMENT 0x00069005u

struct cursor {
    const unsigned char *p;
    size_t len, off;
};

static bool take(struct cursor *c, size_t n, const unsigned char **out)
{
    if (n > c->len - c->off)
        return false;
    if (out)
        *out = c->p + c->off;
    c->off += n;
    return true;
}

static bool u32(struct cursor *c, uint32_t *v)
{
    const unsigned char *b;

    if (!take(c, 4, &b))
        return false;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
    return true;
}

static bool u16(struct cursor *c, uint16_t *v)
{
    const unsigned char *b;

    if (!take(c, 2, &b))
        return false;
    *v = (uint16_t)(b[0] | b[1] << 8);
    return true;
}

/* Size of one fixed-size value as TNEF stores it, 0 for variable. */
static size_t fixed_size(uint16_t type)
{
    switch (type) {
    case PT_SHORT: case PT_LONG: case PT_FLOAT: case PT_ERROR:
    case PT_BOOLEAN: case 0x0001:   /* PT_NULL */
        return 4;
    case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME: case PT_I8:
    case PT_SYSTIME:
        return 8;
    case PT_CLSID:
        return 16;
    default:
        return 0;
    }
}

static bool variable_type(uint16_t type)
{
    return type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY ||
           type == PT_OBJECT;
}

/* Skips a named property's name (GUID, kind, id or name). */
static bool skip_name(struct cursor *c)
{
    uint32_t kind, n;

    if (!take(c, 16, NULL) || !u32(c, &kind))
        return false;
    if (kind == 0)
        return u32(c, &n);
    if (kind != 1 || !u32(c, &n))
        return false;
    return take(c, ((size_t)n + 3) & ~(size_t)3, NULL);
}

/*
 * One property of an attMAPIProps-like list into props (when wanted).
 * Returns 1 when read, 0 when the list is broken, RC_ENOMEM (negative)
 * on allocation failure.
 */
static int one_prop(struct cursor *c, struct mapi_props *props)
{
    uint16_t type, id, base;
    uint32_t count = 1;
    size_t fsz;
    int rc = 0;

    if (!u16(c, &type) || !u16(c, &id))
        return 0;
    if (id >= 0x8000 && !skip_name(c))
        return 0;
    base = type & (uint16_t)~PT_MV;
    fsz = fixed_size(base);
    if (fsz == 0 && !variable_type(base))
        return 0;
    if (((type & PT_MV) || fsz == 0) && !u32(c, &count))
        return 0;
    if (count > c->len - c->off)
        return 0;
    for (uint32_t i = 0; i < count && rc == 0; i++) {
        const unsigned char *v;
        uint32_t n = (uint32_t)fsz;
        if (fsz == 0 && !u32(c, &n))
            return 0;
        if (!take(c, n, &v) ||
            !take(c, (((size_t)n + 3) & ~(size_t)3) - n, NULL))
            return 0;
        if (i == 0 && !(type & PT_MV) && mapi_wanted(id))
            rc = mapi_props_add(props, MAPI_TAG(id, base), v, n);
        if (i == 0 && id == PID_ATTACH_DATA && base == PT_OBJECT)
            rc = mapi_props_add(props, MAPI_TAG(id, base), v, n);
    }
    return rc ? rc : 1;
}

/* An attMAPIProps or attAttachment value; *broken when it is. Returns 0
 * or RC_ENOMEM. */
static int read_props(const unsigned char *data, size_t len,
                      struct mapi_props *props, bool *broken)
{
    struct cursor c = {data, len, 0};
    uint32_t count;

    if (!u32(&c, &count)) {
        *broken = true;
        return 0;
    }
    for (uint32_t i = 0; i < count; i++) {
        int r = one_prop(&c, props);
        if (r < 0)
            return r;
        if (r == 0) {
            *broken = true;
            return 0;
        }
    }
    return 0;
}

/* One TNEF stream's message and attachments, as read so far. */
struct tnef_msg {
    struct mapi_props msg;
    struct mapi_props *atts;
    size_t n_atts, cap_atts;
};

static void tnef_msg_release(struct tnef_msg *m)
{
    mapi_props_release(&m->msg);
    for (size_t i = 0; i < m->n_atts; i++)
        mapi_props_release(&m->atts[i]);
    free(m->atts);
}

/* Acts on one attribute. Returns 0, RC_ENOMEM, or 1 when broken. */
static int attribute(struct tnef_msg *m, unsigned lvl, uint32_t id,
                     const unsigned char *v, size_t n)
{
    bool broken = false;
    int rc = 0;

    if (lvl == LVL_ATTACHMENT && id == ATT_ATTACH_REND_DATA) {
        if (RC_GROW(m->atts, m->cap_atts, m->n_atts, 2) != 0)
            return RC_ENOMEM;
        memset(&m->atts[m->n_atts++], 0, sizeof *m->atts);
    } else if (lvl == LVL_ATTACHMENT && id == ATT_ATTACHMENT &&
               m->n_atts > 0) {
        rc = read_props(v, n, &m->atts[m->n_atts - 1], &broken);
    } else if (lvl == LVL_MESSAGE && id == ATT_MAPI_PROPS) {
        rc = read_props(v, n, &m->msg, &broken);
    } else if (lvl == LVL_MESSAGE && id == ATT_BODY) {
        rc = mapi_props_add(&m->msg, MAPI_TAG(PID_BODY, PT_STRING8) |
                            0x80000000u, v, n);
    } else if (lvl == LVL_MESSAGE && id == ATT_SUBJECT) {
        rc = mapi_props_add(&m->msg, MAPI_TAG(PID_SUBJECT, PT_STRING8) |
                            0x80000000u, v, n);
    }
    return rc ? rc : broken ? 1 : 0;
}

/* Reads the attributes of data into m; *problem names the first break. */
static int read_stream(struct tnef_msg *m, const unsigned char *data,
                       size_t len, const char **problem)
{
    struct cursor c = {data, len, 0};
    uint32_t sig;

    if (!u32(&c, &sig) || sig != TNEF_SIGNATURE || !take(&c, 2, NULL)) {
        *problem = "no TNEF signature";
        return 0;
    }
    while (c.off < c.len) {
        const unsigned char *lv, *v;
        uint32_t id, n;
        uint16_t sum, want = 0;
        int rc;

        if (!take(&c, 1, &lv) || !u32(&c, &id) || !u32(&c, &n) ||
            !take(&c, n, &v) || !u16(&c, &sum)) {
            *problem = "attribute runs past the end";
            return 0;
        }
        for (uint32_t i = 0; i < n; i++)
            want = (uint16_t)(want + v[i]);
        if (want != sum) {
            *problem = "attribute checksum mismatch";
            return 0;
        }
        rc = attribute(m, lv[0], id, v, n);
        if (rc == 1) {
            *problem = "MAPI property list is broken";
            return 0;
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* The 8-bit properties TNEF attributes gave (tagged with the high bit)
 * count only when attMAPIProps has no property of that id. */
static void drop_shadowed(struct mapi_props *p)
{
    for (size_t i = 0; i < p->n; i++) {
        uint32_t tag = p->v[i].tag;
        if (!(tag & 0x80000000u))
            continue;
        p->v[i].tag = tag & 0x7FFFFFFFu;
        for (size_t k = 0; k < p->n; k++)
            if (k != i && !(p->v[k].tag & 0x80000000u) &&
                p->v[k].tag >> 16 == (tag & 0x7FFFFFFFu) >> 16) {
                p->v[i].tag = 0;   /* id 0: never asked for */
                break;
            }
    }
}

static int collect(struct msgparts *p, const unsigned char *data,
                   size_t len, int level, const char *where,
                   struct strvec *warnings);

/* The attached messages of m, one level deeper. */
static int attached(struct msgparts *p, const struct tnef_msg *m, int level,
                    const char *where, struct strvec *warnings)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < m->n_atts; i++) {
        const struct mapi_prop *obj = mapi_props_get(&m->atts[i],
                                                     PID_ATTACH_DATA);
        if (obj && (obj->tag & 0xFFFF) == PT_OBJECT && obj->len > 16)
            rc = collect(p, obj->data + 16, obj->len - 16, level + 1, where,
                         warnings);
    }
    return rc;
}

static int collect(struct msgparts *p, const unsigned char *data,
                   size_t len, int level, const char *where,
                   struct strvec *warnings)
{
    struct tnef_msg m;
    const char *problem = NULL;
    char *body = NULL;
    size_t n = 0;
    bool html = false;
    int rc;

    if (level > NOTICE_MAX_DEPTH)
        return 0;
    memset(&m, 0, sizeof m);
    rc = read_stream(&m, data, len, &problem);
    if (rc == 0 && problem)
        rc = strvec_pushf(warnings, "%s: TNEF part: %s, read what could be "
                          "read", where, problem);
    drop_shadowed(&m.msg);
    if (rc == 0 && level > 0) {
        struct mapi_fields f;
        rc = mapi_fields_get(&f, &m.msg);
        if (rc == 0 && f.subject)
            rc = strvec_push(&p->subjects, f.subject);
        if (rc == 0)
            mapi_fields_release(&f);
    }
    if (rc == 0)
        rc = mapi_body(&body, &n, &html, &m.msg, where, warnings);
    if (rc == 0 && body) {
        rc = msgparts_add(p, body, n, html, level);
        if (rc)
            free(body);
        else if (level > p->max_level)
            p->max_level = level;
    }
    if (rc == 0)
        rc = attached(p, &m, level, where, warnings);
    tnef_msg_release(&m);
    return rc;
}

int tnef_collect(struct msgparts *p, const unsigned char *data, size_t len,
                 int level, const char *where, struct strvec *warnings)
{
    return collect(p, data, len, level, where, warnings);
}
