/* test_ink_inspect.c - seeing inside the network on a drawing (src/ink/classify.h): ink_inspect
 * runs the very input ink_classify classified, and ink_saliency, the gradient of a class's score
 * with respect to the 28 x 28 grid, matches central finite differences on the grid, through
 * the model's input scaling and, for inputs of another size, its resampling. Small synthetic
 * models built here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "ink/classify.h"
#include "nn/inspect.h"
#include "nn/model.h"
#include "spec_model.h"
#include "test.h"

#define CELLS (INK_SIDE * INK_SIDE)

/* A stroke across the canvas, classified by m: the answer whose grid the tests inspect. */
static int classify_stroke(NnModel *m, InkAnswer *a)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    int rc = ink_drawing_begin_stroke(&d, 2.5f, 0);
    for (int i = 0; rc == 0 && i < 12; i++)
        rc = ink_drawing_add_point(&d, 6.0f + 1.5f * (float)i, 5.0f + (float)(i * i) / 8.0f);
    InkInput in = {.drawing = &d, .what = "stroke"};
    if (rc == 0)
        rc = ink_classify(m, &in, a, NULL);
    ink_drawing_free(&d);
    return rc;
}

TEST(ink_inspect_runs_exactly_the_input_ink_classify_classified)
{
    NnModel *m = spec_model("1x28x28,conv2x5p0:relu,pool,8:tanh,10:softmax", 1, 0);
    CHECK(m != NULL);
    if (!m)
        return;
    InkAnswer a;
    CHECK(classify_stroke(m, &a) == 0);
    CHECK(nn_model_predict(m, a.grid, NULL) >= 0); /* another input's pass in between */
    CHECK(ink_inspect(m, &a, NULL) == 0);
    float p[NN_MAX_CLASSES];
    nn_model_probabilities(m, nn_inspect_output(m, m->n_layers - 1), p);
    CHECK(memcmp(p, a.probs, sizeof(float) * (size_t)m->n_out) == 0); /* the same bits */
    nn_model_free(m);
}

/* class cls's score for grid */
static double grid_score(NnModel *m, InkAnswer *a, int cls)
{
    if (ink_inspect(m, a, NULL) != 0)
        return (double)NAN;
    return (double)nn_inspect_logits(m)[cls];
}

/* ink_saliency of each class against central differences on every cell of the grid, at two
 * step sizes; bound as for the model's own input gradient (test_inspect.c). */
static void check_saliency(NnModel *m, InkAnswer *a, const char *what)
{
    float grad[CELLS];
    double num[CELLS];
    for (int cls = 0; cls < m->n_out; cls++) {
        CHECK(ink_saliency(m, a, cls, grad, NULL) == 0);
        CHECK(sum_sq(grad, CELLS) > 0.0);
        const float steps[] = {1e-2f, 1e-3f};
        for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
            const float h = steps[s];
            for (int j = 0; j < CELLS; j++) {
                float keep = a->grid[j];
                a->grid[j] = keep + h;
                double up = grid_score(m, a, cls);
                a->grid[j] = keep - h;
                double down = grid_score(m, a, cls);
                a->grid[j] = keep;
                num[j] = (up - down) / ((double)(keep + h) - (double)(keep - h));
            }
            double e = rel_error(num, grad, CELLS);
            if (cls == 0 || !(e < 1e-2))
                printf("  %s: class %d, h %g: relative error %.2e\n", what, cls, (double)h, e);
            CHECK(e < 1e-2);
        }
    }
}

TEST(saliency_matches_finite_differences_on_the_grid)
{
    /* the shipped models' input size; a scaling other than the default; a smaller input (the
     * grid shrunk by area weights) and a larger one (bilinear). What is checked here is the
     * chain rule from the model's input back to the grid (the model's own input gradient,
     * max pooling's included, is test_inspect.c's): no pooling, whose near-equal neighbours
     * would swap places within the steps over 784 cells and blur the differences. */
    const char *const specs[] = {
        "1x28x28,conv2x5p0:tanh,6:tanh,3:softmax",
        "1x28x28,6:sigmoid,3:linear",
        "1x12x12,conv2x3:tanh,5:tanh,3:linear",
        "1x34x34,conv2x3p0:tanh,5:tanh,3:linear",
    };
    for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
        NnModel *m = spec_model(specs[k], 10 + k, 0);
        CHECK(m != NULL);
        if (!m)
            continue;
        if (k == 1) {
            m->info.in_scale = 2.0f / 255.0f; /* x = 2 v - 1 */
            m->info.in_offset = -1.0f;
        }
        InkAnswer a;
        CHECK(classify_stroke(m, &a) == 0);
        /* a noisy grid, ink everywhere: no cell sits at a blank background's flat spot */
        NnRng rng;
        nn_rng_seed(&rng, 30 + k);
        for (int j = 0; j < CELLS; j++)
            a.grid[j] = 0.5f * a.grid[j] + 0.5f * nn_rng_uniform(&rng);
        check_saliency(m, &a, specs[k]);
        nn_model_free(m);
    }
}

TEST(saliency_refuses_what_it_cannot_answer)
{
    NnModel *m = spec_model("1x28x28,3:linear", 20, 0);
    NnModel *rgb = spec_model("3x28x28,3:linear", 21, 0);
    CHECK(m && rgb);
    if (!m || !rgb)
        return;
    InkAnswer a;
    float grad[CELLS];
    SnError err = {0};
    CHECK(classify_stroke(m, &a) == 0);
    CHECK(ink_saliency(m, &a, 3, grad, &err) == SN_E_ARG); /* no class 3 */
    CHECK(strstr(err.msg, "class 3") != NULL);
    CHECK(ink_saliency(rgb, &a, 0, grad, &err) == SN_E_FORMAT); /* not a one-channel model */
    CHECK(strstr(err.msg, "3x28x28") != NULL);
    a.prepared = 0;
    CHECK(ink_saliency(m, &a, 0, grad, &err) == SN_E_ARG);
    CHECK(ink_inspect(m, &a, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "no prepared input") != NULL);
    nn_model_free(rgb);
    nn_model_free(m);
}

int main(void)
{
    RUN(ink_inspect_runs_exactly_the_input_ink_classify_classified);
    RUN(saliency_matches_finite_differences_on_the_grid);
    RUN(saliency_refuses_what_it_cannot_answer);
    return test_main_result();
}
