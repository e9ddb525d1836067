/* model_read_values.c - the checked values of a model file's JSON (model_read.h): integers in
 * range, finite floats, strings that fit, the seed, arrays of the right length, each failure
 * reported with the file and the JSON path.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "nn/model_read.h"

/* A double at or beyond FLT_MAX + half an ulp (0x1.fffffe p127 + 0x0.000001 p127) rounds to
 * infinity when converted to float; anything below rounds to a finite float. */
static const double float_overflow = 0x1.ffffffp+127;

/* Reports "<where>: <path>: <what>" (or "<where>: <what>" at the top level); returns code. */
int nn_json_fail(const NnReader *r, int code, const char *path, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (path && path[0])
        return sn_error(r->err, code, "%s: %s: %s", r->where, path, what);
    return sn_error(r->err, code, "%s: %s", r->where, what);
}

const char *nn_json_kind(const cJSON *v)
{
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "an invalid value";
}

/* "parent.key", or "key" at the top level. */
void nn_json_join(char *dst, size_t cap, const char *parent, const char *key)
{
    if (parent[0])
        snprintf(dst, cap, "%s.%s", parent, key);
    else
        snprintf(dst, cap, "%s", key);
}

/* Looks key up in the object at path (case-sensitively) and refuses it twice. Sets *out to the
 * value, or NULL if absent; an absent required key is an error. Returns 0 or a negative code. */
int nn_json_member(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                   int required, const cJSON **out)
{
    int twice;
    *out = json_member(obj, key, &twice);
    if (twice)
        return nn_json_fail(r, SN_E_FORMAT, path, "key \"%s\" appears twice", key);
    if (!*out && required)
        return nn_json_fail(r, SN_E_FORMAT, path, "missing \"%s\"", key);
    return 0;
}

/* Reads an integer in [lo, hi]; a value above hi is a limit (SN_E_LIMIT), below lo a format
 * error. Leaves *out alone when the key is absent and not required. */
int nn_json_long(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                 int required, long lo, long hi, long *out)
{
    const cJSON *v;
    char p[96];
    int rc = nn_json_member(r, obj, path, key, required, &v);
    if (rc != 0 || !v)
        return rc;
    nn_json_join(p, sizeof p, path, key);
    if (!cJSON_IsNumber(v))
        return nn_json_fail(r, SN_E_FORMAT, p, "expected an integer, got %s", nn_json_kind(v));
    double d = v->valuedouble;
    if (!isfinite(d))
        return nn_json_fail(r, SN_E_FORMAT, p, "not a finite number");
    if (d != floor(d))
        return nn_json_fail(r, SN_E_FORMAT, p, "expected an integer, got %.15g", d);
    if (d > (double)hi)
        return nn_json_fail(r, SN_E_LIMIT, p,
                            "%.15g is more than %ld, the most this program accepts", d, hi);
    if (d < (double)lo)
        return nn_json_fail(r, SN_E_FORMAT, p, "%.15g is out of range (%ld to %ld)", d, lo, hi);
    *out = (long)d;
    return 0;
}

int nn_json_int(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                int required, int lo, int hi, int *out)
{
    long v = *out;
    int rc = nn_json_long(r, obj, path, key, required, lo, hi, &v);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

/* A JSON number as a float: finite (null, the way JSON writers spell NaN, is refused) and
 * within float range. path names the value itself. */
static int to_float(const NnReader *r, const cJSON *v, const char *path, float *out)
{
    if (cJSON_IsNull(v))
        return nn_json_fail(r, SN_E_FORMAT, path,
                            "not a finite number (null; JSON has no NaN or infinity)");
    if (!cJSON_IsNumber(v))
        return nn_json_fail(r, SN_E_FORMAT, path, "expected a number, got %s", nn_json_kind(v));
    double d = v->valuedouble;
    if (!isfinite(d))
        return nn_json_fail(r, SN_E_FORMAT, path, "not a finite number");
    if (fabs(d) >= float_overflow)
        return nn_json_fail(r, SN_E_FORMAT, path, "%g is too large for a float (at most %g)", d,
                            (double)FLT_MAX);
    *out = (float)d;
    return 0;
}

int nn_json_float(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                  int required, float *out)
{
    const cJSON *v;
    char p[96];
    int rc = nn_json_member(r, obj, path, key, required, &v);
    if (rc != 0 || !v)
        return rc;
    nn_json_join(p, sizeof p, path, key);
    return to_float(r, v, p, out);
}

int nn_json_double(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                   double *out)
{
    const cJSON *v;
    char p[96];
    int rc = nn_json_member(r, obj, path, key, 0, &v);
    if (rc != 0 || !v)
        return rc;
    nn_json_join(p, sizeof p, path, key);
    if (!cJSON_IsNumber(v))
        return nn_json_fail(r, SN_E_FORMAT, p, "expected a number, got %s", nn_json_kind(v));
    if (!isfinite(v->valuedouble))
        return nn_json_fail(r, SN_E_FORMAT, p, "not a finite number");
    *out = v->valuedouble;
    return 0;
}

/* Copies a string value into dst (cap bytes); refuses longer ones rather than cutting them. */
int nn_json_string(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                   int required, char *dst, size_t cap)
{
    const cJSON *v;
    char p[96];
    int rc = nn_json_member(r, obj, path, key, required, &v);
    if (rc != 0 || !v)
        return rc;
    nn_json_join(p, sizeof p, path, key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return nn_json_fail(r, SN_E_FORMAT, p, "expected a string, got %s", nn_json_kind(v));
    size_t n = strlen(v->valuestring);
    if (n >= cap)
        return nn_json_fail(r, SN_E_FORMAT, p, "%zu bytes long, at most %zu allowed", n, cap - 1);
    memcpy(dst, v->valuestring, n + 1);
    return 0;
}

/* The seed: a string of decimal digits (JSON numbers are doubles and lose uint64 precision), or
 * for hand-written files a non-negative integer number up to 2^53. */
int nn_json_seed(const NnReader *r, const cJSON *obj, const char *path, uint64_t *out)
{
    const cJSON *v;
    char p[96];
    int rc = nn_json_member(r, obj, path, "seed", 0, &v);
    if (rc != 0 || !v)
        return rc;
    nn_json_join(p, sizeof p, path, "seed");
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!(d >= 0 && d <= 9007199254740992.0 && d == floor(d)))
            return nn_json_fail(r, SN_E_FORMAT, p,
                                "a numeric seed must be an integer from 0 to 2^53; "
                                "write larger seeds as a string of digits");
        *out = (uint64_t)d;
        return 0;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return nn_json_fail(r, SN_E_FORMAT, p, "expected a string of digits, got %s",
                            nn_json_kind(v));
    const char *s = v->valuestring;
    uint64_t x = 0;
    if (!*s)
        return nn_json_fail(r, SN_E_FORMAT, p, "empty; expected a string of digits");
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return nn_json_fail(r, SN_E_FORMAT, p, "\"%s\" is not a string of decimal digits",
                                v->valuestring);
        unsigned digit = (unsigned)(*s - '0');
        if (x > (UINT64_MAX - digit) / 10) /* x * 10 + digit would not fit in 64 bits */
            return nn_json_fail(r, SN_E_FORMAT, p, "\"%s\" does not fit in 64 bits",
                                v->valuestring);
        x = x * 10 + digit;
    }
    *out = x;
    return 0;
}

/* Everything read from the text before the model is allocated. */

/* Counts the elements of an array (walking it: cJSON keeps a linked list). */
size_t nn_json_len(const cJSON *a)
{
    size_t n = 0;
    for (const cJSON *c = a->child; c; c = c->next)
        n++;
    return n;
}

/* Finds a numeric array and checks it holds exactly n values (the values come later). */
int nn_json_numbers(const NnReader *r, const cJSON *obj, const char *path, const char *key,
                    size_t n, const cJSON **out)
{
    char p[96];
    int rc = nn_json_member(r, obj, path, key, 1, out);
    if (rc != 0)
        return rc;
    nn_json_join(p, sizeof p, path, key);
    if (!cJSON_IsArray(*out))
        return nn_json_fail(r, SN_E_FORMAT, p, "expected an array of %zu numbers, got %s", n,
                            nn_json_kind(*out));
    size_t got = nn_json_len(*out);
    if (got != n)
        return nn_json_fail(r, SN_E_FORMAT, p, "expected %zu numbers, got %zu", n, got);
    return 0;
}

/* Copies an array already checked to hold n values into dst, value by value. */
int nn_json_fill(const NnReader *r, const cJSON *arr, const char *path, float *dst, size_t n)
{
    size_t i = 0;
    for (const cJSON *v = arr->child; v && i < n; v = v->next, i++) {
        if (cJSON_IsNumber(v) && fabs(v->valuedouble) < float_overflow) {
            dst[i] = (float)v->valuedouble; /* the common case, kept short */
            continue;
        }
        char p[96];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        int rc = to_float(r, v, p, &dst[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}
