/* app_finetune.h - teaching the active model the user's own handwriting (U, the Teach button):
 * the fine-tuning of src/ink/finetune.h on the drawings the user collected (drawings.jsonl in
 * the user's data folder, paths.h), mixed with MNIST, as a job on a background thread of its own
 * (worker.h) so that drawing never waits and short jobs are not stuck behind it.
 *
 * The job reads the collection, loads MNIST (the full set when it is there, else the subset
 * shipped beside the models, shuffled so that its held-out part has every class), measures the
 * model on MNIST's test images, fine-tunes a copy of it, holding back every third drawing of each
 * digit to measure when there are enough (INK_FINETUNE_MIN_HOLD_OUT), measures it again, and
 * saves it atomically as models/NAME-mine.json in the user's data folder. The main thread then
 * lists it (reloaded in place when the file was listed already) and makes it active; the message
 * line says the share of held-back drawings read right before and after and that MNIST was kept
 * (its test accuracy within 0.3 points; else both figures), and the status line shows the new
 * model's name and test accuracy. Progress shows in
 * the message line; U again stops the job, and nothing is saved. No SDL, no printing.
 */
#ifndef DRAW_APP_FINETUNE_H
#define DRAW_APP_FINETUNE_H

#include "draw/app.h"

#define APP_FINETUNE_FILE INK_COLLECTION_FILE /* the collection (ink/collection.h, which app.h
                                                includes), in the user's data folder */
#define APP_FINETUNE_MODELS "models"       /* where models made in the app go, in it too */
#define APP_FINETUNE_SUFFIX "-mine"        /* NAME-mine: the model taught one's writing */

/* What the teaching part of the app keeps (AppState.tune). */
typedef struct AppTune {
    int busy;              /* 1 from the start of a job until the main thread takes it */
    int pct;               /* its progress last said in the message line, -1 before any */
    char stage[96];        /* its stage last said */
    char from[64];         /* the name of the model being taught */
    char saved[4096];      /* the file the last job that ended well saved, "" before any */
    /* the last job's figures (as InkFinetuneReport), for the message and the tests */
    int n_tuned, n_held;
    float held_before, held_after, mnist_before, mnist_after;
} AppTune;

/* U, or the Teach button: starts teaching the active model the collected drawings, or stops a
 * job that runs. Says in the message line what it did, or why it cannot start (no model, a
 * model that does not read digits, no collection yet). Returns 1 if a job started or stopped. */
int app_finetune_toggle(AppState *s);
/* The taught model's name, also its file's in the models folder: the name it was taught from
 * made a plain file name (letters, digits, '.', '_' and '-' kept, any other run of characters
 * one '-', none at either end; "model" if nothing is left), with APP_FINETUNE_SUFFIX added
 * unless it ends so already, cut to fit NN_NAME_LEN: "training: seed" gives
 * "training-seed-mine". */
void app_finetune_name(const char *from, char *buf, size_t n);

/* 1 while a job runs or waits to be taken. */
int app_finetune_busy(const AppState *s);

/* The background thread woke the main loop (app_work_poll): shows the job's progress in the
 * message line, or takes the job that ended (lists and selects the model it saved). */
void app_finetune_poll(AppState *s);

/* Stops a running job and frees the worker and the state (app_work_stop, app_free). */
void app_finetune_free(AppState *s);

#endif
