/* threads.c - pools of worker threads (threads.h).
 *
 * A loop publishes its job (part, ctx, T) in its pool and bumps the pool's generation counter;
 * each worker waits for the counter to move, runs its part if its index is below T, and counts
 * itself done. Waiting first spins for a short while (a training loop calls again within
 * microseconds, and waking a sleeping thread costs more than that), then sleeps on the pool's
 * condition variable, so an idle program, such as the drawing app between strokes, uses no CPU.
 * A pool has one job slot: the busy flag gives it to one loop at a time.
 */
#include "nn/threads.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

#define SPIN_ROUNDS 20000 /* pauses before a worker sleeps: roughly 0.1-1 ms */

typedef struct Worker {
    NnPool *pool;
    int me; /* the part index it runs: 1..threads-1 */
} Worker;

struct NnPool {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_uint generation; /* bumped once per job, and once to stop */
    atomic_int remaining;   /* workers still busy with the current job */
    atomic_flag busy;       /* set while a loop runs on the pool */
    atomic_int stop;        /* set by nn_pool_free: the workers return */
    void (*part)(void *, int);
    void *ctx;
    int T;
    int threads;    /* the pool's size, the calling thread included */
    int workers;    /* threads started: indices 1..workers */
    unsigned forks; /* the process's fork count when they started */
    pthread_t tid[NN_MAX_THREADS];
    unsigned first[NN_MAX_THREADS]; /* the generation before each worker's first job */
    Worker slot[NN_MAX_THREADS];
};

static _Thread_local int in_part;

static pthread_once_t threads_once = PTHREAD_ONCE_INIT;
static int n_threads = 1;

static void read_threads(void)
{
    const char *env = getenv("SCRATCHNET_THREADS");
    long want = env ? strtol(env, NULL, 10) : 0;
    if (want < 1 || want > NN_MAX_THREADS)
        want = sysconf(_SC_NPROCESSORS_ONLN);
    n_threads = want < 1 ? 1 : (want > NN_MAX_THREADS ? NN_MAX_THREADS : (int)want);
}

int nn_threads(void)
{
    pthread_once(&threads_once, read_threads);
    return n_threads;
}

int nn_in_parallel(void)
{
    return in_part;
}

/* Children of fork made so far by this process's line: a pool whose workers started in
 * another process has none here (only the thread that forked exists in a child). */
static atomic_uint forks;
static pthread_once_t forks_once = PTHREAD_ONCE_INIT;

static void count_fork(void)
{
    atomic_fetch_add(&forks, 1);
}

static void watch_forks(void)
{
    pthread_atfork(NULL, NULL, count_fork);
}

NnPool *nn_pool_new(int threads, SnError *err)
{
    pthread_once(&forks_once, watch_forks);
    NnPool *pool = calloc(1, sizeof *pool);
    if (!pool) {
        sn_error(err, SN_E_NOMEM, "out of memory for a pool of threads");
        return NULL;
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->wake, NULL);
    atomic_flag_clear(&pool->busy);
    threads = threads < 1 ? nn_threads() : threads;
    pool->threads = threads > NN_MAX_THREADS ? NN_MAX_THREADS : threads;
    pool->forks = atomic_load(&forks);
    return pool;
}

int nn_pool_threads(const NnPool *pool)
{
    return pool ? pool->threads : 1;
}

static void *worker(void *arg)
{
    const Worker *w = arg;
    NnPool *pool = w->pool;
    const int me = w->me;
    /* not the generation now: the first job may already have been posted */
    unsigned seen = pool->first[me];
    in_part = 1;
    for (;;) {
        unsigned g;
        int spins = 0;
        while ((g = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen) {
            if (++spins < SPIN_ROUNDS) {
                CPU_RELAX();
                continue;
            }
            pthread_mutex_lock(&pool->lock);
            while (atomic_load_explicit(&pool->generation, memory_order_acquire) == seen)
                pthread_cond_wait(&pool->wake, &pool->lock);
            pthread_mutex_unlock(&pool->lock);
        }
        seen = g;
        if (atomic_load_explicit(&pool->stop, memory_order_acquire))
            return NULL;
        if (me < pool->T)
            pool->part(pool->ctx, me);
        atomic_fetch_sub_explicit(&pool->remaining, 1, memory_order_acq_rel);
    }
}

/* Wakes every worker for the job or the stop just published. */
static void publish(NnPool *pool)
{
    pthread_mutex_lock(&pool->lock);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_acq_rel);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
}

void nn_pool_free(NnPool *pool)
{
    if (!pool)
        return;
    if (pool->forks == atomic_load(&forks)) { /* else its workers are not in this process */
        atomic_store_explicit(&pool->stop, 1, memory_order_release);
        publish(pool);
        for (int i = 1; i <= pool->workers; i++)
            pthread_join(pool->tid[i], NULL);
    }
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->wake);
    free(pool);
}

/* Starts workers up to index T-1; returns how many exist. Called with the pool busy. In a
 * child of fork the pool first forgets its workers, which stayed in the parent (else a job
 * would wait forever for them). */
static int grow(NnPool *pool, int T)
{
    if (pool->forks != atomic_load(&forks)) {
        pool->workers = 0;
        pool->forks = atomic_load(&forks);
        pthread_mutex_init(&pool->lock, NULL);
        pthread_cond_init(&pool->wake, NULL);
    }
    while (pool->workers < T - 1) {
        const int me = pool->workers + 1;
        pool->slot[me] = (Worker){pool, me};
        pool->first[me] = atomic_load_explicit(&pool->generation, memory_order_relaxed);
        if (pthread_create(&pool->tid[me], NULL, worker, &pool->slot[me]) != 0)
            break;
        pool->workers = me;
    }
    return pool->workers;
}

static void run_here(int T, void (*part)(void *ctx, int t), void *ctx)
{
    int was = in_part;
    in_part = 1;
    for (int t = 0; t < T; t++)
        part(ctx, t);
    in_part = was;
}

void nn_parallel(NnPool *pool, int T, void (*part)(void *ctx, int t), void *ctx)
{
    T = T < 1 ? 1 : (T > NN_MAX_THREADS ? NN_MAX_THREADS : T);
    if (T == 1 || !pool || in_part || T > pool->threads) {
        run_here(T, part, ctx);
        return;
    }
    if (atomic_flag_test_and_set_explicit(&pool->busy, memory_order_acquire)) {
        run_here(T, part, ctx); /* another thread's loop has the pool */
        return;
    }
    if (grow(pool, T) < T - 1) {
        atomic_flag_clear_explicit(&pool->busy, memory_order_release);
        run_here(T, part, ctx);
        return;
    }
    pool->part = part;
    pool->ctx = ctx;
    pool->T = T;
    atomic_store_explicit(&pool->remaining, pool->workers, memory_order_relaxed);
    publish(pool);
    in_part = 1;
    part(ctx, 0);
    in_part = 0;
    for (int spins = 0; atomic_load_explicit(&pool->remaining, memory_order_acquire) > 0;) {
        if (++spins < SPIN_ROUNDS)
            CPU_RELAX();
        else
            sched_yield(); /* a worker lost its core: let it have this one */
    }
    atomic_flag_clear_explicit(&pool->busy, memory_order_release);
}
