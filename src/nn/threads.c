/* threads.c - the worker pool (threads.h).
 *
 * A call publishes its job (part, ctx, T) and bumps a generation counter; each worker waits for
 * the counter to move, runs its part if its index is below T, and counts itself done. Waiting
 * first spins for a short while (a training loop calls again within microseconds, and waking a
 * sleeping thread costs more than that), then sleeps on a condition variable, so an idle
 * program, such as the drawing app between strokes, uses no CPU.
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

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_uint generation; /* bumped once per job */
    atomic_int remaining;   /* workers still busy with the current job */
    void (*part)(void *, int);
    void *ctx;
    int T;
    int workers;                    /* threads started: indices 1..workers */
    unsigned first[NN_MAX_THREADS]; /* the generation before each worker's first job */
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

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

static void *worker(void *arg)
{
    const int me = (int)(size_t)arg;
    /* not the generation now: the first job may already have been posted */
    unsigned seen = pool.first[me];
    in_part = 1;
    for (;;) {
        unsigned g;
        int spins = 0;
        while ((g = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen) {
            if (++spins < SPIN_ROUNDS) {
                CPU_RELAX();
                continue;
            }
            pthread_mutex_lock(&pool.lock);
            while (atomic_load_explicit(&pool.generation, memory_order_acquire) == seen)
                pthread_cond_wait(&pool.wake, &pool.lock);
            pthread_mutex_unlock(&pool.lock);
        }
        seen = g;
        if (me < pool.T)
            pool.part(pool.ctx, me);
        atomic_fetch_sub_explicit(&pool.remaining, 1, memory_order_acq_rel);
    }
    return NULL;
}

/* In a child of fork only the thread that forked exists: the pool starts again from none
 * (else a job would wait forever for workers that are not there). */
static void forget_workers(void)
{
    pool.workers = 0;
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
}

static void watch_forks(void)
{
    pthread_atfork(NULL, NULL, forget_workers);
}

static pthread_once_t forks_once = PTHREAD_ONCE_INIT;

/* Starts workers up to index T-1; returns how many exist. Called by the one thread that
 * submits jobs (the library is not re-entrant across threads for one pool). */
static int grow(int T)
{
    pthread_once(&forks_once, watch_forks);
    while (pool.workers < T - 1) {
        pthread_t tid;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pool.first[pool.workers + 1] = atomic_load_explicit(&pool.generation, memory_order_relaxed);
        int rc = pthread_create(&tid, &attr, worker, (void *)(size_t)(pool.workers + 1));
        pthread_attr_destroy(&attr);
        if (rc != 0)
            break;
        pool.workers++;
    }
    return pool.workers;
}

void nn_parallel(int T, void (*part)(void *ctx, int t), void *ctx)
{
    T = T < 1 ? 1 : (T > NN_MAX_THREADS ? NN_MAX_THREADS : T);
    if (T == 1 || in_part || grow(T) < T - 1) {
        int was = in_part;
        in_part = 1;
        for (int t = 0; t < T; t++)
            part(ctx, t);
        in_part = was;
        return;
    }
    pool.part = part;
    pool.ctx = ctx;
    pool.T = T;
    atomic_store_explicit(&pool.remaining, pool.workers, memory_order_relaxed);
    pthread_mutex_lock(&pool.lock);
    atomic_fetch_add_explicit(&pool.generation, 1, memory_order_acq_rel);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
    in_part = 1;
    part(ctx, 0);
    in_part = 0;
    for (int spins = 0; atomic_load_explicit(&pool.remaining, memory_order_acquire) > 0;) {
        if (++spins < SPIN_ROUNDS)
            CPU_RELAX();
        else
            sched_yield(); /* a worker lost its core: let it have this one */
    }
}
