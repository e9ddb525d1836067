/* test_strokes_base.c - the base image under a drawing's strokes: setting and clearing it, its
 * "base" field in strokes files (round trip, old files, every malformed case), rasterising base
 * plus ink and eraser strokes against values worked out by hand, and the pipeline and file
 * paths that every program classifies through.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/image.h"
#include "ink/ink.h"
#include "ink/pipeline.h"
#include "ink/png_codec.h"
#include "ink/raster.h"
#include "test_ink.h"

/* A base image with a value per pixel that tells pixels apart: (i * 28 + j) % 11 / 10, and a
 * few awkward floats that must survive a save bit for bit. */
static void ramp_base(float *px)
{
    for (int k = 0; k < N28; k++)
        px[k] = (float)(k % 11) / 10.0f;
    px[0] = 1.0f / 3.0f;
    px[1] = 1e-7f;
    px[2] = 200.0f / 255.0f;
}

TEST(a_base_image_is_copied_replaced_and_removed)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(d.base == NULL && ink_drawing_is_empty(&d));
    float px[N28];
    ramp_base(px);
    CHECK(ink_drawing_set_base(&d, px) == 0);
    CHECK(d.base != NULL && d.base != px && memcmp(d.base, px, sizeof px) == 0);
    CHECK(!ink_drawing_is_empty(&d)); /* a base alone is a drawing */
    px[5] = 2.0f;                     /* out of 0..1: refused, the old base stays */
    CHECK(ink_drawing_set_base(&d, px) == SN_E_ARG);
    px[5] = NAN;
    CHECK(ink_drawing_set_base(&d, px) == SN_E_ARG);
    px[5] = -0.5f;
    CHECK(ink_drawing_set_base(&d, px) == SN_E_ARG);
    CHECK(d.base != NULL && d.base[5] == 0.5f);
    CHECK(ink_drawing_set_base(&d, NULL) == 0 && d.base == NULL && ink_drawing_is_empty(&d));
    ramp_base(px);
    CHECK(ink_drawing_set_base(&d, px) == 0);
    const float a[] = {3, 3};
    one_stroke(&d, 2.5f, 0, a, 1);
    ink_drawing_clear(&d); /* clearing removes both */
    CHECK(d.n == 0 && d.base == NULL);
    CHECK(ink_drawing_set_base(&d, px) == 0);
    ink_drawing_free(&d); /* frees the base too (the sanitizers check) */
    CHECK(d.base == NULL);
}

TEST(fitting_leaves_a_drawing_with_a_base_where_it_is_on_the_image)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    float px[N28] = {0};
    CHECK(ink_drawing_set_base(&d, px) == 0);
    const float a[] = {2, 2, 4, 3};
    one_stroke(&d, 2.5f, 0, a, 2);
    ink_drawing_fit(&d, 20.0f);
    CHECK(d.strokes[0].pts[0].x == 2.0f && d.strokes[0].pts[1].y == 3.0f);
    ink_drawing_free(&d);
}

/* ---- the "base" field --------------------------------------------------------------------- */

TEST(the_base_field_round_trips_bit_exact_and_old_files_still_load)
{
    InkDrawing d, e;
    ink_drawing_init(&d, 28.0f, 28.0f);
    ink_drawing_init(&e, 28.0f, 28.0f);
    float px[N28];
    ramp_base(px);
    CHECK(ink_drawing_set_base(&d, px) == 0);
    const float a[] = {5, 5, 20, 20};
    one_stroke(&d, 3.0f, 1, a, 2);
    char *text = ink_drawing_to_json(&d);
    CHECK(text != NULL);
    if (!text)
        return;
    CHECK(strstr(text, "\"base\":{\"width\":28,\"height\":28,\"pixels\":[0.33333334,1e-07,") !=
          NULL);
    SnError err;
    CHECK(ink_drawing_from_json(text, "mem.json", &e, NULL, 2.5f, &err) == 0);
    CHECK(e.base != NULL && memcmp(e.base, px, sizeof px) == 0);
    CHECK(e.n == 1 && e.strokes[0].erase == 1 && e.strokes[0].pts[1].x == 20.0f);
    free(text);

    /* through a file, and a file without the field replaces a drawing that had one */
    CHECK(ink_drawing_save(tmp_path("base.json"), &d, &err) == 0);
    ink_drawing_free(&e);
    ink_drawing_init(&e, 28.0f, 28.0f);
    CHECK(ink_drawing_load(tmp_path("base.json"), &e, &err) == 0);
    CHECK(e.base != NULL && memcmp(e.base, px, sizeof px) == 0);
    const char *old = "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                      "\"height\":28,\"strokes\":[{\"width\":2.5,\"points\":[[1,2]]}]}";
    CHECK(ink_drawing_from_json(old, "old.json", &e, NULL, 2.5f, &err) == 0);
    CHECK(e.base == NULL && e.n == 1);
    /* and a drawing without a base writes no field: its files are as before */
    text = ink_drawing_to_json(&e);
    CHECK(text != NULL && strstr(text, "base") == NULL);
    free(text);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
}

/* Parses a strokes file whose "base" is `base` (text after "base":), expecting code and a
 * message "bad.json: ..." holding part, and the drawing untouched (expect_rejected). */
static void expect_bad_base(const char *base, int code, const char *part)
{
    size_t n = strlen(base) + 256;
    char *text = malloc(n);
    CHECK(text != NULL);
    if (!text)
        return;
    snprintf(text, n,
             "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,\"height\":28,"
             "\"base\":%s,\"strokes\":[]}",
             base);
    expect_rejected(text, code, part);
    free(text);
}

/* "base" text: width w, height h, and the pixels array of n values, value k given by
 * `value` except that index bad_at holds bad (when bad_at >= 0). Caller frees. */
static char *base_text(int w, int h, int n, int bad_at, const char *bad)
{
    size_t cap = (size_t)n * 8 + 128;
    char *t = malloc(cap);
    if (!t)
        return NULL;
    size_t len = (size_t)snprintf(t, cap, "{\"width\":%d,\"height\":%d,\"pixels\":[", w, h);
    for (int k = 0; k < n; k++)
        len += (size_t)snprintf(t + len, cap - len, "%s%s", k ? "," : "",
                                k == bad_at ? bad : (k % 2 ? "0.5" : "0"));
    snprintf(t + len, cap - len, "]}");
    return t;
}

TEST(every_malformed_base_is_refused_with_one_line_naming_the_file_and_the_field)
{
    char *t;
    expect_bad_base("[0,1]", SN_E_FORMAT, "base: expected an object");
    expect_bad_base("null", SN_E_FORMAT, "base: expected an object");
    expect_bad_base("{\"height\":28,\"pixels\":[]}", SN_E_FORMAT, "base.width: expected 28");
    expect_bad_base("{\"width\":14,\"height\":28,\"pixels\":[]}", SN_E_FORMAT,
                    "base.width: expected 28");
    expect_bad_base("{\"width\":28,\"height\":\"28\",\"pixels\":[]}", SN_E_FORMAT,
                    "base.height: expected 28");
    expect_bad_base("{\"width\":28,\"height\":28}", SN_E_FORMAT,
                    "base.pixels: expected an array of 784 numbers 0..1");
    expect_bad_base("{\"width\":28,\"height\":28,\"pixels\":{}}", SN_E_FORMAT,
                    "base.pixels: expected an array of 784 numbers 0..1");
    expect_bad_base("{\"width\":28,\"width\":28,\"height\":28,\"pixels\":[]}", SN_E_FORMAT,
                    "base: key \"width\" appears twice");
    expect_bad_base(t = base_text(28, 28, 783, -1, ""), SN_E_FORMAT,
                    "base.pixels: 783 values, expected 784 (28 x 28, row by row)");
    free(t);
    expect_bad_base(t = base_text(28, 28, 785, -1, ""), SN_E_FORMAT, "785 values, expected 784");
    free(t);
    expect_bad_base(t = base_text(28, 28, 784, 300, "1.5"), SN_E_FORMAT,
                    "base.pixels[300]: 1.5 is not a number 0..1");
    free(t);
    expect_bad_base(t = base_text(28, 28, 784, 0, "-0.25"), SN_E_FORMAT,
                    "base.pixels[0]: -0.25 is not a number 0..1");
    free(t);
    expect_bad_base(t = base_text(28, 28, 784, 783, "255"), SN_E_FORMAT,
                    "base.pixels[783]: 255 is not a number 0..1");
    free(t);
    expect_bad_base(t = base_text(28, 28, 784, 7, "null"), SN_E_FORMAT,
                    "base.pixels[7]: expected a number 0..1, got null");
    free(t);
    expect_bad_base(t = base_text(28, 28, 784, 8, "\"0.5\""), SN_E_FORMAT,
                    "base.pixels[8]: expected a number 0..1");
    free(t);
    expect_bad_base(t = base_text(28, 28, 784, 9, "1e999"), SN_E_FORMAT,
                    "base.pixels[9]: expected a number 0..1");
    free(t);
    /* a well-formed base passes the same helper's text */
    t = base_text(28, 28, 784, -1, "");
    char *text = malloc(strlen(t) + 200);
    CHECK(text != NULL);
    if (text) {
        sprintf(text, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                      "\"height\":28,\"base\":%s,\"strokes\":[]}", t);
        InkDrawing d;
        ink_drawing_init(&d, 28.0f, 28.0f);
        SnError err;
        CHECK(ink_drawing_from_json(text, "good.json", &d, NULL, 2.5f, &err) == 0);
        CHECK(d.base != NULL && d.base[0] == 0.0f && d.base[1] == 0.5f);
        /* the labelled form has no canvas of its own for an image to cover */
        sprintf(text, "{\"label\":3,\"base\":%s,\"strokes\":[]}", t);
        CHECK(ink_drawing_from_json(text, "l.jsonl:2", &d, NULL, 2.5f, &err) == SN_E_FORMAT);
        CHECK(strstr(err.msg, "l.jsonl:2: base: only a strokes file") != NULL);
        CHECK(d.base != NULL); /* unchanged */
        ink_drawing_free(&d);
        free(text);
    }
    free(t);
}

/* ---- rasterising ---------------------------------------------------------------------------- */

TEST(the_base_lies_under_ink_and_eraser_strokes_as_worked_out_by_hand)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    float px[N28], grid[N28], strokes_only[N28];
    for (int k = 0; k < N28; k++)
        px[k] = 0.25f;
    px[3 * 28 + 3] = 0.75f;
    CHECK(ink_drawing_set_base(&d, px) == 0);
    /* the base alone, at the canvas's resolution, is the image itself */
    CHECK(ink_raster(&d, grid, 28, 28) == 0 && memcmp(grid, px, sizeof px) == 0);
    /* at 56 x 56 each pixel covers 2 x 2 cells; at 14 x 14 a cell is the mean of 2 x 2 pixels */
    float big[56 * 56], small[14 * 14];
    CHECK(ink_raster(&d, big, 56, 56) == 0);
    CHECK(big[6 * 56 + 6] == 0.75f && big[7 * 56 + 7] == 0.75f && big[8 * 56 + 8] == 0.25f);
    CHECK(ink_raster(&d, small, 14, 14) == 0);
    CHECK(small[1 * 14 + 1] == 0.375f && small[0] == 0.25f); /* (0.75 + 3 x 0.25) / 4 */

    /* a 6-cell brush (radius 3, soft edge 2.75..3.25) dotted at (14, 14) covers cell (13, 13)
     * whole: its farthest corner is 1.42 away. 0.25 + 1 is held to 1. An eraser dot at
     * (4, 4) removes all ink of cell (3, 3), base included: 0.75 - 1 is held to 0. */
    const float ink_at[] = {14, 14}, erase_at[] = {4, 4};
    one_stroke(&d, 6.0f, 0, ink_at, 1);
    one_stroke(&d, 6.0f, 1, erase_at, 1);
    CHECK(ink_raster(&d, grid, 28, 28) == 0);
    CHECK(grid[13 * 28 + 13] == 1.0f);
    CHECK(grid[3 * 28 + 3] == 0.0f);
    CHECK(grid[27 * 28 + 27] == 0.25f); /* out of both strokes' reach: the base */
    CHECK(grid[0] == 0.25f);            /* cell (0, 0): its corner (1, 1) is 4.24 away */
    /* everywhere: ink adds to the base and the eraser subtracts, held to 0..1 */
    InkDrawing ink_only, erase_only;
    ink_drawing_init(&ink_only, 28.0f, 28.0f);
    ink_drawing_init(&erase_only, 28.0f, 28.0f);
    one_stroke(&ink_only, 6.0f, 0, ink_at, 1);
    one_stroke(&erase_only, 6.0f, 0, erase_at, 1); /* its coverage, drawn as ink */
    float cover[N28];
    CHECK(ink_raster(&ink_only, strokes_only, 28, 28) == 0);
    CHECK(ink_raster(&erase_only, cover, 28, 28) == 0);
    int same = 1;
    for (int k = 0; k < N28; k++) {
        float v = fminf(1.0f, px[k] + strokes_only[k]);
        v = fmaxf(0.0f, v - cover[k]);
        same &= grid[k] == v;
    }
    CHECK(same);
    /* half-covered cells exist, so the rule was tested on more than 0 and 1 */
    CHECK(strokes_only[14 * 28 + 17] > 0.0f && strokes_only[14 * 28 + 17] < 1.0f);
    ink_drawing_free(&d);
    ink_drawing_free(&ink_only);
    ink_drawing_free(&erase_only);
}

/* ---- pipeline and files ------------------------------------------------------------------- */

TEST(a_base_alone_is_classified_as_the_same_image_would_be)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    float px[N28] = {0}, a[N28], b[N28];
    for (int i = 4; i < 24; i++)
        for (int j = 12; j < 16; j++)
            px[i * 28 + j] = (float)(i + j) / 40.0f; /* a thick "1", 20 tall as MNIST's are */
    CHECK(ink_drawing_set_base(&d, px) == 0);
    /* no preprocessing: exactly the image */
    CHECK(ink_drawing_to_input(&d, 0, a, NULL) == 0);
    CHECK(ink_image_to_input(px, 28, 28, 0, b, NULL) == 0);
    CHECK(memcmp(a, b, sizeof a) == 0);
    /* MNIST's: the drawing is rendered 4x finer, each pixel a 4 x 4 block, and preprocessed
     * from there: the same digit, box and centre as from the image itself, up to the
     * preprocessing's sub-cell centring */
    static float blocks[112 * 112];
    for (int i = 0; i < 112; i++)
        for (int j = 0; j < 112; j++)
            blocks[i * 112 + j] = px[(i / 4) * 28 + j / 4];
    CHECK(ink_drawing_to_input(&d, 1, a, NULL) == 0);
    CHECK(ink_image_to_input(blocks, 112, 112, 1, b, NULL) == 0);
    CHECK(memcmp(a, b, sizeof a) == 0);
    CHECK(ink_image_to_input(px, 28, 28, 1, b, NULL) == 0);
    int wa = 0, ha = 0, wb = 0, hb = 0;
    double xa, ya, xb, yb;
    CHECK(grid_bbox(a, &wa, &ha) && grid_bbox(b, &wb, &hb));
    CHECK(abs(wa - wb) <= 1 && abs(ha - hb) <= 1);
    grid_com(a, &xa, &ya);
    grid_com(b, &xb, &yb);
    CHECK(fabs(xa - xb) <= 0.5 && fabs(ya - yb) <= 0.5);
    ink_drawing_free(&d);
}

TEST(an_image_file_becomes_a_base_as_predict_reads_it)
{
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/seven-dark-on-light.pgm", dir ? dir : "tests/data");
    float base[N28];
    SnError err;
    CHECK(ink_file_to_base(path, base, &err) == 0);
    /* predict's path: loaded, inverted (dark on light), resampled to 28 x 28 */
    float *px = NULL;
    int w = 0, h = 0;
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0);
    if (px) {
        CHECK(ink_image_normalise_polarity(px, w, h) == 1);
        float want[N28];
        ink_resample(px, w, h, want, 28, 28);
        CHECK(memcmp(base, want, sizeof want) == 0);
        free(px);
    }
    CHECK(base[0] < 0.1f); /* the light paper became the dark ground */
    /* errors name the file */
    CHECK(ink_file_to_base(tmp_path("missing.png"), base, &err) < 0);
    CHECK(strstr(err.msg, "missing.png") != NULL);
    write_text(tmp_path("text.png"), "hello", 5);
    CHECK(ink_file_to_base(tmp_path("text.png"), base, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "text.png") != NULL);
}

TEST(a_strokes_file_with_a_base_reads_as_its_saved_image_does)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    float px[N28] = {0};
    for (int i = 5; i < 23; i++)
        px[i * 28 + 14] = px[i * 28 + 15] = 0.8f;
    CHECK(ink_drawing_set_base(&d, px) == 0);
    const float bar[] = {9, 6, 19, 6};
    one_stroke(&d, 2.5f, 0, bar, 2);
    SnError err;
    CHECK(ink_drawing_save(tmp_path("seven.json"), &d, &err) == 0);
    /* the file through the path predict and the library take, without preprocessing: the
     * canvas exactly as rasterised */
    float from_file[N28], from_drawing[N28];
    CHECK(ink_file_to_input(tmp_path("seven.json"), 1, 0, from_file, &err) == 0);
    CHECK(ink_drawing_to_input(&d, 0, from_drawing, NULL) == 0);
    CHECK(memcmp(from_file, from_drawing, sizeof from_file) == 0);
    CHECK(from_file[6 * 28 + 12] > 0.9f && from_file[10 * 28 + 14] == 0.8f);
    ink_drawing_free(&d);
}

int main(void)
{
    RUN(a_base_image_is_copied_replaced_and_removed);
    RUN(fitting_leaves_a_drawing_with_a_base_where_it_is_on_the_image);
    RUN(the_base_field_round_trips_bit_exact_and_old_files_still_load);
    RUN(every_malformed_base_is_refused_with_one_line_naming_the_file_and_the_field);
    RUN(the_base_lies_under_ink_and_eraser_strokes_as_worked_out_by_hand);
    RUN(a_base_alone_is_classified_as_the_same_image_would_be);
    RUN(an_image_file_becomes_a_base_as_predict_reads_it);
    RUN(a_strokes_file_with_a_base_reads_as_its_saved_image_does);
    if (tmp_dir[0])
        test_remove_dir(tmp_dir);
    return test_main_result();
}
