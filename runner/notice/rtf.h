/*
 * Outlook's RTF body: the compressed RTF property of a .msg or a TNEF
 * part (PR_RTF_COMPRESSED) decompressed per MS-OXRTFCP, and the HTML or
 * plain text that Outlook encapsulated in that RTF taken out again per
 * MS-OXRTFEX. Pure functions over byte buffers: nothing here reads files,
 * prints or keeps state. Every returned buffer is the caller's (free).
 */
#ifndef RC_NOTICE_RTF_H
#define RC_NOTICE_RTF_H

#include <stddef.h>

/* What rtf_decompress found wrong; RTF_OK is 0. */
enum rtf_status {
    RTF_OK = 0,
    RTF_ENOMEM,
    RTF_ESHORT,      /* shorter than its 16-byte header */
    RTF_ESIZE,       /* COMPSIZE does not match the data */
    RTF_ETYPE,       /* COMPTYPE neither LZFu nor MELA */
    RTF_ECRC,        /* CRC of an LZFu stream does not match */
    RTF_ECORRUPT,    /* a run goes past the data or past RAWSIZE */
};

/* A lower-case phrase for a status ("CRC mismatch"). */
const char *rtf_status_text(enum rtf_status st);

/* Largest RAWSIZE accepted (64 MiB): a header cannot make us allocate
 * more. */
#define RTF_MAX_RAW ((size_t)64 << 20)

/*
 * Decompresses in (len bytes: the whole property, header included) into
 * *out (*out_len bytes plus a NUL the length does not count). LZFu
 * streams have their CRC checked (MS-OXRTFCP 2.1.3.2) and must end with
 * the end-of-stream reference or the end of the data; MELA streams are
 * taken as they are (their CRC is zero by the spec and not checked).
 * Output stops at RAWSIZE. On failure *out is NULL.
 */
enum rtf_status rtf_decompress(char **out, size_t *out_len,
                               const unsigned char *in, size_t len);

/* The CRC of MS-OXRTFCP 2.1.3.2 (CRC-32 table, initial value 0, no final
 * inversion) of len bytes. */
unsigned int rtf_crc(const unsigned char *p, size_t len);

/* What an RTF body holds. */
enum rtf_kind {
    RTF_KIND_RTF,    /* written in RTF: no encapsulated body */
    RTF_KIND_HTML,   /* \fromhtml1 */
    RTF_KIND_TEXT,   /* \fromtext */
};

/* Which kind rtf (len bytes) is, from the control words of its header
 * (those before the first text or group other than the font table). */
enum rtf_kind rtf_kind_of(const char *rtf, size_t len);

/*
 * De-encapsulates rtf (len bytes, of kind RTF_KIND_HTML or RTF_KIND_TEXT)
 * into UTF-8: for HTML the content of the \*\htmltag destinations and the
 * text outside \htmlrtf suppression, for text every text character;
 * \par and \line become a line break, \tab a tab, \'hh bytes go through
 * codepage (the RTF's \ansicpg when it has one, else the one given),
 * \uN is taken as Unicode (skipping \ucN fallback characters). Ignored
 * destinations ({\* ...}, font and colour tables, stylesheet, info,
 * pictures) are skipped. Unbalanced braces end the walk without error.
 * Returns NULL only on allocation failure; *out_len receives the length.
 */
char *rtf_deencapsulate(size_t *out_len, const char *rtf, size_t len,
                        enum rtf_kind kind, unsigned int codepage);

#endif
