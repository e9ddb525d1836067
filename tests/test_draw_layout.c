/* test_draw_layout.c - the drawing app's layout, without SDL: at sizes from 320 x 240 to
 * 3840 x 2160 (and portrait, HiDPI) every block and every on-screen control lies inside the
 * window, no two overlap, the canvas is square with whole pixels per cell, fonts grow with the
 * window, pixels map to cells, controls are big enough for a finger and layout_hit finds them;
 * the window opens at the same share of any screen.
 */
#include <stdio.h>

#include "draw/layout.h"
#include "test.h"

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

#define N_BLOCKS (10 + LAYOUT_CONTROLS)

/* The blocks of a layout that must not overlap (the canvas first, then the panel's, the lines',
 * the toolbar's labels and every control), with their names for messages. */
static int blocks(const Layout *l, LayoutRect *r, const char **names)
{
    const LayoutRect all[] = {l->canvas,  l->models, l->prediction, l->preview_title,
                              l->preview, l->bars,   l->message,    l->status,
                              l->brush_size, l->model_label};
    static const char *n[N_BLOCKS] = {
        "canvas",     "models",        "prediction",    "preview_title",  "preview",
        "bars",       "message",       "status",        "brush_size",     "model_label",
        "clear",      "undo",          "redo",          "brush_smaller",  "brush_larger",
        "model_prev", "model_next",    "steps",         "preprocess",     "help"};
    for (int i = 0; i < 10; i++)
        r[i] = all[i];
    for (int c = 0; c < LAYOUT_CONTROLS; c++)
        r[10 + c] = l->controls[c];
    for (int i = 0; i < N_BLOCKS; i++)
        names[i] = n[i];
    return N_BLOCKS;
}

TEST(every_block_lies_inside_the_window_and_is_not_empty)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        LayoutRect win = {0, 0, sizes[i].w, sizes[i].h};
        LayoutRect r[N_BLOCKS];
        const char *names[N_BLOCKS];
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
        LayoutRect r[N_BLOCKS];
        const char *names[N_BLOCKS];
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

/* The window opens at 1100 x 700 points on a full HD screen, shrunk to fit a smaller one, and
 * on a larger screen (a 4K one without HiDPI scaling) grown to the same share of it, so its
 * type is as large to the eye, not tiny; an unknown screen gets the default. */
TEST(the_window_opens_at_the_same_share_of_any_screen)
{
    static const int cases[][4] = {
        {1920, 1080, 1100, 700}, {1920, 1050, 1100, 700}, {0, 0, 1100, 700},
        {1280, 720, 1018, 648},  {3840, 2160, 2200, 1400}, {2560, 1440, 1467, 933},
        {3840, 1080, 1100, 700},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int w = 0, h = 0;
        layout_window_size(cases[i][0], cases[i][1], &w, &h);
        if (w != cases[i][2] || h != cases[i][3])
            printf("  screen %d x %d: window %d x %d, not %d x %d\n", cases[i][0], cases[i][1],
                   w, h, cases[i][2], cases[i][3]);
        CHECK(w == cases[i][2] && h == cases[i][3]);
    }
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
        LayoutRect r[N_BLOCKS];
        const char *names[N_BLOCKS];
        int n = blocks(&l, r, names);
        for (int k = 0; k < n; k++)
            CHECK(r[k].w >= 0 && r[k].h >= 0);
        CHECK(l.font_normal >= 1 && l.font_big >= 1 && l.font_small >= 1);
        CHECK(l.scale == 1.0f);
    }
}

TEST(a_press_just_outside_the_canvas_starts_on_its_edge_and_one_on_the_panel_does_not)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        float cx, cy, x0 = (float)l.canvas.x, y0 = (float)l.canvas.y, side = (float)l.canvas.w;
        float m = (float)layout_press_margin(&l);
        CHECK(m >= 3.0f); /* a finger or a shaky pen a few pixels off still draws */
        /* on the canvas: the same cells as layout_to_cells */
        CHECK(layout_press_cells(&l, x0 + side / 2, y0 + side / 4, &cx, &cy) == 1);
        CHECK_NEAR(cx, 14.0, 1e-4);
        CHECK_NEAR(cy, 7.0, 1e-4);
        /* 3 px left of the canvas: its left edge, same height */
        CHECK(layout_press_cells(&l, x0 - 3.0f, y0 + side / 2, &cx, &cy) == 1);
        CHECK_NEAR(cx, 0.0, 1e-6);
        CHECK_NEAR(cy, 14.0, 1e-4);
        /* just past the bottom-right corner: the corner */
        CHECK(layout_press_cells(&l, x0 + side + m - 1.0f, y0 + side + m - 1.0f, &cx, &cy) == 1);
        CHECK_NEAR(cx, (double)LAYOUT_CELLS, 1e-6);
        CHECK_NEAR(cy, (double)LAYOUT_CELLS, 1e-6);
        /* beyond the margin, and anywhere on the panel: no stroke */
        CHECK(layout_press_cells(&l, x0 - m - 1.0f, y0 + side / 2, &cx, &cy) == 0);
        CHECK(layout_press_cells(&l, (float)l.bars.x + 1.0f, (float)l.bars.y + 1.0f, &cx, &cy) ==
              0);
        CHECK(layout_press_cells(&l, (float)l.models.x, (float)l.models.y, &cx, &cy) == 0);
        CHECK(layout_press_cells(&l, (float)l.message.x, (float)l.message.y, &cx, &cy) == 0);
        /* the margin stays in the empty band around the canvas: it reaches no other block */
        LayoutRect band = {l.canvas.x - (int)m, l.canvas.y - (int)m, l.canvas.w + 2 * (int)m,
                           l.canvas.h + 2 * (int)m};
        LayoutRect r[N_BLOCKS];
        const char *names[N_BLOCKS];
        int n = blocks(&l, r, names);
        for (int k = 1; k < n; k++) {
            if (overlap(band, r[k]))
                printf("  %dx%d: the press margin reaches %s\n", sizes[i].w, sizes[i].h,
                       names[k]);
            CHECK(!overlap(band, r[k]));
        }
    }
}

TEST(controls_are_at_least_48_points_from_700_points_up)
{
    for (int i = 0; i < N_SIZES; i++) {
        float k = sizes[i].scale;
        float w_pt = (float)sizes[i].w / k, h_pt = (float)sizes[i].h / k;
        if ((w_pt < h_pt ? w_pt : h_pt) < 700.0f)
            continue;
        Layout l = layout_compute(sizes[i].w, sizes[i].h, k);
        for (int c = 0; c < LAYOUT_CONTROLS; c++) {
            LayoutRect r = l.controls[c];
            if ((float)r.w < 48.0f * k || (float)r.h < 48.0f * k)
                printf("  %dx%d @%g: control %d is %dx%d\n", sizes[i].w, sizes[i].h,
                       (double)k, c, r.w, r.h);
            CHECK((float)r.w >= 48.0f * k && (float)r.h >= 48.0f * k);
        }
    }
    /* the full-HD projector the app is made for: every hit area 48 px or more, the labels
     * readable from the back of a room */
    Layout hd = layout_compute(1920, 1080, 1.0f);
    for (int c = 0; c < LAYOUT_CONTROLS; c++)
        CHECK(hd.controls[c].w >= 48 && hd.controls[c].h >= 48);
    CHECK(hd.font_control >= 24);
    CHECK(hd.font_control <= hd.controls[0].h / 2);
}

TEST(the_centre_of_each_control_hits_it_and_every_other_point_hits_the_control_holding_it)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute(sizes[i].w, sizes[i].h, sizes[i].scale);
        for (int c = 0; c < LAYOUT_CONTROLS; c++) {
            LayoutRect r = l.controls[c];
            CHECK(layout_hit(&l, r.x + r.w / 2, r.y + r.h / 2) == (LayoutControl)c);
            CHECK(layout_hit(&l, r.x, r.y) == (LayoutControl)c);
            CHECK(layout_hit(&l, r.x + r.w - 1, r.y + r.h - 1) == (LayoutControl)c);
        }
        /* a sweep of the window: a point inside no control hits none */
        int step = sizes[i].w / 97 + 1, bad = 0;
        for (int y = -2; y < sizes[i].h + 2; y += step)
            for (int x = -2; x < sizes[i].w + 2; x += step) {
                LayoutControl want = LAYOUT_CTL_NONE;
                for (int c = 0; c < LAYOUT_ALL_CONTROLS; c++)
                    if (layout_contains(l.controls[c], x, y))
                        want = (LayoutControl)c;
                bad += layout_hit(&l, x, y) != want;
            }
        if (bad)
            printf("  %dx%d: %d points hit the wrong control\n", sizes[i].w, sizes[i].h, bad);
        CHECK(bad == 0);
        /* the canvas, the bars and the labels between buttons are no controls */
        CHECK(layout_hit(&l, l.canvas.x + l.canvas.w / 2, l.canvas.y + l.canvas.h / 2) ==
              LAYOUT_CTL_NONE);
        CHECK(layout_hit(&l, l.bars.x + 1, l.bars.y + 1) == LAYOUT_CTL_NONE);
        CHECK(layout_hit(&l, l.brush_size.x + l.brush_size.w / 2,
                         l.brush_size.y + l.brush_size.h / 2) == LAYOUT_CTL_NONE);
    }
}

TEST(controls_run_along_the_bottom_in_one_row_on_a_wide_window_and_two_on_a_tall_one)
{
    Layout wide = layout_compute(1920, 1080, 1.0f);
    Layout tall = layout_compute(1080, 1920, 1.0f);
    for (int c = 0; c < LAYOUT_CONTROLS; c++) {
        CHECK(wide.controls[c].y == wide.controls[0].y);
        CHECK(wide.controls[c].y > wide.canvas.y + wide.canvas.h);
        CHECK(wide.controls[c].y + wide.controls[c].h <= wide.message.y);
        CHECK(tall.controls[c].y > tall.bars.y + tall.bars.h);
        CHECK(tall.controls[c].y + tall.controls[c].h <= tall.message.y);
        if (c > 0) /* left to right in the toolbar's order (each row) */
            CHECK(wide.controls[c].x > wide.controls[c - 1].x);
    }
    CHECK(tall.controls[LAYOUT_CTL_HELP].y > tall.controls[LAYOUT_CTL_CLEAR].y);
    /* the brush's size sits between its buttons, the model's number between its */
    CHECK(wide.brush_size.x > wide.controls[LAYOUT_CTL_BRUSH_SMALLER].x &&
          wide.brush_size.x < wide.controls[LAYOUT_CTL_BRUSH_LARGER].x);
    CHECK(wide.model_label.x > wide.controls[LAYOUT_CTL_MODEL_PREV].x &&
          wide.model_label.x < wide.controls[LAYOUT_CTL_MODEL_NEXT].x);
    /* the Eraser stands with the brush, in the same row */
    CHECK(wide.controls[LAYOUT_CTL_ERASER].x + wide.controls[LAYOUT_CTL_ERASER].w <=
          wide.controls[LAYOUT_CTL_BRUSH_SMALLER].x);
    CHECK(tall.controls[LAYOUT_CTL_ERASER].y == tall.controls[LAYOUT_CTL_BRUSH_SMALLER].y);
}

/* The bottom lines and the switches beside them: inside the window, clear of each other and
 * of every other block. */
static int check_bottom(const Layout *l, const LayoutRect *r, int n)
{
    LayoutRect win = {0, 0, l->w, l->h};
    const LayoutRect sw[4] = {l->controls[LAYOUT_CTL_SIZE], l->controls[LAYOUT_CTL_THEME],
                              l->controls[LAYOUT_CTL_FLIP], l->controls[LAYOUT_CTL_VIEWS]};
    int bad = 0;
    for (int a = 0; a < 4; a++) {
        bad += !inside(sw[a], win) || sw[a].w <= 0 || sw[a].h < 48 * (int)l->scale;
        for (int b = a + 1; b < 4; b++)
            bad += overlap(sw[a], sw[b]);
        for (int k = 0; k < n; k++)
            bad += overlap(sw[a], r[k]);
    }
    return bad;
}

TEST(every_size_of_type_fits_the_window_without_overlaps)
{
    static const struct {
        int w, h;
        float scale;
    } screens[] = {{1280, 720, 1.0f},  {1920, 1080, 1.0f}, {3840, 2160, 1.0f},
                   {3840, 2160, 2.0f}, {1020, 650, 1.0f},  {1100, 700, 1.0f},
                   {720, 1280, 1.0f},  {1000, 1000, 1.0f}, {2560, 1080, 1.0f}};
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        Layout prev = {0}, first = {0};
        for (int step = 0; step < LAYOUT_SIZE_STEPS; step++) {
            Layout l = layout_compute_size(screens[i].w, screens[i].h, screens[i].scale,
                                           LAYOUT_VIEW_NONE, step);
            LayoutRect win = {0, 0, l.w, l.h};
            LayoutRect r[N_BLOCKS];
            const char *names[N_BLOCKS];
            int n = blocks(&l, r, names), bad = 0;
            for (int a = 0; a < n; a++) {
                bad += !inside(r[a], win) || r[a].w <= 0 || r[a].h <= 0;
                for (int b = a + 1; b < n; b++)
                    if (overlap(r[a], r[b])) {
                        printf("  %dx%d step %d: %s overlaps %s\n", l.w, l.h, step, names[a],
                               names[b]);
                        bad++;
                    }
            }
            for (int k = 0; k < LAYOUT_STEPS; k++)
                bad += !inside(l.steps[k], l.preview) || !inside(l.captions[k], l.preview);
            bad += check_bottom(&l, r, n);
            /* the canvas stays square, whole pixels a cell, and at least a third of the
             * shorter side; the buttons stay 48 points high */
            int shorter = l.w < l.h ? l.w : l.h;
            bad += l.canvas.w != l.canvas.h || l.canvas.w % LAYOUT_CELLS != 0;
            bad += l.canvas.w * 3 < shorter;
            for (int c = 0; c < LAYOUT_CONTROLS; c++)
                bad += l.h >= 650 && l.controls[c].h < (int)(48.0f * l.scale);
            /* every step grows the bottom lines' and the buttons' text; on a wide screen (16:10
             * and wider, a projector's) it never shrinks the panel's, and the bars' rows are
             * never lower than at the normal size */
            int wide = l.w * 10 >= l.h * 16;
            if (step > 0) {
                bad += l.font_small <= prev.font_small || l.font_control < prev.font_control;
                bad += wide && (l.font_normal < prev.font_normal || l.bars.h < first.bars.h);
            } else {
                first = l;
            }
            if (bad)
                printf("  %dx%d scale %.0f, size step %d: %d misplaced parts\n", l.w, l.h,
                       (double)l.scale, step, bad);
            CHECK(bad == 0);
            prev = l;
        }
    }
}

TEST(the_largest_size_makes_a_projected_screen_readable_from_the_back)
{
    /* at 1280 x 720, the projector's usual size, and 1920 x 1080: the bar labels and the
     * bottom lines at the largest size are at least 1.5 times the normal ones */
    static const int screens[][2] = {{1280, 720}, {1920, 1080}};
    for (int i = 0; i < 2; i++) {
        Layout n = layout_compute_size(screens[i][0], screens[i][1], 1.0f, LAYOUT_VIEW_NONE, 0);
        Layout b = layout_compute_size(screens[i][0], screens[i][1], 1.0f, LAYOUT_VIEW_NONE,
                                       LAYOUT_SIZE_STEPS - 1);
        CHECK(b.size_step == LAYOUT_SIZE_STEPS - 1);
        CHECK(2 * b.font_normal >= 3 * n.font_normal);
        CHECK(2 * b.font_small >= 3 * n.font_small);
        CHECK(b.bars.h > n.bars.h && b.font_big > n.font_big);
        /* the bars then stand beside the answer, not below it */
        CHECK(b.bars.x >= b.prediction.x + b.prediction.w);
        /* out of range: clamped */
        Layout o = layout_compute_size(screens[i][0], screens[i][1], 1.0f, LAYOUT_VIEW_NONE, 9);
        CHECK(o.size_step == LAYOUT_SIZE_STEPS - 1 && o.font_small == b.font_small);
        o = layout_compute_size(screens[i][0], screens[i][1], 1.0f, LAYOUT_VIEW_NONE, -2);
        CHECK(o.size_step == 0 && o.font_small == n.font_small);
    }
    CHECK(layout_size_factor(0) == 1.0f && layout_size_factor(LAYOUT_SIZE_STEPS - 1) == 1.75f);
    CHECK(layout_size_factor(-1) == 1.0f && layout_size_factor(99) == 1.75f);
}

int main(void)
{
    RUN(every_block_lies_inside_the_window_and_is_not_empty);
    RUN(no_two_blocks_overlap);
    RUN(step_images_and_captions_sit_inside_the_preview_side_by_side);
    RUN(canvas_is_square_with_whole_pixels_per_cell_and_as_big_as_fits);
    RUN(landscape_puts_the_bars_right_of_the_canvas_and_portrait_below);
    RUN(fonts_grow_with_the_window);
    RUN(the_window_opens_at_the_same_share_of_any_screen);
    RUN(pixels_map_to_canvas_cells);
    RUN(a_press_just_outside_the_canvas_starts_on_its_edge_and_one_on_the_panel_does_not);
    RUN(degenerate_windows_give_empty_rects_not_negative_ones);
    RUN(controls_are_at_least_48_points_from_700_points_up);
    RUN(the_centre_of_each_control_hits_it_and_every_other_point_hits_the_control_holding_it);
    RUN(controls_run_along_the_bottom_in_one_row_on_a_wide_window_and_two_on_a_tall_one);
    RUN(every_size_of_type_fits_the_window_without_overlaps);
    RUN(the_largest_size_makes_a_projected_screen_readable_from_the_back);
    return test_main_result();
}
