/* gemm.c - C = alpha * op(A) op(B) + beta * C through CBLAS, plus the naive reference.
 * The naive loop accumulates in double so it is a trustworthy yardstick for the fast path. */
#include "nn/gemm.h"

#include <cblas.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "common/error.h"
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

/* The BLAS's working memory. OpenBLAS takes a buffer of BUFFER_SIZE (128 MiB of address space
 * on x86-64; only the pages it touches become resident) for a call that finds none free, and
 * keeps it: one for each call running at the same time, from as many threads. When it cannot
 * get one it does not return an error but retries forever (driver/others/memory.c), and a
 * program under an address-space limit (ulimit -v) would hang inside cblas_sgemm, the pool
 * with it. So under a limit a thread calls the BLAS only once its buffer was taken up front
 * (blas_get_buffer), after this much memory was seen to be free, and no product is shared
 * between a pool's threads. */
#define BLAS_BUFFER_BYTES (((size_t)128 << 20) + ((size_t)64 << 10))

/* Under a limit, the BLAS is called by one thread at a time. Networks on different pools run
 * at once from different threads (threads.h), each thread with the buffer it took; were two of
 * them in the BLAS at once, it could want another buffer when there is no memory for it, and
 * hang. So the lock is still needed: it keeps a probe and the buffer taken after it together
 * (no other thread's call takes that memory in between), and it makes the calls wait for each
 * other, which the one buffer then always serves. Without a limit nothing is locked. */
static pthread_mutex_t blas_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int blas_has_buffer;
/* Which threads may call the BLAS: any (no address-space limit: it finds its buffers as it
 * always has), or only one that holds a buffer, under blas_lock (under a limit). BLAS_UNKNOWN
 * until nn_gemm_prepare has looked. */
enum { BLAS_UNKNOWN, BLAS_ANY_THREAD, BLAS_ONE_THREAD };
static atomic_int blas_mode;

/* Whether this thread may call the BLAS now. */
static int blas_usable(void)
{
    return blas_has_buffer || atomic_load(&blas_mode) == BLAS_ANY_THREAD;
}

/* Gets the BLAS its working memory for this thread if there is enough; returns 1 if it has
 * it, else 0: the BLAS must then not be called from this thread. The probe's memory is freed,
 * then taken at once by the BLAS, while other threads' BLAS calls wait (blas_lock). */
static int blas_get_buffer(void)
{
    if (blas_has_buffer)
        return 1;
    enum { W = 128 }; /* products this large use the buffer, not OpenBLAS's small kernels */
    pthread_mutex_lock(&blas_lock);
    float *x = calloc(3 * W * W, sizeof *x);
    void *probe = x ? malloc(BLAS_BUFFER_BYTES) : NULL;
    if (probe) {
        free(probe);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, W, W, W, 1.0f, x, W, x + W * W, W,
                    0.0f, x + 2 * W * W, W);
        blas_has_buffer = 1;
    }
    free(x);
    pthread_mutex_unlock(&blas_lock);
    return blas_has_buffer;
}

/* Brackets a BLAS call: under a limit, one at a time. Returns whether it locked. */
static int blas_enter(void)
{
    int one = atomic_load(&blas_mode) == BLAS_ONE_THREAD;
    if (one)
        pthread_mutex_lock(&blas_lock);
    return one;
}

static void blas_leave(int locked)
{
    if (locked)
        pthread_mutex_unlock(&blas_lock);
}

static void sgemm(const Gemm *g, int M, int N, const float *A, const float *B, float *C)
{
    if (!blas_usable()) {
        /* no memory for the BLAS on this thread: slow, but it ends */
        nn_gemm_naive(g->ta, g->tb, M, N, g->K, g->alpha, A, g->lda, B, g->ldb, g->beta, C, g->ldc);
        return;
    }
    int locked = blas_enter();
    cblas_sgemm(CblasRowMajor, g->ta ? CblasTrans : CblasNoTrans, g->tb ? CblasTrans : CblasNoTrans,
                M, N, g->K, g->alpha, A, g->lda, B, g->ldb, g->beta, C, g->ldc);
    blas_leave(locked);
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

/* A forked child has new threads: ask again. */
static void forget_threads(void)
{
    atomic_store(&blas_mode, BLAS_UNKNOWN);
}

static void blas_setup(void)
{
    blas_one_thread();
    pthread_atfork(NULL, NULL, forget_threads);
}

int nn_gemm_prepare(SnError *err)
{
    pthread_once(&blas_once, blas_setup);
    struct rlimit as;
    int limited = getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY;
    if (!limited) { /* nothing to take up front: the BLAS finds its memory where it always has */
        blas_has_buffer = 1;
        atomic_store(&blas_mode, BLAS_ANY_THREAD);
        return 0;
    }
    atomic_store(&blas_mode, BLAS_ONE_THREAD);
    if (!blas_get_buffer())
        return sn_error(err, SN_E_NOMEM,
                        "out of memory for the matrix products (%zu MB of working memory)",
                        BLAS_BUFFER_BYTES >> 20);
    return 0;
}

int nn_gemm_threads(const NnPool *pool)
{
    if (atomic_load(&blas_mode) == BLAS_UNKNOWN && !nn_in_parallel())
        nn_gemm_prepare(NULL);
    return atomic_load(&blas_mode) == BLAS_ANY_THREAD ? nn_pool_threads(pool) : 1;
}

void nn_gemm(NnPool *pool, bool trans_a, bool trans_b, int M, int N, int K, float alpha,
             const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    if (!blas_has_buffer && !nn_in_parallel())
        nn_gemm_prepare(NULL); /* the first product of this thread */
    if (M == 1 && !trans_a && blas_usable()) {
        /* one row, as for a single image: a matrix-vector product, C^T = op(B)^T a */
        int locked = blas_enter();
        cblas_sgemv(CblasRowMajor, trans_b ? CblasNoTrans : CblasTrans, trans_b ? N : K,
                    trans_b ? K : N, alpha, B, ldb, A, 1, beta, C, 1);
        blas_leave(locked);
        return;
    }
    Gemm g = {trans_a, trans_b, M >= N, M, N, K, lda, ldb, ldc, 1, alpha, beta, A, B, C};
    double work = (double)M * N * K;
    if (!nn_in_parallel() && work >= SPLIT_WORK) {
        int T = nn_gemm_threads(pool), span = g.split_rows ? M : N;
        T = span < T ? span : T;
        T = work / T < SPLIT_WORK / 2 ? (int)(work / (SPLIT_WORK / 2)) : T;
        g.T = T;
        if (T > 1) {
            nn_parallel(pool, T, gemm_part, &g);
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
