/* model_read.c - reading models from JSON files ("scratchnet-model", version 1;
 * docs/model-format.md).
 *
 * cJSON parses the text, then every field is checked (type, range, array length, finiteness)
 * and every size against the library's limits before the model is allocated; each layer type
 * reads its own settings by its shape rule (layer.h). Each failure is reported as
 * "<file>: <json path>: <what is wrong>". Numbers are parsed under the "C" numeric locale of
 * the calling thread (c_locale.h).
 * Shapes: dense weights (out, in) row-major, biases (out), as in model.h.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/readfile.h"
#include "common/utf8.h"
#include "nn/c_locale.h"
#include "nn/layer.h"
#include "nn/model_io.h"
#include "nn/onnx.h"
#include "nn/model_read.h"

/* Where the text came from (for messages) and where errors go. */
typedef struct Parsed {
    NnModelInfo info;
    int n_in;  /* channels x height x width */
    int n_out; /* what the last layer gives */
    int n_layers;
    NnLayerSpec specs[NN_MAX_LAYERS];
    /* each layer's number arrays, already checked to hold the right counts (NULL if none):
     * weights (or gamma), biases (or beta), running mean, running variance */
    const cJSON *arrays[NN_MAX_LAYERS][NN_LAYER_ARRAYS];
} Parsed;

static int read_header(const NnReader *r, const cJSON *root)
{
    const cJSON *v;
    int rc = nn_json_member(r, root, "", "format", 1, &v);
    if (rc != 0)
        return rc;
    if (!cJSON_IsString(v) || !v->valuestring)
        return nn_json_fail(r, SN_E_FORMAT, "format", "expected the string \"%s\", got %s",
                            NN_MODEL_FORMAT, nn_json_kind(v));
    if (strcmp(v->valuestring, NN_MODEL_FORMAT) != 0)
        return nn_json_fail(r, SN_E_FORMAT, "format",
                            "\"%.64s\" is not \"%s\": this is not a "
                            "scratchnet model file",
                            v->valuestring, NN_MODEL_FORMAT);
    if ((rc = nn_json_member(r, root, "", "version", 1, &v)) != 0)
        return rc;
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return nn_json_fail(r, SN_E_FORMAT, "version", "expected an integer, got %s",
                            nn_json_kind(v));
    if (v->valuedouble != NN_MODEL_VERSION)
        return nn_json_fail(r, SN_E_FORMAT, "",
                            "version %.15g is not supported (this program reads "
                            "version %d)",
                            v->valuedouble, NN_MODEL_VERSION);
    return 0;
}

static int read_input(const NnReader *r, const cJSON *root, Parsed *p)
{
    NnModelInfo *in = &p->info;
    const cJSON *o;
    char prep[16];
    int rc = nn_json_member(r, root, "", "input", 1, &o);
    if (rc != 0)
        return rc;
    if (!cJSON_IsObject(o))
        return nn_json_fail(r, SN_E_FORMAT, "input", "expected an object, got %s", nn_json_kind(o));
    if ((rc = nn_json_int(r, o, "input", "channels", 1, 1, NN_MAX_WIDTH, &in->in_c)) != 0 ||
        (rc = nn_json_int(r, o, "input", "height", 1, 1, NN_MAX_SIDE, &in->in_h)) != 0 ||
        (rc = nn_json_int(r, o, "input", "width", 1, 1, NN_MAX_SIDE, &in->in_w)) != 0 ||
        (rc = nn_json_float(r, o, "input", "scale", 1, &in->in_scale)) != 0 ||
        (rc = nn_json_float(r, o, "input", "offset", 1, &in->in_offset)) != 0 ||
        (rc = nn_json_string(r, o, "input", "preprocess", 1, prep, sizeof prep)) != 0)
        return rc;
    if (nn_preprocess_parse(prep, &in->preprocess) != 0)
        return nn_json_fail(r, SN_E_FORMAT, "input.preprocess",
                            "unknown preprocessing \"%s\" (expected \"mnist\" or \"none\")", prep);
    /* MNIST normalisation produces a 28 x 28 image (src/ink/preprocess.h) */
    if (in->preprocess == NN_PREP_MNIST && (in->in_c != 1 || in->in_h != 28 || in->in_w != 28))
        return nn_json_fail(r, SN_E_FORMAT, "input.preprocess",
                            "\"mnist\" needs a 1x28x28 input, this "
                            "model takes %dx%dx%d (use \"none\")",
                            in->in_c, in->in_h, in->in_w);
    /* each factor is at most 2^20, so the product fits in 64 bits */
    long long n = (long long)in->in_c * in->in_h * in->in_w;
    if (n > NN_MAX_WIDTH)
        return nn_json_fail(r, SN_E_LIMIT, "input",
                            "%dx%dx%d = %lld values is more than %d, the most "
                            "this program accepts",
                            in->in_c, in->in_h, in->in_w, n, NN_MAX_WIDTH);
    p->n_in = (int)n;
    return 0;
}

/* One layer being read (layer.h): where it sits, what feeds it, and what its settings make of
 * it. */
struct NnLayerRead {
    const NnReader *r;
    const cJSON *o;          /* the layer's object */
    char path[32], what[64]; /* "layers[l]", what feeds it (for messages) */
    int last;                /* it is the model's last layer */
    NnLayerSpec *s;          /* its spec, filled from the settings */
    NnLayer L;               /* planned: its input, output and counts (no memory) */
};

NnLayerSpec *nn_read_spec(NnLayerRead *lr)
{
    return lr->s;
}

NnLayer *nn_read_layer(NnLayerRead *lr)
{
    return &lr->L;
}

int nn_read_fail(NnLayerRead *lr, const char *sub, const char *fmt, ...)
{
    char what[400], path[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "%s%s", lr->path, sub);
    return nn_json_fail(lr->r, SN_E_FORMAT, path, "%s", what);
}

int nn_read_int(NnLayerRead *lr, const char *key, int lo, int hi, int *out)
{
    return nn_json_int(lr->r, lr->o, lr->path, key, 1, lo, hi, out);
}

int nn_read_float(NnLayerRead *lr, const char *key, float *out)
{
    return nn_json_float(lr->r, lr->o, lr->path, key, 1, out);
}

int nn_read_act(NnLayerRead *lr, NnAct *a)
{
    char act[32], ap[48];
    int rc = nn_json_string(lr->r, lr->o, lr->path, "activation", 1, act, sizeof act);
    if (rc != 0)
        return rc;
    snprintf(ap, sizeof ap, "%s.activation", lr->path);
    if (nn_act_parse(act, a) != 0)
        return nn_json_fail(lr->r, SN_E_FORMAT, ap,
                            "unknown activation \"%s\" (linear, step, sigmoid, "
                            "relu, tanh, softmax)",
                            act);
    if (*a == NN_ACT_SOFTMAX && !lr->last)
        return nn_json_fail(lr->r, SN_E_FORMAT, ap, "softmax is only allowed on the last layer");
    return 0;
}

int nn_read_match(NnLayerRead *lr, const char *key, int want, int *out)
{
    int rc = nn_json_int(lr->r, lr->o, lr->path, key, 1, 1, NN_MAX_WIDTH, out);
    if (rc != 0)
        return rc;
    if (*out != want) {
        char kp[64];
        nn_json_join(kp, sizeof kp, lr->path, key);
        return nn_json_fail(lr->r, SN_E_FORMAT, kp, "%d does not match %s = %d", *out, lr->what,
                            want);
    }
    return 0;
}

/* "layer types: dense, conv2d, ..." for the message about an unknown one. */
static void type_names(char *dst, size_t cap)
{
    size_t len = 0;
    dst[0] = '\0';
    for (int t = 0; t < NN_LAYER_COUNT && len < cap; t++)
        len += (size_t)snprintf(dst + len, cap - len, "%s%s", t ? ", " : "", nn_layer_ops[t]->name);
}

/* Reads layers[l], which takes *cur: its type, its settings (read by its type), and its
 * arrays, checked to hold the counts the settings call for; moves *cur to what it gives and
 * adds its parameters to *n_params. */
static int read_layer(const NnReader *r, const cJSON *o, int l, Parsed *p, NnShape *cur,
                      uint64_t *n_params)
{
    NnLayerRead lr = {.r = r, .o = o, .last = l + 1 == p->n_layers, .s = &p->specs[l]};
    char key[32], tp[48], names[128];
    int rc;
    snprintf(lr.path, sizeof lr.path, "layers[%d]", l);
    if (l == 0)
        snprintf(lr.what, sizeof lr.what, "the input shape, %dx%dx%d", cur->c, cur->h, cur->w);
    else
        snprintf(lr.what, sizeof lr.what, "the output of layers[%d], %dx%dx%d", l - 1, cur->c,
                 cur->h, cur->w);
    if (!cJSON_IsObject(o))
        return nn_json_fail(r, SN_E_FORMAT, lr.path, "expected an object, got %s", nn_json_kind(o));
    if ((rc = nn_json_string(r, o, lr.path, "type", 1, key, sizeof key)) != 0)
        return rc;
    memset(lr.s, 0, sizeof *lr.s);
    lr.s->act = NN_ACT_LINEAR;
    snprintf(tp, sizeof tp, "%s.type", lr.path);
    if (nn_layer_type_parse(key, &lr.s->type) != 0) {
        type_names(names, sizeof names);
        return nn_json_fail(r, SN_E_FORMAT, tp, "unknown layer type \"%s\" (%s)", key, names);
    }
    lr.L.type = lr.s->type;
    lr.L.in = *cur;
    const NnLayerOps *ops = nn_layer_ops[lr.s->type];
    if ((rc = ops->read(&lr)) != 0)
        return rc;
    const NnShape next = lr.L.out;
    if ((long long)next.c * next.h * next.w > NN_MAX_WIDTH)
        return nn_json_fail(r, SN_E_LIMIT, lr.path,
                            "an output of %lld values is more than %d, the most "
                            "this program accepts",
                            (long long)next.c * next.h * next.w, NN_MAX_WIDTH);
    *n_params += (uint64_t)lr.L.n_weight + (uint64_t)lr.L.n_bias;
    if (*n_params > NN_MAX_PARAMS)
        return nn_json_fail(r, SN_E_LIMIT, "layers",
                            "more than %d parameters by layers[%d], the "
                            "most this program accepts",
                            NN_MAX_PARAMS, l);
    NnLayerArray a[NN_LAYER_ARRAYS];
    int n = ops->arrays ? ops->arrays(&lr.L, a) : 0;
    for (int k = 0; k < n; k++)
        if ((rc = nn_json_numbers(r, o, lr.path, a[k].key, a[k].n, &p->arrays[l][k])) != 0)
            return rc;
    *cur = next;
    return 0;
}

/* Reads the layers' types, settings and activations and checks they chain: layer 0 takes the
 * input, each layer takes the shape the previous one gives. Nothing is allocated yet. */
static int read_layers(const NnReader *r, const cJSON *root, Parsed *p)
{
    const cJSON *arr;
    int rc = nn_json_member(r, root, "", "layers", 1, &arr);
    if (rc != 0)
        return rc;
    if (!cJSON_IsArray(arr))
        return nn_json_fail(r, SN_E_FORMAT, "layers", "expected an array, got %s",
                            nn_json_kind(arr));
    size_t n = nn_json_len(arr);
    if (n == 0)
        return nn_json_fail(r, SN_E_FORMAT, "layers", "a model needs at least one layer");
    if (n > NN_MAX_LAYERS)
        return nn_json_fail(r, SN_E_LIMIT, "layers",
                            "%zu layers is more than %d, the most this program "
                            "accepts",
                            n, NN_MAX_LAYERS);
    p->n_layers = (int)n;
    NnShape cur = {p->info.in_c, p->info.in_h, p->info.in_w};
    uint64_t n_params = 0;
    int l = 0;
    for (const cJSON *o = arr->child; o; o = o->next, l++)
        if ((rc = read_layer(r, o, l, p, &cur, &n_params)) != 0)
            return rc;
    if (cur.h != 1 || cur.w != 1)
        return nn_json_fail(r, SN_E_FORMAT, "layers",
                            "the last layer gives an image (%dx%dx%d); end with "
                            "a dense layer or flatten",
                            cur.c, cur.h, cur.w);
    p->n_out = cur.c;
    return 0;
}

static int read_labels(const NnReader *r, const cJSON *root, Parsed *p)
{
    NnModelInfo *in = &p->info;
    const cJSON *arr;
    int rc = nn_json_member(r, root, "", "labels", 1, &arr);
    if (rc != 0)
        return rc;
    if (!cJSON_IsArray(arr))
        return nn_json_fail(r, SN_E_FORMAT, "labels", "expected an array of strings, got %s",
                            nn_json_kind(arr));
    int n_out = p->n_out;
    size_t n = nn_json_len(arr);
    if (n != (size_t)n_out)
        return nn_json_fail(r, SN_E_FORMAT, "labels",
                            "%zu labels for the %d outputs of the last layer "
                            "(one label per output)",
                            n, n_out);
    if (n > NN_MAX_CLASSES)
        return nn_json_fail(r, SN_E_LIMIT, "labels",
                            "%zu labels is more than %d, the most this program "
                            "accepts",
                            n, NN_MAX_CLASSES);
    int c = 0;
    for (const cJSON *v = arr->child; v; v = v->next, c++) {
        char path[32];
        snprintf(path, sizeof path, "labels[%d]", c);
        if (!cJSON_IsString(v) || !v->valuestring)
            return nn_json_fail(r, SN_E_FORMAT, path, "expected a string, got %s", nn_json_kind(v));
        size_t len = strlen(v->valuestring);
        if (len == 0 || len >= NN_LABEL_LEN)
            return nn_json_fail(r, SN_E_FORMAT, path, "a label must be 1 to %d bytes long, got %zu",
                                NN_LABEL_LEN - 1, len);
        if (!utf8_valid(v->valuestring, len))
            return nn_json_fail(r, SN_E_FORMAT, path, "not valid UTF-8 text");
        memcpy(in->labels[c], v->valuestring, len + 1);
    }
    in->n_classes = c;
    return 0;
}

/* The refusal rule is optional: without it (every file before it existed) refuse_below stays 0
 * and every answer names its top class. With it, each field is checked. */
static int read_refusal(const NnReader *r, const cJSON *root, NnModelInfo *in)
{
    const cJSON *o;
    char rule[32];
    int rc = nn_json_member(r, root, "", "refusal", 0, &o);
    if (rc != 0 || !o)
        return rc;
    if (!cJSON_IsObject(o))
        return nn_json_fail(r, SN_E_FORMAT, "refusal", "expected an object, got %s",
                            nn_json_kind(o));
    if ((rc = nn_json_string(r, o, "refusal", "rule", 1, rule, sizeof rule)) != 0)
        return rc;
    if (strcmp(rule, NN_REFUSAL_RULE) != 0)
        return nn_json_fail(r, SN_E_FORMAT, "refusal.rule",
                            "\"%s\" is not a rule this program knows (\"%s\")", rule,
                            NN_REFUSAL_RULE);
    float below = 0.0f;
    if ((rc = nn_json_float(r, o, "refusal", "below", 1, &below)) != 0)
        return rc;
    if (!(below > 0.0f && below <= 1.0f))
        return nn_json_fail(r, SN_E_FORMAT, "refusal.below",
                            "%g is not a probability in (0, 1]", (double)below);
    if ((rc = nn_json_string(r, o, "refusal", "chosen", 0, in->refuse_chosen,
                             sizeof in->refuse_chosen)) != 0)
        return rc;
    if (!utf8_valid(in->refuse_chosen, strlen(in->refuse_chosen)))
        return nn_json_fail(r, SN_E_FORMAT, "refusal.chosen", "not valid UTF-8 text");
    in->refuse_below = below;
    return 0;
}

/* The optional "finetuned" object of the training record (tp its path), every field optional. */
static int read_finetuned(const NnReader *r, const cJSON *t_obj, const char *tp,
                          NnFinetuneInfo *f)
{
    const cJSON *o;
    int rc = nn_json_member(r, t_obj, tp, "finetuned", 0, &o);
    if (rc != 0 || !o)
        return rc;
    const char *fp = "training.finetuned";
    if (!cJSON_IsObject(o))
        return nn_json_fail(r, SN_E_FORMAT, fp, "expected an object, got %s", nn_json_kind(o));
    if ((rc = nn_json_string(r, o, fp, "from", 0, f->from, sizeof f->from)) != 0 ||
        (rc = nn_json_string(r, o, fp, "drawings", 0, f->drawings, sizeof f->drawings)) != 0 ||
        (rc = nn_json_long(r, o, fp, "samples", 0, 0, INT_MAX, &f->samples)) != 0 ||
        (rc = nn_json_long(r, o, fp, "mnist", 0, 0, INT_MAX, &f->mnist)) != 0 ||
        (rc = nn_json_int(r, o, fp, "copies", 0, 0, INT_MAX, &f->copies)) != 0 ||
        (rc = nn_json_int(r, o, fp, "epochs", 0, 0, INT_MAX, &f->epochs)) != 0 ||
        (rc = nn_json_float(r, o, fp, "learning_rate", 0, &f->learning_rate)) != 0 ||
        (rc = nn_json_double(r, o, fp, "seconds", &f->seconds)) != 0 ||
        (rc = nn_json_string(r, o, fp, "date", 0, f->date, sizeof f->date)) != 0)
        return rc;
    if (!utf8_valid(f->from, strlen(f->from)) || !utf8_valid(f->drawings, strlen(f->drawings)))
        return nn_json_fail(r, SN_E_FORMAT, fp, "not valid UTF-8 text");
    return 0;
}

/* The training record is optional, and so is each of its fields. */
static int read_training(const NnReader *r, const cJSON *root, NnTrainInfo *t)
{
    memset(t, 0, sizeof *t);
    /* not measured */
    t->train_accuracy = t->val_accuracy = t->test_accuracy = t->test_refused = -1.0f;
    const cJSON *o;
    int rc = nn_json_member(r, root, "", "training", 0, &o);
    if (rc != 0 || !o)
        return rc;
    const char *tp = "training";
    if (!cJSON_IsObject(o))
        return nn_json_fail(r, SN_E_FORMAT, tp, "expected an object, got %s", nn_json_kind(o));
    if ((rc = nn_json_string(r, o, tp, "dataset", 0, t->dataset, sizeof t->dataset)) != 0 ||
        (rc = nn_json_long(r, o, tp, "samples", 0, 0, INT_MAX, &t->samples)) != 0 ||
        (rc = nn_json_long(r, o, tp, "outliers", 0, 0, INT_MAX, &t->outliers)) != 0 ||
        (rc = nn_json_long(r, o, tp, "made_digits", 0, 0, INT_MAX, &t->made_digits)) != 0 ||
        (rc = nn_json_int(r, o, tp, "epochs", 0, 0, INT_MAX, &t->epochs)) != 0 ||
        (rc = nn_json_int(r, o, tp, "best_epoch", 0, 0, INT_MAX, &t->best_epoch)) != 0 ||
        (rc = nn_json_string(r, o, tp, "optimizer", 0, t->optimizer, sizeof t->optimizer)) != 0 ||
        (rc = nn_json_float(r, o, tp, "learning_rate", 0, &t->learning_rate)) != 0 ||
        (rc = nn_json_float(r, o, tp, "momentum", 0, &t->momentum)) != 0 ||
        (rc = nn_json_float(r, o, tp, "weight_decay", 0, &t->weight_decay)) != 0 ||
        (rc = nn_json_string(r, o, tp, "schedule", 0, t->schedule, sizeof t->schedule)) != 0 ||
        (rc = nn_json_int(r, o, tp, "batch_size", 0, 0, INT_MAX, &t->batch_size)) != 0 ||
        (rc = nn_json_string(r, o, tp, "cost", 0, t->cost, sizeof t->cost)) != 0 ||
        (rc = nn_json_seed(r, o, tp, &t->seed)) != 0 ||
        (rc = nn_json_float(r, o, tp, "train_accuracy", 0, &t->train_accuracy)) != 0 ||
        (rc = nn_json_float(r, o, tp, "validation_accuracy", 0, &t->val_accuracy)) != 0 ||
        (rc = nn_json_float(r, o, tp, "test_accuracy", 0, &t->test_accuracy)) != 0 ||
        (rc = nn_json_float(r, o, tp, "test_refused", 0, &t->test_refused)) != 0 ||
        (rc = nn_json_double(r, o, tp, "train_seconds", &t->train_seconds)) != 0 ||
        (rc = nn_json_string(r, o, tp, "augmentation", 0, t->augment, sizeof t->augment)) != 0 ||
        (rc = nn_json_string(r, o, tp, "command", 0, t->command, sizeof t->command)) != 0 ||
        (rc = nn_json_string(r, o, tp, "date", 0, t->date, sizeof t->date)) != 0 ||
        (rc = nn_json_string(r, o, tp, "version", 0, t->version, sizeof t->version)) != 0 ||
        (rc = read_finetuned(r, o, tp, &t->ft)) != 0)
        return rc;
    /* an accuracy or a share refused is a fraction in [0, 1], or -1 for "not measured" */
    const struct {
        const char *key;
        float v;
    } acc[] = {
        {"train_accuracy", t->train_accuracy},
        {"validation_accuracy", t->val_accuracy},
        {"test_accuracy", t->test_accuracy},
        {"test_refused", t->test_refused},
    };
    for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
        if (acc[i].v != -1.0f && !(acc[i].v >= 0.0f && acc[i].v <= 1.0f)) {
            char path[48];
            nn_json_join(path, sizeof path, tp, acc[i].key);
            return nn_json_fail(r, SN_E_FORMAT, path,
                                "%g is not a fraction in [0, 1] (or -1 for not "
                                "measured)",
                                (double)acc[i].v);
        }
    }
    return 0;
}

static NnModel *read_model(const NnReader *r, const cJSON *root)
{
    if (!cJSON_IsObject(root)) {
        nn_json_fail(r, SN_E_FORMAT, "", "expected a JSON object at the top level, got %s",
                     nn_json_kind(root));
        return NULL;
    }
    Parsed *p = calloc(1, sizeof *p);
    if (!p) {
        nn_json_fail(r, SN_E_NOMEM, "", "out of memory");
        return NULL;
    }
    NnModel *m = NULL;
    SnError e = {0};
    if (read_header(r, root) != 0 ||
        nn_json_string(r, root, "", "name", 1, p->info.name, sizeof p->info.name) != 0 ||
        (!p->info.name[0] &&
         nn_json_fail(r, SN_E_FORMAT, "name", "empty (a model's name is 1 to %d bytes)",
                      NN_NAME_LEN - 1) != 0) ||
        (!utf8_valid(p->info.name, strlen(p->info.name)) &&
         nn_json_fail(r, SN_E_FORMAT, "name", "not valid UTF-8 text") != 0) ||
        read_input(r, root, p) != 0 || read_layers(r, root, p) != 0 ||
        read_labels(r, root, p) != 0 || read_refusal(r, root, &p->info) != 0 ||
        read_training(r, root, &p->info.train) != 0)
        goto done;
    /* Every size is now checked against the limits: allocate, then copy the numbers. */
    m = nn_model_new_shape((NnShape){p->info.in_c, p->info.in_h, p->info.in_w}, p->specs,
                           p->n_layers, &e);
    if (!m) {
        nn_json_fail(r, e.code, "", "%s", e.msg);
        goto done;
    }
    m->info = p->info;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayerOps *ops = nn_layer_ops[m->layers[l].type];
        NnLayerArray a[NN_LAYER_ARRAYS];
        int n = ops->arrays ? ops->arrays(&m->layers[l], a) : 0;
        for (int k = 0; k < n; k++) {
            char path[48];
            snprintf(path, sizeof path, "layers[%d].%s", l, a[k].key);
            if (nn_json_fill(r, p->arrays[l][k], path, a[k].v, a[k].n) != 0)
                goto fail;
        }
        for (int k = 0; k < n; k++) { /* a variance is never negative */
            for (size_t i = 0; a[k].never_negative && i < a[k].n; i++) {
                if (a[k].v[i] < 0.0f) {
                    char path[64];
                    snprintf(path, sizeof path, "layers[%d].%s[%zu]", l, a[k].key, i);
                    nn_json_fail(r, SN_E_FORMAT, path, "a %s cannot be negative (%g)",
                                 a[k].never_negative, (double)a[k].v[i]);
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
                                         "layers", "labels",  "refusal", "training"};

/* Counts the JSON values in text before anything is parsed (json_count_values): no more than
 * NN_MODEL_MAX_VALUES in all, nor NN_MODEL_MAX_EXTRA_VALUES under a top-level key the format
 * does not define. */
static int count_values(const NnReader *r, const char *text)
{
    char key[48];
    int over = json_count_values(text, model_keys, sizeof model_keys / sizeof model_keys[0],
                                 NN_MODEL_MAX_VALUES, NN_MODEL_MAX_EXTRA_VALUES, key, sizeof key);
    if (over == JSON_COUNT_EXTRA)
        return nn_json_fail(r, SN_E_LIMIT, key,
                            "more than %ld values under a key this format does not define",
                            NN_MODEL_MAX_EXTRA_VALUES);
    if (over == JSON_COUNT_TOTAL)
        return nn_json_fail(r, SN_E_LIMIT, "",
                            "more than %ld JSON values, more than a model of at most %d parameters "
                            "holds",
                            NN_MODEL_MAX_VALUES, NN_MAX_PARAMS);
    return 0;
}

NnModel *nn_model_from_json(const char *text, const char *where, SnError *err)
{
    NnReader r = {where ? where : "model", err};
    if (!text) {
        nn_json_fail(&r, SN_E_ARG, "", "no text to read");
        return NULL;
    }
    if (count_values(&r, text) != 0)
        return NULL;
    CLocale cl;
    if (c_locale_enter(&cl) != 0) {
        nn_json_fail(&r, SN_E_NOMEM, "", "out of memory for the \"C\" locale");
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
        nn_json_fail(&r, SN_E_FORMAT, "",
                     "%d:%d: \\u0000 (a NUL character) in a string; model files "
                     "cannot hold one",
                     line, col);
    } else if (status == SN_E_NOMEM) {
        nn_json_fail(&r, SN_E_NOMEM, "", "out of memory parsing the JSON text");
    } else if (!root) {
        /* cJSON points at the byte where parsing stopped: turn it into line:column */
        line_column(text, end, &line, &col);
        nn_json_fail(&r, SN_E_FORMAT, "", "%d:%d: invalid JSON%s", line, col,
                     *end ? "" : " (the text ends too early)");
    } else {
        m = read_model(&r, root);
        cJSON_Delete(root);
    }
    c_locale_leave(&cl);
    return m;
}

NnModel *nn_model_load(const char *path, SnError *err)
{
    return nn_model_load_report(path, NULL, err);
}

NnModel *nn_model_load_report(const char *path, NnOnnxReport *rep, SnError *err)
{
    if (rep)
        memset(rep, 0, sizeof *rep);
    if (nn_onnx_is_path(path)) /* converted on load, with the defaults `scratchnet import` has */
        return nn_onnx_load(path, NULL, rep, err);
    /* only a regular file, and never more than the limit plus one byte (to notice a file over
     * it); JSON text never holds a NUL byte, so reading stops at one */
    char *text = NULL;
    size_t len = 0;
    int rc = readfile_all(path, NN_MODEL_MAX_FILE, 1, &text, &len, err);
    if (rc == SN_E_LIMIT)
        sn_error(err, SN_E_LIMIT,
                 "%s: more than %ld bytes, the largest model file this program reads", path,
                 NN_MODEL_MAX_FILE);
    else if (rc == SN_E_FORMAT)
        sn_error(err, SN_E_FORMAT, "%s: byte %zu: a NUL byte, this is not a JSON text", path, len);
    if (rc != 0)
        return NULL;
    NnModel *m = nn_model_from_json(text, path, err);
    free(text);
    return m;
}
