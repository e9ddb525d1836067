/* render_canvas.c - the canvas part of a frame: the 28 x 28 cells, the faint grid, the border,
 * the "draw here" hint and the brush outline (render_internal.h).
 *
 * Every cell is a square of whole pixels from round(i * cell) to round((i + 1) * cell), the
 * grid lines start where the cells do, so the cells the network reads are visible as squares.
 * Each cell is an item, keyed by its grey level: a stroke draws again only the cells it
 * changed and the brush outline's old and new places. With the saliency on (G), each cell is
 * coloured by how its ink moves the chosen class's score (app_saliency_at): orange for, blue
 * against, scaled to the largest |value|, on ink/palette.h's scale centred on the canvas's
 * paper (dark in the dark theme, light in the light one: view_ramp_canvas), so cells that do
 * not matter recede, with a legend band above the canvas (or across its top when there is no
 * room). The drawing then shows as its outline: a line of the ink's colour just inside the
 * ink's edge (cells of half ink or more) with one of the paper's just outside it, readable
 * over any colour of the map. In the light theme the canvas is white paper with dark ink; what
 * the network sees (the panel's preview) stays white on black. With flip it on (F), the cells
 * are tinted by the change it found instead (app_flip_at): orange for ink added, blue for ink
 * removed, on the same scale, and its band says what it found (or how far the search is, with a progress
 * bar) beside a legend, with the Apply tag at its right end.
 */
#include "draw/render_internal.h"

#include <stdio.h>

#include "draw/app_flip.h"
#include "draw/render_views.h"
#include "ink/palette.h"

/* The side of a cell in pixels. */
static float cell_side(SDL_Rect c)
{
    return (float)c.w / (float)APP_SIDE;
}

/* Cell (i, j) of the canvas c. */
static SDL_Rect cell_rect(SDL_Rect c, float cell, int i, int j)
{
    int x0 = iround((float)i * cell), x1 = iround((float)(i + 1) * cell);
    int y0 = iround((float)j * cell), y1 = iround((float)(j + 1) * cell);
    return box(c.x + x0, c.y + y0, x1 - x0, y1 - y0);
}

/* A 0..1 value of ink as the canvas shows it: the theme's paper at 0, its ink at 1. */
static SDL_Color ink_colour(float v)
{
    v = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
    SDL_Color p = C_PAPER, k = C_INK;
    return (SDL_Color){(Uint8)lroundf((float)p.r + v * (float)(k.r - p.r)),
                       (Uint8)lroundf((float)p.g + v * (float)(k.g - p.g)),
                       (Uint8)lroundf((float)p.b + v * (float)(k.b - p.b)), 255};
}

/* Where the "draw here" hint goes. */
static SDL_Rect hint_box(SDL_Rect c, const Layout *l)
{
    return box(c.x, c.y + c.h / 2 - l->font_normal, c.w, 2 * l->font_normal);
}

/* The brush outline: its centre and radius in pixels and its colour; 0 when hidden. Returns 2
 * for the eraser's (the Eraser on, or a stroke erasing: another colour, twice as thick), 1 for
 * the pen's. */
static int ring(const AppState *s, SDL_Rect c, float *cx, float *cy, float *radius, SDL_Color *col)
{
    if (!s->hover)
        return 0;
    float cell = cell_side(c);
    *radius = 0.5f * s->brush * cell;
    *cx = (float)c.x + s->hover_x * cell;
    *cy = (float)c.y + s->hover_y * cell;
    *col = C_ACCENT;
    col->a = 200;
    int erasing = s->pen_down && s->drawing.n > 0 && s->drawing.strokes[s->drawing.n - 1].erase;
    if (!s->eraser && !erasing)
        return 1;
    *col = C_ERROR;
    return 2;
}

/* The largest |saliency| of the cells the network sees (0: none). */
static float saliency_scale(const AppState *s)
{
    float m = 0.0f;
    for (int k = 0; s->saliency_ready && k < APP_PIXELS; k++)
        m = fabsf(s->saliency_grid[k]) > m ? fabsf(s->saliency_grid[k]) : m;
    return m;
}

/* The largest |value| the canvas is tinted by: flip it's change while one is shown, else the
 * saliency (0: none). */
static float tint_scale(const AppState *s)
{
    return app_flip_shown(s) ? app_flip_scale(s) : saliency_scale(s);
}

/* 1 while the saliency's map colours the canvas (filled, and no flip shown over it). */
static int map_shown(const AppState *s)
{
    return s->saliency_ready && !app_flip_shown(s);
}

/* Cell (i, j)'s colour: its grey level, or while the map shows the map's colour. */
static SDL_Color cell_colour(const AppState *s, float scale, int i, int j)
{
    if (!map_shown(s))
        return ink_colour(s->grid[j * APP_SIDE + i]);
    return view_ramp_canvas(scale > 0.0f ? app_saliency_at(s, i, j) / scale : 0.0f);
}

/* Cell (i, j)'s tint over its colour: flip it's change while one is shown, alpha 0 where it
 * is about 0 and otherwise. */
static SDL_Color tint(const AppState *s, float scale, int i, int j)
{
    if (!app_flip_shown(s))
        return (SDL_Color){0, 0, 0, 0};
    float v = app_flip_at(s, i, j), t = scale > 0.0f ? v / scale : 0.0f;
    /* a change as strong as it is: faint where the flip changed a cell a little */
    InkRgb c = ink_ramp_light(t < 0.0f ? -0.75f : 0.75f);
    float a = fabsf(v) < 0.02f ? 0.0f : 30.0f + 225.0f * fminf(1.0f, fabsf(t));
    return (SDL_Color){c.r, c.g, c.b, (Uint8)a};
}

/* 1 if canvas cell (i, j) is half ink or more (cells off the canvas are not). */
static int inked(const AppState *s, int i, int j)
{
    return i >= 0 && j >= 0 && i < APP_SIDE && j < APP_SIDE && s->grid[j * APP_SIDE + i] >= 0.5f;
}

/* The sides of cell (i, j) on the ink's outline while the map shows (bits: 1 left, 2 right,
 * 4 top, 8 bottom; 0 otherwise): those where it and its neighbour differ in ink. */
static int outline_sides(const AppState *s, int i, int j)
{
    if (!map_shown(s))
        return 0;
    int in = inked(s, i, j);
    return (inked(s, i - 1, j) != in) | (inked(s, i + 1, j) != in) << 1 |
           (inked(s, i, j - 1) != in) << 2 | (inked(s, i, j + 1) != in) << 3;
}

/* The outline along the given sides of cell rc: the ink's colour on the ink's side, the
 * paper's off it, each band a fifth of the cell (at least two pixels, a third of a tiny
 * cell). */
static void draw_outline(SDL_Renderer *r, SDL_Rect rc, int sides, int ink)
{
    int t = SDL_max(SDL_min(2, rc.w / 3), (rc.w + 2) / 5);
    SDL_Color c = ink ? C_INK : C_PAPER;
    if (sides & 1)
        render_fill(r, box(rc.x, rc.y, t, rc.h), c);
    if (sides & 2)
        render_fill(r, box(rc.x + rc.w - t, rc.y, t, rc.h), c);
    if (sides & 4)
        render_fill(r, box(rc.x, rc.y, rc.w, t), c);
    if (sides & 8)
        render_fill(r, box(rc.x, rc.y + rc.h - t, rc.w, t), c);
}

/* The saliency's legend, a band as wide as the canvas: above it where the window leaves room,
 * else across its top. */
static SDL_Rect legend_box(SDL_Rect c, const Layout *l)
{
    int h = iround(2.8f * (float)l->font_small); /* up to two lines */
    int above = c.y - l->gap / 2 - h;
    return box(c.x, above >= l->gap ? above : c.y, c.w, h);
}

static void legend_text(const AppState *s, char *buf, size_t n)
{
    const char *name = app_label(s, s->saliency_shown);
    snprintf(buf, n, "orange: ink here argues for %s \xc2\xb7 blue: against %s%s (G)", name,
             name, s->saliency_pick >= 0 ? "" : ", the top class");
    /* the legend is read from across a room: two lines when one would shrink it */
}

static void draw_legend(Render *rd, const AppState *s, const Layout *l, SDL_Rect c)
{
    SDL_Rect b = legend_box(c, l);
    render_fill(rd->r, b, C_PANEL);
    int rw = b.w / 6, pad = b.h / 4;
    render_ramp(rd->r, box(b.x + pad, b.y + pad, rw, b.h - 2 * pad), view_ramp_canvas, 32);
    char text[160];
    legend_text(s, text, sizeof text);
    text_draw_wrapped(rd->text, text, l->font_small, TEXT_BOLD, C_TEXT,
                      box(b.x + rw + 2 * pad, b.y + pad / 2, b.w - rw - 3 * pad, b.h - pad));
}

/* Flip it's band: the legend (a swatch per colour), the sentence, the search's progress as a
 * bar under it, and the Apply tag while a flip is shown. */
static void draw_flip_band(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Rect b = sdl_rect(layout_flip_band(l));
    if (b.w < 1)
        return;
    render_fill(rd->r, b, C_PANEL);
    int pad = b.h / 8, fs = l->font_small, sw = fs * 4 / 5, lw = iround(5.6f * (float)fs);
    static const char *words[2] = {"added", "removed"};
    for (int k = 0; k < 2; k++) { /* the legend: orange for ink added, blue for ink removed */
        InkRgb c = ink_ramp_light(k == 0 ? 0.75f : -0.75f);
        int y = b.y + pad + k * (b.h - 2 * pad) / 2 + ((b.h - 2 * pad) / 2 - sw) / 2;
        render_fill(rd->r, box(b.x + pad, y, sw, sw), (SDL_Color){c.r, c.g, c.b, 255});
        text_draw(rd->text, words[k], fs * 9 / 10, TEXT_REGULAR, C_TEXT,
                  box(b.x + 2 * pad + sw, y - sw / 2, lw - sw - pad, 2 * sw), TEXT_LEFT);
    }
    int shown = app_flip_shown(s);
    SDL_Rect tag = sdl_rect(layout_flip_apply(l));
    int tx = b.x + pad + lw, tw = (shown ? tag.x : b.x + b.w) - pad - tx, done, total;
    int busy = app_flip_progress(s, &done, &total);
    char text[600];
    app_flip_caption(s, text, sizeof text);
    int bar = busy ? SDL_max(2, pad) : 0;
    text_draw_wrapped(rd->text, text, SDL_max(fs, l->font_normal), TEXT_BOLD, C_TEXT,
                      box(tx, b.y + pad / 2, tw, b.h - pad - bar - (bar ? pad / 2 : 0)));
    if (busy) { /* how many of its steps the search took */
        SDL_Rect track = box(tx, b.y + b.h - pad / 2 - bar, tw, bar);
        render_fill(rd->r, track, C_TRACK);
        track.w = total > 0 ? track.w * done / total : 0;
        render_fill(rd->r, track, C_ACCENT);
    }
    if (!shown)
        return;
    render_fill(rd->r, tag, C_ACCENT);
    SDL_Rect top = box(tag.x, tag.y, tag.w, tag.h * 3 / 5);
    text_draw(rd->text, "Apply", fs, TEXT_BOLD, C_ON_ACCENT, top, TEXT_CENTER);
    text_draw(rd->text, "Enter", fs * 3 / 4, TEXT_REGULAR, C_ON_ACCENT,
              box(tag.x, top.y + top.h, tag.w, tag.h - top.h), TEXT_CENTER);
}

/* The band's item: what it says and how far the search is. */
static void flip_band_item(Render *rd, const AppState *s, const Layout *l)
{
    char text[600];
    app_flip_caption(s, text, sizeof text);
    int done = -1, total = 0;
    app_flip_progress(s, &done, &total);
    uint64_t k = key_int(key_int(key_str(KEY_START, text), done), app_flip_shown(s));
    int flip = s->overlay == APP_OVERLAY_FLIP;
    render_item(rd, flip ? sdl_rect(layout_flip_band(l)) : box(0, 0, 0, 0), k);
}

void canvas_items(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Rect c = sdl_rect(l->canvas);
    if (c.w < 1)
        return;
    float cell = cell_side(c), scale = tint_scale(s);
    for (int j = 0; j < APP_SIDE; j++)
        for (int i = 0; i < APP_SIDE; i++) {
            SDL_Color f = cell_colour(s, scale, i, j), t = tint(s, scale, i, j);
            uint64_t k = key_int(key_bytes(KEY_START, &f, sizeof f), outline_sides(s, i, j));
            k = key_int(k, inked(s, i, j));
            render_item(rd, cell_rect(c, cell, i, j), t.a ? key_bytes(k, &t, sizeof t) : k);
        }
    render_item(rd, grow(c, l->line), KEY_START); /* the border */
    char text[160] = "";
    if (s->saliency_ready)
        legend_text(s, text, sizeof text);
    render_item(rd, s->saliency_ready ? legend_box(c, l) : box(0, 0, 0, 0),
                key_str(KEY_START, text));
    flip_band_item(rd, s, l);
    render_item(rd, hint_box(c, l), ink_drawing_is_empty(&s->drawing));
    replay_marks_items(rd, s, l);
    float cx, cy, radius;
    SDL_Color col;
    if (ring(s, c, &cx, &cy, &radius, &col)) {
        /* the outline's lines stay within a pixel of the circle */
        int x0 = (int)floorf(cx - radius) - 2, y0 = (int)floorf(cy - radius) - 2;
        int x1 = (int)ceilf(cx + radius) + 2, y1 = (int)ceilf(cy + radius) + 2;
        uint64_t k = key_float(key_float(key_float(KEY_START, cx), cy), radius);
        render_item_whole(rd, box(x0, y0, x1 - x0, y1 - y0), key_bytes(k, &col, sizeof col));
    } else {
        render_item(rd, box(0, 0, 0, 0), 0);
    }
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

void canvas_draw(Render *rd, const AppState *s, const Layout *l)
{
    SDL_Renderer *r = rd->r;
    SDL_Rect c = sdl_rect(l->canvas);
    if (c.w < 1)
        return;
    float cell = cell_side(c);
    /* the cells in the region being drawn */
    SDL_Rect k = rd->clip;
    int i0 = SDL_max(0, (int)((float)(k.x - c.x) / cell) - 1);
    int j0 = SDL_max(0, (int)((float)(k.y - c.y) / cell) - 1);
    int i1 = SDL_min(APP_SIDE, (int)((float)(k.x + k.w - c.x) / cell) + 2);
    int j1 = SDL_min(APP_SIDE, (int)((float)(k.y + k.h - c.y) / cell) + 2);
    float scale = tint_scale(s);
    for (int j = j0; j < j1; j++)
        for (int i = i0; i < i1; i++) {
            SDL_Rect rc = cell_rect(c, cell, i, j);
            render_fill(r, rc, cell_colour(s, scale, i, j));
            SDL_Color t = tint(s, scale, i, j);
            if (t.a)
                render_fill(r, rc, t);
            int sides = outline_sides(s, i, j);
            if (sides)
                draw_outline(r, rc, sides, inked(s, i, j));
        }

    /* the faint grid: one line between every two cells */
    if (cell >= 4.0f) {
        int t = cell >= 48.0f ? iround(cell / 48.0f) : 1; /* still visible on a 4K screen */
        for (int i = 1; i < APP_SIDE; i++) {
            int off = iround((float)i * cell);
            render_fill(r, box(c.x + off, c.y, t, c.h), C_GRID);
            render_fill(r, box(c.x, c.y + off, c.w, t), C_GRID);
        }
    }
    render_border(r, c, l->line, C_BORDER);
    if (s->saliency_ready)
        draw_legend(rd, s, l, c);
    if (s->overlay == APP_OVERLAY_FLIP)
        draw_flip_band(rd, s, l);

    if (ink_drawing_is_empty(&s->drawing))
        text_draw(rd->text, "draw here", l->font_normal, TEXT_REGULAR, C_HINT, hint_box(c, l),
                  TEXT_CENTER);

    float cx, cy, radius;
    SDL_Color col;
    int kind = ring(s, c, &cx, &cy, &radius, &col);
    if (kind)
        circle(r, cx, cy, radius, col);
    if (kind == 2 && radius > 2.0f)
        circle(r, cx, cy, radius - 1.0f, col);
    replay_marks_draw(rd, s, l);
}
