/* model_read.h - the checked values of a model file's JSON, each failure reported with the file
 * and the JSON path: "<file>: <path>: <what is wrong>" (model_read_values.c). Internal to the
 * model reader (model_read.c); model_io.h is the API.
 */
#ifndef NN_MODEL_READ_H
#define NN_MODEL_READ_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* Where the text came from (for messages) and where errors go. */
typedef struct NnReader {
    const char *where;
    SnError *err;
} NnReader;

/* Reports "<where>: <path>: <what>" (or "<where>: <what>" when path is "" or NULL) with code;
 * returns code. */
int nn_json_fail(const NnReader *r, int code, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* What kind of value v is, for messages: "a number", "an array", ... */
const char *nn_json_kind(const cJSON *v);

/* dst = "parent.key", or "key" at the top level (parent ""). */
void nn_json_join(char *dst, size_t cap, const char *parent, const char *key);

/* Looks key up in the object at path (case-sensitively) and refuses it twice. Sets *out to the
 * value, or NULL if absent; an absent required key is an error. Returns 0 or a negative code. */
int nn_json_member(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                   int required, const cJSON **out);

/* The values under key in the object at path, each leaving *out alone when the key is absent and
 * not required, each 0 or a negative code: an integer in [lo, hi] (above hi is SN_E_LIMIT, below
 * lo a format error), */
int nn_json_long(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                 int required, long lo, long hi, long *out);
int nn_json_int(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                int required, int lo, int hi, int *out);
/* a finite float within float range (null, the way JSON writers spell NaN, is refused), */
int nn_json_float(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                  int required, float *out);
/* a finite double (optional), */
int nn_json_double(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                   double *out);
/* a string that fits in cap bytes with its NUL (longer ones are refused, not cut), */
int nn_json_string(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                   int required, char *dst, size_t cap);
/* and the training seed under "seed": a string of decimal digits up to 2^64 - 1, or a whole
 * number up to 2^53 (optional). */
int nn_json_seed(const NnReader *r, const cJSON *obj, const char *path, uint64_t *out);

/* The number of elements of an array. */
size_t nn_json_len(const cJSON *a);

/* Finds the array under key (required) and checks it holds exactly n numbers' places (the
 * values are checked when filled). */
int nn_json_numbers(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                    size_t n, const cJSON **out);

/* Copies an array already checked to hold n values into dst, each checked as nn_json_float
 * does; path names the array. */
int nn_json_fill(const NnReader *r, const cJSON *arr, const char *path, float *dst, size_t n);

#endif
