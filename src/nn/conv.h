/* conv.h - 2-D convolution, the layer that looks at small patches of an image.
 *
 * Shapes: N = batch, C = input channels, H x W = input size, K = output channels (filters),
 * R x R = kernel size, P = zero padding on every side, stride 1. Output size Ho = H + 2P - R + 1,
 * Wo = W + 2P - R + 1. inp (N, C, H, W), weight (K, C, R, R), bias (K), out (N, K, Ho, Wo).
 * The fast path unrolls patches into columns (im2col) and does one matrix product per sample;
 * col is caller-provided scratch of nn_conv2d_col_size() floats.
 */
#ifndef NN_CONV_H
#define NN_CONV_H

#include <stddef.h>

/* Floats of scratch the im2col path needs: (C * R * R) x (Ho * Wo). */
size_t nn_conv2d_col_size(int C, int H, int W, int R, int P);

/* out = bias + sum over c, dy, dx of weight[k][c][dy][dx] * inp[c][y + dy - P][x + dx - P]
 * (zero outside the image). Overwrites out. */
void nn_conv2d_forward(float *out, const float *inp, const float *weight, const float *bias,
                       float *col, int N, int C, int H, int W, int K, int R, int P);

/* Given dout (N, K, Ho, Wo): adds dL/dweight into dweight, dL/dbias into dbias and, if dinp is
 * non-NULL, dL/dinp into dinp (N, C, H, W). Zeroing is the caller's explicit step. */
void nn_conv2d_backward(float *dinp, float *dweight, float *dbias, float *col, const float *dout,
                        const float *inp, const float *weight, int N, int C, int H, int W, int K,
                        int R, int P);

/* The direct six-loop convolution, kept as the reference the fast path is tested against. */
void nn_conv2d_forward_naive(float *out, const float *inp, const float *weight,
                             const float *bias, int N, int C, int H, int W, int K, int R, int P);

#endif
