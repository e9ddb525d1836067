/* bench_frames.h - scratchnet-draw --bench-frames: the app's own frame time benchmark.
 *
 * A scripted user draws five digits on the canvas (press, over 500 pointer moves, release, and
 * C to clear between digits). Each event is pushed into SDL's event queue, where the app's own
 * loop takes it as it takes a real user's: events.c, app_update, render_frame, the present.
 * One event is pushed at a time, once the loop has handled the one before.
 *
 * The frame time of a move runs from the moment it is pushed (SDL_GetPerformanceCounter; SDL's
 * own event timestamps are whole milliseconds) to the return of the present for the frame that
 * shows it: SDL_RenderPresent, or with the software renderer SDL_UpdateWindowSurfaceRects,
 * which puts the frame's damage on the screen (frame.h). A move that drew no frame of its own
 * is shown by the next frame, and timed to it.
 */
#ifndef DRAW_BENCH_FRAMES_H
#define DRAW_BENCH_FRAMES_H

#include <stdio.h>

#include <SDL.h>

#include "draw/app.h"
#include "draw/layout.h"

typedef struct BenchFrames BenchFrames;

#define BENCH_FRAMES_MODEL "mnist-cnn" /* the model the benchmark selects, by name */
#define BENCH_FRAMES_VIEWS "layers, weights, softmax, nearest, compare, train or unit" /* --view */

/* Builds the script; NULL when out of memory. Free with bench_frames_free(). With a view
 * (not LAYOUT_VIEW_NONE) the script first presses its key (L, W, X, N or M), so the view is open
 * and follows the drawing while every move is timed (the compare view compares the benchmark's
 * model with its default second model: the seed network among the shipped models; the train
 * view then presses Space too, so the seed network trains from random weights, made the active
 * model, and the moves are pushed only once it runs, each timed while it trains); closeup:
 * see bench_frames_view. */
BenchFrames *bench_frames_new(LayoutView view, int closeup);
/* Reads a view's name for --view (BENCH_FRAMES_VIEWS; "unit" is the layers view
 * with closeup set, where the script also picks the first unit of the model's last hidden layer
 * with units, so that unit shows up close while every move is timed); returns 0, or -1. */
int bench_frames_view(const char *name, LayoutView *view, int *closeup);
void bench_frames_free(BenchFrames *b);
/* --saliency: the saliency over the canvas is turned on (as G does) before the first event, so
 * it follows every move. */
void bench_frames_saliency(BenchFrames *b);

/* Called before the loop waits for events: once the event pushed last has been handled,
 * pushes the next one for the window win, placed with the layout l (pixels) and px_per_pt
 * (pixels per window point); after the last event's frame it asks the app to quit. */
void bench_frames_push(BenchFrames *b, AppState *s, const Layout *l, float px_per_pt,
                       SDL_Window *win);
/* Called right after the present returns: the pushed moves waiting for a frame are timed to
 * now. */
void bench_frames_presented(BenchFrames *b);
/* 1 once every event of the script was pushed and every move timed. */
int bench_frames_done(const BenchFrames *b);

/* Prints the result in a few "name: value" lines: the window's size in pixels, the renderer,
 * the model and the view open, what is measured, the number of moves timed, their median, 95th percentile and
 * maximum frame time in milliseconds; with the train view, the samples trained meanwhile.
 * Returns 0, or -1 when out of memory. */
int bench_frames_report(const BenchFrames *b, FILE *out, int w, int h, const char *renderer);

#endif
