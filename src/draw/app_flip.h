/* app_flip.h - "flip it" in the app (app_flip.c): the smallest change to what the network sees
 * that makes it choose another class (ink/flip.h), for the runner-up or the class whose bar was
 * clicked, shown over the canvas as ink added and removed with its size. No SDL, no printing.
 *
 * The search runs as a job on the app's background thread (worker.h) with a copy of the model,
 * so drawing goes on meanwhile; it is asked in the mode whose flip still holds once applied to
 * the canvas and read again as the app reads it (InkFlipAsk.prep as the preprocessing switch
 * says). Each app_update checks what the search is for (the model, the class, the
 * preprocessing, the grid the network sees and its answer): when any of them changed (a
 * stroke, undo, another model, a knock-out) the search in flight is cancelled and its result
 * dropped, and a new one starts once no stroke is in progress. What the user does to it
 * (F, a click on a bar, Enter): app.h.
 */
#ifndef DRAW_APP_FLIP_H
#define DRAW_APP_FLIP_H

#include <stddef.h>

#include "draw/app.h"
#include "ink/flip.h"

/* How far the search is. */
typedef enum AppFlipStatus {
    APP_FLIP_NONE = 0, /* flip it is off, there is no answer to flip, or a stroke is drawn */
    APP_FLIP_BUSY,     /* the search runs (or waits for the background thread) */
    APP_FLIP_READY,    /* result holds what it found (result.found: a flip or none) */
    APP_FLIP_FAILED,   /* error says why */
} AppFlipStatus;

/* The app's part (AppState.flip_search). */
typedef struct AppFlip {
    AppFlipStatus status;
    unsigned job, jobs;          /* the search of this status (0: none), and the last given */
    /* what it is for: a new search when any of these changes */
    unsigned serial;             /* the model (AppModel.serial) */
    int target;                  /* the class asked for */
    InkPrep prep;                /* how a drawing is read (the preprocessing switch) */
    float seen[APP_PIXELS];      /* the grid searched from (AppState.seen) */
    float probs[NN_MAX_CLASSES]; /* the answer then (AppState.probs) */
    int running, done, total;    /* when BUSY: the search runs (not waiting for other work)
                                    and its steps, as the worker said when last polled
                                    (app_work_poll) */
    InkFlip result;              /* when READY */
    float applied_prob;          /* ... the probability of the class asked for once applied:
                                    the drawing made from it read as the app reads it */
    char error[512];             /* one line, when FAILED */
} AppFlip;

/* The class flip it is for now: the one picked on its bar, else the runner-up; -1 while it is
 * off or there is no answer (too little ink, no model). */
int app_flip_target(const AppState *s);
/* The search's state (NULL: never started). */
const AppFlip *app_flip_state(const AppState *s);
/* 1 when a change that flips the answer is shown (found, and not zero): Enter applies it. */
int app_flip_shown(const AppState *s);
/* The change over canvas cell (i, j), > 0 ink added, < 0 ink removed: the cell of what the
 * network sees that the preprocessing put the cell's middle on (as app_saliency_at reads the
 * saliency), 0 off it or while no flip is shown. */
float app_flip_at(const AppState *s, int i, int j);
/* The largest |change| over the canvas's cells (0 while none is shown). */
float app_flip_scale(const AppState *s);
/* While the search runs on the background thread: its gradient steps done and the most it
 * takes (INK_FLIP_MAX_STEPS), as last polled; returns 1, or 0 when it is not running
 * (waiting, or none). */
int app_flip_progress(const AppState *s, int *done, int *total);
/* What flip it says over the canvas, one sentence: "Looking for the smallest change that
 * makes it a 7 ... step 12 of 40", "Adding the orange ink and removing the blue makes it a 7
 * (83%): a change of size 1.9 (L2 over 28x28 pixels, 0..1)" (the percentage the bars will show
 * once it is applied), "No small change found that makes it a 7 ..."; "" while flip it is
 * off. The message line says it when the search lands. */
void app_flip_sentence(const AppState *s, char *buf, size_t n);
/* The same in short, for the band over the canvas (read across a room, on a canvas a third of
 * the window wide): "Looking for a 7 ... step 12 of 40", "Makes it a 7 (83%) · size 1.9",
 * "No small change makes it a 7", "Draw a digit first"; "" while flip it is off. */
void app_flip_caption(const AppState *s, char *buf, size_t n);

#endif
