/* error.c - fills an SnError with one formatted line (see error.h). */
#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>

int sn_error(SnError *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}
