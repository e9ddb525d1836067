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

#include "common/error.h"
#include "nn/threads.h"

/* Makes sure the calling thread can run the BLAS: it needs working memory (128 MB of address
 * space), taken once and kept. Returns 0, or SN_E_NOMEM with err filled when there is not
 * enough (nn_gemm then works on the plain loops: slow, but it ends). Under an address-space
 * limit (RLIMIT_AS) products are then not shared between threads, and the threads of networks
 * running at once take turns in the BLAS: each more thread in the BLAS at once would need
 * another such buffer, at a moment when it may not be there. Called by
 * nn_model_reserve, and by nn_gemm on a thread's first product. */
int nn_gemm_prepare(SnError *err);

/* How many threads of pool share the work of a product (and of a convolution): its size, or 1
 * under an address-space limit (see nn_gemm_prepare, which this calls first if need be). */
int nn_gemm_threads(const NnPool *pool);

/* Large products are split between pool's threads (NULL: the calling thread alone). */
void nn_gemm(NnPool *pool, bool trans_a, bool trans_b, int M, int N, int K, float alpha,
             const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* Which BLAS does the work: its name and version, the kernel it picked for this CPU and its
 * thread count, as one line written into buf (n bytes). */
void nn_gemm_backend(char *buf, size_t n);

void nn_gemm_naive(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                   const float *A, int lda, const float *B, int ldb, float beta, float *C,
                   int ldc);

#endif
