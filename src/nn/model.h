/* model.h - a sequential neural network: layers in a chain, each layer's output the next one's
 * input, trained by backpropagation.
 *
 * Shapes: N = samples in a batch, D_l = neurons (outputs) of layer l, D_0 = input size.
 * Activations are (N, D) row-major. Dense weights are (out, in), biases (out).
 * All parameters live in one array (params) and all gradients in another (grads) with the
 * same layout; each layer points into both. Optimisers therefore see one flat vector.
 */
#ifndef NN_MODEL_H
#define NN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "nn/act.h"
#include "nn/error.h"
#include "nn/rng.h"

#define NN_MAX_LAYERS 64
#define NN_MAX_CLASSES 64
#define NN_LABEL_LEN 32
#define NN_MAX_WIDTH 65536     /* most neurons in one layer */
#define NN_MAX_PARAMS 20000000 /* most parameters in one model (80 MB of floats, ~260 MB of JSON) */

typedef enum NnLayerType {
    NN_LAYER_DENSE = 0, /* fully connected: every output neuron sees every input */
} NnLayerType;

/* What a layer should be, before any memory exists: used to build a model. */
typedef struct NnLayerSpec {
    NnLayerType type;
    int n_out;  /* neurons in this layer */
    NnAct act;  /* activation applied to input x weight + bias */
} NnLayerSpec;

typedef struct NnLayer {
    NnLayerType type;
    NnAct act;
    int n_in, n_out;   /* input and output widths */
    size_t n_weight;   /* n_out * n_in */
    float *weight;     /* (n_out, n_in), points into model->params */
    float *bias;       /* (n_out), points into model->params */
    float *dweight;    /* (n_out, n_in), points into model->grads */
    float *dbias;      /* (n_out), points into model->grads */
} NnLayer;

/* Training record kept with a model and written to its file. Strings are NUL-terminated. */
typedef struct NnTrainInfo {
    char dataset[64];      /* e.g. "mnist" */
    long samples;          /* training samples used per epoch */
    int epochs;            /* epochs run */
    int best_epoch;        /* epoch whose weights were kept (1-based), 0 if unknown */
    char optimizer[16];    /* "sgd", "momentum", "adam" */
    float learning_rate;
    float momentum;        /* momentum or Adam beta1 */
    float weight_decay;    /* L2 coefficient */
    char schedule[16];     /* "constant", "step", "cosine" */
    int batch_size;
    char cost[24];         /* "quadratic" or "cross-entropy" */
    uint64_t seed;
    float train_accuracy;  /* fraction in [0, 1], or -1 if not measured */
    float val_accuracy;    /* fraction in [0, 1], or -1 */
    float test_accuracy;   /* fraction in [0, 1] on the test set, or -1 */
    double train_seconds;  /* wall-clock time of training */
    char command[512];     /* the command line that trained it */
    char date[32];         /* ISO 8601 UTC, e.g. "2026-11-25T18:00:00Z" */
    char version[16];      /* program version that trained it */
} NnTrainInfo;

/* What the model expects as input and what its outputs mean. */
typedef struct NnModelInfo {
    char name[64];              /* short display name, e.g. "mnist-mlp" */
    int in_c, in_h, in_w;       /* input shape, channels x rows x cols (1 x 28 x 28) */
    float in_scale, in_offset;  /* input value = pixel * in_scale + in_offset, pixel in 0..255 */
    char preprocess[16];        /* "mnist" (crop, fit 20x20, centre of mass) or "none" */
    int n_classes;
    char labels[NN_MAX_CLASSES][NN_LABEL_LEN]; /* display name of each class */
    NnTrainInfo train;
} NnModelInfo;

typedef struct NnModel {
    int n_layers;
    NnLayer layers[NN_MAX_LAYERS];
    int n_in;          /* input width D_0 = in_c * in_h * in_w */
    int n_out;         /* output width of the last layer */
    size_t n_params;   /* total weights and biases */
    float *params;     /* (n_params), owned */
    float *grads;      /* (n_params), owned, same layout as params */
    NnModelInfo info;

    /* Workspace for a batch of up to cap_batch samples, owned (see nn_model_reserve). */
    int cap_batch;
    float *work;                   /* one block holding all the arrays below */
    float *z[NN_MAX_LAYERS];       /* (N, D_l) layer l's input x weight + bias */
    float *a[NN_MAX_LAYERS];       /* (N, D_l) layer l's output after activation */
    float *da[NN_MAX_LAYERS];      /* (N, D_l) dL/d a[l] during backward */
    float *dinput;                 /* (N, D_0) dL/d input (computed, rarely needed) */
} NnModel;

/* Builds a model for inputs of n_in values with the given layers, parameters zeroed, info set to
 * defaults (1 x 28 x 28 if n_in == 784, else n_in x 1 x 1; scale 1/255; labels "0".."9"...).
 * Returns NULL and fills err on bad specs (non-positive sizes, too many layers or parameters,
 * softmax anywhere but the last layer). Caller frees with nn_model_free(). */
NnModel *nn_model_new(int n_in, const NnLayerSpec *specs, int n_layers, NnError *err);

/* Frees the model and its arrays; accepts NULL. */
void nn_model_free(NnModel *m);

/* Fills the weights from rng, matched to each layer's activation: He (normal, variance 2/n_in)
 * for ReLU, Glorot/Xavier (normal, variance 2/(n_in+n_out)) for the others. Biases become 0. */
void nn_model_init(NnModel *m, NnRng *rng);

/* Makes sure the workspace holds batches of n samples (allocates only when n grows). */
int nn_model_reserve(NnModel *m, int n, NnError *err);

/* Forward pass of n samples x (n, n_in); returns the output a[last] (n, n_out), owned by the
 * model and valid until the next call. n must not exceed the reserved capacity. */
const float *nn_model_forward(NnModel *m, const float *x, int n);

/* Sets every gradient to zero (backward only adds). */
void nn_model_zero_grad(NnModel *m);

/* Backpropagation: given dL/d output (n, n_out) for the batch of the last forward, adds
 * dL/d parameter into grads. If dout_is_dz, dout is already dL/dz of the last layer (as the
 * fused softmax + cross-entropy gives it) and the last activation's derivative is skipped. */
void nn_model_backward(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz);

/* Classifies one input (n_in values); writes the n_out outputs to out (may be NULL) and returns
 * the index of the largest. Reserves a batch of 1 if needed; returns -1 if that fails. */
int nn_model_predict(NnModel *m, const float *x, float *out);

/* Turns n values in 0..1 (0 = background, 1 = full ink, as the drawing pipeline produces) into
 * the model's input values: x = (v * 255) * in_scale + in_offset, the same scaling as training. */
void nn_model_scale_input(const NnModelInfo *info, const float *unit, float *x, size_t n);

/* Parses a layer spec string "784,256:relu,128:relu,10:softmax" (input width first, then
 * width:activation per dense layer; activation defaults to linear). Fills specs (at most
 * NN_MAX_LAYERS) and returns the layer count, or a negative code with err filled. */
int nn_spec_parse(const char *text, int *n_in, NnLayerSpec *specs, NnError *err);

#endif
