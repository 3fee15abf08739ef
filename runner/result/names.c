/*
 * The names of severities, outcomes and the fail-on level (see result.h).
 */
#include <string.h>

#include "result/result.h"

static const char *const sev_names[SEV_N] = {
    "breaking", "changed", "additive", "noise"};

const char *severity_name(enum severity s)
{
    return s < SEV_N ? sev_names[s] : "noise";
}

int severity_parse(const char *name)
{
    for (int i = 0; name && i < SEV_N; i++)
        if (strcmp(name, sev_names[i]) == 0)
            return i;
    return -1;
}

const char *outcome_name(enum outcome o)
{
    static const char *const names[] = {"same", "changed", "error",
                                        "skipped", "skipped"};
    return names[o];
}

const char *fail_on_name(enum severity s)
{
    return s == SEV_NOISE ? "any" : severity_name(s);
}
