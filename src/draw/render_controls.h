/* render_controls.h - draws the toolbar of on-screen controls (layout.h's controls and the two
 * labels between their buttons) for render_frame.
 */
#ifndef DRAW_RENDER_CONTROLS_H
#define DRAW_RENDER_CONTROLS_H

#include "draw/render.h"

/* Draws every control in its state (pressed, on, disabled) and the brush's and model's labels. */
void render_controls(Render *rd, const AppState *s, const Layout *l);
/* The toolbar's items (render_internal.h): each button, keyed by its state, and the two
 * labels, keyed by what they say. */
void render_controls_items(Render *rd, const AppState *s, const Layout *l);
/* Control c's caption, under its name: its key, after "on \xc2\xb7 " or "off \xc2\xb7 " for a switch
 * (Eraser, Steps, Preprocessing, Help), into buf; and where it goes: the size it is drawn at
 * (smaller only if it does not fit) and its box. Returns 0 when the button is too low for a
 * caption (none is drawn). */
int render_control_caption(const AppState *s, const Layout *l, LayoutControl c, char *buf,
                           size_t n, int *size, SDL_Rect *where);

#endif
