/*
 * The names of severities and fail-on levels (see severity.h).
 */
#include "core/severity.h"

#include <stddef.h>
#include <string.h>

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

const char *fail_on_name(enum severity s)
{
    return s == SEV_NOISE ? "any" : severity_name(s);
}

int fail_on_parse(const char *name)
{
    if (name && strcmp(name, "any") == 0)
        return SEV_NOISE;
    return severity_parse(name);
}
