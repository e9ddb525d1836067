/* error.h - how the library reports failure.
 *
 * Library functions never print or exit. A function that can fail returns 0 on success or a
 * negative NN_E* code, and when given a non-NULL NnError fills it with one line of text that
 * names the thing that failed (a file, a JSON path) and why. The caller decides what to do.
 */
#ifndef NN_ERROR_H
#define NN_ERROR_H

enum {
    NN_OK = 0,
    NN_E_IO = -1,      /* a file could not be opened, read or written */
    NN_E_FORMAT = -2,  /* a file's contents are malformed */
    NN_E_NOMEM = -3,   /* an allocation failed */
    NN_E_ARG = -4,     /* an argument is out of range or inconsistent */
    NN_E_LIMIT = -5,   /* a declared size exceeds what the library accepts */
    NN_E_NONFINITE = -6, /* a network's outputs are not finite numbers (its weights overflow on
                          * this input): there is no answer */
};

typedef struct NnError {
    int code;       /* the NN_E_* code of the last failure, NN_OK if none */
    char msg[512];  /* one line, no trailing newline, e.g. "x.json: layers[1]: unknown activation" */
} NnError;

/* Sets err (if non-NULL) to code and a printf-style message; returns code so callers can write
 * `return nn_error(err, NN_E_IO, "%s: %s", path, strerror(errno));`. */
int nn_error(NnError *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
