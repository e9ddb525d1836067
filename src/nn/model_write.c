/* model_write.c - writing models as JSON files ("scratchnet-model", version 1;
 * docs/model-format.md), and saving them atomically.
 *
 * The text is built here, so the file stays readable (one layer per block, one weight row per
 * line) and every float gets the fewest digits that read back to exactly the same bits. Each
 * layer type writes its own settings (layer.h); its arrays follow, as its descriptor lists them.
 * Numbers are printed under the "C" numeric locale of the calling thread (c_locale.h).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "nn/c_locale.h"
#include "nn/layer.h"
#include "nn/model_io.h"

static void put(Bytes *b, const char *s)
{
    bytes_add(b, s, strlen(s));
}

/* A JSON string literal: quotes, backslashes and control characters escaped; other bytes
 * (UTF-8 included) copied as they are. */
static void write_string(Bytes *b, const char *s)
{
    put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            put(b, "\\\"");
            break;
        case '\\':
            put(b, "\\\\");
            break;
        case '\n':
            put(b, "\\n");
            break;
        case '\r':
            put(b, "\\r");
            break;
        case '\t':
            put(b, "\\t");
            break;
        default:
            if (*p < 0x20)
                bytes_printf(b, "\\u%04x", (unsigned)*p);
            else
                bytes_add(b, p, 1);
        }
    }
    put(b, "\"");
}

/* Writes the shortest decimal that reads back to exactly the bits of x, read back the way the
 * loader reads it (strtod to double, then rounded to float). 9 significant digits always suffice
 * for a float (ceil(1 + 24 log10 2) = 9). For normal floats the search starts at 6 digits: every
 * decimal of at most FLT_DIG = 6 digits survives decimal -> float -> decimal, so if a shorter
 * string reads back to x, "%.6g" (which drops trailing zeros) already prints it. Subnormals have
 * fewer significant bits and may need fewer digits, so they start at 1. x must be finite. */
void nn_write_float(Bytes *b, float x)
{
    char s[32];
    for (int p = fabsf(x) < FLT_MIN ? 1 : 6; p <= 9; p++) {
        snprintf(s, sizeof s, "%.*g", p, (double)x);
        float back = (float)strtod(s, NULL);
        if (memcmp(&back, &x, sizeof x) == 0)
            break;
    }
    put(b, s);
}

/* The same for a double: 17 significant digits always suffice (ceil(1 + 53 log10 2) = 17). */
static void write_double(Bytes *b, double x)
{
    char s[40];
    for (int p = 15; p <= 17; p++) {
        snprintf(s, sizeof s, "%.*g", p, x);
        double back = strtod(s, NULL);
        if (memcmp(&back, &x, sizeof x) == 0)
            break;
    }
    put(b, s);
}

/* Writes "[v, v, ...]": n_rows rows of row_len values, each row on its own line indented by
 * indent spaces when n_rows > 1, otherwise all on one line. */
static void write_floats(Bytes *b, const float *v, size_t n_rows, size_t row_len, int indent)
{
    put(b, "[");
    for (size_t r = 0; r < n_rows; r++) {
        if (n_rows > 1)
            bytes_printf(b, "\n%*s", indent, "");
        for (size_t i = 0; i < row_len; i++) {
            nn_write_float(b, v[r * row_len + i]);
            if (i + 1 < row_len || r + 1 < n_rows)
                put(b, i + 1 < row_len ? ", " : ",");
        }
    }
    if (n_rows > 1)
        bytes_printf(b, "\n%*s", indent - 2, "");
    put(b, "]");
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
static int check_writable(const NnModel *m, SnError *err)
{
    const NnModelInfo *in = &m->info;
    const NnTrainInfo *t = &in->train;
    if (m->n_layers < 1 || m->n_layers > NN_MAX_LAYERS)
        return sn_error(err, SN_E_ARG, "layers: a model has 1 to %d layers, this one has %d",
                        NN_MAX_LAYERS, m->n_layers);
    int width = m->n_in;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        if ((int)L->type < 0 || L->type >= NN_LAYER_COUNT)
            return sn_error(err, SN_E_ARG, "layers[%d]: unknown layer type %d", l, (int)L->type);
        if (L->n_in != width || L->n_out < 1 || (int)L->act < 0 || L->act >= NN_ACT_COUNT)
            return sn_error(err, SN_E_ARG, "layers[%d]: inconsistent shape or activation", l);
        width = L->n_out;
        NnLayerArray a[NN_LAYER_ARRAYS];
        const NnLayerOps *ops = nn_layer_ops[L->type];
        int n = ops->arrays ? ops->arrays(L, a) : 0;
        for (int k = 0; k < n; k++) {
            size_t bad = a[k].n ? first_non_finite(a[k].v, a[k].n) : 0;
            if (bad < a[k].n)
                return sn_error(err, SN_E_ARG,
                                "layers[%d].%s[%zu]: %g is not a finite number and JSON cannot "
                                "hold it (did training diverge? try a lower learning rate)",
                                l, a[k].key, bad, (double)a[k].v[bad]);
        }
    }
    if ((long long)in->in_c * in->in_h * in->in_w != m->n_in || in->in_c < 1 || in->in_h < 1 ||
        in->in_w < 1)
        return sn_error(err, SN_E_ARG,
                        "input: shape %dx%dx%d does not match the %d inputs of "
                        "layers[0]",
                        in->in_c, in->in_h, in->in_w, m->n_in);
    if (in->n_classes != m->n_out)
        return sn_error(err, SN_E_ARG,
                        "labels: %d labels for the %d outputs of the last layer "
                        "(a model file needs one label per output, at most %d)",
                        in->n_classes, m->n_out, NN_MAX_CLASSES);
    if (!isfinite(in->in_scale) || !isfinite(in->in_offset))
        return sn_error(err, SN_E_ARG, "input: scale and offset must be finite numbers");
    if ((int)in->preprocess < 0 || in->preprocess >= NN_PREP_COUNT)
        return sn_error(err, SN_E_ARG, "input.preprocess: must be \"mnist\" or \"none\"");
    if (in->preprocess == NN_PREP_MNIST && (in->in_c != 1 || in->in_h != 28 || in->in_w != 28))
        return sn_error(err, SN_E_ARG,
                        "input.preprocess: \"mnist\" needs a 1x28x28 input, this "
                        "model takes %dx%dx%d",
                        in->in_c, in->in_h, in->in_w);
    if (field_len(in->name, sizeof in->name) < 0)
        return sn_error(err, SN_E_ARG, "name: not a terminated string");
    if (!in->name[0])
        return sn_error(err, SN_E_ARG, "name: empty (a model's name is 1 to %d bytes)",
                        NN_NAME_LEN - 1);
    if (!utf8_valid(in->name, strlen(in->name)))
        return sn_error(err, SN_E_ARG, "name: not valid UTF-8 text");
    for (int c = 0; c < in->n_classes; c++) {
        if (field_len(in->labels[c], NN_LABEL_LEN) < 0)
            return sn_error(err, SN_E_ARG, "labels[%d]: not a terminated string", c);
        if (!utf8_valid(in->labels[c], strlen(in->labels[c])))
            return sn_error(err, SN_E_ARG, "labels[%d]: not valid UTF-8 text", c);
    }
    if (field_len(t->dataset, sizeof t->dataset) < 0 ||
        field_len(t->optimizer, sizeof t->optimizer) < 0 ||
        field_len(t->schedule, sizeof t->schedule) < 0 || field_len(t->cost, sizeof t->cost) < 0 ||
        field_len(t->command, sizeof t->command) < 0 || field_len(t->date, sizeof t->date) < 0 ||
        field_len(t->augment, sizeof t->augment) < 0 ||
        field_len(t->version, sizeof t->version) < 0 ||
        field_len(t->ft.from, sizeof t->ft.from) < 0 ||
        field_len(t->ft.drawings, sizeof t->ft.drawings) < 0 ||
        field_len(t->ft.date, sizeof t->ft.date) < 0)
        return sn_error(err, SN_E_ARG, "training: a text field is not a terminated string");
    if (!utf8_valid(t->ft.from, strlen(t->ft.from)) ||
        !utf8_valid(t->ft.drawings, strlen(t->ft.drawings)))
        return sn_error(err, SN_E_ARG, "training.finetuned: not valid UTF-8 text");
    if (t->ft.samples < 0 || t->ft.mnist < 0 || t->ft.copies < 0 || t->ft.epochs < 0 ||
        !isfinite(t->ft.learning_rate) || !isfinite(t->ft.seconds))
        return sn_error(err, SN_E_ARG, "training.finetuned: a number is negative or not finite");
    if (in->refuse_below != 0.0f && !(in->refuse_below > 0.0f && in->refuse_below <= 1.0f))
        return sn_error(err, SN_E_ARG,
                        "refusal.below: %g is not a probability in (0, 1] (or 0 for no rule)",
                        (double)in->refuse_below);
    if (field_len(in->refuse_chosen, sizeof in->refuse_chosen) < 0 ||
        !utf8_valid(in->refuse_chosen, strlen(in->refuse_chosen)))
        return sn_error(err, SN_E_ARG, "refusal.chosen: not a terminated string of UTF-8 text");
    const float tf[] = {t->learning_rate,  t->momentum,     t->weight_decay,
                        t->train_accuracy, t->val_accuracy, t->test_accuracy,
                        t->test_refused};
    if (first_non_finite(tf, sizeof tf / sizeof tf[0]) < sizeof tf / sizeof tf[0] ||
        !isfinite(t->train_seconds))
        return sn_error(err, SN_E_ARG, "training: a number is not finite");
    return 0;
}

/* The "finetuned" object of the training record, after a ",\n". */
static void write_finetuned(Bytes *b, const NnFinetuneInfo *f)
{
    put(b, ",\n    \"finetuned\": {\"from\": ");
    write_string(b, f->from);
    put(b, ", \"drawings\": ");
    write_string(b, f->drawings);
    bytes_printf(b, ", \"samples\": %ld, \"mnist\": %ld, \"copies\": %d, \"epochs\": %d,",
                 f->samples, f->mnist, f->copies, f->epochs);
    put(b, "\n      \"learning_rate\": ");
    nn_write_float(b, f->learning_rate);
    put(b, ", \"seconds\": ");
    write_double(b, f->seconds);
    put(b, ", \"date\": ");
    write_string(b, f->date);
    put(b, "}");
}

/* The layer's arrays, each as ",\n      \"key\": [...]", rows of numbers indented by 8. */
static void write_arrays(Bytes *b, const NnLayer *L)
{
    const NnLayerOps *ops = nn_layer_ops[L->type];
    NnLayerArray a[NN_LAYER_ARRAYS];
    int n = ops->arrays ? ops->arrays(L, a) : 0;
    for (int k = 0; k < n; k++) {
        bytes_printf(b, ",\n      \"%s\": ", a[k].key);
        write_floats(b, a[k].v, a[k].rows, a[k].n / a[k].rows, 8);
    }
}

char *nn_model_to_json(const NnModel *m, SnError *err)
{
    if (!m) {
        sn_error(err, SN_E_ARG, "no model to write");
        return NULL;
    }
    if (check_writable(m, err) != 0)
        return NULL;
    CLocale cl;
    if (c_locale_enter(&cl) != 0) {
        sn_error(err, SN_E_NOMEM, "out of memory for the \"C\" locale");
        return NULL;
    }
    const NnModelInfo *in = &m->info;
    const NnTrainInfo *t = &in->train;
    Bytes b = {0};

    bytes_printf(&b, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"name\": ", NN_MODEL_FORMAT,
                 NN_MODEL_VERSION);
    write_string(&b, in->name);
    bytes_printf(&b,
                 ",\n  \"input\": {\"channels\": %d, \"height\": %d, \"width\": %d, \"scale\": ",
                 in->in_c, in->in_h, in->in_w);
    nn_write_float(&b, in->in_scale);
    put(&b, ", \"offset\": ");
    nn_write_float(&b, in->in_offset);
    put(&b, ", \"preprocess\": ");
    write_string(&b, nn_preprocess_name(in->preprocess));
    put(&b, "},\n  \"labels\": [");
    for (int c = 0; c < in->n_classes; c++) {
        write_string(&b, in->labels[c]);
        put(&b, c + 1 < in->n_classes ? ", " : "");
    }
    put(&b, "],\n");
    if (in->refuse_below > 0.0f) { /* the rule, only when there is one */
        bytes_printf(&b, "  \"refusal\": {\"rule\": \"%s\", \"below\": ", NN_REFUSAL_RULE);
        nn_write_float(&b, in->refuse_below);
        put(&b, ", \"chosen\": ");
        write_string(&b, in->refuse_chosen);
        put(&b, "},\n");
    }
    put(&b, "  \"layers\": [");
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        bytes_printf(&b, "\n    {\n      \"type\": \"%s\"", nn_layer_type_name(L->type));
        nn_layer_ops[L->type]->write(&b, L);
        write_arrays(&b, L);
        put(&b, l + 1 < m->n_layers ? "\n    }," : "\n    }");
    }
    put(&b, "\n  ],\n  \"training\": {\n    \"dataset\": ");
    write_string(&b, t->dataset);
    bytes_printf(&b, ",\n    \"samples\": %ld,\n", t->samples);
    if (t->outliers > 0) /* only models trained with them say so: other files stay as they were */
        bytes_printf(&b, "    \"outliers\": %ld,\n", t->outliers);
    if (t->made_digits > 0) /* the same */
        bytes_printf(&b, "    \"made_digits\": %ld,\n", t->made_digits);
    bytes_printf(&b, "    \"epochs\": %d,\n    \"best_epoch\": %d,\n    \"optimizer\": ",
                 t->epochs, t->best_epoch);
    write_string(&b, t->optimizer);
    put(&b, ",\n    \"learning_rate\": ");
    nn_write_float(&b, t->learning_rate);
    put(&b, ",\n    \"momentum\": ");
    nn_write_float(&b, t->momentum);
    put(&b, ",\n    \"weight_decay\": ");
    nn_write_float(&b, t->weight_decay);
    put(&b, ",\n    \"schedule\": ");
    write_string(&b, t->schedule);
    bytes_printf(&b, ",\n    \"batch_size\": %d,\n    \"cost\": ", t->batch_size);
    write_string(&b, t->cost);
    /* a string: JSON numbers are read as doubles, exact only up to 2^53 */
    bytes_printf(
        &b, ",\n    \"seed\": \"%llu\",\n    \"train_accuracy\": ", (unsigned long long)t->seed);
    nn_write_float(&b, t->train_accuracy);
    put(&b, ",\n    \"validation_accuracy\": ");
    nn_write_float(&b, t->val_accuracy);
    put(&b, ",\n    \"test_accuracy\": ");
    nn_write_float(&b, t->test_accuracy);
    if (t->test_refused != -1.0f) { /* recorded only for a model with a rule */
        put(&b, ",\n    \"test_refused\": ");
        nn_write_float(&b, t->test_refused);
    }
    put(&b, ",\n    \"train_seconds\": ");
    write_double(&b, t->train_seconds);
    put(&b, ",\n    \"augmentation\": ");
    write_string(&b, t->augment);
    put(&b, ",\n    \"command\": ");
    write_string(&b, t->command);
    put(&b, ",\n    \"date\": ");
    write_string(&b, t->date);
    put(&b, ",\n    \"version\": ");
    write_string(&b, t->version);
    if (t->ft.samples > 0) /* only a fine-tuned model says so: other files stay as they were */
        write_finetuned(&b, &t->ft);
    put(&b, "\n  }\n}\n");

    c_locale_leave(&cl);
    if (b.failed) {
        free(b.p);
        sn_error(err, SN_E_NOMEM, "out of memory writing %zu parameters as JSON", m->n_params);
        return NULL;
    }
    return b.p;
}

/* ------------------------------------------------------------------------------------------ */
/* Saving atomically                                                                          */
/* ------------------------------------------------------------------------------------------ */

int nn_model_save(const char *path, const NnModel *m, SnError *err)
{
    SnError e = {0};
    char *text = nn_model_to_json(m, &e);
    if (!text)
        return sn_error(err, e.code, "%s: %s", path, e.msg);
    int rc = atomic_write_file(path, text, strlen(text), err);
    free(text);
    return rc;
}

void nn_model_name_of_path(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    size_t len = strlen(b);
    if (len > 5 && (strcmp(b + len - 5, ".json") == 0 || strcmp(b + len - 5, ".onnx") == 0))
        len -= 5;
    snprintf(buf, n, "%.*s", (int)len, b);
}
