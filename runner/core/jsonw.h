/*
 * The one JSON writer of relcheck: every JSON text the tool writes
 * (fixtures, responses, calls.jsonl, result.json, --json output, history,
 * the ledger, rendered request bodies and query values, served bodies)
 * goes through it, so numbers are written as received (SPEC section 6).
 *
 * It writes what jansson's json_dumps writes for the same flags, byte for
 * byte, except for reals: jansson 2.14 prints them with 17 significant
 * digits (126.74 becomes 126.73999999999999); here a real is the shortest
 * decimal that reads back to the same double, in Python's repr notation:
 * "126.74", "1250.0" (an integral real keeps ".0" so it stays a real),
 * "1e+16" and "1.5e-05" (scientific below 1e-4 and from 1e16), "-0.0".
 * Strings are UTF-8 with only '"', '\\' and control characters escaped
 * (\b \f \n \r \t, the rest as \u00XX), object members in their order.
 *
 * Flags are jansson's: JSON_COMPACT and JSON_INDENT(n) choose the layout
 * exactly as in jansson; JSON_ENCODE_ANY and JSON_PRESERVE_ORDER are
 * accepted and always in effect (any value may be written, members keep
 * their order). JSONW_LOWER_HEX writes \u00xx escapes in lower case, so a
 * compact text is the bytes Python's json.dumps(v, separators=(",", ":"),
 * ensure_ascii=False) writes (serve's promise). Jansson's other flags
 * (JSON_SORT_KEYS, JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH,
 * JSON_REAL_PRECISION, JSON_EMBED) are not supported and ignored.
 *
 * Values are borrowed. Like jansson, the writer fails on a string that is
 * not valid UTF-8 (only json_stringn_nocheck makes one) and on nesting
 * deeper than 2048.
 */
#ifndef RC_JSONW_H
#define RC_JSONW_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/buf.h"

/* A flag of its own, above jansson's bits: \u00xx in lower case. */
#define JSONW_LOWER_HEX ((size_t)1 << 24)

/* Room for any real's text, with its terminator. */
#define JSONW_REAL_MAX 32

/*
 * Appends value's text to out. Returns 0, RC_ETOOBIG / RC_ENOMEM from the
 * buffer, or RC_EINPUT for invalid UTF-8 or too deep a value; out then
 * holds a partial text.
 */
int jsonw_write(struct rc_buf *out, const json_t *value, size_t flags);

/*
 * value's text as a new NUL-terminated string (caller frees), as
 * json_dumps gives it; NULL on any failure above.
 */
char *jsonw_dumps(const json_t *value, size_t flags);

/*
 * Writes value's text to fp (no final newline), as json_dumpf does,
 * in blocks of 64 KiB. Returns 0, RC_EIO when fp refuses bytes, or a
 * failure of jsonw_write; fp then holds a partial text.
 */
int jsonw_dumpf(const json_t *value, FILE *fp, size_t flags);

/*
 * Writes the shortest decimal text of v that reads back to v, in the
 * notation described above, to out (JSONW_REAL_MAX bytes) and returns its
 * length. Not-a-number and infinities, which JSON cannot hold (nor a
 * jansson real), are written as "null".
 */
size_t jsonw_real_text(char out[JSONW_REAL_MAX], double v);

/* Appends jsonw_real_text(v) to out: 0, RC_ETOOBIG or RC_ENOMEM. */
int jsonw_real(struct rc_buf *out, double v);

#endif
