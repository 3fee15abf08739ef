/*
 * relcheck serve: serve the fixtures as a mock API on loopback.
 * Not built yet: the option table below is the command's interface; the
 * issue that builds the command replaces the body.
 */
#include "cli/msg.h"
#include "cli/opt.h"
#include "cmd.h"

int cmd_serve(int argc, char **argv)
{
    struct {
        const char *port, *overlay, *token, *log;
    } o = {0};
    const struct opt opts[] = {
        {OPT_VALUE, "port", "P", "port on 127.0.0.1, 0 for a free one (default 8080)", &o.port},
        {OPT_VALUE, "overlay", "FILE", "upgrade mutations applied to the served responses", &o.overlay},
        {OPT_VALUE, "require-token", "TOKEN", "answer 401 unless Authorization is Bearer TOKEN", &o.token},
        {OPT_VALUE, "log", "FILE", "append one line per request served", &o.log},
        {OPT_END, NULL, NULL, NULL, NULL},
    };
    const struct opt_cmd cmd = {"serve", "[options]", "serve the fixtures as a mock API on loopback", false, opts};
    struct opt_common common = {0};
    int status;

    if (opt_handle(&cmd, argc, argv, &common, &status))
        return status;
    return msg_not_built("serve");
}
