/* buf.h - the one growable buffer: arrays that grow by doubling (strokes, points, lists of
 * models, the order of a data set) and byte strings built by appending (model files,
 * checkpoints, lines read from a file). Pure: no printing, no exit.
 *
 *     Point *pts = NULL;
 *     size_t n = 0, cap = 0;
 *     if (buf_grow((void **)&pts, &cap, n + 1, sizeof *pts) != 0)
 *         return out_of_memory;
 *     pts[n++] = p;
 *
 *     Bytes b = {0};
 *     bytes_add(&b, "{", 1);
 *     bytes_printf(&b, "\"n\": %d}", n);
 *     if (b.failed) ... out of memory ...;  free(b.p);
 */
#ifndef COMMON_BUF_H
#define COMMON_BUF_H

#include <stddef.h>

#include "common/error.h"

/* Makes the array *p (of *cap elements of elem bytes) hold at least need elements: when need is
 * over *cap it is reallocated to the smallest of 16, 32, 64, ... elements that is at least need,
 * and *cap updated. Returns 0, or SN_E_NOMEM (common/error.h) when memory runs out or the size
 * would overflow; *p and *cap are then unchanged (the caller still owns *p). */
int buf_grow(void **p, size_t *cap, size_t need, size_t elem);

/* A byte string being built. Zero-initialise it; p is NUL-terminated after every append (so a
 * text is a string) and owned by the caller, who frees it. Once an append fails (out of memory)
 * failed is set and later appends do nothing, so a writer checks once at the end. */
typedef struct Bytes {
    char *p;
    size_t len; /* bytes appended, the NUL not counted */
    size_t cap; /* bytes allocated */
    int failed; /* 1 once memory ran out */
} Bytes;

/* Appends n bytes of data. */
void bytes_add(Bytes *b, const void *data, size_t n);

/* Appends printf-style text. */
void bytes_printf(Bytes *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
