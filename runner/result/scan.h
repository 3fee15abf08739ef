/*
 * A light reader of calls.jsonl lines for the model's first pass: the
 * model needs a call's outcome, counters and "fields" tally, not its
 * differences or request, which are most of a line. scan_call_line
 * parses every top-level member but those two, and counts the elements of
 * "differences" without building them. Private to result/.
 */
#ifndef RC_SCAN_H
#define RC_SCAN_H

#include <stddef.h>

#include <jansson.h>

/*
 * Parses the object in text[0..len) into a new object (the caller's)
 * holding every member except "differences" and "request", plus
 * "_kept": the number of elements of "differences". Returns NULL when the
 * line has no "fields" member (the caller then parses it whole, as it
 * needs the differences) or is not well formed (the caller's whole parse
 * then reports where).
 */
json_t *scan_call_line(const char *text, size_t len);

#endif
