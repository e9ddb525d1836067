/* render.c - one frame of the drawing app: canvas, model selector, prediction, what the network
 * sees, probability bars, message and status lines, help overlay, the Open prompt.
 *
 * Only reads AppState and Layout. The 28 x 28 images go through streaming textures scaled with
 * nearest-neighbour filtering, so every cell the network reads is visible as a square.
 * Colours are chosen for a projector: white ink on black, one accent (amber) for the answer.
 */
#include "draw/render.h"
#include "draw/render_controls.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const SDL_Color C_BG = {16, 18, 24, 255};
static const SDL_Color C_PANEL = {12, 14, 20, 244};
static const SDL_Color C_TEXT = {242, 244, 247, 255};
static const SDL_Color C_DIM = {165, 173, 186, 255};
static const SDL_Color C_ACCENT = {255, 196, 0, 255}; /* the answer and the active model */
static const SDL_Color C_ON_ACCENT = {16, 18, 24, 255};
static const SDL_Color C_BAR = {74, 144, 226, 255};
static const SDL_Color C_TRACK = {42, 47, 60, 255};
static const SDL_Color C_ERROR = {255, 112, 112, 255};
static const SDL_Color C_WARN = {255, 206, 70, 255};
static const SDL_Color C_OK = {124, 226, 152, 255};
static const SDL_Color C_BORDER = {96, 104, 122, 255};
static const SDL_Color C_GRID = {255, 255, 255, 34};

/* The command that trains the default model, the second of its two lines app_train_command. */
#define TRAIN_COMMAND_1 "build/src/cli/scratchnet train"

static SDL_Rect sdl_rect(LayoutRect r)
{
    SDL_Rect o = {r.x, r.y, r.w, r.h};
    return o;
}

static SDL_Rect box(int x, int y, int w, int h)
{
    SDL_Rect o = {x, y, w > 0 ? w : 0, h > 0 ? h : 0};
    return o;
}

static int iround(float v) { return (int)lroundf(v); }

static void fill(SDL_Renderer *r, SDL_Rect rc, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &rc);
}

/* A frame of thickness t drawn just outside rc. */
static void frame(SDL_Renderer *r, SDL_Rect rc, int t, SDL_Color c)
{
    fill(r, box(rc.x - t, rc.y - t, rc.w + 2 * t, t), c);
    fill(r, box(rc.x - t, rc.y + rc.h, rc.w + 2 * t, t), c);
    fill(r, box(rc.x - t, rc.y, t, rc.h), c);
    fill(r, box(rc.x + rc.w, rc.y, t, rc.h), c);
}

static void circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c)
{
    SDL_FPoint pts[65];
    for (int i = 0; i <= 64; i++) {
        float a = (float)i * 6.2831853f / 64.0f;
        pts[i].x = cx + radius * cosf(a);
        pts[i].y = cy + radius * sinf(a);
    }
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderDrawLinesF(r, pts, 65);
}

/* Uploads a (28, 28) grid of 0..1 values as grey levels. */
static void upload(SDL_Texture *tex, const float *grid)
{
    Uint32 px[APP_PIXELS];
    for (int i = 0; i < APP_PIXELS; i++) {
        float v = grid[i] < 0.0f ? 0.0f : grid[i] > 1.0f ? 1.0f : grid[i];
        Uint32 g = (Uint32)lroundf(v * 255.0f);
        px[i] = 0xFF000000u | g << 16 | g << 8 | g;
    }
    SDL_UpdateTexture(tex, NULL, px, APP_SIDE * (int)sizeof(Uint32));
}

int render_init(Render *rd, SDL_Renderer *r, Text *text, char *err, size_t n)
{
    memset(rd, 0, sizeof *rd);
    rd->r = r;
    rd->text = text;
    SDL_Texture **all[1 + LAYOUT_STEPS] = {&rd->canvas};
    for (int i = 0; i < LAYOUT_STEPS; i++)
        all[1 + i] = &rd->img[i];
    for (int i = 0; i < 1 + LAYOUT_STEPS; i++) {
        *all[i] = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                    APP_SIDE, APP_SIDE);
        if (!*all[i]) {
            snprintf(err, n, "cannot create a %dx%d texture: %s", APP_SIDE, APP_SIDE,
                     SDL_GetError());
            render_free(rd);
            return -1;
        }
        SDL_SetTextureScaleMode(*all[i], SDL_ScaleModeNearest);
    }
    return 0;
}

void render_free(Render *rd)
{
    for (int i = LAYOUT_STEPS - 1; i >= 0; i--)
        if (rd->img[i])
            SDL_DestroyTexture(rd->img[i]);
    if (rd->canvas)
        SDL_DestroyTexture(rd->canvas);
    memset(rd->img, 0, sizeof rd->img);
    rd->canvas = NULL;
}

/* ---- canvas ---- */

static void draw_canvas(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Renderer *r = rd->r;
    SDL_Rect c = sdl_rect(l->canvas);
    if (c.w < 1)
        return;
    upload(rd->canvas, s->grid);
    SDL_RenderCopy(r, rd->canvas, NULL, &c);

    /* the faint grid: one line between every two cells */
    float cell = (float)c.w / (float)APP_SIDE;
    if (cell >= 4.0f) {
        int t = cell >= 48.0f ? iround(cell / 48.0f) : 1; /* still visible on a 4K screen */
        for (int i = 1; i < APP_SIDE; i++) {
            int off = iround((float)i * cell);
            fill(r, box(c.x + off, c.y, t, c.h), C_GRID);
            fill(r, box(c.x, c.y + off, c.w, t), C_GRID);
        }
    }
    frame(r, c, l->line, C_BORDER);

    if (ink_drawing_is_empty(&s->drawing))
        text_draw(rd->text, "draw here", l->font_normal, TEXT_REGULAR, C_BORDER,
                  box(c.x, c.y + c.h / 2 - l->font_normal, c.w, 2 * l->font_normal),
                  TEXT_CENTER);

    if (s->hover) {
        float radius = 0.5f * s->brush * cell;
        SDL_Color ring = C_ACCENT;
        ring.a = 200;
        if (s->pen_down && s->drawing.n > 0 && s->drawing.strokes[s->drawing.n - 1].erase)
            ring = C_ERROR;
        circle(r, (float)c.x + s->hover_x * cell, (float)c.y + s->hover_y * cell, radius, ring);
    }
}

/* ---- model selector ---- */

/* Width of the chips row at a font size: optional "Model" label, every chip, gaps. */
static int chips_width(Text *t, const AppState *s, int size, int pad, int with_label)
{
    char name[128];
    int w, h, total = 0;
    if (with_label) {
        text_measure(t, "Model", size, TEXT_REGULAR, &w, &h);
        total += w + pad;
    }
    for (int i = 0; i < s->n_models; i++) {
        snprintf(name, sizeof name, "%s%s", s->models[i].model ? "" : "\xe2\x9a\xa0 ",
                 s->models[i].name);
        text_measure(t, name, size, i == s->active ? TEXT_BOLD : TEXT_REGULAR, &w, &h);
        total += w + 3 * pad;
    }
    return total - pad;
}

static void draw_models(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    SDL_Rect m = sdl_rect(l->models);
    int size = iround(0.9f * (float)l->font_normal);
    if (s->n_models == 0) {
        text_draw(t, "Model: none loaded", size, TEXT_REGULAR, C_DIM, m, TEXT_LEFT);
        return;
    }
    /* every model as a chip, the active one filled: shrink the type a little, then drop the
     * label, before giving up on the row */
    int fits = 0, with_label = 1, pad = 0;
    for (int attempt = 0; attempt < 4 && !fits; attempt++) {
        size = iround((attempt < 2 ? 0.9f - 0.15f * (float)attempt : 0.75f) *
                      (float)l->font_normal);
        with_label = attempt < 3;
        pad = size / 2;
        fits = chips_width(t, s, size, pad, with_label) <= m.w;
    }
    char name[128];
    if (!fits) {
        /* too many to show side by side: say which one of how many */
        const AppModel *a = &s->models[s->active];
        snprintf(name, sizeof name, "Model %d/%d: %s%s (Tab: next)", s->active + 1,
                 s->n_models, a->model ? "" : "\xe2\x9a\xa0 ", a->name);
        text_draw(t, name, size, TEXT_BOLD, a->model ? C_ACCENT : C_ERROR, m, TEXT_LEFT);
        return;
    }
    int w, h, x = m.x;
    if (with_label) {
        text_measure(t, "Model", size, TEXT_REGULAR, &w, &h);
        text_draw(t, "Model", size, TEXT_REGULAR, C_DIM, box(x, m.y, w, m.h), TEXT_LEFT);
        x += w + pad;
    }
    int chip_h = iround(0.86f * (float)m.h);
    int chip_y = m.y + (m.h - chip_h) / 2;
    for (int i = 0; i < s->n_models; i++) {
        const AppModel *a = &s->models[i];
        int active = i == s->active;
        TextFace face = active ? TEXT_BOLD : TEXT_REGULAR;
        snprintf(name, sizeof name, "%s%s", a->model ? "" : "\xe2\x9a\xa0 ", a->name);
        text_measure(t, name, size, face, &w, &h);
        SDL_Rect chip = box(x, chip_y, w + 2 * pad, chip_h);
        SDL_Color fg = a->model ? C_TEXT : C_ERROR;
        if (active) {
            fill(rd->r, chip, a->model ? C_ACCENT : C_ERROR);
            fg = C_ON_ACCENT;
        } else {
            frame(rd->r, box(chip.x + 1, chip.y + 1, chip.w - 2, chip.h - 2), 1, C_BORDER);
        }
        text_draw(t, name, size, face, fg, chip, TEXT_CENTER);
        x += chip.w + pad;
    }
    text_measure(t, "Tab", size, TEXT_REGULAR, &w, &h);
    if (s->n_models > 1 && x + w <= m.x + m.w)
        text_draw(t, "Tab", size, TEXT_REGULAR, C_DIM, box(x, m.y, w, m.h), TEXT_LEFT);
}

/* ---- prediction ---- */

/* Two lines in the prediction rect: a headline and a smaller line under it. */
static void headline(Render *rd, const Layout *l, const char *big, SDL_Color big_c,
                     const char *small, SDL_Color small_c)
{
    SDL_Rect p = sdl_rect(l->prediction);
    int top_h = iround(0.58f * (float)p.h);
    text_draw(rd->text, big, iround(1.8f * (float)l->font_normal), TEXT_BOLD, big_c,
              box(p.x, p.y, p.w, top_h), TEXT_LEFT);
    if (small && small[0])
        text_draw(rd->text, small, iround(1.05f * (float)l->font_normal), TEXT_REGULAR, small_c,
                  box(p.x, p.y + top_h, p.w, p.h - top_h), TEXT_LEFT);
}

/* The area below the prediction (preview and bars), for explanations that replace them. */
static SDL_Rect body_rect(const Layout *l)
{
    int y = l->preview_title.y;
    return box(l->bars.x, y, l->bars.w, l->bars.y + l->bars.h - y);
}

static void draw_no_model(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    headline(rd, l, "No trained model yet", C_WARN,
             "The network has to learn from examples first.", C_DIM);
    SDL_Rect b = body_rect(l);
    int fn = l->font_normal;
    int y = b.y;
    y += text_draw_wrapped(t,
                           "Train one from the project folder (it takes a minute or two):",
                           fn, TEXT_REGULAR, C_TEXT, box(b.x, y, b.w, b.h / 3));
    /* the command in a box, one line per half, each shrunk to fit */
    y += fn / 2;
    int pad = fn / 2, line_h = iround(1.4f * (float)fn);
    SDL_Rect code = box(b.x, y, b.w, 2 * line_h + 2 * pad);
    fill(rd->r, code, C_TRACK);
    char options[1200], line2[1210];
    app_train_command(s, options, sizeof options);
    snprintf(line2, sizeof line2, "    %s", options);
    int w1, w2, th, size = fn;
    text_measure(t, TRAIN_COMMAND_1, fn, TEXT_BOLD, &w1, &th);
    text_measure(t, line2, fn, TEXT_BOLD, &w2, &th);
    int widest = w1 > w2 ? w1 : w2;
    if (widest > code.w - 2 * pad && widest > 0)
        size = fn * (code.w - 2 * pad) / widest; /* one size for both lines */
    text_draw(t, TRAIN_COMMAND_1, size, TEXT_BOLD, C_ACCENT,
              box(code.x + pad, code.y + pad, code.w - 2 * pad, line_h), TEXT_LEFT);
    text_draw(t, line2, size, TEXT_BOLD, C_ACCENT,
              box(code.x + pad, code.y + pad + line_h, code.w - 2 * pad, line_h), TEXT_LEFT);
    y += code.h + fn;
    char more[1400];
    snprintf(more, sizeof more,
             "Then start scratchnet-draw again, or drop the new .json file onto this window. "
             "Models are read from %s.",
             s->models_dir[0] ? s->models_dir : "the models folder");
    text_draw_wrapped(t, more, fn, TEXT_REGULAR, C_DIM, box(b.x, y, b.w, b.y + b.h - y));
}

static void draw_bad_model(Render *rd, const AppState *s, const Layout *l)
{
    const AppModel *a = &s->models[s->active];
    headline(rd, l, "This model could not be loaded", C_ERROR, a->name, C_DIM);
    SDL_Rect b = body_rect(l);
    int y = b.y;
    y += text_draw_wrapped(rd->text, a->error, l->font_normal, TEXT_REGULAR, C_TEXT,
                           box(b.x, y, b.w, b.h * 2 / 3));
    y += l->font_normal;
    if (s->n_models > 1)
        text_draw_wrapped(rd->text, "Press Tab to pick another model.", l->font_normal,
                          TEXT_REGULAR, C_DIM, box(b.x, y, b.w, b.y + b.h - y));
}

static void draw_prediction(Render *rd, const AppState *s, const Layout *l)
{
    char line[160];
    switch (s->verdict) {
    case APP_NO_MODEL:
    case APP_BAD_MODEL:
        return; /* the explanation takes the whole panel */
    case APP_EMPTY:
        headline(rd, l, app_reads_digits(s) ? "Draw a digit" : "Draw something", C_TEXT,
                 "left button draws, right button erases", C_DIM);
        return;
    case APP_NO_ANSWER:
        headline(rd, l, "No answer from this model", C_ERROR,
                 "it could not classify this drawing: the message below says why", C_DIM);
        return;
    case APP_TOO_LITTLE:
        headline(rd, l, "Too little ink", C_WARN,
                 app_reads_digits(s) ? "keep drawing: the digit needs more strokes"
                                     : "keep drawing: the drawing needs more strokes",
                 C_DIM);
        return;
    case APP_TOO_SMALL:
        headline(rd, l, "Too small", C_WARN, "draw it bigger: across most of the canvas", C_DIM);
        return;
    case APP_UNSURE: {
        const char *la = app_label(s, s->top);
        const char *lb = app_label(s, s->second);
        char pa[32], pb[32], detail[256];
        snprintf(line, sizeof line, "Not sure: %s or %s?", la, lb);
        app_percent(s->probs[s->top], pa, sizeof pa);
        app_percent(s->probs[s->second], pb, sizeof pb);
        snprintf(detail, sizeof detail, "%s: %s    %s: %s", la, pa, lb, pb);
        headline(rd, l, line, C_WARN, detail, C_TEXT);
        return;
    }
    case APP_SURE:
        break;
    }
    /* sure: the class large, its confidence beside it */
    SDL_Rect p = sdl_rect(l->prediction);
    SDL_Rect big = text_draw(rd->text, app_label(s, s->top), l->font_big, TEXT_BOLD,
                             C_ACCENT, box(p.x, p.y, p.w * 2 / 3, p.h), TEXT_LEFT);
    int x = big.x + big.w + l->font_normal;
    int half = p.h / 2;
    app_percent(s->probs[s->top], line, sizeof line);
    text_draw(rd->text, line, iround(1.8f * (float)l->font_normal), TEXT_BOLD, C_TEXT,
              box(x, p.y + p.h / 10, p.x + p.w - x, half - p.h / 10), TEXT_LEFT);
    text_draw(rd->text, "confident", iround(1.05f * (float)l->font_normal), TEXT_REGULAR, C_DIM,
              box(x, p.y + half, p.x + p.w - x, half - p.h / 10), TEXT_LEFT);
}

/* ---- what the network sees ---- */

static void image(Render *rd, int slot, const float *grid, LayoutRect where)
{
    SDL_Rect d = sdl_rect(where);
    if (d.w < 1)
        return;
    upload(rd->img[slot], grid);
    SDL_RenderCopy(rd->r, rd->img[slot], NULL, &d);
    frame(rd->r, d, 1, C_BORDER);
}

static void draw_preview(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    int fn = l->font_normal;
    int fc = iround(0.8f * (float)fn); /* captions */
    SDL_Rect title = sdl_rect(l->preview_title);

    if (app_preprocess_mismatch(s)) {
        const char *w = s->preprocess
                            ? "\xe2\x9a\xa0 Preprocessing ON, but this model was trained without"
                              " it (P)"
                            : "\xe2\x9a\xa0 Preprocessing OFF, but this model was trained with"
                              " it (P)";
        text_draw(t, w, fc, TEXT_BOLD, C_WARN, title, TEXT_LEFT);
    } else {
        text_draw(t, "What the network sees", fc, TEXT_BOLD, C_TEXT, title, TEXT_LEFT);
    }

    int steps = s->show_steps && s->preprocess;
    if (steps) {
        static const char *caps[LAYOUT_STEPS] = {"drawn", "cropped", ("20\xc3\x97" "20"), "centred"};
        const float *imgs[LAYOUT_STEPS] = {s->steps.raw, s->steps.cropped, s->steps.fitted,
                                           s->steps.centred};
        for (int i = 0; i < LAYOUT_STEPS; i++) {
            image(rd, i, imgs[i], l->steps[i]);
            text_draw(t, caps[i], fc, TEXT_REGULAR, C_DIM, sdl_rect(l->captions[i]),
                      TEXT_CENTER);
        }
        /* the 20 x 20 box the digit was fitted into */
        SDL_Rect f = sdl_rect(l->steps[2]);
        float k = (float)f.w / (float)APP_SIDE;
        int off = iround(4.0f * k), side = iround(20.0f * k);
        SDL_Color box_c = C_BAR;
        box_c.a = 160;
        frame(rd->r, box(f.x + off + 1, f.y + off + 1, side - 2, side - 2), 1, box_c);
        /* the centre of mass, which preprocessing moved to the middle */
        SDL_Rect c = sdl_rect(l->steps[3]);
        if (s->steps.crop_w > 0) {
            /* com is in cell indices: cell j's centre is at pixel (j + 0.5) * k */
            float mx = (float)c.x + (s->steps.com_x + 0.5f) * k;
            float my = (float)c.y + (s->steps.com_y + 0.5f) * k;
            int arm = iround(1.2f * k) + 2;
            SDL_SetRenderDrawColor(rd->r, C_ERROR.r, C_ERROR.g, C_ERROR.b, 230);
            SDL_RenderDrawLineF(rd->r, mx - (float)arm, my, mx + (float)arm, my);
            SDL_RenderDrawLineF(rd->r, mx, my - (float)arm, mx, my + (float)arm);
        }
        return;
    }

    image(rd, 0, s->seen, l->steps[0]);
    text_draw(t, "input", fc, TEXT_REGULAR, C_DIM, sdl_rect(l->captions[0]), TEXT_CENTER);
    SDL_Rect img = sdl_rect(l->steps[0]);
    int x = img.x + img.w + fn;
    SDL_Rect info = box(x, img.y, l->preview.x + l->preview.w - x, img.h);
    int line_h = info.h / 3;
    text_draw(t, "28 \xc3\x97 28 pixels, the exact input", fc, TEXT_REGULAR, C_TEXT,
              box(info.x, info.y, info.w, line_h), TEXT_LEFT);
    /* yellow when the switch disagrees with how the model was trained */
    int mismatch = app_preprocess_mismatch(s);
    const char *how = s->preprocess ? "cropped, scaled, centred like MNIST"
                      : mismatch    ? "as drawn: no preprocessing"
                                    : "as drawn, as this model was trained";
    text_draw(t, how, fc, TEXT_REGULAR, mismatch ? C_WARN : C_DIM,
              box(info.x, info.y + line_h, info.w, line_h), TEXT_LEFT);
    text_draw(t, s->preprocess ? "S: show the steps    P: turn off" : "P: turn preprocessing on",
              fc, TEXT_REGULAR, C_DIM, box(info.x, info.y + 2 * line_h, info.w, line_h),
              TEXT_LEFT);
}

/* ---- probability bars ---- */

static void draw_bars(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    const NnModel *m = app_model(s);
    int n = s->n_probs > 0 ? s->n_probs : m ? m->info.n_classes : 10;
    if (n < 1)
        return;
    SDL_Rect b = sdl_rect(l->bars);
    int fn = l->font_normal;
    int row_h = b.h / n;
    int pct_w = iround(3.8f * (float)fn);
    int pad = fn / 2;
    int size = row_h < iround(1.3f * (float)fn) ? iround(0.75f * (float)row_h) : fn;
    /* digits sit centred in a narrow column; names ("Ankle boot") get the width of the longest,
     * right-aligned against their bars, up to 40 % of the panel */
    int label_w = iround(1.8f * (float)fn);
    TextAlign align = TEXT_CENTER;
    if (!app_reads_digits(s)) {
        int widest = 0;
        for (int i = 0; i < n; i++) {
            int w = 0, h = 0;
            text_measure(t, app_label(s, i), size, TEXT_BOLD, &w, &h);
            widest = w > widest ? w : widest;
        }
        label_w = SDL_min(SDL_max(label_w, widest + pad), b.w * 2 / 5);
        align = TEXT_RIGHT;
    }
    int track_x = b.x + label_w + pad;
    int track_w = b.w - label_w - pct_w - 2 * pad;
    int bar_h = iround(0.62f * (float)row_h);
    char pct[32];
    for (int i = 0; i < n; i++) {
        int y = b.y + i * row_h;
        int top = s->n_probs > 0 && i == s->top;
        SDL_Rect track = box(track_x, y + (row_h - bar_h) / 2, track_w, bar_h);
        fill(rd->r, track, C_TRACK);
        text_draw(t, app_label(s, i), size, TEXT_BOLD,
                  top ? C_ACCENT : s->n_probs > 0 ? C_TEXT : C_DIM, box(b.x, y, label_w, row_h),
                  align);
        if (s->n_probs == 0)
            continue;
        float p = s->probs[i] < 0.0f ? 0.0f : s->probs[i] > 1.0f ? 1.0f : s->probs[i];
        int fw = iround(p * (float)track.w);
        fill(rd->r, box(track.x, track.y, fw, track.h), top ? C_ACCENT : C_BAR);
        app_percent(p, pct, sizeof pct);
        text_draw(t, pct, size, top ? TEXT_BOLD : TEXT_REGULAR, top ? C_TEXT : C_DIM,
                  box(b.x + b.w - pct_w, y, pct_w, row_h), TEXT_RIGHT);
    }
}

/* ---- bottom lines ---- */

static void draw_footer(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    int fs = l->font_small;
    SDL_Rect msg = sdl_rect(l->message);
    if (s->message[0])
        text_draw(t, s->message, fs, TEXT_REGULAR, s->message_error ? C_ERROR : C_OK, msg,
                  TEXT_LEFT);
    else
        text_draw(t,
                  "Left button draws, right button erases. C clears, Ctrl+Z undoes. "
                  "H shows every key.",
                  fs, TEXT_REGULAR, C_DIM, msg, TEXT_LEFT);

    char info[400];
    int n = 0;
    const NnModel *m = app_model(s);
    if (m) {
        n = snprintf(info, sizeof info, "%s", s->models[s->active].name);
        float acc = m->info.train.test_accuracy;
        if (acc >= 0.0f && n < (int)sizeof info)
            n += snprintf(info + n, sizeof info - (size_t)n, " \xc2\xb7 test accuracy %.1f%%",
                          (double)(100.0f * acc));
        if (s->n_probs > 0 && n < (int)sizeof info)
            n += snprintf(info + n, sizeof info - (size_t)n, " \xc2\xb7 %.0f \xc2\xb5s",
                          s->infer_us);
    } else if (s->active >= 0) {
        n = snprintf(info, sizeof info, "%s: not loaded", s->models[s->active].name);
    } else {
        n = snprintf(info, sizeof info, "no model");
    }
    if (n < (int)sizeof info)
        snprintf(info + n, sizeof info - (size_t)n, " \xc2\xb7 brush %.1f", (double)s->brush);

    static const char *keys[] = {
        ("[ ] brush \xc2\xb7 P preprocessing \xc2\xb7 S steps \xc2\xb7 Tab model "
         "\xc2\xb7 H help"),
        "[ ] brush \xc2\xb7 Tab model \xc2\xb7 H help",
        "H help",
    };
    SDL_Rect st = sdl_rect(l->status);
    int iw, ih, kw = 0, kh;
    text_measure(t, info, fs, TEXT_REGULAR, &iw, &ih);
    const char *k = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        text_measure(t, keys[i], fs, TEXT_REGULAR, &kw, &kh);
        if (iw + 2 * fs + kw <= st.w) {
            k = keys[i];
            break;
        }
    }
    text_draw(t, info, fs, TEXT_REGULAR, C_TEXT, k ? box(st.x, st.y, iw, st.h) : st, TEXT_LEFT);
    if (k)
        text_draw(t, k, fs, TEXT_REGULAR, C_DIM, st, TEXT_RIGHT);
}

/* ---- help ---- */

static void draw_help(Render *rd, const Layout *l)
{
    static const char *rows[][2] = {
        {"Left button, finger", "draw"},
        {"Right button", "erase"},
        {"Buttons at the bottom", "tap or click: each does what its key (on it) does"},
        {"[   ]", "smaller / bigger brush"},
        {"C, Delete, Backspace", "clear the canvas"},
        {"Ctrl+Z", "undo the last stroke"},
        {"Ctrl+Y, Ctrl+Shift+Z", "redo"},
        {"Tab, Shift+Tab", "next / previous model"},
        {"P", "preprocessing on / off"},
        {"S", "show the preprocessing steps"},
        {"Ctrl+S", "save the drawing: .json and 28x28 .png"},
        {"Ctrl+O", "open a model, drawing or image by its path"},
        {"Tab, Ctrl+A, V, U", "in that prompt: complete, select all, paste, clear"},
        {"Drop a file", "open a model, a drawing or a PNG or PGM image"},
        {"F12", "save a screenshot (.png)"},
        {"F11", "full screen on / off"},
        {"H, F1", "show / hide this help"},
        {"Esc", "leave full screen, close help or prompt, else quit"},
        {"Ctrl+Q", "quit at once (Esc asks first if there is a drawing)"},
    };
    int n = (int)(sizeof rows / sizeof rows[0]);
    SDL_Renderer *r = rd->r;
    fill(r, box(0, 0, l->w, l->h), (SDL_Color){0, 0, 0, 170});

    int fn = l->font_normal > l->font_small ? l->font_normal : l->font_small;
    int row_h = iround(1.55f * (float)fn);
    int avail_h = l->h - 2 * l->gap;
    if ((n + 4) * row_h > avail_h)
        row_h = avail_h / (n + 4);
    int size = row_h * 10 / 16;
    int w = l->w - 2 * l->gap;
    if (w > 40 * size)
        w = 40 * size;
    int h = (n + 4) * row_h; /* title, the rows, the note, margins */
    SDL_Rect p = box((l->w - w) / 2, (l->h - h) / 2, w, h);
    fill(r, p, C_PANEL);
    frame(r, p, l->line, C_ACCENT);
    int pad = row_h / 2;
    text_draw(rd->text, "Keys", iround(1.3f * (float)size), TEXT_BOLD, C_ACCENT,
              box(p.x + pad, p.y + pad / 2, p.w - 2 * pad, row_h + pad / 2), TEXT_LEFT);
    int key_w = (p.w - 2 * pad) * 2 / 5;
    for (int i = 0; i < n; i++) {
        int y = p.y + pad + (i + 1) * row_h + pad / 2;
        text_draw(rd->text, rows[i][0], size, TEXT_BOLD, C_TEXT,
                  box(p.x + pad, y, key_w - pad, row_h), TEXT_LEFT);
        text_draw(rd->text, rows[i][1], size, TEXT_REGULAR, C_DIM,
                  box(p.x + pad + key_w, y, p.w - 2 * pad - key_w, row_h), TEXT_LEFT);
    }
    text_draw(rd->text, "Ctrl+S and F12 save into the folder the app was started from.",
              size * 9 / 10, TEXT_REGULAR, C_DIM,
              box(p.x + pad, p.y + pad + (n + 1) * row_h + pad / 2, p.w - 2 * pad, row_h),
              TEXT_LEFT);
}

/* ---- the Open prompt ---- */

/* The end of s that fits `width` pixels at `size`, whole UTF-8 characters: s itself if it fits,
 * else the longest suffix that does (the caller puts an ellipsis before it). Binary search over
 * the characters' first bytes, since each measurement renders the string. */
static const char *tail_that_fits(Text *t, const char *s, int size, int width)
{
    int starts[APP_PROMPT_MAX + 1], n = 0;
    for (int i = 0; s[i] && n < APP_PROMPT_MAX + 1; i++)
        if ((s[i] & 0xC0) != 0x80)
            starts[n++] = i;
    int lo = 0, hi = n; /* the answer is in [lo, hi]; hi = n is the empty suffix */
    while (lo < hi) {
        int mid = (lo + hi) / 2, w, h;
        text_measure(t, s + starts[mid], size, TEXT_REGULAR, &w, &h);
        if (w <= width)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < n ? s + starts[lo] : s + strlen(s);
}

static void draw_prompt(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Renderer *r = rd->r;
    Text *t = rd->text;
    fill(r, box(0, 0, l->w, l->h), (SDL_Color){0, 0, 0, 120});
    int fn = l->font_normal > l->font_small ? l->font_normal : l->font_small;
    int row_h = iround(1.6f * (float)fn);
    int pad = row_h / 3 > 2 ? row_h / 3 : 2;
    int w = l->w - 2 * l->gap;
    if (w > 50 * fn)
        w = 50 * fn;
    int h = 2 * row_h + 3 * pad;
    SDL_Rect p = box((l->w - w) / 2, (l->h - h) / 3, w, h);
    fill(r, p, C_PANEL);
    frame(r, p, l->line, C_ACCENT);
    text_draw(t, "Open: Enter opens, Esc cancels, Tab completes, Ctrl+A selects all, Ctrl+V pastes",
              fn, TEXT_BOLD, C_ACCENT,
              box(p.x + pad, p.y + pad, p.w - 2 * pad, row_h), TEXT_LEFT);

    SDL_Rect field = box(p.x + pad, p.y + 2 * pad + row_h, p.w - 2 * pad, row_h);
    fill(r, field, C_BG);
    frame(r, field, l->line, C_BORDER);
    int inner = field.w - 2 * pad - 2 * l->line; /* room for the caret */
    SDL_Rect text_box = box(field.x + pad, field.y, inner, field.h);
    int caret_x = text_box.x;
    if (s->prompt_len == 0) {
        text_draw(t, "a model or a drawing (.json), e.g. models/mnist-cnn.json", fn, TEXT_REGULAR,
                  C_DIM, text_box, TEXT_LEFT);
    } else {
        int ew, eh;
        const char *ellipsis = "\xe2\x80\xa6";
        text_measure(t, ellipsis, fn, TEXT_REGULAR, &ew, &eh);
        const char *shown = tail_that_fits(t, s->prompt, fn, inner);
        if (shown != s->prompt) {
            shown = tail_that_fits(t, s->prompt, fn, inner - ew);
            text_draw(t, ellipsis, fn, TEXT_REGULAR, C_DIM, box(text_box.x, field.y, ew, field.h),
                      TEXT_LEFT);
            text_box.x += ew;
            text_box.w -= ew;
        }
        if (s->prompt_selected) { /* all of it (Ctrl+A): on the selection's colour */
            int sw, sh;
            text_measure(t, shown, fn, TEXT_REGULAR, &sw, &sh);
            fill(r, box(text_box.x, field.y + row_h / 8, sw, row_h - row_h / 4), C_BAR);
        }
        SDL_Rect used = text_draw(t, shown, fn, TEXT_REGULAR, C_TEXT, text_box, TEXT_LEFT);
        caret_x = used.x + used.w;
    }
    int caret_w = l->line > 1 ? l->line : 2;
    fill(r, box(caret_x + 1, field.y + row_h / 6, caret_w, row_h - row_h / 3), C_ACCENT);
}

void render_frame(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Renderer *r = rd->r;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, C_BG.r, C_BG.g, C_BG.b, 255);
    SDL_RenderClear(r);

    draw_canvas(rd, s, l);
    draw_models(rd, s, l);
    if (s->verdict == APP_NO_MODEL) {
        draw_no_model(rd, s, l);
    } else if (s->verdict == APP_BAD_MODEL) {
        draw_bad_model(rd, s, l);
    } else {
        draw_prediction(rd, s, l);
        draw_preview(rd, s, l);
        draw_bars(rd, s, l);
    }
    draw_footer(rd, s, l);
    render_controls(rd, s, l);
    if (s->show_help)
        draw_help(rd, l);
    if (s->prompt_open)
        draw_prompt(rd, s, l);
}
