/* test_online.c - the one-sample SGD step (nn/online.c) takes the same step as the batch path:
 * forward, backward into gradients, then nn_optim_step with plain SGD. Checked on small MLPs
 * with sparse inputs (many exact zeros, as blank pixels are), for both costs, and for weights
 * that must not move at all.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/act.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/online.h"
#include "nn/optim.h"
#include "nn/train.h"
#include "test.h"

#define N_IN 40

/* An input with about half its values exactly zero, the rest in (0, 1]. */
static void sparse_input(NnRng *rng, float *x)
{
    for (int i = 0; i < N_IN; i++) {
        float u = nn_rng_uniform(rng);
        x[i] = u < 0.5f ? 0.0f : u;
    }
}

static NnModel *make(NnAct hidden, NnAct out_act, uint64_t seed)
{
    SnError err = {0};
    NnLayerSpec s[3] = {NN_DENSE(16, hidden), NN_DENSE(12, hidden), NN_DENSE(5, out_act)};
    NnModel *m = nn_model_new(N_IN, s, 3, &err);
    if (!m)
        return NULL;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    if (nn_model_reserve(m, 1, &err) != 0) {
        nn_model_free(m);
        return NULL;
    }
    return m;
}

/* The reference: the batch path with n = 1. */
static float batch_step(NnModel *m, const float *x, uint8_t label, NnCost cost, float lr)
{
    NnOptimConfig cfg = nn_optim_defaults(NN_OPT_SGD);
    float dout[8];
    const float *out = nn_model_forward(m, x, 1);
    nn_model_zero_grad(m);
    float loss;
    if (cost == NN_COST_CROSS_ENTROPY) {
        loss = nn_softmax_cross_entropy(out, &label, dout, 1, m->n_out);
        nn_model_backward(m, x, dout, 1, 1);
    } else {
        loss = nn_quadratic_cost(out, &label, dout, 1, m->n_out);
        nn_model_backward(m, x, dout, 1, 0);
    }
    nn_optim_step(NULL, &cfg, NULL, m->n_params, m->params, m->grads, lr);
    return loss;
}

/* 200 steps side by side from the same weights: every loss and, at the end, every parameter
 * agree to rounding (the two sum in different orders). */
static void compare(NnAct hidden, NnAct out_act, NnCost cost, float lr)
{
    NnModel *a = make(hidden, out_act, 7), *b = make(hidden, out_act, 7);
    CHECK(a && b);
    if (!a || !b) {
        nn_model_free(a);
        nn_model_free(b);
        return;
    }
    NnOnline o;
    SnError err = {0};
    CHECK(nn_online_init(&o, b, &err) == 0);
    NnRng rng;
    nn_rng_seed(&rng, 3);
    nn_online_begin(&o, b);
    float x[N_IN];
    double worst_loss = 0.0, worst_param = 0.0, moved = 0.0;
    for (int step = 0; step < 200; step++) {
        sparse_input(&rng, x);
        uint8_t label = (uint8_t)(nn_rng_u32(&rng) % 5);
        float la = batch_step(a, x, label, cost, lr);
        int right;
        float lb = nn_online_step(&o, b, x, label, cost, lr, &right);
        double d = fabs((double)la - (double)lb) / (fabs((double)la) + 1e-3);
        worst_loss = d > worst_loss ? d : worst_loss;
    }
    nn_online_end(&o, b);
    NnModel *fresh = make(hidden, out_act, 7);
    for (size_t i = 0; i < a->n_params; i++) {
        double d = fabs((double)a->params[i] - (double)b->params[i]);
        worst_param = d > worst_param ? d : worst_param;
        double mv = fabs((double)a->params[i] - (double)fresh->params[i]);
        moved = mv > moved ? mv : moved;
    }
    printf("  %s/%s, %s: largest loss difference %.2g (relative), parameter difference %.2g, "
           "largest change in training %.2g\n",
           nn_act_name(hidden), nn_act_name(out_act), nn_cost_name(cost), worst_loss, worst_param,
           moved);
    CHECK(moved > 0.05);         /* training did move the weights */
    CHECK(worst_loss < 1e-4);    /* and both paths moved them the same way */
    CHECK(worst_param < 1e-5);
    nn_online_free(&o);
    nn_model_free(fresh);
    nn_model_free(a);
    nn_model_free(b);
}

TEST(relu_softmax_cross_entropy_matches_the_batch_path)
{
    compare(NN_ACT_RELU, NN_ACT_SOFTMAX, NN_COST_CROSS_ENTROPY, 0.05f);
}

TEST(sigmoid_quadratic_cost_matches_the_batch_path)
{
    compare(NN_ACT_SIGMOID, NN_ACT_SIGMOID, NN_COST_QUADRATIC, 0.5f);
}

TEST(tanh_softmax_quadratic_cost_matches_the_batch_path)
{
    compare(NN_ACT_TANH, NN_ACT_SOFTMAX, NN_COST_QUADRATIC, 0.3f);
}

/* A first-layer weight whose input is zero gets a zero gradient: it must stay bit for bit. */
TEST(weights_of_blank_inputs_do_not_move)
{
    NnModel *m = make(NN_ACT_RELU, NN_ACT_SOFTMAX, 11);
    CHECK(m != NULL);
    if (!m)
        return;
    NnOnline o;
    SnError err = {0};
    CHECK(nn_online_init(&o, m, &err) == 0);
    const NnLayer *L = &m->layers[0];
    float before[16 * N_IN];
    memcpy(before, L->weight, sizeof before);
    float x[N_IN] = {0};
    for (int i = 0; i < N_IN; i += 3)
        x[i] = 0.5f + 0.01f * (float)i;
    int right;
    nn_online_begin(&o, m);
    for (int k = 0; k < 20; k++)
        nn_online_step(&o, m, x, (uint8_t)(k % 5), NN_COST_CROSS_ENTROPY, 0.1f, &right);
    nn_online_end(&o, m);
    int blank_same = 1, some_moved = 0;
    for (int r = 0; r < 16; r++)
        for (int i = 0; i < N_IN; i++) {
            float w0 = before[r * N_IN + i], w1 = L->weight[r * N_IN + i];
            if (i % 3)
                blank_same &= memcmp(&w0, &w1, sizeof w0) == 0;
            else
                some_moved |= w0 != w1;
        }
    CHECK(blank_same);
    CHECK(some_moved);
    nn_online_free(&o);
    nn_model_free(m);
}

TEST(only_batch_1_plain_sgd_on_dense_layers_takes_the_online_step)
{
    NnModel *m = make(NN_ACT_RELU, NN_ACT_SOFTMAX, 1);
    CHECK(nn_online_supported(m, NN_OPT_SGD, 0.0f, 0.0f, 1));
    CHECK(!nn_online_supported(m, NN_OPT_SGD, 0.0f, 0.0f, 2));
    CHECK(!nn_online_supported(m, NN_OPT_MOMENTUM, 0.9f, 0.0f, 1));
    CHECK(!nn_online_supported(m, NN_OPT_ADAM, 0.9f, 0.0f, 1));
    CHECK(!nn_online_supported(m, NN_OPT_SGD, 0.0f, 1e-4f, 1));
    nn_model_free(m);
    SnError err = {0};
    NnShape in = {1, 8, 8};
    NnLayerSpec s[3] = {{.type = NN_LAYER_CONV2D, .n_out = 2, .act = NN_ACT_RELU, .kernel = 3,
                         .pad = 1},
                        {.type = NN_LAYER_FLATTEN},
                        NN_DENSE(3, NN_ACT_SOFTMAX)};
    NnModel *c = nn_model_new_shape(in, s, 3, &err);
    CHECK(c != NULL);
    if (c)
        CHECK(!nn_online_supported(c, NN_OPT_SGD, 0.0f, 0.0f, 1));
    nn_model_free(c);
}

/* The trainer picks the online step for batch 1 and plain SGD; an epoch of it learns. */
TEST(a_batch_1_sgd_epoch_uses_the_online_step_and_learns)
{
    NnModel *m = make(NN_ACT_RELU, NN_ACT_SOFTMAX, 5);
    CHECK(m != NULL);
    if (!m)
        return;
    /* 500 samples of 5 classes: class k lights inputs 8k..8k+7 */
    enum { N = 500 };
    NnDataset ds = {0};
    ds.n = N;
    ds.rows = 5;
    ds.cols = 8;
    ds.images = calloc((size_t)N * N_IN, 1);
    ds.labels = malloc(N);
    NnRng rng;
    nn_rng_seed(&rng, 9);
    for (int i = 0; i < N; i++) {
        int k = i % 5;
        ds.labels[i] = (uint8_t)k;
        for (int j = 0; j < 8; j++)
            ds.images[(size_t)i * N_IN + 8 * k + j] = (uint8_t)(128 + nn_rng_u32(&rng) % 128);
    }
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 1, .epochs = 2, .seed = 1};
    cfg.opt.lr = 0.05f;
    NnTrainer t;
    SnError err = {0};
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    CHECK(t.online == 1);
    NnEpochStats st;
    CHECK(nn_train_epoch(&t, &ds, NULL, N, NULL, NULL, &st, &err) == 0);
    CHECK(nn_train_epoch(&t, &ds, NULL, N, NULL, NULL, &st, &err) == 0);
    float acc = nn_evaluate(m, &ds, NULL, N, NULL, &err);
    printf("  accuracy after 2 epochs: %.3f (training loss %.4f)\n", (double)acc,
           (double)st.loss);
    CHECK(acc > 0.98f);
    nn_trainer_free(&t);
    free(ds.images);
    free(ds.labels);
    nn_model_free(m);
}

int main(void)
{
    RUN(relu_softmax_cross_entropy_matches_the_batch_path);
    RUN(sigmoid_quadratic_cost_matches_the_batch_path);
    RUN(tanh_softmax_quadratic_cost_matches_the_batch_path);
    RUN(weights_of_blank_inputs_do_not_move);
    RUN(only_batch_1_plain_sgd_on_dense_layers_takes_the_online_step);
    RUN(a_batch_1_sgd_epoch_uses_the_online_step_and_learns);
    return test_main_result();
}
