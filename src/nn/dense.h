/* dense.h - the fully connected layer: every output neuron sees every input.
 *
 * Shapes: N = batch, I = inputs, O = outputs. inp (N, I), weight (O, I), bias (O), out (N, O).
 */
#ifndef NN_DENSE_H
#define NN_DENSE_H

#include "nn/threads.h"

/* out = inp . weight^T + bias: each neuron's "input x weight + bias", for the whole batch in one
 * matrix product, shared between pool's threads when large. Overwrites out. */
void nn_dense_forward(NnPool *pool, float *out, const float *inp, const float *weight,
                      const float *bias, int N, int I, int O);

/* Given dout = dL/dout (N, O): adds dL/dweight into dweight (O, I), dL/dbias into dbias (O)
 * (either NULL: not that one, for an input gradient alone) and, if dinp is non-NULL, dL/dinp
 * into dinp (N, I). Zeroing is the caller's explicit step. */
void nn_dense_backward(NnPool *pool, float *dinp, float *dweight, float *dbias, const float *dout,
                       const float *inp, const float *weight, int N, int I, int O);

/* One sample through a dense layer whose weights are held transposed, wt (I, O):
 *   z = bias + sum over the non-zero u[i] of u[i] wt[i]      (rows of wt, in order of i)
 * Most pixels of a digit are blank and ReLU zeroes about half of a hidden layer, so this reads
 * a fraction of the weights. Skipping a zero term leaves every partial sum as it was. Writes the
 * positions of the non-zero inputs to nz (room for I) and returns how many there are. */
int nn_dense_forward_sparse(float *z, const float *u, const float *wt, const float *bias, int I,
                            int O, int *nz);

#endif
