/* train.h - the training loop: mini-batch stochastic gradient descent over a data set, and
 * evaluation. Shared by the command line and the tests; prints nothing, reports progress through
 * a callback. Training and evaluation run on the model's pool (nn_model_set_pool).
 */
#ifndef NN_TRAIN_H
#define NN_TRAIN_H

#include <stdint.h>

#include "common/error.h"
#include "nn/idx.h"
#include "nn/loss.h"
#include "nn/model.h"
#include "nn/online.h"
#include "nn/optim.h"
#include "nn/rng.h"

typedef struct NnTrainConfig {
    NnCost cost;        /* quadratic or cross-entropy (the latter needs a softmax output) */
    NnOptimConfig opt;  /* optimiser, learning rate, schedule, weight decay */
    int batch_size;     /* samples per gradient step; 1 = the seed's pure stochastic descent */
    int epochs;         /* passes over the training samples (for the schedule) */
    uint64_t seed;      /* seeds shuffling and augmentation (initialisation is seeded separately) */
    /* Optional data augmentation: writes a randomly distorted copy of one training image
     * (rows x cols bytes, 0 = background) of class label into out as values in 0..1. seed is
     * drawn afresh from the trainer's generator for every use of every image, so a run stays
     * reproducible. NULL: images are used as they are. */
    void (*augment)(void *user, const uint8_t *pixels, int rows, int cols, int label,
                    uint64_t seed, float *out);
    void *augment_user; /* passed to augment */
} NnTrainConfig;

typedef struct NnTrainer {
    NnModel *model;      /* the model being trained, not owned */
    NnTrainConfig cfg;
    NnOptimState opt;    /* optimiser memory, owned */
    NnRng rng;           /* shuffling */
    int epoch;           /* epochs completed so far */
    float *x;            /* (batch, n_in) the batch as floats, owned */
    uint8_t *y;          /* (batch) the batch's labels, owned */
    float *dout;         /* (batch, n_out) dL/d output, owned */
    int *order;          /* (cap_order) sample order of the current epoch, owned */
    int cap_order;
    /* Where the current epoch stands, so that a run can stop after any batch and continue from
     * a checkpoint (checkpoint.h): pos samples of pos_n done, in the order of order[], with
     * these running sums. Between epochs pos and the sums are 0. */
    int pos, pos_n;
    double pos_loss;
    long pos_correct;
    int online;          /* batch 1 with plain SGD on dense layers: the sparse one-sample step */
    int online_every;    /* ... which reports its progress every this many samples (0: 256;
                            the caller may set it between calls, e.g. 1 to stop after one) */
    NnOnline one;        /* its scratch, owned */
} NnTrainer;

/* Statistics of one epoch. */
typedef struct NnEpochStats {
    int samples;      /* samples seen (fewer than asked if stopped early) */
    float loss;       /* mean cost over those samples */
    float accuracy;   /* fraction of the samples of a class classified right while training
                         (before each step); samples of no class (NN_NO_CLASS) do not count */
    float lr;         /* learning rate used */
} NnEpochStats;

/* Called after each batch with samples done so far in this epoch, the total, and the running
 * mean loss and accuracy. Return non-zero to stop the epoch early (e.g. on Ctrl-C). */
typedef int (*NnProgressFn)(void *user, int done, int total, float loss, float accuracy);

/* Prepares a trainer for m; checks the config (batch >= 1, cross-entropy needs softmax).
 * nn_train_epoch checks that the model's output width covers the labels (NN_NO_CLASS aside).
 * Returns 0 or a negative code. */
int nn_trainer_init(NnTrainer *t, NnModel *m, const NnTrainConfig *cfg, SnError *err);
/* Changes the batch size between two calls of nn_train_epoch (after an epoch, or after the
 * callback stopped one): the epoch in progress goes on from where it stopped with batches of
 * the new size, as does the optimiser's memory; batch 1 with plain SGD on dense layers switches
 * to the one-sample step (and back). Returns 0, or a negative code (batch out of 1..65536, out
 * of memory) with the trainer as it was. */
int nn_trainer_set_batch(NnTrainer *t, int batch, SnError *err);
/* Frees what the trainer owns; accepts a zeroed trainer. */
void nn_trainer_free(NnTrainer *t);

/* One epoch over the samples ds[subset[0..n)] (all of ds if subset is NULL), in an order
 * shuffled by the trainer's RNG, in mini-batches: forward, cost, backward, optimiser step. A
 * sample may be labelled NN_NO_CLASS (loss.h): its target is uniform, the augmentation gets the
 * label -1 for it, and the accuracy leaves it out.
 * Returns 0 when the epoch completed, 1 when the callback stopped it, negative on error. */
int nn_train_epoch(NnTrainer *t, const NnDataset *ds, const int *subset, int n,
                   NnProgressFn progress, void *user, NnEpochStats *stats, SnError *err);

/* What an evaluation tells besides the accuracy (nn_evaluate). The caller sets the arrays it
 * wants (NULL: not wanted); the counts are filled. */
typedef struct NnEvalDetail {
    uint8_t *pred;   /* (n) each sample's top class, refused or not */
    uint8_t *answer; /* (n) the class the model names: the top class, or m->n_out where its
                      * refusal rule refuses the sample (nn_model_refuses) */
    float *top;      /* (n) each sample's top probability (nn_model_probabilities) */
    int refused;     /* samples the refusal rule refused: each counts as wrong; the share of the
                      * test set refused (NnTrainInfo.test_refused) is (float)refused / (float)n,
                      * as the accuracy is (float)right / (float)n */
    int nonfinite;   /* samples with an output that is not a finite number (finite weights can
                      * overflow, and a diverged training run has NaN weights): their predicted
                      * class (the first largest output) means nothing, and a caller that reports
                      * the figure as the model's accuracy should refuse when this is not 0 */
} NnEvalDetail;

/* Fraction of ds[subset[0..n)] (all if subset is NULL) the model classifies right: the top
 * class is the label and the model's refusal rule, if it has one, does not refuse the sample
 * (a refused sample counts as wrong). detail (may be NULL) receives the rest. Evaluation still
 * goes over every sample, so that training can measure a run that diverged. Negative on
 * error. */
float nn_evaluate(NnModel *m, const NnDataset *ds, const int *subset, int n, NnEvalDetail *detail,
                  SnError *err);

/* Mean cost and accuracy of the model on ds[subset[0..n)] (all if subset is NULL), in inference
 * mode (no dropout): *loss = 1/n sum of each sample's cost (as nn_quadratic_cost or
 * nn_softmax_cross_entropy measure it), *accuracy = fraction classified right, a refusal counting
 * as wrong as in nn_evaluate (both 0 for n = 0).
 * Cross-entropy needs a softmax output layer. Returns 0 or a negative code. */
int nn_evaluate_loss(NnModel *m, const NnDataset *ds, const int *subset, int n, NnCost cost,
                     float *loss, float *accuracy, SnError *err);

/* Converts count images of size pixels to model inputs: out = pixel * scale + offset. */
void nn_pixels_to_input(const uint8_t *pixels, size_t count, float scale, float offset,
                        float *out);

#endif
