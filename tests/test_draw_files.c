/* test_draw_files.c - the drawing app's files, without SDL: the strokes JSON and 28 x 28
 * PNG that Ctrl+S writes, F12 screenshots, files dropped or opened (models or drawings, told
 * apart by their top-level "format"; PNG and PGM images, which become the base layer under
 * the strokes), files given on the command line.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draw_test.h"
#include "ink/image.h"
#include "ink/pipeline.h"
#include "ink/raster.h"
#include "nn/model_io.h"

TEST(drawings_save_under_a_dated_name_and_open_again)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    char name[64];
    app_dated_name("drawing", (time_t)0, name, sizeof name);
    CHECK(strcmp(name, "drawing-19700101-000000") == 0);

    AppState s;
    app_init(&s);
    CHECK(app_save_drawing(&s, dir, (time_t)0) == -1); /* nothing to save */
    draw_bar(&s, 8.0f);
    draw_bar(&s, 20.0f);
    int n0 = s.drawing.strokes[0].n;
    CHECK(app_save_drawing(&s, dir, (time_t)0) == 0);
    CHECK(strstr(s.message, "drawing-19700101-000000.json") != NULL);
    CHECK(strstr(s.message, dir) != NULL);
    CHECK(s.message_error == 0);
    CHECK(app_save_drawing(&s, dir, (time_t)0) == 0); /* same second: a new name */
    CHECK(strstr(s.message, "drawing-19700101-000000-2.json") != NULL);

    app_clear(&s);
    char path[1024];
    snprintf(path, sizeof path, "%s/drawing-19700101-000000.json", dir);
    CHECK(app_open_file(&s, path) == 0);
    CHECK(s.drawing.n == 2);
    CHECK(s.drawing.n == 2 && s.drawing.strokes[0].n == n0);
    CHECK(s.drawing.n == 2 && fabsf(s.drawing.strokes[1].pts[0].x - 20.0f) < 1e-4f);
    /* opening is undoable stroke by stroke, then the cleared canvas comes back */
    CHECK(app_undo(&s) == 1 && s.drawing.n == 1);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 0);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 2); /* the clear before opening, undone */
    CHECK(s.drawing.n == 2 && fabsf(s.drawing.strokes[0].pts[0].x - 8.0f) < 1e-4f);
    app_free(&s);
    test_remove_dir(dir);
}

TEST(dropped_files_open_as_models_or_drawings_and_bad_ones_say_why)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    char path[1024];
    AppState s;
    app_init(&s);
    draw_bar(&s, 10.0f);

    /* a model file: listed and selected */
    NnModel *m = flat_model("dropped", 0.5f);
    snprintf(path, sizeof path, "%s/dropped.json", dir);
    SnError err = {0};
    CHECK(nn_model_save(path, m, &err) == 0);
    nn_model_free(m);
    CHECK(app_open_file(&s, path) == 0);
    CHECK(s.n_models == 1 && s.active == 0 && app_model(&s) != NULL);
    CHECK(strcmp(s.models[0].name, "dropped") == 0);
    CHECK(s.drawing.n == 1); /* the drawing is untouched */
    CHECK(app_open_file(&s, path) == 0); /* the same file again replaces, not duplicates */
    CHECK(s.n_models == 1);

    /* a broken model file: an error naming it, nothing added */
    snprintf(path, sizeof path, "%s/broken-model.json", dir);
    write_file(path, "{\"format\":\"scratchnet-model\",\"version\":1}");
    CHECK(app_open_file(&s, path) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "broken-model.json") != NULL);
    CHECK(s.n_models == 1);

    /* not JSON at all: read as a drawing, which fails with the file named */
    snprintf(path, sizeof path, "%s/garbage.json", dir);
    write_file(path, "this is not json");
    CHECK(app_open_file(&s, path) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "garbage.json") != NULL);
    CHECK(s.drawing.n == 1);

    /* "format" decides only at the top level: a nested one does not make a model */
    snprintf(path, sizeof path, "%s/nested.json", dir);
    write_file(path, "{\"note\":{\"format\":\"scratchnet-model\"},"
                     "\"text\":\"\\\"format\\\": \\\"scratchnet-model\\\"\","
                     "\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,\"height\":28,"
                     "\"strokes\":[{\"width\":2.5,\"erase\":false,\"points\":[[14,4],[14,24]]}]}");
    CHECK(app_open_file(&s, path) == 0);
    CHECK(s.n_models == 1);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n == 2);
    app_undo(&s);
    app_undo(&s); /* back to the bar drawn first */
    CHECK(s.drawing.n == 1 && fabsf(s.drawing.strokes[0].pts[0].x - 10.0f) < 1e-4f);

    /* missing, and not .json */
    snprintf(path, sizeof path, "%s/missing.json", dir);
    CHECK(app_open_file(&s, path) == -1);
    CHECK(strstr(s.message, "missing.json") != NULL);
    CHECK(app_open_file(&s, "picture.png") == -1);
    CHECK(strstr(s.message, "picture.png") != NULL);

    /* a drawing made on a 280 x 280 canvas is scaled onto ours */
    snprintf(path, sizeof path, "%s/big.json", dir);
    write_file(path, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":280,\"height\":280,"
                     "\"strokes\":[{\"width\":25,\"erase\":false,\"points\":[[140,40],[140,240]]}]}");
    CHECK(app_open_file(&s, path) == 0);
    CHECK(s.drawing.n == 1);
    if (s.drawing.n == 1 && s.drawing.strokes[0].n == 2) {
        CHECK_NEAR(s.drawing.strokes[0].pts[0].x, 14.0, 1e-4);
        CHECK_NEAR(s.drawing.strokes[0].pts[1].y, 24.0, 1e-4);
        CHECK_NEAR(s.drawing.strokes[0].width, 2.5, 1e-4);
    }
    app_update(&s);
    CHECK(s.verdict == APP_UNSURE); /* the flat model, 10% each */
    app_free(&s);
    test_remove_dir(dir);
}

TEST(saving_also_writes_the_canvas_as_a_28x28_png_that_reads_back_as_the_grid)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    app_init(&s);
    draw_bar(&s, 9.0f);
    draw_bar(&s, 17.0f);
    app_update(&s);
    CHECK(app_save_drawing(&s, dir, (time_t)0) == 0);
    CHECK(strstr(s.message, "drawing-19700101-000000.json") != NULL);
    CHECK(strstr(s.message, "drawing-19700101-000000.png") != NULL);
    char path[1024];
    snprintf(path, sizeof path, "%s/drawing-19700101-000000.png", dir);
    float *px = NULL;
    int w = 0, h = 0;
    SnError err = {0, ""};
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0);
    CHECK(w == APP_SIDE && h == APP_SIDE);
    if (px && w == APP_SIDE && h == APP_SIDE) {
        float worst = 0.0f, ink = 0.0f;
        for (int i = 0; i < APP_PIXELS; i++) {
            worst = fmaxf(worst, fabsf(px[i] - s.grid[i]));
            ink += px[i];
        }
        CHECK(worst <= 0.5f / 255.0f + 1e-6f); /* the grid, rounded to 8 bits */
        CHECK(ink > 20.0f);                     /* two bars of ink, white on black */
        CHECK(px[0] == 0.0f);                   /* the corner is background */
    }
    free(px);

    /* a name is taken if either file exists: a lone .png moves both to -2 */
    snprintf(path, sizeof path, "%s/drawing-19700101-000001.png", dir);
    write_file(path, "taken");
    CHECK(app_save_drawing(&s, dir, (time_t)1) == 0);
    CHECK(strstr(s.message, "drawing-19700101-000001-2.json") != NULL);
    CHECK(strstr(s.message, "drawing-19700101-000001-2.png") != NULL);
    snprintf(path, sizeof path, "%s/drawing-19700101-000001.json", dir);
    CHECK(access(path, F_OK) != 0);
    app_free(&s);
    test_remove_dir(dir);
}

/* tests/data/NAME into buf. */
static const char *test_data(const char *name, char *buf, size_t n)
{
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    snprintf(buf, n, "%s/%s", dir ? dir : "tests/data", name);
    return buf;
}

/* 1 if the canvas is exactly the base alone: no strokes, and base equal to want. */
static int only_base(const AppState *s, const float *want)
{
    return s->drawing.n == 0 && s->drawing.base &&
           memcmp(s->drawing.base, want, APP_PIXELS * sizeof *want) == 0;
}

TEST(an_image_opens_as_the_base_layer_and_undo_takes_strokes_first_then_the_image)
{
    char png[1024], pgm[1024];
    test_data("mnist-test-0-seven.png", png, sizeof png);
    test_data("seven-dark-on-light.pgm", pgm, sizeof pgm);
    float seven[APP_PIXELS], dark[APP_PIXELS];
    SnError err;
    CHECK(ink_file_to_base(png, seven, &err) == 0); /* predict's image path */
    CHECK(ink_file_to_base(pgm, dark, &err) == 0);
    AppState s;
    app_init(&s);
    char model[1024];
    const char *root = getenv("SCRATCHNET_SOURCE_ROOT");
    snprintf(model, sizeof model, "%s/models/mnist-cnn.json", root ? root : ".");
    CHECK(app_add_model_file(&s, model) == 0);
    app_select_model(&s, 0);
    CHECK(app_model(&s) != NULL);
    draw_bar(&s, 4.0f); /* what was there before */

    CHECK(app_open_file(&s, png) == 0);
    CHECK(only_base(&s, seven));
    CHECK(s.message_error == 0 && strstr(s.message, "mnist-test-0-seven.png") != NULL);
    app_update(&s);
    CHECK(s.verdict == APP_SURE && s.top == 7); /* classified as it opens */
    CHECK(memcmp(s.grid, seven, sizeof seven) == 0); /* the canvas shows the image */
    draw_bar(&s, 22.0f); /* drawn over it */
    draw_bar(&s, 25.0f);
    CHECK(s.drawing.n == 2 && s.drawing.base != NULL);

    /* undo: the strokes first, then in one step the image off and the canvas before it back */
    CHECK(app_undo(&s) == 1 && s.drawing.n == 1 && s.drawing.base != NULL);
    CHECK(app_undo(&s) == 1 && only_base(&s, seven));
    CHECK(app_undo(&s) == 1 && s.drawing.n == 1 && !s.drawing.base); /* the bar at x = 4 */
    CHECK(app_undo(&s) == 1 && ink_drawing_is_empty(&s.drawing));
    CHECK(app_undo(&s) == 0);
    /* redo in reverse, the image again in one step */
    CHECK(app_redo(&s) == 1 && s.drawing.n == 1 && !s.drawing.base);
    CHECK(app_redo(&s) == 1 && only_base(&s, seven));
    CHECK(app_redo(&s) == 1 && s.drawing.n == 1 && s.drawing.base != NULL);
    CHECK(app_redo(&s) == 1 && s.drawing.n == 2 && s.drawing.base != NULL);
    CHECK(app_redo(&s) == 0);

    /* clear takes both, and one undo brings both back */
    CHECK(app_clear(&s) == 1 && ink_drawing_is_empty(&s.drawing));
    CHECK(app_clear(&s) == 0);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 2 && s.drawing.base != NULL);
    CHECK(s.drawing.base && memcmp(s.drawing.base, seven, sizeof seven) == 0);
    /* a clear of an image alone too */
    CHECK(app_open_file(&s, pgm) == 0 && only_base(&s, dark)); /* replaces the canvas */
    CHECK(dark[0] < 0.1f);                                      /* inverted, as predict does */
    app_update(&s);
    CHECK(s.verdict == APP_SURE && s.top == 7);
    CHECK(app_clear(&s) == 1 && ink_drawing_is_empty(&s.drawing));
    CHECK(app_undo(&s) == 1 && only_base(&s, dark));
    CHECK(app_undo(&s) == 1 && s.drawing.n == 2 && s.drawing.base != NULL); /* before the PGM */
    CHECK(s.drawing.base && memcmp(s.drawing.base, seven, sizeof seven) == 0);
    app_free(&s);

    /* opening ends the redo chain, on an empty canvas too */
    app_init(&s);
    draw_bar(&s, 4.0f);
    CHECK(app_undo(&s) == 1 && ink_drawing_is_empty(&s.drawing));
    CHECK(app_open_file(&s, png) == 0 && only_base(&s, seven));
    CHECK(app_redo(&s) == 0 && only_base(&s, seven));
    app_free(&s);
}

TEST(files_that_are_no_image_are_refused_naming_them_and_the_canvas_stays)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    app_init(&s);
    draw_bar(&s, 10.0f);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_file(path, "not an image");
    CHECK(app_open_file(&s, path) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "notes.txt: not an image") != NULL);
    snprintf(path, sizeof path, "%s/cut.png", dir);
    write_file(path, "\x89PNG\r\n\x1a\n");
    CHECK(app_open_file(&s, path) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "cut.png") != NULL);
    CHECK(s.drawing.n == 1 && !s.drawing.base && s.n_undo == 1);
    app_free(&s);
    test_remove_dir(dir);
}

TEST(a_drawing_over_an_image_saves_with_it_and_reopens_to_the_same_grid)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    app_init(&s);
    CHECK(app_open_file(&s, test_data("mnist-test-0-seven.png", path, sizeof path)) == 0);
    CHECK(app_save_drawing(&s, dir, (time_t)0) == 0); /* an image alone is something to save */
    draw_bar(&s, 14.0f);
    app_pen_down(&s, 12.0f, 8.0f, 1); /* an eraser stroke takes the image's ink too */
    app_pen_move(&s, 20.0f, 8.0f);
    app_pen_up(&s);
    app_update(&s);
    float grid[APP_PIXELS];
    memcpy(grid, s.grid, sizeof grid);
    CHECK(app_save_drawing(&s, dir, (time_t)1) == 0);

    /* the strokes file holds the image: reopened, the canvas is the same to the bit */
    app_clear(&s);
    snprintf(path, sizeof path, "%s/drawing-19700101-000001.json", dir);
    CHECK(app_open_file(&s, path) == 0);
    CHECK(s.drawing.n == 2 && s.drawing.base != NULL);
    app_update(&s);
    CHECK(memcmp(s.grid, grid, sizeof grid) == 0);
    /* and the PNG beside it is that canvas, base and strokes, in 8 bits */
    snprintf(path, sizeof path, "%s/drawing-19700101-000001.png", dir);
    float *px = NULL;
    int w = 0, h = 0;
    SnError err;
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0 && w == APP_SIDE && h == APP_SIDE);
    float worst = 0.0f;
    for (int i = 0; px && i < APP_PIXELS; i++)
        worst = fmaxf(worst, fabsf(px[i] - grid[i]));
    CHECK(worst <= 0.5f / 255.0f + 1e-6f);
    free(px);
    /* undo after reopening: the strokes, then the image, then the cleared canvas */
    CHECK(app_undo(&s) == 1 && app_undo(&s) == 1 && s.drawing.n == 0 && s.drawing.base);
    CHECK(app_undo(&s) == 1 && ink_drawing_is_empty(&s.drawing));
    app_free(&s);
    test_remove_dir(dir);
}

TEST(screenshots_save_as_png_under_a_dated_name_that_never_overwrites)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    char name[64];
    app_dated_name("scratchnet-draw", (time_t)0, name, sizeof name);
    CHECK(strcmp(name, "scratchnet-draw-19700101-000000") == 0);

    AppState s;
    app_init(&s);
    /* 3 x 2: red, green, blue / white, black, grey 128, all opaque */
    const unsigned char rgba[3 * 2 * 4] = {255, 0,   0,   255, 0, 255, 0, 255, 0,   0,   255, 255,
                                           255, 255, 255, 255, 0, 0,   0, 255, 128, 128, 128, 255};
    CHECK(app_save_screenshot(&s, dir, (time_t)0, rgba, 3, 2) == 0);
    CHECK(s.message_error == 0);
    CHECK(strstr(s.message, dir) != NULL);
    CHECK(strstr(s.message, "scratchnet-draw-19700101-000000.png") != NULL);
    CHECK(app_save_screenshot(&s, dir, (time_t)0, rgba, 3, 2) == 0);
    CHECK(strstr(s.message, "scratchnet-draw-19700101-000000-2.png") != NULL);

    char path[1024];
    snprintf(path, sizeof path, "%s/scratchnet-draw-19700101-000000.png", dir);
    float *px = NULL;
    int w = 0, h = 0;
    SnError err = {0, ""};
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0 && w == 3 && h == 2);
    if (px && w == 3 && h == 2) {
        CHECK_NEAR(px[0], 0.2126, 1e-5); /* red's luminance */
        CHECK_NEAR(px[1], 0.7152, 1e-5);
        CHECK_NEAR(px[2], 0.0722, 1e-5);
        CHECK_NEAR(px[3], 1.0, 1e-6);
        CHECK_NEAR(px[5], 128.0 / 255.0, 1e-6);
    }
    free(px);

    /* a folder that does not exist: an error naming the file, nothing saved */
    char missing[700];
    snprintf(missing, sizeof missing, "%s/no-such-folder", dir);
    CHECK(app_save_screenshot(&s, missing, (time_t)0, rgba, 3, 2) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, missing) != NULL);

    /* a folder path too long for a file name: refused with a message, nothing saved anywhere
     * (a cut-off path would land in another folder) */
    static char deep[PATH_MAX + 64];
    int len = snprintf(deep, sizeof deep, "%s", dir);
    while (len < PATH_MAX - 10)
        len += snprintf(deep + len, sizeof deep - (size_t)len, "/aaaaaaaaaaaaaaaaaaaa");
    CHECK(app_save_screenshot(&s, deep, (time_t)0, rgba, 3, 2) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "too long") != NULL);
    draw_bar(&s, 8.0f);
    CHECK(app_save_drawing(&s, deep, (time_t)0) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "too long") != NULL);
    app_free(&s);
    test_remove_dir(dir);
}

/* A labelled drawing (the JSON lines form: "label" and strokes of bare points in the writer's
 * own units) is placed on the canvas as a person would draw it, and says its label; one labelled
 * null (a drawing of no class) is placed the same way. */
TEST(labelled_drawings_of_a_class_or_of_none_are_fitted_onto_the_canvas)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    const char *labels[] = {"3", "null"};
    for (int k = 0; k < 2; k++) {
        AppState s;
        app_init(&s);
        snprintf(path, sizeof path, "%s/labelled-%d.json", dir, k);
        char text[256];
        snprintf(text, sizeof text, "{\"label\": %s, \"strokes\": [[[1000, 2000], [1000, 6000]]]}",
                 labels[k]);
        write_file(path, text);
        CHECK(app_open_file(&s, path) == 0);
        CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n == 2);
        for (int j = 0; s.drawing.n == 1 && j < s.drawing.strokes[0].n; j++) {
            InkPoint p = s.drawing.strokes[0].pts[j];
            CHECK(p.x >= 0.0f && p.x <= APP_SIDE && p.y >= 0.0f && p.y <= APP_SIDE);
        }
        CHECK(strstr(s.message, k == 0 ? "labelled 3" : "labelled null") != NULL);
        app_free(&s);
    }
    test_remove_dir(dir);
}

TEST(command_line_files_are_told_apart_as_drawings_or_models)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/d.json", dir);
    write_file(path, "{\"format\": \"scratchnet-strokes\", \"version\": 1, \"strokes\": []}");
    CHECK(app_file_is_drawing(path) == 1);
    snprintf(path, sizeof path, "%s/labelled.json", dir);
    write_file(path, "{\"label\": 3, \"strokes\": [[[0, 0], [5, 5]]]}");
    CHECK(app_file_is_drawing(path) == 1);
    snprintf(path, sizeof path, "%s/m.json", dir);
    NnModel *m = flat_model("m", 0.5f);
    SnError err = {0};
    CHECK(nn_model_save(path, m, &err) == 0);
    nn_model_free(m);
    CHECK(app_file_is_drawing(path) == 0);
    /* a model's nested "strokes" or a drawing's nested "format" do not count */
    snprintf(path, sizeof path, "%s/nested.json", dir);
    write_file(path, "{\"format\": \"scratchnet-model\", \"x\": {\"strokes\": []}}");
    CHECK(app_file_is_drawing(path) == 0);
    snprintf(path, sizeof path, "%s/garbage.json", dir);
    write_file(path, "not json");
    CHECK(app_file_is_drawing(path) == 0); /* loaded as a model, so its error is listed */
    snprintf(path, sizeof path, "%s/missing.json", dir);
    CHECK(app_file_is_drawing(path) == 0);
    snprintf(path, sizeof path, "%s/d.txt", dir);
    write_file(path, "{\"format\": \"scratchnet-strokes\"}");
    CHECK(app_file_is_drawing(path) == 0);
    test_remove_dir(dir);
}

TEST(command_line_images_and_drawings_open_on_the_canvas_models_load)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    /* any name not ending in .json is an image, as Open and predict take it: by its name
     * alone, so a missing or broken one opens on the canvas and says why there */
    CHECK(app_file_opens_on_canvas(test_data("mnist-test-0-seven.png", path, sizeof path)) == 1);
    CHECK(app_file_opens_on_canvas(test_data("seven-dark-on-light.pgm", path, sizeof path)) == 1);
    CHECK(app_file_opens_on_canvas("/no/such/scan.png") == 1);
    CHECK(app_file_opens_on_canvas("scan") == 1);
    /* .json names: drawings on the canvas, models (and what cannot be read) loaded as models */
    snprintf(path, sizeof path, "%s/d.json", dir);
    write_file(path, "{\"format\": \"scratchnet-strokes\", \"version\": 1, \"strokes\": []}");
    CHECK(app_file_opens_on_canvas(path) == 1);
    snprintf(path, sizeof path, "%s/m.json", dir);
    NnModel *m = flat_model("m", 0.5f);
    SnError err = {0};
    CHECK(nn_model_save(path, m, &err) == 0);
    nn_model_free(m);
    CHECK(app_file_opens_on_canvas(path) == 0);
    CHECK(app_file_opens_on_canvas("/no/such/model.json") == 0);
    test_remove_dir(dir);
}

TEST(a_file_is_told_a_model_or_a_drawing_by_its_parsed_top_level_format)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    app_init(&s);

    /* the format is a JSON string: written with an escape, it is still a model's */
    NnModel *m = flat_model("escaped", 0.5f);
    snprintf(path, sizeof path, "%s/m.json", dir);
    SnError err = {0};
    CHECK(nn_model_save(path, m, &err) == 0);
    nn_model_free(m);
    char *text = NULL;
    size_t len = 0;
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 0, SEEK_END);
        len = (size_t)ftell(f);
        rewind(f);
        text = calloc(len + 1, 1);
        if (text && fread(text, 1, len, f) != len)
            text[0] = '\0';
        fclose(f);
    }
    char *at = text ? strstr(text, "\"scratchnet-model\"") : NULL;
    CHECK(at != NULL);
    if (at) {
        snprintf(path, sizeof path, "%s/escaped.json", dir);
        f = fopen(path, "wb");
        if (f) {
            fwrite(text, 1, (size_t)(at - text), f);
            fputs("\"scratchnet\\u002dmodel\"", f);
            fputs(at + strlen("\"scratchnet-model\""), f);
            fclose(f);
        }
        CHECK(app_file_is_drawing(path) == 0);
        CHECK(app_open_file(&s, path) == 0);
        CHECK(s.n_models == 1 && app_model(&s) != NULL);
    }
    free(text);

    /* a drawing's "strokes" after a long comment: the whole file is read, not its start */
    snprintf(path, sizeof path, "%s/commented.json", dir);
    f = fopen(path, "wb");
    if (f) {
        fputs("{\"comment\": \"", f);
        for (int i = 0; i < 100000; i++)
            fputc('x', f);
        fputs("\", \"label\": 7, \"strokes\": [[[0, 0], [0, 9]]]}", f);
        fclose(f);
    }
    CHECK(app_file_is_drawing(path) == 1);

    /* text that is not JSON is no drawing for the command line (it is listed as a model with
     * its error), and a dropped one is reported by the drawing reader, naming the file */
    snprintf(path, sizeof path, "%s/cut.json", dir);
    write_file(path, "{\"format\": \"scratchnet-strokes\", \"version\": 1, \"strokes\": [");
    CHECK(app_file_is_drawing(path) == 0);
    draw_bar(&s, 10.0f);
    CHECK(app_open_file(&s, path) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "cut.json") != NULL);
    CHECK(strstr(s.message, "not valid JSON") != NULL);
    CHECK(s.drawing.n == 1);

    /* a top-level "format" that is not a string, or names neither, makes no drawing */
    snprintf(path, sizeof path, "%s/odd.json", dir);
    write_file(path, "{\"format\": 1, \"strokes\": []}");
    CHECK(app_file_is_drawing(path) == 0);
    write_file(path, "[{\"format\": \"scratchnet-strokes\"}]");
    CHECK(app_file_is_drawing(path) == 0);
    app_free(&s);
    test_remove_dir(dir);
}

int main(void)
{
    /* file names carry the local time: UTC makes them known in advance */
    setenv("TZ", "UTC", 1);
    tzset();
    RUN(drawings_save_under_a_dated_name_and_open_again);
    RUN(dropped_files_open_as_models_or_drawings_and_bad_ones_say_why);
    RUN(saving_also_writes_the_canvas_as_a_28x28_png_that_reads_back_as_the_grid);
    RUN(an_image_opens_as_the_base_layer_and_undo_takes_strokes_first_then_the_image);
    RUN(files_that_are_no_image_are_refused_naming_them_and_the_canvas_stays);
    RUN(a_drawing_over_an_image_saves_with_it_and_reopens_to_the_same_grid);
    RUN(screenshots_save_as_png_under_a_dated_name_that_never_overwrites);
    RUN(labelled_drawings_of_a_class_or_of_none_are_fitted_onto_the_canvas);
    RUN(command_line_files_are_told_apart_as_drawings_or_models);
    RUN(command_line_images_and_drawings_open_on_the_canvas_models_load);
    RUN(a_file_is_told_a_model_or_a_drawing_by_its_parsed_top_level_format);
    return test_main_result();
}
