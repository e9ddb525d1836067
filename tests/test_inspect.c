/* test_inspect.c - seeing inside a model (src/nn/inspect.h): the layers' outputs captured for one
 * input are the forward pass's, and the input gradient of a class's score matches central
 * finite differences of that score for every layer type and every activation (the step
 * activation's is the straight-through one, checked against its formula), without disturbing
 * training. Small synthetic models built here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/inspect.h"
#include "nn/model.h"
#include "nn/rng.h"
#include "spec_model.h"
#include "test.h"

/* Every layer type, each once; the last layer linear or softmax. */
static const char *const every_type[] = {
    "1x6x6,conv2x3:tanh,pool,bn:tanh,dropout0.25,flatten,4:linear",
    "1x7x7,conv3x3p0:relu,pool,dropout0.5,5:sigmoid,bn:relu,3:softmax",
};

/* ---- capture ---- */

TEST(captured_last_output_equals_predict_for_every_layer_type)
{
    for (size_t k = 0; k < sizeof every_type / sizeof *every_type; k++) {
        NnModel *m = spec_model(every_type[k], 1 + k, 1);
        CHECK(m != NULL);
        if (!m)
            continue;
        NnRng rng;
        nn_rng_seed(&rng, 2);
        float *x = randn(&rng, (size_t)m->n_in, 1.0f);
        /* in the middle of training, after a training batch: the capture is of x alone, in
         * inference mode, as a prediction's */
        nn_model_set_training(m, 1);
        CHECK(nn_model_reserve(m, 3, NULL) == 0);
        float *batch = randn(&rng, 3 * (size_t)m->n_in, 1.0f);
        nn_model_forward(m, batch, 3);
        float want[NN_MAX_CLASSES];
        CHECK(nn_model_predict(m, x, want) >= 0);
        CHECK(nn_model_predict(m, batch, NULL) >= 0); /* another input's pass in between */
        CHECK(nn_inspect_forward(m, x, NULL) == 0);
        CHECK(m->training == 1);
        const float *got = nn_inspect_output(m, m->n_layers - 1);
        CHECK(got != NULL);
        for (int i = 0; got && i < m->n_out; i++)
            CHECK_NEAR(got[i], want[i], 1e-5 * fabs((double)want[i]) + 1e-12);
        CHECK(nn_inspect_output(m, m->n_layers) == NULL && nn_inspect_output(m, -1) == NULL);
        free(batch);
        free(x);
        nn_model_free(m);
    }
}

TEST(captured_outputs_equal_a_frozen_models_prediction)
{
    NnModel *m = spec_model("12,8:relu,6:tanh,4:softmax", 3, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 4);
    float *x = randn(&rng, (size_t)m->n_in, 1.0f);
    x[3] = x[7] = 0.0f; /* blank inputs: the frozen pass skips them */
    CHECK(nn_model_freeze(m, NULL) == 0);
    float want[NN_MAX_CLASSES];
    CHECK(nn_model_predict(m, x, want) >= 0);
    CHECK(nn_inspect_forward(m, x, NULL) == 0);
    const float *got = nn_inspect_output(m, 2);
    for (int i = 0; i < m->n_out; i++)
        CHECK_NEAR(got[i], want[i], 1e-5 * fabs((double)want[i]) + 1e-12);
    free(x);
    nn_model_free(m);
}

/* 3 inputs -> 2 relu -> 2 linear, then a softmax layer on top is checked through its logits */
TEST(layer_captures_equal_a_hand_computation_for_a_tiny_dense_model)
{
    const NnLayerSpec specs[] = {NN_DENSE(2, NN_ACT_RELU), NN_DENSE(2, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new(3, specs, 2, NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    const float w1[] = {0.5f, -1.0f, 2.0f, /* neuron 0 */ -0.25f, 0.75f, -1.5f};
    const float b1[] = {0.1f, -0.2f};
    const float w2[] = {1.0f, -2.0f, 0.5f, 3.0f};
    const float b2[] = {0.3f, -0.4f};
    memcpy(m->layers[0].weight, w1, sizeof w1);
    memcpy(m->layers[0].bias, b1, sizeof b1);
    memcpy(m->layers[1].weight, w2, sizeof w2);
    memcpy(m->layers[1].bias, b2, sizeof b2);
    const float x[] = {1.0f, 2.0f, 0.5f};
    CHECK(nn_inspect_forward(m, x, NULL) == 0);
    /* z = sum of input x weight + bias:
     * z1_0 = 0.5 - 2 + 1 + 0.1 = -0.4 -> relu 0;  z1_1 = -0.25 + 1.5 - 0.75 - 0.2 = 0.3 -> 0.3 */
    const float *a1 = nn_inspect_output(m, 0);
    CHECK_NEAR(a1[0], 0.0, 1e-7);
    CHECK_NEAR(a1[1], 0.3, 1e-6);
    /* z2_0 = 1 * 0 - 2 * 0.3 + 0.3 = -0.3;  z2_1 = 0.5 * 0 + 3 * 0.3 - 0.4 = 0.5 */
    const float *z2 = nn_inspect_logits(m);
    CHECK_NEAR(z2[0], -0.3, 1e-6);
    CHECK_NEAR(z2[1], 0.5, 1e-6);
    /* softmax: p_1 = e^0.5 / (e^-0.3 + e^0.5) */
    const float *p = nn_inspect_output(m, 1);
    double p1 = exp(0.5) / (exp(-0.3) + exp(0.5));
    CHECK_NEAR(p[1], p1, 1e-6);
    CHECK_NEAR(p[0], 1.0 - p1, 1e-6);
    nn_model_free(m);
}

/* ---- input gradient ---- */

/* class cls's score z_last[cls] at x, in double */
static double score(NnModel *m, const float *x, int cls)
{
    if (nn_inspect_forward(m, x, NULL) != 0)
        return (double)NAN;
    return (double)nn_inspect_logits(m)[cls];
}

/* Central differences (f(x + h e_i) - f(x - h e_i)) / 2h of the score for every input i. */
static void numeric_gradient(NnModel *m, float *x, int cls, float h, double *num)
{
    for (int i = 0; i < m->n_in; i++) {
        float keep = x[i];
        x[i] = keep + h;
        double up = score(m, x, cls);
        x[i] = keep - h;
        double down = score(m, x, cls);
        x[i] = keep;
        /* the step actually taken, as the float sums saw it */
        num[i] = (up - down) / ((double)(keep + h) - (double)(keep - h));
    }
}

/* Relative error bound of the whole gradient against central differences, at each of two step
 * sizes: float forward passes make the differences noisy at about 1e-7 / h (relative), and
 * curvature adds about h^2; at h = 1e-2 and 1e-3 both stay well below it. */
#define GRAD_TOL 1e-2
static const float steps[] = {1e-2f, 1e-3f};

/* nn_input_gradient against central differences for every class of m at a random input. */
static void check_input_gradient(NnModel *m, uint64_t seed, const char *what)
{
    NnRng rng;
    nn_rng_seed(&rng, seed);
    float *x = randn(&rng, (size_t)m->n_in, 1.0f);
    float *dx = zeros((size_t)m->n_in);
    double *num = malloc(sizeof(double) * (size_t)m->n_in);
    for (int cls = 0; cls < m->n_out; cls++) {
        CHECK(nn_input_gradient(m, x, cls, dx, NULL) == 0);
        CHECK(sum_sq(dx, (size_t)m->n_in) > 0.0); /* a gradient to check, not all zero */
        for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
            numeric_gradient(m, x, cls, steps[s], num);
            double e = rel_error(num, dx, (size_t)m->n_in);
            if (cls == 0)
                printf("  %s: class 0, h %g: relative error %.2e\n", what, (double)steps[s], e);
            if (!(e < GRAD_TOL))
                printf("  %s: class %d, h %g: relative error %.2e\n", what, cls,
                       (double)steps[s], e);
            CHECK(e < GRAD_TOL);
        }
    }
    free(num);
    free(dx);
    free(x);
}

TEST(input_gradient_matches_finite_differences_for_every_layer_type)
{
    /* dense, conv2d (padded and not), maxpool2, flatten, dropout and batchnorm (images and flat
     * vectors) in inference mode */
    const char *const specs[] = {
        every_type[0],
        every_type[1],
        "6,5:tanh,bn:sigmoid,dropout0.3,3:linear",
    };
    for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
        NnModel *m = spec_model(specs[k], 10 + k, 1);
        CHECK(m != NULL);
        if (!m)
            continue;
        check_input_gradient(m, 20 + k, specs[k]);
        nn_model_free(m);
    }
}

TEST(input_gradient_matches_finite_differences_for_every_activation)
{
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        if (a == NN_ACT_STEP)
            continue; /* straight-through, not the true derivative: the next test */
        char spec[128];
        if (a == NN_ACT_SOFTMAX) /* only on the last layer; the score is its logit */
            snprintf(spec, sizeof spec, "1x5x5,conv2x3:tanh,6:tanh,4:softmax");
        else /* the activation on a convolution, a dense layer and the output layer */
            snprintf(spec, sizeof spec, "1x5x5,conv2x3:%s,6:%s,4:%s", nn_act_name((NnAct)a),
                     nn_act_name((NnAct)a), nn_act_name((NnAct)a));
        NnModel *m = spec_model(spec, 30 + (uint64_t)a, 1);
        CHECK(m != NULL);
        if (!m)
            continue;
        check_input_gradient(m, 40 + (uint64_t)a, spec);
        nn_model_free(m);
    }
}

/* x (4) -> 6 step neurons -> 3 linear: the step's derivative is taken as the straight-through
 * one, 1 for |z| <= 1 and 0 beyond, so
 *   d z2[c] / d x_i = sum_j W2[c][j] * [|z1_j| <= 1] * W1[j][i]. */
TEST(step_activation_gradient_is_the_straight_through_one)
{
    NnModel *m = spec_model("4,6:step,3:linear", 50, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    const NnLayer *L1 = &m->layers[0], *L2 = &m->layers[1];
    NnRng rng;
    nn_rng_seed(&rng, 51);
    float *x = randn(&rng, 4, 1.0f);
    CHECK(nn_inspect_forward(m, x, NULL) == 0);
    /* z1 = W1 x + b1 by hand, and which neurons are inside the window */
    int inside[6], n_inside = 0;
    for (int j = 0; j < 6; j++) {
        double z = (double)L1->bias[j];
        for (int i = 0; i < 4; i++)
            z += (double)L1->weight[j * 4 + i] * (double)x[i];
        CHECK_NEAR(m->z[0][j], z, 1e-5);
        inside[j] = fabs(z) <= 1.0;
        n_inside += inside[j];
    }
    CHECK(n_inside > 0 && n_inside < 6); /* both sides of the window are exercised */
    float dx[4];
    for (int c = 0; c < 3; c++) {
        CHECK(nn_input_gradient(m, x, c, dx, NULL) == 0);
        for (int i = 0; i < 4; i++) {
            double want = 0.0;
            for (int j = 0; j < 6; j++)
                want += inside[j] ? (double)L2->weight[c * 6 + j] * (double)L1->weight[j * 4 + i] : 0.0;
            CHECK_NEAR(dx[i], want, 1e-5);
        }
    }
    free(x);
    nn_model_free(m);
}

TEST(input_gradient_leaves_the_training_state_as_it_was)
{
    NnModel *m = spec_model(every_type[0], 60, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 61);
    for (size_t i = 0; i < m->n_params; i++) /* gradients of a training step in progress */
        m->grads[i] = nn_rng_normal(&rng);
    float *grads = malloc(m->n_params * sizeof *grads);
    float *params = malloc(m->n_params * sizeof *params);
    float *state = malloc(m->n_state * sizeof *state);
    memcpy(grads, m->grads, m->n_params * sizeof *grads);
    memcpy(params, m->params, m->n_params * sizeof *params);
    memcpy(state, m->state, m->n_state * sizeof *state);
    NnRng dropout = m->rng;
    nn_model_set_training(m, 1);
    float *x = randn(&rng, (size_t)m->n_in, 1.0f);
    float *dx = zeros((size_t)m->n_in);
    CHECK(nn_input_gradient(m, x, 1, dx, NULL) == 0);
    CHECK(m->training == 1);
    CHECK(memcmp(grads, m->grads, m->n_params * sizeof *grads) == 0);
    CHECK(memcmp(params, m->params, m->n_params * sizeof *params) == 0);
    CHECK(memcmp(state, m->state, m->n_state * sizeof *state) == 0);
    CHECK(memcmp(&dropout, &m->rng, sizeof dropout) == 0);
    free(x);
    free(dx);
    free(state);
    free(params);
    free(grads);
    nn_model_free(m);
}

TEST(backward_to_the_input_leaves_the_parameter_gradients_untouched)
{
    for (size_t k = 0; k < sizeof every_type / sizeof *every_type; k++) {
        NnModel *m = spec_model(every_type[k], 80 + k, 1);
        CHECK(m != NULL);
        if (!m)
            continue;
        NnRng rng;
        nn_rng_seed(&rng, 81);
        for (size_t i = 0; i < m->n_params; i++) /* gradients of a training step in progress */
            m->grads[i] = nn_rng_normal(&rng);
        float *grads = malloc(m->n_params * sizeof *grads);
        memcpy(grads, m->grads, m->n_params * sizeof *grads);
        float *x = randn(&rng, 2 * (size_t)m->n_in, 1.0f);
        float *dx = zeros(2 * (size_t)m->n_in), *want = zeros((size_t)m->n_in);
        float ds[2 * NN_MAX_CLASSES] = {0};
        ds[1] = ds[m->n_out] = 1.0f;
        /* after an inference pass, as a saliency map's; then a training batch of two */
        CHECK(nn_input_gradient(m, x, 1, want, NULL) == 0);
        CHECK(nn_inspect_forward(m, x, NULL) == 0);
        nn_model_backward_input(m, x, ds, 1, 1, dx);
        for (int i = 0; i < m->n_in; i++)
            CHECK(dx[i] == want[i]);
        CHECK(nn_model_reserve(m, 2, NULL) == 0);
        nn_model_set_training(m, 1);
        nn_model_forward(m, x, 2);
        nn_model_backward_input(m, x, ds, 2, 1, dx);
        CHECK(memcmp(grads, m->grads, m->n_params * sizeof *grads) == 0);
        free(want);
        free(dx);
        free(x);
        free(grads);
        nn_model_free(m);
    }
}

TEST(input_gradient_refuses_a_class_the_model_does_not_have)
{
    NnModel *m = spec_model("4,3:linear", 70, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    float x[4] = {0}, dx[4];
    SnError err = {0};
    CHECK(nn_input_gradient(m, x, 3, dx, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "class 3") != NULL);
    CHECK(nn_input_gradient(m, x, -1, dx, NULL) == SN_E_ARG);
    nn_model_free(m);
}

int main(void)
{
    RUN(captured_last_output_equals_predict_for_every_layer_type);
    RUN(captured_outputs_equal_a_frozen_models_prediction);
    RUN(layer_captures_equal_a_hand_computation_for_a_tiny_dense_model);
    RUN(input_gradient_matches_finite_differences_for_every_layer_type);
    RUN(input_gradient_matches_finite_differences_for_every_activation);
    RUN(step_activation_gradient_is_the_straight_through_one);
    RUN(input_gradient_leaves_the_training_state_as_it_was);
    RUN(backward_to_the_input_leaves_the_parameter_gradients_untouched);
    RUN(input_gradient_refuses_a_class_the_model_does_not_have);
    return test_main_result();
}
