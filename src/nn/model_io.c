/* model_io.c - models as JSON files ("scratchnet-model", version 1; docs/model-format.md).
 *
 * Writing builds the text here with a small string builder, so the file stays readable (one
 * layer per block, one weight row per line) and every float gets the fewest digits that read
 * back to exactly the same bits. Reading lets cJSON parse the text, then checks every field
 * (type, range, array length, finiteness) and every size against the library's limits before
 * the model is allocated. Numbers are printed and parsed under the "C" numeric locale for the
 * calling thread only (uselocale): the decimal point is always '.', whatever the program's
 * locale, and the process-wide locale (setlocale) is never touched.
 * Shapes: dense weights (out, in) row-major, biases (out), as in model.h.
 */
#include "nn/model_io.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/json.h"
#include "common/readfile.h"
#include "common/utf8.h"
#include "nn/rng.h"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* A double at or beyond FLT_MAX + half an ulp (0x1.fffffe p127 + 0x0.000001 p127) rounds to
 * infinity when converted to float; anything below rounds to a finite float. */
static const double float_overflow = 0x1.ffffffp+127;

/* ------------------------------------------------------------------------------------------ */
/* The "C" numeric locale for this thread                                                     */
/* ------------------------------------------------------------------------------------------ */

typedef struct CLocale {
    locale_t c;   /* the "C" locale object */
    locale_t old; /* the thread's locale before, restored on leave */
} CLocale;

/* Makes '.' the decimal point for printf/strtod in this thread; returns 0 or -1 (no memory). */
static int c_locale_enter(CLocale *cl)
{
    cl->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (cl->c == (locale_t)0)
        return -1;
    cl->old = uselocale(cl->c);
    return 0;
}

static void c_locale_leave(CLocale *cl)
{
    uselocale(cl->old);
    freelocale(cl->c);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* A growing string; after a failed allocation every append is a no-op and oom stays set. */
typedef struct Buf {
    char *s;    /* (cap) bytes, NUL-terminated at len */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
    int oom;    /* an allocation failed */
} Buf;

static int buf_reserve(Buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra < b->cap - b->len)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (extra >= cap - b->len) {
        if (cap > SIZE_MAX / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_puts(Buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void PRINTF_LIKE(2, 3) buf_format(Buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    if (buf_reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* A JSON string literal: quotes, backslashes and control characters escaped; other bytes
 * (UTF-8 included) copied as they are. */
static void buf_string(Buf *b, const char *s)
{
    buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                buf_format(b, "\\u%04x", (unsigned)*p);
            else
                buf_add(b, (const char *)p, 1);
        }
    }
    buf_puts(b, "\"");
}

/* Writes the shortest decimal that reads back to exactly the bits of x, read back the way the
 * loader reads it (strtod to double, then rounded to float). 9 significant digits always suffice
 * for a float (ceil(1 + 24 log10 2) = 9). For normal floats the search starts at 6 digits: every
 * decimal of at most FLT_DIG = 6 digits survives decimal -> float -> decimal, so if a shorter
 * string reads back to x, "%.6g" (which drops trailing zeros) already prints it. Subnormals have
 * fewer significant bits and may need fewer digits, so they start at 1. x must be finite. */
static void buf_float(Buf *b, float x)
{
    char s[32];
    for (int p = fabsf(x) < FLT_MIN ? 1 : 6; p <= 9; p++) {
        snprintf(s, sizeof s, "%.*g", p, (double)x);
        float back = (float)strtod(s, NULL);
        if (memcmp(&back, &x, sizeof x) == 0)
            break;
    }
    buf_puts(b, s);
}

/* The same for a double: 17 significant digits always suffice (ceil(1 + 53 log10 2) = 17). */
static void buf_double(Buf *b, double x)
{
    char s[40];
    for (int p = 15; p <= 17; p++) {
        snprintf(s, sizeof s, "%.*g", p, x);
        double back = strtod(s, NULL);
        if (memcmp(&back, &x, sizeof x) == 0)
            break;
    }
    buf_puts(b, s);
}

/* Writes "[v, v, ...]": n_rows rows of row_len values, each row on its own line indented by
 * indent spaces when n_rows > 1, otherwise all on one line. */
static void buf_floats(Buf *b, const float *v, size_t n_rows, size_t row_len, int indent)
{
    buf_puts(b, "[");
    for (size_t r = 0; r < n_rows; r++) {
        if (n_rows > 1)
            buf_format(b, "\n%*s", indent, "");
        for (size_t i = 0; i < row_len; i++) {
            buf_float(b, v[r * row_len + i]);
            if (i + 1 < row_len || r + 1 < n_rows)
                buf_puts(b, i + 1 < row_len ? ", " : ",");
        }
    }
    if (n_rows > 1)
        buf_format(b, "\n%*s", indent - 2, "");
    buf_puts(b, "]");
}

/* Length of a fixed-size string field, or -1 if it is not NUL-terminated within cap bytes. */
static long field_len(const char *s, size_t cap)
{
    const char *nul = memchr(s, '\0', cap);
    return nul ? (long)(nul - s) : -1;
}

/* Returns the index of the first non-finite value in v[0..n), or n if all are finite. */
static size_t first_non_finite(const float *v, size_t n)
{
    size_t i = 0;
    while (i < n && isfinite(v[i]))
        i++;
    return i;
}

/* Checks that the model can be written as a file that loads back: consistent shapes, one label
 * per output, terminated strings, finite numbers (JSON has no NaN or infinity). */
static int check_writable(const NnModel *m, NnError *err)
{
    const NnModelInfo *in = &m->info;
    const NnTrainInfo *t = &in->train;
    if (m->n_layers < 1 || m->n_layers > NN_MAX_LAYERS)
        return nn_error(err, NN_E_ARG, "layers: a model has 1 to %d layers, this one has %d",
                        NN_MAX_LAYERS, m->n_layers);
    int width = m->n_in;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        if ((int)L->type < 0 || L->type >= NN_LAYER_COUNT)
            return nn_error(err, NN_E_ARG, "layers[%d]: unknown layer type %d", l, (int)L->type);
        if (L->n_in != width || L->n_out < 1 || (int)L->act < 0 || L->act >= NN_ACT_COUNT)
            return nn_error(err, NN_E_ARG, "layers[%d]: inconsistent shape or activation", l);
        width = L->n_out;
        const struct {
            const char *key;
            const float *v;
            size_t n;
        } arrays[] = {{L->type == NN_LAYER_BATCHNORM ? "gamma" : "weights", L->weight,
                       L->n_weight},
                      {L->type == NN_LAYER_BATCHNORM ? "beta" : "biases", L->bias, L->n_bias},
                      {"running_mean", L->run_mean, L->run_mean ? (size_t)L->in.c : 0},
                      {"running_var", L->run_var, L->run_var ? (size_t)L->in.c : 0}};
        for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) {
            size_t bad = arrays[k].n ? first_non_finite(arrays[k].v, arrays[k].n) : 0;
            if (bad < arrays[k].n)
                return nn_error(err, NN_E_ARG,
                                "layers[%d].%s[%zu]: %g is not a finite number and JSON cannot "
                                "hold it (did training diverge? try a lower learning rate)",
                                l, arrays[k].key, bad, (double)arrays[k].v[bad]);
        }
    }
    if ((long long)in->in_c * in->in_h * in->in_w != m->n_in || in->in_c < 1 || in->in_h < 1 ||
        in->in_w < 1)
        return nn_error(err, NN_E_ARG, "input: shape %dx%dx%d does not match the %d inputs of "
                        "layers[0]", in->in_c, in->in_h, in->in_w, m->n_in);
    if (in->n_classes != m->n_out)
        return nn_error(err, NN_E_ARG, "labels: %d labels for the %d outputs of the last layer "
                        "(a model file needs one label per output, at most %d)",
                        in->n_classes, m->n_out, NN_MAX_CLASSES);
    if (!isfinite(in->in_scale) || !isfinite(in->in_offset))
        return nn_error(err, NN_E_ARG, "input: scale and offset must be finite numbers");
    if (field_len(in->preprocess, sizeof in->preprocess) < 0 ||
        (strcmp(in->preprocess, "mnist") != 0 && strcmp(in->preprocess, "none") != 0))
        return nn_error(err, NN_E_ARG, "input.preprocess: must be \"mnist\" or \"none\"");
    if (strcmp(in->preprocess, "mnist") == 0 && (in->in_c != 1 || in->in_h != 28 ||
                                                 in->in_w != 28))
        return nn_error(err, NN_E_ARG, "input.preprocess: \"mnist\" needs a 1x28x28 input, this "
                        "model takes %dx%dx%d", in->in_c, in->in_h, in->in_w);
    if (field_len(in->name, sizeof in->name) < 0)
        return nn_error(err, NN_E_ARG, "name: not a terminated string");
    if (!in->name[0])
        return nn_error(err, NN_E_ARG, "name: empty (a model's name is 1 to %d bytes)",
                        NN_NAME_LEN - 1);
    if (!utf8_valid(in->name, strlen(in->name)))
        return nn_error(err, NN_E_ARG, "name: not valid UTF-8 text");
    for (int c = 0; c < in->n_classes; c++) {
        if (field_len(in->labels[c], NN_LABEL_LEN) < 0)
            return nn_error(err, NN_E_ARG, "labels[%d]: not a terminated string", c);
        if (!utf8_valid(in->labels[c], strlen(in->labels[c])))
            return nn_error(err, NN_E_ARG, "labels[%d]: not valid UTF-8 text", c);
    }
    if (field_len(t->dataset, sizeof t->dataset) < 0 ||
        field_len(t->optimizer, sizeof t->optimizer) < 0 ||
        field_len(t->schedule, sizeof t->schedule) < 0 || field_len(t->cost, sizeof t->cost) < 0 ||
        field_len(t->command, sizeof t->command) < 0 || field_len(t->date, sizeof t->date) < 0 ||
        field_len(t->augment, sizeof t->augment) < 0 ||
        field_len(t->version, sizeof t->version) < 0)
        return nn_error(err, NN_E_ARG, "training: a text field is not a terminated string");
    const float tf[] = {t->learning_rate, t->momentum, t->weight_decay,
                        t->train_accuracy, t->val_accuracy, t->test_accuracy};
    if (first_non_finite(tf, sizeof tf / sizeof tf[0]) < sizeof tf / sizeof tf[0] ||
        !isfinite(t->train_seconds))
        return nn_error(err, NN_E_ARG, "training: a number is not finite");
    return 0;
}

char *nn_model_to_json(const NnModel *m, NnError *err)
{
    if (!m) {
        nn_error(err, NN_E_ARG, "no model to write");
        return NULL;
    }
    if (check_writable(m, err) != 0)
        return NULL;
    CLocale cl;
    if (c_locale_enter(&cl) != 0) {
        nn_error(err, NN_E_NOMEM, "out of memory for the \"C\" locale");
        return NULL;
    }
    const NnModelInfo *in = &m->info;
    const NnTrainInfo *t = &in->train;
    Buf b = {0};
    /* about 12 bytes per number ("-0.012345678, ") plus the rest */
    if (m->n_params < (SIZE_MAX - 65536) / 16)
        buf_reserve(&b, m->n_params * 14 + 65536);

    buf_format(&b, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"name\": ", NN_MODEL_FORMAT,
               NN_MODEL_VERSION);
    buf_string(&b, in->name);
    buf_format(&b, ",\n  \"input\": {\"channels\": %d, \"height\": %d, \"width\": %d, \"scale\": ",
               in->in_c, in->in_h, in->in_w);
    buf_float(&b, in->in_scale);
    buf_puts(&b, ", \"offset\": ");
    buf_float(&b, in->in_offset);
    buf_puts(&b, ", \"preprocess\": ");
    buf_string(&b, in->preprocess);
    buf_puts(&b, "},\n  \"labels\": [");
    for (int c = 0; c < in->n_classes; c++) {
        buf_string(&b, in->labels[c]);
        buf_puts(&b, c + 1 < in->n_classes ? ", " : "");
    }
    buf_puts(&b, "],\n  \"layers\": [");
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        buf_format(&b, "\n    {\n      \"type\": \"%s\"", nn_layer_type_name(L->type));
        switch (L->type) {
        case NN_LAYER_DENSE:
            buf_format(&b, ", \"inputs\": %d, \"outputs\": %d, \"activation\": \"%s\",\n"
                       "      \"weights\": ", L->n_in, L->n_out, nn_act_name(L->act));
            /* weights (out, in): one row of n_in numbers per output neuron */
            buf_floats(&b, L->weight, (size_t)L->n_out, (size_t)L->n_in, 8);
            buf_puts(&b, ",\n      \"biases\": ");
            buf_floats(&b, L->bias, 1, L->n_bias, 8);
            break;
        case NN_LAYER_CONV2D:
            buf_format(&b, ", \"in_channels\": %d, \"out_channels\": %d, \"kernel\": %d, "
                       "\"padding\": %d, \"activation\": \"%s\",\n      \"weights\": ",
                       L->in.c, L->out.c, L->kernel, L->pad, nn_act_name(L->act));
            /* weights (K, C, R, R): one row of C * R * R numbers per filter */
            buf_floats(&b, L->weight, (size_t)L->out.c, L->n_weight / (size_t)L->out.c, 8);
            buf_puts(&b, ",\n      \"biases\": ");
            buf_floats(&b, L->bias, 1, L->n_bias, 8);
            break;
        case NN_LAYER_DROPOUT:
            buf_puts(&b, ", \"rate\": ");
            buf_float(&b, L->rate);
            break;
        case NN_LAYER_BATCHNORM:
            buf_format(&b, ", \"channels\": %d, \"activation\": \"%s\",\n      \"gamma\": ",
                       L->in.c, nn_act_name(L->act));
            buf_floats(&b, L->weight, 1, L->n_weight, 8);
            buf_puts(&b, ",\n      \"beta\": ");
            buf_floats(&b, L->bias, 1, L->n_bias, 8);
            buf_puts(&b, ",\n      \"running_mean\": ");
            buf_floats(&b, L->run_mean, 1, (size_t)L->in.c, 8);
            buf_puts(&b, ",\n      \"running_var\": ");
            buf_floats(&b, L->run_var, 1, (size_t)L->in.c, 8);
            break;
        default: /* maxpool2, flatten: no settings, no parameters */
            break;
        }
        buf_puts(&b, l + 1 < m->n_layers ? "\n    }," : "\n    }");
    }
    buf_puts(&b, "\n  ],\n  \"training\": {\n    \"dataset\": ");
    buf_string(&b, t->dataset);
    buf_format(&b, ",\n    \"samples\": %ld,\n    \"epochs\": %d,\n    \"best_epoch\": %d,\n"
               "    \"optimizer\": ", t->samples, t->epochs, t->best_epoch);
    buf_string(&b, t->optimizer);
    buf_puts(&b, ",\n    \"learning_rate\": ");
    buf_float(&b, t->learning_rate);
    buf_puts(&b, ",\n    \"momentum\": ");
    buf_float(&b, t->momentum);
    buf_puts(&b, ",\n    \"weight_decay\": ");
    buf_float(&b, t->weight_decay);
    buf_puts(&b, ",\n    \"schedule\": ");
    buf_string(&b, t->schedule);
    buf_format(&b, ",\n    \"batch_size\": %d,\n    \"cost\": ", t->batch_size);
    buf_string(&b, t->cost);
    /* a string: JSON numbers are read as doubles, exact only up to 2^53 */
    buf_format(&b, ",\n    \"seed\": \"%llu\",\n    \"train_accuracy\": ",
               (unsigned long long)t->seed);
    buf_float(&b, t->train_accuracy);
    buf_puts(&b, ",\n    \"validation_accuracy\": ");
    buf_float(&b, t->val_accuracy);
    buf_puts(&b, ",\n    \"test_accuracy\": ");
    buf_float(&b, t->test_accuracy);
    buf_puts(&b, ",\n    \"train_seconds\": ");
    buf_double(&b, t->train_seconds);
    buf_puts(&b, ",\n    \"augmentation\": ");
    buf_string(&b, t->augment);
    buf_puts(&b, ",\n    \"command\": ");
    buf_string(&b, t->command);
    buf_puts(&b, ",\n    \"date\": ");
    buf_string(&b, t->date);
    buf_puts(&b, ",\n    \"version\": ");
    buf_string(&b, t->version);
    buf_puts(&b, "\n  }\n}\n");

    c_locale_leave(&cl);
    if (b.oom) {
        free(b.s);
        nn_error(err, NN_E_NOMEM, "out of memory writing %zu parameters as JSON", m->n_params);
        return NULL;
    }
    return b.s;
}

/* ------------------------------------------------------------------------------------------ */
/* Saving atomically                                                                          */
/* ------------------------------------------------------------------------------------------ */

int nn_write_file_atomic(const char *path, const void *bytes, size_t len, NnError *err)
{
    SnError e;
    int rc = atomic_write_file(path, bytes, len, &e);
    if (rc == 0)
        return 0;
    return nn_error(err, rc == SN_E_NOMEM ? NN_E_NOMEM : NN_E_IO, "%s", e.msg);
}

int nn_model_save(const char *path, const NnModel *m, NnError *err)
{
    NnError e = {0};
    char *text = nn_model_to_json(m, &e);
    if (!text)
        return nn_error(err, e.code, "%s: %s", path, e.msg);
    int rc = nn_write_file_atomic(path, text, strlen(text), err);
    free(text);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* Where the text came from (for messages) and where errors go. */
typedef struct Reader {
    const char *where;
    NnError *err;
} Reader;

/* Reports "<where>: <path>: <what>" (or "<where>: <what>" at the top level); returns code. */
static int PRINTF_LIKE(4, 5) bad(const Reader *r, int code, const char *path, const char *fmt,
                                 ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (path && path[0])
        return nn_error(r->err, code, "%s: %s: %s", r->where, path, what);
    return nn_error(r->err, code, "%s: %s", r->where, what);
}

static const char *json_kind(const cJSON *v)
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
static void join(char *dst, size_t cap, const char *parent, const char *key)
{
    if (parent[0])
        snprintf(dst, cap, "%s.%s", parent, key);
    else
        snprintf(dst, cap, "%s", key);
}

/* Looks key up in the object at path (case-sensitively) and refuses it twice. Sets *out to the
 * value, or NULL if absent; an absent required key is an error. Returns 0 or a negative code. */
static int member(const Reader *r, const cJSON *obj, const char *path, const char *key,
                  int required, const cJSON **out)
{
    int twice;
    *out = json_member(obj, key, &twice);
    if (twice)
        return bad(r, NN_E_FORMAT, path, "key \"%s\" appears twice", key);
    if (!*out && required)
        return bad(r, NN_E_FORMAT, path, "missing \"%s\"", key);
    return 0;
}

/* Reads an integer in [lo, hi]; a value above hi is a limit (NN_E_LIMIT), below lo a format
 * error. Leaves *out alone when the key is absent and not required. */
static int get_long(const Reader *r, const cJSON *obj, const char *path, const char *key,
                    int required, long lo, long hi, long *out)
{
    const cJSON *v;
    char p[96];
    int rc = member(r, obj, path, key, required, &v);
    if (rc != 0 || !v)
        return rc;
    join(p, sizeof p, path, key);
    if (!cJSON_IsNumber(v))
        return bad(r, NN_E_FORMAT, p, "expected an integer, got %s", json_kind(v));
    double d = v->valuedouble;
    if (!isfinite(d))
        return bad(r, NN_E_FORMAT, p, "not a finite number");
    if (d != floor(d))
        return bad(r, NN_E_FORMAT, p, "expected an integer, got %.15g", d);
    if (d > (double)hi)
        return bad(r, NN_E_LIMIT, p, "%.15g is more than %ld, the most this program accepts", d,
                   hi);
    if (d < (double)lo)
        return bad(r, NN_E_FORMAT, p, "%.15g is out of range (%ld to %ld)", d, lo, hi);
    *out = (long)d;
    return 0;
}

static int get_int(const Reader *r, const cJSON *obj, const char *path, const char *key,
                   int required, int lo, int hi, int *out)
{
    long v = *out;
    int rc = get_long(r, obj, path, key, required, lo, hi, &v);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

/* A JSON number as a float: finite (null, the way JSON writers spell NaN, is refused) and
 * within float range. path names the value itself. */
static int to_float(const Reader *r, const cJSON *v, const char *path, float *out)
{
    if (cJSON_IsNull(v))
        return bad(r, NN_E_FORMAT, path,
                   "not a finite number (null; JSON has no NaN or infinity)");
    if (!cJSON_IsNumber(v))
        return bad(r, NN_E_FORMAT, path, "expected a number, got %s", json_kind(v));
    double d = v->valuedouble;
    if (!isfinite(d))
        return bad(r, NN_E_FORMAT, path, "not a finite number");
    if (fabs(d) >= float_overflow)
        return bad(r, NN_E_FORMAT, path, "%g is too large for a float (at most %g)", d,
                   (double)FLT_MAX);
    *out = (float)d;
    return 0;
}

static int get_float(const Reader *r, const cJSON *obj, const char *path, const char *key,
                     int required, float *out)
{
    const cJSON *v;
    char p[96];
    int rc = member(r, obj, path, key, required, &v);
    if (rc != 0 || !v)
        return rc;
    join(p, sizeof p, path, key);
    return to_float(r, v, p, out);
}

static int get_double(const Reader *r, const cJSON *obj, const char *path, const char *key,
                      double *out)
{
    const cJSON *v;
    char p[96];
    int rc = member(r, obj, path, key, 0, &v);
    if (rc != 0 || !v)
        return rc;
    join(p, sizeof p, path, key);
    if (!cJSON_IsNumber(v))
        return bad(r, NN_E_FORMAT, p, "expected a number, got %s", json_kind(v));
    if (!isfinite(v->valuedouble))
        return bad(r, NN_E_FORMAT, p, "not a finite number");
    *out = v->valuedouble;
    return 0;
}

/* Copies a string value into dst (cap bytes); refuses longer ones rather than cutting them. */
static int get_string(const Reader *r, const cJSON *obj, const char *path, const char *key,
                      int required, char *dst, size_t cap)
{
    const cJSON *v;
    char p[96];
    int rc = member(r, obj, path, key, required, &v);
    if (rc != 0 || !v)
        return rc;
    join(p, sizeof p, path, key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return bad(r, NN_E_FORMAT, p, "expected a string, got %s", json_kind(v));
    size_t n = strlen(v->valuestring);
    if (n >= cap)
        return bad(r, NN_E_FORMAT, p, "%zu bytes long, at most %zu allowed", n, cap - 1);
    memcpy(dst, v->valuestring, n + 1);
    return 0;
}

/* The seed: a string of decimal digits (JSON numbers are doubles and lose uint64 precision), or
 * for hand-written files a non-negative integer number up to 2^53. */
static int get_seed(const Reader *r, const cJSON *obj, const char *path, uint64_t *out)
{
    const cJSON *v;
    char p[96];
    int rc = member(r, obj, path, "seed", 0, &v);
    if (rc != 0 || !v)
        return rc;
    join(p, sizeof p, path, "seed");
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!(d >= 0 && d <= 9007199254740992.0 && d == floor(d)))
            return bad(r, NN_E_FORMAT, p, "a numeric seed must be an integer from 0 to 2^53; "
                       "write larger seeds as a string of digits");
        *out = (uint64_t)d;
        return 0;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return bad(r, NN_E_FORMAT, p, "expected a string of digits, got %s", json_kind(v));
    const char *s = v->valuestring;
    uint64_t x = 0;
    if (!*s)
        return bad(r, NN_E_FORMAT, p, "empty; expected a string of digits");
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return bad(r, NN_E_FORMAT, p, "\"%s\" is not a string of decimal digits",
                       v->valuestring);
        unsigned digit = (unsigned)(*s - '0');
        if (x > (UINT64_MAX - digit) / 10) /* x * 10 + digit would not fit in 64 bits */
            return bad(r, NN_E_FORMAT, p, "\"%s\" does not fit in 64 bits", v->valuestring);
        x = x * 10 + digit;
    }
    *out = x;
    return 0;
}

/* Everything read from the text before the model is allocated. */
typedef struct Parsed {
    NnModelInfo info;
    int n_in;                            /* channels x height x width */
    int n_out;                           /* what the last layer gives */
    int n_layers;
    NnLayerSpec specs[NN_MAX_LAYERS];
    /* each layer's number arrays, already checked to hold the right counts (NULL if none):
     * weights (or gamma), biases (or beta), running mean, running variance */
    const cJSON *arrays[NN_MAX_LAYERS][4];
} Parsed;

static int read_header(const Reader *r, const cJSON *root)
{
    const cJSON *v;
    int rc = member(r, root, "", "format", 1, &v);
    if (rc != 0)
        return rc;
    if (!cJSON_IsString(v) || !v->valuestring)
        return bad(r, NN_E_FORMAT, "format", "expected the string \"%s\", got %s",
                   NN_MODEL_FORMAT, json_kind(v));
    if (strcmp(v->valuestring, NN_MODEL_FORMAT) != 0)
        return bad(r, NN_E_FORMAT, "format", "\"%.64s\" is not \"%s\": this is not a "
                   "scratchnet model file", v->valuestring, NN_MODEL_FORMAT);
    if ((rc = member(r, root, "", "version", 1, &v)) != 0)
        return rc;
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return bad(r, NN_E_FORMAT, "version", "expected an integer, got %s", json_kind(v));
    if (v->valuedouble != NN_MODEL_VERSION)
        return bad(r, NN_E_FORMAT, "", "version %.15g is not supported (this program reads "
                   "version %d)", v->valuedouble, NN_MODEL_VERSION);
    return 0;
}

static int read_input(const Reader *r, const cJSON *root, Parsed *p)
{
    NnModelInfo *in = &p->info;
    const cJSON *o;
    int rc = member(r, root, "", "input", 1, &o);
    if (rc != 0)
        return rc;
    if (!cJSON_IsObject(o))
        return bad(r, NN_E_FORMAT, "input", "expected an object, got %s", json_kind(o));
    if ((rc = get_int(r, o, "input", "channels", 1, 1, NN_MAX_WIDTH, &in->in_c)) != 0 ||
        (rc = get_int(r, o, "input", "height", 1, 1, NN_MAX_SIDE, &in->in_h)) != 0 ||
        (rc = get_int(r, o, "input", "width", 1, 1, NN_MAX_SIDE, &in->in_w)) != 0 ||
        (rc = get_float(r, o, "input", "scale", 1, &in->in_scale)) != 0 ||
        (rc = get_float(r, o, "input", "offset", 1, &in->in_offset)) != 0 ||
        (rc = get_string(r, o, "input", "preprocess", 1, in->preprocess,
                         sizeof in->preprocess)) != 0)
        return rc;
    if (strcmp(in->preprocess, "mnist") != 0 && strcmp(in->preprocess, "none") != 0)
        return bad(r, NN_E_FORMAT, "input.preprocess",
                   "unknown preprocessing \"%s\" (expected \"mnist\" or \"none\")",
                   in->preprocess);
    /* MNIST normalisation produces a 28 x 28 image (src/ink/preprocess.h) */
    if (strcmp(in->preprocess, "mnist") == 0 && (in->in_c != 1 || in->in_h != 28 ||
                                                 in->in_w != 28))
        return bad(r, NN_E_FORMAT, "input.preprocess", "\"mnist\" needs a 1x28x28 input, this "
                   "model takes %dx%dx%d (use \"none\")", in->in_c, in->in_h, in->in_w);
    /* each factor is at most 2^20, so the product fits in 64 bits */
    long long n = (long long)in->in_c * in->in_h * in->in_w;
    if (n > NN_MAX_WIDTH)
        return bad(r, NN_E_LIMIT, "input", "%dx%dx%d = %lld values is more than %d, the most "
                   "this program accepts", in->in_c, in->in_h, in->in_w, n, NN_MAX_WIDTH);
    p->n_in = (int)n;
    return 0;
}

/* Counts the elements of an array (walking it: cJSON keeps a linked list). */
static size_t array_len(const cJSON *a)
{
    size_t n = 0;
    for (const cJSON *c = a->child; c; c = c->next)
        n++;
    return n;
}

/* Finds a numeric array and checks it holds exactly n values (the values come later). */
static int numbers_of_len(const Reader *r, const cJSON *obj, const char *path, const char *key,
                          size_t n, const cJSON **out)
{
    char p[96];
    int rc = member(r, obj, path, key, 1, out);
    if (rc != 0)
        return rc;
    join(p, sizeof p, path, key);
    if (!cJSON_IsArray(*out))
        return bad(r, NN_E_FORMAT, p, "expected an array of %zu numbers, got %s", n,
                   json_kind(*out));
    size_t got = array_len(*out);
    if (got != n)
        return bad(r, NN_E_FORMAT, p, "expected %zu numbers, got %zu", n, got);
    return 0;
}

/* Reads an activation name at path.activation. */
static int read_act(const Reader *r, const cJSON *o, const char *path, int last, NnAct *a)
{
    char act[32], ap[48];
    int rc = get_string(r, o, path, "activation", 1, act, sizeof act);
    if (rc != 0)
        return rc;
    snprintf(ap, sizeof ap, "%s.activation", path);
    if (nn_act_parse(act, a) != 0)
        return bad(r, NN_E_FORMAT, ap, "unknown activation \"%s\" (linear, step, sigmoid, "
                   "relu, tanh, softmax)", act);
    if (*a == NN_ACT_SOFTMAX && !last)
        return bad(r, NN_E_FORMAT, ap, "softmax is only allowed on the last layer");
    return 0;
}

/* Reads an integer setting that must equal what the previous layer gives. */
static int read_match(const Reader *r, const cJSON *o, const char *path, const char *key,
                      int want, const char *what, int *out)
{
    int rc = get_int(r, o, path, key, 1, 1, NN_MAX_WIDTH, out);
    if (rc != 0)
        return rc;
    if (*out != want) {
        char kp[64];
        join(kp, sizeof kp, path, key);
        return bad(r, NN_E_FORMAT, kp, "%d does not match %s = %d", *out, what, want);
    }
    return 0;
}

/* One layer being read: where it sits, what it takes, and what its settings make of it. */
typedef struct LayerRead {
    const Reader *r;
    const cJSON *o;                      /* the layer's object */
    char path[32], tp[48], what[64];     /* "layers[l]", "layers[l].type", what feeds it */
    int last;                            /* it is the model's last layer */
    NnShape cur;                         /* what it takes */
    long long flat;                      /* cur as one count of values */
    int image;                           /* cur is more than one value high or wide */
    NnLayerSpec *s;
    NnShape next;                        /* what it gives */
    size_t n_w, n_b, n_state;            /* how many weights, biases and state values it has */
} LayerRead;

/* Reads a dense layer's inputs, outputs and activation. */
static int read_dense(LayerRead *L)
{
    int v = 0, n_out = 0, rc;
    if ((rc = read_match(L->r, L->o, L->path, "inputs", (int)L->flat, L->what, &v)) != 0 ||
        (rc = get_int(L->r, L->o, L->path, "outputs", 1, 1, NN_MAX_WIDTH, &n_out)) != 0 ||
        (rc = read_act(L->r, L->o, L->path, L->last, &L->s->act)) != 0)
        return rc;
    L->s->n_out = n_out;
    L->n_w = (size_t)n_out * (size_t)L->flat;
    L->n_b = (size_t)n_out;
    L->next = (NnShape){n_out, 1, 1};
    return 0;
}

/* Reads a convolution's channels, kernel, padding and activation and checks they fit its image. */
static int read_conv2d(LayerRead *L)
{
    const Reader *r = L->r;
    const NnShape cur = L->cur;
    int v = 0, k = 0, kernel = 0, pad = 0, rc;
    if (!L->image)
        return bad(r, NN_E_FORMAT, L->tp, "a convolution needs an image, but its input is a "
                   "flat vector of %lld", L->flat);
    if ((rc = read_match(r, L->o, L->path, "in_channels", cur.c, L->what, &v)) != 0 ||
        (rc = get_int(r, L->o, L->path, "out_channels", 1, 1, NN_MAX_CHANNELS, &k)) != 0 ||
        (rc = get_int(r, L->o, L->path, "kernel", 1, 1, NN_MAX_KERNEL, &kernel)) != 0 ||
        (rc = get_int(r, L->o, L->path, "padding", 1, 0, NN_MAX_KERNEL - 1, &pad)) != 0 ||
        (rc = read_act(r, L->o, L->path, L->last, &L->s->act)) != 0)
        return rc;
    L->next = (NnShape){k, cur.h + 2 * pad - kernel + 1, cur.w + 2 * pad - kernel + 1};
    if (pad >= kernel || L->next.h < 1 || L->next.w < 1)
        return bad(r, NN_E_FORMAT, L->path, "a %dx%d kernel with padding %d does not fit a "
                   "%dx%d image", kernel, kernel, pad, cur.h, cur.w);
    L->s->n_out = k;
    L->s->kernel = kernel;
    L->s->pad = pad;
    L->n_w = (size_t)k * (size_t)cur.c * (size_t)kernel * (size_t)kernel;
    L->n_b = (size_t)k;
    return 0;
}

/* Checks a 2x2 pooling layer has an image of at least 2x2 to halve. */
static int read_maxpool2(LayerRead *L)
{
    const NnShape cur = L->cur;
    if (!L->image || cur.h < 2 || cur.w < 2)
        return bad(L->r, NN_E_FORMAT, L->tp, "2x2 pooling needs an image of at least 2x2, its "
                   "input is %dx%dx%d", cur.c, cur.h, cur.w);
    L->next = (NnShape){cur.c, cur.h / 2, cur.w / 2};
    return 0;
}

/* Reads a dropout layer's rate, which must be in [0, 1). */
static int read_dropout(LayerRead *L)
{
    int rc = get_float(L->r, L->o, L->path, "rate", 1, &L->s->rate);
    if (rc != 0)
        return rc;
    if (!(L->s->rate >= 0.0f && L->s->rate < 1.0f)) {
        char rp[48];
        snprintf(rp, sizeof rp, "%s.rate", L->path);
        return bad(L->r, NN_E_FORMAT, rp, "%g is not in [0, 1)", (double)L->s->rate);
    }
    return 0;
}

/* Reads a batch normalisation's channels and activation. */
static int read_batchnorm(LayerRead *L)
{
    int v = 0, rc;
    if ((rc = read_match(L->r, L->o, L->path, "channels", L->cur.c, L->what, &v)) != 0 ||
        (rc = read_act(L->r, L->o, L->path, L->last, &L->s->act)) != 0)
        return rc;
    L->n_w = L->n_b = L->n_state = (size_t)L->cur.c;
    return 0;
}

/* Reads the settings of the layer's type, giving its output shape and array counts. */
static int read_layer_settings(LayerRead *L)
{
    switch (L->s->type) {
    case NN_LAYER_DENSE:
        return read_dense(L);
    case NN_LAYER_CONV2D:
        return read_conv2d(L);
    case NN_LAYER_MAXPOOL2:
        return read_maxpool2(L);
    case NN_LAYER_DROPOUT:
        return read_dropout(L);
    case NN_LAYER_BATCHNORM:
        return read_batchnorm(L);
    case NN_LAYER_FLATTEN:
        L->next = (NnShape){(int)L->flat, 1, 1};
        return 0;
    default:
        return 0;
    }
}

/* Finds the layer's number arrays and checks each holds the count its settings call for. */
static int read_layer_arrays(const LayerRead *L, const cJSON *arrays[4])
{
    const int bn = L->s->type == NN_LAYER_BATCHNORM;
    const char *keys[4] = {bn ? "gamma" : "weights", bn ? "beta" : "biases", "running_mean",
                           "running_var"};
    const size_t counts[4] = {L->n_w, L->n_b, L->n_state, L->n_state};
    for (int k = 0; k < 4; k++) {
        int rc;
        arrays[k] = NULL;
        if (counts[k] &&
            (rc = numbers_of_len(L->r, L->o, L->path, keys[k], counts[k], &arrays[k])) != 0)
            return rc;
    }
    return 0;
}

/* Reads layers[l], which takes *cur: its type, settings and arrays; moves *cur to what it gives
 * and adds its parameters to *n_params. */
static int read_layer(const Reader *r, const cJSON *o, int l, Parsed *p, NnShape *cur,
                      uint64_t *n_params)
{
    LayerRead L = {.r = r, .o = o, .last = l + 1 == p->n_layers, .cur = *cur};
    char key[32];
    int rc;
    snprintf(L.path, sizeof L.path, "layers[%d]", l);
    if (l == 0)
        snprintf(L.what, sizeof L.what, "the input shape, %dx%dx%d", cur->c, cur->h, cur->w);
    else
        snprintf(L.what, sizeof L.what, "the output of layers[%d], %dx%dx%d", l - 1, cur->c,
                 cur->h, cur->w);
    if (!cJSON_IsObject(o))
        return bad(r, NN_E_FORMAT, L.path, "expected an object, got %s", json_kind(o));
    if ((rc = get_string(r, o, L.path, "type", 1, key, sizeof key)) != 0)
        return rc;
    L.s = &p->specs[l];
    memset(L.s, 0, sizeof *L.s);
    L.s->act = NN_ACT_LINEAR;
    snprintf(L.tp, sizeof L.tp, "%s.type", L.path);
    if (nn_layer_type_parse(key, &L.s->type) != 0)
        return bad(r, NN_E_FORMAT, L.tp, "unknown layer type \"%s\" (dense, conv2d, maxpool2, "
                   "dropout, batchnorm, flatten)", key);
    L.flat = (long long)cur->c * cur->h * cur->w;
    L.image = cur->h > 1 || cur->w > 1;
    L.next = *cur;
    if ((rc = read_layer_settings(&L)) != 0)
        return rc;
    if ((long long)L.next.c * L.next.h * L.next.w > NN_MAX_WIDTH)
        return bad(r, NN_E_LIMIT, L.path, "an output of %lld values is more than %d, the most "
                   "this program accepts", (long long)L.next.c * L.next.h * L.next.w,
                   NN_MAX_WIDTH);
    *n_params += (uint64_t)L.n_w + (uint64_t)L.n_b;
    if (*n_params > NN_MAX_PARAMS)
        return bad(r, NN_E_LIMIT, "layers", "more than %d parameters by layers[%d], the "
                   "most this program accepts", NN_MAX_PARAMS, l);
    if ((rc = read_layer_arrays(&L, p->arrays[l])) != 0)
        return rc;
    *cur = L.next;
    return 0;
}

/* Reads the layers' types, settings and activations and checks they chain: layer 0 takes the
 * input, each layer takes the shape the previous one gives. Nothing is allocated yet. */
static int read_layers(const Reader *r, const cJSON *root, Parsed *p)
{
    const cJSON *arr;
    int rc = member(r, root, "", "layers", 1, &arr);
    if (rc != 0)
        return rc;
    if (!cJSON_IsArray(arr))
        return bad(r, NN_E_FORMAT, "layers", "expected an array, got %s", json_kind(arr));
    size_t n = array_len(arr);
    if (n == 0)
        return bad(r, NN_E_FORMAT, "layers", "a model needs at least one layer");
    if (n > NN_MAX_LAYERS)
        return bad(r, NN_E_LIMIT, "layers", "%zu layers is more than %d, the most this program "
                   "accepts", n, NN_MAX_LAYERS);
    p->n_layers = (int)n;
    NnShape cur = {p->info.in_c, p->info.in_h, p->info.in_w};
    uint64_t n_params = 0;
    int l = 0;
    for (const cJSON *o = arr->child; o; o = o->next, l++)
        if ((rc = read_layer(r, o, l, p, &cur, &n_params)) != 0)
            return rc;
    if (cur.h != 1 || cur.w != 1)
        return bad(r, NN_E_FORMAT, "layers", "the last layer gives an image (%dx%dx%d); end with "
                   "a dense layer or flatten", cur.c, cur.h, cur.w);
    p->n_out = cur.c;
    return 0;
}

static int read_labels(const Reader *r, const cJSON *root, Parsed *p)
{
    NnModelInfo *in = &p->info;
    const cJSON *arr;
    int rc = member(r, root, "", "labels", 1, &arr);
    if (rc != 0)
        return rc;
    if (!cJSON_IsArray(arr))
        return bad(r, NN_E_FORMAT, "labels", "expected an array of strings, got %s",
                   json_kind(arr));
    int n_out = p->n_out;
    size_t n = array_len(arr);
    if (n != (size_t)n_out)
        return bad(r, NN_E_FORMAT, "labels", "%zu labels for the %d outputs of the last layer "
                   "(one label per output)", n, n_out);
    if (n > NN_MAX_CLASSES)
        return bad(r, NN_E_LIMIT, "labels", "%zu labels is more than %d, the most this program "
                   "accepts", n, NN_MAX_CLASSES);
    int c = 0;
    for (const cJSON *v = arr->child; v; v = v->next, c++) {
        char path[32];
        snprintf(path, sizeof path, "labels[%d]", c);
        if (!cJSON_IsString(v) || !v->valuestring)
            return bad(r, NN_E_FORMAT, path, "expected a string, got %s", json_kind(v));
        size_t len = strlen(v->valuestring);
        if (len == 0 || len >= NN_LABEL_LEN)
            return bad(r, NN_E_FORMAT, path, "a label must be 1 to %d bytes long, got %zu",
                       NN_LABEL_LEN - 1, len);
        if (!utf8_valid(v->valuestring, len))
            return bad(r, NN_E_FORMAT, path, "not valid UTF-8 text");
        memcpy(in->labels[c], v->valuestring, len + 1);
    }
    in->n_classes = c;
    return 0;
}

/* The training record is optional, and so is each of its fields. */
static int read_training(const Reader *r, const cJSON *root, NnTrainInfo *t)
{
    memset(t, 0, sizeof *t);
    t->train_accuracy = t->val_accuracy = t->test_accuracy = -1.0f; /* not measured */
    const cJSON *o;
    int rc = member(r, root, "", "training", 0, &o);
    if (rc != 0 || !o)
        return rc;
    const char *tp = "training";
    if (!cJSON_IsObject(o))
        return bad(r, NN_E_FORMAT, tp, "expected an object, got %s", json_kind(o));
    if ((rc = get_string(r, o, tp, "dataset", 0, t->dataset, sizeof t->dataset)) != 0 ||
        (rc = get_long(r, o, tp, "samples", 0, 0, INT_MAX, &t->samples)) != 0 ||
        (rc = get_int(r, o, tp, "epochs", 0, 0, INT_MAX, &t->epochs)) != 0 ||
        (rc = get_int(r, o, tp, "best_epoch", 0, 0, INT_MAX, &t->best_epoch)) != 0 ||
        (rc = get_string(r, o, tp, "optimizer", 0, t->optimizer, sizeof t->optimizer)) != 0 ||
        (rc = get_float(r, o, tp, "learning_rate", 0, &t->learning_rate)) != 0 ||
        (rc = get_float(r, o, tp, "momentum", 0, &t->momentum)) != 0 ||
        (rc = get_float(r, o, tp, "weight_decay", 0, &t->weight_decay)) != 0 ||
        (rc = get_string(r, o, tp, "schedule", 0, t->schedule, sizeof t->schedule)) != 0 ||
        (rc = get_int(r, o, tp, "batch_size", 0, 0, INT_MAX, &t->batch_size)) != 0 ||
        (rc = get_string(r, o, tp, "cost", 0, t->cost, sizeof t->cost)) != 0 ||
        (rc = get_seed(r, o, tp, &t->seed)) != 0 ||
        (rc = get_float(r, o, tp, "train_accuracy", 0, &t->train_accuracy)) != 0 ||
        (rc = get_float(r, o, tp, "validation_accuracy", 0, &t->val_accuracy)) != 0 ||
        (rc = get_float(r, o, tp, "test_accuracy", 0, &t->test_accuracy)) != 0 ||
        (rc = get_double(r, o, tp, "train_seconds", &t->train_seconds)) != 0 ||
        (rc = get_string(r, o, tp, "augmentation", 0, t->augment, sizeof t->augment)) != 0 ||
        (rc = get_string(r, o, tp, "command", 0, t->command, sizeof t->command)) != 0 ||
        (rc = get_string(r, o, tp, "date", 0, t->date, sizeof t->date)) != 0 ||
        (rc = get_string(r, o, tp, "version", 0, t->version, sizeof t->version)) != 0)
        return rc;
    /* an accuracy is a fraction in [0, 1], or -1 for "not measured" */
    const struct { const char *key; float v; } acc[] = {
        {"train_accuracy", t->train_accuracy},
        {"validation_accuracy", t->val_accuracy},
        {"test_accuracy", t->test_accuracy},
    };
    for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
        if (acc[i].v != -1.0f && !(acc[i].v >= 0.0f && acc[i].v <= 1.0f)) {
            char path[48];
            join(path, sizeof path, tp, acc[i].key);
            return bad(r, NN_E_FORMAT, path, "%g is not a fraction in [0, 1] (or -1 for not "
                       "measured)", (double)acc[i].v);
        }
    }
    return 0;
}

/* Copies an array already checked to hold n values into dst, value by value. */
static int fill_floats(const Reader *r, const cJSON *arr, const char *path, float *dst, size_t n)
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

static NnModel *read_model(const Reader *r, const cJSON *root)
{
    if (!cJSON_IsObject(root)) {
        bad(r, NN_E_FORMAT, "", "expected a JSON object at the top level, got %s",
            json_kind(root));
        return NULL;
    }
    Parsed *p = calloc(1, sizeof *p);
    if (!p) {
        bad(r, NN_E_NOMEM, "", "out of memory");
        return NULL;
    }
    NnModel *m = NULL;
    NnError e = {0};
    if (read_header(r, root) != 0 ||
        get_string(r, root, "", "name", 1, p->info.name, sizeof p->info.name) != 0 ||
        (!p->info.name[0] &&
         bad(r, NN_E_FORMAT, "name", "empty (a model's name is 1 to %d bytes)",
             NN_NAME_LEN - 1) != 0) ||
        (!utf8_valid(p->info.name, strlen(p->info.name)) &&
         bad(r, NN_E_FORMAT, "name", "not valid UTF-8 text") != 0) ||
        read_input(r, root, p) != 0 || read_layers(r, root, p) != 0 ||
        read_labels(r, root, p) != 0 || read_training(r, root, &p->info.train) != 0)
        goto done;
    /* Every size is now checked against the limits: allocate, then copy the numbers. */
    m = nn_model_new_shape((NnShape){p->info.in_c, p->info.in_h, p->info.in_w}, p->specs,
                           p->n_layers, &e);
    if (!m) {
        bad(r, e.code, "", "%s", e.msg);
        goto done;
    }
    m->info = p->info;
    for (int l = 0; l < m->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        const int bn = L->type == NN_LAYER_BATCHNORM;
        float *dst[4] = {L->weight, L->bias, L->run_mean, L->run_var};
        const size_t counts[4] = {L->n_weight, L->n_bias, bn ? (size_t)L->in.c : 0,
                                  bn ? (size_t)L->in.c : 0};
        const char *keys[4] = {bn ? "gamma" : "weights", bn ? "beta" : "biases", "running_mean",
                               "running_var"};
        for (int k = 0; k < 4; k++) {
            if (!counts[k])
                continue;
            char path[48];
            snprintf(path, sizeof path, "layers[%d].%s", l, keys[k]);
            if (fill_floats(r, p->arrays[l][k], path, dst[k], counts[k]) != 0)
                goto fail;
        }
        if (bn) { /* a variance is never negative */
            for (int c = 0; c < L->in.c; c++) {
                if (L->run_var[c] < 0.0f) {
                    char path[48];
                    snprintf(path, sizeof path, "layers[%d].running_var[%d]", l, c);
                    bad(r, NN_E_FORMAT, path, "a variance cannot be negative (%g)",
                        (double)L->run_var[c]);
                    goto fail;
                }
            }
        }
    }
    goto done;
fail:
    nn_model_free(m);
    m = NULL;
done:
    free(p);
    return m;
}

/* Where the first \u0000 escape is in text, or NULL. JSON allows it in a string, where it would
 * silently end a C string (a name or label cut short, or a key that reads as another key), so
 * model files may not hold one. Backslashes only appear in strings, and each escape is read
 * whole, so "\\u0000" (a backslash, then u0000) is not one. */
static const char *find_nul_escape(const char *text)
{
    for (const char *s = strchr(text, '\\'); s; s = strchr(s, '\\')) {
        if (s[1] == 'u' && strncmp(s + 2, "0000", 4) == 0)
            return s;
        s += s[1] ? 2 : 1; /* the escape's second character, whatever it is, is not a new one */
    }
    return NULL;
}

/* Turns a position in text into "line:column" (both from 1). */
static void line_column(const char *text, const char *at, int *line, int *col)
{
    *line = 1, *col = 1;
    for (const char *s = text; s < at; s++) {
        if (*s == '\n')
            ++*line, *col = 1;
        else
            ++*col;
    }
}

/* The top-level keys of a model file (docs/model-format.md). */
static const char *const model_keys[] = {"format", "version", "name",    "input",
                                         "layers", "labels",  "training"};

/* Counts the JSON values in text before anything is parsed (json_count_values): no more than
 * NN_MODEL_MAX_VALUES in all, nor NN_MODEL_MAX_EXTRA_VALUES under a top-level key the format
 * does not define. */
static int count_values(const Reader *r, const char *text)
{
    char key[48];
    int over = json_count_values(text, model_keys, sizeof model_keys / sizeof model_keys[0],
                                 NN_MODEL_MAX_VALUES, NN_MODEL_MAX_EXTRA_VALUES, key, sizeof key);
    if (over == JSON_COUNT_EXTRA)
        return bad(r, NN_E_LIMIT, key,
                   "more than %ld values under a key this format does not define",
                   NN_MODEL_MAX_EXTRA_VALUES);
    if (over == JSON_COUNT_TOTAL)
        return bad(r, NN_E_LIMIT, "",
                   "more than %ld JSON values, more than a model of at most %d parameters "
                   "holds", NN_MODEL_MAX_VALUES, NN_MAX_PARAMS);
    return 0;
}

NnModel *nn_model_from_json(const char *text, const char *where, NnError *err)
{
    Reader r = {where ? where : "model", err};
    if (!text) {
        bad(&r, NN_E_ARG, "", "no text to read");
        return NULL;
    }
    if (count_values(&r, text) != 0)
        return NULL;
    CLocale cl;
    if (c_locale_enter(&cl) != 0) {
        bad(&r, NN_E_NOMEM, "", "out of memory for the \"C\" locale");
        return NULL;
    }
    const char *end = NULL;
    const char *nul = find_nul_escape(text);
    int status = 0;
    cJSON *root = nul ? NULL : json_parse(text, &end, &status);
    NnModel *m = NULL;
    int line, col;
    if (nul) {
        line_column(text, nul, &line, &col);
        bad(&r, NN_E_FORMAT, "", "%d:%d: \\u0000 (a NUL character) in a string; model files "
            "cannot hold one", line, col);
    } else if (status == SN_E_NOMEM) {
        bad(&r, NN_E_NOMEM, "", "out of memory parsing the JSON text");
    } else if (!root) {
        /* cJSON points at the byte where parsing stopped: turn it into line:column */
        line_column(text, end, &line, &col);
        bad(&r, NN_E_FORMAT, "", "%d:%d: invalid JSON%s", line, col,
            *end ? "" : " (the text ends too early)");
    } else {
        m = read_model(&r, root);
        cJSON_Delete(root);
    }
    c_locale_leave(&cl);
    return m;
}

NnModel *nn_model_load(const char *path, NnError *err)
{
    /* only a regular file, and never more than the limit plus one byte (to notice a file over
     * it); JSON text never holds a NUL byte, so reading stops at one */
    char *text = NULL;
    size_t len = 0;
    SnError e;
    int rc = readfile_all(path, NN_MODEL_MAX_FILE, 1, &text, &len, &e);
    if (rc == SN_E_LIMIT) {
        nn_error(err, NN_E_LIMIT, "%s: more than %ld bytes, the largest model file this program "
                 "reads", path, NN_MODEL_MAX_FILE);
        return NULL;
    }
    if (rc == SN_E_FORMAT) {
        nn_error(err, NN_E_FORMAT, "%s: byte %zu: a NUL byte, this is not a JSON text", path, len);
        return NULL;
    }
    if (rc != 0) {
        nn_error(err, rc == SN_E_NOMEM ? NN_E_NOMEM : NN_E_IO, "%s", e.msg);
        return NULL;
    }
    NnModel *m = nn_model_from_json(text, path, err);
    free(text);
    return m;
}
