/*
 * PCRE2 helpers shared by every module that compiles patterns (path
 * patterns, notice programs). regex_jit() JIT-compiles a pattern unless the
 * environment variable RELCHECK_NO_JIT is set: PCRE2's JIT code reads input
 * 16 bytes at a time past the end of short strings (safely, within pages),
 * which valgrind reports as invalid reads, so scripts/valgrind runs without
 * it. Matching falls back to the interpreter when JIT is unavailable.
 */
#ifndef RC_REGEX_H
#define RC_REGEX_H

#include <pcre2.h>

/* JIT-compiles code (borrowed) when allowed and possible; harmless when
 * not. */
void regex_jit(pcre2_code *code);

#endif
