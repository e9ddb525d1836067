/* test_flip.c - "flip it" (src/ink/flip.h): on a real MNIST test digit (tests/data's seven) the
 * search reaches the asked class with the shipped MLP and CNN (each loaded once), reports the
 * change it made and its norm truly, keeps every cell in 0..1, changes nothing when asked for
 * the class it already has, stops when cancelled, gives the same change twice, and finds a
 * smaller change than the straight line towards the nearest test digit of the target class
 * (from the shipped MNIST subset). A weighted sum of class scores' gradient is one pass equal to
 * the sum of the classes' own (ink_saliency_sum).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/classify.h"
#include "ink/flip.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "test.h"

#define CELLS (INK_SIDE * INK_SIDE)

static NnModel *mlp, *cnn;
static InkAnswer seven_mlp, seven_cnn; /* the seven as each model sees it */
static NnDataset test_digits;          /* the shipped subset's test digits */

static double dist(const float *a, const float *b)
{
    double s = 0.0;
    for (int i = 0; i < CELLS; i++)
        s += ((double)a[i] - (double)b[i]) * ((double)a[i] - (double)b[i]);
    return sqrt(s);
}

static int top_of(NnModel *m, const float *grid)
{
    InkAnswer a;
    InkInput in = {.image = grid, .width = INK_SIDE, .height = INK_SIDE, .prep = INK_PREP_NONE};
    return ink_classify(m, &in, &a, NULL) == 0 ? a.top : -1;
}

/* The naive change: along the line from grid towards the nearest test digit of class t that
 * the model reads as t, the shortest stretch that flips (bisection). Its norm, or -1. */
static double baseline(NnModel *m, const float *grid, int t)
{
    float d[CELLS], y[CELLS];
    double len = -1.0;
    for (int n = 0; n < test_digits.n; n++) { /* the nearest digit of class t read as t */
        if (test_digits.labels[n] != t)
            continue;
        float c[CELLS];
        for (int i = 0; i < CELLS; i++)
            c[i] = (float)test_digits.images[(size_t)n * CELLS + (size_t)i] / 255.0f;
        double l = dist(grid, c);
        if ((len < 0.0 || l < len) && top_of(m, c) == t) {
            len = l;
            memcpy(d, c, sizeof d);
        }
    }
    if (len < 0.0)
        return -1.0;
    double lo = 0.0, hi = 1.0;
    for (int it = 0; it < 20; it++) {
        double mid = 0.5 * (lo + hi);
        for (int i = 0; i < CELLS; i++)
            y[i] = (float)((double)grid[i] + mid * ((double)d[i] - (double)grid[i]));
        if (top_of(m, y) == t)
            hi = mid;
        else
            lo = mid;
    }
    return hi * len;
}

/* Checks one flip of a's grid to t: reached, truly reported, in 0..1, smaller than the
 * baseline, and the drawing made from it shows exactly the changed grid. */
static void check_flip(NnModel *m, const InkAnswer *a, int t)
{
    InkFlip f;
    SnError err = {0};
    InkFlipAsk ask = {.target = t, .prep = INK_PREP_NONE};
    CHECK(ink_flip(m, a->grid, &ask, &f, &err) == 0);
    CHECK(f.found == 1 && f.top == t && f.target == t);
    CHECK(top_of(m, f.grid) == t); /* the classification of the new grid agrees */
    CHECK(f.n_classes == 10 && f.probs[t] >= f.probs[a->top]);
    double sum = 0.0;
    int in_range = 1, exact = 1;
    for (int i = 0; i < CELLS; i++) {
        in_range &= f.grid[i] >= 0.0f && f.grid[i] <= 1.0f;
        exact &= f.change[i] == f.grid[i] - a->grid[i];
        sum += (double)f.change[i] * (double)f.change[i];
    }
    CHECK(in_range && exact);
    CHECK_NEAR(f.norm, sqrt(sum), 1e-5);
    CHECK_NEAR(f.norm, dist(f.grid, a->grid), 1e-4);
    CHECK(f.steps >= 1 && f.steps <= INK_FLIP_MAX_STEPS && f.passes >= 1);
    double naive = baseline(m, a->grid, t);
    printf("  -> %d: norm %.3f (naive %.3f), %d steps, %d passes\n", t, (double)f.norm, naive,
           f.steps, f.passes);
    CHECK(naive > 0.0 && (double)f.norm < naive);
    /* applied: the drawing's base image is the changed grid, read back as it is */
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0 && ink_drawing_add_point(&d, 3, 3) == 0);
    CHECK(ink_flip_to_drawing(&f, &d) == 0);
    CHECK(d.n == 0 && d.base && memcmp(d.base, f.grid, sizeof f.grid) == 0);
    InkAnswer b;
    InkInput in = {.drawing = &d, .prep = INK_PREP_NONE};
    CHECK(ink_classify(m, &in, &b, NULL) == 0 && b.top == t);
    CHECK(memcmp(b.grid, f.grid, sizeof b.grid) == 0);
    ink_drawing_free(&d);
}

TEST(the_mlp_flips_the_seven_to_every_other_digit)
{
    CHECK(seven_mlp.top == 7);
    for (int t = 0; t < 10; t++)
        if (t != 7)
            check_flip(mlp, &seven_mlp, t);
}

TEST(the_cnn_flips_the_seven_to_three_digits)
{
    CHECK(seven_cnn.top == 7);
    const int targets[] = {2, 3, 9};
    for (int k = 0; k < 3; k++)
        check_flip(cnn, &seven_cnn, targets[k]);
}

TEST(the_class_it_has_is_no_change)
{
    InkFlip f;
    InkFlipAsk ask = {.target = 7, .prep = INK_PREP_DECLARED};
    CHECK(ink_flip(mlp, seven_mlp.grid, &ask, &f, NULL) == 0);
    CHECK(f.found == 1 && f.top == 7 && f.steps == 0 && f.norm == 0.0f);
    CHECK(memcmp(f.grid, seven_mlp.grid, sizeof f.grid) == 0);
    for (int i = 0; i < CELLS; i++)
        CHECK(f.change[i] == 0.0f);
}

TEST(a_flip_asked_to_hold_through_the_preprocessing_holds_on_the_applied_drawing)
{
    const int targets[] = {3, 9};
    for (int k = 0; k < 2; k++) {
        InkFlip f;
        InkFlipAsk ask = {.target = targets[k], .prep = INK_PREP_DECLARED};
        CHECK(ink_flip(mlp, seven_mlp.grid, &ask, &f, NULL) == 0);
        CHECK(f.found && f.top == targets[k] && f.norm > 0.0f);
        InkDrawing d;
        ink_drawing_init(&d, 28.0f, 28.0f);
        CHECK(ink_flip_to_drawing(&f, &d) == 0);
        InkAnswer b; /* read as the app reads it: the model's MNIST preprocessing again */
        InkInput in = {.drawing = &d};
        CHECK(ink_classify(mlp, &in, &b, NULL) == 0 && b.top == targets[k]);
        printf("  -> %d through the preprocessing: norm %.3f, %d steps, %d passes\n", targets[k],
               (double)f.norm, f.steps, f.passes);
        ink_drawing_free(&d);
    }
}

static int stop_at(void *ctx, int done, int total)
{
    int *calls = ctx;
    ++*calls;
    return done >= 2 && total == INK_FLIP_MAX_STEPS;
}

TEST(a_search_stops_when_asked)
{
    InkFlip f;
    SnError err = {0};
    int calls = 0;
    InkFlipAsk ask = {.target = 3, .progress = stop_at, .ctx = &calls};
    CHECK(ink_flip(mlp, seven_mlp.grid, &ask, &f, &err) == SN_E_CANCELLED);
    CHECK(calls == 2 && f.steps == 2 && err.code == SN_E_CANCELLED);
    for (int i = 0; i < CELLS; i++) /* whatever it holds is a grid in 0..1 and its change */
        CHECK(f.grid[i] >= 0.0f && f.grid[i] <= 1.0f &&
              f.change[i] == f.grid[i] - seven_mlp.grid[i]);
}

TEST(the_same_search_gives_the_same_change)
{
    InkFlip *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    InkFlipAsk ask = {.target = 3, .prep = INK_PREP_NONE};
    CHECK(ink_flip(cnn, seven_cnn.grid, &ask, a, NULL) == 0);
    CHECK(ink_flip(cnn, seven_cnn.grid, &ask, b, NULL) == 0);
    CHECK(a->found && a->steps > 0 && memcmp(a, b, sizeof *a) == 0);
    ask.prep = INK_PREP_DECLARED; /* and through the preprocessing */
    CHECK(ink_flip(mlp, seven_mlp.grid, &ask, a, NULL) == 0);
    CHECK(ink_flip(mlp, seven_mlp.grid, &ask, b, NULL) == 0);
    CHECK(a->found && a->steps > 0);
    CHECK(memcmp(a, b, sizeof *a) == 0);
    free(a);
    free(b);
}

TEST(bad_arguments_are_refused)
{
    InkFlip f;
    SnError err = {0};
    InkFlipAsk ask = {.target = 10};
    CHECK(ink_flip(mlp, seven_mlp.grid, &ask, &f, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "class 10") != NULL && f.found == 0 && f.top == -1);
    float grid[CELLS];
    memcpy(grid, seven_mlp.grid, sizeof grid);
    grid[9] = 1.5f;
    ask.target = 3;
    CHECK(ink_flip(mlp, grid, &ask, &f, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "grid[9]") != NULL);
    grid[9] = NAN;
    CHECK(ink_flip(mlp, grid, &ask, &f, &err) == SN_E_ARG);
}

TEST(a_weighted_sum_of_scores_is_one_pass_of_their_gradients)
{
    float g3[CELLS], g7[CELLS], sum[CELLS], ds[NN_MAX_CLASSES] = {0};
    ds[3] = 1.0f;
    ds[7] = -0.5f;
    CHECK(ink_saliency(cnn, &seven_cnn, 3, g3, NULL) == 0);
    CHECK(ink_saliency(cnn, &seven_cnn, 7, g7, NULL) == 0);
    CHECK(ink_saliency_sum(cnn, &seven_cnn, ds, sum, NULL) == 0);
    double worst = 0.0, big = 0.0;
    for (int i = 0; i < CELLS; i++) {
        double want = (double)g3[i] - 0.5 * (double)g7[i];
        worst = fmax(worst, fabs((double)sum[i] - want));
        big = fmax(big, fabs(want));
    }
    CHECK(big > 0.0 && worst <= 1e-5 * big);
}

int main(void)
{
    const char *root, *data;
    if (test_roots(&root, &data) != 0)
        return 1;
    char path[1024], seven[1024];
    SnError err = {0};
    snprintf(seven, sizeof seven, "%s/mnist-test-0-seven.pgm", data);
    snprintf(path, sizeof path, "%s/models/mnist-mlp.json", root);
    mlp = nn_model_load(path, &err);
    snprintf(path, sizeof path, "%s/models/mnist-cnn.json", root);
    cnn = mlp ? nn_model_load(path, &err) : NULL;
    snprintf(path, sizeof path, "%s/mnist-subset", root);
    InkInput in = {.path = seven};
    if (!cnn || nn_dataset_load_mnist(path, "t10k", 10, &test_digits, &err) != 0 ||
        ink_classify(mlp, &in, &seven_mlp, &err) != 0 ||
        ink_classify(cnn, &in, &seven_cnn, &err) != 0) {
        printf("cannot set up: %s\n", err.msg);
        return 1;
    }
    RUN(the_mlp_flips_the_seven_to_every_other_digit);
    RUN(the_cnn_flips_the_seven_to_three_digits);
    RUN(the_class_it_has_is_no_change);
    RUN(a_flip_asked_to_hold_through_the_preprocessing_holds_on_the_applied_drawing);
    RUN(a_search_stops_when_asked);
    RUN(the_same_search_gives_the_same_change);
    RUN(bad_arguments_are_refused);
    RUN(a_weighted_sum_of_scores_is_one_pass_of_their_gradients);
    nn_dataset_free(&test_digits);
    nn_model_free(cnn);
    nn_model_free(mlp);
    return test_main_result();
}
