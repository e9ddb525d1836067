/* test_draw_render.c - frames drawn only where they changed are the frames drawn whole.
 *
 * Two software renderers draw into two surfaces the size of a window: one keeps its picture and
 * draws each frame where it changed (as the app does), the other draws every frame whole. A
 * sequence of what a user does (hovering, strokes, the eraser, the brush at the canvas's edge,
 * messages, the preprocessing steps, the help, the Open prompt, the on-screen controls, other
 * models and one that failed, clear, undo, redo, an answer refused, and no model at all) must
 * give the same pixels in both after every step, at several window sizes; and every pixel that
 * changed from one frame to the next must lie in the damage the frame reported, which is all
 * the present puts on the screen. No display needed: the renderers draw into memory. Also: a
 * refused answer's bars are grey; a leaning answer is not drawn in a confident one's amber;
 * which OpenGL renderers are software rasterisers, for which the app draws with SDL's software
 * renderer.
 *
 * usage: test_draw_render ASSETS_DIR MODELS_DIR
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "draw/app.h"
#include "draw/app_flip.h"
#include "draw/frame.h"
#include "draw/layout.h"
#include "draw/render.h"
#include "draw/render_controls.h"
#include "draw/text.h"
#include "draw/train_session.h"
#include "draw/view_layout.h"
#include "test.h"

static const char *assets, *models;

/* One way of drawing: a surface, its renderer, its text cache and its Render. */
typedef struct Side {
    SDL_Surface *surf;
    SDL_Renderer *r;
    Text *text;
    Render rd;
} Side;

typedef struct Pair {
    Side kept, whole;   /* drawn where it changed; drawn whole */
    SDL_Surface *before; /* the kept side's last picture */
    Layout l;
    int mismatches;
} Pair;

static int side_open(Side *d, int w, int h)
{
    char err[512], regular[1100], bold[1100];
    snprintf(regular, sizeof regular, "%s/DejaVuSans.ttf", assets);
    snprintf(bold, sizeof bold, "%s/DejaVuSans-Bold.ttf", assets);
    d->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    d->r = d->surf ? SDL_CreateSoftwareRenderer(d->surf) : NULL;
    d->text = text_open(regular, bold, err, sizeof err);
    if (!d->r || !d->text) {
        printf("  cannot draw: %s %s\n", SDL_GetError(), d->text ? "" : err);
        return -1;
    }
    text_set_renderer(d->text, d->r);
    if (render_init(&d->rd, d->r, d->text, err, sizeof err) != 0) {
        printf("  %s\n", err);
        return -1;
    }
    return 0;
}

static void side_close(Side *d)
{
    render_free(&d->rd);
    text_close(d->text);
    if (d->r)
        SDL_DestroyRenderer(d->r);
    SDL_FreeSurface(d->surf);
}

static int pair_open(Pair *p, int w, int h)
{
    memset(p, 0, sizeof *p);
    p->l = layout_compute(w, h, 1.0f);
    p->before = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    return p->before && side_open(&p->kept, w, h) == 0 && side_open(&p->whole, w, h) == 0 ? 0
                                                                                          : -1;
}

static void pair_close(Pair *p)
{
    side_close(&p->kept);
    side_close(&p->whole);
    SDL_FreeSurface(p->before);
}

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static int in_damage(const Damage *d, int x, int y)
{
    for (int i = 0; i < d->n; i++)
        if (layout_contains(d->r[i], x, y))
            return 1;
    return 0;
}

/* Draws the state both ways and compares; `what` names the step in a failure. */
static void frame(Pair *p, AppState *s, const char *what)
{
    if (s->needs_update)
        app_update(s);
    render_frame(&p->kept.rd, s, &p->l);
    render_invalidate(&p->whole.rd);
    render_frame(&p->whole.rd, s, &p->l);
    SDL_RenderFlush(p->kept.r);
    SDL_RenderFlush(p->whole.r);
    int differ = 0, outside = 0, fx = -1, fy = -1, ox = -1, oy = -1;
    for (int y = 0; y < p->l.h; y++)
        for (int x = 0; x < p->l.w; x++) {
            Uint32 k = pixel(p->kept.surf, x, y) & 0xFFFFFF;
            if (k != (pixel(p->whole.surf, x, y) & 0xFFFFFF) && differ++ == 0) {
                fx = x;
                fy = y;
            }
            if (k != (pixel(p->before, x, y) & 0xFFFFFF) &&
                !in_damage(&p->kept.rd.damage, x, y) && outside++ == 0) {
                ox = x;
                oy = y;
            }
        }
    if (differ || outside) {
        printf("  %dx%d, %s: %d pixels differ from the whole frame (first at %d, %d), %d changed "
               "outside the damage (first at %d, %d)\n",
               p->l.w, p->l.h, what, differ, fx, fy, outside, ox, oy);
        p->mismatches++;
    }
    SDL_BlitSurface(p->kept.surf, NULL, p->before, NULL);
    damage_clear(&p->kept.rd.damage);
    damage_clear(&p->whole.rd.damage);
    text_frame_end(p->kept.text);
    text_frame_end(p->whole.text);
}

/* A stroke from (x0, y0) to (x1, y1) in cells, a frame after each move, the outline following. */
static void stroke(Pair *p, AppState *s, float x0, float y0, float x1, float y1, int erase,
                   int moves, const char *what)
{
    app_hover(s, x0, y0, 1);
    app_pointer_down(s, APP_POINTER_MOUSE, 0, x0, y0, erase);
    frame(p, s, what);
    for (int i = 1; i <= moves; i++) {
        float x = x0 + (x1 - x0) * (float)i / (float)moves;
        float y = y0 + (y1 - y0) * (float)i / (float)moves;
        app_hover(s, x, y, x >= 0.0f && y >= 0.0f && x < APP_SIDE && y < APP_SIDE);
        app_pointer_move(s, APP_POINTER_MOUSE, 0, x, y);
        frame(p, s, what);
    }
    app_pointer_up(s, APP_POINTER_MOUSE, 0);
    frame(p, s, what);
}

/* The user's session with models loaded (steps: 1 for a short one). */
static void session(Pair *p, AppState *s, int short_one)
{
    frame(p, s, "the first frame");
    frame(p, s, "the same state again");
    for (int i = 0; i < 6; i++) {
        app_hover(s, 3.0f + 4.0f * (float)i, 10.0f + (float)i, 1);
        frame(p, s, "hovering");
    }
    stroke(p, s, 14.0f, 4.0f, 14.0f, 24.0f, 0, short_one ? 8 : 30, "a stroke");
    if (short_one)
        return;
    stroke(p, s, 8.0f, 8.0f, 20.0f, 8.0f, 0, 20, "a second stroke");
    stroke(p, s, 12.0f, 4.0f, 16.0f, 20.0f, 1, 12, "the eraser");
    app_toggle_eraser(s);
    frame(p, s, "the Eraser switched on: its button and the outline's colour");
    stroke(p, s, 4.0f, 14.0f, 24.0f, 14.0f, 0, 12, "the left button with the Eraser on");
    app_control_act(s, LAYOUT_CTL_ERASER);
    frame(p, s, "the Eraser switched off");
    for (int i = 0; i < 8; i++)
        app_brush_step(s, +1); /* the biggest brush, its message */
    frame(p, s, "the brush's message");
    for (int i = 0; i < 10; i++) {
        app_hover(s, 27.9f, 2.0f + 2.5f * (float)i, 1); /* the outline over the canvas's edge */
        frame(p, s, "the outline at the edge");
    }
    app_hover(s, 0.0f, 0.0f, 0);
    frame(p, s, "the pointer left");
    app_clear_message(s);
    frame(p, s, "the message expired");
    app_toggle_steps(s);
    frame(p, s, "the steps shown");
    stroke(p, s, 6.0f, 20.0f, 22.0f, 22.0f, 0, 10, "a stroke with the steps");
    app_toggle_steps(s);
    frame(p, s, "the steps hidden");
    app_toggle_preprocess(s);
    frame(p, s, "preprocessing off");
    app_toggle_preprocess(s);
    frame(p, s, "preprocessing on");
    app_toggle_help(s);
    frame(p, s, "the help");
    app_message(s, 1, "a message under the help");
    frame(p, s, "a message under the help");
    app_toggle_help(s);
    frame(p, s, "the help closed");
    app_prompt_open(s);
    frame(p, s, "the Open prompt");
    app_prompt_type(s, "models/");
    frame(p, s, "typing");
    for (int i = 0; i < 8; i++)
        app_prompt_type(s, "a-rather-long-folder-name/");
    frame(p, s, "a long path");
    app_prompt_backspace(s);
    frame(p, s, "backspace");
    app_prompt_select_all(s);
    frame(p, s, "all of the path selected");
    app_prompt_cancel(s);
    frame(p, s, "the prompt closed");
    app_control_hover(s, LAYOUT_CTL_UNDO);
    frame(p, s, "the mouse over Undo");
    app_control_down(s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO);
    frame(p, s, "Undo pressed");
    app_control_move(s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_NONE);
    frame(p, s, "the pointer off Undo");
    app_control_move(s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO);
    app_control_up(s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO);
    frame(p, s, "Undo released");
    app_control_hover(s, LAYOUT_CTL_STEPS);
    app_control_down(s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_STEPS);
    app_control_up(s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_STEPS);
    frame(p, s, "Steps switched on");
    app_control_hover(s, LAYOUT_CTL_NONE);
    frame(p, s, "the mouse off the toolbar");
    for (int i = 0; i < s->n_models; i++) {
        app_cycle_model(s, +1);
        frame(p, s, "the next model");
        stroke(p, s, 5.0f, 14.0f, 23.0f, 14.0f, 0, 6, "a stroke with that model");
    }
    app_clear(s);
    frame(p, s, "cleared");
    app_undo(s);
    frame(p, s, "the clear undone");
    app_undo(s);
    frame(p, s, "a stroke undone");
    app_redo(s);
    frame(p, s, "redone");
    /* each grade of the words, and a change of percentage within the middle one */
    const float tops[] = {0.95f, 0.7f, 0.72f, 0.4f, 0.7f, 0.95f};
    for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++) {
        memset(s->probs, 0, sizeof s->probs);
        s->n_probs = 10;
        s->probs[4] = tops[i];
        s->probs[9] = 1.0f - tops[i];
        s->verdict = app_classify(s->probs, 10, &s->top, &s->second);
        frame(p, s, "the words for a top probability");
    }
    /* the same probabilities declined ("not a digit"): the bars dim, the words change */
    s->verdict = APP_REFUSED;
    frame(p, s, "the answer refused");
    s->verdict = app_classify(s->probs, 10, &s->top, &s->second);
    frame(p, s, "the answer named again");
    /* the help's line on refusals follows the model */
    app_toggle_help(s);
    frame(p, s, "the help again");
    app_cycle_model(s, +1);
    frame(p, s, "another model under the help");
    app_toggle_help(s);
    frame(p, s, "the help closed again");
}

/* s made fresh with the shipped model files named (in the models folder), the first active. */
static void app_with_files(AppState *s, const char *const *files, int n)
{
    app_init(s);
    char path[1100];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", models, files[i]);
        app_add_model_file(s, path);
    }
    app_select_model(s, 0);
}

static void at_size(int w, int h, int short_one)
{
    Pair p;
    AppState *s = malloc(sizeof *s);
    CHECK(s != NULL);
    if (!s)
        return;
    const char *const files[] = {"mnist-cnn.json", "fashion-mlp.json", "no-such-model.json"};
    app_with_files(s, files, 3);
    if (pair_open(&p, w, h) == 0) {
        session(&p, s, short_one);
    } else {
        CHECK(0);
    }
    CHECK(p.mismatches == 0);
    pair_close(&p);
    app_free(s);

    /* no model at all */
    app_init(s);
    char path[1100];
    snprintf(path, sizeof path, "%s/no-such-folder", models);
    app_add_models_dir(s, path);
    if (pair_open(&p, w, h) == 0) {
        frame(&p, s, "no model");
        stroke(&p, s, 10.0f, 10.0f, 18.0f, 18.0f, 0, 5, "a stroke without a model");
    }
    CHECK(p.mismatches == 0);
    pair_close(&p);
    app_free(s);
    free(s);
}

TEST(frames_drawn_where_they_changed_are_the_whole_frames)
{
    at_size(1100, 700, 0);
    at_size(1920, 1080, 0);
    at_size(700, 1100, 0);
    at_size(320, 240, 0);
    at_size(3840, 2160, 1);
}

/* Opens view v as the app does: the state's switch, then the layout that follows it. */
static void open_view(Pair *p, AppState *s, LayoutView v)
{
    app_show_view(s, v);
    p->l = layout_compute_view(p->l.w, p->l.h, 1.0f, s->view);
}

/* Flip it over the canvas: searching (its progress polled as the main loop polls it), what it
 * found with the Apply tag, a bar's class asked for, then off. */
static void flip_frames(Pair *p, AppState *s)
{
    app_toggle_flip(s);
    frame(p, s, "flip it searching");
    for (int i = 0; i < 50; i++) { /* at least one step's progress, while it is quick */
        app_work_poll(s);
        SDL_Delay(2);
    }
    frame(p, s, "flip it's progress");
    for (int i = 0; i < 3000 && app_work_busy(s); i++)
        SDL_Delay(10);
    app_work_poll(s);
    frame(p, s, "flip it found");
    CHECK(app_flip_state(s)->status == APP_FLIP_READY);
    app_bar_pick(s, (s->top + 1) % s->n_probs);
    frame(p, s, "flip it for a bar's class");
    app_toggle_flip(s);
    frame(p, s, "flip it off");
}

/* The views of the network's inside: each opened, drawn over, pointed at and clicked, the
 * softmax view's temperature stepped and the compare view's second model stepped, every frame
 * drawn where it changed equal to the whole; flip it over the canvas. */
TEST(views_drawn_where_they_changed_are_the_whole_frames)
{
    Pair p;
    AppState *s = malloc(sizeof *s);
    CHECK(s != NULL);
    if (!s)
        return;
    const char *const files[] = {"mnist-cnn.json", "mnist-seed.json", "mnist-mlp.json"};
    app_with_files(s, files, 3);
    if (pair_open(&p, 1280, 720) != 0) {
        CHECK(0);
        pair_close(&p);
        app_free(s);
        free(s);
        return;
    }
    frame(&p, s, "no view");
    for (int m = 0; m < 2; m++) {
        open_view(&p, s, LAYOUT_VIEW_ACTS);
        frame(&p, s, "the layers opened");
        stroke(&p, s, 14.0f, 4.0f, 14.0f, 24.0f, 0, 6, "a stroke under the layers");
        for (int i = 0; i < 4; i++) {
            app_view_hover(s, i - 1, 3 + 5 * i);
            frame(&p, s, "a value pointed at");
        }
        app_view_pick(s, 0, 7);
        app_view_hover(s, 0, -1);
        frame(&p, s, "a value kept");
        open_view(&p, s, LAYOUT_VIEW_WEIGHTS);
        frame(&p, s, "the weights");
        app_view_hover(s, 0, 40);
        frame(&p, s, "a weight pointed at");
        open_view(&p, s, LAYOUT_VIEW_SOFTMAX);
        frame(&p, s, "the softmax");
        stroke(&p, s, 8.0f, 8.0f, 20.0f, 8.0f, 0, 4, "a stroke under the softmax");
        app_temperature_step(s, +2);
        frame(&p, s, "a higher temperature");
        app_temperature_step(s, -4);
        frame(&p, s, "a lower temperature");
        app_toggle_saliency(s);
        frame(&p, s, "the heat map over the drawing");
        app_saliency_pick(s, 7);
        frame(&p, s, "why not 7: its bar marked");
        stroke(&p, s, 20.0f, 6.0f, 6.0f, 20.0f, 0, 4, "a stroke under the heat map");
        app_saliency_pick(s, 7);
        frame(&p, s, "back to the top class");
        app_toggle_saliency(s);
        frame(&p, s, "the heat map off");
        flip_frames(&p, s);
        open_view(&p, s, LAYOUT_VIEW_COMPARE);
        frame(&p, s, "the compare view");
        stroke(&p, s, 14.0f, 6.0f, 10.0f, 22.0f, 0, 4, "a stroke under the compare view");
        app_compare_step(s, +1);
        frame(&p, s, "another model compared");
        app_clear(s);
        frame(&p, s, "the compare view without a drawing");
        stroke(&p, s, 9.0f, 6.0f, 19.0f, 20.0f, 0, 4, "a stroke compared again");
        app_cycle_model(s, +1);
        frame(&p, s, "the next model");
    }
    app_toggle_views(s);
    p.l = layout_compute_view(p.l.w, p.l.h, 1.0f, s->view);
    frame(&p, s, "the area closed");
    CHECK(p.mismatches == 0);
    pair_close(&p);
    app_free(s);
    free(s);
}

/* Polls the app as its main loop does when the training wakes it, until the training is paused
 * after `batches` batches (or 60 s pass). */
static int train_until_paused(AppState *s, long batches)
{
    for (int i = 0; i < 6000; i++) {
        app_work_poll(s);
        const TrainStatus *st = app_train_status(s);
        if (st && st->phase == TRAIN_PAUSED && st->batches >= batches)
            return 1;
        SDL_Delay(10);
    }
    return 0;
}

/* A checksum of the surface's pixels inside r. */
static uint64_t region_sum(SDL_Surface *surf, LayoutRect r)
{
    uint64_t k = 14695981039346656037ull;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            k = (k ^ (pixel(surf, x, y) & 0xFFFFFF)) * 1099511628211ull;
    return k;
}

/* The train view as a network trains a step at a time: its figures, its curves and its buttons,
 * and the weights view and a unit up close of the network being trained, whose weights change
 * in place, each frame drawn where it changed equal to the whole. */
TEST(training_drawn_where_it_changed_is_the_whole_frames)
{
    Pair p;
    AppState *s = malloc(sizeof *s);
    CHECK(s != NULL);
    if (!s)
        return;
    const char *const files[] = {"mnist-seed.json"};
    app_with_files(s, files, 1);
    if (pair_open(&p, 1280, 720) != 0) {
        CHECK(0);
        pair_close(&p);
        app_free(s);
        free(s);
        return;
    }
    stroke(&p, s, 14.0f, 4.0f, 14.0f, 24.0f, 0, 4, "a stroke");
    open_view(&p, s, LAYOUT_VIEW_TRAIN);
    frame(&p, s, "the train view");
    CHECK(app_train_step(s) == 1); /* starts paused, one batch */
    frame(&p, s, "reading the digits");
    CHECK(train_until_paused(s, 1));
    frame(&p, s, "one batch trained");
    open_view(&p, s, LAYOUT_VIEW_WEIGHTS);
    frame(&p, s, "the weights of the network being trained");
    /* the weights change in place: their images change with them (checked on the frame drawn
     * where it changed, which is the whole frame's) */
    LayoutRect grid = view_layout(&p.l, app_model(s), -1).blocks[0].grid;
    for (int i = 2; i <= 4; i++) {
        uint64_t before = region_sum(p.before, grid);
        CHECK(app_train_step(s) == 1);
        CHECK(train_until_paused(s, i));
        frame(&p, s, "its weights after a step");
        CHECK(region_sum(p.before, grid) != before);
    }
    open_view(&p, s, LAYOUT_VIEW_ACTS);
    app_view_pick(s, 0, 3); /* unit 4 of the hidden layer up close */
    frame(&p, s, "a unit up close");
    LayoutRect unit = view_layout(&p.l, app_model(s), 0).closeup.weights.grid;
    uint64_t before = region_sum(p.before, unit);
    CHECK(app_train_step(s) == 1);
    CHECK(train_until_paused(s, 5));
    frame(&p, s, "the unit's weights after a step");
    CHECK(region_sum(p.before, unit) != before);
    open_view(&p, s, LAYOUT_VIEW_TRAIN);
    CHECK(app_train_run(s) == 1);
    for (int i = 0; i < 5; i++) {
        SDL_Delay(100);
        app_work_poll(s);
        frame(&p, s, "training");
    }
    CHECK(p.mismatches == 0);
    pair_close(&p);
    app_free(s);
    free(s);
}

/* Pixels of the surface inside r in colour c (its r, g, b). */
static int count_colour(SDL_Surface *surf, LayoutRect r, SDL_Color c)
{
    int n = 0;
    Uint32 want = SDL_MapRGB(surf->format, c.r, c.g, c.b) & 0xFFFFFF;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += (pixel(surf, x, y) & 0xFFFFFF) == want;
    return n;
}

/* A state with the shipped digit CNN, updated once, and a pair of renderers w x h; -1 (all freed)
 * and *out NULL if either cannot be made. */
static int answer_open(AppState **out, Pair *p, int w, int h)
{
    AppState *s = malloc(sizeof *s);
    *out = s;
    if (!s)
        return -1;
    const char *const files[] = {"mnist-cnn.json"};
    app_with_files(s, files, 1);
    if (pair_open(p, w, h) != 0) {
        pair_close(p);
        app_free(s);
        free(s);
        *out = NULL;
        return -1;
    }
    app_update(s);
    return 0;
}

/* The relative luminance of c (WCAG 2). */
static double luminance(SDL_Color c)
{
    const Uint8 v[3] = {c.r, c.g, c.b};
    double l[3];
    for (int i = 0; i < 3; i++) {
        double x = v[i] / 255.0;
        l[i] = x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* A leaning answer ("leaning towards 7", 56%) is drawn less sure than a confident one: neither
 * its large digit nor its top bar in the confident answer's amber, the digit still as large
 * and readable on the dark panel from the back of a room (contrast 4.5:1 or more); a confident
 * answer keeps its amber. At a classroom's projector. */
TEST(a_leaning_answer_is_not_drawn_in_the_confident_amber)
{
    static const SDL_Color amber = {255, 196, 0, 255}, bg = {16, 18, 24, 255};
    AppState *s;
    Pair p;
    CHECK(answer_open(&s, &p, 1280, 720) == 0);
    if (!s)
        return;
    memset(s->probs, 0, sizeof s->probs);
    s->n_probs = 10;
    s->probs[7] = 0.95f;
    s->probs[1] = 0.05f;
    s->verdict = app_classify(s->probs, 10, &s->top, &s->second);
    CHECK(s->verdict == APP_SURE);
    frame(&p, s, "a confident 7");
    LayoutRect pred = p.l.prediction, bars = p.l.bars;
    int row_h = bars.h / 10;
    LayoutRect top = {bars.x, bars.y + 7 * row_h, bars.w, row_h};
    int sure_digit = count_colour(p.whole.surf, pred, amber);
    CHECK(sure_digit > 0 && count_colour(p.whole.surf, top, amber) > 0);
    int ix = -1, iy = -1; /* a pixel inside the large digit's stroke */
    Uint32 want = SDL_MapRGB(p.whole.surf->format, amber.r, amber.g, amber.b) & 0xFFFFFF;
    for (int y = pred.y + 1; y < pred.y + pred.h - 1 && ix < 0; y++)
        for (int x = pred.x + 1; x < pred.x + pred.w - 1 && ix < 0; x++)
            if ((pixel(p.whole.surf, x, y) & 0xFFFFFF) == want &&
                (pixel(p.whole.surf, x + 1, y) & 0xFFFFFF) == want &&
                (pixel(p.whole.surf, x, y + 1) & 0xFFFFFF) == want) {
                ix = x;
                iy = y;
            }
    CHECK(ix >= 0);

    s->probs[7] = 0.56f;
    s->probs[1] = 0.44f;
    s->verdict = app_classify(s->probs, 10, &s->top, &s->second);
    CHECK(s->verdict == APP_LEANING && s->top == 7);
    frame(&p, s, "leaning towards 7");
    CHECK(count_colour(p.whole.surf, pred, amber) == 0);
    CHECK(count_colour(p.whole.surf, top, amber) == 0);
    if (ix >= 0) {
        SDL_Color c = {0, 0, 0, 255};
        SDL_GetRGB(pixel(p.whole.surf, ix, iy), p.whole.surf->format, &c.r, &c.g, &c.b);
        double contrast = (luminance(c) + 0.05) / (luminance(bg) + 0.05);
        int digit = count_colour(p.whole.surf, pred, c);
        if (contrast < 4.5 || digit * 10 < sure_digit * 9)
            printf("  the leaning 7 is %d,%d,%d (contrast %.1f:1), %d pixels against the "
                   "confident one's %d\n",
                   c.r, c.g, c.b, contrast, digit, sure_digit);
        CHECK(contrast >= 4.5);
        CHECK(digit * 10 >= sure_digit * 9);
    }
    pair_close(&p);
    app_free(s);
    free(s);
}

/* A refused answer keeps its bars, greyed: none in the answer's amber or the bars' blue, and
 * still as long as their probabilities, at a classroom's projector and at 4K. */
TEST(refused_bars_are_drawn_grey_and_keep_their_lengths)
{
    static const int sizes[][2] = {{1280, 720}, {3840, 2160}};
    static const SDL_Color amber = {255, 196, 0, 255}, blue = {74, 144, 226, 255};
    for (int i = 0; i < 2; i++) {
        AppState *s;
        Pair p;
        CHECK(answer_open(&s, &p, sizes[i][0], sizes[i][1]) == 0);
        if (!s)
            return;
        memset(s->probs, 0, sizeof s->probs);
        s->n_probs = 10;
        s->probs[4] = 0.95f;
        s->probs[9] = 0.05f;
        s->verdict = app_classify(s->probs, 10, &s->top, &s->second);
        frame(&p, s, "a sure answer");
        LayoutRect bars = p.l.bars;
        int row_h = bars.h / 10;
        LayoutRect top = {bars.x, bars.y + 4 * row_h, bars.w, row_h};
        LayoutRect other = {bars.x, bars.y + 9 * row_h, bars.w, row_h};
        int named_amber = count_colour(p.whole.surf, top, amber);
        int named_blue = count_colour(p.whole.surf, other, blue);
        CHECK(named_amber > 0 && named_blue > 0);

        s->verdict = APP_REFUSED;
        frame(&p, s, "the same answer refused");
        CHECK(count_colour(p.whole.surf, bars, amber) == 0);
        CHECK(count_colour(p.whole.surf, bars, blue) == 0);
        /* the bars are still there, as long: the top row's greyed bar covers about the pixels
         * its amber bar did (the label's and the percentage's glyphs aside) */
        SDL_Color grey_probe = {0, 0, 0, 255};
        int cx = bars.x + bars.w / 2, cy = top.y + row_h / 2;
        Uint32 px = pixel(p.whole.surf, cx, cy);
        SDL_GetRGB(px, p.whole.surf->format, &grey_probe.r, &grey_probe.g, &grey_probe.b);
        int spread = SDL_max(SDL_max(grey_probe.r, grey_probe.g), grey_probe.b) -
                     SDL_min(SDL_min(grey_probe.r, grey_probe.g), grey_probe.b);
        if (spread > 40 || grey_probe.r < 60)
            printf("  %dx%d: the refused top bar at (%d, %d) is %d,%d,%d: not a visible grey\n",
                   sizes[i][0], sizes[i][1], cx, cy, grey_probe.r, grey_probe.g, grey_probe.b);
        CHECK(spread <= 40 && grey_probe.r >= 60);
        int grey_run = 0;
        for (int x = bars.x; x < bars.x + bars.w; x++)
            grey_run += pixel(p.whole.surf, x, cy) == px;
        CHECK(grey_run >= named_amber / row_h);
        pair_close(&p);
        app_free(s);
        free(s);
    }
}

/* Under the heat map the drawing shows as its outline: every side between a cell of ink and one
 * without is a white line on the ink's side and a black one off it, whatever colour the map
 * gives either cell, at a classroom's projector and at full HD. */
TEST(the_drawing_shows_as_an_outline_over_the_heat_map)
{
    static const int sizes[][2] = {{1020, 650}, {1920, 1080}};
    for (int k = 0; k < 2; k++) {
        AppState *s;
        Pair p;
        CHECK(answer_open(&s, &p, sizes[k][0], sizes[k][1]) == 0);
        if (!s)
            return;
        app_pen_down(s, 9.0f, 6.0f, 0);
        app_pen_move(s, 12.0f, 21.0f);
        app_pen_up(s);
        app_toggle_saliency(s);
        frame(&p, s, "the heat map over the drawing");
        LayoutRect c = p.l.canvas;
        float cell = (float)c.w / (float)APP_SIDE;
        int sides = 0, wrong = 0;
        for (int k2 = 0; k2 < APP_PIXELS && s->saliency_ready; k2++) {
            int i = k2 % APP_SIDE, j = k2 / APP_SIDE, ink = s->grid[k2] >= 0.5f;
            if (i == 0 || (s->grid[k2 - 1] >= 0.5f) == ink)
                continue;
            int x = c.x + (int)lroundf((float)i * cell); /* the side between the two */
            int y = c.y + (int)lroundf(((float)j + 0.5f) * cell);
            sides++;
            wrong += (pixel(p.whole.surf, ink ? x + 1 : x - 2, y) & 0xFFFFFF) != 0xFFFFFF ||
                     (pixel(p.whole.surf, ink ? x - 2 : x + 1, y) & 0xFFFFFF) != 0;
        }
        printf("  %dx%d: %d of %d sides of the ink not outlined\n", sizes[k][0], sizes[k][1],
               wrong, sides);
        CHECK(sides >= 10 && wrong == 0);
        pair_close(&p);
        app_free(s);
        free(s);
    }
}

/* Each button's key caption, its switch on and off, at windows from the default up to a
 * projector's, portrait too: drawn at its size, not shrunk to fit its button. */
TEST(key_captions_fit_their_buttons_without_shrinking)
{
    static const int sizes[][2] = {{1100, 700}, {1280, 720}, {1920, 1080}, {1080, 1920},
                                   {3840, 2160}};
    char err[512], regular[1100], bold[1100];
    snprintf(regular, sizeof regular, "%s/DejaVuSans.ttf", assets);
    snprintf(bold, sizeof bold, "%s/DejaVuSans-Bold.ttf", assets);
    Text *t = text_open(regular, bold, err, sizeof err);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 16, 16, 32, SDL_PIXELFORMAT_RGB888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    CHECK(t != NULL && r != NULL);
    if (!t || !r)
        return;
    text_set_renderer(t, r); /* text is measured as it is rendered */
    AppState s;
    app_init(&s);
    for (int i = 0; i < (int)(sizeof sizes / sizeof sizes[0]); i++) {
        Layout l = layout_compute(sizes[i][0], sizes[i][1], 1.0f);
        for (int on = 0; on < 2; on++) {
            s.eraser = s.show_steps = s.preprocess = s.show_help = on;
            for (int c = 0; c < LAYOUT_CONTROLS; c++) {
                char caption[64];
                int size, w, h;
                SDL_Rect where;
                CHECK(render_control_caption(&s, &l, (LayoutControl)c, caption, sizeof caption,
                                             &size, &where) == 1);
                text_measure(t, caption, size, TEXT_REGULAR, &w, &h);
                CHECK(w > 0);
                if (w > where.w)
                    printf("  %dx%d: '%s' is %d px wide, its button has room for %d\n",
                           sizes[i][0], sizes[i][1], caption, w, where.w);
                CHECK(w <= where.w);
            }
        }
    }
    app_free(&s);
    text_close(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
}

TEST(opengl_drawn_by_the_processor_is_told_from_a_graphics_card)
{
    /* GL_RENDERER strings as Mesa's software rasterisers and real drivers report them */
    CHECK(frame_gl_is_software("llvmpipe (LLVM 15.0.6, 256 bits)"));
    CHECK(frame_gl_is_software("softpipe"));
    CHECK(frame_gl_is_software("Software Rasterizer"));
    CHECK(frame_gl_is_software("Mesa X11 swrast"));
    CHECK(frame_gl_is_software("SWR (LLVM 12.0.0, 256 bits)"));
    CHECK(frame_gl_is_software("Microsoft Basic Render Driver"));
    CHECK(!frame_gl_is_software("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
    CHECK(!frame_gl_is_software("NVIDIA GeForce GTX 1060 6GB/PCIe/SSE2"));
    CHECK(!frame_gl_is_software("AMD Radeon RX 580 Series (polaris10, LLVM 15.0.6, DRM 3.49)"));
    CHECK(!frame_gl_is_software("virgl (Mesa Intel(R) UHD Graphics 630)"));
    CHECK(!frame_gl_is_software(""));
    CHECK(!frame_gl_is_software(NULL));
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_draw_render ASSETS_DIR MODELS_DIR\n");
        return 2;
    }
    assets = argv[1];
    models = argv[2];
    if (TTF_Init() != 0) {
        printf("cannot start SDL_ttf: %s\n", TTF_GetError());
        return 1;
    }
    RUN(key_captions_fit_their_buttons_without_shrinking);
    RUN(frames_drawn_where_they_changed_are_the_whole_frames);
    RUN(views_drawn_where_they_changed_are_the_whole_frames);
    RUN(training_drawn_where_it_changed_is_the_whole_frames);
    RUN(refused_bars_are_drawn_grey_and_keep_their_lengths);
    RUN(the_drawing_shows_as_an_outline_over_the_heat_map);
    RUN(a_leaning_answer_is_not_drawn_in_the_confident_amber);
    RUN(opengl_drawn_by_the_processor_is_told_from_a_graphics_card);
    TTF_Quit();
    SDL_Quit();
    return test_main_result();
}
