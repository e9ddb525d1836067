/* render_panel.c - the panel's upper parts of a frame (render_internal.h): the model
 * selector, the prediction, what the network sees, and the explanations that take the whole
 * panel when no model is loaded or the selected one failed.
 *
 * The 28 x 28 images go through streaming textures scaled with nearest-neighbour filtering, so
 * every cell the network reads is visible as a square; each is an item keyed by its grey
 * levels.
 */
#include "draw/render_internal.h"

#include <stdio.h>
#include <string.h>

/* The command that trains the default model, the second of its two lines app_train_command. */
#define TRAIN_COMMAND_1 "build/src/cli/scratchnet train"

/* ---- model selector ---- */

/* The name a model's chip shows: a warning sign before one that did not load. */
static void chip_name(const AppModel *a, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", a->model ? "" : "\xe2\x9a\xa0 ", a->name);
}

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
        chip_name(&s->models[i], name, sizeof name);
        text_measure(t, name, size, i == s->active ? TEXT_BOLD : TEXT_REGULAR, &w, &h);
        total += w + 3 * pad;
    }
    return total - pad;
}

void models_items(Render *rd, const AppState *s, const Layout *l)
{
    uint64_t k = key_int(key_int(KEY_START, s->n_models), s->active);
    char name[128];
    for (int i = 0; i < s->n_models; i++) {
        chip_name(&s->models[i], name, sizeof name);
        k = key_str(k, name);
    }
    render_item(rd, sdl_rect(l->models), k);
}

void models_draw(Render *rd, const AppState *s, const Layout *l)
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
        /* too many to show side by side: name the active one (the toolbar says which of how
         * many, between its buttons) */
        const AppModel *a = &s->models[s->active];
        snprintf(name, sizeof name, "Model: %s%s", a->model ? "" : "\xe2\x9a\xa0 ", a->name);
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
        chip_name(a, name, sizeof name);
        text_measure(t, name, size, face, &w, &h);
        SDL_Rect chip = box(x, chip_y, w + 2 * pad, chip_h);
        SDL_Color fg = a->model ? C_TEXT : C_ERROR;
        if (active) {
            render_fill(rd->r, chip, a->model ? C_ACCENT : C_ERROR);
            fg = C_ON_ACCENT;
        } else {
            render_border(rd->r, box(chip.x + 1, chip.y + 1, chip.w - 2, chip.h - 2), 1, C_BORDER);
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
    render_fill(rd->r, code, C_TRACK);
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
        text_draw_wrapped(rd->text, "Press Tab or \xe2\x96\xb6 to pick another model.", l->font_normal,
                          TEXT_REGULAR, C_DIM, box(b.x, y, b.w, b.y + b.h - y));
}

/* The line under a refused answer: the model's rule, and for digits what to draw instead. */
static void refusal_detail(const AppState *s, char *buf, size_t n)
{
    char rule[160];
    app_refusal_rule(s, rule, sizeof rule);
    snprintf(buf, n, app_reads_digits(s) ? "%s: draw one of 0 to 9" : "%s", rule);
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
                 "with a finger, a pen or the mouse", C_DIM);
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
    case APP_REFUSED: { /* calm words, not an error: the bars below stay, greyed */
        char why[200];
        refusal_detail(s, why, sizeof why);
        app_verdict_text(s, line, sizeof line);
        headline(rd, l, line, C_TEXT, why, C_DIM);
        return;
    }
    case APP_SURE:
    case APP_LEANING:
        break;
    }
    /* a class named: large (in the accent only when confident), its probability beside it, and
     * how sure that is in words */
    SDL_Rect p = sdl_rect(l->prediction);
    int sure = s->verdict == APP_SURE;
    SDL_Rect big = text_draw(rd->text, app_label(s, s->top), l->font_big, TEXT_BOLD,
                             sure ? C_ACCENT : C_LEANING, box(p.x, p.y, p.w * 2 / 3, p.h),
                             TEXT_LEFT);
    int x = big.x + big.w + l->font_normal;
    int half = p.h / 2;
    app_percent(s->probs[s->top], line, sizeof line);
    text_draw(rd->text, line, iround(1.8f * (float)l->font_normal), TEXT_BOLD, C_TEXT,
              box(x, p.y + p.h / 10, p.x + p.w - x, half - p.h / 10), TEXT_LEFT);
    app_sureness_text(s, line, sizeof line);
    text_draw(rd->text, line, iround(1.05f * (float)l->font_normal),
              TEXT_REGULAR, sure ? C_DIM : C_WARN, box(x, p.y + half, p.x + p.w - x, half - p.h / 10),
              TEXT_LEFT);
}

/* What decides the prediction's pixels. */
static uint64_t prediction_key(const AppState *s)
{
    uint64_t k = key_int(key_int(KEY_START, s->verdict), app_reads_digits(s));
    if (s->verdict == APP_REFUSED) {
        char why[200];
        refusal_detail(s, why, sizeof why);
        return key_str(k, why);
    }
    if (s->verdict != APP_SURE && s->verdict != APP_LEANING && s->verdict != APP_UNSURE)
        return k;
    char pct[32];
    for (int i = 0; i < 2; i++) {
        int c = i == 0 ? s->top : s->second;
        k = key_str(k, app_label(s, c));
        app_percent(c >= 0 ? s->probs[c] : 0.0f, pct, sizeof pct);
        k = key_str(k, pct);
    }
    return k;
}

/* ---- what the network sees ---- */

static const char *const step_caption[LAYOUT_STEPS] = {"drawn", "cropped", ("20\xc3\x97" "20"),
                                                       "centred"};

/* 1 if the preview shows the preprocessing steps. */
static int show_steps(const AppState *s)
{
    return s->show_steps && s->preprocess;
}

/* The images the preview shows (step_images: how many). */
static int preview_images(const AppState *s, const float *imgs[LAYOUT_STEPS])
{
    if (!show_steps(s)) {
        imgs[0] = s->seen;
        return 1;
    }
    imgs[0] = s->steps.raw;
    imgs[1] = s->steps.cropped;
    imgs[2] = s->steps.fitted;
    imgs[3] = s->steps.centred;
    return LAYOUT_STEPS;
}

/* The key of a (28, 28) image as uploaded: its grey levels. */
static uint64_t image_key(const float *grid)
{
    Uint8 g[APP_PIXELS];
    for (int i = 0; i < APP_PIXELS; i++) {
        float v = grid[i] < 0.0f ? 0.0f : grid[i] > 1.0f ? 1.0f : grid[i];
        g[i] = (Uint8)lroundf(v * 255.0f);
    }
    return key_bytes(KEY_START, g, sizeof g);
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

static void image(Render *rd, int slot, const float *grid, LayoutRect where)
{
    SDL_Rect d = sdl_rect(where);
    if (d.w < 1)
        return;
    upload(rd->img[slot], grid);
    SDL_RenderCopy(rd->r, rd->img[slot], NULL, &d);
    render_border(rd->r, d, 1, C_BORDER);
}

/* How far the centre-of-mass cross reaches from its centre, pixels. */
static int cross_arm(const Layout *l)
{
    float k = (float)l->steps[3].w / (float)APP_SIDE;
    return iround(1.2f * k) + 2;
}

/* The text beside the single input image, and the box it goes in. */
static SDL_Rect info_box(const Layout *l)
{
    SDL_Rect img = sdl_rect(l->steps[0]);
    int x = img.x + img.w + l->font_normal;
    return box(x, img.y, l->preview.x + l->preview.w - x, img.h);
}

static void preview_items(Render *rd, const AppState *s, const Layout *l)
{
    render_item(rd, sdl_rect(l->preview_title),
                key_int(key_int(key_int(KEY_START, app_preprocess_mismatch(s)), s->preprocess),
                        app_knockouts(s)));
    const float *imgs[LAYOUT_STEPS];
    int n = preview_images(s, imgs);
    for (int i = 0; i < n; i++) {
        uint64_t k = image_key(imgs[i]);
        SDL_Rect r = grow(sdl_rect(l->steps[i]), 1);
        if (i == 3) { /* and the centre of mass */
            k = key_float(key_float(key_int(k, s->steps.crop_w > 0), s->steps.com_x),
                          s->steps.com_y);
            r = grow(r, cross_arm(l));
        }
        render_item_whole(rd, r, k);
        render_item(rd, sdl_rect(l->captions[i]), KEY_START);
    }
    if (n == 1)
        render_item(rd, info_box(l),
                    key_int(key_int(KEY_START, app_preprocess_mismatch(s)), s->preprocess));
}

static void draw_steps_marks(Render *rd, const AppState *s, const Layout *l)
{
    /* the 20 x 20 box the digit was fitted into */
    SDL_Rect f = sdl_rect(l->steps[2]);
    float k = (float)f.w / (float)APP_SIDE;
    int off = iround(4.0f * k), side = iround(20.0f * k);
    SDL_Color box_c = C_BAR;
    box_c.a = 160;
    render_border(rd->r, box(f.x + off + 1, f.y + off + 1, side - 2, side - 2), 1, box_c);
    /* the centre of mass, which preprocessing moved to the middle */
    SDL_Rect c = sdl_rect(l->steps[3]);
    if (s->steps.crop_w > 0) {
        /* com is in cell indices: cell j's centre is at pixel (j + 0.5) * k */
        float mx = (float)c.x + (s->steps.com_x + 0.5f) * k;
        float my = (float)c.y + (s->steps.com_y + 0.5f) * k;
        int arm = cross_arm(l);
        SDL_SetRenderDrawColor(rd->r, C_ERROR.r, C_ERROR.g, C_ERROR.b, 230);
        SDL_RenderDrawLineF(rd->r, mx - (float)arm, my, mx + (float)arm, my);
        SDL_RenderDrawLineF(rd->r, mx, my - (float)arm, mx, my + (float)arm);
    }
}

static void draw_preview(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    int fc = iround(0.8f * (float)l->font_normal); /* captions */
    SDL_Rect title = sdl_rect(l->preview_title);
    int mismatch = app_preprocess_mismatch(s), knocked = app_knockouts(s);
    if (knocked > 0) { /* the bars below come from a damaged network */
        char w[128];
        snprintf(w, sizeof w, "\xe2\x9a\xa0 %d unit%s knocked out (Shift+K)",
                 knocked, knocked == 1 ? "" : "s");
        text_draw(t, w, fc, TEXT_BOLD, C_WARN, title, TEXT_LEFT);
    } else if (mismatch) {
        const char *w = s->preprocess
                            ? "\xe2\x9a\xa0 Preprocessing ON, but this model was trained without"
                              " it (P)"
                            : "\xe2\x9a\xa0 Preprocessing OFF, but this model was trained with"
                              " it (P)";
        text_draw(t, w, fc, TEXT_BOLD, C_WARN, title, TEXT_LEFT);
    } else {
        text_draw(t, "What the network sees", fc, TEXT_BOLD, C_TEXT, title, TEXT_LEFT);
    }

    const float *imgs[LAYOUT_STEPS];
    int n = preview_images(s, imgs);
    for (int i = 0; i < n; i++) {
        image(rd, i, imgs[i], l->steps[i]);
        text_draw(t, n == 1 ? "input" : step_caption[i], fc, TEXT_REGULAR, C_DIM,
                  sdl_rect(l->captions[i]), TEXT_CENTER);
    }
    if (n > 1) {
        draw_steps_marks(rd, s, l);
        return;
    }
    SDL_Rect info = info_box(l);
    int line_h = info.h / 3;
    text_draw(t, "28 \xc3\x97 28 pixels, the exact input", fc, TEXT_REGULAR, C_TEXT,
              box(info.x, info.y, info.w, line_h), TEXT_LEFT);
    /* yellow when the switch disagrees with how the model was trained */
    const char *how = s->preprocess ? "cropped, scaled, centred like MNIST"
                      : mismatch    ? "as drawn: no preprocessing"
                                    : "as drawn, as this model was trained";
    text_draw(t, how, fc, TEXT_REGULAR, mismatch ? C_WARN : C_DIM,
              box(info.x, info.y + line_h, info.w, line_h), TEXT_LEFT);
    text_draw(t, s->preprocess ? "S: show the steps    P: turn off" : "P: turn preprocessing on",
              fc, TEXT_REGULAR, C_DIM, box(info.x, info.y + 2 * line_h, info.w, line_h),
              TEXT_LEFT);
}

/* ---- the panel: the prediction and the preview, or an explanation in their place ---- */

void panel_items(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Rect pred = sdl_rect(l->prediction), body = body_rect(l), all;
    SDL_UnionRect(&pred, &body, &all);
    uint64_t k = key_int(KEY_START, s->verdict);
    if (s->verdict == APP_NO_MODEL) {
        char options[1200];
        app_train_command(s, options, sizeof options);
        render_item(rd, all, key_str(key_str(k, options), s->models_dir));
    } else if (s->verdict == APP_BAD_MODEL) {
        const AppModel *a = &s->models[s->active];
        k = key_str(key_str(k, a->name), a->error);
        render_item(rd, all, key_int(k, s->n_models > 1));
    } else {
        render_item(rd, sdl_rect(l->prediction), prediction_key(s));
        preview_items(rd, s, l);
    }
}

void panel_draw(Render *rd, const AppState *s, const Layout *l)
{
    if (s->verdict == APP_NO_MODEL) {
        draw_no_model(rd, s, l);
    } else if (s->verdict == APP_BAD_MODEL) {
        draw_bad_model(rd, s, l);
    } else {
        draw_prediction(rd, s, l);
        draw_preview(rd, s, l);
    }
}
