/* test_train.c - learning, end to end: the seed's line-fitting analogy, XOR, reproducibility
 * from a seed, resuming from a checkpoint, and a small network on real MNIST. */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "nn/checkpoint.h"
#include "nn/idx.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/optim.h"
#include "nn/train.h"
#include "test.h"

TEST(one_linear_neuron_fits_a_line_like_linear_regression)
{
    /* y = theta0 + theta1 x is one neuron with weight theta1 and bias theta0 and no activation.
     * Stochastic gradient descent on the quadratic cost, one point at a time, recovers them. */
    SnError err;
    NnLayerSpec s[1] = {NN_DENSE(1, NN_ACT_LINEAR)};
    NnModel *m = nn_model_new(1, s, 1, &err);
    CHECK(m != NULL && nn_model_reserve(m, 1, &err) == 0);
    NnOptimConfig opt = nn_optim_defaults(NN_OPT_SGD);
    NnOptimState st;
    CHECK(nn_optim_state_init(&st, &opt, m->n_params, &err) == 0);
    NnRng rng;
    nn_rng_seed(&rng, 5);
    for (int step = 0; step < 4000; step++) {
        float x = 4.0f * nn_rng_uniform(&rng) - 2.0f; /* x in [-2, 2) */
        float y = 3.0f + 2.0f * x;
        const float *out = nn_model_forward(m, &x, 1);
        float dout;
        nn_quadratic_cost_targets(out, &y, &dout, 1, 1);
        nn_model_zero_grad(m);
        nn_model_backward(m, &x, &dout, 1, 0);
        nn_optim_step(NULL, &opt, &st, m->n_params, m->params, m->grads, 0.05f);
    }
    CHECK_NEAR(m->layers[0].bias[0], 3.0, 1e-2);   /* theta0 */
    CHECK_NEAR(m->layers[0].weight[0], 2.0, 1e-2); /* theta1 */
    nn_optim_state_free(&st);
    nn_model_free(m);
}

TEST(a_2_4_1_sigmoid_network_learns_xor_with_the_quadratic_cost)
{
    SnError err;
    NnLayerSpec s[2] = {NN_DENSE(4, NN_ACT_SIGMOID), NN_DENSE(1, NN_ACT_SIGMOID)};
    NnModel *m = nn_model_new(2, s, 2, &err);
    CHECK(m != NULL && nn_model_reserve(m, 4, &err) == 0);
    NnRng rng;
    nn_rng_seed(&rng, 1);
    nn_model_init(m, &rng);
    const float x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
    const float y[4] = {0, 1, 1, 0};
    NnOptimConfig opt = nn_optim_defaults(NN_OPT_SGD);
    NnOptimState st;
    CHECK(nn_optim_state_init(&st, &opt, m->n_params, &err) == 0);
    float cost = 1.0f, dout[4];
    for (int epoch = 0; epoch < 20000 && cost > 1e-3f; epoch++) {
        const float *out = nn_model_forward(m, x, 4);
        cost = nn_quadratic_cost_targets(out, y, dout, 4, 1);
        nn_model_zero_grad(m);
        nn_model_backward(m, x, dout, 4, 0);
        nn_optim_step(NULL, &opt, &st, m->n_params, m->params, m->grads, 2.0f);
    }
    const float *out = nn_model_forward(m, x, 4);
    for (int i = 0; i < 4; i++)
        CHECK(fabsf(out[i] - y[i]) < 0.1f);
    nn_optim_state_free(&st);
    nn_model_free(m);
}

/* A small synthetic 4x4 "image" data set: the label is the brightest quadrant. */
static void make_quadrants(NnDataset *ds, int n, uint64_t seed)
{
    NnRng rng;
    nn_rng_seed(&rng, seed);
    ds->n = n, ds->rows = 4, ds->cols = 4;
    ds->images = malloc((size_t)n * 16);
    ds->labels = malloc((size_t)n);
    for (int i = 0; i < n; i++) {
        int q = (int)nn_rng_below(&rng, 4);
        for (int p = 0; p < 16; p++) {
            int r = p / 4, c = p % 4, pq = (r / 2) * 2 + c / 2;
            ds->images[i * 16 + p] = (uint8_t)(nn_rng_below(&rng, 100) + (pq == q ? 120 : 0));
        }
        ds->labels[i] = (uint8_t)q;
    }
}

static NnModel *train_quadrants(const NnDataset *ds, uint64_t seed, NnOptimKind kind, int batch,
                                float *acc)
{
    SnError err;
    NnLayerSpec s[2] = {NN_DENSE(8, NN_ACT_RELU), NN_DENSE(4, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(16, s, 2, &err);
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(kind),
                         .batch_size = batch, .epochs = 3, .seed = seed};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    for (int e = 0; e < 3; e++)
        CHECK(nn_train_epoch(&t, ds, NULL, ds->n, NULL, NULL, NULL, &err) == 0);
    *acc = nn_evaluate(m, ds, NULL, ds->n, NULL, &err);
    nn_trainer_free(&t);
    return m;
}

TEST(the_same_seed_gives_bit_identical_weights)
{
    NnDataset ds;
    make_quadrants(&ds, 2000, 9);
    const NnOptimKind kinds[] = {NN_OPT_SGD, NN_OPT_MOMENTUM, NN_OPT_ADAM};
    for (int k = 0; k < 3; k++) {
        float a1, a2, a3;
        NnModel *m1 = train_quadrants(&ds, 77, kinds[k], 16, &a1);
        NnModel *m2 = train_quadrants(&ds, 77, kinds[k], 16, &a2);
        NnModel *m3 = train_quadrants(&ds, 78, kinds[k], 16, &a3);
        CHECK(memcmp(m1->params, m2->params, m1->n_params * sizeof(float)) == 0);
        CHECK(memcmp(m1->params, m3->params, m1->n_params * sizeof(float)) != 0);
        CHECK(a1 > 0.9f); /* and it did learn the task */
        nn_model_free(m1), nn_model_free(m2), nn_model_free(m3);
    }
    nn_dataset_free(&ds);
}

TEST(batch_of_one_is_pure_stochastic_gradient_descent_and_learns)
{
    NnDataset ds;
    make_quadrants(&ds, 1000, 10);
    float acc;
    NnModel *m = train_quadrants(&ds, 1, NN_OPT_SGD, 1, &acc);
    CHECK(acc > 0.9f);
    nn_model_free(m);
    nn_dataset_free(&ds);
}

TEST(trainer_refuses_cross_entropy_without_softmax)
{
    SnError err;
    NnLayerSpec s[1] = {NN_DENSE(4, NN_ACT_SIGMOID)};
    NnModel *m = nn_model_new(16, s, 1, &err);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 8, .epochs = 1};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) != 0);
    CHECK(strstr(err.msg, "softmax") != NULL);
    nn_trainer_free(&t);
    nn_model_free(m);
}

static int stop_after_two(void *user, int done, int total, float loss, float acc)
{
    (void)done, (void)total, (void)loss, (void)acc;
    return ++*(int *)user >= 2;
}

TEST(a_progress_callback_can_stop_an_epoch)
{
    NnDataset ds;
    make_quadrants(&ds, 100, 12);
    SnError err;
    NnLayerSpec s[1] = {NN_DENSE(4, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(16, s, 1, &err);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 10, .epochs = 1};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    int calls = 0;
    NnEpochStats st;
    CHECK(nn_train_epoch(&t, &ds, NULL, ds.n, stop_after_two, &calls, &st, &err) == 1);
    CHECK(st.samples == 20 && t.epoch == 0);
    nn_trainer_free(&t);
    nn_model_free(m);
    nn_dataset_free(&ds);
}

/* Stops the epoch once `left` more batches are done (never, when left starts at 0). */
static int stop_after(void *user, int done, int total, float loss, float acc)
{
    (void)done, (void)total, (void)loss, (void)acc;
    int *left = user;
    return *left > 0 && --*left == 0;
}

/* Trains the quadrant network of seed 3 for one epoch of batches of 10, stopping after two
 * batches and going on with batches of `then` (0: no change); returns the model. */
static NnModel *epoch_with_batch_change(NnDataset *ds, int then, NnEpochStats *st, int *online)
{
    SnError err;
    NnLayerSpec s[2] = {NN_DENSE(8, NN_ACT_SIGMOID), NN_DENSE(4, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(16, s, 2, &err);
    NnRng rng;
    nn_rng_seed(&rng, 3);
    nn_model_init(m, &rng);
    NnTrainConfig cfg = {.cost = NN_COST_QUADRATIC, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 10, .epochs = 1, .seed = 3};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    int left = 2;
    CHECK(nn_train_epoch(&t, ds, NULL, ds->n, stop_after, &left, st, &err) == 1);
    CHECK(st->samples == 20 && t.epoch == 0);
    if (then)
        CHECK(nn_trainer_set_batch(&t, then, &err) == 0);
    *online = t.online;
    CHECK(nn_train_epoch(&t, ds, NULL, ds->n, NULL, NULL, st, &err) == 0);
    CHECK(t.epoch == 1 && t.cfg.batch_size == (then ? then : 10));
    nn_trainer_free(&t);
    return m;
}

TEST(the_batch_size_changes_mid_epoch_and_the_epoch_goes_on)
{
    NnDataset ds;
    make_quadrants(&ds, 100, 12);
    NnEpochStats plain, same, one, big;
    int online;
    NnModel *a = epoch_with_batch_change(&ds, 0, &plain, &online);
    NnModel *b = epoch_with_batch_change(&ds, 10, &same, &online);
    /* the same size again changes nothing: bit-identical weights */
    CHECK(a && b && memcmp(a->params, b->params, a->n_params * sizeof(float)) == 0);
    CHECK(plain.samples == 100 && same.samples == 100);
    /* batch 1 with plain SGD is the one-sample step; the epoch still ends after its 100 */
    NnModel *c = epoch_with_batch_change(&ds, 1, &one, &online);
    CHECK(online == 1 && one.samples == 100);
    CHECK(c && memcmp(a->params, c->params, a->n_params * sizeof(float)) != 0);
    NnModel *d = epoch_with_batch_change(&ds, 25, &big, &online);
    CHECK(online == 0 && big.samples == 100);
    CHECK(d && memcmp(a->params, d->params, a->n_params * sizeof(float)) != 0);
    /* the one-sample step reports every 256 samples, or as often as asked */
    {
        SnError e2;
        NnLayerSpec s1[1] = {NN_DENSE(4, NN_ACT_SIGMOID)};
        NnModel *m1 = nn_model_new(16, s1, 1, &e2);
        NnTrainConfig c1 = {.cost = NN_COST_QUADRATIC, .opt = nn_optim_defaults(NN_OPT_SGD),
                            .batch_size = 1, .epochs = 1};
        NnTrainer t1;
        CHECK(m1 && nn_trainer_init(&t1, m1, &c1, &e2) == 0 && t1.online);
        int left = 1;
        NnEpochStats s;
        t1.online_every = 1;
        CHECK(nn_train_epoch(&t1, &ds, NULL, ds.n, stop_after, &left, &s, &e2) == 1);
        CHECK(s.samples == 1);
        t1.online_every = 0;
        left = 0; /* never stops: the epoch goes on from its second sample to its end */
        CHECK(nn_train_epoch(&t1, &ds, NULL, ds.n, stop_after, &left, &s, &e2) == 0);
        CHECK(s.samples == 100 && t1.epoch == 1);
        nn_trainer_free(&t1);
        nn_model_free(m1);
    }
    /* a size out of range is refused and leaves the trainer as it was */
    SnError err;
    NnTrainConfig cfg = {.cost = NN_COST_QUADRATIC, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 10, .epochs = 1};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, a, &cfg, &err) == 0);
    CHECK(nn_trainer_set_batch(&t, 0, &err) == SN_E_ARG && t.cfg.batch_size == 10);
    CHECK(strstr(err.msg, "batch size") != NULL);
    nn_trainer_free(&t);
    nn_model_free(a);
    nn_model_free(b);
    nn_model_free(c);
    nn_model_free(d);
    nn_dataset_free(&ds);
}

/* A quadrant network trained 3 epochs from seed 5: with dropout and Adam in batches of 16, or
 * (online) dense layers with plain SGD one sample at a time, the sparse one-sample step. */
static NnModel *resumable_model(NnTrainer *t, uint64_t init_seed, int online)
{
    SnError err;
    NnLayerSpec s[3] = {NN_DENSE(8, NN_ACT_RELU), {.type = NN_LAYER_DROPOUT, .rate = 0.25f},
                        NN_DENSE(4, NN_ACT_SOFTMAX)};
    if (online)
        s[1] = s[2];
    NnModel *m = nn_model_new(16, s, online ? 2 : 3, &err);
    NnRng rng;
    nn_rng_seed(&rng, init_seed);
    nn_model_init(m, &rng);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY,
                         .opt = nn_optim_defaults(online ? NN_OPT_SGD : NN_OPT_ADAM),
                         .batch_size = online ? 1 : 16, .epochs = 3, .seed = 5};
    CHECK(nn_trainer_init(t, m, &cfg, &err) == 0);
    CHECK(t->online == online);
    return m;
}

TEST(a_checkpoint_saved_mid_epoch_or_at_an_epoch_end_resumes_to_the_same_weights)
{
    char dir[] = "/tmp/scratchnet-test-train-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/run.checkpoint", dir);
    NnDataset ds;
    make_quadrants(&ds, 400, 21); /* 25 batches of 16 per epoch; online, progress at 256, 400 */
    SnError err;
    NnTrainer t;
    /* {finished epochs, then progress calls into the next (0: none)}: stopped at the end of
     * epoch 1, inside epoch 2, near the end of epoch 1, at the end of epoch 2 */
    const struct {
        int epochs, calls;
    } stops[2][5] = {{{1, 0}, {1, 7}, {1, 1}, {0, 24}, {2, 0}},
                     {{1, 0}, {1, 1}, {0, 1}, {2, 0}, {2, 1}}};
    for (int online = 0; online < 2; online++) {
        NnModel *whole = resumable_model(&t, 5, online);
        for (int e = 0; e < 3; e++)
            CHECK(nn_train_epoch(&t, &ds, NULL, ds.n, NULL, NULL, NULL, &err) == 0);
        nn_trainer_free(&t);
        for (int i = 0; i < 5; i++) {
            NnModel *m = resumable_model(&t, 5, online);
            for (int e = 0; e < stops[online][i].epochs; e++)
                CHECK(nn_train_epoch(&t, &ds, NULL, ds.n, NULL, NULL, NULL, &err) == 0);
            int left = stops[online][i].calls;
            if (left > 0)
                CHECK(nn_train_epoch(&t, &ds, NULL, ds.n, stop_after, &left, NULL, &err) == 1);
            if (stops[online][i].epochs == 2 && stops[online][i].calls == 0) {
                /* earlier versions kept the finished epoch's running sums: still resumable */
                t.pos_loss = 0.5 * ds.n;
                t.pos_correct = ds.n - 1;
            }
            CHECK(nn_checkpoint_save(path, &t, NULL, 0, &err) == 0);
            nn_trainer_free(&t);
            nn_model_free(m);
            /* a new process starts from other weights: everything must come from the file */
            m = resumable_model(&t, 99, online);
            int rc = nn_checkpoint_load(path, &t, NULL, 0, &err);
            CHECK(rc == 0);
            if (rc != 0)
                printf("online %d, stop %d: %s\n", online, i, err.msg);
            CHECK(t.epoch == stops[online][i].epochs);
            while (rc == 0 && t.epoch < 3)
                CHECK(nn_train_epoch(&t, &ds, NULL, ds.n, NULL, NULL, NULL, &err) == 0);
            CHECK(memcmp(m->params, whole->params, m->n_params * sizeof(float)) == 0);
            nn_trainer_free(&t);
            nn_model_free(m);
        }
        nn_model_free(whole);
    }
    nn_dataset_free(&ds);
    unlink(path);
    rmdir(dir);
}

/* A 2-pixel "image" set for hand computation: 255,0 and 0,255 (x = pixel / 255 = one-hot). */
static void make_two_pixel_set(NnDataset *ds, int n, const uint8_t *first, const uint8_t *labels)
{
    ds->n = n, ds->rows = 1, ds->cols = 2;
    ds->images = malloc((size_t)n * 2);
    ds->labels = malloc((size_t)n);
    for (int i = 0; i < n; i++) {
        ds->images[2 * i] = first[i] ? 255 : 0;
        ds->images[2 * i + 1] = first[i] ? 0 : 255;
        ds->labels[i] = labels[i];
    }
}

/* softmax(W x + b) with W the 2 x 2 identity and b = 0, or NULL. */
static NnModel *identity_softmax(void)
{
    NnLayerSpec s[1] = {NN_DENSE(2, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(2, s, 1, NULL);
    if (m) {
        m->layers[0].weight[0] = 1, m->layers[0].weight[1] = 0;
        m->layers[0].weight[2] = 0, m->layers[0].weight[3] = 1;
        m->layers[0].bias[0] = m->layers[0].bias[1] = 0;
    }
    return m;
}

/* The identity softmax and a 2-pixel set of n samples to evaluate it on; NULL (a failed check)
 * when the model could not be made, and then no set either. */
static NnModel *identity_softmax_on(NnDataset *ds, int n, const uint8_t *first,
                                    const uint8_t *labels)
{
    NnModel *m = identity_softmax();
    CHECK(m != NULL);
    if (m)
        make_two_pixel_set(ds, n, first, labels);
    return m;
}

/* The identity softmax on the hand-computed samples A = (1,0) labelled 0, B = (0,1) labelled 1
 * and C = (1,0) labelled 1; NULL (a failed check) when the model could not be made. */
static NnModel *identity_softmax_on_abc(NnDataset *ds)
{
    const uint8_t first[3] = {1, 0, 1}, labels[3] = {0, 1, 1};
    return identity_softmax_on(ds, 3, first, labels);
}

TEST(evaluate_loss_gives_the_hand_computed_mean_cost_and_accuracy)
{
    /* softmax(W x) with W = identity, b = 0: the input (1, 0) gives logits (1, 0) and
     * p = (e/(e+1), 1/(e+1)) = (0.731059, 0.268941); (0, 1) gives the mirror image. Samples:
     * A = (1,0) labelled 0 (right), B = (0,1) labelled 1 (right), C = (1,0) labelled 1 (wrong).
     *   cross-entropy: A, B: -log 0.731059 = 0.313262; C: -log 0.268941 = 1.313262
     *   quadratic: A, B: (0.268941^2 + 0.268941^2) / 2 = 0.072329; C: 0.731059^2 = 0.534447 */
    SnError err;
    NnDataset ds;
    NnModel *m = identity_softmax_on_abc(&ds);
    if (!m)
        return;
    float loss = -1, acc = -1;
    CHECK(nn_evaluate_loss(m, &ds, NULL, 3, NN_COST_CROSS_ENTROPY, &loss, &acc, &err) == 0);
    CHECK_NEAR(loss, (0.313262 + 0.313262 + 1.313262) / 3, 1e-5);
    CHECK_NEAR(acc, 2.0 / 3.0, 1e-7);
    CHECK(nn_evaluate_loss(m, &ds, NULL, 3, NN_COST_QUADRATIC, &loss, &acc, &err) == 0);
    CHECK_NEAR(loss, (0.072329 + 0.072329 + 0.534447) / 3, 1e-5);
    CHECK_NEAR(acc, 2.0 / 3.0, 1e-7);
    /* a subset: C alone is all wrong */
    const int only_c[1] = {2};
    CHECK(nn_evaluate_loss(m, &ds, only_c, 1, NN_COST_CROSS_ENTROPY, &loss, &acc, &err) == 0);
    CHECK_NEAR(loss, 1.313262, 1e-5);
    CHECK(acc == 0.0f);
    /* it agrees with nn_evaluate */
    CHECK_NEAR(nn_evaluate(m, &ds, NULL, 3, NULL, &err), 2.0 / 3.0, 1e-7);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

TEST(samples_of_no_class_train_towards_uniform_and_leave_the_accuracy_to_the_labelled)
{
    /* the identity softmax on A = (1,0) labelled 0, B = (0,1) labelled 1 (both right, each
     * cost 0.313262) and the same two inputs of no class, each costing
     * -(log 0.731059 + log 0.268941) / 2 = 0.813262. A tiny step leaves the outputs as they
     * are: the epoch's loss is the mean of the four, its accuracy 2 of the 2 labelled. */
    SnError err;
    const uint8_t first[4] = {1, 0, 1, 0}, labels[4] = {0, 1, NN_NO_CLASS, NN_NO_CLASS};
    NnDataset ds;
    make_two_pixel_set(&ds, 4, first, labels);
    for (int batch = 1; batch <= 4; batch += 3) { /* the one-sample step and the batched one */
        NnModel *m = identity_softmax();
        NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_SGD),
                             .batch_size = batch, .epochs = 1, .seed = 1};
        cfg.opt.lr = 1e-6f;
        NnTrainer t;
        NnEpochStats st;
        CHECK(m != NULL && nn_trainer_init(&t, m, &cfg, &err) == 0);
        CHECK(nn_train_epoch(&t, &ds, NULL, 4, NULL, NULL, &st, &err) == 0);
        CHECK_NEAR(st.loss, (2 * 0.313262 + 2 * 0.813262) / 4, 1e-5);
        CHECK(st.accuracy == 1.0f);
        nn_trainer_free(&t);
        nn_model_free(m);
    }
    /* trained on the no-class samples alone, the confident outputs flatten towards (1/2, 1/2) */
    NnDataset none;
    make_two_pixel_set(&none, 2, first + 2, labels + 2);
    NnModel *m = identity_softmax();
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 2, .epochs = 50, .seed = 1};
    cfg.opt.lr = 0.5f;
    NnTrainer t;
    NnEpochStats st;
    CHECK(m != NULL && nn_trainer_init(&t, m, &cfg, &err) == 0);
    float before = 0, after = 0;
    for (int e = 0; e < 50; e++) {
        CHECK(nn_train_epoch(&t, &none, NULL, 2, NULL, NULL, &st, &err) == 0);
        if (e == 0)
            before = st.loss;
        after = st.loss;
    }
    CHECK(st.accuracy == 0.0f); /* no labelled sample: nothing to count */
    CHECK_NEAR(before, 0.813262, 1e-5);
    CHECK(after < 0.70f && after >= logf(2.0f) - 1e-6f); /* log 2: exactly uniform */
    const float x[2] = {1, 0};
    const float *p = nn_model_forward(m, x, 1);
    CHECK(p[0] < 0.56f && p[0] > 0.5f);
    nn_trainer_free(&t);
    nn_model_free(m);
    nn_dataset_free(&none);
    nn_dataset_free(&ds);
}

TEST(evaluate_loss_weighs_every_sample_once_across_batches)
{
    /* 600 samples go in batches of 256, 256 and 88: 500 like A (right), then 100 like C (wrong).
     * The mean over samples is (500 * 0.313262 + 100 * 1.313262) / 600 = 0.479929; averaging
     * the three batch means instead would give (0.313262 + 0.313262 + 0.450626) / 3. */
    SnError err;
    uint8_t first[600], labels[600];
    for (int i = 0; i < 600; i++)
        first[i] = 1, labels[i] = i < 500 ? 0 : 1;
    NnDataset ds;
    NnModel *m = identity_softmax_on(&ds, 600, first, labels);
    if (!m)
        return;
    float loss = -1, acc = -1;
    CHECK(nn_evaluate_loss(m, &ds, NULL, 600, NN_COST_CROSS_ENTROPY, &loss, &acc, &err) == 0);
    CHECK_NEAR(loss, (500 * 0.313262 + 100 * 1.313262) / 600, 1e-5);
    CHECK_NEAR(acc, 500.0 / 600.0, 1e-7);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

TEST(evaluate_counts_a_refusal_as_an_error_and_counts_the_refusals)
{
    /* the set of the hand-computed test: A and B right with top probability 0.731059, C wrong
     * with the same top probability. A rule refusing below 0.7 refuses none of them; one
     * refusing below 0.75 refuses all three, and a refused answer is no right answer. */
    SnError err;
    NnDataset ds;
    NnModel *m = identity_softmax_on_abc(&ds);
    if (!m)
        return;
    uint8_t pred[3];
    NnEvalDetail d = {.pred = pred, .refused = -1};
    m->info.refuse_below = 0.7f;
    CHECK_NEAR(nn_evaluate(m, &ds, NULL, 3, &d, &err), 2.0 / 3.0, 1e-7);
    CHECK(d.refused == 0);
    m->info.refuse_below = 0.75f;
    CHECK(nn_evaluate(m, &ds, NULL, 3, &d, &err) == 0.0f);
    CHECK(d.refused == 3);
    CHECK(pred[0] == 0 && pred[1] == 1 && pred[2] == 0); /* the top classes all the same */
    CHECK(nn_evaluate(m, &ds, NULL, 3, NULL, &err) == 0.0f);
    const int only_b[1] = {1};
    d = (NnEvalDetail){.refused = -1};
    CHECK(nn_evaluate(m, &ds, only_b, 1, &d, &err) == 0.0f);
    CHECK(d.refused == 1);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

TEST(evaluate_loss_refuses_cross_entropy_without_softmax_and_bad_labels)
{
    SnError err;
    NnLayerSpec s[1] = {NN_DENSE(2, NN_ACT_SIGMOID)};
    NnModel *m = nn_model_new(2, s, 1, &err);
    NnDataset ds;
    const uint8_t first[2] = {1, 0}, labels[2] = {0, 5};
    make_two_pixel_set(&ds, 2, first, labels);
    float loss, acc;
    CHECK(nn_evaluate_loss(m, &ds, NULL, 1, NN_COST_CROSS_ENTROPY, &loss, &acc, &err) < 0);
    CHECK(strstr(err.msg, "softmax") != NULL);
    CHECK(nn_evaluate_loss(m, &ds, NULL, 2, NN_COST_QUADRATIC, &loss, &acc, &err) < 0);
    CHECK(strstr(err.msg, "label 5") != NULL);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

/* Finite weights can overflow on some inputs: W = [[3e38, 0], [0, 1]], b = (3e38, 0) gives the
 * logit 3e38 + 3e38 = inf for (1, 0) (softmax then NaN) and (3e38, 1), finite, for (0, 1).
 * Evaluation goes on over every sample (a diverged training run is still measured) and counts
 * the samples whose outputs are not finite numbers, so that a caller can refuse the figure. */
TEST(evaluate_counts_the_samples_whose_outputs_are_not_finite)
{
    SnError err;
    enum { N = 300 }; /* more than one evaluation batch */
    uint8_t first[N], labels[N];
    int overflowing = 0;
    for (int i = 0; i < N; i++) {
        first[i] = i % 3 == 0, labels[i] = 0;
        overflowing += first[i];
    }
    NnDataset ds;
    NnModel *m = identity_softmax_on(&ds, N, first, labels);
    if (!m)
        return;
    m->layers[0].weight[0] = 3e38f, m->layers[0].bias[0] = 3e38f;
    uint8_t pred[N];
    NnEvalDetail d = {.pred = pred, .nonfinite = -1};
    float acc = nn_evaluate(m, &ds, NULL, N, &d, &err);
    CHECK(acc >= 0.0f);
    CHECK(d.nonfinite == overflowing);
    /* a subset of finite samples only */
    const int finite_only[2] = {1, 2};
    d = (NnEvalDetail){0};
    CHECK(nn_evaluate(m, &ds, finite_only, 2, &d, &err) >= 0.0f);
    CHECK(d.nonfinite == 0);
    /* the count is optional */
    CHECK(nn_evaluate(m, &ds, NULL, N, NULL, &err) >= 0.0f);
    /* sane weights: none */
    m->layers[0].weight[0] = 1, m->layers[0].bias[0] = 0;
    d = (NnEvalDetail){.nonfinite = -1};
    CHECK_NEAR(nn_evaluate(m, &ds, NULL, N, &d, &err), overflowing / (double)N, 1e-6);
    CHECK(d.nonfinite == 0);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

/* With a refusal rule a refused sample counts as wrong, is answered with class n_out (its top
 * class is kept apart), and is counted.
 * W = diag(2, 1), b = 0: (1, 0) gives logits (2, 0), top p = e^2 / (e^2 + 1) = 0.880797;
 * (0, 1) gives (0, 1), top p = e / (e + 1) = 0.731059. Below 0.8 only the second is refused.
 * Samples: A (1,0) label 0 right; B (0,1) label 1 right but refused; C (1,0) label 1 wrong;
 * D (0,1) label 0 wrong and refused. */
TEST(evaluate_counts_a_refusal_by_the_model_rule_as_wrong)
{
    SnError err;
    NnDataset ds;
    const uint8_t first[4] = {1, 0, 1, 0}, labels[4] = {0, 1, 1, 0};
    NnModel *m = identity_softmax_on(&ds, 4, first, labels);
    if (!m)
        return;
    m->layers[0].weight[0] = 2;
    uint8_t pred[4], answer[4];
    float top[4];
    NnEvalDetail d = {.pred = pred, .answer = answer, .top = top};
    CHECK_NEAR(nn_evaluate(m, &ds, NULL, 4, &d, &err), 2.0 / 4.0, 0); /* no rule */
    CHECK(d.refused == 0 && answer[0] == 0 && answer[1] == 1 && answer[2] == 0 && answer[3] == 1);
    CHECK(memcmp(pred, answer, sizeof pred) == 0);
    CHECK_NEAR(top[0], 0.880797, 1e-6);
    CHECK_NEAR(top[1], 0.731059, 1e-6);
    m->info.refuse_below = 0.8f;
    CHECK_NEAR(nn_evaluate(m, &ds, NULL, 4, &d, &err), 1.0 / 4.0, 0);
    CHECK(d.refused == 2 && d.nonfinite == 0);
    CHECK(answer[0] == 0 && answer[1] == 2 && answer[2] == 0 && answer[3] == 2);
    CHECK(pred[0] == 0 && pred[1] == 1 && pred[2] == 0 && pred[3] == 1);
    CHECK_NEAR(top[2], 0.880797, 1e-6);
    CHECK_NEAR(top[3], 0.731059, 1e-6);
    /* the same decision as one answer's (nn_model_refuses) */
    const float pa[2] = {top[0], 1.0f - top[0]}, pb[2] = {1.0f - top[1], top[1]};
    CHECK(nn_model_refuses(m, pa) == 0 && nn_model_refuses(m, pb) == 1);
    /* and counted as wrong by the loss-and-accuracy pass too */
    float loss, acc;
    CHECK(nn_evaluate_loss(m, &ds, NULL, 4, NN_COST_CROSS_ENTROPY, &loss, &acc, &err) == 0);
    CHECK_NEAR(acc, 1.0 / 4.0, 0);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

TEST(a_784_64_10_network_reaches_90_percent_on_mnist_after_one_epoch)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    const char *require = getenv("SCRATCHNET_REQUIRE_DATA");
    NnDataset train = {0}, test = {0};
    SnError err;
    if (!dir || nn_dataset_load_mnist(dir, "train", 10, &train, &err) != 0 ||
        nn_dataset_load_mnist(dir, "t10k", 10, &test, &err) != 0) {
        if (require && strcmp(require, "1") == 0) {
            printf("MNIST is required but could not be loaded: %s\n",
                   dir ? err.msg : "SCRATCHNET_MNIST_DIR is not set");
            CHECK(!"MNIST data present");
        } else {
            SKIP("MNIST not found: run scripts/setup to fetch it");
        }
        nn_dataset_free(&train);
        nn_dataset_free(&test);
        return;
    }
    NnLayerSpec s[2] = {NN_DENSE(64, NN_ACT_RELU), NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(784, s, 2, &err);
    NnPool *pool = nn_pool_new(0, &err); /* as `scratchnet train` runs it */
    nn_model_set_pool(m, pool);
    NnRng rng;
    nn_rng_seed(&rng, 1);
    nn_model_init(m, &rng);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_MOMENTUM),
                         .batch_size = 32, .epochs = 1, .seed = 1};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    CHECK(nn_train_epoch(&t, &train, NULL, 10000, NULL, NULL, NULL, &err) == 0);
    float acc = nn_evaluate(m, &test, NULL, test.n, NULL, &err);
    printf("MNIST test accuracy after 1 epoch on 10,000 images: %.2f%%\n", 100.0 * (double)acc);
    CHECK(acc >= 0.90f);
    nn_trainer_free(&t);
    nn_model_free(m);
    nn_pool_free(pool);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
}

/* A checkpoint that is not a regular file is refused with one line saying what it is, and a
 * FIFO without waiting for a writer. */
TEST(a_checkpoint_that_is_not_a_regular_file_is_refused)
{
    NnTrainer t = {0};
    NnModel *m = resumable_model(&t, 5, 0);
    SnError err = {0};
    CHECK(nn_checkpoint_load("/tmp", &t, NULL, 0, &err) != 0);
    CHECK(strcmp(err.msg, "/tmp: not a regular file (a directory)") == 0);
    char fifo[] = "/tmp/scratchnet-ckpt-fifo-XXXXXX";
    int fd = mkstemp(fifo);
    CHECK(fd >= 0);
    if (fd >= 0) {
        close(fd);
        unlink(fifo);
        CHECK(mkfifo(fifo, 0600) == 0);
        CHECK(nn_checkpoint_load(fifo, &t, NULL, 0, &err) != 0);
        CHECK(strstr(err.msg, "not a regular file (a FIFO)") != NULL);
        unlink(fifo);
    }
    nn_trainer_free(&t);
    nn_model_free(m);
}

/* A checkpoint whose magic line names another format version is refused with one line saying
 * where it comes from: an older version (whose record was laid out otherwise), a newer one. */
TEST(a_checkpoint_of_another_format_version_is_refused_with_one_line)
{
    char dir[] = "/tmp/scratchnet-test-train-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/ck.bin", dir);
    NnTrainer t = {0};
    NnModel *m = resumable_model(&t, 5, 0);
    SnError err = {0};
    const char extra[] = "the caller's record";
    char back[sizeof extra];
    CHECK(nn_checkpoint_save(path, &t, extra, sizeof extra, &err) == 0);
    CHECK(nn_checkpoint_load(path, &t, back, sizeof back, &err) == 0);
    CHECK(memcmp(back, extra, sizeof extra) == 0);
    const struct {
        char version;
        const char *msg;
    } cases[] = {
        {'1', "checkpoint from an older version of scratchnet; start the run again without "
              "--resume"},
        {'3', "checkpoint from a newer version of scratchnet, which this one cannot read"},
    };
    const char magic[] = "scratchnet checkpoint 2\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "r+b");
        char head[sizeof magic - 1];
        CHECK(f && fread(head, 1, sizeof head, f) == sizeof head);
        if (!f)
            break;
        head[sizeof magic - 3] = '2'; /* the version this test wrote first */
        CHECK(memcmp(head, magic, sizeof head) == 0);
        fseek(f, (long)sizeof magic - 3, SEEK_SET); /* the version digit */
        fputc(cases[i].version, f);
        fclose(f);
        char want[600];
        snprintf(want, sizeof want, "%s: %s", path, cases[i].msg);
        CHECK(nn_checkpoint_load(path, &t, back, sizeof back, &err) == SN_E_FORMAT);
        CHECK(strcmp(err.msg, want) == 0);
        if (strcmp(err.msg, want) != 0)
            printf("got: %s\n", err.msg);
    }
    nn_trainer_free(&t);
    nn_model_free(m);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    RUN(one_linear_neuron_fits_a_line_like_linear_regression);
    RUN(a_2_4_1_sigmoid_network_learns_xor_with_the_quadratic_cost);
    RUN(the_same_seed_gives_bit_identical_weights);
    RUN(batch_of_one_is_pure_stochastic_gradient_descent_and_learns);
    RUN(trainer_refuses_cross_entropy_without_softmax);
    RUN(a_progress_callback_can_stop_an_epoch);
    RUN(the_batch_size_changes_mid_epoch_and_the_epoch_goes_on);
    RUN(a_checkpoint_saved_mid_epoch_or_at_an_epoch_end_resumes_to_the_same_weights);
    RUN(a_checkpoint_that_is_not_a_regular_file_is_refused);
    RUN(a_checkpoint_of_another_format_version_is_refused_with_one_line);
    RUN(evaluate_loss_gives_the_hand_computed_mean_cost_and_accuracy);
    RUN(evaluate_loss_weighs_every_sample_once_across_batches);
    RUN(samples_of_no_class_train_towards_uniform_and_leave_the_accuracy_to_the_labelled);
    RUN(evaluate_loss_refuses_cross_entropy_without_softmax_and_bad_labels);
    RUN(evaluate_counts_the_samples_whose_outputs_are_not_finite);
    RUN(evaluate_counts_a_refusal_as_an_error_and_counts_the_refusals);
    RUN(evaluate_counts_a_refusal_by_the_model_rule_as_wrong);
    RUN(a_784_64_10_network_reaches_90_percent_on_mnist_after_one_epoch);
    return test_main_result();
}
