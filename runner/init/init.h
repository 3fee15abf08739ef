/*
 * The workspace `relcheck init` starts (SPEC section 4): relcheck.json
 * commented by example, an empty catalog, suites/, fixtures/ and notices/,
 * a .gitignore and, on request, a CI pipeline. The files are templates
 * embedded at build time (templates/init/, core/asset.h). Nothing here
 * prints; the list of written paths is the caller's.
 */
#ifndef RC_INIT_H
#define RC_INIT_H

#include "core/error.h"
#include "core/strvec.h"

enum init_ci { INIT_CI_NONE, INIT_CI_GITLAB, INIT_CI_GITHUB };

/*
 * Parses a --ci value ("gitlab", "github"). Returns 0, or RC_EUSAGE
 * naming the accepted values.
 */
int init_ci_parse(enum init_ci *out, const char *text, struct rc_error *err);

/*
 * Writes the workspace into dir (created with its parents when missing).
 * Refuses, before writing anything, when one of the files or folders it
 * would make already exists (RC_EUSAGE naming it). On success written
 * holds the paths made, relative to dir, in the order written. Files are
 * written atomically (core/afile.h); on an I/O error (RC_EIO) the files
 * written so far stay.
 */
int init_workspace(struct strvec *written, const char *dir, enum init_ci ci,
                   struct rc_error *err);

#endif
