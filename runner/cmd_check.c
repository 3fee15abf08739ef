/* placeholder replaced below */
#include "cli/msg.h"
#include "cmd.h"
int cmd_check(int argc, char **argv) { (void)argc; (void)argv; return msg_not_built("check"); }
