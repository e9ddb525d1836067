/* render_internal.h - what the parts of a frame share (render.c and render_*.c): colours, the
 * small drawing helpers, and the items each part declares.
 *
 * A part of the window (the canvas, the panel, the bottom lines, each overlay) is a pair of
 * functions. Its items function lists, from the state and the layout, the rectangles it
 * draws in, each with a key: a hash of everything that decides the pixels there. Its draw
 * function draws the part; it may draw everything, as the renderer's clip rectangle keeps the
 * pixels outside the region being drawn (rd->clip), or skip what lies outside it.
 * Between two frames, the items whose key or rectangle changed are the damage (render.c):
 * the only pixels drawn and put on the screen again.
 */
#ifndef DRAW_RENDER_INTERNAL_H
#define DRAW_RENDER_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "draw/render.h"

static const SDL_Color C_BG = {16, 18, 24, 255};
static const SDL_Color C_PANEL = {12, 14, 20, 244};
static const SDL_Color C_TEXT = {242, 244, 247, 255};
static const SDL_Color C_DIM = {165, 173, 186, 255};
static const SDL_Color C_ACCENT = {255, 196, 0, 255}; /* the answer and the active model */
/* a leaning answer's digit and top bar: the accent's hue, greyed and darker, so it does not read
 * as a confident answer (about 8:1 on the panel) */
static const SDL_Color C_LEANING = {186, 166, 112, 255};
static const SDL_Color C_ON_ACCENT = {16, 18, 24, 255};
static const SDL_Color C_BAR = {74, 144, 226, 255};
static const SDL_Color C_BAR_OFF = {112, 120, 136, 255}; /* a refused answer's bars: grey */
static const SDL_Color C_TRACK = {42, 47, 60, 255};
static const SDL_Color C_ERROR = {255, 112, 112, 255};
static const SDL_Color C_WARN = {255, 206, 70, 255};
static const SDL_Color C_OK = {124, 226, 152, 255};
static const SDL_Color C_BORDER = {96, 104, 122, 255};
static const SDL_Color C_GRID = {255, 255, 255, 34};

static inline SDL_Rect sdl_rect(LayoutRect r)
{
    SDL_Rect o = {r.x, r.y, r.w, r.h};
    return o;
}

static inline SDL_Rect box(int x, int y, int w, int h)
{
    SDL_Rect o = {x, y, w > 0 ? w : 0, h > 0 ? h : 0};
    return o;
}

/* r grown by m pixels on every side. */
static inline SDL_Rect grow(SDL_Rect r, int m)
{
    return box(r.x - m, r.y - m, r.w + 2 * m, r.h + 2 * m);
}

static inline int iround(float v) { return (int)lroundf(v); }

/* A fill of rc in colour c (blended by its alpha). */
void render_fill(SDL_Renderer *r, SDL_Rect rc, SDL_Color c);
/* A frame of thickness t drawn just outside rc. */
void render_border(SDL_Renderer *r, SDL_Rect rc, int t, SDL_Color c);
/* A colour scale across rc, -1 at its left to +1 at its right, in `steps` bands. */
void render_ramp(SDL_Renderer *r, SDL_Rect rc, SDL_Color (*ramp)(float t), int steps);

/* ---- items ---- */

#define KEY_START 14695981039346656037ull /* an empty key (FNV-1a's offset basis) */

/* The key h extended by n bytes, a number or a string (with its end, so "ab"+"c" differs
 * from "a"+"bc"). */
uint64_t key_bytes(uint64_t h, const void *p, size_t n);
uint64_t key_int(uint64_t h, long long v);
uint64_t key_float(uint64_t h, float v);
uint64_t key_str(uint64_t h, const char *s);

/* Declares an item of the part being listed: the rectangle r, with the key of its pixels. A
 * part lists the same items in the same order while its layout stays. */
void render_item(Render *rd, SDL_Rect r, uint64_t key);
/* The same for what must be drawn whole, never cut by a region's edge: lines (SDL draws a
 * line cut by the clip rectangle with slightly other pixels) and scaled images. */
void render_item_whole(Render *rd, SDL_Rect r, uint64_t key);

/* ---- the parts, in drawing order ---- */

void canvas_items(Render *rd, const AppState *s, const Layout *l);
void canvas_draw(Render *rd, const AppState *s, const Layout *l);
void models_items(Render *rd, const AppState *s, const Layout *l);
void models_draw(Render *rd, const AppState *s, const Layout *l);
void panel_items(Render *rd, const AppState *s, const Layout *l);
void panel_draw(Render *rd, const AppState *s, const Layout *l);
void bars_items(Render *rd, const AppState *s, const Layout *l);
void bars_draw(Render *rd, const AppState *s, const Layout *l);
void views_items(Render *rd, const AppState *s, const Layout *l);
void views_draw(Render *rd, const AppState *s, const Layout *l);
void footer_items(Render *rd, const AppState *s, const Layout *l);
void footer_draw(Render *rd, const AppState *s, const Layout *l);
void help_items(Render *rd, const AppState *s, const Layout *l);
void help_draw(Render *rd, const AppState *s, const Layout *l);
void prompt_items(Render *rd, const AppState *s, const Layout *l);
void prompt_draw(Render *rd, const AppState *s, const Layout *l);

#endif
