/* layer.h - one descriptor per layer type: everything the model, the spec parser and the model
 * files know about a type lives in its own file (layer_<type>.c) behind this table of operations.
 *
 * Each type has one shape rule (what input it takes, what output and how many parameters its
 * settings make of it). Its plan operation applies the rule to a spec when a model is built and
 * explains a failure as "layer <l>: ..."; its read operation applies the same rule to the
 * settings of a model file and explains a failure with the JSON path ("layers[<l>].type: ...").
 * Internal to src/nn: model.c, spec.c, model_read.c and model_write.c use it.
 * N = samples in a batch; shapes as in model.h.
 */
#ifndef NN_LAYER_H
#define NN_LAYER_H

#include <stddef.h>

#include "common/buf.h"
#include "common/error.h"
#include "nn/model.h"

/* A layer's numbers as a model file holds them: under key, n values, written in rows of n / rows
 * values (one row per output neuron or filter, or all on one line). */
typedef struct NnLayerArray {
    const char *key; /* "weights", "biases", "gamma", "running_mean", ... */
    float *v;        /* points into the model (NULL while only planned) */
    size_t n;
    size_t rows;
    const char *never_negative; /* "variance": a value below 0 is refused on reading; or NULL */
} NnLayerArray;

#define NN_LAYER_ARRAYS 4 /* most arrays of one layer */

/* The memory a layer needs for a batch of N samples beside its outputs (in floats, or int32 for
 * ints): m->aux[l] gets per_sample * N + batch floats, m->iaux[l] ints_per_sample * N ints, and
 * m->col (shared by all layers, used by one at a time) the largest scratch. */
typedef struct NnLayerWork {
    size_t per_sample, batch, ints_per_sample, scratch;
} NnLayerWork;

/* One layer of a model file being read (model_read.c): the operations below reach the JSON
 * object only through the nn_read_* functions. */
typedef struct NnLayerRead NnLayerRead;

typedef struct NnLayerOps {
    const char *name;      /* in model files: "dense", "conv2d", ... */
    const char *spec_form; /* how spec strings write it ("convKxR", "pool"); NULL for dense, the
                            * plain width */
    /* Parses a spec string's item name (the part before ':') into s (type and settings; the
     * activation is set already). Returns 1 if it is this type, 0 if not, or a negative code
     * with err filled ("layer spec \"<text>\": ...") if it is but is malformed. NULL for a
     * type without settings, whose item is its spec_form word alone ("pool", "bn"). */
    int (*parse)(const char *name, const char *text, NnLayerSpec *s, SnError *err);
    /* Checks spec s for layer l, whose input L->in (and act, type) are set, and fills L's
     * output shape, settings and counts (n_weight, n_bias, n_state). 0 or a code with err
     * filled ("layer <l>: ..."). */
    int (*plan)(NnLayer *L, const NnLayerSpec *s, int l, SnError *err);
    /* Reads the layer's settings from its JSON object into the spec nn_read_spec gives, and
     * plans the layer nn_read_layer gives (its input set) by the same shape rule. 0 or a code
     * with the error filled by nn_read_fail. */
    int (*read)(NnLayerRead *r);
    /* Appends the settings after "type" (", \"inputs\": 784, ..."), not the arrays. */
    void (*write)(Bytes *b, const NnLayer *L);
    /* Lists the layer's arrays in file order into a; returns how many (0 to NN_LAYER_ARRAYS). */
    int (*arrays)(const NnLayer *L, NnLayerArray *a);
    /* Once the model's memory exists: sets starting values of parameters and state (state
     * points at the layer's n_state values in m->state). NULL: all zero. */
    void (*start)(NnLayer *L, float *state);
    /* The workspace for a batch of n; NULL: none. */
    NnLayerWork (*work)(const NnLayer *L, int n);
    /* Fills the weights from rng for layer l (nn_model_init); NULL: nothing to initialise. */
    void (*init)(NnModel *m, int l, NnRng *rng);
    /* z[l] = layer(inp) for n samples (before the activation); kernels that share out their
     * work take the model's pool, m->pool. */
    void (*forward)(NnModel *m, int l, const float *inp, int n);
    /* Given dz = dL/dz[l]: adds the parameter gradients when params is non-zero (training),
     * and when dinp is not NULL (zeroed by the caller), dL/d inp into dinp. */
    void (*backward)(NnModel *m, int l, const float *inp, const float *dz, float *dinp, int n,
                     int params);
    /* The layer's inference copy for one-sample forward passes (nn_model_freeze): writes it to
     * copy (m->wt[l]) unless copy is NULL, and returns its size in floats. NULL: none. */
    size_t (*freeze)(const NnLayer *L, float *copy);
    /* Floating-point operations of one sample's forward product (nn_model_flops); NULL: 0. */
    double (*flops)(const NnLayer *L);
    /* Writes the layer's settings in words for `scratchnet info` ("3x3 kernel, padding 1") into
     * dst (size bytes). NULL: the layer has none to show. */
    void (*describe)(const NnLayer *L, char *dst, size_t size);
    /* 1 if the layer hands its input on to its own activation with nothing learned to undo a
     * bad scale (batchnorm renormalises it, an activation layer copies it): a layer before it
     * with no activation of its own is then initialised for this layer's activation. */
    int feeds_act;
} NnLayerOps;

/* One descriptor per type, in NnLayerType order (layer.c). */
extern const NnLayerOps *const nn_layer_ops[NN_LAYER_COUNT];

/* The descriptor of each type, each in its own file (NN_LAYER_TYPES in model.h lists them). */
#define NN_LAYER_DECLARE(type, ops) extern const NnLayerOps ops;
NN_LAYER_TYPES(NN_LAYER_DECLARE)
#undef NN_LAYER_DECLARE

/* Reading a layer's settings (model_read.c), each reported at "layers[l].<key>": its activation
 * (a softmax only on the last layer), */
int nn_read_act(NnLayerRead *r, NnAct *act);
/* an integer setting in [lo, hi], */
int nn_read_int(NnLayerRead *r, const char *key, int lo, int hi, int *out);
/* an integer setting that must equal want, what the layer's input gives ("inputs", "channels"), */
int nn_read_match(NnLayerRead *r, const char *key, int want, int *out);
/* a finite float setting. Each returns 0 or a code with the error filled. */
int nn_read_float(NnLayerRead *r, const char *key, float *out);
/* Reports "<file>: layers[l]<sub>: <what>" (sub is "" or ".type", ".rate", ...) with code
 * SN_E_FORMAT; returns it. */
int nn_read_fail(NnLayerRead *r, const char *sub, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The spec being filled and the layer being planned (its in and type set). */
NnLayerSpec *nn_read_spec(NnLayerRead *r);
NnLayer *nn_read_layer(NnLayerRead *r);

/* Spec strings (spec.c): a whole non-negative integer from *p up to max, advancing *p; -1 if
 * there is none or it is out of range. */
long nn_spec_take_int(const char **p, long max);

/* Model files (model_write.c): appends the shortest decimal that reads back to exactly x (x
 * finite). */
void nn_write_float(Bytes *b, float x);

/* Fills layer l's n_weight weights from rng for its fan-in and fan-out (model.c): He (variance
 * 2 / fan_in) before a ReLU, Glorot otherwise; its biases become 0. */
void nn_layer_init_weights(NnModel *m, int l, double fan_in, double fan_out, NnRng *rng);

#endif
