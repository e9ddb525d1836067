/* test_knockout.c - knocking units out (src/nn/knockout.h): a knocked-out dense neuron or
 * convolution filter does what zeroing the weights it feeds does, in the batch pass, a frozen
 * model's one-input pass, the backward pass and the one-sample training step; clearing puts the
 * exact outputs back; model files never hold knock-outs. Small synthetic models built here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/inspect.h"
#include "nn/knockout.h"
#include "nn/model_io.h"
#include "nn/online.h"
#include "spec_model.h"
#include "test.h"

/* The outputs of m and of its twin agree for a few inputs, frozen or not, and so do their
 * input gradients: the backward pass passes nothing through a knocked-out unit either. */
static void check_same_as_twin(NnModel *m, NnModel *twin, uint64_t seed)
{
    NnRng rng;
    nn_rng_seed(&rng, seed);
    float *x = randn(&rng, (size_t)m->n_in, 1.0f);
    float *dx = zeros((size_t)m->n_in), *dx_twin = zeros((size_t)m->n_in);
    for (int frozen = 0; frozen < 2; frozen++) {
        if (frozen) {
            CHECK(nn_model_freeze(m, NULL) == 0 && nn_model_freeze(twin, NULL) == 0);
        }
        float y[NN_MAX_CLASSES], y_twin[NN_MAX_CLASSES];
        CHECK(nn_model_predict(m, x, y) >= 0);
        CHECK(nn_model_predict(twin, x, y_twin) >= 0);
        for (int i = 0; i < m->n_out; i++)
            CHECK_NEAR(y[i], y_twin[i], 1e-6);
        CHECK(nn_input_gradient(m, x, 0, dx, NULL) == 0);
        CHECK(nn_input_gradient(twin, x, 0, dx_twin, NULL) == 0);
        for (int i = 0; i < m->n_in; i++)
            CHECK_NEAR(dx[i], dx_twin[i], 1e-5);
    }
    free(dx_twin);
    free(dx);
    free(x);
}

TEST(knocking_out_a_dense_neuron_equals_zeroing_its_outgoing_weights)
{
    const char *spec = "6,5:tanh,4:relu,3:softmax";
    NnModel *m = spec_model(spec, 1, 0), *twin = spec_model(spec, 1, 0);
    CHECK(m && twin);
    if (!m || !twin)
        return;
    CHECK(nn_knockout_set(m, 0, 2, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 1, 3, 1, NULL) == 0);
    /* the next layer's weights (out, in): column 2 of layer 1, column 3 of layer 2 */
    for (int o = 0; o < 4; o++)
        twin->layers[1].weight[o * 5 + 2] = 0.0f;
    for (int o = 0; o < 3; o++)
        twin->layers[2].weight[o * 4 + 3] = 0.0f;
    check_same_as_twin(m, twin, 2);
    CHECK(nn_inspect_output(m, 0)[2] == 0.0f); /* its output is 0 */
    nn_model_free(twin);
    nn_model_free(m);
}

TEST(knocking_out_a_conv_filter_equals_zeroing_the_weights_its_map_feeds)
{
    /* into another convolution: weights (K, C, R, R), channel 1 of every filter */
    const char *conv = "1x8x8,conv3x3:relu,conv2x3:tanh,4:linear";
    NnModel *m = spec_model(conv, 3, 0), *twin = spec_model(conv, 3, 0);
    CHECK(m && twin);
    if (!m || !twin)
        return;
    CHECK(nn_knockout_set(m, 0, 1, 1, NULL) == 0);
    for (int k = 0; k < 2; k++)
        memset(twin->layers[1].weight + (k * 3 + 1) * 9, 0, 9 * sizeof(float));
    check_same_as_twin(m, twin, 4);
    nn_model_free(twin);
    nn_model_free(m);

    /* through pooling into a dense layer: map 2 is inputs [2 * 16, 3 * 16) of the 3 x 4 x 4 */
    const char *pooled = "1x8x8,conv3x3:tanh,pool,5:tanh,3:linear";
    m = spec_model(pooled, 5, 0), twin = spec_model(pooled, 5, 0);
    CHECK(m && twin);
    if (!m || !twin)
        return;
    CHECK(nn_knockout_set(m, 0, 2, 1, NULL) == 0);
    for (int o = 0; o < 5; o++)
        memset(twin->layers[2].weight + o * 48 + 32, 0, 16 * sizeof(float));
    check_same_as_twin(m, twin, 6);
    const float *maps = nn_inspect_output(m, 0); /* 3 maps of 8 x 8, the third all 0 */
    CHECK(sum_sq(maps + 128, 64) == 0.0 && sum_sq(maps + 64, 64) > 0.0);
    nn_model_free(twin);
    nn_model_free(m);
}

TEST(the_batch_pass_and_the_frozen_one_input_pass_agree_with_knockouts)
{
    NnModel *m = spec_model("1x6x6,conv3x3:relu,pool,7:relu,6:relu,3:linear", 7, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(nn_knockout_set(m, 0, 1, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 2, 4, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 3, 0, 1, NULL) == 0);
    NnRng rng;
    nn_rng_seed(&rng, 8);
    float *x = randn(&rng, 3 * (size_t)m->n_in, 1.0f);
    CHECK(nn_model_reserve(m, 3, NULL) == 0);
    float batch[3 * 3];
    memcpy(batch, nn_model_forward(m, x, 3), sizeof batch);
    CHECK(nn_model_freeze(m, NULL) == 0);
    for (int s = 0; s < 3; s++) {
        float y[3];
        CHECK(nn_model_predict(m, x + s * m->n_in, y) >= 0);
        for (int i = 0; i < 3; i++)
            CHECK_NEAR(y[i], batch[s * 3 + i], 1e-5);
    }
    free(x);
    nn_model_free(m);
}

TEST(clearing_knockouts_restores_the_exact_outputs)
{
    NnModel *m = spec_model("1x6x6,conv3x3:tanh,pool,7:sigmoid,3:softmax", 9, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 10);
    float *x = randn(&rng, (size_t)m->n_in, 1.0f);
    CHECK(nn_model_freeze(m, NULL) == 0);
    float before[3], knocked[3], after[3];
    CHECK(nn_model_predict(m, x, before) >= 0);
    CHECK(nn_knockout_set(m, 0, 0, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 2, 6, 1, NULL) == 0);
    CHECK(nn_model_predict(m, x, knocked) >= 0);
    CHECK(memcmp(before, knocked, sizeof before) != 0); /* the bars change */
    nn_knockout_clear(m);
    CHECK(nn_knockout_count(m) == 0);
    CHECK(nn_model_predict(m, x, after) >= 0);
    CHECK(memcmp(before, after, sizeof before) == 0);
    /* putting units back one by one does the same */
    CHECK(nn_knockout_set(m, 2, 6, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 2, 6, 0, NULL) == 0);
    CHECK(nn_model_predict(m, x, after) >= 0);
    CHECK(memcmp(before, after, sizeof before) == 0);
    free(x);
    nn_model_free(m);
}

TEST(knockouts_are_listed_in_order_and_set_once)
{
    NnModel *m = spec_model("1x6x6,conv4x3:relu,pool,flatten,dropout0.5,bn:relu,7:relu,3:linear",
                            11, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(nn_knockout_set(m, 5, 6, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 0, 3, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 5, 2, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 0, 3, 1, NULL) == 0); /* already out: still three */
    CHECK(nn_knockout_count(m) == 3);
    CHECK(nn_knockout_set(m, 5, 6, 0, NULL) == 0); /* the first back: the others keep order */
    CHECK(nn_knockout_set(m, 5, 1, 0, NULL) == 0); /* was not out: nothing changes */
    int layer = -1, unit = -1;
    CHECK(nn_knockout_count(m) == 2);
    CHECK(nn_knockout_get(m, 0, &layer, &unit) == 0 && layer == 0 && unit == 3);
    CHECK(nn_knockout_get(m, 1, &layer, &unit) == 0 && layer == 5 && unit == 2);
    CHECK(nn_knockout_get(m, 2, &layer, &unit) == SN_E_ARG);
    CHECK(nn_knockout_is_set(m, 5, 2) && !nn_knockout_is_set(m, 5, 6));
    nn_model_free(m);
}

TEST(knockouts_are_refused_where_there_is_no_unit_of_its_own)
{
    NnModel *m = spec_model("1x6x6,conv4x3:relu,pool,flatten,dropout0.5,bn:relu,7:relu,3:linear",
                            12, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    SnError err = {0};
    const int none[] = {1, 2, 3, 4}; /* pool, flatten, dropout, batchnorm */
    for (int i = 0; i < 4; i++) {
        CHECK(nn_knockout_set(m, none[i], 0, 1, &err) == SN_E_ARG);
        CHECK(strstr(err.msg, "no units of its own") != NULL);
    }
    CHECK(nn_knockout_set(m, 6, 0, 1, &err) == SN_E_ARG); /* the output layer: the classes */
    CHECK(strstr(err.msg, "output layer") != NULL);
    CHECK(nn_knockout_set(m, 0, 4, 1, &err) == SN_E_ARG); /* 4 filters: 0 to 3 */
    CHECK(strstr(err.msg, "units 0 to 3") != NULL);
    CHECK(nn_knockout_set(m, 7, 0, 1, &err) == SN_E_ARG);
    const int units[] = {4, 0, 0, 0, 0, 7, 0, 0}; /* per layer, and none beyond */
    for (int l = 0; l < 8; l++)
        CHECK(nn_knockout_units(m, l) == units[l]);
    CHECK(nn_knockout_set(m, -1, 0, 1, &err) == SN_E_ARG);
    CHECK(nn_knockout_count(m) == 0);
    nn_model_free(m);

    NnModel *wide = spec_model("10,5000:relu,2:linear", 13, 0); /* more units than may be out */
    CHECK(wide != NULL);
    if (!wide)
        return;
    int rc = 0;
    for (int u = 0; u < NN_MAX_KNOCKOUTS && rc == 0; u++)
        rc = nn_knockout_set(wide, 0, u, 1, NULL);
    CHECK(rc == 0 && nn_knockout_count(wide) == NN_MAX_KNOCKOUTS);
    CHECK(nn_knockout_set(wide, 0, NN_MAX_KNOCKOUTS, 1, &err) == SN_E_LIMIT);
    nn_model_free(wide);
}

TEST(model_files_never_hold_knockouts)
{
    NnModel *m = spec_model("1x6x6,conv3x3:tanh,pool,7:sigmoid,3:softmax", 14, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    char *plain = nn_model_to_json(m, NULL);
    CHECK(nn_knockout_set(m, 0, 2, 1, NULL) == 0 && nn_knockout_set(m, 2, 5, 1, NULL) == 0);
    char *knocked = nn_model_to_json(m, NULL);
    CHECK(plain && knocked && strcmp(plain, knocked) == 0);
    NnModel *back = knocked ? nn_model_from_json(knocked, "model", NULL) : NULL;
    CHECK(back && nn_knockout_count(back) == 0);
    nn_model_free(back);
    free(knocked);
    free(plain);
    nn_model_free(m);
}

TEST(a_knocked_out_neuron_learns_nothing_in_a_one_sample_step)
{
    NnModel *m = spec_model("8,6:sigmoid,5:relu,3:softmax", 15, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(nn_knockout_set(m, 0, 4, 1, NULL) == 0);
    CHECK(nn_knockout_set(m, 1, 1, 1, NULL) == 0);
    float w0[8], b0 = m->layers[0].bias[4], w1[6], b1 = m->layers[1].bias[1];
    const float other = m->layers[0].bias[3];
    memcpy(w0, m->layers[0].weight + 4 * 8, sizeof w0); /* the weights feeding the two */
    memcpy(w1, m->layers[1].weight + 1 * 6, sizeof w1);
    NnOnline o;
    CHECK(nn_online_init(&o, m, NULL) == 0);
    CHECK(nn_model_reserve(m, 1, NULL) == 0);
    nn_online_begin(&o, m);
    NnRng rng;
    nn_rng_seed(&rng, 16);
    float *x = randn(&rng, 8, 1.0f);
    int correct = 0;
    nn_online_step(&o, m, x, 2, NN_COST_CROSS_ENTROPY, 0.5f, &correct);
    CHECK(m->a[0][4] == 0.0f && m->a[1][1] == 0.0f); /* its forward pass knocks out too */
    nn_online_end(&o, m);
    CHECK(memcmp(w0, m->layers[0].weight + 4 * 8, sizeof w0) == 0 && b0 == m->layers[0].bias[4]);
    CHECK(memcmp(w1, m->layers[1].weight + 1 * 6, sizeof w1) == 0 && b1 == m->layers[1].bias[1]);
    CHECK(m->layers[0].bias[3] != other); /* while the others learn */
    nn_online_free(&o);
    free(x);
    nn_model_free(m);
}

int main(void)
{
    RUN(knocking_out_a_dense_neuron_equals_zeroing_its_outgoing_weights);
    RUN(knocking_out_a_conv_filter_equals_zeroing_the_weights_its_map_feeds);
    RUN(the_batch_pass_and_the_frozen_one_input_pass_agree_with_knockouts);
    RUN(clearing_knockouts_restores_the_exact_outputs);
    RUN(knockouts_are_listed_in_order_and_set_once);
    RUN(knockouts_are_refused_where_there_is_no_unit_of_its_own);
    RUN(model_files_never_hold_knockouts);
    RUN(a_knocked_out_neuron_learns_nothing_in_a_one_sample_step);
    return test_main_result();
}
