/* error.c - fills an NnError with one formatted line (see error.h). */
#include "nn/error.h"

#include <stdarg.h>
#include <stdio.h>

int nn_error(NnError *err, int code, const char *fmt, ...)
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
