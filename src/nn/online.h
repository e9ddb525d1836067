/* online.h - pure stochastic gradient descent, one sample at a time, without the overhead a
 * mini-batch step carries.
 *
 * A batch step zeroes every gradient, accumulates them with matrix products and then lets the
 * optimiser walk every parameter. For one sample and plain SGD that walk dominates: the 784-256-
 * 128-10 MLP has 235,146 parameters, and most of them receive a zero gradient, because most
 * input pixels are blank and about half the ReLU units are off. The online step updates each
 * weight where its gradient is computed, and only where it can be non-zero:
 *   dL/dW[o][i] = dz[o] * inp[i]  is zero unless inp[i] != 0,
 * so each layer gathers its non-zero inputs once and moves only those columns of W.
 * To make those columns contiguous the weights are held transposed, W^T (I, O), between
 * nn_online_begin and nn_online_end: then the forward pass adds up one row of W^T per non-zero
 * input, and the update changes one row per non-zero input, both as straight vector loops.
 * The result is the same step: the error passed to the layer below is computed with the layer's
 * old weights before they move, and each weight changes by lr * (dz[o] * inp[i]) exactly as
 * nn_optim_step would with that gradient.
 */
#ifndef NN_ONLINE_H
#define NN_ONLINE_H

#include "common/error.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/optim.h"

/* Scratch for online steps on one model: the transposed weights and each layer's non-zero
 * inputs. */
typedef struct NnOnline {
    int n_layers;
    float *wt;     /* every dense layer's W^T (I, O), one after another */
    size_t *wt_at; /* (n_layers) where each layer's W^T starts in wt */
    int *count;    /* (n_layers) how many inputs of each layer are non-zero */
    int *index;    /* per layer, n_in slots: positions of the non-zero inputs */
    int *offset;   /* (n_layers) where each layer's slots start */
    float *dout;   /* (n_out) dL/d output for the quadratic cost */
} NnOnline;

/* Whether the online step can train m: every layer dense, no weight decay, plain
 * SGD (no momentum or Adam state) and batch size 1. Other settings take the batch path. */
int nn_online_supported(const NnModel *m, NnOptimKind kind, float momentum, float weight_decay,
                        int batch_size);

/* Allocates the scratch for m (whose workspace must be reserved for at least 1 sample). */
int nn_online_init(NnOnline *o, const NnModel *m, SnError *err);
void nn_online_free(NnOnline *o);

/* Copies the model's weights into the transposed copy (before a run of steps) and back (after
 * it: until then the model's own weights are stale). */
void nn_online_begin(NnOnline *o, const NnModel *m);
void nn_online_end(const NnOnline *o, NnModel *m);

/* One step, between nn_online_begin and nn_online_end, on the sample x (n_in floats) with
 * class label: forward, cost, backward and the SGD update with learning rate lr. Returns the
 * sample's cost; *correct is set to whether the prediction before the step was right. */
float nn_online_step(NnOnline *o, NnModel *m, const float *x, uint8_t label, NnCost cost, float lr,
                     int *correct);

#endif
