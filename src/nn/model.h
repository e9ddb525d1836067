/* model.h - a sequential neural network: layers in a chain, each layer's output the next one's
 * input, trained by backpropagation.
 *
 * Shapes: N = samples in a batch, D_l = values per sample after layer l, D_0 = input size.
 * Activations are (N, D) row-major; an image-shaped one is (N, C, H, W), the same memory.
 * Dense weights are (out, in), conv weights (K, C, R, R), biases (out) or (K).
 * All parameters live in one array (params) and all gradients in another (grads) with the
 * same layout; each layer points into both. Optimisers therefore see one flat vector.
 *
 * Adding a layer type: write src/nn/layer_<type>.c with its descriptor, an NnLayerOps (layer.h:
 * its name in files and spec strings, its shape rule as plan and read, its settings written and
 * described for `scratchnet info`, its arrays, workspace, initialisation, forward and backward),
 * add one line to NN_LAYER_TYPES below and the file to src/nn/meson.build. The model, the spec
 * parser (spec.c), the model files (model_read.c, model_write.c) and `scratchnet info` reach
 * every type through the table nn_layer_ops; none of them names a type. layer_dropout.c is a
 * short example, layer_conv2d.c a full one. A type with a setting none has yet (today: a width,
 * a kernel, a padding, a rate) adds a field for it to NnLayerSpec and NnLayer below; its keys in
 * model files get a section in docs/model-format.md. The tests take a new type in by one item
 * in the every-type spec string of tests/test_layer_types.c (its round trip and gradient checks
 * then cover it) and by its name in the list of types one expected message gives.
 */
#ifndef NN_MODEL_H
#define NN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "nn/act.h"
#include "common/error.h"
#include "nn/rng.h"
#include "nn/threads.h"

#define NN_MAX_LAYERS 64
#define NN_MAX_CLASSES 64
#define NN_LABEL_LEN 32         /* bytes of a class label, its terminating NUL included */
#define NN_NAME_LEN 64          /* bytes of a model's name, its terminating NUL included */
#define NN_MAX_WIDTH 1048576   /* most values in one layer's output (per sample) */
#define NN_MAX_CHANNELS 4096   /* most channels of an image-shaped layer */
#define NN_MAX_SIDE 4096       /* largest image side */
#define NN_MAX_KERNEL 15       /* largest convolution kernel side */
#define NN_MAX_PARAMS 20000000 /* most parameters in one model (80 MB of floats, ~260 MB of JSON) */

/* The layer types, one line each: its NnLayerType name and its descriptor (layer.h), defined in
 * its own file layer_<type>.c. */
#define NN_LAYER_TYPES(X)                                                                        \
    X(NN_LAYER_DENSE, nn_layer_dense)           /* fully connected */                            \
    X(NN_LAYER_CONV2D, nn_layer_conv2d)         /* filters sliding over the image */             \
    X(NN_LAYER_MAXPOOL2, nn_layer_maxpool2)     /* 2 x 2 max pooling, stride 2 */                \
    X(NN_LAYER_DROPOUT, nn_layer_dropout)       /* drops inputs at random while training */      \
    X(NN_LAYER_BATCHNORM, nn_layer_batchnorm)   /* per-channel normalisation, scale and shift */ \
    X(NN_LAYER_FLATTEN, nn_layer_flatten)       /* (C, H, W) -> (C * H * W) */                   \
    X(NN_LAYER_ACTIVATION, nn_layer_activation) /* an activation alone, the shape kept */

typedef enum NnLayerType {
#define NN_LAYER_ENUM(type, ops) type,
    NN_LAYER_TYPES(NN_LAYER_ENUM)
#undef NN_LAYER_ENUM
    NN_LAYER_COUNT
} NnLayerType;

/* A tensor shape for one sample: channels x height x width; a flat vector is (n, 1, 1). */
typedef struct NnShape {
    int c, h, w;
} NnShape;

/* What a layer should be, before any memory exists: used to build a model. */
typedef struct NnLayerSpec {
    NnLayerType type;
    int n_out;   /* dense: neurons; conv2d: filters (output channels); others: unused */
    NnAct act;   /* activation applied to the layer's output (dense, conv2d, batchnorm,
                  * activation) */
    int kernel;  /* conv2d: kernel side R */
    int pad;     /* conv2d: zero padding on each side */
    float rate;  /* dropout: probability of dropping a value, in [0, 1) */
} NnLayerSpec;

/* A dense layer spec in one expression: NN_DENSE(128, NN_ACT_RELU). */
#define NN_DENSE(width, activation)                                                           \
    ((NnLayerSpec){.type = NN_LAYER_DENSE, .n_out = (width), .act = (activation)})

typedef struct NnLayer {
    NnLayerType type;
    NnAct act;
    NnShape in, out;   /* per-sample input and output shapes */
    int n_in, n_out;   /* flat sizes: in.c * in.h * in.w and out.c * out.h * out.w */
    int kernel, pad;   /* conv2d */
    float rate;        /* dropout */
    size_t n_weight;   /* values in weight: dense n_out*n_in, conv2d (K, C, R, R), batchnorm C */
    size_t n_bias;     /* values in bias: dense n_out, conv2d K, batchnorm C, others 0 */
    size_t n_state;    /* values kept in model->state: batchnorm 2 C (running mean, variance) */
    float *weight;     /* points into model->params: dense (out, in), conv2d (K, C, R, R),
                        * batchnorm gamma (C); NULL for layers without parameters */
    float *bias;       /* points into model->params: dense (out), conv2d (K), batchnorm beta (C) */
    float *dweight;    /* the matching gradients, in model->grads */
    float *dbias;
    float *run_mean;   /* batchnorm: running mean (C), in model->state; else NULL */
    float *run_var;    /* batchnorm: running variance (C), in model->state; else NULL */
} NnLayer;

/* Training record kept with a model and written to its file. Strings are NUL-terminated. */
/* How a model was fine-tuned on a person's drawings (src/ink/finetune.h), after the training
 * NnTrainInfo records; samples 0: it was not. */
typedef struct NnFinetuneInfo {
    char from[NN_NAME_LEN]; /* the name of the model it was fine-tuned from */
    char drawings[256];     /* the files of drawings, names without their folders */
    long samples;           /* drawings trained on */
    long mnist;             /* MNIST training images mixed in per epoch */
    int copies;             /* distorted copies of each drawing per epoch */
    int epochs;             /* epochs run (the one kept) */
    float learning_rate;
    double seconds;         /* wall-clock time of the fine-tuning */
    char date[32];          /* ISO 8601 UTC */
} NnFinetuneInfo;

typedef struct NnTrainInfo {
    char dataset[64];      /* e.g. "mnist" */
    long samples;          /* training samples used per epoch */
    long outliers;         /* made images of no class (NN_NO_CLASS, uniform target) trained on
                              per epoch besides the samples; 0 = none */
    long made_digits;      /* made digits (drawn as pen strokes, with their labels) trained on
                              per epoch besides the samples; 0 = none */
    int epochs;            /* epochs run */
    int best_epoch;        /* epoch whose weights were kept (1-based), 0 if unknown */
    char optimizer[16];    /* "sgd", "momentum", "adam" */
    float learning_rate;
    float momentum;        /* momentum or Adam beta1 */
    float weight_decay;    /* L2 coefficient */
    char schedule[16];     /* "constant", "step", "cosine" */
    int batch_size;
    char cost[24];         /* "quadratic" or "cross-entropy" */
    char augment[160];     /* data augmentation used, e.g. "shift 2 px", or "none" */
    uint64_t seed;
    float train_accuracy;  /* fraction in [0, 1], or -1 if not measured */
    float val_accuracy;    /* fraction in [0, 1], or -1 */
    float test_accuracy;   /* fraction in [0, 1] on the test set, or -1; with a refusal rule a
                            * refused image counts as wrong */
    float test_refused;    /* fraction in [0, 1] of the test set the refusal rule refuses, or -1
                            * (not recorded) */
    double train_seconds;  /* wall-clock time of training */
    char command[512];     /* the command line that trained it */
    char date[32];         /* ISO 8601 UTC, e.g. "2026-11-25T18:00:00Z" */
    char version[16];      /* program version that trained it */
    NnFinetuneInfo ft;     /* the fine-tuning on a person's drawings, if any */
} NnTrainInfo;

/* What is done to a drawing or an image before it becomes the model's input. Model files spell
 * it "none" and "mnist" (nn_preprocess_name, nn_preprocess_parse). */
typedef enum NnPreprocess {
    NN_PREP_NONE = 0, /* the image as it is */
    NN_PREP_MNIST,    /* as MNIST's digits were made: crop to the ink, fit into 20 x 20, centre
                       * by mass in 28 x 28 (src/ink/preprocess.h) */
    NN_PREP_COUNT
} NnPreprocess;

/* What the model expects as input and what its outputs mean. */
typedef struct NnModelInfo {
    char name[NN_NAME_LEN];     /* short display name, e.g. "mnist-mlp" */
    int in_c, in_h, in_w;       /* input shape, channels x rows x cols (1 x 28 x 28) */
    float in_scale, in_offset;  /* input value = pixel * in_scale + in_offset, pixel in 0..255 */
    NnPreprocess preprocess;    /* what a drawing goes through first */
    int n_classes;
    char labels[NN_MAX_CLASSES][NN_LABEL_LEN]; /* display name of each class */
    float refuse_below;         /* the refusal rule: the model names no class ("none of these
                                 * classes") when its top probability is below this, in (0, 1];
                                 * 0: no rule, every answer names its top class */
    char refuse_chosen[256];    /* how the threshold was chosen, in words; "" if not said */
    NnTrainInfo train;
} NnModelInfo;

#define NN_MAX_KNOCKOUTS 4096 /* most units knocked out at once (knockout.h) */

/* A knocked-out unit: a dense layer's neuron or a convolution's filter (knockout.h). */
typedef struct NnKnockout {
    int layer, unit;
} NnKnockout;

typedef struct NnModel {
    int n_layers;
    NnLayer layers[NN_MAX_LAYERS];
    NnShape in_shape;  /* shape of one input sample */
    int n_in;          /* input width D_0 = in_shape.c * h * w */
    int n_out;         /* output width of the last layer */
    size_t n_params;   /* total trainable weights and biases */
    float *params;     /* (n_params), owned */
    float *grads;      /* (n_params), owned, same layout as params */
    size_t n_state;    /* non-trained values kept with the model (batchnorm running statistics) */
    float *state;      /* (n_state), owned, or NULL */
    NnModelInfo info;
    int training;      /* 1 while training: dropout drops, batchnorm uses batch statistics */
    NnRng rng;         /* dropout's random stream */
    NnPool *pool;      /* the threads its passes run on, not owned; NULL: the caller's alone */
    int n_knock;       /* units whose output every pass forces to 0 (knockout.h); never saved */
    NnKnockout knock[NN_MAX_KNOCKOUTS]; /* (n_knock), in the order they were knocked out */

    /* Workspace for a batch of up to cap_batch samples, owned (see nn_model_reserve). */
    int cap_batch;
    float *work;                   /* one block holding the float arrays below */
    int32_t *iwork;                /* one block holding the int arrays (iaux) */
    float *z[NN_MAX_LAYERS];       /* (N, D_l) layer l's output before its activation */
    float *a[NN_MAX_LAYERS];       /* (N, D_l) layer l's output after activation (= z[l] when
                                    * the activation is linear) */
    float *da[NN_MAX_LAYERS];      /* (N, D_l) dL/d a[l] during backward, then dL/d z[l] */
    float *aux[NN_MAX_LAYERS];     /* per-layer extra floats (layer.h's NnLayerWork): dropout
                                    * mask (N, D_l); batchnorm xhat (N, D_l) then mean and rstd
                                    * (C each); convolution the batch's unrolled input, kept
                                    * from the forward to the backward pass; else NULL */
    int32_t *iaux[NN_MAX_LAYERS];  /* per-layer ints: max pooling's winning input index
                                    * (N, D_l); else NULL */
    float *col;                    /* convolution scratch (largest im2col of any layer) */

    /* Set by nn_model_freeze for fast one-image inference, else NULL (see there). */
    float *frozen;                 /* the layers' inference copies (dense: W^T (I, O)) */
    float *wt[NN_MAX_LAYERS];      /* layer l's copy inside frozen, or NULL */
    int *nz;                       /* scratch: positions of an input's non-zero values */
} NnModel;

/* Builds a model for input samples of shape in with the given layers, parameters zeroed (but
 * batchnorm's gamma 1 and running variance 1), info set to defaults (scale 1/255; labels
 * "0".."9"...; "mnist" preprocessing for 1 x 28 x 28 inputs). Returns NULL and fills err on bad
 * specs: non-positive or too large sizes, too many layers or parameters, softmax anywhere but the
 * last layer, a convolution or pooling on a flat input, an image that shrinks to nothing.
 * Caller frees with nn_model_free(). */
NnModel *nn_model_new_shape(NnShape in, const NnLayerSpec *specs, int n_layers, SnError *err);

/* The same for flat inputs of n_in values (shape n_in x 1 x 1). */
NnModel *nn_model_new(int n_in, const NnLayerSpec *specs, int n_layers, SnError *err);

/* Frees the model and its arrays; accepts NULL. */
void nn_model_free(NnModel *m);

/* A model of its own with m's layers, weights, statistics, info and knock-outs (not its
 * workspace, frozen copy, pool or gradients), for work on another thread while m is used. Returns
 * NULL with err filled when memory runs out. Caller frees with nn_model_free(). */
NnModel *nn_model_copy(const NnModel *m, SnError *err);

/* Fills the weights from rng, matched to each layer's activation: He (normal, variance 2/n_in)
 * for ReLU, Glorot/Xavier (normal, variance 2/(n_in+n_out)) for the others. Biases become 0. */
void nn_model_init(NnModel *m, NnRng *rng);

/* Makes sure the workspace holds batches of n samples (allocates only when n grows). */
int nn_model_reserve(NnModel *m, int n, SnError *err);

/* Forward pass of n samples x (n, n_in); returns the output a[last] (n, n_out), owned by the
 * model and valid until the next call. n must not exceed the reserved capacity. */
const float *nn_model_forward(NnModel *m, const float *x, int n);

/* Sets every gradient to zero (backward only adds). */
void nn_model_zero_grad(NnModel *m);

/* Backpropagation: given dL/d output (n, n_out) for the batch of the last forward, adds
 * dL/d parameter into grads. If dout_is_dz, dout is already dL/dz of the last layer (as the
 * fused softmax + cross-entropy gives it) and the last activation's derivative is skipped. */
void nn_model_backward(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz);
/* The same walk for the gradient with respect to the input itself instead: dL/dx into dx (n,
 * n_in; overwritten), the parameter gradients (grads) left untouched. Each layer's backward
 * pass turns dL/dz of its output into dL/d its input; this carries that on through layer 0.
 * nn_input_gradient (inspect.h) asks it for a class score's saliency. */
void nn_model_backward_input(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz,
                             float *dx);

/* Prepares m for inference only: keeps a transposed copy W^T (I, O) of each dense layer's
 * weights, so that one image's forward pass adds up just the rows of W^T whose input is not zero
 * (most pixels of a digit are blank, and ReLU zeroes about half of every hidden layer) and
 * reads a fraction of the weights. Used by one-sample forward passes until nn_model_thaw. The
 * caller promises not to change the weights meanwhile (nn_trainer_init thaws the model).
 * Returns 0 or SN_E_NOMEM (the model then works as before). */
int nn_model_freeze(NnModel *m, SnError *err);
/* Drops the inference copy; forward passes read the weights themselves again. */
void nn_model_thaw(NnModel *m);

/* Classifies one input (n_in values); writes the n_out outputs to out (may be NULL) and returns
 * the index of the largest. Its pass is nn_inspect_forward's (inspect.h), whose captures then
 * hold every layer's output for x. Reserves a batch of 1 if needed; returns SN_E_NOMEM if that fails,
 * and SN_E_NONFINITE when an output is not a finite number (the weights, finite themselves,
 * overflow on this input): then there is no answer, and out holds those values. */
int nn_model_predict(NnModel *m, const float *x, float *out);
/* Why nn_model_predict failed with code, as the words that follow "<input>: " in a message:
 * "the model's outputs are not finite numbers ...: no answer" or "out of memory while running
 * the model". A static string. */
const char *nn_model_predict_failure(int code);

/* 1 if the model declares MNIST preprocessing (info.preprocess NN_PREP_MNIST: crop to the ink,
 * fit into 20 x 20, centre by mass), 0 for none (the image as it is). The app, `scratchnet
 * predict`, `eval --drawings`, the benchmark and the library all ask this. */
int nn_model_mnist_preprocessing(const NnModel *m);

/* The preprocessing's name in model files: "none", "mnist" ("unknown" if out of range). */
const char *nn_preprocess_name(NnPreprocess p);
/* Parses such a name; returns 0 and sets *p, or SN_E_ARG. */
int nn_preprocess_parse(const char *name, NnPreprocess *p);

/* Turns n values in 0..1 (0 = background, 1 = full ink, as the drawing pipeline produces) into
 * the model's input values: x = (v * 255) * in_scale + in_offset, the same scaling as training. */
void nn_model_scale_input(const NnModelInfo *info, const float *unit, float *x, size_t n);

/* Turns n_out raw outputs (as nn_model_predict writes them) into n_out probabilities p, the
 * same for every program: a softmax layer already gives them (kept as they are unless they sum
 * to 0); other output layers (sigmoid after a quadratic cost, linear) are made to sum to 1:
 * divided by their sum when none is negative, else passed through a softmax. The outputs must
 * be finite (nn_model_predict says when they are not); any that is not counts as 0. p may be
 * out itself. */
void nn_model_probabilities(const NnModel *m, const float *out, float *p);

/* The index of the largest of v[0..n) (the first of equal ones), n >= 1: a model's top class.
 * If second is non-NULL it receives the largest of the others (the first of equal ones), or -1
 * when n is 1: the runner-up every "not sure: 4 or 9?" names. */
int nn_top_class(const float *v, int n, int *second);

/* 1 if the model declines to name a class for the probabilities probs (n_classes of them, as
 * nn_model_probabilities gives them): it has a refusal rule (info.refuse_below > 0) and the
 * largest probability is below info.refuse_below. 0 otherwise: no rule, or a top probability at
 * or above the threshold. The one decision behind every refusal (src/ink/classify.h). */
int nn_model_refuses(const NnModel *m, const float *probs);

/* Parses a layer spec string: the input first, "784" (flat) or "1x28x28" (channels x height x
 * width), then one item per layer, comma-separated:
 *   "256:relu"        dense layer of 256 neurons with an activation (default linear)
 *   "conv32x3:relu"   convolution with 32 filters of 3 x 3, zero padding R/2 ("same" size);
 *                     "conv16x5p0" sets the padding
 *   "pool"            2 x 2 max pooling      "dropout0.5"  dropout with rate 0.5
 *   "bn:relu"         batch normalisation    "flatten"     flatten to a vector
 *   "act:relu"        the activation alone, on what the layer before gives (after pooling,
 *                     flatten or dropout, or on the input), the shape unchanged
 * e.g. "1x28x28,conv32x3:relu,pool,conv64x3:relu,pool,dropout0.25,128:relu,10:softmax".
 * Fills *in and specs (at most NN_MAX_LAYERS); returns the layer count, or a negative code with
 * err filled. */
int nn_spec_parse(const char *text, NnShape *in, NnLayerSpec *specs, SnError *err);

/* The layer type's name as used in model files ("dense", "conv2d", ...). */
const char *nn_layer_type_name(NnLayerType type);
/* The layer's settings in words ("3x3 kernel, padding 1", "rate 0.25"), as `scratchnet info`
 * shows them, in dst (size bytes); "" for a layer whose type has none. */
void nn_layer_describe(const NnLayer *L, char *dst, size_t size);
/* The units of layer l of m, each with weights of its own: a dense layer's neurons, a
 * convolution's filters; 0 for the other layer types and for l out of range. */
int nn_layer_units(const NnModel *m, int l);
/* Parses a layer type name; returns 0 and sets *type, or SN_E_ARG. */
int nn_layer_type_parse(const char *name, NnLayerType *type);

/* Floating-point operations of the matrix products for one sample (a multiply-add counts 2):
 * the forward pass alone, or with training the backward pass too (the weight gradient, and the
 * input gradient of every layer but the first, each as large as the forward product). Dense
 * layers count 2 I O, convolutions 2 K C R R H' W'; pooling, activations and the rest are
 * left out. */
double nn_model_flops(const NnModel *m, int training);

/* Switches dropout and batchnorm between training (1) and inference (0) behaviour. */
void nn_model_set_training(NnModel *m, int training);

/* Runs the model's passes (and its trainer's steps) on pool's threads from now on; NULL (as a
 * new or loaded model starts) runs them on the calling thread alone. The pool is not owned:
 * it must outlive its use by the model. A pool of the same size gives the same bits. */
void nn_model_set_pool(NnModel *m, NnPool *pool);

#endif
