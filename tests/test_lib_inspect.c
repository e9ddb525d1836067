/* test_lib_inspect.c - looking inside the network through the public API (include/scratchnet.h):
 * layers described as the model file has them, the prepared grid, each layer's output and the
 * saliency equal to the core's on the same path (src/ink/classify.h, src/nn/inspect.h), and
 * knock-outs changing the answer until cleared, and the flip search the core's. Linked against
 * the built shared library; the shipped MLP and CNN loaded once each.
 */
#include "scratchnet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/classify.h"
#include "ink/flip.h"
#include "nn/inspect.h"
#include "nn/model.h"
#include "nn/model_io.h"
#include "test.h"

#define CELLS (SCRATCHNET_SIDE * SCRATCHNET_SIDE)

static char mlp_path[1024], cnn_path[1024], seven_pgm[1024];
static ScratchnetModel *mlp, *cnn;  /* the library's */
static NnModel *mlp_net, *cnn_net; /* the core's, frozen as the library's are */

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

/* The largest difference between two vectors of n values, relative to the largest of b. */
static double rel_diff(const float *a, const float *b, int n)
{
    double d = 0.0, big = 0.0;
    for (int i = 0; i < n; i++) {
        d = fmax(d, fabs((double)a[i] - (double)b[i]));
        big = fmax(big, fabs((double)b[i]));
    }
    return big > 0.0 ? d / big : d;
}

/* The core's answer for a file on the one path: its grid is what the network sees. */
static int core_answer(NnModel *net, const char *path, InkAnswer *a)
{
    InkInput in = {.path = path};
    return ink_classify(net, &in, a, NULL);
}

TEST(layers_are_described_as_the_model_has_them)
{
    NnModel *nets[] = {mlp_net, cnn_net};
    ScratchnetModel *models[] = {mlp, cnn};
    for (int k = 0; k < 2; k++) {
        const NnModel *net = nets[k];
        CHECK(scratchnet_layers(models[k]) == net->n_layers);
        for (int l = 0; l < net->n_layers; l++) {
            const NnLayer *L = &net->layers[l];
            ScratchnetLayer info;
            CHECK(scratchnet_layer(models[k], l, &info) == 0);
            CHECK(strcmp(info.type, nn_layer_type_name(L->type)) == 0);
            CHECK(strcmp(info.activation, nn_act_name(L->act)) == 0);
            CHECK(info.channels == L->out.c && info.height == L->out.h && info.width == L->out.w);
            CHECK(info.size == L->n_out);
            int units = l == net->n_layers - 1                ? 0
                        : L->type == NN_LAYER_CONV2D ? L->out.c
                        : L->type == NN_LAYER_DENSE  ? L->n_out
                                                     : 0;
            CHECK(info.units == units);
        }
    }
    /* the CNN: a convolution of 28 x 28 maps, then pooling halves them */
    ScratchnetLayer c0, p1;
    CHECK(scratchnet_layer(cnn, 0, &c0) == 0 && scratchnet_layer(cnn, 1, &p1) == 0);
    CHECK(strcmp(c0.type, "conv2d") == 0 && c0.height == 28 && c0.units == c0.channels);
    CHECK(strcmp(p1.type, "maxpool2") == 0 && p1.height == 14 && p1.units == 0);
    CHECK(scratchnet_layers(NULL) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_layer(cnn, scratchnet_layers(cnn), &c0) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "layer"));
    CHECK(scratchnet_layer(cnn, 0, NULL) == SCRATCHNET_E_ARG);
}

TEST(every_layers_output_is_the_cores_for_the_prepared_grid)
{
    NnModel *nets[] = {mlp_net, cnn_net};
    ScratchnetModel *models[] = {mlp, cnn};
    for (int k = 0; k < 2; k++) {
        NnModel *net = nets[k];
        float grid[CELLS], probs[SCRATCHNET_MAX_CLASSES];
        CHECK(scratchnet_prepare_file(models[k], seven_pgm, grid, CELLS) == 0);
        InkAnswer a;
        CHECK(core_answer(net, seven_pgm, &a) == 0);
        CHECK(memcmp(grid, a.grid, sizeof grid) == 0); /* the same preparation, bit for bit */
        CHECK(ink_inspect(net, &a, NULL) == 0);
        for (int l = 0; l < net->n_layers; l++) {
            const int size = net->layers[l].n_out;
            float *out = malloc(sizeof(float) * (size_t)size);
            CHECK(scratchnet_layer_output(models[k], grid, l, out, size) == size);
            double d = rel_diff(out, nn_inspect_output(net, l), size);
            if (!(d < 1e-5))
                printf("  layer %d: relative difference %.2e\n", l, d);
            CHECK(d < 1e-5);
            free(out);
        }
        /* the output layer's values are the softmax's probabilities a classification gives */
        CHECK(scratchnet_classify_file(models[k], seven_pgm, probs, SCRATCHNET_MAX_CLASSES) == 7);
        float last[10];
        CHECK(scratchnet_layer_output(models[k], grid, net->n_layers - 1, last, 10) == 10);
        for (int c = 0; c < 10; c++)
            CHECK_NEAR(last[c], probs[c], 1e-6);
    }
}

TEST(saliency_is_the_cores_and_favours_the_ink_of_the_seven)
{
    float grid[CELLS], grad[CELLS], want[CELLS];
    CHECK(scratchnet_prepare_file(cnn, seven_pgm, grid, CELLS) == 0);
    InkAnswer a;
    CHECK(core_answer(cnn_net, seven_pgm, &a) == 0);
    for (int cls = 0; cls < 10; cls += 7) {
        CHECK(scratchnet_saliency(cnn, grid, cls, grad, CELLS) == 0);
        CHECK(ink_saliency(cnn_net, &a, cls, want, NULL) == 0);
        CHECK(rel_diff(grad, want, CELLS) < 1e-4);
    }
    /* to first order, score(grid) - score(blank) ~ sum grad * grid: the 7's ink counts for 7 */
    double dot = 0.0;
    for (int i = 0; i < CELLS; i++)
        dot += (double)grad[i] * (double)grid[i];
    CHECK(dot > 0.0);
    CHECK(scratchnet_saliency(cnn, grid, 10, grad, CELLS) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "class 10"));
    CHECK(scratchnet_saliency(cnn, grid, 7, grad, CELLS - 1) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_saliency(cnn, NULL, 7, grad, CELLS) == SCRATCHNET_E_ARG);
    grid[5] = NAN;
    CHECK(scratchnet_saliency(cnn, grid, 7, grad, CELLS) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "grid[5]"));
    CHECK(scratchnet_saliency(NULL, grid, 7, grad, CELLS) == SCRATCHNET_E_ARG);
}

TEST(knockouts_change_the_answer_until_cleared)
{
    float before[10], knocked[10], after[10], grid[CELLS];
    CHECK(scratchnet_classify_file(mlp, seven_pgm, before, 10) == 7);
    CHECK(scratchnet_prepare_file(mlp, seven_pgm, grid, CELLS) == 0);
    ScratchnetLayer first;
    CHECK(scratchnet_layer(mlp, 0, &first) == 0);
    for (int u = 0; u < first.units; u += 2) /* half the first layer */
        CHECK(scratchnet_knockout(mlp, 0, u, 1) == 0);
    CHECK(scratchnet_classify_file(mlp, seven_pgm, knocked, 10) >= 0);
    CHECK(memcmp(before, knocked, sizeof before) != 0);
    float *out = malloc(sizeof(float) * (size_t)first.size);
    CHECK(scratchnet_layer_output(mlp, grid, 0, out, first.size) == first.size);
    for (int u = 0; u < first.units; u += 2)
        CHECK(out[u] == 0.0f);
    free(out);
    CHECK(scratchnet_knockout(mlp, 0, 0, 0) == 0); /* one back */
    CHECK(scratchnet_knockout_clear(mlp) == 0);
    CHECK(scratchnet_classify_file(mlp, seven_pgm, after, 10) == 7);
    CHECK(memcmp(before, after, sizeof before) == 0);
    /* a convolution's filter; pooling has no units; the output layer's are the classes */
    CHECK(scratchnet_knockout(cnn, 0, 3, 1) == 0);
    CHECK(scratchnet_knockout(cnn, 1, 0, 1) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "no units of its own"));
    CHECK(scratchnet_knockout(cnn, scratchnet_layers(cnn) - 1, 0, 1) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_knockout(cnn, 0, 100000, 1) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_knockout_clear(cnn) == 0);
    CHECK(scratchnet_knockout(NULL, 0, 0, 1) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_knockout_clear(NULL) == SCRATCHNET_E_ARG);
}

TEST(flip_makes_the_seven_a_three_as_the_core_does)
{
    float grid[CELLS], changed[CELLS], norm = -1.0f, probs[10];
    CHECK(scratchnet_prepare_file(mlp, seven_pgm, grid, CELLS) == 0);
    CHECK(scratchnet_flip(mlp, grid, 3, changed, CELLS, &norm) == 3);
    double sum = 0.0;
    for (int i = 0; i < CELLS; i++) {
        CHECK(changed[i] >= 0.0f && changed[i] <= 1.0f);
        sum += ((double)changed[i] - (double)grid[i]) * ((double)changed[i] - (double)grid[i]);
    }
    CHECK(norm > 0.0f && fabs((double)norm - sqrt(sum)) < 1e-4);
    /* the network's output on the changed grid: 3 on top */
    float out[10];
    CHECK(scratchnet_layer_output(mlp, changed, mlp_net->n_layers - 1, out, 10) == 10);
    int top = 0;
    for (int c = 1; c < 10; c++)
        top = out[c] > out[top] ? c : top;
    CHECK(top == 3);
    /* the core's search on the same grid: the same change */
    InkFlip f;
    InkFlipAsk ask = {.target = 3, .prep = INK_PREP_NONE};
    CHECK(ink_flip(mlp_net, grid, &ask, &f, NULL) == 0 && f.found);
    CHECK(rel_diff(changed, f.grid, CELLS) < 1e-4 && fabs((double)(norm - f.norm)) < 1e-4);
    /* the class it has: no change */
    CHECK(scratchnet_flip(mlp, grid, 7, changed, CELLS, &norm) == 7);
    CHECK(norm == 0.0f && memcmp(changed, grid, sizeof grid) == 0);
    CHECK(scratchnet_flip(mlp, grid, 3, changed, CELLS, NULL) == 3);
    CHECK(scratchnet_classify_file(mlp, seven_pgm, probs, 10) == 7); /* the model is untouched */
    /* refused */
    CHECK(scratchnet_flip(mlp, grid, 10, changed, CELLS, &norm) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "class 10"));
    CHECK(scratchnet_flip(mlp, grid, 3, changed, CELLS - 1, &norm) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "changed is too small"));
    CHECK(scratchnet_flip(mlp, grid, 3, NULL, CELLS, &norm) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_flip(NULL, grid, 3, changed, CELLS, &norm) == SCRATCHNET_E_ARG);
    grid[4] = 2.0f;
    CHECK(scratchnet_flip(mlp, grid, 3, changed, CELLS, &norm) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "grid[4]"));
}

TEST(prepare_and_layer_output_refuse_bad_arguments)
{
    float grid[CELLS], out[16];
    const unsigned char blank[28 * 28] = {0};
    CHECK(scratchnet_prepare_image(mlp, blank, 28, 28, grid, CELLS) == SCRATCHNET_E_BLANK);
    CHECK(scratchnet_prepare_image(mlp, blank, 28, 28, grid, CELLS - 1) == SCRATCHNET_E_ARG);
    CHECK(contains(scratchnet_last_error(), "grid holds"));
    CHECK(scratchnet_prepare_image(mlp, NULL, 28, 28, grid, CELLS) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_prepare_file(mlp, "/nonexistent/seven.pgm", grid, CELLS) ==
          SCRATCHNET_E_IO);
    CHECK(contains(scratchnet_last_error(), "/nonexistent/seven.pgm"));
    CHECK(scratchnet_prepare_strokes(mlp, NULL, 0, 28.0f, 28.0f, grid, CELLS) ==
          SCRATCHNET_E_BLANK);
    CHECK(scratchnet_prepare_strokes(NULL, NULL, 0, 28.0f, 28.0f, grid, CELLS) ==
          SCRATCHNET_E_ARG);
    /* a seven drawn as strokes: prepared, with ink */
    const ScratchnetPoint pts[] = {{7, 6}, {20, 6}, {12, 22}};
    const ScratchnetStroke seven = {pts, 3, 2.5f, 0};
    CHECK(scratchnet_prepare_strokes(mlp, &seven, 1, 28.0f, 28.0f, grid, CELLS) == 0);
    double ink = 0.0;
    for (int i = 0; i < CELLS; i++)
        ink += (double)grid[i];
    CHECK(ink > 10.0);
    CHECK(scratchnet_layer_output(mlp, grid, 0, out, 16) == SCRATCHNET_E_ARG); /* too small */
    CHECK(contains(scratchnet_last_error(), "too small"));
    CHECK(scratchnet_layer_output(mlp, grid, -1, out, 16) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_layer_output(mlp, NULL, 2, out, 16) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_layer_output(mlp, grid, 2, NULL, 16) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_layer_output(mlp, grid, 2, out, 16) == 10);
}

int main(void)
{
    const char *root, *data;
    if (test_roots(&root, &data) != 0)
        return 1;
    snprintf(mlp_path, sizeof mlp_path, "%s/models/mnist-mlp.json", root);
    snprintf(cnn_path, sizeof cnn_path, "%s/models/mnist-cnn.json", root);
    snprintf(seven_pgm, sizeof seven_pgm, "%s/mnist-test-0-seven.pgm", data);
    mlp = scratchnet_load(mlp_path);
    cnn = scratchnet_load(cnn_path);
    mlp_net = nn_model_load(mlp_path, NULL);
    cnn_net = nn_model_load(cnn_path, NULL);
    if (!mlp || !cnn || !mlp_net || !cnn_net) {
        printf("cannot load the shipped models: %s\n", scratchnet_last_error());
        return 1;
    }
    nn_model_freeze(mlp_net, NULL);
    nn_model_freeze(cnn_net, NULL);
    RUN(layers_are_described_as_the_model_has_them);
    RUN(every_layers_output_is_the_cores_for_the_prepared_grid);
    RUN(saliency_is_the_cores_and_favours_the_ink_of_the_seven);
    RUN(knockouts_change_the_answer_until_cleared);
    RUN(flip_makes_the_seven_a_three_as_the_core_does);
    RUN(prepare_and_layer_output_refuse_bad_arguments);
    scratchnet_free(cnn);
    scratchnet_free(mlp);
    nn_model_free(cnn_net);
    nn_model_free(mlp_net);
    return test_main_result();
}
