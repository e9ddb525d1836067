/* dense.c - fully connected layer, forward and backward.
 *
 * Forward, per sample n and neuron o:   out[n][o] = sum_i inp[n][i] * weight[o][i] + bias[o]
 * ("input x weight + bias = output"), as one matrix product out = inp . weight^T for the batch.
 * Backward, by the chain rule on that sum:
 *   dL/dweight[o][i] = sum_n dout[n][o] * inp[n][i]    (dweight += dout^T . inp)
 *   dL/dbias[o]      = sum_n dout[n][o]                (dbias   += column sums of dout)
 *   dL/dinp[n][i]    = sum_o dout[n][o] * weight[o][i] (dinp    += dout . weight)
 * Shapes: N batch, I inputs, O outputs; inp (N, I), weight (O, I), bias (O), out (N, O).
 */
#include "nn/dense.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "nn/gemm.h"
#include "nn/simd.h"

void nn_dense_forward(NnPool *pool, float *out, const float *inp, const float *weight,
                      const float *bias, int N, int I, int O)
{
    /* Start every row of out at the bias, then add inp . weight^T on top (beta = 1). */
    for (int n = 0; n < N; n++) {
        float *row = out + (size_t)n * O;
        for (int o = 0; o < O; o++)
            row[o] = bias[o];
    }
    nn_gemm(pool, false, true, N, O, I, 1.0f, inp, I, weight, I, 1.0f, out, O);
}

void nn_dense_backward(NnPool *pool, float *dinp, float *dweight, float *dbias, const float *dout,
                       const float *inp, const float *weight, int N, int I, int O)
{
    /* dweight (O, I) += dout^T (O, N) . inp (N, I) */
    if (dweight)
        nn_gemm(pool, true, false, O, I, N, 1.0f, dout, O, inp, I, 1.0f, dweight, I);
    /* dbias (O) += sum over the batch of dout */
    for (int n = 0; dbias && n < N; n++) {
        const float *row = dout + (size_t)n * O;
        for (int o = 0; o < O; o++)
            dbias[o] += row[o];
    }
    /* dinp (N, I) += dout (N, O) . weight (O, I): the error each input receives */
    if (dinp)
        nn_gemm(pool, false, false, N, I, O, 1.0f, dout, O, weight, I, 1.0f, dinp, I);
}

/* The vector versions are static: clang resolves clones only inside their own file. */
NN_VECTOR_CLONES
static int forward_sparse(float *z, const float *u, const float *wt, const float *bias, int I,
                          int O, int *nz)
{
    int K = 0;
    for (int i = 0; i < I; i++)
        if (u[i] != 0.0f)
            nz[K++] = i;
    memset(z, 0, (size_t)O * sizeof *z);
    for (int k = 0; k < K; k++) {
        const float *row = wt + (size_t)nz[k] * O;
        const float v = u[nz[k]];
        for (int o = 0; o < O; o++)
            z[o] += v * row[o];
    }
    for (int o = 0; o < O; o++)
        z[o] += bias[o];
    return K;
}

int nn_dense_forward_sparse(float *z, const float *u, const float *wt, const float *bias, int I,
                            int O, int *nz)
{
    return forward_sparse(z, u, wt, bias, I, O, nz);
}
