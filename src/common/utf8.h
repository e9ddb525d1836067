/* utf8.h - whether bytes are UTF-8 text: the one check behind model names and labels (the
 * model loader and saver, `scratchnet train --name/--labels`) and the charts' text. Pure: no
 * printing, no exit.
 */
#ifndef COMMON_UTF8_H
#define COMMON_UTF8_H

#include <stddef.h>

/* Bytes in the well-formed UTF-8 character that starts at s (1 to 4), reading at most avail
 * bytes; 0 when s does not start one: a continuation byte, an overlong form (e.g. C0 AF for
 * '/'), a UTF-16 surrogate (U+D800 to U+DFFF), a code point above U+10FFFF, or a character cut
 * short (by avail or by a byte that is not a continuation, such as a terminating NUL). A NUL
 * byte is a character of one byte here. avail 0 gives 0. */
int utf8_char_length(const char *s, size_t avail);

/* 1 when the n bytes at s are well-formed UTF-8 with no NUL byte, else 0. */
int utf8_valid(const char *s, size_t n);

#endif
