/* app_internal.h - what the app's pure files (app.c, app_pen.c, app_models.c, app_files.c,
 * app_prompt.c, app_quit.c, app_controls.c, app_views.c, app_compare.c, app_digits.c,
 * app_flip.c) share among themselves and nobody else uses:
 * events.c, render.c and main.c go through app.h. No SDL, no printing.
 */
#ifndef DRAW_APP_INTERNAL_H
#define DRAW_APP_INTERNAL_H

#include "draw/app.h"

/* The drawing, the model or the preprocessing changed: run the model again and redraw. */
void app_changed(AppState *s);

/* app_pen.c: 1 if pointer p (a finger: its id) is the one that holds the pen or the pressed
 * control (pen_pointer, pen_finger). */
int app_pointer_is(const AppState *s, AppPointer p, long long finger);
/* app_pen.c: frees the undo and redo histories. */
void app_history_free(AppState *s);
/* app_pen.c: replaces the canvas with d, its base image and strokes, undoably (one edit that
 * puts d's base image, or an empty canvas, in place of what was there, then one edit per
 * stroke, so Ctrl+Z takes the strokes, then in one step the image off and what was there
 * back; redo likewise); d's strokes and image then belong to the canvas and d is freed. Every change that replaces the drawing goes through here. Returns 0;
 * 1 when memory ran out part way (the message line says after how many strokes, naming path);
 * -1 when nothing could be done (out of memory, said, d freed). */
int app_history_replace(AppState *s, InkDrawing *d, const char *path);

/* app_views.c: after the model ran on the drawing (a: its answer), keeps the output of every
 * layer that pass left in the model when an open view shows them (view_ready,
 * app_view_output); no other pass of the model may run before they are read but the
 * saliency's, which leaves the same outputs (nn_input_gradient). */
void app_views_capture(AppState *s, const NnModel *m, const InkAnswer *a);

/* What a job of the background thread (worker.h) is for: its kind. */
struct WorkerJob;
enum { APP_JOB_DIGITS = 0, APP_JOB_FLIP = 1 };

/* app_views.c: the cell of what the network sees (an index into seen) that the preprocessing
 * put the middle of canvas cell (i, j) on (steps.map_*, which maps the drawing rendered at
 * INK_RENDER_SCALE times the canvas's cells, ink/pipeline.h), the same cell without it; -1 off
 * it. */
int app_seen_cell(const AppState *s, int i, int j);

/* app_flip.c: after the answer (app_update), keeps the search of flip it for what the bars
 * show: a new one when what it was for changed, none while it is off or a stroke is drawn. */
void app_flip_follow(AppState *s);
/* app_flip.c: a search that ended (worker_take; job->kind APP_JOB_FLIP): its result is kept
 * if it is the one shown, and the job freed. Returns 1 if anything changed. */
int app_flip_take(AppState *s, struct WorkerJob *job);
/* app_flip.c: notes how far the search is (app_work_poll, when the worker wakes the main
 * loop), for app_flip_progress. */
void app_flip_poll(AppState *s);
/* app_flip.c: cancels the search in flight and drops what it showed (the worker is kept). */
void app_flip_drop(AppState *s);
/* app_flip.c: frees the search's part (once the worker that ran it is gone). */
void app_flip_free(AppState *s);

/* app_collect.c: after the model ran on the drawing, fills collect.reading while the Yours
 * view is open: what the active model reads the picked drawing as. */
void app_collect_capture(AppState *s);

/* app_views.c: after the model answered (a, with n_probs set), fills the saliency when it is
 * on (saliency_ready). */
void app_saliency_capture(AppState *s, NnModel *m, const InkAnswer *a);

/* app_compare.c: after the active model answered the drawing (n_probs set, or 0 without an
 * answer), fills `compare` while the compare view is open: the second model's answer for the
 * same drawing and the difference; else empties it. */
void app_compare_capture(AppState *s);

/* app.c: an answer in words, as app_verdict_text says the active model's: verdict v over
 * probs with its two most probable classes top and second (the active model's class names). */
void app_answer_text(const AppState *s, AppVerdict v, const float *probs, int top, int second,
                     char *buf, size_t n);

/* app_models.c: the test accuracy model m's file records, or -1 when it records none. */
float app_model_accuracy(const NnModel *m);
/* app_models.c: puts m (owned from now on; may not be NULL) in entry i's place, as a new entry
 * of the list (a new serial, its digits dropped), read from path ("" for none). Returns i, or
 * -1 (m freed) when there is no entry i. */
int app_replace_model(AppState *s, int i, NnModel *m, const char *path);
/* app_models.c: frees every listed model. */
void app_models_free(AppState *s);
/* app_models.c: reads the model in text (the file path), lists it (the same file again is
 * reloaded in place) and selects it; the message line says what happened. Returns 0 or -1. */
int app_open_model_text(AppState *s, const char *text, const char *path);
/* The same for an ONNX file (its name ends in .onnx), converted on load. */
int app_open_onnx_file(AppState *s, const char *path);

/* app_files.c: the names in folder dir (without "." and "..") that keep(name, ctx) accepts,
 * a folder's with '/' added when mark_folders is set, in name order, into *names (free with
 * app_folder_names_free). At most APP_FOLDER_MAX_ENTRIES entries are read; memory running out
 * ends the list early. Returns how many, or -1 with errno set when dir cannot be read. Both the
 * models folder and the Open prompt's Tab list folders through it. */
#define APP_FOLDER_MAX_ENTRIES 10000
int app_folder_names(const char *dir, int (*keep)(const char *name, void *ctx), void *ctx,
                     int mark_folders, char ***names);
void app_folder_names_free(char **names, int n);

#endif
