/* dropout.h - dropout: while training, silence each neuron with probability p so the network
 * cannot rely on any single one; at inference every neuron is kept.
 *
 * Inverted dropout: kept values are scaled by 1 / (1 - p) during training so the expected
 * activation is the same in both modes and inference needs no rescaling. Shapes: n values.
 */
#ifndef NN_DROPOUT_H
#define NN_DROPOUT_H

#include <stddef.h>

#include "nn/rng.h"

/* training: mask[i] = (u_i >= p) / (1 - p), out = inp * mask; otherwise out = inp.
 * out may equal inp. p in [0, 1). */
void nn_dropout_forward(float *out, float *mask, const float *inp, size_t n, float p,
                        NnRng *rng, int training);

/* Adds dout * mask (training) or dout (inference) into dinp. */
void nn_dropout_backward(float *dinp, const float *dout, const float *mask, size_t n,
                         int training);

#endif
