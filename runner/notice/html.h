/*
 * HTML to lines for notice parsing (SPEC section 5), with libxml2's HTML
 * parser driven through SAX: no tree is built and nothing recurses, so a
 * 100,000-deep <div> nest costs a stack of names, not a stack of calls.
 * Each table row becomes one line with its cells joined by tabs; list
 * items, paragraphs, divs, headings and <br> start lines; scripts, styles
 * and comments are dropped. The input is UTF-8 whatever its meta tag says.
 * Internal to runner/notice/.
 */
#ifndef RC_NOTICE_HTML_H
#define RC_NOTICE_HTML_H

#include <stddef.h>

#include "core/strvec.h"

/*
 * Appends the lines of the HTML in html (len bytes, UTF-8, may hold NUL
 * bytes) to lines: whitespace collapsed, cells trimmed, empty lines left
 * out. Returns 0 or RC_ENOMEM; malformed HTML is read as well as libxml2
 * recovers it.
 */
int html_to_lines(struct strvec *lines, const char *html, size_t len);

#endif
