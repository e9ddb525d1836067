/* test_digit_search.c - the two searches over digits (src/nn/neighbours.c, src/nn/excite.c)
 * against brute force written plainly here: every digit run alone through the model, its
 * features or scores taken from the layer outputs, distances summed in double, everything
 * sorted by a plain selection. Small synthetic models with integer weights and inputs (scale 1),
 * so every feature, score and distance is an exact integer in float and the batched and the
 * one-at-a-time passes must agree to the bit; repeated digits make ties, which go to the lower
 * index. */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/excite.h"
#include "nn/neighbours.h"
#include "test.h"

#define SIDE 4
#define N_DIGITS 150 /* more than two batches (NN_PASS_BATCH), the last one partial */

/* A model of spec with weights in {-1, 0, 1}, biases in {0, 1}, inputs the pixels as they are. */
static NnModel *model(const char *spec)
{
    NnShape in;
    NnLayerSpec specs[NN_MAX_LAYERS];
    SnError err = {0};
    int n = nn_spec_parse(spec, &in, specs, &err);
    NnModel *m = n > 0 ? nn_model_new_shape(in, specs, n, &err) : NULL;
    if (!m) {
        printf("%s: %s\n", spec, err.msg);
        exit(1);
    }
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] = (float)((int)((i * 7 + i / 5) % 3) - 1);
    for (int l = 0; l < m->n_layers; l++)
        for (size_t b = 0; b < m->layers[l].n_bias; b++)
            m->layers[l].bias[b] = (float)(b % 2);
    m->info.in_scale = 1.0f;
    m->info.in_offset = 0.0f;
    return m;
}

/* N_DIGITS digits of SIDE x SIDE pixels in 0..3, labels i % 10; digit i >= 100 repeats digit
 * i - 100 when i is even. Caller frees with nn_dataset_free. */
static NnDataset digits(void)
{
    NnDataset ds = {N_DIGITS, SIDE, SIDE, malloc(N_DIGITS * SIDE * SIDE), malloc(N_DIGITS)};
    if (!ds.images || !ds.labels)
        exit(1);
    for (int i = 0; i < N_DIGITS; i++) {
        for (int p = 0; p < SIDE * SIDE; p++)
            ds.images[i * SIDE * SIDE + p] = (uint8_t)((i * 13 + p * (i % 7 + 1) + p / 3) % 4);
        if (i >= 100 && i % 2 == 0)
            memcpy(ds.images + i * SIDE * SIDE, ds.images + (i - 100) * SIDE * SIDE,
                   SIDE * SIDE);
        ds.labels[i] = (uint8_t)(i % 10);
    }
    return ds;
}

/* Runs digit i alone through m; returns layer l's output (or the input for l = -1). */
static const float *alone(NnModel *m, const NnDataset *ds, int i, int l, float *x)
{
    for (int p = 0; p < SIDE * SIDE; p++)
        x[p] = (float)ds->images[i * SIDE * SIDE + p];
    CHECK(nn_model_reserve(m, 1, NULL) == 0);
    nn_model_forward(m, x, 1);
    return l < 0 ? x : m->a[l];
}

/* order[0..n) = 0..n-1 sorted by key ascending (descending when high_first), ties by index. */
static void plain_sort(const double *key, int n, int high_first, int *order)
{
    char *used = calloc((size_t)n, 1);
    for (int r = 0; r < n; r++) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (used[i])
                continue;
            if (best < 0 || (high_first ? key[i] > key[best] : key[i] < key[best]))
                best = i;
        }
        used[best] = 1;
        order[r] = best;
    }
    free(used);
}

static void check_neighbours(const char *spec, int want_layer)
{
    NnModel *m = model(spec);
    NnDataset ds = digits();
    NnNeighbourIndex ix = {0};
    SnError err = {0};
    CHECK(nn_neighbours_layer(m) == want_layer);
    CHECK(nn_neighbours_build(&ix, m, &ds, NULL, NULL, &err) == 0);
    CHECK(ix.n == N_DIGITS && ix.layer == want_layer && ix.width == nn_neighbours_width(m));
    const int w = ix.width;
    float x[SIDE * SIDE], *feat = malloc((size_t)N_DIGITS * (size_t)w * sizeof *feat);
    for (int i = 0; i < N_DIGITS; i++)
        memcpy(feat + (size_t)i * (size_t)w, alone(m, &ds, i, want_layer, x),
               (size_t)w * sizeof *feat);
    CHECK(memcmp(feat, ix.features, (size_t)N_DIGITS * (size_t)w * sizeof *feat) == 0);
    /* queries: digits 0 and 3 (each has a twin: a distance-0 tie) and one digit of its own */
    const int queries[] = {0, 3, 77};
    for (int qi = 0; qi < 3; qi++) {
        const float *q = feat + (size_t)queries[qi] * (size_t)w;
        double d[N_DIGITS];
        int order[N_DIGITS];
        for (int i = 0; i < N_DIGITS; i++) {
            d[i] = 0;
            for (int j = 0; j < w; j++) {
                double diff = (double)feat[(size_t)i * (size_t)w + (size_t)j] - (double)q[j];
                d[i] += diff * diff;
            }
        }
        plain_sort(d, N_DIGITS, 0, order);
        NnNeighbour out[N_DIGITS];
        const int ks[] = {1, 12, N_DIGITS};
        for (int t = 0; t < 3; t++) {
            CHECK(nn_neighbours_search(&ix, q, ks[t], out) == ks[t]);
            for (int r = 0; r < ks[t]; r++)
                CHECK(out[r].index == order[r] && out[r].label == order[r] % 10 &&
                      (double)out[r].distance == d[order[r]]);
        }
        /* the query through the model gives the same */
        for (int p = 0; p < SIDE * SIDE; p++)
            x[p] = (float)ds.images[queries[qi] * SIDE * SIDE + p];
        CHECK(nn_neighbours_query(&ix, m, x, 12, out, &err) == 12);
        CHECK(out[0].index == order[0] && out[11].index == order[11]);
    }
    free(feat);
    nn_neighbours_free(&ix);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

TEST(nearest_digits_equal_a_brute_force_search_ties_by_index)
{
    /* features: the dropout's output, the input of the last dense layer */
    check_neighbours("1x4x4,conv2x3:relu,pool,flatten,5:relu,dropout0.5,3:softmax", 4);
    check_neighbours("16,6:relu,3:softmax", 0);
    /* a single weighted layer: the inputs themselves */
    check_neighbours("16,3:softmax", -1);
}

/* Stops the pass at the second report. */
static int stop_second(void *ctx, int done, int total)
{
    int *calls = ctx;
    CHECK(total == N_DIGITS && done > 0 && done <= total);
    return ++*calls == 2;
}

static int count_calls(void *ctx, int done, int total)
{
    int *last = ctx;
    CHECK(done > *last && total == N_DIGITS);
    *last = done;
    return 0;
}

TEST(building_reports_progress_and_stops_when_asked)
{
    NnModel *m = model("16,6:relu,3:softmax");
    NnDataset ds = digits();
    NnNeighbourIndex ix = {0};
    NnExcite ex = {0};
    SnError err = {0};
    int calls = 0, last = 0;
    CHECK(nn_neighbours_build(&ix, m, &ds, stop_second, &calls, &err) == SN_E_CANCELLED);
    CHECK(calls == 2 && ix.features == NULL && ix.n == 0);
    CHECK(strstr(err.msg, "stopped after 128 of 150 digits") != NULL);
    calls = 0;
    CHECK(nn_excite_build(&ex, m, &ds, stop_second, &calls, &err) == SN_E_CANCELLED);
    CHECK(ex.score[0] == NULL && ex.n == 0);
    CHECK(nn_neighbours_build(&ix, m, &ds, count_calls, &last, &err) == 0 && last == N_DIGITS);
    /* images of another size than the model reads */
    NnDataset wide = ds;
    wide.cols = SIDE + 1;
    nn_neighbours_free(&ix);
    CHECK(nn_neighbours_build(&ix, m, &wide, NULL, NULL, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "the model reads 16 values per image, the digits are 4 x 5") != NULL);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

TEST(the_digits_that_excite_a_unit_most_equal_brute_force)
{
    NnModel *m = model("1x4x4,conv3x3:relu,pool,flatten,5:relu,dropout0.5,4:softmax");
    NnDataset ds = digits();
    NnExcite ex = {0};
    SnError err = {0};
    CHECK(nn_excite_build(&ex, m, &ds, NULL, NULL, &err) == 0);
    CHECK(ex.units[0] == 3 && ex.units[1] == 0 && ex.units[2] == 0 && ex.units[3] == 5 &&
          ex.units[4] == 0 && ex.units[5] == 4);
    float x[SIDE * SIDE];
    for (int l = 0; l < m->n_layers; l++) {
        const int units = nn_layer_units(m, l), map = units ? m->layers[l].n_out / units : 0;
        for (int u = 0; u < units; u++) {
            double s[N_DIGITS];
            int order[N_DIGITS];
            for (int i = 0; i < N_DIGITS; i++) {
                const float *a = alone(m, &ds, i, l, x) + u * map;
                s[i] = -DBL_MAX;
                for (int p = 0; p < map; p++)
                    s[i] = (double)a[p] > s[i] ? (double)a[p] : s[i];
            }
            plain_sort(s, N_DIGITS, 1, order);
            NnExcited out[N_DIGITS];
            CHECK(nn_excite_top(&ex, l, u, 9, out) == 9);
            for (int r = 0; r < 9; r++)
                CHECK(out[r].index == order[r] && (double)out[r].score == s[order[r]]);
            CHECK(nn_excite_top(&ex, l, u, N_DIGITS + 5, out) == N_DIGITS);
            CHECK(out[N_DIGITS - 1].index == order[N_DIGITS - 1]);
        }
    }
    NnExcited out[4];
    CHECK(nn_excite_top(&ex, 1, 0, 4, out) == SN_E_ARG); /* pooling has no units here */
    CHECK(nn_excite_top(&ex, 0, 3, 4, out) == SN_E_ARG);
    CHECK(nn_excite_top(&ex, 0, 0, 0, out) == SN_E_ARG);
    nn_excite_free(&ex);
    nn_excite_free(&ex);
    nn_dataset_free(&ds);
    nn_model_free(m);
}

int main(void)
{
    RUN(nearest_digits_equal_a_brute_force_search_ties_by_index);
    RUN(building_reports_progress_and_stops_when_asked);
    RUN(the_digits_that_excite_a_unit_most_equal_brute_force);
    return test_main_result();
}
