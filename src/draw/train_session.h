/* train_session.h - training a network from random weights on a background thread of its own,
 * for the drawing app's Train view: one session per run, which the window starts, pauses,
 * steps a batch at a time, speeds up or slows down, and saves, while it keeps drawing.
 *
 * The session runs one job on its own AppWorker (worker.h), so the short jobs of the other
 * views are never stuck behind it. The job loads MNIST (the full training set when present,
 * else the subset shipped with the app, nn/digits.h), builds a fresh network from a recipe
 * (nn/recipe.h) and trains it epoch after epoch on one compute thread (no pool: the other core
 * stays free for drawing), with the recipe's optimiser at a constant rate and no distortions.
 * Every so often it measures the network on a fixed share of the test set (test_n digits spread
 * evenly over it) and, a few times a second, publishes a copy of its weights and its figures.
 * The main thread reads them with train_session_status and train_session_weights; nothing it
 * calls waits for more than a copy. Requests (pause, step, rate, batch size, speed, save) take
 * effect after the batch in progress. A speed (digits a second) makes the training thread sleep
 * between batches so that the class can watch the first seconds unfold; a run of `epochs` epochs
 * ends there (TRAIN_DONE), its network still there to save. No SDL, no printing.
 */
#ifndef DRAW_TRAIN_SESSION_H
#define DRAW_TRAIN_SESSION_H

#include <stddef.h>

#include "common/error.h"
#include "nn/model.h"

#define TRAIN_CURVE 256   /* points kept of each curve (the first 64 as they are, the others
                             merged in pairs when it is full) */
#define TRAIN_TEXT 4352   /* bytes of a message or a path in the status (a PATHS_MAX folder and
                            a file name) */

/* What a session is doing. */
typedef enum TrainPhase {
    TRAIN_LOADING = 0, /* reading the digits */
    TRAIN_RUNNING,     /* training */
    TRAIN_PAUSED,      /* waiting for resume or a step */
    TRAIN_SAVING,      /* measuring the whole test set and writing the model file */
    TRAIN_FAILED,      /* stopped with an error (status.error) */
    TRAIN_STOPPED,     /* ended: stopped by the app */
    TRAIN_DONE,        /* ended: the epochs asked for are done (a save still works) */
} TrainPhase;

/* How a session trains. Zeroes take the defaults said. */
typedef struct TrainSetup {
    const char *recipe;     /* "seed", "mlp" or "cnn" (nn_recipe) */
    const char *full_dir;   /* the full MNIST folder (paths_mnist_dir); NULL: none */
    const char *subset_dir; /* the shipped subset's folder (DataPaths.digits) */
    int limit;              /* train on the first `limit` training digits; 0: all */
    int test_n;             /* test digits in the live accuracy (1000) */
    float lr;               /* 0: the recipe's learning rate */
    int batch;              /* 0: the recipe's batch size */
    unsigned long long seed; /* weights and shuffling (0: 1) */
    double eval_seconds;    /* measure the test digits this often while running (0.25; < 0:
                               never by time), but never more often than every four times what
                               a measurement takes */
    long eval_samples;      /* ... or once this many samples went by since the last time (0:
                               never by count) */
    double publish_seconds; /* publish the weights this often (0.2) */
    int start_paused;       /* 1: wait for a step or resume after loading */
    double speed;           /* train at most this many digits a second (0: as fast as it can) */
    int epochs;             /* end after this many epochs (0: never) */
} TrainSetup;

/* What the window shows, as a copy (train_session_status). */
typedef struct TrainStatus {
    TrainPhase phase;
    char recipe[16];         /* the recipe's name */
    char about[160];         /* the settings in words: "sigmoid 784-100-10, quadratic cost, SGD" */
    char stage[TRAIN_TEXT];  /* while loading: what is read */
    int full;                /* 1: the full MNIST training set; 0: the shipped subset */
    char data_dir[TRAIN_TEXT]; /* the folder the training digits came from */
    int n_train, n_test;     /* training digits, and test digits in the live accuracy */
    int epoch;               /* epochs completed */
    long samples;            /* training samples seen since the start */
    long batches;            /* batches done */
    double per_second;       /* samples a second lately (while running) */
    double seconds;          /* since the session started (loading included) */
    float lr;                /* the learning rate in use */
    int batch;               /* the batch size in use */
    double speed;            /* the speed asked for, digits a second (0: as fast as it can) */
    int epochs;              /* the epochs the run ends after (0: never) */
    float cost;              /* the mean cost of the last batches, -1 before any */
    float test_acc;          /* the last live test accuracy in [0, 1], -1 before any */
    double seconds_to_90;    /* seconds from the start until the live test accuracy first
                                reached 90 %, -1 while it has not */
    int n_cost;              /* the cost curve: (cost_at[i] samples, cost[i]) */
    long cost_at[TRAIN_CURVE];
    float cost_curve[TRAIN_CURVE];
    int n_acc;               /* the accuracy curve: (acc_at[i] samples, acc[i]) */
    long acc_at[TRAIN_CURVE];
    float acc_curve[TRAIN_CURVE];
    unsigned weights_serial; /* grows with every published copy of the weights */
    char error[TRAIN_TEXT];  /* TRAIN_FAILED's reason, or why a save failed, "" for none */
    unsigned saves;          /* grows with every save that ended (written or failed) */
    char saved_path[TRAIN_TEXT]; /* the last file written, "" for none */
    float saved_acc;         /* its test accuracy on the whole test set (n_saved_test digits) */
    int n_saved_test;
} TrainStatus;

typedef struct TrainSession TrainSession;

/* Starts a session (its thread and job) for setup; wake (may be NULL) is called on the
 * session's thread whenever there is something new to show: it must only wake the main loop.
 * Returns NULL with err set for an unknown recipe or when out of memory / no thread. */
TrainSession *train_session_new(const TrainSetup *setup, void (*wake)(void *ctx), void *wake_ctx,
                                SnError *err);
/* Stops the training (after the batch in progress), waits for its thread and frees it all.
 * Accepts NULL. */
void train_session_free(TrainSession *t);

/* A copy of the session's figures. */
void train_session_status(TrainSession *t, TrainStatus *out);
/* A copy of the network as last published (a new model the caller frees with nn_model_free),
 * and its serial in *serial; NULL before the first publication or when out of memory. */
NnModel *train_session_model(TrainSession *t, unsigned *serial);
/* Copies the weights last published into m (a model of the session's network, such as one from
 * train_session_model) if they are newer than *serial; returns 1 and updates *serial if it did,
 * else 0 (also when m is not of the network's size). */
int train_session_weights(TrainSession *t, NnModel *m, unsigned *serial);

/* Pauses (on = 1) or resumes (0) after the batch in progress. */
void train_session_pause(TrainSession *t, int on);
/* While paused: trains exactly one batch, then pauses again (nothing while running). */
void train_session_step(TrainSession *t);
/* The learning rate and the batch size from the next batch on (kept within 1e-5..100 and
 * 1..4096). */
void train_session_set_lr(TrainSession *t, float lr);
void train_session_set_batch(TrainSession *t, int batch);
/* At most per_second digits a second from the next batch on (0 or less: as fast as it can); the
 * thread sleeps between batches, woken early by any other request. */
void train_session_set_speed(TrainSession *t, double per_second);
/* Saves the network as it is after the batch in progress: it is measured on the whole test set
 * read, its training record filled (that accuracy, the settings, the time), and written to path
 * atomically; the status's saves, saved_path, saved_acc (or error) say when it is done.
 * Training then goes on (or stays paused). */
void train_session_save(TrainSession *t, const char *path);

/* The next learning rate or batch size up (dir +1) or down (-1) of the app's steps (1e-4,
 * 2e-4, 5e-4, 1e-3, ... 5, 10; 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000), from any value;
 * the same value at an end. */
float train_lr_step(float lr, int dir);
int train_batch_step(int batch, int dir);

#endif
