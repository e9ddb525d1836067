/* app_digits.h - the views that show training and test images (app_digits.c): the training
 * digits nearest to the drawing as the network sees them (nn/neighbours.h) and the test digits
 * that excite a unit most (nn/excite.h). No SDL, no printing.
 *
 * The images are those of the data set the model was trained on (nn_digits_load_dataset:
 * MNIST's digits or Fashion-MNIST's photos, the full set when present else the subset shipped
 * with the models; a data set with neither: the view says so). Each model's index and
 * units' scores are built once, on first use, by a job on the app's background thread
 * (worker.h) with a copy of the model, so drawing goes on meanwhile; a job for a model that is
 * no longer the active one is cancelled. The images loaded stay for the next model of the same
 * data set. Each search (a few milliseconds: the index read once) runs in app_update, on the
 * features the view's capture of every layer already holds.
 */
#ifndef DRAW_APP_DIGITS_H
#define DRAW_APP_DIGITS_H

#include <stdint.h>

#include "common/paths.h"
#include "draw/app.h"
#include "draw/browse.h"
#include "nn/excite.h"
#include "nn/idx.h"
#include "nn/neighbours.h"

#define APP_NEAR_K 8   /* training digits shown nearest to the drawing */
#define APP_EXCITE_K 8 /* test digits shown for a unit */
#define APP_DIGIT_SETS 2 /* data sets whose images are kept: MNIST, Fashion-MNIST */

/* How far a model's digits are. */
typedef enum AppDigitsStatus {
    APP_DIGITS_NONE = 0, /* not asked for yet (or the job was cancelled) */
    APP_DIGITS_BUSY,     /* a job builds them: the worker's state says how far */
    APP_DIGITS_READY,    /* the index and the units' scores are there */
    APP_DIGITS_FAILED,   /* error says why (no images of its data set, out of memory, ...) */
} AppDigitsStatus;

/* What one model has (AppModel.digits), freed with the model. */
typedef struct AppModelDigits {
    AppDigitsStatus status;
    char error[512];         /* one line, when failed */
    int set;                 /* its images: an index into AppDigits.sets */
    NnNeighbourIndex index;  /* index.n 0 until built */
    NnExcite excite;         /* excite.n 0 until built */
    double index_ms, excite_ms; /* how long each took to build on the worker */
    /* its answers to every test image (the Data view), built apart from the index and scores
     * and only when asked for (app_answers_want) */
    AppDigitsStatus answers_status;
    char answers_error[512]; /* one line, when failed */
    int n_answers;           /* test images answered, 0 until built */
    int n_classes;           /* the model's classes (probs' second dimension) */
    uint8_t *answers;        /* (n_answers) the class named, or BROWSE_REFUSED */
    float *probs;            /* (n_answers, n_classes) each image's probabilities */
    uint64_t answers_knock;  /* the knocked-out units they were made with (app_knock_key) */
    unsigned answers_id;     /* new for every set of answers taken (AppDigits.answers_made) */
    double answers_ms;
    unsigned answers_version; /* the AppState.weights_version they were made for ... */
    uint64_t answers_weights; /* ... and a key of those weights */
    double answers_at;       /* when the weights they were made from were copied (ms, steady) */
    int answers_refresh;     /* 1 while a job makes them again for newer weights (the old ones
                                stay READY and shown meanwhile) */
} AppModelDigits;

/* The images of one data set, kept once loaded (never replaced: jobs read them). */
typedef struct AppDigitSet {
    char dataset[64];         /* "mnist", "fashion-mnist"; "" while the slot is free */
    NnDataset train, test;    /* train.n 0 until loaded */
    char from[PATHS_MAX];     /* the folder the training images came from */
    char test_from[PATHS_MAX]; /* ... and the test images */
} AppDigitSet;

/* The app's part (AppState.digits). */
typedef struct AppDigits {
    AppDigitSet sets[APP_DIGIT_SETS];
    unsigned job_serial;      /* the model (AppModel.serial) of the job in flight, 0: none */
    /* the last search, for the drawing the bars show (app_update) */
    unsigned near_serial;     /* the model it is for, 0: none */
    int n_near;
    NnNeighbour near[APP_NEAR_K]; /* closest first */
    double search_us;         /* how long it took */
    Browse browse;            /* the Data view's browser (app_data.c): its id is the
                                 answers_id of the answers it holds */
    unsigned answers_made;    /* answers taken so far: each model's answers get the next as
                                 their AppModelDigits.answers_id */
    unsigned browse_serial;   /* the model (AppModel.serial) whose answers the browser holds */
    int job_answers;          /* 1: the job in flight makes answers ... */
    unsigned job_version;     /* ... for this weights_version */
    double answers_asked;     /* when the last job of answers started (ms, steady clock) */
} AppDigits;

/* The active model's digits (NULL: no model, or never asked for), and the images they index. */
const AppModelDigits *app_digits_model(const AppState *s);
const AppDigitSet *app_digits_set(const AppState *s);
/* Starts the job that builds the active model's digits if they are not there or being built,
 * and cancels a job for another model. Called by app_update while a digit view is shown. */
void app_digits_want(AppState *s);
/* The same for the active model's answers to every test image (the Data view): starts the job
 * that makes them when they are not there, not being made, or were made before units were
 * knocked out or put back or for older weights (weights_version moved: the network is being
 * trained); it waits for a job of the index or scores in flight. Answers for older weights stay
 * shown while the new ones are made; while training runs they are made again at most every
 * APP_ANSWERS_EVERY_MS, and at once when it is paused or stopped (a job for older weights then
 * in flight is cancelled). Called by app_update while the Data view is shown, and by
 * app_work_poll. */
#define APP_ANSWERS_EVERY_MS 3000.0
void app_answers_want(AppState *s);
/* The active model's answers are for older weights than the model has now: returns 1 and sets
 * *age to how many seconds ago those weights were copied, and *updating to 1 while new answers
 * are being made; 0 when they are up to date (or there are none). */
int app_answers_stale(const AppState *s, double *age, int *updating);
/* A key of the active model's knocked-out units (0: none), which its answers depend on. */
uint64_t app_knock_key(const NnModel *m);
/* Takes a job that ended (app_work_poll, when the worker wakes the main loop; its kind
 * APP_JOB_DIGITS) and frees it: its index and scores go to its model (or are dropped if it is
 * gone), its images are kept; the drawing is then searched again. */
struct WorkerJob;
void app_digits_take(AppState *s, struct WorkerJob *job);
/* The search for the drawing: fills s->digits->near from the captured layers (app_views_capture
 * ran first). */
void app_digits_search(AppState *s, NnModel *m);
/* The sentence over the nearest digits, from their real labels and the answer: "Your drawing
 * reads as a 4 and looks like these 4s: all 8 nearest training digits are 4s.", "It reads a 4,
 * but looks most like these 9s: 5 of the 8 nearest training digits are 9s."; "" when there is no
 * search. */
void app_nearest_sentence(const AppState *s, char *buf, size_t n);
/* The unit whose exciting test digits the view shows: the one picked in the activations view,
 * as a dense neuron or a convolution filter (*layer, *unit); returns 1, or 0 when none is picked
 * or the picked value's layer has no units of its own (pooling). */
int app_excite_unit(const AppState *s, int *layer, int *unit);
/* The test digits that excite that unit most (k <= APP_EXCITE_K), highest first; returns how
 * many (0 when the scores are not there yet). */
int app_excited(const AppState *s, NnExcited *out, int k);
/* Frees a model's part (accepts NULL). */
void app_digits_model_free(AppModelDigits *md);
/* Frees the images and the worker's jobs (app_free). */
void app_digits_free(AppState *s);

#endif
