/* test_ink.c - the drawing pipeline: editing, fitting, strokes JSON, rasterisation and MNIST
 * preprocessing. Expected pixel values are worked out by hand in the comments: a 28 x 28 canvas
 * rendered at 28 x 28 puts 4 x 4 samples in each cell at offsets 0.125, 0.375, 0.625, 0.875,
 * and the default soft edge (0.5 cells) makes a sample at distance d from the stroke's centre
 * line hold min(1, max(0, (r + 0.25 - d) / 0.5)) ink.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "ink/image.h"
#include "ink/ink.h"
#include "ink/pipeline.h"
#include "ink/preprocess.h"
#include "ink/raster.h"
#include "test.h"

#define N28 (28 * 28)
#define PI 3.14159265358979323846

/* ---- helpers ---------------------------------------------------------------------------- */

/* A drawing with one stroke through the given points. */
static void one_stroke(InkDrawing *d, float width, int erase, const float *xy, int n)
{
    CHECK(ink_drawing_begin_stroke(d, width, erase) == 0);
    for (int i = 0; i < n; i++)
        CHECK(ink_drawing_add_point(d, xy[2 * i], xy[2 * i + 1]) == 0);
}

static double grid_sum(const float *g, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)g[i];
    return s;
}

/* Centre of mass in cell indices, as preprocess.h defines it. */
static void grid_com(const float *g, double *cx, double *cy)
{
    double m = 0.0, mx = 0.0, my = 0.0;
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++) {
            m += (double)g[i * 28 + j];
            mx += (double)g[i * 28 + j] * j;
            my += (double)g[i * 28 + j] * i;
        }
    *cx = mx / m;
    *cy = my / m;
}

/* Bounding box of cells above 0.05 in a 28 x 28 grid; returns 0 if none. */
static int grid_bbox(const float *g, int *w, int *h)
{
    int x0 = 28, y0 = 28, x1 = -1, y1 = -1;
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++)
            if (g[i * 28 + j] > 0.05f) {
                x0 = j < x0 ? j : x0;
                x1 = j > x1 ? j : x1;
                y0 = i < y0 ? i : y0;
                y1 = i > y1 ? i : y1;
            }
    *w = x1 - x0 + 1;
    *h = y1 - y0 + 1;
    return x1 >= 0;
}

static int all_in_unit_range(const float *g, int n)
{
    for (int i = 0; i < n; i++)
        if (!(g[i] >= 0.0f && g[i] <= 1.0f))
            return 0;
    return 1;
}

/* A small deterministic generator for scribbles (xorshift32). */
static float scribble_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return (float)(*s >> 8) / 16777216.0f;
}

static char tmp_dir[256];

/* A fresh temporary directory for file tests (removed at the end of main). */
static const char *tmp_path(const char *name)
{
    static char path[512];
    if (!tmp_dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmp_dir, sizeof tmp_dir, "%s/test_ink.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmp_dir)) {
            printf("cannot create a temporary directory: %s\n", strerror(errno));
            exit(1);
        }
    }
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    return path;
}

static void write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(text, 1, len, f) == len);
    fclose(f);
}

/* ---- editing ---------------------------------------------------------------------------- */

TEST(undo_pops_the_last_stroke_and_redo_pushes_it_back)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8, 9, 10};
    one_stroke(&d, 2.0f, 0, a, 2);
    one_stroke(&d, 3.0f, 1, b, 3);
    CHECK(d.n == 2);
    CHECK(ink_drawing_points(&d) == 5);

    InkStroke s = {0};
    CHECK(ink_drawing_pop_stroke(&d, &s) == 0);
    CHECK(d.n == 1);
    CHECK(s.n == 3 && s.width == 3.0f && s.erase == 1);
    CHECK(s.pts[2].x == 9.0f && s.pts[2].y == 10.0f);
    CHECK(ink_drawing_points(&d) == 2);

    CHECK(ink_drawing_push_stroke(&d, &s) == 0);
    CHECK(d.n == 2);
    CHECK(s.pts == NULL && s.n == 0); /* ownership moved into the drawing */
    CHECK(d.strokes[1].n == 3 && d.strokes[1].pts[0].x == 5.0f);
    ink_stroke_free(&s); /* harmless after the move */

    CHECK(ink_drawing_pop_stroke(&d, &s) == 0);
    ink_stroke_free(&s);
    CHECK(ink_drawing_pop_stroke(&d, &s) == 0);
    ink_stroke_free(&s);
    CHECK(ink_drawing_pop_stroke(&d, &s) == -1); /* empty: nothing to undo */
    ink_drawing_free(&d);
}

TEST(editing_refuses_bad_widths_nan_points_and_points_without_a_stroke)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_add_point(&d, 1.0f, 1.0f) == INK_E_ARG); /* no stroke begun */
    CHECK(ink_drawing_begin_stroke(&d, 0.0f, 0) == INK_E_ARG);
    CHECK(ink_drawing_begin_stroke(&d, -1.0f, 0) == INK_E_ARG);
    CHECK(ink_drawing_begin_stroke(&d, NAN, 0) == INK_E_ARG);
    CHECK(d.n == 0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, NAN, 1.0f) == INK_E_ARG);
    CHECK(ink_drawing_add_point(&d, 1.0f, INFINITY) == INK_E_ARG);
    CHECK(ink_drawing_add_point(&d, 1.0f, 2.0f) == 0);
    CHECK(ink_drawing_points(&d) == 1);
    ink_drawing_clear(&d);
    CHECK(d.n == 0 && d.width == 28.0f && d.height == 28.0f);
    ink_drawing_free(&d);
    ink_drawing_free(&d); /* freeing twice is harmless */
}

/* ---- fit -------------------------------------------------------------------------------- */

TEST(fit_puts_a_tablet_unit_drawing_20_cells_tall_and_centred)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    /* tablet units: 300 wide, 900 tall, far from the origin */
    const float a[] = {5000, 2000, 5300, 2000, 5300, 2900};
    const float b[] = {5100, 2450, 5200, 2450};
    one_stroke(&d, 2.5f, 0, a, 3);
    one_stroke(&d, 2.5f, 0, b, 2);
    ink_drawing_fit(&d, 20.0f);
    /* s = 20 / 900; box centre (5150, 2450) -> (14, 14) */
    CHECK_NEAR(d.strokes[0].pts[0].x, 14.0 - 150.0 * 20.0 / 900.0, 1e-4);
    CHECK_NEAR(d.strokes[0].pts[0].y, 4.0, 1e-4);
    CHECK_NEAR(d.strokes[0].pts[2].y, 24.0, 1e-4);
    CHECK_NEAR(d.strokes[0].pts[2].x, 14.0 + 150.0 * 20.0 / 900.0, 1e-4);
    CHECK_NEAR(d.strokes[1].pts[0].y, 14.0, 1e-4);
    CHECK(d.strokes[0].width == 2.5f); /* widths are not scaled */
    ink_drawing_free(&d);
}

TEST(fit_scales_the_longer_side_when_the_drawing_is_wide)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {-10, -1, 30, 1}; /* 40 wide, 2 tall */
    one_stroke(&d, 2.5f, 0, a, 2);
    ink_drawing_fit(&d, 20.0f);
    CHECK_NEAR(d.strokes[0].pts[0].x, 4.0, 1e-5);
    CHECK_NEAR(d.strokes[0].pts[1].x, 24.0, 1e-5);
    CHECK_NEAR(d.strokes[0].pts[0].y, 13.5, 1e-5);
    CHECK_NEAR(d.strokes[0].pts[1].y, 14.5, 1e-5);
    ink_drawing_free(&d);
}

TEST(fit_moves_a_single_dot_to_the_centre_without_scaling)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {700, 300};
    one_stroke(&d, 2.5f, 0, a, 1);
    CHECK(ink_drawing_add_point(&d, 700.0f, 300.0f) == 1); /* the same point again: dropped */
    ink_drawing_fit(&d, 20.0f);
    CHECK(d.strokes[0].n == 1);
    CHECK(d.strokes[0].pts[0].x == 14.0f && d.strokes[0].pts[0].y == 14.0f);
    ink_drawing_free(&d);
}

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

/* ---- JSON ------------------------------------------------------------------------------- */

TEST(json_names_are_told_from_image_names_by_their_ending)
{
    CHECK(ink_is_json_name("drawing.json"));
    CHECK(ink_is_json_name("/tmp/a b/x.json"));
    CHECK(!ink_is_json_name(".json")); /* no name before the ending */
    CHECK(!ink_is_json_name("seven.png"));
    CHECK(!ink_is_json_name("model.json.png"));
    CHECK(!ink_is_json_name("json"));
    CHECK(!ink_is_json_name(""));
}

static void awkward_drawing(InkDrawing *d)
{
    ink_drawing_init(d, 28.0f, 28.0f);
    const float a[] = {0.1f, 1.0f / 3.0f, 13.357142f, 27.999998f, 1e-7f, 0.0f, -3.25f, 1e6f};
    const float b[] = {14.0f, 14.0f};
    one_stroke(d, 2.5f, 0, a, 4);
    one_stroke(d, 0.3f, 1, b, 1);
    CHECK(ink_drawing_begin_stroke(d, 7.0f / 3.0f, 0) == 0); /* a stroke with no points */
}

static int same_drawing(const InkDrawing *a, const InkDrawing *b)
{
    if (a->n != b->n || memcmp(&a->width, &b->width, sizeof a->width) != 0 ||
        memcmp(&a->height, &b->height, sizeof a->height) != 0)
        return 0;
    for (int i = 0; i < a->n; i++) {
        const InkStroke *s = &a->strokes[i], *t = &b->strokes[i];
        if (s->n != t->n || s->erase != t->erase ||
            memcmp(&s->width, &t->width, sizeof s->width) != 0)
            return 0;
        if (s->n > 0 && memcmp(s->pts, t->pts, (size_t)s->n * sizeof *s->pts) != 0)
            return 0;
    }
    return 1;
}

TEST(json_round_trip_keeps_points_and_widths_bit_exact)
{
    InkDrawing d, e;
    awkward_drawing(&d);
    ink_drawing_init(&e, 1.0f, 1.0f);
    char *text = ink_drawing_to_json(&d);
    CHECK(text != NULL);
    if (!text)
        return;
    CHECK(strstr(text, "\"format\":\"scratchnet-strokes\"") != NULL);
    CHECK(strstr(text, "0.1,") != NULL); /* short decimals, not 0.10000000149011612 */
    InkError err;
    int label = 7;
    CHECK(ink_drawing_from_json(text, "mem.json", &e, &label, 2.5f, &err) == 0);
    CHECK(err.code == INK_OK);
    CHECK(label == -1);
    CHECK(same_drawing(&d, &e));
    free(text);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
}

TEST(save_then_load_gives_the_same_drawing_and_leaves_no_temporary_file)
{
    InkDrawing d, e;
    awkward_drawing(&d);
    ink_drawing_init(&e, 28.0f, 28.0f);
    const char *path = tmp_path("drawing.json");
    InkError err;
    write_text(path, "old contents", 12);
    CHECK(ink_drawing_save(path, &d, &err) == 0);
    CHECK(ink_drawing_load(path, &e, &err) == 0);
    CHECK(same_drawing(&d, &e));
    CHECK(test_count_files(tmp_dir, NULL) == 1); /* the temporary file was renamed over it */
    unlink(path);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
}

TEST(saving_into_a_missing_directory_fails_naming_the_file)
{
    InkDrawing d;
    awkward_drawing(&d);
    InkError err = {0, ""};
    char path[600];
    snprintf(path, sizeof path, "%s/no-such-dir/a.json", tmp_dir[0] ? tmp_dir : "/nonexistent");
    CHECK(ink_drawing_save(path, &d, &err) == INK_E_IO);
    CHECK(err.code == INK_E_IO);
    CHECK(strstr(err.msg, path) == err.msg);
    ink_drawing_free(&d);
}

TEST(saving_a_drawing_with_a_nan_point_is_refused)
{
    InkDrawing d;
    awkward_drawing(&d);
    d.strokes[0].pts[2].y = NAN; /* written behind the editing functions' back */
    CHECK(ink_drawing_to_json(&d) == NULL);
    InkError err;
    CHECK(ink_drawing_save(tmp_path("nan.json"), &d, &err) == INK_E_ARG);
    CHECK(strstr(err.msg, "nan.json: strokes[0].points[2]") != NULL);
    CHECK(access(tmp_path("nan.json"), F_OK) != 0);
    ink_drawing_free(&d);
}

/* Parses text, expecting failure with code and a message starting "bad.json: " that holds
 * `part`; the drawing must keep its one old stroke. */
static void expect_rejected(const char *text, int code, const char *part)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {1, 1};
    one_stroke(&d, 2.5f, 0, a, 1);
    InkError err = {0, ""};
    int rc = ink_drawing_from_json(text, "bad.json", &d, NULL, 2.5f, &err);
    if (rc != code || err.code != code || strncmp(err.msg, "bad.json: ", 10) != 0 ||
        !strstr(err.msg, part)) {
        printf("  input %s\n  gave %d \"%s\", expected %d with \"%s\"\n", text, rc, err.msg,
               code, part);
        CHECK(0);
    }
    CHECK(d.n == 1 && d.strokes[0].n == 1 && d.strokes[0].pts[0].x == 1.0f);
    ink_drawing_free(&d);
}

TEST(corrupt_json_and_wrong_types_give_errors_naming_the_file_and_the_path)
{
    const char *head = "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                       "\"height\":28,\"strokes\":";
    char buf[1024];
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"vers", INK_E_FORMAT, "not valid JSON");
    expect_rejected("{\"strokes\":[]}\n{\"strokes\":[]}", INK_E_FORMAT, "line 2");
    expect_rejected("", INK_E_FORMAT, "not valid JSON");
    expect_rejected("[1, 2]", INK_E_FORMAT, "expected a JSON object");
    expect_rejected("{\"width\":28}", INK_E_FORMAT, "\"strokes\"");
    expect_rejected("{\"format\":\"svg\",\"strokes\":[]}", INK_E_FORMAT, "format");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":2,\"width\":28,"
                    "\"height\":28,\"strokes\":[]}",
                    INK_E_FORMAT, "version: 2 is not supported");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":0,"
                    "\"height\":28,\"strokes\":[]}",
                    INK_E_FORMAT, "width: expected a positive number");
    snprintf(buf, sizeof buf, "%s{}}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes: expected an array");
    snprintf(buf, sizeof buf, "%s[{\"points\":[]},3]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[1]: expected an object");
    snprintf(buf, sizeof buf, "%s[{\"width\":-1,\"points\":[]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[0].width: expected a positive number");
    snprintf(buf, sizeof buf, "%s[{\"erase\":1,\"points\":[]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[0].erase: expected true or false");
    snprintf(buf, sizeof buf, "%s[{\"width\":2}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[0].points: missing");
    snprintf(buf, sizeof buf, "%s[{\"points\":[]},{\"points\":[]},{\"points\":"
                              "[[1,2],[1,2],[1,2],[1,2],[1,2],\"x\"]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[2].points[5]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,2,3]]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,null]]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[null]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "got null");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1e999,2]]}]}", head);
    expect_rejected(buf, INK_E_FORMAT, "strokes[0].points[0]: coordinate inf is not a finite");
    expect_rejected("{\"label\":12,\"strokes\":[]}", INK_E_FORMAT, "label: expected an integer");
    expect_rejected("{\"label\":\"3\",\"strokes\":[]}", INK_E_FORMAT, "label");
    expect_rejected("{\"label\":3,\"strokes\":[[[1,2]],[[1,2],{}]]}", INK_E_FORMAT,
                    "strokes[1][1]: expected [x, y] numbers");
    expect_rejected("{\"label\":3,\"strokes\":[[[1,2]],7]}", INK_E_FORMAT,
                    "strokes[1]: expected an array");
}

TEST(a_key_given_twice_is_refused_as_in_model_files)
{
    /* cJSON keeps both and finds the first; another reader might take the second */
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                    "\"height\":28,\"width\":280,\"strokes\":[]}",
                    INK_E_FORMAT, "key \"width\" appears twice");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                    "\"height\":28,\"strokes\":[],\"strokes\":[{\"points\":[[1,2]]}]}",
                    INK_E_FORMAT, "key \"strokes\" appears twice");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                    "\"height\":28,\"strokes\":[{\"points\":[[1,2]],\"erase\":false,"
                    "\"erase\":true}]}",
                    INK_E_FORMAT, "strokes[0]: key \"erase\" appears twice");
    expect_rejected("{\"label\":3,\"label\":4,\"strokes\":[[[1,2]]]}", INK_E_FORMAT,
                    "key \"label\" appears twice");
}

TEST(labelled_jsonl_form_parses_with_default_widths_on_the_current_canvas)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err;
    int label = -5;
    const char *line = "{\"label\":3,\"org\":\"x\",\"strokes\":[[[0,0],[10,20]],[[5,5]]]}\n";
    CHECK(ink_drawing_from_json(line, "dev.jsonl:1", &d, &label, 3.0f, &err) == 0);
    CHECK(label == 3);
    CHECK(d.n == 2 && d.strokes[0].n == 2 && d.strokes[1].n == 1);
    CHECK(d.strokes[0].width == 3.0f && d.strokes[1].width == 3.0f && d.strokes[0].erase == 0);
    CHECK(d.strokes[0].pts[1].x == 10.0f && d.strokes[0].pts[1].y == 20.0f);
    CHECK(d.width == 28.0f && d.height == 28.0f);
    ink_drawing_free(&d);
}

TEST(loading_missing_empty_or_binary_files_fails_naming_the_file)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err;
    const char *missing = tmp_path("missing.json");
    CHECK(ink_drawing_load(missing, &d, &err) == INK_E_IO);
    CHECK(strstr(err.msg, "missing.json: cannot open") != NULL);

    const char *empty = tmp_path("empty.json");
    write_text(empty, "", 0);
    CHECK(ink_drawing_load(empty, &d, &err) == INK_E_FORMAT);
    CHECK(strstr(err.msg, "empty.json: empty file") != NULL);

    const char *bin = tmp_path("nul.json");
    write_text(bin, "{\"strokes\":[]}\0garbage", 23);
    CHECK(ink_drawing_load(bin, &d, &err) == INK_E_FORMAT);
    CHECK(strstr(err.msg, "nul.json: contains a NUL byte") != NULL);

    const char *trunc = tmp_path("truncated.json");
    write_text(trunc, "{\"format\":\"scratchnet-strokes\",\n\"version\":1,\n\"width\":2", 52);
    CHECK(ink_drawing_load(trunc, &d, &err) == INK_E_FORMAT);
    CHECK(strstr(err.msg, "truncated.json: not valid JSON (line 3") != NULL);
    CHECK(d.n == 0);
    unlink(empty);
    unlink(bin);
    unlink(trunc);
    ink_drawing_free(&d);
}

TEST(json_round_trip_is_exact_under_a_comma_decimal_locale)
{
    const char *names[] = {"fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8", "de_DE.utf8"};
    const char *got = NULL;
    for (int i = 0; i < 4 && !got; i++)
        got = setlocale(LC_ALL, names[i]);
    if (!got) {
        SKIP("no fr_FR or de_DE locale installed");
        return;
    }
    InkDrawing d, e;
    awkward_drawing(&d);
    ink_drawing_init(&e, 28.0f, 28.0f);
    char *text = ink_drawing_to_json(&d);
    CHECK(text && strstr(text, "0.1,") != NULL);
    InkError err;
    CHECK(text && ink_drawing_from_json(text, "fr.json", &e, NULL, 2.5f, &err) == 0);
    CHECK(same_drawing(&d, &e));
    free(text);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
    setlocale(LC_ALL, "C");
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
    InkError err = {0};
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
    CHECK(ink_file_to_input(path, 0, 1, got, &err) == INK_E_IO);
    CHECK(strstr(err.msg, path) != NULL);
    snprintf(path, sizeof path, "%s", tmp_path("bar.json"));
    CHECK(ink_file_to_input(path, 0, 1, got, &err) == INK_E_FORMAT); /* JSON is no image */
    CHECK(strstr(err.msg, path) != NULL);
}

/* ---- real pen digits -------------------------------------------------------------------- */

/* ---- limits and thinning ---------------------------------------------------------------- */

/* Appends printf-style text to a growing buffer (aborts when out of memory: a test helper). */
typedef struct Text {
    char *s;
    size_t len, cap;
} Text;

static void text_add(Text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char piece[256];
    int n = vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof piece)
        abort();
    if (t->cap - t->len <= (size_t)n) {
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
    memcpy(t->s + t->len, piece, (size_t)n + 1);
    t->len += (size_t)n;
}

/* Strokes JSON on a 28 x 28 canvas: n_strokes strokes of `width`, each of n_points points,
 * point k of stroke i at (x, y) = f(i, k). Caller frees. */
static char *strokes_json(int n_strokes, int n_points, float width,
                          void (*f)(int i, int k, double *x, double *y))
{
    Text t = {0};
    text_add(&t, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,\"height\":28,"
                 "\"strokes\":[");
    for (int i = 0; i < n_strokes; i++) {
        text_add(&t, "%s{\"width\":%g,\"points\":[", i ? "," : "", (double)width);
        for (int k = 0; k < n_points; k++) {
            double x, y;
            f(i, k, &x, &y);
            text_add(&t, "%s[%.6f,%.6f]", k ? "," : "", x, y);
        }
        text_add(&t, "]}");
    }
    text_add(&t, "]}");
    return t.s;
}

/* Points 0.1 cells apart along rows of 200, row after row: nothing to thin. */
static void spaced_points(int i, int k, double *x, double *y)
{
    *x = 2.0 + 0.1 * (k % 200);
    *y = 2.0 + 0.1 * (k / 200) + 0.01 * i;
}

/* 20000 points round a circle of radius 8: 0.0025 cells apart. */
static void dense_circle(int i, int k, double *x, double *y)
{
    (void)i;
    double a = 2.0 * PI * k / 20000.0;
    *x = 14.0 + 8.0 * cos(a);
    *y = 14.0 + 8.0 * sin(a);
}

static void two_far_points(int i, int k, double *x, double *y)
{
    *x = k ? 26.0 : 2.0;
    *y = 2.0 + 24.0 * ((i * 7) % 13) / 13.0;
}

TEST(points_closer_than_the_minimum_step_add_nothing)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 5.0f, 5.0f) == 0);
    CHECK(ink_drawing_add_point(&d, 5.0f + 0.5f * INK_MIN_STEP, 5.0f) == 1); /* dropped */
    CHECK(ink_drawing_add_point(&d, 5.0f, 5.0f) == 1);
    CHECK(ink_drawing_add_point(&d, 5.0f + INK_MIN_STEP, 5.0f) == 0);
    CHECK(d.strokes[0].n == 2);
    /* the distance is measured from the last point kept, so a slow drag still advances */
    for (int k = 1; k <= 100; k++)
        ink_drawing_add_point(&d, 5.0f + INK_MIN_STEP + 0.01f * (float)k, 5.0f);
    CHECK(d.strokes[0].n > 2 && d.strokes[0].n <= 2 + 20);
    ink_drawing_free(&d);
}

TEST(a_dense_stroke_is_thinned_on_load_and_rasterises_the_same)
{
    char *json = strokes_json(1, 20000, 2.5f, dense_circle);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "dense.json", &d, NULL, 2.5f, &err) == 0);
    /* about 50 cells of circle in steps of INK_MIN_STEP: about a thousand points, not 20000 */
    int kept = d.n == 1 ? d.strokes[0].n : -1;
    printf("    %d of 20000 points kept\n", kept);
    CHECK(kept > 0 && kept <= 1100);
    for (int k = 1; kept > 0 && k < kept; k++) {
        float dx = d.strokes[0].pts[k].x - d.strokes[0].pts[k - 1].x;
        float dy = d.strokes[0].pts[k].y - d.strokes[0].pts[k - 1].y;
        CHECK(dx * dx + dy * dy >= INK_MIN_STEP * INK_MIN_STEP);
    }
    /* the same circle with every point, built behind the editing functions' back */
    InkDrawing full;
    ink_drawing_init(&full, 28.0f, 28.0f);
    InkStroke st = {0};
    st.pts = malloc(20000 * sizeof *st.pts);
    CHECK(st.pts != NULL);
    if (st.pts && kept > 0) {
        for (int k = 0; k < 20000; k++) {
            double x, y;
            dense_circle(0, k, &x, &y);
            st.pts[k] = (InkPoint){(float)x, (float)y};
        }
        st.n = st.cap = 20000;
        st.width = 2.5f;
        CHECK(ink_drawing_begin_stroke(&full, 2.5f, 0) == 0);
        ink_stroke_free(&full.strokes[0]);
        full.strokes[0] = st;
        /* on the network's grid and on the 4x finer one the preprocessing renders */
        const int sides[2] = {28, 112};
        for (int g = 0; g < 2; g++) {
            int n = sides[g] * sides[g];
            float *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
            CHECK(a && b && ink_raster(&d, a, sides[g], sides[g]) == 0 &&
                  ink_raster(&full, b, sides[g], sides[g]) == 0);
            double worst = 0.0;
            for (int i = 0; a && b && i < n; i++)
                worst = fmax(worst, fabs((double)a[i] - (double)b[i]));
            printf("    %dx%d: largest difference %.2g\n", sides[g], sides[g], worst);
            CHECK(a && b && worst < 1e-3);
            free(a);
            free(b);
        }
    } else {
        free(st.pts);
    }
    ink_drawing_free(&full);
    ink_drawing_free(&d);
    free(json);
}

/* What parsing a strokes text may allocate is bounded by counting its values first: a
 * comment of 70000 zeros, or 130000 points that would all thin to one, are refused at once. */
TEST(strokes_texts_past_the_value_limits_are_refused_before_parsing)
{
    Text t = {0};
    text_add(&t, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                 "\"height\":28,\"comment\":[");
    for (long k = 0; k < INK_MAX_EXTRA_VALUES + 10; k++)
        text_add(&t, "%s0", k ? "," : "");
    text_add(&t, "],\"strokes\":[{\"points\":[[1,1],[2,2]]}]}");
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    CHECK(ink_drawing_from_json(t.s, "comment.json", &d, NULL, 2.5f, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "comment.json: comment: more than 65536 values") == err.msg);
    printf("    %s\n", err.msg);
    free(t.s);

    Text u = {0};
    text_add(&u, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                 "\"height\":28,\"strokes\":[{\"points\":[");
    for (long k = 0; k < INK_MAX_FILE_POINTS + 30000; k++)
        text_add(&u, "%s[1,1]", k ? "," : "");
    text_add(&u, "]}]}");
    CHECK(ink_drawing_from_json(u.s, "same.json", &d, NULL, 2.5f, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "same.json: more than ") == err.msg &&
          strstr(err.msg, "JSON values, more than a drawing file of at most 1000 strokes and "
                          "100000 points holds"));
    printf("    %s\n", err.msg);
    CHECK(d.n == 0);
    free(u.s);
}

/* The points of a file are counted before thinning too: INK_MAX_FILE_POINTS of them load (as one
 * point, all at one place), one more is refused. */
TEST(a_file_past_its_points_before_thinning_is_refused)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    for (long n = INK_MAX_FILE_POINTS; n <= INK_MAX_FILE_POINTS + 1; n++) {
        Text t = {0};
        text_add(&t, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                     "\"height\":28,\"strokes\":[{\"points\":[");
        for (long k = 0; k < n; k++)
            text_add(&t, "%s[1,1]", k ? "," : "");
        text_add(&t, "]}]}");
        int rc = ink_drawing_from_json(t.s, "many.json", &d, NULL, 2.5f, &err);
        if (n == INK_MAX_FILE_POINTS) {
            CHECK(rc == 0 && d.n == 1 && d.strokes[0].n == 1);
        } else {
            CHECK(rc == INK_E_LIMIT);
            CHECK(strstr(err.msg, "many.json: strokes[0].points[100000]: more than 100000 "
                                  "points in the file") == err.msg);
            printf("    %s\n", err.msg);
        }
        ink_drawing_free(&d);
        ink_drawing_init(&d, 28.0f, 28.0f);
        free(t.s);
    }
}

/* A strokes file larger than a drawing at its limits can need is refused from its size, and
 * anything but a regular file is refused without being read or waited on. */
TEST(strokes_files_too_large_or_not_regular_are_refused_unread)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    const char *big = tmp_path("big.json");
    FILE *f = fopen(big, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fseek(f, INK_MAX_FILE_BYTES, SEEK_SET) == 0 && fputc(' ', f) == ' ');
        fclose(f);
    }
    CHECK(ink_drawing_load(big, &d, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "big.json: more than 8388608 bytes, the largest strokes file") != NULL);
    printf("    %s\n", err.msg);
    unlink(big);
    const char *fifo = tmp_path("fifo.json");
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(ink_drawing_load(fifo, &d, &err) == INK_E_IO);
    CHECK(strstr(err.msg, "fifo.json: not a regular file (a FIFO)") != NULL);
    printf("    %s\n", err.msg);
    unlink(fifo);
    float *px = NULL;
    int w, h;
    const char *png = tmp_path("fifo.png");
    CHECK(mkfifo(png, 0600) == 0);
    CHECK(ink_image_load(png, &px, &w, &h, &err) == INK_E_IO && px == NULL);
    CHECK(strstr(err.msg, "fifo.png: not a regular file (a FIFO)") != NULL);
    unlink(png);
}

TEST(a_drawing_past_the_point_limit_is_refused_naming_the_file)
{
    /* 20000 points 0.1 cells apart: none can be thinned, twice the documented 10000 */
    char *json = strokes_json(2, 10000, 2.5f, spaced_points);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "many.json", &d, NULL, 2.5f, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "many.json: ") == err.msg && strstr(err.msg, "10000 points"));
    CHECK(strchr(err.msg, '\n') == NULL && d.n == 0);
    printf("    %s\n", err.msg);
    free(json);
    /* exactly the limit is fine */
    json = strokes_json(2, INK_MAX_POINTS / 2, 2.5f, spaced_points);
    CHECK(ink_drawing_from_json(json, "full.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(ink_drawing_points(&d) == INK_MAX_POINTS);
    /* and an editor cannot go past it either */
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 1.0f, 1.0f) == INK_E_LIMIT);
    ink_drawing_free(&d);
    free(json);
}

TEST(a_drawing_past_the_stroke_limit_is_refused_naming_the_file)
{
    char *json = strokes_json(2000, 2, 2.5f, two_far_points); /* twice the documented 1000 */
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "strokes.json", &d, NULL, 2.5f, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "strokes.json: ") == err.msg && strstr(err.msg, "1000"));
    printf("    %s\n", err.msg);
    free(json);
    json = strokes_json(INK_MAX_STROKES, 2, 2.5f, two_far_points);
    CHECK(ink_drawing_from_json(json, "full.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(d.n == INK_MAX_STROKES);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == INK_E_LIMIT);
    ink_drawing_free(&d);
    free(json);
}

TEST(a_brush_wider_than_a_quarter_of_the_canvas_is_refused)
{
    char *json = strokes_json(1, 2, 7.5f, two_far_points);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    InkError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "wide.json", &d, NULL, 2.5f, &err) == INK_E_FORMAT);
    CHECK(strstr(err.msg, "wide.json: strokes[0].width: 7.5") == err.msg);
    printf("    %s\n", err.msg);
    free(json);
    json = strokes_json(1, 2, 7.0f, two_far_points); /* exactly a quarter is fine */
    CHECK(ink_drawing_from_json(json, "wide.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(ink_drawing_begin_stroke(&d, 7.5f, 0) == INK_E_ARG);
    CHECK(ink_drawing_begin_stroke(&d, 7.0f, 0) == 0);
    ink_drawing_free(&d);
    free(json);
}

TEST(unipen_sample_digits_parse_fit_and_rasterise_to_plausible_images)
{
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    if (!dir) {
        SKIP("SCRATCHNET_TEST_DATA is not set (run through meson test)");
        return;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/unipen-sample.jsonl", dir);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    const int labels[] = {1, 0, 4, 7, 4}, n_strokes[] = {1, 1, 2, 3, 4};
    char *line = NULL;
    size_t cap = 0;
    int k = 0;
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    while (getline(&line, &cap, f) > 0 && k < 5) {
        char where[64];
        snprintf(where, sizeof where, "unipen-sample.jsonl:%d", k + 1);
        InkError err;
        int label = -1;
        int rc = ink_drawing_from_json(line, where, &d, &label, INK_DEFAULT_WIDTH, &err);
        CHECK(rc == 0);
        if (rc != 0) {
            printf("  %s\n", err.msg);
            break;
        }
        CHECK(label == labels[k]);
        CHECK(d.n == n_strokes[k]);
        ink_drawing_fit(&d, 20.0f);
        /* the points' box is 20 cells on its longer side, centred on (14, 14) */
        float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
        for (int s = 0; s < d.n; s++)
            for (int p = 0; p < d.strokes[s].n; p++) {
                x0 = fminf(x0, d.strokes[s].pts[p].x);
                x1 = fmaxf(x1, d.strokes[s].pts[p].x);
                y0 = fminf(y0, d.strokes[s].pts[p].y);
                y1 = fmaxf(y1, d.strokes[s].pts[p].y);
            }
        CHECK_NEAR(fmaxf(x1 - x0, y1 - y0), 20.0, 1e-3);
        CHECK_NEAR(0.5f * (x0 + x1), 14.0, 1e-3);
        CHECK_NEAR(0.5f * (y0 + y1), 14.0, 1e-3);

        float g[N28], out[N28];
        CHECK(ink_raster(&d, g, 28, 28) == 0);
        CHECK(all_in_unit_range(g, N28));
        /* a digit's strokes are 20 to 80 cells long: 50 to 200 cells of ink at width 2.5 */
        double ink = grid_sum(g, N28);
        CHECK(ink > 40.0 && ink < 250.0);
        int w, h;
        CHECK(grid_bbox(g, &w, &h) && (h == 23 || h == 24) && w <= h);
        if (labels[k] == 1)
            CHECK(w < h / 2); /* a one is tall and thin */
        if (labels[k] == 0)
            CHECK(g[14 * 28 + 14] < 0.1f); /* a zero has a hole in the middle */
        CHECK(ink_preprocess_mnist(g, 28, 28, out, NULL) == 0);
        double cx, cy;
        grid_com(out, &cx, &cy);
        CHECK(fabs(cx - 14.0) < 0.5 && fabs(cy - 14.0) < 0.5);
        k++;
    }
    CHECK(k == 5);
    free(line);
    fclose(f);
    ink_drawing_free(&d);
}

int main(void)
{
    RUN(undo_pops_the_last_stroke_and_redo_pushes_it_back);
    RUN(editing_refuses_bad_widths_nan_points_and_points_without_a_stroke);
    RUN(fit_puts_a_tablet_unit_drawing_20_cells_tall_and_centred);
    RUN(fit_scales_the_longer_side_when_the_drawing_is_wide);
    RUN(fit_moves_a_single_dot_to_the_centre_without_scaling);
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
    RUN(preprocessing_an_mnist_normalised_image_leaves_it_unchanged);
    RUN(preprocessing_a_fine_grid_matches_the_same_drawing_on_the_canvas_grid);
    RUN(blank_or_nearly_blank_grid_returns_1_and_a_zero_image);
    RUN(without_preprocessing_a_speck_is_too_little_ink_as_well);
    RUN(json_names_are_told_from_image_names_by_their_ending);
    RUN(json_round_trip_keeps_points_and_widths_bit_exact);
    RUN(save_then_load_gives_the_same_drawing_and_leaves_no_temporary_file);
    RUN(saving_into_a_missing_directory_fails_naming_the_file);
    RUN(saving_a_drawing_with_a_nan_point_is_refused);
    RUN(corrupt_json_and_wrong_types_give_errors_naming_the_file_and_the_path);
    RUN(a_key_given_twice_is_refused_as_in_model_files);
    RUN(labelled_jsonl_form_parses_with_default_widths_on_the_current_canvas);
    RUN(loading_missing_empty_or_binary_files_fails_naming_the_file);
    RUN(json_round_trip_is_exact_under_a_comma_decimal_locale);
    RUN(a_file_becomes_the_same_input_as_its_contents);
    RUN(points_closer_than_the_minimum_step_add_nothing);
    RUN(a_dense_stroke_is_thinned_on_load_and_rasterises_the_same);
    RUN(strokes_texts_past_the_value_limits_are_refused_before_parsing);
    RUN(a_file_past_its_points_before_thinning_is_refused);
    RUN(strokes_files_too_large_or_not_regular_are_refused_unread);
    RUN(a_drawing_past_the_point_limit_is_refused_naming_the_file);
    RUN(a_drawing_past_the_stroke_limit_is_refused_naming_the_file);
    RUN(a_brush_wider_than_a_quarter_of_the_canvas_is_refused);
    RUN(unipen_sample_digits_parse_fit_and_rasterise_to_plausible_images);
    if (tmp_dir[0])
        test_remove_dir(tmp_dir);
    return test_main_result();
}
