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
#include "draw/theme.h"

/* The theme the frame is drawn in (theme.h): render_frame sets it from AppState's theme. */
extern ThemeId render_theme;

/* Colour c of the theme the frame is drawn in. */
static inline SDL_Color theme_colour(ThemeColour c)
{
    ThemeRgba t = theme_table(render_theme)[c];
    return (SDL_Color){t.r, t.g, t.b, t.a};
}

/* The colours every part draws with, the active theme's (theme.h says what each colours). */
#define C_BG theme_colour(TC_BG)
#define C_PANEL theme_colour(TC_PANEL)
#define C_TEXT theme_colour(TC_TEXT)
#define C_DIM theme_colour(TC_DIM)
#define C_ACCENT theme_colour(TC_ACCENT) /* the answer and the active model */
/* a leaning answer's digit and top bar: the accent's hue, greyed, so it does not read as a
 * confident answer */
#define C_LEANING theme_colour(TC_LEANING)
#define C_ON_ACCENT theme_colour(TC_ON_ACCENT)
#define C_BAR theme_colour(TC_BAR)
#define C_BAR_OFF theme_colour(TC_BAR_OFF) /* a refused answer's bars: grey */
#define C_TRACK theme_colour(TC_TRACK)
#define C_ERROR theme_colour(TC_ERROR)
#define C_WARN theme_colour(TC_WARN)
#define C_OK theme_colour(TC_OK)
#define C_BORDER theme_colour(TC_BORDER)
#define C_GRID theme_colour(TC_GRID)
#define C_HINT theme_colour(TC_HINT)     /* "draw here" on the empty canvas */
#define C_SELECT theme_colour(TC_SELECT) /* under selected text */
#define C_PAPER theme_colour(TC_PAPER)   /* the canvas without ink */
#define C_INK theme_colour(TC_INK)       /* the canvas's full ink */
#define C_BUTTON theme_colour(TC_BUTTON)
#define C_BUTTON_HOVER theme_colour(TC_BUTTON_HOVER)
#define C_BUTTON_EDGE theme_colour(TC_BUTTON_EDGE)
#define C_LIT theme_colour(TC_LIT)
#define C_LIT_HOVER theme_colour(TC_LIT_HOVER)
#define C_OFF_EDGE theme_colour(TC_OFF_EDGE)
#define C_OFF_TEXT theme_colour(TC_OFF_TEXT)
#define C_SHADE theme_colour(TC_SHADE)             /* the veil behind the help */
#define C_SHADE_LIGHT theme_colour(TC_SHADE_LIGHT) /* the veil behind the Open prompt */
#define C_FRAME theme_colour(TC_FRAME)

/* The colour scale of the saliency over the canvas (and its legend and tag): centred on the
 * canvas's paper, dark in the dark theme and light in the light one (render_views.c). */
SDL_Color view_ramp_canvas(float t);

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
/* the "Label it" tag and the digit buttons over the canvas (render_view_yours.c) */
void collect_items(Render *rd, const AppState *s, const Layout *l);
void collect_draw(Render *rd, const AppState *s, const Layout *l);
void footer_items(Render *rd, const AppState *s, const Layout *l);
void footer_draw(Render *rd, const AppState *s, const Layout *l);
void help_items(Render *rd, const AppState *s, const Layout *l);
void help_draw(Render *rd, const AppState *s, const Layout *l);
void prompt_items(Render *rd, const AppState *s, const Layout *l);
void prompt_draw(Render *rd, const AppState *s, const Layout *l);

#endif
