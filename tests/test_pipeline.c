/* test_pipeline.c - from a drawing or an image to a model's answer: rasterisation, resampling,
 * MNIST preprocessing, files to input, and the one path through a model (ink_classify).
 * Expected pixel values are worked out by hand in the comments: a 28 x 28 canvas rendered at
 * 28 x 28 puts 4 x 4 samples in each cell at offsets 0.125, 0.375, 0.625, 0.875, and the default
 * soft edge (0.5 cells) makes a sample at distance d from the stroke's centre line hold
 * min(1, max(0, (r + 0.25 - d) / 0.5)) ink.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/classify.h"
#include "ink/image.h"
#include "ink/pipeline.h"
#include "ink/raster.h"
#include "test_ink.h"

/* ---- raster ----------------------------------------------------------------------------- */

TEST(horizontal_stroke_lights_the_right_band_of_rows_with_length_times_width_ink)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    /* from (4, 14) to (24, 14) in 21 points a cell apart: the joints must not add ink */
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    for (int i = 0; i <= 20; i++)
        CHECK(ink_drawing_add_point(&d, 4.0f + (float)i, 14.0f) == 0);
    float g[N28];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    /* r = 1.25, soft band 0.5. Along the middle column 14, samples sit at distances
     * |y - 14| from the line. Rows 13 and 14: every sample within 0.875 <= r - 0.25: 1.
     * Row 15: samples at 1.125, 1.375, 1.625, 1.875 hold 0.75, 0.25, 0, 0: mean 0.25.
     * Row 12 likewise by symmetry. Rows 11 and 16 are beyond r + 0.25 = 1.5: 0. */
    CHECK_NEAR(g[13 * 28 + 14], 1.0, 1e-6);
    CHECK_NEAR(g[14 * 28 + 14], 1.0, 1e-6);
    CHECK_NEAR(g[12 * 28 + 14], 0.25, 1e-6);
    CHECK_NEAR(g[15 * 28 + 14], 0.25, 1e-6);
    CHECK(g[11 * 28 + 14] == 0.0f);
    CHECK(g[16 * 28 + 14] == 0.0f);
    /* Total ink: a band of length 20 and width 2r (the linear soft edge is symmetric about r,
     * so it neither adds nor removes) plus the two half-disc caps, one disc of area
     * pi r^2 + pi h^2 / 3 with h = 0.25: 50 + 4.909 + 0.065 = 54.974. */
    double expect = 20.0 * 2.5 + PI * 1.25 * 1.25 + PI * 0.25 * 0.25 / 3.0;
    CHECK_NEAR(grid_sum(g, N28), expect, 0.02 * expect);
    /* nothing beyond the caps (x < 2.5 or x > 25.5) or outside rows 12-15 */
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++)
            if (i < 12 || i > 15 || j < 2 || j > 25)
                CHECK(g[i * 28 + j] == 0.0f);
    ink_drawing_free(&d);
}

TEST(fast_diagonal_stroke_with_only_two_points_leaves_no_gap)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {2, 2, 26, 26};
    one_stroke(&d, 2.5f, 0, a, 2);
    float g[N28];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    /* every sample of a cell on the diagonal is within 0.25 * sqrt(2) * 1.5 = 0.53 of the
     * line, inside r - h = 1: the cells along the line are fully lit */
    for (int i = 2; i < 26; i++)
        CHECK_NEAR(g[i * 28 + i], 1.0, 1e-6);
    /* a cell 4 columns off the diagonal has its nearest sample 2.83 - 0.53 > 1.5 away */
    for (int i = 0; i < 24; i++)
        CHECK(g[i * 28 + i + 4] == 0.0f && g[(i + 4) * 28 + i] == 0.0f);
    /* ink: length 24 sqrt(2) times 2r plus one disc */
    double expect = 24.0 * sqrt(2.0) * 2.5 + PI * 1.25 * 1.25 + PI * 0.25 * 0.25 / 3.0;
    CHECK_NEAR(grid_sum(g, N28), expect, 0.02 * expect);
    ink_drawing_free(&d);
}

TEST(single_point_stroke_is_a_small_round_dot)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {14, 14};
    one_stroke(&d, 2.5f, 0, a, 1);
    float g[N28];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    /* disc of radius 1.25 with a 0.5 soft edge: area pi r^2 + pi h^2 / 3 = 4.974 */
    double expect = PI * 1.25 * 1.25 + PI * 0.25 * 0.25 / 3.0;
    CHECK_NEAR(grid_sum(g, N28), expect, 0.03 * expect);
    /* centred on the corner shared by cells (13, 13) .. (14, 14): four equal cells. In cell
     * (13, 13) the samples lie 0.125 .. 0.875 from the centre on each axis; 13 of the 16 are
     * within r - h = 1 (ink 1), (0.625, 0.875) twice at sqrt(1.15625) and (0.875, 0.875) at
     * sqrt(1.53125) fall in the soft band with ink (1.5 - d) / 0.5. */
    double corner = (13.0 + 2.0 * 2.0 * (1.5 - sqrt(1.15625)) + 2.0 * (1.5 - sqrt(1.53125))) / 16;
    CHECK_NEAR(g[13 * 28 + 13], corner, 1e-6);
    CHECK(g[13 * 28 + 14] == g[13 * 28 + 13] && g[14 * 28 + 13] == g[13 * 28 + 13] &&
          g[14 * 28 + 14] == g[13 * 28 + 13]);
    /* mirror symmetric, and nothing outside rows/cols 12-15 */
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++) {
            CHECK(g[i * 28 + j] == g[(27 - i) * 28 + j]);
            CHECK(g[i * 28 + j] == g[j * 28 + i]);
            if (i < 12 || i > 15 || j < 12 || j > 15)
                CHECK(g[i * 28 + j] == 0.0f);
        }
    int w, h;
    CHECK(grid_bbox(g, &w, &h) && w == 4 && h == 4);
    ink_drawing_free(&d);
}

TEST(a_stroke_retracing_itself_is_not_darker_but_a_second_stroke_adds)
{
    InkDrawing one, back, two;
    ink_drawing_init(&one, 28.0f, 28.0f);
    ink_drawing_init(&back, 28.0f, 28.0f);
    ink_drawing_init(&two, 28.0f, 28.0f);
    const float there[] = {4, 14, 24, 14}, again[] = {4, 14, 24, 14, 4, 14, 24, 14};
    one_stroke(&one, 2.5f, 0, there, 2);
    one_stroke(&back, 2.5f, 0, again, 4);
    one_stroke(&two, 2.5f, 0, there, 2);
    one_stroke(&two, 2.5f, 0, there, 2);
    float g1[N28], gb[N28], g2[N28];
    CHECK(ink_raster(&one, g1, 28, 28) == 0);
    CHECK(ink_raster(&back, gb, 28, 28) == 0);
    CHECK(ink_raster(&two, g2, 28, 28) == 0);
    CHECK(memcmp(g1, gb, sizeof g1) == 0);
    /* the soft rows hold 0.25 for one stroke; two strokes sum to 0.5, full cells stay 1 */
    CHECK_NEAR(g2[15 * 28 + 14], 0.5, 1e-6);
    CHECK_NEAR(g2[14 * 28 + 14], 1.0, 1e-6);
    ink_drawing_free(&one);
    ink_drawing_free(&back);
    ink_drawing_free(&two);
}

TEST(erase_stroke_removes_the_ink_under_it_and_nothing_else)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float line[] = {4, 14, 24, 14}, rub[] = {20, 8, 20, 20};
    one_stroke(&d, 2.5f, 0, line, 2);
    float before[N28], after[N28];
    CHECK(ink_raster(&d, before, 28, 28) == 0);
    one_stroke(&d, 6.0f, 1, rub, 2); /* a wide eraser across x = 17 .. 23 */
    CHECK(ink_raster(&d, after, 28, 28) == 0);
    for (int i = 11; i < 17; i++)
        for (int j = 18; j < 22; j++)
            CHECK(after[i * 28 + j] == 0.0f);
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 16; j++)
            CHECK(after[i * 28 + j] == before[i * 28 + j]);
    CHECK(grid_sum(after, N28) < grid_sum(before, N28) - 8.0);
    CHECK(all_in_unit_range(after, N28));
    ink_drawing_free(&d);
}

TEST(raster_values_stay_between_0_and_1_for_any_scribble)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    uint32_t seed = 12345u;
    for (int s = 0; s < 40; s++) {
        CHECK(ink_drawing_begin_stroke(&d, 0.5f + 5.0f * scribble_rand(&seed), s % 7 == 6) == 0);
        int n = 1 + (int)(30.0f * scribble_rand(&seed));
        for (int k = 0; k < n; k++) /* some points off the canvas too */
            CHECK(ink_drawing_add_point(&d, -5.0f + 38.0f * scribble_rand(&seed),
                                        -5.0f + 38.0f * scribble_rand(&seed)) == 0);
    }
    float g[N28], big[112 * 112];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    CHECK(all_in_unit_range(g, N28));
    CHECK(grid_sum(g, N28) > 100.0); /* and the scribble did draw */
    CHECK(ink_raster(&d, big, 112, 112) == 0);
    CHECK(all_in_unit_range(big, 112 * 112));
    ink_drawing_free(&d);
}

TEST(raster_on_a_finer_grid_maps_the_canvas_and_keeps_the_ink_per_canvas_area)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {4, 14, 24, 14};
    one_stroke(&d, 2.5f, 0, a, 2);
    float g[N28], big[112 * 112];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    CHECK(ink_raster(&d, big, 112, 112) == 0);
    /* 16 fine cells per canvas cell */
    CHECK_NEAR(grid_sum(big, 112 * 112) / 16.0, grid_sum(g, N28), 0.01 * grid_sum(g, N28));
    /* canvas y = 14 is fine row 56; the band reaches 1.5 canvas cells = 6 fine rows */
    CHECK(big[55 * 112 + 56] == 1.0f && big[56 * 112 + 56] == 1.0f);
    CHECK(big[49 * 112 + 56] == 0.0f && big[62 * 112 + 56] == 0.0f);
    CHECK(big[51 * 112 + 56] > 0.0f && big[60 * 112 + 56] > 0.0f);
    ink_drawing_free(&d);
}

TEST(raster_of_an_empty_drawing_clears_the_grid)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    float g[N28];
    for (int i = 0; i < N28; i++)
        g[i] = 0.7f;
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    CHECK(grid_sum(g, N28) == 0.0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0); /* a stroke with no points yet */
    g[5] = 1.0f;
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    CHECK(grid_sum(g, N28) == 0.0);
    ink_drawing_free(&d);
}

/* ---- resampling and preprocessing ------------------------------------------------------- */

TEST(resample_shrinking_by_4_averages_each_4x4_block)
{
    /* a one-cell-wide vertical line at column 50 of 112: the 28-grid column 12 covers input
     * columns 48-51, so every row of it holds 1/4, and the ink is 112 / 16 = 7 */
    static float big[112 * 112];
    memset(big, 0, sizeof big);
    for (int i = 0; i < 112; i++)
        big[i * 112 + 50] = 1.0f;
    float out[N28];
    ink_resample(big, 112, 112, out, 28, 28);
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++)
            CHECK_NEAR(out[i * 28 + j], j == 12 ? 0.25 : 0.0, 1e-6);
}

TEST(resample_enlarging_by_2_interpolates_between_cell_centres)
{
    /* 1-d: input [1, 0] at centres 0.5, 1.5; output centres at input 0.25, 0.75, 1.25, 1.75
     * give 1 (held: the outer half cell keeps its value), 0.75, 0.25, 0 */
    const float in[4] = {1, 0, 0, 0};
    const double w[4] = {1.0, 0.75, 0.25, 0.0};
    float out[16];
    ink_resample(in, 2, 2, out, 4, 4);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            CHECK_NEAR(out[i * 4 + j], w[i] * w[j], 1e-6);
}

TEST(preprocessing_an_off_centre_digit_centres_its_mass_in_a_20_box)
{
    /* a small 7 in the top-left corner: a bar and a slanted stem */
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float seven[] = {3, 3, 11, 3, 6, 13};
    one_stroke(&d, 2.0f, 0, seven, 3);
    float g[N28], out[N28];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    InkPrepSteps st;
    CHECK(ink_preprocess_mnist(g, 28, 28, out, &st) == 0);
    double cx, cy;
    grid_com(out, &cx, &cy);
    CHECK(fabs(cx - 14.0) < 0.5 && fabs(cy - 14.0) < 0.5);
    CHECK_NEAR(st.com_x, cx, 1e-4);
    CHECK_NEAR(st.com_y, cy, 1e-4);
    /* ink bbox: the stroke spans x 2..12, y 2..14 (points +- 1 + soft edge) */
    CHECK(st.crop_x == 1 || st.crop_x == 2);
    CHECK(st.crop_y == 1 || st.crop_y == 2);
    CHECK(st.crop_h >= 13 && st.crop_h <= 15);
    /* scaled to a longer side of 20 (a 20-cell box at a sub-cell offset touches 21 cells) */
    int w, h;
    CHECK(grid_bbox(out, &w, &h));
    CHECK(h >= 19 && h <= 21 && w < h);
    CHECK(grid_bbox(st.fitted, &w, &h));
    CHECK(h >= 19 && h <= 21);
    CHECK(all_in_unit_range(out, N28));
    CHECK(memcmp(st.centred, out, sizeof out) == 0);
    CHECK(memcmp(st.raw, g, sizeof g) == 0); /* a 28 x 28 input is its own raw view */
    /* the enlarged digit holds more ink than the small one (about (20 / 14)^2 times) */
    CHECK(grid_sum(out, N28) > 1.5 * grid_sum(g, N28));
    ink_drawing_free(&d);
}

/* The steps give the map the preprocessing made: a 10 x 10 square at columns 2..11, rows 3..12
 * is scaled by 2 into 20 x 20 and its middle, (7, 8), lands on the middle of the image; inside
 * the mapped square the output is full ink, outside it empty. */
TEST(the_steps_give_the_map_from_input_cells_to_the_image)
{
    float grid[28 * 28] = {0}, out[28 * 28];
    for (int y = 3; y < 13; y++)
        for (int x = 2; x < 12; x++)
            grid[y * 28 + x] = 1.0f;
    InkPrepSteps st;
    CHECK(ink_preprocess_mnist(grid, 28, 28, out, &st) == 0);
    CHECK_NEAR(st.map_s, 2.0f, 1e-6);
    CHECK_NEAR(st.map_s * 7.0f + st.map_x, 14.0f, 0.75);
    CHECK_NEAR(st.map_s * 8.0f + st.map_y, 14.0f, 0.75);
    for (int y = 0; y < 28; y++)
        for (int x = 0; x < 28; x++) {
            float ix = ((float)x + 0.5f - st.map_x) / st.map_s; /* the input point it shows */
            float iy = ((float)y + 0.5f - st.map_y) / st.map_s;
            if (ix > 2.5f && ix < 11.5f && iy > 3.5f && iy < 12.5f)
                CHECK_NEAR(out[y * 28 + x], 1.0f, 1e-5);
            if (ix < 1.5f || ix > 12.5f || iy < 2.5f || iy > 13.5f)
                CHECK_NEAR(out[y * 28 + x], 0.0f, 1e-5);
        }
}

TEST(preprocessing_an_mnist_normalised_image_leaves_it_unchanged)
{
    /* a 20-tall "1" with a foot, already in a 20 box with its centre of mass near (14, 14) */
    float g[N28], out[N28];
    memset(g, 0, sizeof g);
    for (int i = 4; i < 24; i++)
        for (int j = 12; j < 17; j++)
            g[i * 28 + j] = j == 12 || j == 16 ? 0.5f : 1.0f;
    for (int j = 9; j < 20; j++)
        g[23 * 28 + j] = 1.0f;
    for (int j = 10; j < 14; j++)
        g[4 * 28 + j] = 0.75f;
    double cx, cy;
    grid_com(g, &cx, &cy);
    CHECK(fabs(cx - 14.0) < 0.5 && fabs(cy - 14.0) < 0.5); /* the premise */
    CHECK(ink_preprocess_mnist(g, 28, 28, out, NULL) == 0);
    CHECK(memcmp(g, out, sizeof g) == 0);
}

TEST(preprocessing_a_fine_grid_matches_the_same_drawing_on_the_canvas_grid)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {8, 6, 18, 6, 12, 22};
    one_stroke(&d, 2.5f, 0, a, 3);
    static float big[112 * 112];
    float g[N28], out_small[N28], out_big[N28];
    CHECK(ink_raster(&d, g, 28, 28) == 0);
    CHECK(ink_raster(&d, big, 112, 112) == 0);
    InkPrepSteps st;
    CHECK(ink_preprocess_mnist(g, 28, 28, out_small, NULL) == 0);
    CHECK(ink_preprocess_mnist(big, 112, 112, out_big, &st) == 0);
    double diff = 0.0;
    for (int i = 0; i < N28; i++)
        diff += fabs((double)out_small[i] - (double)out_big[i]);
    CHECK(diff / N28 < 0.05); /* the same digit, the fine one a little sharper */
    CHECK(st.crop_w > 28 && st.crop_h > 28); /* crop in input (fine) cells */
    double cx, cy;
    grid_com(out_big, &cx, &cy);
    CHECK(fabs(cx - 14.0) < 0.5 && fabs(cy - 14.0) < 0.5);
    ink_drawing_free(&d);
}

TEST(blank_or_nearly_blank_grid_returns_1_and_a_zero_image)
{
    float g[N28], out[N28];
    InkPrepSteps st;
    memset(g, 0, sizeof g);
    for (int i = 0; i < N28; i++)
        out[i] = 0.5f;
    CHECK(ink_preprocess_mnist(g, 28, 28, out, &st) == 1);
    CHECK(grid_sum(out, N28) == 0.0);
    CHECK(st.crop_w == 0);
    for (int i = 0; i < 7; i++) /* 7 cells of ink (a click's dot), below INK_MIN_INK = 8 */
        g[100 + i] = 1.0f;
    out[3] = 1.0f;
    CHECK(ink_preprocess_mnist(g, 28, 28, out, NULL) == 1);
    CHECK(grid_sum(out, N28) == 0.0);
    g[107] = 1.0f;
    g[108] = 0.5f; /* 8.5 cells: enough */
    CHECK(ink_preprocess_mnist(g, 28, 28, out, NULL) == 0);
    CHECK(grid_sum(out, N28) > 1.0);
    /* on a fine grid the threshold is per canvas area: 16 fine cells make one canvas cell, so
     * 120 fine cells of ink are 7.5 canvas cells (too little) and 136 are 8.5 (enough) */
    static float big[112 * 112];
    memset(big, 0, sizeof big);
    for (int i = 0; i < 120; i++)
        big[5000 + (i / 10) * 112 + i % 10] = 1.0f;
    CHECK(ink_preprocess_mnist(big, 112, 112, out, NULL) == 1);
    for (int i = 120; i < 136; i++)
        big[5000 + (i / 10) * 112 + i % 10] = 1.0f;
    CHECK(ink_preprocess_mnist(big, 112, 112, out, NULL) == 0);
}

/* Without preprocessing the pipeline keeps the faint image but reports too little ink by the
 * same floor, so the app, `predict` and the library all refuse to guess from a speck. */
TEST(without_preprocessing_a_speck_is_too_little_ink_as_well)
{
    float g[N28], out[N28];
    memset(g, 0, sizeof g);
    for (int i = 0; i < 7; i++)
        g[200 + i] = 1.0f; /* 7 cells of ink: below INK_MIN_INK = 8 */
    CHECK(ink_image_to_input(g, 28, 28, 0, out, NULL) == 1);
    CHECK(fabs(grid_sum(out, N28) - 7.0) < 1e-4); /* the image is still there, as drawn */
    g[207] = 1.0f;
    g[208] = 0.5f; /* 8.5 cells: enough */
    CHECK(ink_image_to_input(g, 28, 28, 0, out, NULL) == 0);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float dot[] = {14.0f, 14.0f};
    one_stroke(&d, 1.0f, 0, dot, 1); /* a click: under one cell of ink */
    CHECK(ink_drawing_to_input(&d, 0, out, NULL) == 1);
    CHECK(ink_drawing_to_input(&d, 1, out, NULL) == 1);
    ink_drawing_free(&d);
}


/* ---- files to input ---------------------------------------------------------------------- */

/* ink_file_to_input: an image the same as loading and preparing it by hand; a saved drawing
 * the same as its strokes; a missing or broken file a negative code naming it. */
TEST(a_file_becomes_the_same_input_as_its_contents)
{
    const char *data = getenv("SCRATCHNET_TEST_DATA");
    if (!data) {
        SKIP("SCRATCHNET_TEST_DATA is not set (run through meson test)");
        return;
    }
    char path[600];
    float got[N28], want[N28];
    SnError err = {0};
    snprintf(path, sizeof path, "%s/seven-dark-on-light.pgm", data);
    CHECK(ink_file_to_input(path, 0, 1, got, &err) == 0);
    float *px = NULL;
    int w = 0, h = 0;
    CHECK(ink_image_load(path, &px, &w, &h, NULL) == 0);
    if (px) {
        ink_image_normalise_polarity(px, w, h); /* dark on light: inverted first */
        CHECK(ink_image_to_input(px, w, h, 1, want, NULL) == 0);
        CHECK(memcmp(got, want, sizeof got) == 0);
        free(px);
    }

    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float bar[] = {14.0f, 5.0f, 14.0f, 23.0f};
    one_stroke(&d, 2.5f, 0, bar, 2);
    snprintf(path, sizeof path, "%s", tmp_path("bar.json"));
    CHECK(ink_drawing_save(path, &d, NULL) == 0);
    for (int mnist = 0; mnist < 2; mnist++) {
        CHECK(ink_file_to_input(path, 1, mnist, got, &err) == 0);
        CHECK(ink_drawing_to_input(&d, mnist, want, NULL) == 0);
        CHECK(memcmp(got, want, sizeof got) == 0);
    }
    ink_drawing_free(&d);

    snprintf(path, sizeof path, "%s", tmp_path("missing.png"));
    CHECK(ink_file_to_input(path, 0, 1, got, &err) == SN_E_IO);
    CHECK(strstr(err.msg, path) != NULL);
    snprintf(path, sizeof path, "%s", tmp_path("bar.json"));
    CHECK(ink_file_to_input(path, 0, 1, got, &err) == SN_E_FORMAT); /* JSON is no image */
    CHECK(strstr(err.msg, path) != NULL);
}



/* ---- the one path through a model --------------------------------------------------------- */

/* A model of one dense layer (linear, 10 classes) over images of 1 x h x w, class c reading
 * only cell cells[c] (weight 1; other classes read nothing), inputs scaled to 0..1: its outputs
 * are those cells' values. Its preprocessing is the default: "none" unless 1 x 28 x 28. */
static NnModel *cell_reader(int h, int w, const int *cells, int n_cells)
{
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_LINEAR);
    NnModel *m = nn_model_new_shape((NnShape){1, h, w}, &spec, 1, NULL);
    CHECK(m != NULL);
    if (!m)
        return NULL;
    for (int c = 0; c < n_cells; c++)
        m->layers[0].weight[(size_t)c * (size_t)(h * w) + (size_t)cells[c]] = 1.0f;
    return m;
}

/* ink_classify is the old chain written out: preprocessing, scaling, forward, probabilities,
 * bit for bit, with the steps for the preview; the top class is the most probable one. The
 * model declares MNIST's preprocessing; the app's switch turns it off or on. */
TEST(the_one_path_gives_what_its_steps_give_bit_for_bit)
{
    NnLayerSpec spec[2] = {NN_DENSE(16, NN_ACT_RELU), NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new_shape((NnShape){1, 28, 28}, spec, 2, NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(nn_model_mnist_preprocessing(m));
    NnRng rng;
    nn_rng_seed(&rng, 7);
    nn_model_init(m, &rng);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float seven[] = {7.0f, 6.0f, 21.0f, 6.0f, 13.0f, 22.0f};
    one_stroke(&d, 2.5f, 0, seven, 3);
    const InkPrep preps[3] = {INK_PREP_DECLARED, INK_PREP_MNIST, INK_PREP_NONE};
    InkAnswer a[3];
    for (int k = 0; k < 3; k++) {
        int mnist = preps[k] != INK_PREP_NONE;
        float grid[N28], x[N28], out[10], p[10];
        InkPrepSteps want_steps, steps;
        CHECK(ink_drawing_to_input(&d, mnist, grid, &want_steps) == 0);
        nn_model_scale_input(&m->info, grid, x, N28);
        CHECK(nn_model_predict(m, x, out) >= 0);
        nn_model_probabilities(m, out, p);
        SnError err = {0};
        CHECK(ink_classify(m, &(InkInput){.drawing = &d, .prep = preps[k], .steps = &steps},
                           &a[k], &err) == 0);
        CHECK(a[k].prepared && !a[k].too_little && a[k].n_classes == 10);
        CHECK(memcmp(a[k].grid, grid, sizeof grid) == 0);
        CHECK(memcmp(a[k].probs, p, sizeof p) == 0);
        CHECK(memcmp(&steps, &want_steps, sizeof steps) == 0);
        for (int c = 0; c < 10; c++)
            CHECK(p[c] <= p[a[k].top]);
    }
    CHECK(memcmp(a[2].grid, a[1].grid, sizeof a[1].grid) != 0);
    /* without a model only the input is prepared */
    InkAnswer b;
    CHECK(ink_classify(NULL, &(InkInput){.drawing = &d}, &b, NULL) == 0);
    CHECK(b.prepared && b.top == -1 && b.n_classes == 0);
    ink_drawing_free(&d);
    nn_model_free(m);
}

/* A speck is too little ink, yet the model runs (`scratchnet predict` shows what it says). */
TEST(too_little_ink_is_reported_with_the_model_s_answer_all_the_same)
{
    const int cells[1] = {0};
    NnModel *m = cell_reader(28, 28, cells, 1);
    if (!m)
        return;
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float dot[] = {14.0f, 14.0f};
    one_stroke(&d, 1.0f, 0, dot, 1);
    InkAnswer a;
    CHECK(ink_classify(m, &(InkInput){.drawing = &d}, &a, NULL) == 0);
    CHECK(a.prepared && a.too_little && a.n_classes == 10 && a.top >= 0);
    ink_drawing_free(&d);
    nn_model_free(m);
}

/* A 1 x 14 x 14 model reads the 28 x 28 grid averaged over 2 x 2 blocks. By hand: block (0, 0)
 * holds 1, 0.5, 0.25, 0.25 (mean 0.5); block (3, 5), rows 6-7 and columns 10-11, is 0.8
 * throughout; block (13, 13) has one full cell (0.25). Classes 0, 1, 2 read those cells, so the
 * outputs are 0.5, 0.8, 0.25 and 0 for the rest: probabilities out / 1.55, top class 1. */
TEST(a_model_of_14x14_inputs_reads_the_grid_averaged_over_2x2_blocks)
{
    const int cells[3] = {0, 3 * 14 + 5, 13 * 14 + 13};
    NnModel *m = cell_reader(14, 14, cells, 3);
    if (!m)
        return;
    float img[N28] = {0};
    img[0] = 1.0f, img[1] = 0.5f, img[28] = 0.25f, img[29] = 0.25f;
    for (int i = 6; i < 8; i++)
        for (int j = 10; j < 12; j++)
            img[i * 28 + j] = 0.8f;
    img[27 * 28 + 27] = 1.0f;
    float x[14 * 14];
    ink_classify_input(m, img, x);
    for (int k = 0; k < 14 * 14; k++) {
        double want = k == cells[0] ? 0.5 : k == cells[1] ? 0.8 : k == cells[2] ? 0.25 : 0.0;
        CHECK_NEAR(x[k], want, 1e-6);
    }
    InkAnswer a;
    SnError err = {0};
    CHECK(ink_classify(m, &(InkInput){.image = img, .width = 28, .height = 28}, &a, &err) == 0);
    CHECK(a.top == 1 && a.n_classes == 10);
    CHECK_NEAR(a.probs[0], 0.5 / 1.55, 1e-6);
    CHECK_NEAR(a.probs[1], 0.8 / 1.55, 1e-6);
    CHECK_NEAR(a.probs[2], 0.25 / 1.55, 1e-6);
    CHECK(a.probs[3] == 0.0f);
    nn_model_free(m);
}

/* A 1 x 32 x 32 model reads the grid enlarged: output column J samples the input at cell-centre
 * coordinate p = (J + 0.5) * 28 / 32 - 0.5, held to [0, 27]. On a ramp whose column j holds
 * j / 27 the interpolation is exact, so x = p / 27: column 0 gives 0 (p = -0.0625, held to 0),
 * column 16 gives 13.9375 / 27, column 31 gives 1 (p = 27.0625, held to 27). */
TEST(a_model_of_32x32_inputs_reads_the_grid_enlarged_between_cell_centres)
{
    const int cells[1] = {16};
    NnModel *m = cell_reader(32, 32, cells, 1);
    if (!m)
        return;
    float ramp[N28];
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++)
            ramp[i * 28 + j] = (float)j / 27.0f;
    float x[32 * 32];
    ink_classify_input(m, ramp, x);
    for (int i = 0; i < 32; i++) {
        CHECK_NEAR(x[i * 32 + 0], 0.0, 1e-6);
        CHECK_NEAR(x[i * 32 + 16], 13.9375 / 27.0, 1e-6);
        CHECK_NEAR(x[i * 32 + 31], 1.0, 1e-6);
        for (int j = 0; j < 32; j++) {
            double p = (j + 0.5) * 28.0 / 32.0 - 0.5;
            p = p < 0.0 ? 0.0 : (p > 27.0 ? 27.0 : p);
            CHECK_NEAR(x[i * 32 + j], p / 27.0, 1e-6);
        }
    }
    nn_model_free(m);
}

/* Drawings and images have one channel: a model of three is refused in one line naming its file
 * and its input shape, by the check and by the path itself. */
TEST(a_model_of_more_than_one_channel_is_refused_naming_file_and_shape)
{
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_SOFTMAX);
    NnModel *m = nn_model_new_shape((NnShape){3, 28, 28}, &spec, 1, NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    SnError err = {0};
    CHECK(ink_classify_check(m, "colour.json", &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "colour.json") != NULL && strstr(err.msg, "3x28x28") != NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    float img[N28] = {0};
    InkAnswer a;
    CHECK(ink_classify(m, &(InkInput){.image = img, .width = 28, .height = 28}, &a, &err) ==
          SN_E_FORMAT);
    CHECK(a.top == -1 && a.n_classes == 0);
    NnModel *one = nn_model_new_shape((NnShape){1, 20, 24}, &spec, 1, NULL);
    CHECK(one && ink_classify_check(one, "grey.json", &err) == 0);
    nn_model_free(one);
    nn_model_free(m);
}

int main(void)
{
    RUN(horizontal_stroke_lights_the_right_band_of_rows_with_length_times_width_ink);
    RUN(fast_diagonal_stroke_with_only_two_points_leaves_no_gap);
    RUN(single_point_stroke_is_a_small_round_dot);
    RUN(a_stroke_retracing_itself_is_not_darker_but_a_second_stroke_adds);
    RUN(erase_stroke_removes_the_ink_under_it_and_nothing_else);
    RUN(raster_values_stay_between_0_and_1_for_any_scribble);
    RUN(raster_on_a_finer_grid_maps_the_canvas_and_keeps_the_ink_per_canvas_area);
    RUN(raster_of_an_empty_drawing_clears_the_grid);
    RUN(resample_shrinking_by_4_averages_each_4x4_block);
    RUN(resample_enlarging_by_2_interpolates_between_cell_centres);
    RUN(preprocessing_an_off_centre_digit_centres_its_mass_in_a_20_box);
    RUN(the_steps_give_the_map_from_input_cells_to_the_image);
    RUN(preprocessing_an_mnist_normalised_image_leaves_it_unchanged);
    RUN(preprocessing_a_fine_grid_matches_the_same_drawing_on_the_canvas_grid);
    RUN(blank_or_nearly_blank_grid_returns_1_and_a_zero_image);
    RUN(without_preprocessing_a_speck_is_too_little_ink_as_well);
    RUN(a_file_becomes_the_same_input_as_its_contents);
    RUN(the_one_path_gives_what_its_steps_give_bit_for_bit);
    RUN(too_little_ink_is_reported_with_the_model_s_answer_all_the_same);
    RUN(a_model_of_14x14_inputs_reads_the_grid_averaged_over_2x2_blocks);
    RUN(a_model_of_32x32_inputs_reads_the_grid_enlarged_between_cell_centres);
    RUN(a_model_of_more_than_one_channel_is_refused_naming_file_and_shape);
    if (tmp_dir[0])
        test_remove_dir(tmp_dir);
    return test_main_result();
}
