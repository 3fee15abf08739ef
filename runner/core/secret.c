/*
 * The credential name tests (see secret.h).
 */
#include "core/secret.h"

#include <string.h>
#include <strings.h>

bool secret_header(const char *name)
{
    static const char *const exact[] = {"authorization", "cookie",
        "set-cookie", "proxy-authorization"};
    static const char *const parts[] = {"token", "key", "secret"};

    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
        if (strcasecmp(name, exact[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (strcasestr(name, parts[i]) != NULL)
            return true;
    return false;
}

bool secret_name(const char *name)
{
    return secret_header(name) || strcasecmp(name, "pwd") == 0
           || strcasestr(name, "password") || strcasestr(name, "passwd")
           || strcasestr(name, "credential");
}
