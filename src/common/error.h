/* error.h - how the core (src/nn, src/ink, src/common) reports failure: one struct, one set of
 * codes.
 *
 * Core functions never print or exit. A function that can fail returns 0 (SN_OK) on success or
 * a negative SN_E_* code, and when given a non-NULL SnError fills it with one line of text that
 * names the thing that failed (a file, a JSON path) and why. The caller decides what to do:
 * the programs print the line, the library keeps it for scratchnet_last_error() and maps the
 * code to its own SCRATCHNET_E_* (include/scratchnet.h). No two meanings share a value.
 */
#ifndef COMMON_ERROR_H
#define COMMON_ERROR_H

enum {
    SN_OK = 0,
    SN_E_IO = -1,        /* a file could not be opened, read or written */
    SN_E_FORMAT = -2,    /* a file's contents are malformed (a text file holding a NUL byte) */
    SN_E_NOMEM = -3,     /* an allocation failed */
    SN_E_ARG = -4,       /* an argument is out of range or inconsistent */
    SN_E_LIMIT = -5,     /* a size exceeds what is accepted (a file over its limit, a path that
                          * does not fit) */
    SN_E_NONFINITE = -6, /* a network's outputs are not finite numbers (its weights overflow on
                          * this input): there is no answer */
    SN_E_NOTREG = -7,    /* a path is not a regular file (a FIFO, a device, a directory, a
                          * socket): never read, never replaced */
    SN_E_BUSY = -8,      /* another live process holds the lock of an output */
    SN_E_CANCELLED = -9, /* a long computation was stopped by its caller (a progress callback
                          * asked it to stop) */
};

typedef struct SnError {
    int code;      /* the SN_E_* code of the last failure, SN_OK if none */
    char msg[512]; /* one line, no trailing newline, e.g. "x.json: layers[1]: unknown activation" */
} SnError;

/* Sets err (if non-NULL) to code and a printf-style message; returns code so callers can write
 * `return sn_error(err, SN_E_IO, "%s: %s", path, strerror(errno));`. */
int sn_error(SnError *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
