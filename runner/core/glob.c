/*
 * Program-code globs (see glob.h), matched with fnmatch(3).
 */
#include "core/glob.h"

#include <fnmatch.h>

bool glob_valid(const char *glob)
{
    if (glob == 0 || *glob == '\0')
        return false;
    for (const char *p = glob; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '*' || *p == '?'))
            return false;
    return true;
}

bool glob_match(const char *glob, const char *code)
{
    return fnmatch(glob, code, 0) == 0;
}
