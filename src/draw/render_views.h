/* render_views.h - what the view area's parts share (render_views.c and render_view_*.c): the
 * colour scales, the tiles of a block uploaded into a texture and drawn, a cell's outline, the
 * legend, and each view's items and drawing (render_internal.h's pairs).
 *
 * Both colour scales run from blue (negative) to orange (positive), the pair that people with
 * any common colour blindness still tell apart; never red against green. The activations'
 * scale is dark in the middle (a value of 0 is as dark as the window, so what fires stands
 * out); the weights' is white in the middle, as weight pictures are usually shown. Their
 * numbers are ink/palette.h's (ink_ramp_dark, ink_ramp_light), which `scratchnet show` draws
 * its pictures with too.
 */
#ifndef DRAW_RENDER_VIEWS_H
#define DRAW_RENDER_VIEWS_H

#include "draw/render_internal.h"
#include "draw/view_layout.h"

/* A colour scale: t in [-1, 1] to a colour. */
typedef SDL_Color (*ViewRamp)(float t);
SDL_Color view_ramp_dark(float t);
SDL_Color view_ramp_light(float t);
/* Black at 0 to white at 1 (negative values black): images as MNIST stores them. */
SDL_Color view_ramp_grey(float t);

/* The largest |v| of n values (0 for none or all zeros). */
float view_max_abs(const float *v, int n);

/* Draws block b's tiles: its values vals (b->n of them; NULL: none yet, the tiles are drawn
 * empty) divided by scale, through ramp. The values go into the block's texture (slot i) only
 * when key differs from what it holds. */
void view_draw_tiles(Render *rd, int i, const ViewBlock *b, const float *vals, float scale,
                     ViewRamp ramp, uint64_t key);
/* 1 if slot i's texture holds block b's values with that key (drawing it needs no values). */
int view_tiles_hold(const Render *rd, int i, const ViewBlock *b, uint64_t key);
/* The screen rectangle of value `unit` of block b. */
SDL_Rect view_unit_rect(const ViewBlock *b, int unit);
/* A frame of thickness t around value `unit` of block b. */
void view_outline(Render *rd, const ViewBlock *b, int unit, SDL_Color c, int t);
/* The legend in r: the ramp as a bar with its three words under its ends and middle, and a
 * note right of it. */
void view_draw_legend(Render *rd, LayoutRect r, int font, ViewRamp ramp, const char *low,
                      const char *mid, const char *high, const char *note);
/* The key of a rectangle's content when a block's values show there: its values, their scale
 * and which of them is outlined. */
uint64_t view_values_key(const float *vals, int n, float scale, int hover, int pick);

/* Each view, as a part of the frame. */
void acts_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void acts_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void weights_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void weights_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void closeup_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void closeup_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void softmax_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void softmax_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void nearest_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
/* The close-up's row of the test digits that excite its unit most, in r (render_view_nearest.c). */
void excited_items(Render *rd, const AppState *s, LayoutRect r, int font);
void excited_draw(Render *rd, const AppState *s, LayoutRect r, int font);
void nearest_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void compare_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
/* The Yours view (render_view_yours.c), from the view body and the collection alone. */
void yours_items(Render *rd, const AppState *s, const Layout *l);
void yours_draw(Render *rd, const AppState *s, const Layout *l);
void compare_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
/* The replay's chart (render_view_replay.c), and its marks on the canvas (drawn last there). */
void replay_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void replay_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void replay_marks_items(Render *rd, const AppState *s, const Layout *l);
/* Challenge mode (render_view_challenge.c). */
void challenge_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void challenge_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void replay_marks_draw(Render *rd, const AppState *s, const Layout *l);
/* The train view (render_view_train.c), from its own layout (view_train.h). */
void train_items(Render *rd, const AppState *s, const Layout *l);
void train_draw(Render *rd, const AppState *s, const Layout *l);
void data_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);
void data_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v);

#endif
