/*
 * The serialization serve uses for a fixture's JSON body: compact (no
 * whitespace), object members in their recorded order, strings as UTF-8
 * with only '"', '\\' and control characters escaped (\b \f \n \r \t, the
 * rest as \u00xx), integers as decimals, reals in the shortest form that
 * reads back to the same double ("89.95", "1250.0", "1e+16"). These are
 * the bytes Python's json.dumps(body, separators=(",", ":"),
 * ensure_ascii=False) writes for the same value, so a test can check what
 * serve sends byte for byte. The writer only appends to a caller's buffer.
 */
#ifndef RC_SERVE_JSONW_H
#define RC_SERVE_JSONW_H

#include <jansson.h>

#include "core/buf.h"

/*
 * Appends value (borrowed) to out. Returns 0, or RC_ETOOBIG / RC_ENOMEM
 * from the buffer (out then holds a partial document).
 */
int jsonw_write(struct rc_buf *out, const json_t *value);

/* Appends the shortest decimal text of a real that reads back to v, in
 * the notation described above. Not-a-number and infinities (which JSON
 * cannot hold) are written as "null". */
int jsonw_real(struct rc_buf *out, double v);

#endif
