/* buf.c - growable arrays and byte strings (buf.h). */
#include "common/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    if (elem == 0)
        return SN_E_NOMEM;
    size_t n = *cap > 16 ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return SN_E_NOMEM;
        n *= 2;
    }
    if (n > SIZE_MAX / elem)
        return SN_E_NOMEM;
    void *q = realloc(*p, n * elem);
    if (!q)
        return SN_E_NOMEM;
    *p = q;
    *cap = n;
    return 0;
}

/* Makes room for n more bytes and the NUL after them. */
static int reserve(Bytes *b, size_t n)
{
    if (b->failed)
        return -1;
    if (n > SIZE_MAX - 1 - b->len || buf_grow((void **)&b->p, &b->cap, b->len + n + 1, 1) != 0) {
        b->failed = 1;
        return -1;
    }
    return 0;
}

void bytes_add(Bytes *b, const void *data, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    if (n > 0)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void bytes_printf(Bytes *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        bytes_add(b, small, (size_t)n);
        return;
    }
    if (reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
