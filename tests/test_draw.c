/* test_draw.c - the drawing app's pure parts: layout and AppState, without SDL.
 *
 * Layout: at sizes from 320 x 240 to 3840 x 2160 (and portrait, HiDPI) every block lies inside
 * the window, no two overlap, the canvas is square with whole pixels per cell, fonts grow with
 * the window. App: strokes with undo/redo/clear, brush limits, model selection by accuracy,
 * the "not sure" and "draw a digit" logic, input scaling, preprocessing defaults, files (the
 * strokes JSON and 28 x 28 PNG that Ctrl+S writes, F12 screenshots, command-line files), the
 * Open prompt's editing.
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

#include "draw/app.h"
#include "draw/layout.h"
#include "ink/image.h"
#include "nn/model.h"
#include "nn/model_io.h"
#include "test.h"

/* ---- helpers ---- */

static int overlap(LayoutRect a, LayoutRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static int inside(LayoutRect in, LayoutRect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

typedef struct Size {
    int w, h;
    float scale;
} Size;

static const Size sizes[] = {
    {320, 240, 1.0f},   {640, 480, 1.0f},   {800, 600, 1.0f},    {1100, 700, 1.0f},
    {1280, 800, 1.0f},  {1920, 1080, 1.0f}, {2200, 1400, 2.0f},  {3840, 2160, 1.0f},
    {3840, 2160, 2.0f}, {1000, 1000, 1.0f}, {700, 1100, 1.0f},   {480, 800, 1.0f},
    {240, 320, 1.0f},   {1400, 2200, 2.0f}, {2560, 1080, 1.0f},  {640, 480, 2.0f},
};
#define N_SIZES ((int)(sizeof sizes / sizeof sizes[0]))

/* The blocks of a layout that must not overlap, with their names for messages. */
static int blocks(const Layout *l, LayoutRect *r, const char **names)
{
    const LayoutRect all[] = {l->canvas,  l->models, l->prediction, l->preview_title,
                              l->preview, l->bars,   l->message,    l->status};
    static const char *n[] = {"canvas",  "models", "prediction", "preview_title",
                              "preview", "bars",   "message",    "status"};
    for (int i = 0; i < 8; i++) {
        r[i] = all[i];
        names[i] = n[i];
    }
    return 8;
}

/* A 784 -> 10 softmax model with zero weights (every class 10%), given accuracy and name. */
static NnModel *flat_model(const char *name, float accuracy)
{
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_SOFTMAX);
    NnError err = {0};
    NnModel *m = nn_model_new_shape((NnShape){1, APP_SIDE, APP_SIDE}, &spec, 1, &err);
    if (!m) {
        printf("nn_model_new: %s\n", err.msg);
        return NULL;
    }
    snprintf(m->info.name, sizeof m->info.name, "%s", name);
    m->info.train.test_accuracy = accuracy;
    return m;
}

/* Draws a vertical bar through the middle of the canvas as one stroke. */
static void draw_bar(AppState *s, float x)
{
    app_pen_down(s, x, 5.0f, 0);
    for (float y = 5.5f; y <= 23.0f; y += 0.5f)
        app_pen_move(s, x, y);
    app_pen_up(s);
}

/* Makes a fresh folder in $TMPDIR (else /tmp) into buf; returns 1, or 0 as a failed check. */
static int make_temp_dir(char *buf, size_t n)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, n, "%s/test_draw.XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(buf))
        buf[0] = '\0';
    CHECK(buf[0] != '\0');
    return buf[0] != '\0';
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* ---- layout ---- */

TEST(every_block_lies_inside_the_window_and_is_not_empty)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        LayoutRect win = {0, 0, sizes[i].w, sizes[i].h};
        LayoutRect r[8];
        const char *names[8];
        int n = blocks(&l, r, names);
        for (int k = 0; k < n; k++) {
            if (!inside(r[k], win) || r[k].w <= 0 || r[k].h <= 0) {
                printf("  %dx%d: %s = (%d, %d, %d, %d)\n", sizes[i].w, sizes[i].h, names[k],
                       r[k].x, r[k].y, r[k].w, r[k].h);
                CHECK(inside(r[k], win) && r[k].w > 0 && r[k].h > 0);
            }
        }
    }
}

TEST(no_two_blocks_overlap)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        LayoutRect r[8];
        const char *names[8];
        int n = blocks(&l, r, names);
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                if (overlap(r[a], r[b])) {
                    printf("  %dx%d: %s overlaps %s\n", sizes[i].w, sizes[i].h, names[a],
                           names[b]);
                    CHECK(!overlap(r[a], r[b]));
                }
    }
}

TEST(step_images_and_captions_sit_inside_the_preview_side_by_side)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        for (int k = 0; k < LAYOUT_STEPS; k++) {
            CHECK(inside(l.steps[k], l.preview));
            CHECK(inside(l.captions[k], l.preview));
            CHECK(l.steps[k].w == l.steps[k].h && l.steps[k].w > 0);
            CHECK(!overlap(l.steps[k], l.captions[k]));
            for (int j = k + 1; j < LAYOUT_STEPS; j++) {
                CHECK(!overlap(l.steps[k], l.steps[j]));
                CHECK(!overlap(l.captions[k], l.captions[j]));
            }
        }
    }
}

TEST(canvas_is_square_with_whole_pixels_per_cell_and_as_big_as_fits)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        int shorter = sizes[i].w < sizes[i].h ? sizes[i].w : sizes[i].h;
        CHECK(l.canvas.w == l.canvas.h);
        CHECK(l.canvas.w % LAYOUT_CELLS == 0);
        /* the canvas is the biggest thing on screen: at least half the shorter side */
        if (l.canvas.w * 2 < shorter)
            printf("  %dx%d: canvas %d\n", sizes[i].w, sizes[i].h, l.canvas.w);
        CHECK(l.canvas.w * 2 >= shorter);
    }
}

TEST(landscape_puts_the_bars_right_of_the_canvas_and_portrait_below)
{
    Layout wide = layout_compute(1100, 700, 1.0f);
    CHECK(wide.landscape == 1);
    CHECK(wide.bars.x >= wide.canvas.x + wide.canvas.w);
    CHECK(wide.prediction.x >= wide.canvas.x + wide.canvas.w);
    Layout tall = layout_compute(700, 1100, 1.0f);
    CHECK(tall.landscape == 0);
    CHECK(tall.bars.y >= tall.canvas.y + tall.canvas.h);
    CHECK(tall.prediction.y >= tall.canvas.y + tall.canvas.h);
    /* the status line is at the bottom either way */
    CHECK(wide.status.y > wide.canvas.y + wide.canvas.h);
    CHECK(tall.status.y > tall.bars.y);
}

TEST(fonts_grow_with_the_window)
{
    Layout small = layout_compute(320, 240, 1.0f);
    Layout mid = layout_compute(1100, 700, 1.0f);
    Layout big = layout_compute(3840, 2160, 1.0f);
    CHECK(small.font_big < mid.font_big && mid.font_big < big.font_big);
    CHECK(small.font_normal < mid.font_normal && mid.font_normal < big.font_normal);
    CHECK(small.font_small < mid.font_small && mid.font_small < big.font_small);
    /* the answer is the largest text, readable from the back of a room at the default size */
    CHECK(mid.font_big > 2 * mid.font_normal);
    CHECK(mid.font_big >= 60);
    CHECK(mid.font_normal >= 16);
    /* the same window on a HiDPI screen has twice the pixels and twice the type */
    Layout hidpi = layout_compute(2200, 1400, 2.0f);
    CHECK(hidpi.font_normal >= 2 * mid.font_normal - 2 && hidpi.font_normal <= 2 * mid.font_normal + 2);
    CHECK(hidpi.canvas.w >= 2 * mid.canvas.w - LAYOUT_CELLS);
    CHECK(hidpi.line == 2);
}

TEST(pixels_map_to_canvas_cells)
{
    Layout l = layout_compute(1100, 700, 1.0f);
    float cx, cy;
    CHECK(layout_to_cells(&l, (float)l.canvas.x, (float)l.canvas.y, &cx, &cy) == 1);
    CHECK_NEAR(cx, 0.0, 1e-6);
    CHECK_NEAR(cy, 0.0, 1e-6);
    float cell = (float)l.canvas.w / LAYOUT_CELLS;
    CHECK(layout_to_cells(&l, (float)l.canvas.x + 3.5f * cell, (float)l.canvas.y + 20.25f * cell,
                          &cx, &cy) == 1);
    CHECK_NEAR(cx, 3.5, 1e-4);
    CHECK_NEAR(cy, 20.25, 1e-4);
    CHECK(layout_to_cells(&l, (float)(l.canvas.x + l.canvas.w), (float)l.canvas.y + 1.0f, &cx,
                          &cy) == 0);
    CHECK_NEAR(cx, 28.0, 1e-4);
    CHECK(layout_to_cells(&l, (float)l.canvas.x - 1.0f, (float)l.canvas.y, &cx, &cy) == 0);
    CHECK(cx < 0.0f);
    CHECK(layout_contains(l.bars, l.bars.x, l.bars.y) == 1);
    CHECK(layout_contains(l.bars, l.bars.x + l.bars.w, l.bars.y) == 0);
}

TEST(degenerate_windows_give_empty_rects_not_negative_ones)
{
    const int dims[][2] = {{0, 0}, {1, 1}, {-5, 40}, {50, 20}, {20, 50}};
    for (int i = 0; i < 5; i++) {
        Layout l = layout_compute(dims[i][0], dims[i][1], 0.0f);
        LayoutRect r[8];
        const char *names[8];
        int n = blocks(&l, r, names);
        for (int k = 0; k < n; k++)
            CHECK(r[k].w >= 0 && r[k].h >= 0);
        CHECK(l.font_normal >= 1 && l.font_big >= 1 && l.font_small >= 1);
        CHECK(l.scale == 1.0f);
    }
}

/* ---- drawing and history ---- */

TEST(strokes_undo_redo_and_clear_one_stroke_at_a_time)
{
    AppState s;
    app_init(&s);
    CHECK(s.drawing.n == 0);
    draw_bar(&s, 10.0f);
    CHECK(s.drawing.n == 1);
    CHECK(s.drawing.strokes[0].n > 10);
    CHECK_NEAR(s.drawing.strokes[0].width, APP_BRUSH_DEFAULT, 1e-6);
    draw_bar(&s, 18.0f);
    CHECK(s.drawing.n == 2);

    CHECK(app_undo(&s) == 1);
    CHECK(s.drawing.n == 1);
    CHECK_NEAR(s.drawing.strokes[0].pts[0].x, 10.0, 1e-6);
    CHECK(app_redo(&s) == 1);
    CHECK(s.drawing.n == 2);
    CHECK_NEAR(s.drawing.strokes[1].pts[0].x, 18.0, 1e-6);
    CHECK(app_redo(&s) == 0); /* nothing left to redo */

    CHECK(app_clear(&s) == 1);
    CHECK(s.drawing.n == 0);
    CHECK(app_clear(&s) == 0); /* already empty */
    CHECK(app_undo(&s) == 1);  /* the clear comes back */
    CHECK(s.drawing.n == 2);
    CHECK(app_redo(&s) == 1);  /* and goes again */
    CHECK(s.drawing.n == 0);
    CHECK(app_undo(&s) == 1);
    CHECK(app_undo(&s) == 1);
    CHECK(app_undo(&s) == 1);
    CHECK(s.drawing.n == 0);
    CHECK(app_undo(&s) == 0); /* history exhausted */
    CHECK(app_redo(&s) == 1);
    CHECK(s.drawing.n == 1);

    /* a new stroke ends the redo chain */
    draw_bar(&s, 5.0f);
    CHECK(s.drawing.n == 2);
    CHECK(app_redo(&s) == 0);
    CHECK(s.drawing.n == 2);
    app_free(&s);
}

TEST(pointer_moves_add_points_only_while_the_pen_is_down_and_far_enough)
{
    AppState s;
    app_init(&s);
    app_pen_move(&s, 3.0f, 3.0f); /* no stroke yet */
    CHECK(s.drawing.n == 0);
    app_pen_down(&s, 3.0f, 3.0f, 1);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].erase == 1);
    app_pen_move(&s, 3.0f + 0.5f * INK_MIN_STEP, 3.0f); /* too small a move */
    CHECK(s.drawing.strokes[0].n == 1);
    app_pen_move(&s, 4.0f, 3.0f);
    CHECK(s.drawing.strokes[0].n == 2);
    app_pen_up(&s);
    app_pen_move(&s, 9.0f, 9.0f);
    CHECK(s.drawing.strokes[0].n == 2);
    CHECK(s.needs_update == 1);
    app_free(&s);
}

TEST(a_drawing_at_its_limits_takes_no_more_and_says_so)
{
    AppState s;
    app_init(&s);
    /* one long scribble of points 0.1 cells apart: the 10000th point is the last */
    app_pen_down(&s, 2.0f, 2.0f, 0);
    for (int k = 1; k < 12000 && s.pen_down; k++)
        app_pen_move(&s, 2.0f + 0.1f * (float)(k % 200), 2.0f + 0.1f * (float)(k / 200));
    CHECK(ink_drawing_points(&s.drawing) == INK_MAX_POINTS);
    CHECK(s.pen_down == 0 && s.message_error == 1);
    CHECK(strstr(s.message, "10000 points") != NULL && strstr(s.message, "stops here") != NULL);
    printf("    %s\n", s.message);
    /* no new stroke either, until something is undone */
    app_pen_down(&s, 5.0f, 5.0f, 0);
    CHECK(s.drawing.n == 1 && s.pen_down == 0);
    CHECK(strstr(s.message, "not started") != NULL);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 0);
    /* strokes: a thousand dots fill it */
    for (int i = 0; i < INK_MAX_STROKES; i++) {
        app_pen_down(&s, 1.0f + (float)(i % 26), 1.0f + (float)(i / 26) * 0.5f, 0);
        app_pen_up(&s);
    }
    CHECK(s.drawing.n == INK_MAX_STROKES);
    app_clear_message(&s);
    app_pen_down(&s, 5.0f, 5.0f, 0);
    CHECK(s.drawing.n == INK_MAX_STROKES && s.pen_down == 0);
    CHECK(strstr(s.message, "1000 strokes") != NULL);
    printf("    %s\n", s.message);
    app_free(&s);
}

TEST(brush_size_stays_within_its_limits)
{
    AppState s;
    app_init(&s);
    CHECK_NEAR(s.brush, 2.5, 1e-6);
    app_brush_step(&s, 1);
    CHECK_NEAR(s.brush, 2.5 + (double)APP_BRUSH_STEP, 1e-6);
    CHECK(strstr(s.message, "Brush 3.0 cells") != NULL);
    app_brush_step(&s, 100);
    CHECK_NEAR(s.brush, APP_BRUSH_MAX, 1e-6);
    app_brush_step(&s, -100);
    CHECK_NEAR(s.brush, APP_BRUSH_MIN, 1e-6);
    app_brush_step(&s, -1);
    CHECK_NEAR(s.brush, APP_BRUSH_MIN, 1e-6);
    app_brush_step(&s, 3);
    app_pen_down(&s, 1.0f, 1.0f, 0);
    CHECK_NEAR(s.drawing.strokes[0].width, APP_BRUSH_MIN + 3 * APP_BRUSH_STEP, 1e-6);
    app_free(&s);
}

/* ---- models ---- */

TEST(the_model_with_the_best_recorded_accuracy_starts_active)
{
    AppState s;
    app_init(&s);
    app_select_best(&s);
    CHECK(s.active == -1);
    app_add_model(&s, NULL, "models/broken.json", "models/broken.json: layers: missing");
    app_add_model(&s, flat_model("a", 0.91f), "a.json", NULL);
    app_add_model(&s, flat_model("no-record", -1.0f), "n.json", NULL);
    app_add_model(&s, flat_model("b", 0.97f), "b.json", NULL);
    app_add_model(&s, flat_model("c", 0.95f), "c.json", NULL);
    CHECK(s.n_models == 5);
    app_select_best(&s);
    CHECK(s.active == 3);
    CHECK(strcmp(s.models[s.active].name, "b") == 0);
    CHECK(app_model(&s) == s.models[3].model);
    CHECK(s.models[0].model == NULL);
    CHECK(strstr(s.models[0].error, "models/broken.json") != NULL);
    CHECK(strcmp(s.models[0].name, "broken") == 0);

    app_cycle_model(&s, 1);
    CHECK(s.active == 4);
    app_cycle_model(&s, 1);
    CHECK(s.active == 0); /* wraps, onto the broken one */
    CHECK(app_model(&s) == NULL);
    app_update(&s);
    CHECK(s.verdict == APP_BAD_MODEL);
    app_cycle_model(&s, -1);
    CHECK(s.active == 4);
    app_free(&s);

    /* nothing recorded anywhere: the first loaded one */
    app_init(&s);
    app_add_model(&s, NULL, "x.json", "x.json: bad");
    app_add_model(&s, flat_model("p", -1.0f), "p.json", NULL);
    app_add_model(&s, flat_model("q", -1.0f), "q.json", NULL);
    app_select_best(&s);
    CHECK(s.active == 1);
    app_free(&s);

    /* only broken ones: the first is selected so its error shows */
    app_init(&s);
    app_add_model(&s, NULL, "x.json", "x.json: bad");
    app_select_best(&s);
    CHECK(s.active == 0);
    app_update(&s);
    CHECK(s.verdict == APP_BAD_MODEL);
    app_free(&s);
}

TEST(a_model_that_does_not_fit_the_canvas_is_listed_with_the_reason)
{
    AppState s;
    app_init(&s);
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_SOFTMAX);
    NnModel *m = nn_model_new(100, &spec, 1, NULL);
    CHECK(m != NULL);
    int i = app_add_model(&s, m, "small-input.json", NULL);
    CHECK(i == 0);
    CHECK(s.models[0].model == NULL);
    CHECK(strstr(s.models[0].error, "small-input.json") != NULL);
    CHECK(strstr(s.models[0].error, "100") != NULL);
    app_free(&s);
}

TEST(no_model_at_all_says_so)
{
    AppState s;
    app_init(&s);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.verdict == APP_NO_MODEL);
    CHECK(s.n_probs == 0);
    char t[256];
    app_title(&s, t, sizeof t);
    CHECK(strcmp(t, "scratchnet-draw \xe2\x80\x94 no model loaded") == 0);
    app_free(&s);
}

/* ---- prediction ---- */

TEST(low_confidence_reads_not_sure_with_the_two_leading_classes)
{
    float p[10] = {0.01f, 0.02f, 0.03f, 0.04f, 0.41f, 0.01f, 0.02f, 0.03f, 0.05f, 0.38f};
    int top, second;
    CHECK(app_classify(p, 10, &top, &second) == APP_UNSURE);
    CHECK(top == 4 && second == 9);

    float q[10] = {0};
    q[7] = 0.98f;
    q[1] = 0.02f;
    CHECK(app_classify(q, 10, &top, &second) == APP_SURE);
    CHECK(top == 7 && second == 1);

    float half[2] = {0.5f, 0.5f}; /* a tie at the threshold: the first, and sure */
    CHECK(app_classify(half, 2, &top, &second) == APP_SURE);
    CHECK(top == 0 && second == 1);

    float one[1] = {1.0f};
    CHECK(app_classify(one, 1, &top, &second) == APP_SURE);
    CHECK(top == 0 && second == -1);

    /* and as text, with the model's labels */
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    memcpy(s.probs, p, sizeof p);
    s.n_probs = 10;
    s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Not sure: 4 or 9?") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 not sure: 4 or 9?") == 0);
    memcpy(s.probs, q, sizeof q);
    s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 7 (98%)") == 0);
    s.probs[7] = 0.9996f; /* shown as 100.0%, so the title may say 100% */
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 7 (100%)") == 0);
    s.probs[7] = 0.9994f; /* shown as 99.9%: the title must not round up */
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 7 (99%)") == 0);
    snprintf(app_model(&s)->info.labels[7], NN_LABEL_LEN, "seven");
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "seven (99%)") == 0);
    app_percent(0.98234f, buf, sizeof buf);
    CHECK(strcmp(buf, "98.2%") == 0);
    app_free(&s);
}

TEST(a_model_of_named_classes_asks_for_something_to_draw_and_names_the_top_class)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("clothes", 0.9f), "clothes.json", NULL);
    app_select_best(&s);
    CHECK(app_reads_digits(&s)); /* labels "0".."9" */
    NnModel *m = app_model(&s);
    static const char *names[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    for (int i = 0; i < 10; i++)
        snprintf(m->info.labels[i], NN_LABEL_LEN, "%s", names[i]);
    CHECK(!app_reads_digits(&s));
    app_update(&s);
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Draw something") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 draw something") == 0);
    CHECK(strcmp(app_label(&s, 9), "Ankle boot") == 0);
    CHECK(strcmp(app_label(&s, 10), "?") == 0); /* beyond the model's classes */
    m->info.labels[3][0] = '\0';                /* a class without a name: its number */
    CHECK(strcmp(app_label(&s, 3), "3") == 0);
    CHECK(strcmp(app_label(&s, -1), "?") == 0);
    app_free(&s);
}

TEST(empty_canvas_prompts_to_draw_and_a_speck_is_too_little_ink)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    app_update(&s);
    CHECK(s.verdict == APP_EMPTY);
    CHECK(s.n_probs == 0);
    CHECK(s.needs_update == 0);
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Draw a digit") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 draw a digit") == 0);

    /* a single small dot */
    app_brush_step(&s, -100);
    app_pen_down(&s, 14.0f, 14.0f, 0);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_TOO_LITTLE);
    CHECK(s.n_probs == 0);

    /* a real stroke against a model that knows nothing: every class 10%, not sure */
    app_brush_step(&s, 100);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.verdict == APP_UNSURE);
    CHECK(s.n_probs == 10);
    CHECK_NEAR(s.probs[3], 0.1, 1e-5);

    /* erasing everything (a wide eraser zig-zagging over the canvas) is an empty canvas */
    app_pen_down(&s, -2.0f, -1.0f, 1);
    for (int k = 0; k < 16; k++) {
        float x0 = k % 2 ? 30.0f : -2.0f, y = -1.0f + 2.0f * (float)k;
        app_pen_move(&s, x0, y);
        app_pen_move(&s, 28.0f - x0, y);
    }
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_EMPTY);

    /* clear: the prompt */
    app_clear(&s);
    app_update(&s);
    CHECK(s.verdict == APP_EMPTY);
    app_free(&s);
}

TEST(the_model_reads_pixels_scaled_by_its_declared_scale_and_offset)
{
    AppState s;
    app_init(&s);
    NnModel *m = flat_model("biased", 0.9f);
    CHECK(m != NULL);
    /* class 3 gets the mean input: z3 = mean(x), all others 0 */
    for (int j = 0; j < APP_PIXELS; j++)
        m->layers[0].weight[3 * APP_PIXELS + j] = 1.0f / APP_PIXELS;
    m->layers[0].bias[3] = 6.0f;
    m->info.in_scale = 1.0f / 255.0f;
    m->info.in_offset = -0.5f;
    app_add_model(&s, m, "biased.json", NULL);
    app_select_best(&s);
    draw_bar(&s, 12.0f);
    app_update(&s);
    CHECK(s.verdict == APP_SURE);
    CHECK(s.top == 3);
    double mean = 0.0;
    for (int i = 0; i < APP_PIXELS; i++)
        mean += ((double)s.seen[i] * 255.0 * (1.0 / 255.0) - 0.5) / APP_PIXELS;
    double z = 6.0 + mean;
    double expect = exp(z) / (exp(z) + 9.0);
    CHECK_NEAR(s.probs[3], expect, 1e-4);
    double sum = 0.0;
    for (int i = 0; i < s.n_probs; i++)
        sum += (double)s.probs[i];
    CHECK_NEAR(sum, 1.0, 1e-5);
    char t[256];
    app_title(&s, t, sizeof t);
    CHECK(strncmp(t, "scratchnet-draw \xe2\x80\x94 3 (", strlen("scratchnet-draw \xe2\x80\x94 3 (")) == 0);
    app_free(&s);
}

TEST(preprocessing_follows_the_model_and_warns_when_switched_against_it)
{
    AppState s;
    app_init(&s);
    NnModel *raw = flat_model("raw", 0.8f);
    NnModel *mn = flat_model("mnist", 0.9f);
    raw->info.preprocess = NN_PREP_NONE;
    mn->info.preprocess = NN_PREP_MNIST;
    app_add_model(&s, raw, "raw.json", NULL);
    app_add_model(&s, mn, "mnist.json", NULL);
    app_select_best(&s);
    CHECK(s.active == 1 && s.preprocess == 1 && app_preprocess_mismatch(&s) == 0);
    app_toggle_preprocess(&s);
    CHECK(s.preprocess == 0 && app_preprocess_mismatch(&s) == 1);
    CHECK(s.needs_update == 1);
    app_cycle_model(&s, 1); /* to "raw": its own declaration again */
    CHECK(s.active == 0 && s.preprocess == 0 && app_preprocess_mismatch(&s) == 0);
    app_toggle_preprocess(&s);
    CHECK(app_preprocess_mismatch(&s) == 1);

    /* without preprocessing the network sees the canvas as drawn */
    draw_bar(&s, 4.0f);
    app_toggle_preprocess(&s);
    app_update(&s);
    float dx = 0.0f;
    for (int i = 0; i < APP_PIXELS; i++)
        dx += fabsf(s.seen[i] - s.grid[i]);
    CHECK(dx < 1e-3f);
    /* with it, the bar at x = 4 is moved to the middle */
    app_toggle_preprocess(&s);
    app_update(&s);
    double mass = 0.0, mx = 0.0;
    for (int i = 0; i < APP_SIDE; i++)
        for (int j = 0; j < APP_SIDE; j++) {
            mass += (double)s.seen[i * APP_SIDE + j];
            mx += (double)s.seen[i * APP_SIDE + j] * (j + 0.5);
        }
    CHECK(mass > 1.0);
    CHECK_NEAR(mx / mass, 14.0, 1.0);
    app_free(&s);
}

/* ---- files ---- */

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
    NnError err = {0};
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

TEST(a_models_directory_loads_every_json_in_name_order_and_lists_failures)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    NnError err = {0};
    NnModel *a = flat_model("alpha", 0.93f), *b = flat_model("beta", 0.96f);
    snprintf(path, sizeof path, "%s/b-model.json", dir);
    CHECK(nn_model_save(path, b, &err) == 0);
    snprintf(path, sizeof path, "%s/a-model.json", dir);
    CHECK(nn_model_save(path, a, &err) == 0);
    nn_model_free(a);
    nn_model_free(b);
    snprintf(path, sizeof path, "%s/c-corrupt.json", dir);
    write_file(path, "{\"format\":\"scratchnet-model\",");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_file(path, "not a model");

    AppState s;
    app_init(&s);
    CHECK(app_add_models_dir(&s, dir) == 3);
    CHECK(s.n_models == 3);
    CHECK(strcmp(s.models[0].name, "alpha") == 0);
    CHECK(strcmp(s.models[1].name, "beta") == 0);
    CHECK(s.models[2].model == NULL);
    CHECK(strstr(s.models[2].error, "c-corrupt.json") != NULL);
    CHECK(strcmp(s.models_dir, dir) == 0);
    /* the same file given again (as on the command line) is not listed twice */
    snprintf(path, sizeof path, "%s/a-model.json", dir);
    CHECK(app_add_model_file(&s, path) == 0);
    CHECK(s.n_models == 3);
    app_select_best(&s);
    CHECK(s.active == 1);
    app_free(&s);

    app_init(&s);
    snprintf(path, sizeof path, "%s/does-not-exist", dir);
    CHECK(app_add_models_dir(&s, path) == 0);
    CHECK(s.n_models == 0);
    CHECK(s.message[0] == '\0'); /* a missing default folder is not an error */
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
    InkError err = {0, ""};
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
    InkError err = {0, ""};
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

TEST(the_open_prompt_edits_typed_text_and_opens_it_on_enter)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    app_init(&s);
    CHECK(app_prompt_type(&s, "abc") == 0); /* closed: typing goes nowhere */
    CHECK(s.prompt_len == 0);

    app_toggle_help(&s);
    app_prompt_open(&s);
    CHECK(s.prompt_open == 1 && s.show_help == 0); /* the prompt replaces the help */
    CHECK(app_prompt_type(&s, "ab\ncd\t") == 4); /* control characters dropped */
    CHECK(strcmp(s.prompt, "abcd") == 0 && s.prompt_len == 4);
    CHECK(app_prompt_type(&s, "\xc3\xa9") == 2); /* é: one character, two bytes */
    CHECK(s.prompt_len == 6);
    app_prompt_backspace(&s); /* removes é whole */
    CHECK(strcmp(s.prompt, "abcd") == 0 && s.prompt_len == 4);
    app_prompt_backspace(&s);
    CHECK(strcmp(s.prompt, "abc") == 0);
    app_prompt_cancel(&s);
    CHECK(s.prompt_open == 0 && s.prompt_len == 0 && s.prompt[0] == '\0');
    app_prompt_backspace(&s); /* closed: nothing happens */

    /* at most APP_PROMPT_MAX bytes, whole characters, with a message */
    app_prompt_open(&s);
    app_prompt_backspace(&s); /* empty: nothing happens */
    CHECK(s.prompt_len == 0);
    char many[APP_PROMPT_MAX + 1];
    memset(many, 'x', APP_PROMPT_MAX - 1);
    many[APP_PROMPT_MAX - 1] = '\0';
    CHECK(app_prompt_type(&s, many) == APP_PROMPT_MAX - 1);
    CHECK(app_prompt_type(&s, "\xc3\xa9") == 0); /* two bytes do not fit in one */
    CHECK(s.message_error == 1 && strstr(s.message, "too long") != NULL);
    CHECK(app_prompt_type(&s, "y") == 1 && s.prompt_len == APP_PROMPT_MAX);
    app_prompt_cancel(&s);

    /* nothing typed opens nothing */
    app_prompt_open(&s);
    app_prompt_type(&s, "   ");
    CHECK(app_prompt_submit(&s) == -1);
    CHECK(s.prompt_open == 0 && strstr(s.message, "Nothing typed") != NULL);

    /* a drawing, typed with spaces and quotes around it, opens on the canvas */
    char path[1024];
    snprintf(path, sizeof path, "%s/bar.json", dir);
    write_file(path, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                     "\"height\":28,\"strokes\":[{\"width\":2.5,\"erase\":false,"
                     "\"points\":[[14,4],[14,24]]}]}");
    char typed[1100];
    snprintf(typed, sizeof typed, "  '%s' ", path);
    app_prompt_open(&s);
    app_prompt_type(&s, typed);
    CHECK(app_prompt_submit(&s) == 0);
    CHECK(s.prompt_open == 0 && s.drawing.n == 1 && s.message_error == 0);
    CHECK(strstr(s.message, "Opened drawing") != NULL);

    /* ~/ is the home folder */
    const char *old_home = getenv("HOME");
    char saved_home[1024];
    snprintf(saved_home, sizeof saved_home, "%s", old_home ? old_home : "");
    setenv("HOME", dir, 1);
    app_clear(&s);
    app_prompt_open(&s);
    app_prompt_type(&s, "~/bar.json");
    CHECK(app_prompt_submit(&s) == 0 && s.drawing.n == 1);
    if (old_home)
        setenv("HOME", saved_home, 1);
    else
        unsetenv("HOME");

    /* a missing file: an error naming it; the canvas is kept */
    app_prompt_open(&s);
    app_prompt_type(&s, "/no/such/file.json");
    CHECK(app_prompt_submit(&s) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "/no/such/file.json") != NULL);
    CHECK(s.drawing.n == 1 && s.prompt_open == 0);
    app_free(&s);
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
    NnError err = {0};
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

int main(void)
{
    /* file names carry the local time: UTC makes them known in advance */
    setenv("TZ", "UTC", 1);
    tzset();
    RUN(every_block_lies_inside_the_window_and_is_not_empty);
    RUN(no_two_blocks_overlap);
    RUN(step_images_and_captions_sit_inside_the_preview_side_by_side);
    RUN(canvas_is_square_with_whole_pixels_per_cell_and_as_big_as_fits);
    RUN(landscape_puts_the_bars_right_of_the_canvas_and_portrait_below);
    RUN(fonts_grow_with_the_window);
    RUN(pixels_map_to_canvas_cells);
    RUN(degenerate_windows_give_empty_rects_not_negative_ones);
    RUN(strokes_undo_redo_and_clear_one_stroke_at_a_time);
    RUN(pointer_moves_add_points_only_while_the_pen_is_down_and_far_enough);
    RUN(a_drawing_at_its_limits_takes_no_more_and_says_so);
    RUN(brush_size_stays_within_its_limits);
    RUN(the_model_with_the_best_recorded_accuracy_starts_active);
    RUN(a_model_that_does_not_fit_the_canvas_is_listed_with_the_reason);
    RUN(no_model_at_all_says_so);
    RUN(low_confidence_reads_not_sure_with_the_two_leading_classes);
    RUN(a_model_of_named_classes_asks_for_something_to_draw_and_names_the_top_class);
    RUN(empty_canvas_prompts_to_draw_and_a_speck_is_too_little_ink);
    RUN(the_model_reads_pixels_scaled_by_its_declared_scale_and_offset);
    RUN(preprocessing_follows_the_model_and_warns_when_switched_against_it);
    RUN(drawings_save_under_a_dated_name_and_open_again);
    RUN(dropped_files_open_as_models_or_drawings_and_bad_ones_say_why);
    RUN(a_models_directory_loads_every_json_in_name_order_and_lists_failures);
    RUN(saving_also_writes_the_canvas_as_a_28x28_png_that_reads_back_as_the_grid);
    RUN(screenshots_save_as_png_under_a_dated_name_that_never_overwrites);
    RUN(the_open_prompt_edits_typed_text_and_opens_it_on_enter);
    RUN(command_line_files_are_told_apart_as_drawings_or_models);
    return test_main_result();
}
