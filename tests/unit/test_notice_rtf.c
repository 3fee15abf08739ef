/*
 * Unit tests of notice/rtf.c: MS-OXRTFCP decompression against the
 * specification's own examples (section 4.1, a simple compressed RTF;
 * section 4.2, a dictionary reference that crosses the write position),
 * the CRC check and every corrupt-header case, and MS-OXRTFEX
 * de-encapsulation of \fromhtml1 and \fromtext bodies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "notice/rtf.h"

/* MS-OXRTFCP 4.1: "{\rtf1\ansi\ansicpg1252\pard hello world}" CRLF. */
static const unsigned char example1[] = {
    0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75,
    0xf1, 0xc5, 0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67,
    0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09,
    0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
    0xa0};

/* MS-OXRTFCP 4.2: "{\rtf1 WXYZWXYZWXYZWXYZWXYZ}". */
static const unsigned char example2[] = {
    0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75,
    0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5a,
    0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0};

static void test_spec_example_1(void **state)
{
    char *out = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(rtf_decompress(&out, &n, example1, sizeof example1),
                     RTF_OK);
    assert_int_equal(n, 43);
    assert_string_equal(out, "{\\rtf1\\ansi\\ansicpg1252\\pard hello "
                        "world}\r\n");
    free(out);
}

static void test_spec_example_2(void **state)
{
    char *out = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(rtf_decompress(&out, &n, example2, sizeof example2),
                     RTF_OK);
    assert_int_equal(n, 28);
    assert_string_equal(out, "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}");
    free(out);
}

static void test_crc(void **state)
{
    (void)state;
    /* The CRC fields of both examples cover the bytes after the header. */
    assert_int_equal(rtf_crc(example1 + 16, sizeof example1 - 16),
                     0xa7c7c5f1u);
    assert_int_equal(rtf_crc(example2 + 16, sizeof example2 - 16),
                     0x514bd4e2u);
}

static void test_mela(void **state)
{
    static const unsigned char mela[] = {
        0x12, 0, 0, 0, 6, 0, 0, 0, 'M', 'E', 'L', 'A', 0, 0, 0, 0,
        '{', '\\', 'r', 't', 'f', '}'};
    char *out = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(rtf_decompress(&out, &n, mela, sizeof mela), RTF_OK);
    assert_int_equal(n, 6);
    assert_string_equal(out, "{\\rtf}");
    free(out);
    /* RAWSIZE beyond the data: corrupt, never read past the end */
    unsigned char longer[sizeof mela];
    memcpy(longer, mela, sizeof mela);
    longer[4] = 60;
    assert_int_equal(rtf_decompress(&out, &n, longer, sizeof longer),
                     RTF_ECORRUPT);
    assert_null(out);
}

static void test_corrupt(void **state)
{
    unsigned char b[sizeof example1];
    char *out = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(rtf_decompress(&out, &n, example1, 15), RTF_ESHORT);
    memcpy(b, example1, sizeof b);
    b[30] ^= 1;                         /* one bit of the data */
    assert_int_equal(rtf_decompress(&out, &n, b, sizeof b), RTF_ECRC);
    memcpy(b, example1, sizeof b);
    b[0] = 0x40;                        /* COMPSIZE past the end */
    assert_int_equal(rtf_decompress(&out, &n, b, sizeof b), RTF_ESIZE);
    memcpy(b, example1, sizeof b);
    memcpy(b + 8, "LZFx", 4);
    assert_int_equal(rtf_decompress(&out, &n, b, sizeof b), RTF_ETYPE);
    memcpy(b, example1, sizeof b);
    b[4] = b[5] = b[6] = 0xff;          /* RAWSIZE of gigabytes */
    b[7] = 0x7f;
    assert_int_equal(rtf_decompress(&out, &n, b, sizeof b), RTF_ESIZE);
    assert_null(out);
    assert_string_equal(rtf_status_text(RTF_ECRC), "CRC mismatch");
}

/* A reference cut in half at the end of the data. */
static void test_truncated_reference(void **state)
{
    unsigned char b[20] = {0x10, 0, 0, 0, 0x10, 0, 0, 0,
                           'L', 'Z', 'F', 'u', 0, 0, 0, 0,
                           0x01, 0x00, 0x00, 0x00};
    unsigned int c;
    char *out = NULL;
    size_t n = 0;

    (void)state;
    /* control byte: a reference, then only one byte of it */
    b[0] = 0x0e;      /* COMPSIZE = 12 + 2 */
    c = rtf_crc(b + 16, 2);
    b[12] = (unsigned char)c;
    b[13] = (unsigned char)(c >> 8);
    b[14] = (unsigned char)(c >> 16);
    b[15] = (unsigned char)(c >> 24);
    assert_int_equal(rtf_decompress(&out, &n, b, 18), RTF_ECORRUPT);
    assert_null(out);
}

static void test_fromhtml(void **state)
{
    static const char rtf[] =
        "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl\r\n"
        "{\\f0\\fswiss Arial;}}\r\n{\\*\\htmltag19 <html>}"
        "{\\*\\htmltag50 <body>}\\htmlrtf \\pard\\plain\\htmlrtf0 \r\n"
        "{\\*\\htmltag64 <p>}Caf\\'e9 \\{x\\} \\u8211\\'96 ok"
        "{\\*\\htmltag72 </p>}\\htmlrtf \\par \\htmlrtf0 \r\n"
        "\\htmlrtf {\\b HIDDEN}\\htmlrtf0 {\\*\\mhtmltag84 skip}"
        "{\\*\\htmltag84 &nbsp;}\\par\r\n{\\*\\htmltag58 </body>}}";
    size_t n = 0;
    char *out;

    (void)state;
    assert_int_equal(rtf_kind_of(rtf, sizeof rtf - 1), RTF_KIND_HTML);
    out = rtf_deencapsulate(&n, rtf, sizeof rtf - 1, RTF_KIND_HTML, 1252);
    assert_non_null(out);
    assert_string_equal(out, "<html><body><p>Caf\xc3\xa9 {x} \xe2\x80\x93 "
                        "ok</p>&nbsp;\r\n</body>");
    assert_int_equal(n, strlen(out));
    free(out);
}

static void test_fromtext(void **state)
{
    static const char rtf[] =
        "{\\rtf1\\ansi\\ansicpg1250\\fromtext \\deff0{\\fonttbl{\\f0 A;}}"
        "{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator x;}\r\n"
        "\\pard VFAFAC\\tab Facturen\\par Z\\'9alut\\line\r\n"
        "{\\*\\unknown gone}\\bin3 ab}tail}";
    size_t n = 0;
    char *out;

    (void)state;
    assert_int_equal(rtf_kind_of(rtf, sizeof rtf - 1), RTF_KIND_TEXT);
    out = rtf_deencapsulate(&n, rtf, sizeof rtf - 1, RTF_KIND_TEXT, 1252);
    assert_non_null(out);
    /* \ansicpg1250 wins over the message's 1252: 0x9a is s-caron */
    assert_string_equal(out, "VFAFAC\tFacturen\r\nZ\xc5\xa1lut\r\ntail");
    free(out);
    assert_int_equal(rtf_kind_of("{\\rtf1\\ansi hello}", 18), RTF_KIND_RTF);
}

static void test_unbalanced(void **state)
{
    static const char rtf[] = "{\\rtf1\\fromtext {{{{ deep \\'zz\\";
    size_t n = 0;
    char *out;

    (void)state;
    out = rtf_deencapsulate(&n, rtf, sizeof rtf - 1, RTF_KIND_TEXT, 1252);
    assert_non_null(out);
    assert_string_equal(out, " deep zz");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_example_1),
        cmocka_unit_test(test_spec_example_2),
        cmocka_unit_test(test_crc),
        cmocka_unit_test(test_mela),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_truncated_reference),
        cmocka_unit_test(test_fromhtml),
        cmocka_unit_test(test_fromtext),
        cmocka_unit_test(test_unbalanced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
