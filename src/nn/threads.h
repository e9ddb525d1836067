/* threads.h - pools of worker threads that run the parts of a parallel loop on all cores.
 *
 * A pool belongs to whoever runs a network (a command, a library model, the app): the model
 * carries a pointer to it (nn_model_set_pool) and every kernel takes it as its first argument.
 * Two networks on two pools run at the same time without waiting for each other; a NULL pool
 * means the calling thread alone.
 *
 * Every parallel loop here splits its work into T parts by index alone, so the same T always
 * gives the same bits, whichever threads run the parts. A pool of n threads gives the same T
 * (and bits) as any other pool of n threads, NULL being a pool of 1. The BLAS is held to one
 * thread of its own: products big enough to share are split between the pool's threads by
 * nn_gemm (gemm.c), and the convolution shares out samples.
 *
 * A pool runs one loop at a time: a part that itself asks for a parallel loop (on any pool),
 * or a thread that asks while another thread's loop is running on the same pool, runs that
 * loop's parts one after another itself. A pool's threads start on its first loop. In a child
 * process (fork) a pool starts again with no workers.
 */
#ifndef NN_THREADS_H
#define NN_THREADS_H

#include "common/error.h"

#define NN_MAX_THREADS 8

typedef struct NnPool NnPool;

/* Threads a pool has when asked for 0: $SCRATCHNET_THREADS if set to 1..NN_MAX_THREADS, else
 * the cores online (at most NN_MAX_THREADS). Read once. */
int nn_threads(void);

/* A pool of threads threads (the calling thread among them; 0 for nn_threads(), at most
 * NN_MAX_THREADS). No thread starts before its first loop. Returns NULL with err filled when
 * out of memory. Free with nn_pool_free. */
NnPool *nn_pool_new(int threads, SnError *err);

/* Stops the pool's threads and frees it; accepts NULL. No loop may be running on it. */
void nn_pool_free(NnPool *pool);

/* The pool's thread count: what kernels size their loops by (1 for NULL). */
int nn_pool_threads(const NnPool *pool);

/* Runs part(ctx, t) for t = 0..T-1 (T capped at NN_MAX_THREADS), part 0 on the calling thread
 * and the others on the pool's, and returns when all are done. With a NULL pool, inside a
 * part, while the pool is busy, or if its threads cannot start, the parts run one after
 * another on the calling thread: the result is the same. */
void nn_parallel(NnPool *pool, int T, void (*part)(void *ctx, int t), void *ctx);

/* Non-zero while the calling thread is running a part. */
int nn_in_parallel(void);

#endif
