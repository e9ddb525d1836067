/* test_threads.c - pools of worker threads: every part runs once, loops inside parts and on a
 * busy pool run on the calling thread, a forked child starts its pool again, and two networks
 * on two pools (training one, classifying with the other) run at once with the bits they give
 * one after the other. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nn/model.h"
#include "nn/threads.h"
#include "nn/train.h"
#include "test.h"

#define PARTS 4

typedef struct Loop {
    NnPool *inner;              /* the pool a part's own loop asks for */
    atomic_int runs[PARTS];     /* times each part ran */
    atomic_int inner_runs;      /* parts of the loops inside parts */
    atomic_int inner_elsewhere; /* of those, parts run by another thread than their caller */
    atomic_int outside;         /* parts that found nn_in_parallel() false */
    pthread_t by[PARTS];        /* the thread that ran each part */
} Loop;

typedef struct Inner {
    Loop *loop;
    pthread_t caller;
} Inner;

static void inner_part(void *ctx, int t)
{
    (void)t;
    Inner *in = ctx;
    atomic_fetch_add(&in->loop->inner_runs, 1);
    if (!pthread_equal(in->caller, pthread_self()))
        atomic_fetch_add(&in->loop->inner_elsewhere, 1);
}

static void part(void *ctx, int t)
{
    Loop *l = ctx;
    atomic_fetch_add(&l->runs[t], 1);
    l->by[t] = pthread_self();
    if (!nn_in_parallel())
        atomic_fetch_add(&l->outside, 1);
    if (l->inner) {
        Inner in = {l, pthread_self()};
        nn_parallel(l->inner, 2, inner_part, &in);
    }
}

static int each_part_ran_once(Loop *l, int T)
{
    int ok = atomic_load(&l->outside) == 0;
    for (int t = 0; t < PARTS; t++)
        ok &= atomic_load(&l->runs[t]) == (t < T);
    return ok;
}

TEST(a_loop_runs_each_part_once_and_loops_inside_parts_on_the_calling_thread)
{
    SnError err = {0};
    NnPool *pool = nn_pool_new(PARTS, &err), *other = nn_pool_new(2, &err);
    CHECK(pool && other && nn_pool_threads(pool) == PARTS && nn_pool_threads(NULL) == 1);
    for (int round = 0; round < 50; round++) {
        Loop l = {.inner = round % 2 ? other : pool};
        nn_parallel(pool, PARTS, part, &l);
        CHECK(each_part_ran_once(&l, PARTS));
        CHECK(atomic_load(&l.inner_runs) == 2 * PARTS && atomic_load(&l.inner_elsewhere) == 0);
        CHECK(!nn_in_parallel());
    }
    Loop l = {0};
    nn_parallel(pool, 3, part, &l); /* fewer parts than threads */
    CHECK(each_part_ran_once(&l, 3));
    nn_pool_free(pool);
    nn_pool_free(other);
    nn_pool_free(NULL);
}

TEST(a_null_pool_runs_the_parts_on_the_calling_thread)
{
    Loop l = {0};
    nn_parallel(NULL, PARTS, part, &l);
    CHECK(each_part_ran_once(&l, PARTS));
    for (int t = 0; t < PARTS; t++)
        CHECK(pthread_equal(l.by[t], pthread_self()));
}

TEST(a_forked_child_starts_its_pool_again)
{
    const char *sanitize = getenv("SCRATCHNET_SANITIZE");
    if (sanitize && strstr(sanitize, "thread")) {
        SKIP("the thread sanitizer does not follow threads started after a fork");
        return;
    }
    NnPool *pool = nn_pool_new(2, NULL);
    Loop l = {0};
    nn_parallel(pool, 2, part, &l); /* the worker starts */
    CHECK(each_part_ran_once(&l, 2));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(20); /* a loop waiting for a worker the child does not have would hang */
        Loop c = {0};
        nn_parallel(pool, 2, part, &c);
        int ok = each_part_ran_once(&c, 2) && !pthread_equal(c.by[1], pthread_self());
        nn_pool_free(pool);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    nn_pool_free(pool);
}

/* ---- two networks at once --------------------------------------------------------------- */

#define SAMPLES  256
#define PREDICTS 64

/* Images of noise with a bright square whose place depends on the label: enough to learn. */
static void make_data(NnDataset *ds)
{
    ds->n = SAMPLES, ds->rows = 28, ds->cols = 28;
    ds->images = malloc((size_t)SAMPLES * 784);
    ds->labels = malloc(SAMPLES);
    NnRng rng;
    nn_rng_seed(&rng, 7);
    for (int i = 0; i < SAMPLES; i++) {
        uint8_t *img = ds->images + (size_t)i * 784;
        ds->labels[i] = (uint8_t)nn_rng_below(&rng, 10);
        for (int p = 0; p < 784; p++)
            img[p] = (uint8_t)nn_rng_below(&rng, 64);
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 6; x++)
                img[(2 + 2 * ds->labels[i] + y) * 28 + 4 + x + y] = 255;
    }
}

typedef struct Job {
    NnPool *pool;
    const NnDataset *ds;
    int train;     /* 1: train a small CNN; 0: classify with an MLP */
    float *result; /* the trained parameters, or every output */
    size_t n;      /* floats in result */
    int ok;
} Job;

static NnModel *model(const char *spec, uint64_t seed, NnPool *pool)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    int n = nn_spec_parse(spec, &in, specs, NULL);
    NnModel *m = n > 0 ? nn_model_new_shape(in, specs, n, NULL) : NULL;
    if (!m)
        return NULL;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    nn_model_set_pool(m, pool);
    return m;
}

/* Four Adam steps of batch 64: convolutions, products, activations, pooling, the optimiser
 * and the conversion of the images are all large enough to be shared out. */
static void train_job(Job *j)
{
    NnModel *m = model("1x28x28,conv8x5:relu,pool,128:relu,10:softmax", 1, j->pool);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY,
                         .opt = nn_optim_defaults(NN_OPT_ADAM),
                         .batch_size = 64,
                         .epochs = 1,
                         .seed = 3};
    NnTrainer t = {0};
    j->ok = m && nn_trainer_init(&t, m, &cfg, NULL) == 0 &&
            nn_train_epoch(&t, j->ds, NULL, SAMPLES, NULL, NULL, NULL, NULL) == 0;
    j->n = m ? m->n_params : 0;
    j->result = j->ok ? malloc(j->n * sizeof *j->result) : NULL;
    if (j->result)
        memcpy(j->result, m->params, j->n * sizeof *j->result);
    nn_trainer_free(&t);
    nn_model_free(m);
}

/* The whole set in batches of 128, then images one at a time as the app classifies them. */
static void classify_job(Job *j)
{
    NnModel *m = model("784,256:relu,10:softmax", 2, j->pool);
    j->n = (size_t)(SAMPLES + PREDICTS) * 10;
    j->result = malloc(j->n * sizeof *j->result);
    float *x = malloc((size_t)128 * 784 * sizeof *x);
    j->ok = m && j->result && x && nn_model_reserve(m, 128, NULL) == 0;
    for (int b = 0; j->ok && b < SAMPLES; b += 128) {
        nn_pixels_to_input(j->ds->images + (size_t)b * 784, (size_t)128 * 784, m->info.in_scale,
                           m->info.in_offset, x);
        memcpy(j->result + (size_t)b * 10, nn_model_forward(m, x, 128), 128 * 10 * sizeof *x);
    }
    j->ok = j->ok && nn_model_freeze(m, NULL) == 0;
    for (int i = 0; j->ok && i < PREDICTS; i++) {
        nn_pixels_to_input(j->ds->images + (size_t)i * 784, 784, m->info.in_scale,
                           m->info.in_offset, x);
        j->ok = nn_model_predict(m, x, j->result + (size_t)(SAMPLES + i) * 10) >= 0;
    }
    free(x);
    nn_model_free(m);
}

static void *run_job(void *arg)
{
    Job *j = arg;
    if (j->train)
        train_job(j);
    else
        classify_job(j);
    return NULL;
}

static int same(const Job *a, const Job *b)
{
    return a->ok && b->ok && a->n == b->n &&
           memcmp(a->result, b->result, a->n * sizeof *a->result) == 0;
}

/* Runs the two jobs at once, on pools a and b, and compares them with the jobs run in turn. */
static int at_once_as_in_turn(NnPool *a, NnPool *b, const Job *turn, const NnDataset *ds)
{
    Job now[2] = {{a, ds, 1, NULL, 0, 0}, {b, ds, 0, NULL, 0, 0}};
    pthread_t th[2];
    int ok = 1;
    for (int i = 0; i < 2; i++)
        ok &= pthread_create(&th[i], NULL, run_job, &now[i]) == 0;
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++) {
        ok &= same(&now[i], &turn[i]);
        free(now[i].result);
    }
    return ok;
}

TEST(training_and_classifying_at_once_give_the_bits_of_running_them_in_turn)
{
    NnDataset ds = {0};
    make_data(&ds);
    NnPool *a = nn_pool_new(0, NULL), *b = nn_pool_new(0, NULL);
    CHECK(a && b && nn_pool_threads(a) == 2);
    Job turn[2] = {{a, &ds, 1, NULL, 0, 0}, {b, &ds, 0, NULL, 0, 0}};
    run_job(&turn[0]);
    run_job(&turn[1]);
    CHECK(turn[0].ok && turn[1].ok);
    for (int round = 0; round < 3; round++)
        CHECK(at_once_as_in_turn(a, b, turn, &ds));
    /* both on one pool: whichever finds it busy runs its parts itself, with the same bits */
    CHECK(at_once_as_in_turn(a, a, turn, &ds));
    for (int i = 0; i < 2; i++)
        free(turn[i].result);
    nn_pool_free(a);
    nn_pool_free(b);
    nn_dataset_free(&ds);
}

int main(void)
{
    setenv("SCRATCHNET_THREADS", "2", 1); /* two threads per pool, on any machine */
    RUN(a_loop_runs_each_part_once_and_loops_inside_parts_on_the_calling_thread);
    RUN(a_null_pool_runs_the_parts_on_the_calling_thread);
    RUN(a_forked_child_starts_its_pool_again);
    RUN(training_and_classifying_at_once_give_the_bits_of_running_them_in_turn);
    return test_main_result();
}
