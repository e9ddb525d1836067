/* act.h - activation functions: what a neuron does with "input x weight + bias".
 *
 * Each activation has a forward (z -> a) and a backward that turns dL/da into dL/dz.
 * Shapes: z, a, da, dz are (N, C): N samples in a batch, C neurons in the layer, row-major.
 * Softmax works across the C neurons of one sample; the others work element by element.
 */
#ifndef NN_ACT_H
#define NN_ACT_H

#include <stddef.h>

#include "nn/threads.h"

typedef enum NnAct {
    NN_ACT_LINEAR = 0, /* y = x: the default, no activation */
    NN_ACT_STEP,       /* y = 1 if x > 0 else 0: the neuron fires or not */
    NN_ACT_SIGMOID,    /* y = 1 / (1 + e^-x): between 0 and 1, saturates */
    NN_ACT_RELU,       /* y = x if x > 0 else 0: rectified linear unit */
    NN_ACT_TANH,       /* y = tanh(x): between -1 and 1, saturates */
    NN_ACT_SOFTMAX,    /* y_i = e^x_i / sum_j e^x_j: probabilities that sum to 1 */
    NN_ACT_COUNT
} NnAct;

/* The activation's name as used in model files and layer specs ("relu", ...). */
const char *nn_act_name(NnAct act);
/* Parses a name back; returns 0 and sets *act, or SN_E_ARG for an unknown name. */
int nn_act_parse(const char *name, NnAct *act);

/* a = f(z) for n rows of c values, shared between pool's threads when there are many. a may
 * equal z (in place). */
void nn_act_forward(NnPool *pool, NnAct act, const float *z, float *a, size_t n, size_t c);

/* dz = da * f'(z), given both z and a = f(z) from the forward pass (whichever the derivative
 * is cheaper from). Writes dz (overwrites); dz may equal da. For softmax this is the full
 * Jacobian-vector product per row. For step it is the straight-through estimator (see act.c). */
void nn_act_backward(NnPool *pool, NnAct act, const float *z, const float *a, const float *da,
                     float *dz, size_t n, size_t c);

#endif
