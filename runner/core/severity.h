/*
 * The one severity scale (SPEC section 7): what the diff engine gives
 * each difference, what the result model counts, what --fail-on and
 * run.json's "fail_on" name. Names: "breaking", "changed", "additive",
 * "noise"; as a fail-on level SEV_NOISE is "any".
 */
#ifndef RC_SEVERITY_H
#define RC_SEVERITY_H

enum severity { SEV_BREAKING, SEV_CHANGED, SEV_ADDITIVE, SEV_NOISE, SEV_N };

/* The name of s ("noise" when out of range). */
const char *severity_name(enum severity s);

/* Parses a severity name; -1 when unknown or NULL. */
int severity_parse(const char *name);

/* The fail-on name of s: a severity name, "any" for SEV_NOISE. */
const char *fail_on_name(enum severity s);

/* Parses a fail-on level: "any" (or "noise") is SEV_NOISE, else a
 * severity name; -1 when unknown or NULL. */
int fail_on_parse(const char *name);

#endif
