/*
 * Noise learning for `record` (SPEC section 4): two responses to the same
 * GET/HEAD call are compared and every field that differs between them
 * (array positions folded to [*]) becomes part of the fixture's noise.
 */
#ifndef RC_LEARN_H
#define RC_LEARN_H

#include <jansson.h>

#include "core/strvec.h"

/*
 * Adds to fields the folded path of every value that differs between a
 * and b (borrowed): a changed scalar, a changed type, a member or element
 * present on one side only (reported at its own path). Returns 0 or
 * RC_ENOMEM. fields is not sorted; use strvec_sort_unique.
 */
int learn_noise(struct strvec *fields, const json_t *a, const json_t *b);

#endif
