/*
 * PCRE2 helpers (see regex.h).
 */
#include "core/regex.h"

#include <stdlib.h>

void regex_jit(pcre2_code *code)
{
    const char *off = getenv("RELCHECK_NO_JIT");

    if (code && !(off && off[0] && off[0] != '0'))
        (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
}
