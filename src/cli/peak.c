/* peak.c - a floating-point peak measured, not looked up (peak.h).
 *
 * A core retires at most two FMA instructions per cycle, each on 16 floats (AVX-512) or 8
 * (AVX2), with a latency of about 4 cycles: 12 independent accumulators keep both units busy.
 * Each FMA counts as 2 FLOPs per lane. The loop reads no memory, so this is the bound no
 * matrix product can beat. The vector code is compiled for its instruction set with a target
 * attribute and only called when the CPU reports that set.
 */
#include "cli/peak.h"

#include <pthread.h>
#include <time.h>

#include "cli/common.h"

#define CHAINS 12
/* one round: each of the 12 accumulators a0..a11 (in registers) takes one FMA */
#define CHAIN_STEP(fma)                                                                            \
    do {                                                                                           \
        a0 = fma(a0, mul, add), a1 = fma(a1, mul, add), a2 = fma(a2, mul, add);                    \
        a3 = fma(a3, mul, add), a4 = fma(a4, mul, add), a5 = fma(a5, mul, add);                    \
        a6 = fma(a6, mul, add), a7 = fma(a7, mul, add), a8 = fma(a8, mul, add);                    \
        a9 = fma(a9, mul, add), a10 = fma(a10, mul, add), a11 = fma(a11, mul, add);                \
    } while (0)

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define HAVE_X86 1

__attribute__((target("avx512f"))) static float run_avx512(long iters)
{
    const __m512 mul = _mm512_set1_ps(0.999999f), add = _mm512_set1_ps(1e-6f);
    __m512 a0 = _mm512_set1_ps(0.0f), a1 = _mm512_set1_ps(1.0f), a2 = _mm512_set1_ps(2.0f);
    __m512 a3 = _mm512_set1_ps(3.0f), a4 = _mm512_set1_ps(4.0f), a5 = _mm512_set1_ps(5.0f);
    __m512 a6 = _mm512_set1_ps(6.0f), a7 = _mm512_set1_ps(7.0f), a8 = _mm512_set1_ps(8.0f);
    __m512 a9 = _mm512_set1_ps(9.0f), a10 = _mm512_set1_ps(10.0f), a11 = _mm512_set1_ps(11.0f);
    for (long i = 0; i < iters; i++) {
        CHAIN_STEP(_mm512_fmadd_ps);
    }
    __m512 s = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                             _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7)));
    s = _mm512_add_ps(s, _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)));
    return _mm512_reduce_add_ps(s);
}

__attribute__((target("avx2,fma"))) static float run_avx2(long iters)
{
    const __m256 mul = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-6f);
    __m256 a0 = _mm256_set1_ps(0.0f), a1 = _mm256_set1_ps(1.0f), a2 = _mm256_set1_ps(2.0f);
    __m256 a3 = _mm256_set1_ps(3.0f), a4 = _mm256_set1_ps(4.0f), a5 = _mm256_set1_ps(5.0f);
    __m256 a6 = _mm256_set1_ps(6.0f), a7 = _mm256_set1_ps(7.0f), a8 = _mm256_set1_ps(8.0f);
    __m256 a9 = _mm256_set1_ps(9.0f), a10 = _mm256_set1_ps(10.0f), a11 = _mm256_set1_ps(11.0f);
    for (long i = 0; i < iters; i++) {
        CHAIN_STEP(_mm256_fmadd_ps);
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0] + out[1] + out[2] + out[3] + out[4] + out[5] + out[6] + out[7];
}
#endif

static float run_scalar(long iters)
{
    float acc[CHAINS];
    for (int k = 0; k < CHAINS; k++)
        acc[k] = (float)k;
    for (long i = 0; i < iters; i++)
        for (int k = 0; k < CHAINS; k++)
            acc[k] = acc[k] * 0.999999f + 1e-6f;
    float s = 0.0f;
    for (int k = 0; k < CHAINS; k++)
        s += acc[k];
    return s;
}

typedef struct Job {
    int lanes; /* 16, 8 or 1 */
    long iters;
    volatile float sink;
} Job;

static void *job_run(void *arg)
{
    Job *j = arg;
#ifdef HAVE_X86
    if (j->lanes == 16)
        j->sink = run_avx512(j->iters);
    else if (j->lanes == 8)
        j->sink = run_avx2(j->iters);
    else
#endif
        j->sink = run_scalar(j->iters);
    return NULL;
}

/* Seconds for every thread to run iters rounds at once. */
static double timed(int threads, int lanes, long iters)
{
    Job jobs[64];
    pthread_t tid[64];
    int started[64] = {0};
    threads = threads < 1 ? 1 : (threads > 64 ? 64 : threads);
    double t0 = cli_now();
    for (int t = 0; t < threads; t++) {
        jobs[t].lanes = lanes;
        jobs[t].iters = iters;
        started[t] = t > 0 && pthread_create(&tid[t], NULL, job_run, &jobs[t]) == 0;
    }
    job_run(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            job_run(&jobs[t]); /* no thread: do its share here (the peak then reads lower) */
    }
    return cli_now() - t0;
}

double peak_gflops(int threads, double seconds, const char **isa)
{
    int lanes = 1;
    *isa = "scalar";
#ifdef HAVE_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        lanes = 16;
        *isa = "avx512";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        lanes = 8;
        *isa = "avx2";
    }
#endif
    threads = threads < 1 ? 1 : (threads > 64 ? 64 : threads);
    /* grow the round count until one run takes a tenth of the time asked, then take the best
     * of several runs of that size */
    long iters = 1 << 16;
    double el = timed(threads, lanes, iters);
    while (el < seconds / 10.0 && iters < (1L << 40)) {
        iters *= 2;
        el = timed(threads, lanes, iters);
    }
    double best = el;
    for (int r = 0; r < 6; r++) {
        el = timed(threads, lanes, iters);
        best = el < best ? el : best;
    }
    double flops = 2.0 * CHAINS * lanes * (double)iters * threads;
    return flops / best / 1e9;
}
