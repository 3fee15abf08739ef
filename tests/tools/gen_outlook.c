/*
 * gen_outlook DIR: writes the Outlook test corpus into DIR (which must
 * exist): .msg files made with libgsf's compound-file writer
 * (GsfOutfileMSOle, laid out per MS-OXMSG) covering every body variant
 * SPEC section 5 names, and .eml files carrying TNEF parts (MS-OXTNEF)
 * with their checksums. Compressed RTF is written as literal runs
 * (MS-OXRTFCP allows a stream without references) with its CRC computed
 * here, independently of runner/notice/rtf.c; the MS-OXRTFCP examples
 * with references are in tests/unit/test_notice_rtf.c. The files are
 * made, never committed: tests/integration/test_notice_outlook.py runs
 * this and reads them; fuzz/ seeds come from it too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>

/* A growing byte buffer. */
struct bytes {
    unsigned char *p;
    size_t n, cap;
};

static void put(struct bytes *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        if (b->p == NULL)
            abort();
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void put32(struct bytes *b, uint32_t v)
{
    unsigned char x[4] = {v & 0xFF, v >> 8 & 0xFF, v >> 16 & 0xFF, v >> 24};
    put(b, x, 4);
}

static void put16(struct bytes *b, uint16_t v)
{
    unsigned char x[2] = {v & 0xFF, v >> 8};
    put(b, x, 2);
}

static void put64(struct bytes *b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}

/* UTF-8 to UTF-16LE with a terminating NUL, as Outlook stores strings. */
static struct bytes utf16(const char *s)
{
    struct bytes b = {0};
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);

    for (glong i = 0; i <= n; i++)
        put16(&b, i < n ? u[i] : 0);
    g_free(u);
    return b;
}

static struct bytes cp1252(const char *s)
{
    struct bytes b = {0};
    gsize n = 0;
    gchar *c = g_convert(s, -1, "WINDOWS-1252", "UTF-8", NULL, &n, NULL);

    put(&b, c, n + 1);
    g_free(c);
    return b;
}

static struct bytes raw_n(const char *s, size_t n)
{
    struct bytes b = {0};
    put(&b, s, n);
    return b;
}

static struct bytes raw(const char *s)
{
    return raw_n(s, strlen(s));
}

/* A string literal with its NUL bytes (without the final one). */
#define RAW(lit) raw_n(lit, sizeof lit - 1)

static uint32_t crc(const unsigned char *p, size_t n)
{
    static uint32_t table[256];
    uint32_t c = 0;

    if (table[1] == 0)
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t t = i;
            for (int k = 0; k < 8; k++)
                t = t & 1 ? 0xEDB88320u ^ (t >> 1) : t >> 1;
            table[i] = t;
        }
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c;
}

/* PR_RTF_COMPRESSED of rtf: LZFu made of literal runs ended by the
 * end-of-stream reference, or MELA (uncompressed). bad_crc spoils the
 * CRC. */
static struct bytes compress_rtf(const char *rtf, int mela, int bad_crc)
{
    struct bytes body = {0}, out = {0};
    size_t n = strlen(rtf), wpos = 207;

    if (mela) {
        put(&body, rtf, n);
    } else {
        for (size_t i = 0; i <= n; i += 8) {
            size_t k = n - i < 8 ? n - i : 8;
            unsigned char ctrl = k < 8 ? (unsigned char)(1u << k) : 0;
            put(&body, &ctrl, 1);
            put(&body, rtf + i, k);
            wpos = (wpos + k) % 4096;
            if (k < 8) {   /* the reference whose offset is wpos: end */
                unsigned char ref[2] = {(unsigned char)(wpos >> 4),
                                        (unsigned char)((wpos & 0xF) << 4)};
                put(&body, ref, 2);
                break;
            }
        }
    }
    put32(&out, (uint32_t)(body.n + 12));
    put32(&out, (uint32_t)n);
    put(&out, mela ? "MELA" : "LZFu", 4);
    put32(&out, mela ? 0 : crc(body.p, body.n) ^ (bad_crc ? 1u : 0u));
    put(&out, body.p, body.n);
    free(body.p);
    return out;
}

/* One property of a message under construction. */
struct prop {
    uint16_t id, type;
    struct bytes v;        /* variable-size value */
    uint64_t fixed;        /* PT_LONG, PT_SYSTIME */
};

struct msg {
    struct prop props[16];
    int n;
    struct msg *attached;  /* an attached message, or NULL */
};

static void add_var(struct msg *m, uint16_t id, uint16_t type,
                    struct bytes v)
{
    m->props[m->n++] = (struct prop){id, type, v, 0};
}

static void add_fixed(struct msg *m, uint16_t id, uint16_t type,
                      uint64_t v)
{
    m->props[m->n++] = (struct prop){id, type, {0}, v};
}

/* 2026-11-20T09:15:00Z as a FILETIME. */
static const uint64_t submit_time =
    (1795166100ull + 11644473600ull) * 10000000ull;

static void basic(struct msg *m, const char *subject)
{
    add_var(m, 0x0037, 0x001F, utf16(subject));
    add_var(m, 0x0C1A, 0x001F, utf16("AllSolutions Releasebeheer"));
    add_var(m, 0x5D01, 0x001F, utf16("release@allsolutions.nl"));
    add_var(m, 0x1035, 0x001F, utf16("<msg-1@allsolutions.nl>"));
    add_var(m, 0x001A, 0x001F, utf16("IPM.Note"));
    add_fixed(m, 0x0039, 0x0040, submit_time);
}

static void write_stream(GsfOutfile *dir, const char *name,
                         const void *p, size_t n)
{
    GsfOutput *o = gsf_outfile_new_child(dir, name, FALSE);
    gsf_output_write(o, n, p);
    gsf_output_close(o);
    g_object_unref(o);
}

/* Writes m's properties into storage dir; hdr is the header size of its
 * __properties_version1.0 (32 top level, 24 attached message). */
static void write_msg(GsfOutfile *dir, const struct msg *m, size_t hdr)
{
    struct bytes pv = {0};
    unsigned char zero[32] = {0};

    put(&pv, zero, 8);
    put32(&pv, 1);                        /* next recipient id */
    put32(&pv, m->attached ? 1 : 0);      /* next attachment id */
    put32(&pv, 0);                        /* recipients */
    put32(&pv, m->attached ? 1 : 0);      /* attachments */
    if (hdr == 32)
        put(&pv, zero, 8);
    for (int i = 0; i < m->n; i++) {
        const struct prop *p = &m->props[i];
        char name[32];
        put32(&pv, (uint32_t)p->id << 16 | p->type);
        put32(&pv, 6);                    /* readable, writable */
        if (p->type == 0x0003 || p->type == 0x0040) {
            put64(&pv, p->fixed);
            continue;
        }
        put32(&pv, (uint32_t)p->v.n);
        put32(&pv, 0);
        snprintf(name, sizeof name, "__substg1.0_%04X%04X", p->id, p->type);
        write_stream(dir, name, p->v.p, p->v.n);
    }
    write_stream(dir, "__properties_version1.0", pv.p, pv.n);
    free(pv.p);
    if (hdr == 32) {
        GsfOutfile *nameid = GSF_OUTFILE(gsf_outfile_new_child(
            dir, "__nameid_version1.0", TRUE));
        write_stream(nameid, "__substg1.0_00020102", "", 0);
        write_stream(nameid, "__substg1.0_00030102", "", 0);
        write_stream(nameid, "__substg1.0_00040102", "", 0);
        gsf_output_close(GSF_OUTPUT(nameid));
        g_object_unref(nameid);
    }
    if (m->attached) {
        GsfOutfile *att = GSF_OUTFILE(gsf_outfile_new_child(
            dir, "__attach_version1.0_#00000000", TRUE));
        struct bytes apv = {0};
        GsfOutfile *inner;
        put(&apv, zero, 8);
        put32(&apv, 0x37050003);          /* PR_ATTACH_METHOD */
        put32(&apv, 6);
        put64(&apv, 5);                   /* ATTACH_EMBEDDED_MSG */
        write_stream(att, "__properties_version1.0", apv.p, apv.n);
        free(apv.p);
        inner = GSF_OUTFILE(gsf_outfile_new_child(att, "__substg1.0_3701000D",
                                                  TRUE));
        write_msg(inner, m->attached, 24);
        gsf_output_close(GSF_OUTPUT(inner));
        g_object_unref(inner);
        gsf_output_close(GSF_OUTPUT(att));
        g_object_unref(att);
    }
}

static char *path_in(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

/* Frees the property values of m and of its attached message. */
static void msg_release(struct msg *m)
{
    for (int i = 0; i < m->n; i++)
        free(m->props[i].v.p);
    m->n = 0;
    if (m->attached)
        msg_release(m->attached);
}

/* Writes m as DIR/name, then releases its property values. */
static void save_msg(const char *dir, const char *name, struct msg *m)
{
    char *path = path_in(dir, name);
    GError *err = NULL;
    GsfOutput *out = gsf_output_stdio_new(path, &err);
    GsfOutfile *root;

    if (out == NULL) {
        fprintf(stderr, "gen_outlook: %s: %s\n", path, err->message);
        exit(1);
    }
    root = gsf_outfile_msole_new(out);
    write_msg(root, m, 32);
    gsf_output_close(GSF_OUTPUT(root));   /* closes out too */
    g_object_unref(root);
    g_object_unref(out);
    g_free(path);
    msg_release(m);
}

static const char table_html[] =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html\">"
    "</head><body><p>Beste klant,</p><p>In release 10.0.24 zijn de "
    "volgende programma's gewijzigd:</p><table><tr><td>VFAFAC</td>"
    "<td>Facturen</td></tr><tr><td>MZZPAR</td><td>Parameters "
    "AllSolutions</td></tr></table></body></html>";

/* The same HTML encapsulated in RTF per MS-OXRTFEX. */
static const char fromhtml_rtf[] =
    "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl\r\n"
    "{\\f0\\fswiss Arial;}}\r\n"
    "{\\*\\htmltag19 <html>}{\\*\\htmltag34 <head>}{\\*\\htmltag35 </head>}"
    "{\\*\\htmltag50 <body>}\\htmlrtf \\pard\\plain \\htmlrtf0 \r\n"
    "{\\*\\htmltag64 <p>}Beste klant,{\\*\\htmltag72 </p>}\\htmlrtf \\par "
    "\\htmlrtf0 \r\n"
    "{\\*\\htmltag64 <p>}In release 10.0.25 zijn de volgende programma\\'92s "
    "gewijzigd:{\\*\\htmltag72 </p>}\r\n"
    "{\\*\\htmltag0 <table>}{\\*\\htmltag0 <tr>}{\\*\\htmltag0 <td>}"
    "INKORD{\\*\\htmltag0 </td>}{\\*\\htmltag0 <td>}Inkooporders\\htmlrtf "
    "\\tab\\htmlrtf0 {\\*\\htmltag0 </td>}{\\*\\htmltag0 </tr>}\r\n"
    "{\\*\\htmltag0 <tr>}{\\*\\htmltag0 <td>}CRDSTA{\\*\\htmltag0 </td>}"
    "{\\*\\htmltag0 <td>}Crediteuren \\u8211?\\'20stamgegevens"
    "{\\*\\htmltag0 </td>}{\\*\\htmltag0 </tr>}{\\*\\htmltag0 </table>}\r\n"
    "\\htmlrtf {\\b RTFONLY niet in de HTML}\\htmlrtf0 \r\n"
    "{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}";

static const char fromtext_rtf[] =
    "{\\rtf1\\ansi\\ansicpg1252\\fromtext \\deff0{\\fonttbl\r\n"
    "{\\f0\\fswiss Arial;}}\r\n{\\colortbl\\red0\\green0\\blue0;}\r\n"
    "\\pard\\plain Release 10.0.26\\par\r\n"
    "PRJUUR - Projecturen\\par\r\n"
    "DEBSTA - D\\'e9biteuren stamgegevens\\par\r\n}";

static void gen_msgs(const char *dir)
{
    struct msg m;
    struct msg inner;
    struct bytes html;

    /* 1. HTML body, binary, code page 1252, 8-bit subject and sender. */
    memset(&m, 0, sizeof m);
    add_var(&m, 0x0037, 0x001E,
            cp1252("Release 10.0.24 \xe2\x80\x93 gewijzigde programma's"));
    add_var(&m, 0x0C1A, 0x001E, cp1252("Jos\xc3\xa9 M\xc3\xbcller"));
    add_var(&m, 0x0C1F, 0x001E, cp1252("jose@allsolutions.nl"));
    add_fixed(&m, 0x3FDE, 0x0003, 1252);
    add_fixed(&m, 0x0E06, 0x0040, submit_time);
    html = cp1252("<html><body><table><tr><td>CRDSTA</td><td>Crediteuren "
                  "\xe2\x80\x93 \xc3\xa9\xc3\xa9n overzicht</td></tr>"
                  "<tr><td>VFAFAC</td><td>Facturen</td></tr></table>"
                  "</body></html>");
    html.n--;   /* no NUL in a binary property */
    add_var(&m, 0x1013, 0x0102, html);
    save_msg(dir, "html-binary-1252.msg", &m);

    /* 2. HTML body as a Unicode string. */
    memset(&m, 0, sizeof m);
    basic(&m, "Release 10.0.24: upgrade aangekondigd");
    add_var(&m, 0x1013, 0x001F, utf16(table_html));
    add_var(&m, 0x1000, 0x001F, utf16("PLAINONLY should not be read"));
    save_msg(dir, "html-unicode.msg", &m);

    /* 3. and 4. HTML encapsulated in compressed RTF, LZFu and MELA. */
    memset(&m, 0, sizeof m);
    basic(&m, "Release 10.0.25");
    add_var(&m, 0x1009, 0x0102, compress_rtf(fromhtml_rtf, 0, 0));
    add_var(&m, 0x1000, 0x001F, utf16("PLAINONLY should not be read"));
    save_msg(dir, "rtf-html-lzfu.msg", &m);
    memset(&m, 0, sizeof m);
    basic(&m, "Release 10.0.25");
    add_var(&m, 0x1009, 0x0102, compress_rtf(fromhtml_rtf, 1, 0));
    save_msg(dir, "rtf-html-mela.msg", &m);

    /* 5. Plain-text body only. */
    memset(&m, 0, sizeof m);
    basic(&m, "Upgrade release 10.0.26");
    add_var(&m, 0x1000, 0x001F,
            utf16("Gewijzigd in release 10.0.26:\r\n- PRJUUR - Projecturen"
                  "\r\n- DEBSTA - D\xc3\xa9" "biteuren\r\n"));
    save_msg(dir, "plain.msg", &m);

    /* 6. Text encapsulated in RTF (\fromtext) only. */
    memset(&m, 0, sizeof m);
    basic(&m, "Release notice");
    add_var(&m, 0x1009, 0x0102, compress_rtf(fromtext_rtf, 0, 0));
    save_msg(dir, "rtf-text.msg", &m);

    /* 7. A corrupt RTF body (CRC): warning, then the plain body. */
    memset(&m, 0, sizeof m);
    basic(&m, "Release 10.0.27");
    add_var(&m, 0x1009, 0x0102, compress_rtf(fromhtml_rtf, 0, 1));
    add_var(&m, 0x1000, 0x001F, utf16("ORDVRK - Verkooporders\r\n"));
    save_msg(dir, "rtf-bad-crc.msg", &m);

    /* 8. A forwarded notice: an attached message under a note whose
     * capitals are not programs. */
    memset(&m, 0, sizeof m);
    memset(&inner, 0, sizeof inner);
    basic(&inner, "Release 10.0.24: upgrade aangekondigd");
    add_var(&inner, 0x1013, 0x001F, utf16(table_html));
    add_var(&m, 0x0037, 0x001F, utf16("FW: Release 10.0.24"));
    add_var(&m, 0x0C1A, 0x001F, utf16("Petra de Vries"));
    add_var(&m, 0x5D01, 0x001F, utf16("petra@klant.nl"));
    add_fixed(&m, 0x0039, 0x0040, submit_time + 36000000000ull);
    add_var(&m, 0x1000, 0x001F,
            utf16("LET OP: UPGRADE dit weekend, zie bijlage.\r\n"));
    m.attached = &inner;
    save_msg(dir, "forwarded.msg", &m);

    /* 9. A .msg named .txt: the signature decides. */
    memset(&m, 0, sizeof m);
    basic(&m, "Release 10.0.24: upgrade aangekondigd");
    add_var(&m, 0x1013, 0x001F, utf16(table_html));
    save_msg(dir, "saved-as.txt", &m);

    /* 10. Garbage streams: a property stream of odd length, RTF of an
     * unknown type, a properties stream cut short. */
    memset(&m, 0, sizeof m);
    add_var(&m, 0x0037, 0x001F, RAW("R\0e\0l"));
    add_var(&m, 0x1009, 0x0102,
            RAW("\x10\0\0\0\x10\0\0\0XXXX\0\0\0\0junk"));
    add_var(&m, 0x1000, 0x001F, RAW("V\0F\0A\0F\0A\0C\0\n\0"));
    add_var(&m, 0x1013, 0x0001, RAW("\xff\xfe\xfd"));
    save_msg(dir, "garbage-streams.msg", &m);
}

/* One TNEF attribute with its checksum. */
static void attr(struct bytes *b, uint8_t lvl, uint32_t id,
                 const void *p, size_t n)
{
    uint16_t sum = 0;

    put(b, &lvl, 1);
    put32(b, id);
    put32(b, (uint32_t)n);
    put(b, p, n);
    for (size_t i = 0; i < n; i++)
        sum = (uint16_t)(sum + ((const unsigned char *)p)[i]);
    put16(b, sum);
}

/* An attMAPIProps value with variable-size properties. */
static void mapi_var(struct bytes *b, uint16_t type, uint16_t id,
                     const struct bytes *v)
{
    unsigned char pad[4] = {0};

    put16(b, type);
    put16(b, id);
    put32(b, 1);
    put32(b, (uint32_t)v->n);
    put(b, v->p, v->n);
    put(b, pad, (4 - v->n % 4) % 4);
}

/* A winmail.dat whose body is HTML in compressed RTF (what Outlook
 * sends), plus subject and code page. bad spoils a checksum. */
static struct bytes tnef(const char *subject, const char *rtf, int bad)
{
    struct bytes b = {0}, props = {0}, s = cp1252(subject);
    struct bytes r = compress_rtf(rtf, 0, 0), u = utf16(subject);
    unsigned char version[4] = {0, 0, 1, 0};

    put32(&b, 0x223E9F78);
    put16(&b, 0x0001);
    attr(&b, 1, 0x00089006, version, 4);               /* attTnefVersion */
    attr(&b, 1, 0x00078008, "IPM.Microsoft Mail.Note", 24);
    attr(&b, 1, 0x00018004, s.p, s.n);                 /* attSubject */
    put32(&props, 3);
    put16(&props, 0x0003);                             /* PR_INTERNET_CPID */
    put16(&props, 0x3FDE);
    put32(&props, 1252);
    mapi_var(&props, 0x001F, 0x0037, &u);              /* PR_SUBJECT */
    mapi_var(&props, 0x0102, 0x1009, &r);              /* PR_RTF_COMP.. */
    attr(&b, 1, 0x00069003, props.p, props.n);         /* attMAPIProps */
    if (bad)
        b.p[b.n - 1] ^= 0x5A;
    free(props.p);
    free(u.p);
    free(s.p);
    free(r.p);
    return b;
}

static void save_eml(const char *dir, const char *name, const char *subject,
                     const struct bytes *winmail)
{
    char *path = path_in(dir, name);
    gchar *b64 = g_base64_encode(winmail->p, winmail->n);
    FILE *fp = fopen(path, "w");
    size_t n = strlen(b64);

    if (fp == NULL) {
        perror(path);
        exit(1);
    }
    fprintf(fp, "From: AllSolutions <release@allsolutions.nl>\r\n"
            "To: qa@klant.nl\r\nSubject: %s\r\n"
            "Date: Fri, 20 Nov 2026 10:15:00 +0100\r\n"
            "Message-ID: <tnef-1@allsolutions.nl>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            "Zie de bijlage. Ook gewijzigd:\r\n"
            "ORDVRK - Verkooporders\r\n\r\n"
            "--b1\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n",
            subject);
    for (size_t i = 0; i < n; i += 76)
        fprintf(fp, "%.76s\r\n", b64 + i);
    fprintf(fp, "\r\n--b1--\r\n");
    fclose(fp);
    g_free(b64);
    g_free(path);
}

static void save_raw(const char *dir, const char *name, const struct bytes *b)
{
    char *path = path_in(dir, name);
    FILE *fp = fopen(path, "wb");

    if (fp == NULL || fwrite(b->p, 1, b->n, fp) != b->n) {
        perror(path);
        exit(1);
    }
    fclose(fp);
    g_free(path);
}

static void gen_tnef(const char *dir)
{
    struct bytes t = tnef("Release 10.0.25", fromhtml_rtf, 0);
    struct bytes bad = tnef("Release 10.0.25", fromhtml_rtf, 1);

    struct bytes rtf = raw(fromhtml_rtf);

    save_raw(dir, "fromhtml.rtf", &rtf);
    save_raw(dir, "winmail.dat", &t);
    save_raw(dir, "winmail-bad.dat", &bad);
    free(rtf.p);
    save_eml(dir, "tnef.eml", "Release 10.0.25", &t);
    save_eml(dir, "tnef-bad-checksum.eml", "Release 10.0.25", &bad);
    free(t.p);
    free(bad.p);
}

/* The first 1,500 bytes of html-unicode.msg: a truncated file. */
static void gen_truncated(const char *dir)
{
    char *src = path_in(dir, "html-unicode.msg");
    gchar *data = NULL;
    gsize n = 0;
    struct bytes b = {0};

    if (!g_file_get_contents(src, &data, &n, NULL) || n < 1500) {
        fprintf(stderr, "gen_outlook: cannot read %s\n", src);
        exit(1);
    }
    put(&b, data, 1500);
    save_raw(dir, "truncated.msg", &b);
    free(b.p);
    g_free(data);
    g_free(src);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_outlook DIR\n");
        return 2;
    }
    gsf_init();
    gen_msgs(argv[1]);
    gen_tnef(argv[1]);
    gen_truncated(argv[1]);
    return 0;
}
