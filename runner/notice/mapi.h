/*
 * MAPI properties of one Outlook message, whichever container they came
 * from (an Outlook .msg read by msg.c, a TNEF part read by tnef.c), and
 * what a notice needs of them: subject, sender, date and message id, and
 * the body in SPEC section 5's order (HTML property, HTML in the RTF
 * body, plain-text property, text in the RTF body), converted to UTF-8
 * through the message's code page. A mapi_props owns copies of its
 * values (mapi_props_release). Internal to runner/notice/.
 */
#ifndef RC_NOTICE_MAPI_H
#define RC_NOTICE_MAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "core/strvec.h"

/* Property types (MS-OXCDATA 2.11.1). */
#define PT_SHORT 0x0002
#define PT_LONG 0x0003
#define PT_FLOAT 0x0004
#define PT_DOUBLE 0x0005
#define PT_CURRENCY 0x0006
#define PT_APPTIME 0x0007
#define PT_ERROR 0x000A
#define PT_BOOLEAN 0x000B
#define PT_OBJECT 0x000D
#define PT_I8 0x0014
#define PT_STRING8 0x001E
#define PT_UNICODE 0x001F
#define PT_SYSTIME 0x0040
#define PT_CLSID 0x0048
#define PT_BINARY 0x0102
#define PT_MV 0x1000

/* Property ids a notice reads. */
#define PID_SUBJECT 0x0037
#define PID_CLIENT_SUBMIT_TIME 0x0039
#define PID_SENT_REPRESENTING_NAME 0x0042
#define PID_SENT_REPRESENTING_EMAIL 0x0065
#define PID_SENDER_NAME 0x0C1A
#define PID_SENDER_EMAIL 0x0C1F
#define PID_DELIVERY_TIME 0x0E06
#define PID_BODY 0x1000
#define PID_RTF_COMPRESSED 0x1009
#define PID_BODY_HTML 0x1013
#define PID_INTERNET_MESSAGE_ID 0x1035
#define PID_ATTACH_DATA 0x3701
#define PID_ATTACH_MIME_TAG 0x370E
#define PID_ATTACH_LONG_FILENAME 0x3707
#define PID_INTERNET_CPID 0x3FDE
#define PID_MESSAGE_CODEPAGE 0x3FFD
#define PID_SENDER_SMTP_ADDRESS 0x5D01

#define MAPI_TAG(id, type) ((uint32_t)(id) << 16 | (uint32_t)(type))

struct mapi_prop {
    uint32_t tag;           /* id << 16 | type */
    unsigned char *data;    /* owned; fixed-size values as stored (LE) */
    size_t len;
};

struct mapi_props {
    struct mapi_prop *v;
    size_t n, cap;
};

/* Whether a notice needs the property with this id (the readers keep
 * only those, so a big attachment never sits in memory). */
bool mapi_wanted(uint16_t id);

/* Appends a copy of len bytes under tag. Returns 0 or RC_ENOMEM. */
int mapi_props_add(struct mapi_props *p, uint32_t tag, const void *data,
                   size_t len);
void mapi_props_release(struct mapi_props *p);

/* The first property with this id (any type), or NULL. Borrowed. */
const struct mapi_prop *mapi_props_get(const struct mapi_props *p,
                                       uint16_t id);

/*
 * Converts len bytes in Windows code page cp (1252, 932, 65001, 28591,
 * ...) to UTF-8 (*out_len bytes, NUL-terminated, no NUL inside). Bytes
 * the code page cannot convert are read as windows-1252, and what is
 * still invalid is repaired. NULL only on allocation failure.
 */
char *mapi_codepage_to_utf8(size_t *out_len, const char *s, size_t len,
                            unsigned int cp);

/* The notice fields of a message; strings owned, NULL when absent. */
struct mapi_fields {
    char *subject;
    char *from;         /* "Name <address>" */
    char *date;         /* UTC ISO-8601: submit time, else delivery */
    char *message_id;   /* without angle brackets */
};

void mapi_fields_release(struct mapi_fields *f);

/* Fills f from p. Returns 0 or RC_ENOMEM. */
int mapi_fields_get(struct mapi_fields *f, const struct mapi_props *p);

/*
 * The message's body in SPEC section 5's order, in UTF-8: *html says
 * whether it is HTML. A compressed RTF body that cannot be read is a
 * warning naming where, and the next body is taken. *out is NULL (and 0
 * returned) when the message has no body at all. Returns 0 or
 * RC_ENOMEM.
 */
int mapi_body(char **out, size_t *out_len, bool *html,
              const struct mapi_props *p, const char *where,
              struct strvec *warnings);

#endif
