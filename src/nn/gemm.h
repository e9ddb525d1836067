/* gemm.h - general matrix multiply, the one kernel a dense layer needs.
 *
 * C = alpha * op(A) * op(B) + beta * C, row-major, op(X) = X or X^T.
 * op(A) is (M, K), op(B) is (K, N), C is (M, N); lda/ldb/ldc are row strides in elements.
 * nn_gemm calls the CBLAS sgemm; nn_gemm_naive is the plain triple loop kept as the
 * reference the tests compare against.
 */
#ifndef NN_GEMM_H
#define NN_GEMM_H

#include <stdbool.h>
#include <stddef.h>

void nn_gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A,
             int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* Which BLAS does the work: its name and version, the kernel it picked for this CPU and its
 * thread count, as one line written into buf (n bytes). */
void nn_gemm_backend(char *buf, size_t n);

void nn_gemm_naive(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                   const float *A, int lda, const float *B, int ldb, float beta, float *C,
                   int ldc);

#endif
