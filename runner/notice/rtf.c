/*
 * Compressed RTF (MS-OXRTFCP) and encapsulated HTML or text (MS-OXRTFEX):
 * see rtf.h. Written from the two specifications; libytnef's DecompressRTF
 * was considered and left: it reads past the end of a short MELA stream
 * or a reference at the end of the data, skips the CRC, and prints its
 * complaints to standard output (where `notice --json` writes).
 */
#include "notice/rtf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/grow.h"
#include "notice/mapi.h"

#define DICT_SIZE 4096
#define MAGIC_LZFU 0x75465A4Cu   /* "LZFu" */
#define MAGIC_MELA 0x414C454Du   /* "MELA" */

/* The dictionary's initial content (MS-OXRTFCP 2.1.2.1), 207 bytes. */
static const char prebuf[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman "
    "\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New "
    "RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

const char *rtf_status_text(enum rtf_status st)
{
    switch (st) {
    case RTF_OK: return "ok";
    case RTF_ENOMEM: return "out of memory";
    case RTF_ESHORT: return "shorter than its header";
    case RTF_ESIZE: return "size in the header does not match the data";
    case RTF_ETYPE: return "unknown compression type";
    case RTF_ECRC: return "CRC mismatch";
    case RTF_ECORRUPT: return "compressed data is corrupt";
    }
    return "unknown error";
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

unsigned int rtf_crc(const unsigned char *p, size_t len)
{
    uint32_t crc = 0;

    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc;
}

/* The LZFu runs of in[16..end) into out (raw bytes at most). */
static enum rtf_status lzfu(unsigned char *out, size_t *n, size_t raw,
                            const unsigned char *in, size_t end)
{
    unsigned char dict[DICT_SIZE];
    size_t wpos = sizeof prebuf - 1, p = 16;

    memcpy(dict, prebuf, sizeof prebuf - 1);
    *n = 0;
    while (p < end) {
        unsigned ctrl = in[p++];
        for (int bit = 0; bit < 8 && p < end; bit++) {
            size_t off, count;
            if (!(ctrl & (1u << bit))) {
                dict[wpos] = in[p];
                wpos = (wpos + 1) % DICT_SIZE;
                if (*n < raw)
                    out[(*n)++] = in[p];
                p++;
                continue;
            }
            if (p + 2 > end)
                return RTF_ECORRUPT;
            off = (size_t)in[p] << 4 | in[p + 1] >> 4;
            count = (size_t)(in[p + 1] & 0x0F) + 2;
            p += 2;
            if (off == wpos)
                return RTF_OK;     /* the end-of-stream reference */
            for (size_t i = 0; i < count; i++) {
                unsigned char c = dict[(off + i) % DICT_SIZE];
                dict[wpos] = c;
                wpos = (wpos + 1) % DICT_SIZE;
                if (*n < raw)
                    out[(*n)++] = c;
            }
        }
    }
    return RTF_OK;
}

enum rtf_status rtf_decompress(char **out, size_t *out_len,
                               const unsigned char *in, size_t len)
{
    uint32_t comp, raw, type;
    size_t end, n = 0;
    unsigned char *buf;
    enum rtf_status st;

    *out = NULL;
    *out_len = 0;
    if (len < 16)
        return RTF_ESHORT;
    comp = le32(in);
    raw = le32(in + 4);
    type = le32(in + 8);
    if (comp < 12 || comp > len - 4 || raw > RTF_MAX_RAW)
        return RTF_ESIZE;
    end = (size_t)comp + 4;
    if (type != MAGIC_LZFU && type != MAGIC_MELA)
        return RTF_ETYPE;
    if (type == MAGIC_LZFU && rtf_crc(in + 16, end - 16) != le32(in + 12))
        return RTF_ECRC;
    if (type == MAGIC_MELA && end - 16 < raw)
        return RTF_ECORRUPT;
    buf = malloc((size_t)raw + 1);
    if (buf == NULL)
        return RTF_ENOMEM;
    if (type == MAGIC_MELA) {
        memcpy(buf, in + 16, raw);
        n = raw;
        st = RTF_OK;
    } else {
        st = lzfu(buf, &n, raw, in, end);
    }
    if (st != RTF_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = (char *)buf;
    *out_len = n;
    return RTF_OK;
}

/* One open group of the walk. */
struct group {
    bool skip;       /* an ignored destination */
    bool htmltag;    /* inside \*\htmltag: HTML markup */
    bool htmlrtf;    /* \htmlrtf on: RTF-only content */
    int uc;          /* fallback characters after \uN */
};

struct walker {
    const char *s;
    size_t len, i;
    enum rtf_kind kind;
    unsigned int codepage;
    struct group *stack;
    size_t depth, cap;
    struct group g;
    int fallback;          /* characters still to skip after \uN */
    bool star;             /* "{\*" seen, destination word next */
    struct rc_buf bytes;   /* 8-bit text waiting for conversion */
    struct rc_buf out;     /* UTF-8 */
    bool failed;
};

static bool emitting(const struct walker *w)
{
    if (w->g.skip)
        return false;
    return w->kind == RTF_KIND_TEXT || w->g.htmltag || !w->g.htmlrtf;
}

/* Converts the waiting 8-bit text and appends it to out. */
static void flush_bytes(struct walker *w)
{
    size_t n = 0;
    char *u;

    if (w->bytes.len == 0)
        return;
    u = mapi_codepage_to_utf8(&n, rc_buf_str(&w->bytes), w->bytes.len,
                              w->codepage);
    if (u == NULL || rc_buf_add(&w->out, u, n) != 0)
        w->failed = true;
    free(u);
    rc_buf_reset(&w->bytes);
}

static void put_byte(struct walker *w, unsigned char c)
{
    if (w->fallback > 0) {
        w->fallback--;
        return;
    }
    if (emitting(w) && rc_buf_addc(&w->bytes, (char)c) != 0)
        w->failed = true;
}

static void put_unicode(struct walker *w, long cp)
{
    char u[8];
    int n;

    if (!emitting(w))
        return;
    if (cp < 0)
        cp += 65536;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    flush_bytes(w);
    n = g_unichar_to_utf8((gunichar)cp, u);
    if (rc_buf_add(&w->out, u, (size_t)n) != 0)
        w->failed = true;
}

static void put_text(struct walker *w, const char *t)
{
    if (!emitting(w))
        return;
    flush_bytes(w);
    if (rc_buf_add(&w->out, t, strlen(t)) != 0)
        w->failed = true;
}

static void open_group(struct walker *w)
{
    if (RC_GROW(w->stack, w->cap, w->depth, 32) != 0) {
        w->failed = true;
        return;
    }
    w->stack[w->depth++] = w->g;
    w->g.htmltag = false;
}

/* Whether the walk ends here: a brace that closes the outermost group. */
static bool close_group(struct walker *w)
{
    if (w->depth == 0)
        return true;
    w->g = w->stack[--w->depth];
    w->fallback = 0;
    return w->depth == 0;
}

/* Destinations whose content is never text. */
static bool ignored_destination(const char *word)
{
    static const char *const words[] = {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object",
        "header", "footer", "headerl", "headerr", "footerl", "footerr",
        "listtable", "listoverridetable", "rsidtbl", "generator",
        "xmlnstbl", "themedata", "colorschememapping", "latentstyles",
        "datastore", "filetbl", "revtbl", "fldinst", NULL};

    for (size_t i = 0; words[i]; i++)
        if (strcmp(word, words[i]) == 0)
            return true;
    return false;
}

/* Acts on control word `word` with its parameter (has_param). */
static void control_word(struct walker *w, const char *word, bool has_param,
                         long param)
{
    bool star = w->star;

    w->star = false;
    if (star) {
        if (strcmp(word, "htmltag") == 0 && w->kind == RTF_KIND_HTML) {
            w->g.htmltag = true;
            w->g.htmlrtf = false;
        } else {
            w->g.skip = true;
        }
        return;
    }
    if (ignored_destination(word))
        w->g.skip = true;
    else if (strcmp(word, "htmlrtf") == 0)
        w->g.htmlrtf = !has_param || param != 0;
    else if (strcmp(word, "par") == 0 || strcmp(word, "line") == 0)
        put_text(w, "\r\n");
    else if (strcmp(word, "tab") == 0)
        put_text(w, "\t");
    else if (strcmp(word, "uc") == 0 && has_param && param >= 0)
        w->g.uc = param > 16 ? 16 : (int)param;
    else if (strcmp(word, "u") == 0 && has_param) {
        put_unicode(w, param);
        w->fallback = w->g.uc;
    } else if (strcmp(word, "ansicpg") == 0 && has_param && param > 0)
        w->codepage = (unsigned int)param;
    else if (strcmp(word, "bin") == 0 && has_param && param > 0)
        w->i += (size_t)param < w->len - w->i ? (size_t)param : w->len - w->i;
}

/* Reads a control word or symbol after the backslash at w->i. */
static void control(struct walker *w)
{
    const char *s = w->s;
    char word[33];
    size_t n = 0;
    bool neg = false, has_param = false;
    long param = 0;

    w->i++;
    if (w->i >= w->len)
        return;
    if (!g_ascii_isalpha(s[w->i])) {
        char c = s[w->i++];
        if (c == '\'' && w->i + 2 <= w->len && g_ascii_isxdigit(s[w->i]) &&
            g_ascii_isxdigit(s[w->i + 1])) {
            put_byte(w, (unsigned char)(g_ascii_xdigit_value(s[w->i]) << 4 |
                                        g_ascii_xdigit_value(s[w->i + 1])));
            w->i += 2;
        } else if (c == '*') {
            w->star = true;
        } else if (c == '\\' || c == '{' || c == '}') {
            put_byte(w, (unsigned char)c);
        } else if (c == '~') {
            put_unicode(w, 0xA0);
        } else if (c == '_') {
            put_byte(w, '-');
        } else if (c == '\n' || c == '\r') {
            put_text(w, "\r\n");
        }
        return;
    }
    while (w->i < w->len && g_ascii_isalpha(s[w->i])) {
        if (n < sizeof word - 1)
            word[n++] = s[w->i];
        w->i++;
    }
    word[n] = '\0';
    if (w->i < w->len && s[w->i] == '-') {
        neg = true;
        w->i++;
    }
    while (w->i < w->len && g_ascii_isdigit(s[w->i])) {
        has_param = true;
        if (param < 100000000)
            param = param * 10 + (s[w->i] - '0');
        w->i++;
    }
    if (w->i < w->len && s[w->i] == ' ')
        w->i++;
    control_word(w, word, has_param, neg ? -param : param);
}

char *rtf_deencapsulate(size_t *out_len, const char *rtf, size_t len,
                        enum rtf_kind kind, unsigned int codepage)
{
    struct walker w;
    char *out = NULL;

    memset(&w, 0, sizeof w);
    w.s = rtf;
    w.len = len;
    w.kind = kind;
    w.codepage = codepage;
    w.g.uc = 1;
    rc_buf_init(&w.bytes, RTF_MAX_RAW);
    rc_buf_init(&w.out, RTF_MAX_RAW * 4);
    while (w.i < w.len && !w.failed) {
        char c = rtf[w.i];
        if (c == '{') {
            w.i++;
            open_group(&w);
        } else if (c == '}') {
            w.i++;
            if (close_group(&w))
                break;
        } else if (c == '\\') {
            control(&w);
        } else {
            w.i++;
            if (c != '\r' && c != '\n')
                put_byte(&w, (unsigned char)c);
        }
    }
    flush_bytes(&w);
    if (!w.failed) {
        *out_len = w.out.len;
        out = strndup(rc_buf_str(&w.out), w.out.len);
    }
    rc_buf_release(&w.bytes);
    rc_buf_release(&w.out);
    free(w.stack);
    return out;
}

enum rtf_kind rtf_kind_of(const char *rtf, size_t len)
{
    int depth = 0;

    /* \fromhtml1 or \fromtext sits among the header's control words,
     * in the outermost group near the start. */
    for (size_t i = 0; i < len && i < 4096; i++) {
        char c = rtf[i];
        if (c == '{') {
            depth++;
        } else if (c == '}') {
            if (--depth <= 0)
                break;
        } else if (c == '\\' && i + 1 < len && !g_ascii_isalpha(rtf[i + 1])) {
            i++;
        } else if (c == '\\' && depth == 1) {
            if (len - i > 9 && strncmp(rtf + i, "\\fromhtml", 9) == 0)
                return RTF_KIND_HTML;
            if (len - i > 9 && strncmp(rtf + i, "\\fromtext", 9) == 0)
                return RTF_KIND_TEXT;
        }
    }
    return RTF_KIND_RTF;
}
