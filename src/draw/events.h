/* events.h - turns SDL events into app_* calls.
 *
 * Keys go to the Open prompt while it is open (typed text, Backspace, Enter, Esc, Ctrl+V) and
 * do nothing else then, except Ctrl+Q. While the quit question is up, a key answers it and does
 * nothing else (app_quit_answer). Ctrl+= (Ctrl+Plus, Ctrl+keypad +) and Ctrl+- size the type
 * and bars, F9 back to normal; F10 switches the theme. Esc follows app_escape's rules; F11
 * sets the state's full screen switch, which main.c makes the window follow. The F12 screenshot needs the renderer:
 * it is only flagged here for main.c.
 *
 * Mouse positions arrive in window points; they are multiplied by the pixel/point ratio to get
 * renderer pixels, then mapped to canvas cells through the layout.
 */
#ifndef DRAW_EVENTS_H
#define DRAW_EVENTS_H

#include <SDL.h>

#include "draw/app.h"
#include "draw/layout.h"
#include "draw/view_layout.h"

typedef struct EventContext {
    const Layout *layout;     /* the current layout (pixels) */
    float px_per_pt_x;        /* renderer pixels per window point, horizontally */
    float px_per_pt_y;        /* ... and vertically */
    int resized;              /* set when the window's size changed: recompute the layout */
    int renderer_reset;       /* set when textures were lost: recreate them */
    int exposed;              /* set when the window has to be put on the screen whole again */
    int screenshot;           /* set by F12: save the next frame as a PNG (main.c reads pixels) */
} EventContext;

/* Applies one event to the state (SDL_USEREVENT: the background thread's work moved on). */
void events_handle(AppState *s, EventContext *c, const SDL_Event *e);
/* Wakes the event loop from the background thread (AppState.wake): pushes an SDL_USEREVENT,
 * which SDL takes from any thread. */
void events_wake(void *ctx);

#endif
