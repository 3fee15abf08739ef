/*
 * The workspace side of `relcheck demo`: copying the bundled example
 * (embedded at build time, core/asset.h) into a folder that stays, marked
 * as a demo so that a later demo may reuse it and nothing else is ever
 * overwritten; pointing the demo environment at the embedded server; and
 * reading back what the run found. Nothing here prints; strings and JSON
 * returned are the caller's.
 */
#ifndef RC_DEMO_H
#define RC_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

/* The file that marks a folder as a demo workspace. */
#define DEMO_MARKER ".relcheck-demo"

/* The demo environment of the bundled relcheck.json and its base URL as
 * bundled (what `relcheck serve` listens on by default). */
#define DEMO_ENV "demo"
#define DEMO_BASE_URL "http://127.0.0.1:8080"

/* Where the demo's parts are, relative to its folder. */
#define DEMO_OVERLAY "fixtures/overlays/upgrade.json"
#define DEMO_NOTICE "fixtures/notices/demo-release.eml"

/* Whether an embedded asset belongs to the example workspace
 * (relcheck.json, programs.json, suites/, fixtures/). */
bool demo_asset_wanted(const char *name);

/*
 * Creates dir (and its parents) or reuses it when it is empty or holds
 * the marker of an earlier demo, writes the marker, then writes every
 * file of the bundled example into it, replacing earlier copies (other
 * files, such as earlier runs under reports/, stay). Refuses a folder
 * that holds anything but no marker, and a path that is not a folder
 * (RC_EUSAGE). *n_files receives the number of example files written.
 */
int demo_prepare(const char *dir, size_t *n_files, struct rc_error *err);

/* Sets environments.ENV.base_url in the relcheck.json at config_path
 * (rewritten atomically, members in their order). */
int demo_set_base_url(const char *config_path, const char *env,
                      const char *url, struct rc_error *err);

/*
 * Reads the "fields" array of a run's result.json (new reference in
 * *fields) and its summary's verdict (a copy in *verdict, caller frees).
 */
int demo_read_result(json_t **fields, char **verdict, const char *run_dir,
                     struct rc_error *err);

#endif
