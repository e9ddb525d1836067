/* conv.h - 2-D convolution, the layer that looks at small patches of an image.
 *
 * Shapes: N = batch, C = input channels, H x W = input size, K = output channels (filters),
 * R x R = kernel size, P = zero padding on every side, stride 1. Output size Ho = H + 2P - R + 1,
 * Wo = W + 2P - R + 1. inp (N, C, H, W), weight (K, C, R, R), bias (K), out (N, K, Ho, Wo).
 * The fast path unrolls patches into columns (im2col) and does one matrix product per sample,
 * the samples shared out between up to nn_conv2d_threads() threads of the caller's pool
 * (threads.h); col is caller-provided scratch of nn_conv2d_col_size() floats. For a given
 * thread count the results are the same every run.
 */
#ifndef NN_CONV_H
#define NN_CONV_H

#include <stddef.h>

#include "nn/threads.h"

/* Floats of scratch the fast path needs for batches of up to N samples: weight and bias side
 * by side, K x (C * R * R + 1), then per thread one unrolled sample (C * R * R + 1) x (Ho * Wo)
 * and its share of the gradients, K x (C * R * R + 1). */
size_t nn_conv2d_col_size(int N, int C, int H, int W, int K, int R, int P);

/* Threads of pool nn_conv2d_forward and nn_conv2d_backward use for this batch and shape, 1 to
 * 8: at most one per sample, none that would get too little work, never more than
 * nn_conv2d_col_size(N, ...) has room for, nor more than the pool has (nn_gemm_threads). */
int nn_conv2d_threads(const NnPool *pool, int N, int C, int H, int W, int K, int R, int P);

/* out = bias + sum over c, dy, dx of weight[k][c][dy][dx] * inp[c][y + dy - P][x + dx - P]
 * (zero outside the image). Overwrites out. col: nn_conv2d_col_size(M, ...) floats for any
 * M >= N; what it holds before does not matter, and afterwards it holds nothing useful. */
void nn_conv2d_forward(NnPool *pool, float *out, const float *inp, const float *weight,
                       const float *bias, float *col, int N, int C, int H, int W, int K, int R,
                       int P);

/* Given dout (N, K, Ho, Wo): adds dL/dweight into dweight, dL/dbias into dbias (both NULL: no
 * parameter gradients, for an input gradient alone) and, if dinp is non-NULL, dL/dinp into dinp
 * (N, C, H, W). Zeroing is the caller's explicit step. col as for nn_conv2d_forward: nothing
 * carries over from a forward call. */
void nn_conv2d_backward(NnPool *pool, float *dinp, float *dweight, float *dbias, float *col,
                        const float *dout, const float *inp, const float *weight, int N, int C,
                        int H, int W, int K, int R, int P);

/* Training can skip unrolling every sample a second time: the _keep variants take keep, room
 * for the unrolled columns of all N samples (nn_conv2d_keep_size floats). The forward pass fills
 * it and the backward pass of the same batch reads it instead of unrolling again; the results
 * are the same bits as without it. keep may be NULL (then they are the plain functions). */
size_t nn_conv2d_keep_size(int N, int C, int H, int W, int K, int R, int P);
void nn_conv2d_forward_keep(NnPool *pool, float *out, const float *inp, const float *weight,
                            const float *bias, float *col, float *keep, int N, int C, int H, int W,
                            int K, int R, int P);
void nn_conv2d_backward_keep(NnPool *pool, float *dinp, float *dweight, float *dbias, float *col,
                             const float *keep, const float *dout, const float *inp,
                             const float *weight, int N, int C, int H, int W, int K, int R, int P);

/* The direct six-loop convolution, kept as the reference the fast path is tested against. */
void nn_conv2d_forward_naive(float *out, const float *inp, const float *weight, const float *bias,
                             int N, int C, int H, int W, int K, int R, int P);

/* The gradients by direct loops (sums in double), the reference for nn_conv2d_backward: same
 * arguments and the same adding into dweight, dbias and (if non-NULL) dinp, no scratch. */
void nn_conv2d_backward_naive(float *dinp, float *dweight, float *dbias, const float *dout,
                              const float *inp, const float *weight, int N, int C, int H, int W,
                              int K, int R, int P);

#endif
