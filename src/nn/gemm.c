/* gemm.c - C = alpha * op(A) op(B) + beta * C through CBLAS, plus the naive reference.
 * The naive loop accumulates in double so it is a trustworthy yardstick for the fast path. */
#include "nn/gemm.h"

#include <cblas.h>
#include <pthread.h>
#include <stdio.h>

#include "nn/threads.h"

void nn_gemm_backend(char *buf, size_t n)
{
#ifdef OPENBLAS_VERSION
    /* openblas_get_config() reads like "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell
     * MAX_THREADS=64"; the core name is the kernel picked at load time */
    snprintf(buf, n, "%s; kernel %s", openblas_get_config(), openblas_get_corename());
#else
    snprintf(buf, n, "a CBLAS (not OpenBLAS)");
#endif
}


/* Products with fewer multiply-adds than this stay on one thread: waking a second costs a few
 * microseconds, about what it would save. */
#define SPLIT_WORK (1 << 20)

typedef struct Gemm {
    bool ta, tb, split_rows;
    int M, N, K, lda, ldb, ldc, T;
    float alpha, beta;
    const float *A, *B;
    float *C;
} Gemm;

static void sgemm(const Gemm *g, int M, int N, const float *A, const float *B, float *C)
{
    cblas_sgemm(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans,
                M, N, g->K, g->alpha, A, g->lda, B, g->ldb, g->beta, C, g->ldc);
}

/* Part t: a band of C's rows (with op(A)'s) or of its columns (with op(B)'s). */
static void gemm_part(void *ctx, int t)
{
    const Gemm *g = ctx;
    if (g->split_rows) {
        int i0 = g->M * t / g->T, i1 = g->M * (t + 1) / g->T;
        const float *A = g->ta ? g->A + i0 : g->A + (size_t)i0 * g->lda;
        sgemm(g, i1 - i0, g->N, A, g->B, g->C + (size_t)i0 * g->ldc);
    } else {
        int j0 = g->N * t / g->T, j1 = g->N * (t + 1) / g->T;
        const float *B = g->tb ? g->B + (size_t)j0 * g->ldb : g->B + j0;
        sgemm(g, g->M, j1 - j0, g->A, B, g->C + j0);
    }
}

/* The BLAS runs single-threaded: the library's own threads share out the work (threads.h),
 * so the BLAS's threads would only compete with them for the cores. */
static void blas_one_thread(void)
{
#ifdef OPENBLAS_VERSION
    openblas_set_num_threads(1);
#endif
}

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

void nn_gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A, int lda,
             const float *B, int ldb, float beta, float *C, int ldc)
{
    pthread_once(&blas_once, blas_one_thread);
    if (M == 1 && !trans_a) {
        /* one row, as for a single image: a matrix-vector product, C^T = op(B)^T a */
        cblas_sgemv(CblasRowMajor, trans_b ? CblasNoTrans : CblasTrans, trans_b ? N : K,
                    trans_b ? K : N, alpha, B, ldb, A, 1, beta, C, 1);
        return;
    }
    Gemm g = {trans_a, trans_b, M >= N, M, N, K, lda, ldb, ldc, 1, alpha, beta, A, B, C};
    double work = (double)M * N * K;
    if (!nn_in_parallel() && work >= SPLIT_WORK) {
        int T = nn_threads(), span = g.split_rows ? M : N;
        T = span < T ? span : T;
        T = work / T < SPLIT_WORK / 2 ? (int)(work / (SPLIT_WORK / 2)) : T;
        g.T = T;
        if (T > 1) {
            nn_parallel(T, gemm_part, &g);
            return;
        }
    }
    sgemm(&g, M, N, A, B, C);
}

void nn_gemm_naive(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A,
                   int lda, const float *B, int ldb, float beta, float *C, int ldc)
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
