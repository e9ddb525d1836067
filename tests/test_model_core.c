/* test_model_core.c - the model itself: the dense layer by hand, building models from specs,
 * initialisation, prediction, flop counts, the frozen inference copy, and backpropagation
 * through a 3-layer network checked against central finite differences of an independent
 * double-precision forward pass. */
#include <string.h>

#include "nn/dense.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/train.h"
#include "test.h"

TEST(the_top_class_and_the_runner_up_are_the_first_of_equal_values)
{
    const float v[5] = {0.1f, 0.4f, 0.05f, 0.4f, 0.05f};
    int second = 99;
    CHECK(nn_top_class(v, 5, &second) == 1);
    CHECK(second == 3);
    const float w[4] = {0.2f, 0.2f, 0.5f, 0.1f};
    CHECK(nn_top_class(w, 4, &second) == 2);
    CHECK(second == 0);
    CHECK(nn_top_class(w, 4, NULL) == 2);
    const float one[1] = {1.0f};
    CHECK(nn_top_class(one, 1, &second) == 0);
    CHECK(second == -1);
}

TEST(dense_forward_is_input_times_weight_plus_bias)
{
    /* 2 samples, 3 inputs, 2 neurons */
    const float x[] = {1, 2, 3, -1, 0, 1};
    const float w[] = {0.5f, -1, 2, 1, 1, 1}; /* (out, in) */
    const float b[] = {0.25f, -3};
    float y[4];
    nn_dense_forward(NULL, y, x, w, b, 2, 3, 2);
    CHECK_NEAR(y[0], 0.5 - 2 + 6 + 0.25, 1e-6);
    CHECK_NEAR(y[1], 1 + 2 + 3 - 3, 1e-6);
    CHECK_NEAR(y[2], -0.5 + 0 + 2 + 0.25, 1e-6);
    CHECK_NEAR(y[3], -1 + 0 + 1 - 3, 1e-6);
}

TEST(dense_backward_adds_the_hand_computed_gradients)
{
    const float x[] = {1, 2, -1, 3}; /* 2 samples, 2 inputs */
    const float w[] = {1, -2};       /* 1 neuron */
    const float dy[] = {0.5f, -1};
    float dw[2] = {10, 10}, db[1] = {10}, dx[4] = {0, 0, 0, 0};
    nn_dense_backward(NULL, dx, dw, db, dy, x, w, 2, 2, 1);
    CHECK_NEAR(dw[0], 10 + 0.5 * 1 + -1 * -1, 1e-6); /* adds, does not overwrite */
    CHECK_NEAR(dw[1], 10 + 0.5 * 2 + -1 * 3, 1e-6);
    CHECK_NEAR(db[0], 10 - 0.5, 1e-6);
    CHECK_NEAR(dx[0], 0.5, 1e-6);
    CHECK_NEAR(dx[1], -1.0, 1e-6);
    CHECK_NEAR(dx[2], -1.0, 1e-6);
    CHECK_NEAR(dx[3], 2.0, 1e-6);
}

/* ---- an independent double-precision network for finite differences ---- */

static double act_d(NnAct act, double z)
{
    switch (act) {
    case NN_ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case NN_ACT_RELU: return z > 0 ? z : 0;
    case NN_ACT_TANH: return tanh(z);
    default: return z;
    }
}

/* Cost of the batch with parameters p (the model's layout, in double). */
static double cost_d(const NnModel *m, const double *p, const float *x, const uint8_t *y, int N,
                     NnCost cost)
{
    double total = 0.0;
    for (int n = 0; n < N; n++) {
        double in[64], out[64];
        for (int i = 0; i < m->n_in; i++)
            in[i] = (double)x[n * m->n_in + i];
        size_t off = 0;
        for (int l = 0; l < m->n_layers; l++) {
            const NnLayer *L = &m->layers[l];
            const double *w = p + off, *b = p + off + L->n_weight;
            off += L->n_weight + (size_t)L->n_out;
            for (int o = 0; o < L->n_out; o++) {
                double z = b[o];
                for (int i = 0; i < L->n_in; i++)
                    z += w[o * L->n_in + i] * in[i];
                out[o] = z;
            }
            if (L->act == NN_ACT_SOFTMAX) {
                double mx = out[0], s = 0;
                for (int o = 1; o < L->n_out; o++)
                    mx = out[o] > mx ? out[o] : mx;
                for (int o = 0; o < L->n_out; o++)
                    s += (out[o] = exp(out[o] - mx));
                for (int o = 0; o < L->n_out; o++)
                    out[o] /= s;
            } else {
                for (int o = 0; o < L->n_out; o++)
                    out[o] = act_d(L->act, out[o]);
            }
            memcpy(in, out, sizeof(double) * (size_t)L->n_out);
        }
        for (int c = 0; c < m->n_out; c++) {
            double t = c == y[n] ? 1.0 : 0.0;
            if (cost == NN_COST_QUADRATIC)
                total += 0.5 * (in[c] - t) * (in[c] - t);
            else if (c == y[n])
                total -= log(in[c]);
        }
    }
    return total / N;
}

/* Analytic gradient from the library against central differences; returns relative error. */
static double gradient_error(const char *spec, NnCost cost, uint64_t seed)
{
    SnError err;
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    int nl = nn_spec_parse(spec, &in, specs, &err);
    CHECK(nl > 0);
    int n_in = in.c * in.h * in.w;
    NnModel *m = nn_model_new_shape(in, specs, nl, &err);
    CHECK(m != NULL);
    if (!m)
        return 1.0;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    for (size_t i = 0; i < m->n_params; i++) /* non-zero biases too */
        m->params[i] += 0.1f * nn_rng_normal(&rng);
    enum { N = 5 };
    float x[N * 64];
    uint8_t y[N];
    for (int i = 0; i < N * n_in; i++)
        x[i] = nn_rng_normal(&rng);
    for (int n = 0; n < N; n++)
        y[n] = (uint8_t)nn_rng_below(&rng, (uint32_t)m->n_out);

    CHECK(nn_model_reserve(m, N, &err) == 0);
    const float *out = nn_model_forward(m, x, N);
    float dout[N * 64];
    nn_model_zero_grad(m);
    if (cost == NN_COST_CROSS_ENTROPY) {
        nn_softmax_cross_entropy(out, y, dout, N, m->n_out);
        nn_model_backward(m, x, dout, N, 1);
    } else {
        nn_quadratic_cost(out, y, dout, N, m->n_out);
        nn_model_backward(m, x, dout, N, 0);
    }

    double *p = malloc(sizeof(double) * m->n_params);
    for (size_t i = 0; i < m->n_params; i++)
        p[i] = (double)m->params[i];
    double num2 = 0, diff2 = 0, worst = 0;
    const double eps = 1e-6;
    for (size_t i = 0; i < m->n_params; i++) {
        double keep = p[i];
        p[i] = keep + eps;
        double lp = cost_d(m, p, x, y, N, cost);
        p[i] = keep - eps;
        double lm = cost_d(m, p, x, y, N, cost);
        p[i] = keep;
        double num = (lp - lm) / (2 * eps), ana = (double)m->grads[i];
        num2 += num * num;
        diff2 += (num - ana) * (num - ana);
        double e = fabs(num - ana) / fmax(1e-3, fmax(fabs(num), fabs(ana)));
        worst = e > worst ? e : worst;
    }
    double rel = sqrt(diff2 / num2);
    CHECK(num2 > 1e-8); /* the gradient is not all zero */
    if (!(rel < 1e-3 && worst < 1e-2))
        printf("%s (%s): relative error %g, worst element %g\n", spec, nn_cost_name(cost), rel,
               worst);
    free(p);
    nn_model_free(m);
    return fmax(rel, worst / 10);
}

TEST(backpropagation_through_three_layers_matches_finite_differences)
{
    CHECK(gradient_error("6,5:tanh,4:sigmoid,3:softmax", NN_COST_CROSS_ENTROPY, 1) < 1e-3);
    CHECK(gradient_error("6,5:relu,4:relu,3:softmax", NN_COST_CROSS_ENTROPY, 2) < 1e-3);
    CHECK(gradient_error("6,5:sigmoid,4:tanh,3:sigmoid", NN_COST_QUADRATIC, 3) < 1e-3);
    CHECK(gradient_error("6,5:relu,4:linear,3:softmax", NN_COST_QUADRATIC, 4) < 1e-3);
    CHECK(gradient_error("4,7:tanh,2:linear", NN_COST_QUADRATIC, 5) < 1e-3);
}

TEST(layer_specs_parse_and_bad_ones_are_explained)
{
    NnLayerSpec s[NN_MAX_LAYERS];
    SnError err;
    NnShape in;
    CHECK(nn_spec_parse("784,256:relu,128:relu,10:softmax", &in, s, &err) == 3);
    /* a width is a flat input: only "1x28x28" makes an image of it */
    CHECK(in.c == 784 && in.h == 1 && in.w == 1 && s[0].n_out == 256 && s[0].act == NN_ACT_RELU);
    CHECK(s[2].n_out == 10 && s[2].act == NN_ACT_SOFTMAX);
    CHECK(nn_spec_parse("2,3", &in, s, &err) == 1 && s[0].act == NN_ACT_LINEAR);
    CHECK(in.c == 2 && in.h == 1 && in.w == 1);
    CHECK(nn_spec_parse("1x28x28,conv32x3:relu,pool,conv16x5p0,bn:relu,dropout0.25,flatten,"
                        "10:softmax", &in, s, &err) == 7);
    CHECK(in.c == 1 && in.h == 28 && in.w == 28);
    CHECK(s[0].type == NN_LAYER_CONV2D && s[0].n_out == 32 && s[0].kernel == 3 && s[0].pad == 1);
    CHECK(s[1].type == NN_LAYER_MAXPOOL2);
    CHECK(s[2].type == NN_LAYER_CONV2D && s[2].kernel == 5 && s[2].pad == 0);
    CHECK(s[3].type == NN_LAYER_BATCHNORM && s[3].act == NN_ACT_RELU);
    CHECK(s[4].type == NN_LAYER_DROPOUT && s[4].rate == 0.25f);
    CHECK(s[5].type == NN_LAYER_FLATTEN && s[6].n_out == 10);
    CHECK(nn_spec_parse("1x28x28,conv32:relu", &in, s, &err) < 0);
    CHECK(nn_spec_parse("1x28x28,dropout1.5", &in, s, &err) < 0);
    CHECK(nn_spec_parse("1x28,10", &in, s, &err) < 0);
    CHECK(nn_spec_parse("784,64:relux,10", &in, s, &err) < 0);
    CHECK(strstr(err.msg, "relux") != NULL);
    CHECK(nn_spec_parse("784", &in, s, &err) < 0);
    CHECK(nn_spec_parse("784,0:relu", &in, s, &err) < 0);
    CHECK(nn_spec_parse("784:relu,10", &in, s, &err) < 0);
    CHECK(nn_spec_parse("784,abc", &in, s, &err) < 0);
}

TEST(models_refuse_impossible_shapes)
{
    SnError err;
    NnLayerSpec s[2] = {NN_DENSE(10, NN_ACT_SOFTMAX), NN_DENSE(10, NN_ACT_RELU)};
    CHECK(nn_model_new(784, s, 2, &err) == NULL);
    CHECK(strstr(err.msg, "softmax") != NULL);
    NnLayerSpec big[2] = {NN_DENSE(60000, NN_ACT_RELU), NN_DENSE(60000, NN_ACT_RELU)};
    CHECK(nn_model_new(60000, big, 2, &err) == NULL && err.code == SN_E_LIMIT);
    CHECK(nn_model_new(0, s, 1, &err) == NULL);
    CHECK(nn_model_new(784, s, 0, &err) == NULL);
}

TEST(initialisation_matches_the_activation)
{
    SnError err;
    NnLayerSpec s[3] = {NN_DENSE(400, NN_ACT_RELU), NN_DENSE(200, NN_ACT_TANH),
                        NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(600, s, 3, &err);
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 11);
    nn_model_init(m, &rng);
    for (int l = 0; l < 2; l++) {
        const NnLayer *L = &m->layers[l];
        double s2 = 0;
        for (size_t i = 0; i < L->n_weight; i++)
            s2 += (double)L->weight[i] * (double)L->weight[i];
        double var = s2 / (double)L->n_weight;
        double want = l == 0 ? 2.0 / 600 : 2.0 / (400 + 200); /* He, then Glorot */
        CHECK_NEAR(var / want, 1.0, 0.02);
        CHECK(L->bias[0] == 0.0f);
    }
    nn_model_free(m);
}

TEST(predict_returns_the_largest_output)
{
    SnError err;
    NnLayerSpec s[1] = {NN_DENSE(3, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(2, s, 1, &err);
    CHECK(m != NULL);
    if (!m)
        return;
    memset(m->params, 0, m->n_params * sizeof(float));
    m->layers[0].bias[1] = 5.0f;
    const float x[2] = {1, 1};
    float p[3];
    CHECK(nn_model_predict(m, x, p) == 1);
    CHECK_NEAR(p[0] + p[1] + p[2], 1.0, 1e-6);
    nn_model_free(m);
}

/* Weights of 1e30 are finite and load, but 784 inputs times 1e30 times 32 neurons times 1e30
 * overflow a float: the outputs are infinite, and the softmax makes them NaN. That is no answer,
 * not "class 0". */
TEST(a_forward_pass_that_overflows_is_an_error_not_class_0)
{
    SnError err;
    NnLayerSpec s[2] = {NN_DENSE(32, NN_ACT_RELU), NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(784, s, 2, &err);
    CHECK(m != NULL);
    if (!m)
        return;
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] = 1e30f;
    float x[784], out[10];
    for (int i = 0; i < 784; i++)
        x[i] = (float)(i % 3) * 0.5f;
    CHECK(nn_model_predict(m, x, out) == SN_E_NONFINITE);
    /* the same model with sane weights answers */
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] = 1e-3f * (float)(i % 7);
    CHECK(nn_model_predict(m, x, out) >= 0);
    nn_model_free(m);
}

/* FLOP counts worked out by hand. MLP 784-256-128-10: forward 2 (784*256 + 256*128 + 128*10)
 * = 469,504; training adds the weight gradients (the same again) and the input gradients of
 * layers 2 and 3: 2 * 469,504 + 2 (256*128 + 128*10) = 1,007,104 (60.4 GFLOP per epoch).
 * conv 8 of 5x5 on 1x28x28 without padding: 24*24 outputs of 8 * 25 multiply-adds each = 2 *
 * 115,200 = 230,400 FLOPs; pooling adds none; dense 1152 -> 10: 23,040. */
TEST(flop_counts_match_hand_computed_values)
{
    SnError err = {0};
    NnLayerSpec mlp[3] = {NN_DENSE(256, NN_ACT_RELU), NN_DENSE(128, NN_ACT_RELU),
                          NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(784, mlp, 3, &err);
    CHECK(m != NULL);
    if (m) {
        CHECK(nn_model_flops(m, 0) == 469504.0);
        CHECK(nn_model_flops(m, 1) == 1007104.0);
    }
    nn_model_free(m);
    NnShape in;
    NnLayerSpec specs[NN_MAX_LAYERS];
    int n = nn_spec_parse("1x28x28,conv8x5p0:relu,pool,flatten,10:softmax", &in, specs, &err);
    CHECK(n == 4);
    NnModel *c = n > 0 ? nn_model_new_shape(in, specs, n, &err) : NULL;
    CHECK(c != NULL);
    if (c) {
        CHECK(nn_model_flops(c, 0) == 230400.0 + 23040.0);
        CHECK(nn_model_flops(c, 1) == 2 * 230400.0 + 3 * 23040.0);
    }
    nn_model_free(c);
}

/* A frozen model's one-image pass (sparse rows of W^T) gives the same outputs as the batch path
 * to rounding, for sparse and dense inputs; thawing, and starting to train, drop the copy. */
TEST(a_frozen_model_predicts_what_the_plain_one_does)
{
    SnError err = {0};
    NnLayerSpec s[3] = {NN_DENSE(32, NN_ACT_RELU), NN_DENSE(16, NN_ACT_TANH),
                        NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(50, s, 3, &err);
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 4);
    nn_model_init(m, &rng);
    for (size_t i = 0; i < m->n_params; i++) /* biases too, so that they count */
        m->params[i] += 0.01f * nn_rng_normal(&rng);
    float x[50], plain[10], frozen[10];
    double worst = 0.0;
    for (int trial = 0; trial < 20; trial++) {
        for (int i = 0; i < 50; i++) {
            float u = nn_rng_uniform(&rng);
            x[i] = trial % 2 && u < 0.7f ? 0.0f : u; /* odd trials: 70 % zeros */
        }
        int a = nn_model_predict(m, x, plain);
        CHECK(nn_model_freeze(m, &err) == 0);
        CHECK(m->wt[0] != NULL && m->wt[2] != NULL);
        int b = nn_model_predict(m, x, frozen);
        CHECK(a == b);
        for (int k = 0; k < 10; k++) {
            double d = fabs((double)plain[k] - (double)frozen[k]);
            worst = d > worst ? d : worst;
        }
        nn_model_thaw(m);
        CHECK(m->frozen == NULL && m->wt[0] == NULL);
    }
    printf("  largest difference in a probability: %.2g\n", worst);
    CHECK(worst < 1e-6);
    CHECK(nn_model_freeze(m, &err) == 0);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .opt = nn_optim_defaults(NN_OPT_SGD),
                         .batch_size = 4, .epochs = 1, .seed = 1};
    NnTrainer t;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    CHECK(m->frozen == NULL);
    nn_trainer_free(&t);
    nn_model_free(m);
}

/* 1 x 28 x 28 inputs default to MNIST preprocessing, other shapes (a flat 784 too) to none; the
 * setting decides. */
TEST(mnist_preprocessing_is_what_the_model_declares)
{
    SnError err;
    NnLayerSpec s[1] = {NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new_shape((NnShape){1, 28, 28}, s, 1, &err);
    NnModel *small = nn_model_new(4, s, 1, &err);
    NnModel *flat = nn_model_new(784, s, 1, &err);
    CHECK(m && small && flat);
    if (m && small && flat) {
        CHECK(nn_model_mnist_preprocessing(m) == 1);
        CHECK(nn_model_mnist_preprocessing(small) == 0);
        CHECK(nn_model_mnist_preprocessing(flat) == 0);
        CHECK(flat->in_shape.c == 784 && flat->in_shape.h == 1 && flat->info.in_w == 1);
        m->info.preprocess = NN_PREP_NONE;
        CHECK(nn_model_mnist_preprocessing(m) == 0);
    }
    nn_model_free(m);
    nn_model_free(small);
    nn_model_free(flat);
}

TEST(a_copy_answers_as_the_original_and_owns_its_weights)
{
    SnError err;
    NnLayerSpec s[6] = {
        {.type = NN_LAYER_CONV2D, .n_out = 3, .act = NN_ACT_RELU, .kernel = 3, .pad = 1},
        {.type = NN_LAYER_BATCHNORM, .act = NN_ACT_LINEAR},
        {.type = NN_LAYER_MAXPOOL2},
        {.type = NN_LAYER_FLATTEN},
        {.type = NN_LAYER_DROPOUT, .rate = 0.25f},
        NN_DENSE(4, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new_shape((NnShape){1, 6, 6}, s, 6, &err);
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 7);
    nn_model_init(m, &rng);
    for (size_t i = 0; i < m->n_state; i++)
        m->state[i] = 0.5f + 0.01f * (float)i;
    snprintf(m->info.labels[2], sizeof m->info.labels[2], "two");
    m->n_knock = 1;
    m->knock[0] = (NnKnockout){0, 1};
    NnModel *c = nn_model_copy(m, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK(c->n_layers == 6 && c->n_params == m->n_params && c->n_state == m->n_state);
        CHECK(memcmp(c->params, m->params, m->n_params * sizeof *m->params) == 0);
        CHECK(memcmp(c->state, m->state, m->n_state * sizeof *m->state) == 0);
        CHECK(c->params != m->params && c->layers[0].weight == c->params);
        CHECK(strcmp(c->info.labels[2], "two") == 0);
        CHECK(c->n_knock == 1 && c->knock[0].unit == 1);
        float x[36], pm[4], pc[4];
        for (int i = 0; i < 36; i++)
            x[i] = (float)((i * 7) % 11) / 10.0f;
        CHECK(nn_model_predict(m, x, pm) == nn_model_predict(c, x, pc));
        CHECK(memcmp(pm, pc, sizeof pm) == 0);
        c->params[0] += 1.0f; /* its own weights: the original keeps its own */
        CHECK(c->params[0] != m->params[0]);
    }
    nn_model_free(c);
    nn_model_free(m);
}

int main(void)
{
    RUN(a_forward_pass_that_overflows_is_an_error_not_class_0);
    RUN(dense_forward_is_input_times_weight_plus_bias);
    RUN(dense_backward_adds_the_hand_computed_gradients);
    RUN(backpropagation_through_three_layers_matches_finite_differences);
    RUN(layer_specs_parse_and_bad_ones_are_explained);
    RUN(models_refuse_impossible_shapes);
    RUN(initialisation_matches_the_activation);
    RUN(predict_returns_the_largest_output);
    RUN(the_top_class_and_the_runner_up_are_the_first_of_equal_values);
    RUN(flop_counts_match_hand_computed_values);
    RUN(a_frozen_model_predicts_what_the_plain_one_does);
    RUN(mnist_preprocessing_is_what_the_model_declares);
    RUN(a_copy_answers_as_the_original_and_owns_its_weights);
    return test_main_result();
}
