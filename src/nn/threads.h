/* threads.h - the library's worker threads: one small pool, started on first use, that runs
 * the parts of a parallel loop on all cores.
 *
 * Every parallel loop here splits its work into T parts by index alone, so the same T always
 * gives the same bits. The BLAS is held to one thread of its own: products big enough to share
 * are split between the pool's threads by nn_gemm (gemm.c), and the convolution shares out
 * samples. A part that itself asks for a parallel loop runs it in its own thread. In a child
 * process (fork) the pool starts again with no workers.
 */
#ifndef NN_THREADS_H
#define NN_THREADS_H

#define NN_MAX_THREADS 8

/* Threads the library uses: $SCRATCHNET_THREADS if set to 1..NN_MAX_THREADS, else the cores
 * online (at most NN_MAX_THREADS). Read once. */
int nn_threads(void);

/* Runs part(ctx, t) for t = 0..T-1 (T capped at NN_MAX_THREADS), part 0 on the calling thread
 * and the others on the pool's, and returns when all are done. Inside a part, or if the pool
 * cannot start, the parts run one after another on the calling thread: the result is the same. */
void nn_parallel(int T, void (*part)(void *ctx, int t), void *ctx);

/* Non-zero while the calling thread is running a part. */
int nn_in_parallel(void);

#endif
