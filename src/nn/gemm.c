/* gemm.c - C = alpha * op(A) op(B) + beta * C through CBLAS, plus the naive reference.
 * The naive loop accumulates in double so it is a trustworthy yardstick for the fast path. */
#include "nn/gemm.h"

#include <cblas.h>

void nn_gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A,
             int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda, B, ldb, beta, C,
                ldc);
}

void nn_gemm_naive(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                   const float *A, int lda, const float *B, int ldb, float beta, float *C,
                   int ldc)
{
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            double sum = 0.0;
            for (int k = 0; k < K; k++) {
                float a = trans_a ? A[k * lda + i] : A[i * lda + k]; /* op(A)[i][k] */
                float b = trans_b ? B[j * ldb + k] : B[k * ldb + j]; /* op(B)[k][j] */
                sum += (double)a * (double)b;
            }
            float *c = &C[i * ldc + j];
            /* beta == 0 must ignore whatever C held, even NaN, as BLAS does */
            *c = (float)((double)alpha * sum + (beta == 0.0f ? 0.0 : (double)beta * (double)*c));
        }
    }
}
