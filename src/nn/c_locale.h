/* c_locale.h - the "C" numeric locale for the calling thread only (uselocale), so that model
 * files always print and parse '.' as the decimal point, whatever the program's locale, and the
 * process-wide locale (setlocale) is never touched. Used by model_read.c and model_write.c. */
#ifndef NN_C_LOCALE_H
#define NN_C_LOCALE_H

#include <locale.h>

#include "common/error.h"

typedef struct CLocale {
    locale_t c;   /* the "C" locale object */
    locale_t old; /* the thread's locale before, restored on leave */
} CLocale;

/* Makes '.' the decimal point for printf/strtod in this thread; returns 0 or SN_E_NOMEM. */
static inline int c_locale_enter(CLocale *cl)
{
    cl->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (cl->c == (locale_t)0)
        return SN_E_NOMEM;
    cl->old = uselocale(cl->c);
    return 0;
}

/* Gives the thread its locale back. */
static inline void c_locale_leave(CLocale *cl)
{
    uselocale(cl->old);
    freelocale(cl->c);
}

#endif
