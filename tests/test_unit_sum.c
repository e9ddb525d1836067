/* test_unit_sum.c - one unit's weighted input written out (src/nn/unit_sum.h): a dense neuron's
 * and a convolution filter's sums against values worked out by hand, the named terms largest
 * first with the rest summed, and z equal to the model's own pass. Small models built here. */
#include <stdlib.h>
#include <string.h>

#include "nn/inspect.h"
#include "nn/rng.h"
#include "nn/unit_sum.h"
#include "spec_model.h"
#include "test.h"

/* Neuron 1 of a dense layer of 7 inputs 1..7, every weight 0.5, bias -1: the terms 0.5 .. 3.5;
 * named 3.5, 3, 2.5, 2, 1.5; the rest 0.5 + 1; z = 14 - 1 = 13. */
TEST(dense_by_hand)
{
    float in[7];
    NnModel *m = spec_model_neuron7(in);
    CHECK(m != NULL);
    if (!m)
        return;
    NnUnitSum s;
    CHECK(nn_unit_sum(m, 0, 1, in, &s, NULL) == 0);
    CHECK(s.n_terms == 7 && s.n_top == NN_UNIT_TERMS && s.pos == -1);
    for (int i = 0; i < s.n_top; i++) {
        CHECK(s.top[i].in_index == 6 - i && s.top[i].w_index == 7 + 6 - i);
        CHECK_NEAR(s.top[i].input, 7.0f - (float)i, 0.0);
        CHECK_NEAR(s.top[i].weight, 0.5f, 0.0);
    }
    CHECK_NEAR(s.rest, 1.5f, 1e-6);
    CHECK_NEAR(s.bias, -1.0f, 0.0);
    CHECK_NEAR(s.z, 13.0f, 1e-6);
    CHECK(nn_layer_units(m, 0) == 2 && nn_layer_units(m, 5) == 0);
    CHECK(nn_unit_sum(m, 0, 2, in, &s, NULL) == SN_E_ARG);
    nn_model_free(m);
}

/* Filter 2 (2 x 2, no padding) on the 3 x 3 image 1..9, weights 0.5, 0, -1, 2, bias 0.5:
 * z(y, x) = 0.5 in[y][x] - in[y+1][x] + 2 in[y+1][x+1] + 0.5 is 7, 8.5, 11.5, 13 over the four
 * positions: the most active is the last (row 2, column 2), its terms 9 x 2, 8 x -1, 5 x 0.5,
 * 6 x 0. */
TEST(conv_by_hand)
{
    NnModel *m = spec_model_bare("1x3x3,conv2x2p0:linear,2:linear");
    CHECK(m != NULL);
    if (!m)
        return;
    NnLayer *L = &m->layers[0];
    CHECK(L->out.h == 2 && L->out.w == 2 && L->pad == 0);
    static const float w[4] = {0.5f, 0.0f, -1.0f, 2.0f};
    for (int i = 0; i < 4; i++) {
        L->weight[i] = 9.0f; /* filter 1: not asked for */
        L->weight[4 + i] = w[i];
    }
    L->bias[1] = 0.5f;
    float in[9];
    for (int i = 0; i < 9; i++)
        in[i] = (float)(i + 1);
    NnUnitSum s;
    CHECK(nn_unit_sum(m, 0, 1, in, &s, NULL) == 0);
    CHECK(s.n_terms == 4 && s.n_top == 4 && s.pos == 3);
    static const int want_in[4] = {8, 7, 4, 5}, want_w[4] = {7, 6, 4, 5};
    for (int i = 0; i < 4; i++) {
        CHECK(s.top[i].in_index == want_in[i] && s.top[i].w_index == want_w[i]);
        CHECK_NEAR(s.top[i].input, in[want_in[i]], 0.0);
        CHECK_NEAR(s.top[i].weight, L->weight[want_w[i]], 0.0);
    }
    CHECK_NEAR(s.rest, 0.0f, 0.0);
    CHECK_NEAR(s.z, 13.0f, 1e-6);
    CHECK(nn_layer_units(m, 0) == 2 && nn_layer_units(m, 1) == 2);
    nn_model_free(m);
}

/* With padding and several channels, each filter's z at its most active position is the
 * model's own output there, and no other position of its map is larger. */
TEST(conv_matches_the_pass)
{
    NnModel *m = spec_model_bare("1x5x5,conv3x3:linear,conv2x3:linear,2:linear");
    CHECK(m != NULL);
    if (!m)
        return;
    NnRng rng;
    nn_rng_seed(&rng, 3);
    nn_model_init(m, &rng);
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] += 0.1f * nn_rng_normal(&rng);
    float x[25];
    for (int i = 0; i < 25; i++)
        x[i] = nn_rng_normal(&rng);
    CHECK(nn_inspect_forward(m, x, NULL) == 0);
    for (int l = 0; l < 2; l++) {
        const float *in = l ? nn_inspect_output(m, 0) : x, *out = nn_inspect_output(m, l);
        const NnLayer *L = &m->layers[l];
        int per = L->out.h * L->out.w;
        for (int k = 0; k < L->out.c; k++) {
            NnUnitSum s;
            CHECK(nn_unit_sum(m, l, k, in, &s, NULL) == 0);
            CHECK(s.pos >= 0 && s.pos < per && s.n_terms == L->in.c * 9);
            CHECK_NEAR(s.z, out[k * per + s.pos], 1e-5);
            for (int p = 0; p < per; p++)
                CHECK(out[k * per + p] <= s.z + 1e-5f);
        }
    }
    nn_model_free(m);
}

int main(void)
{
    RUN(dense_by_hand);
    RUN(conv_by_hand);
    RUN(conv_matches_the_pass);
    return test_main_result();
}
