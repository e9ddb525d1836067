/* train_refusal.h - the refusal rule a `scratchnet train` run writes into its model: "none of
 * these classes" when the top probability is below a bound (nn_model_refuses). The bound is
 * chosen after training on images held out from it, never on the images the model is later
 * measured on: it is the largest that refuses at most a given share of the validation images
 * (distorted once by the run's augmentation, when it has one, as drawn digits are less tidy than
 * MNIST's); the share of held-out made non-digits it refuses is reported beside it.
 */
#ifndef CLI_TRAIN_REFUSAL_H
#define CLI_TRAIN_REFUSAL_H

#include <stdint.h>

#include "cli/presets.h"
#include "common/error.h"
#include "nn/idx.h"
#include "nn/model.h"

/* Made images held out to measure a run (non-digits the rule refuses, digits read right): as
 * many as the validation images, at most this many. */
enum { TRAIN_HELD_OUT_MADE = 2000 };

/* What the chosen rule does on the held-out images. */
typedef struct TrainRefusal {
    float below;             /* the bound: a top probability below it is refused; 0 when the
                                top probabilities were 0 (outputs that are no numbers) and m got
                                no rule */
    int images, refused;     /* held-out validation images, and how many the rule refuses */
    int made, made_refused;  /* held-out made non-digits (0 when none were made) */
} TrainRefusal;

/* The largest bound such that at most share of the n top probabilities in top lie below it:
 * the (floor(share * n) + 1)-th smallest of them (top is sorted in place). n >= 1. */
float train_refusal_bound(float *top, int n, float share);

/* Chooses m's refusal bound on the images ds[idx[0..n)] (n >= 1), distorted once by aug (with
 * distortions drawn from run_seed) unless aug is NULL, so that at most share of them are
 * refused; measures it on made held-out non-digits of the run's held-out stream when made is
 * not 0; sets m->info.refuse_below and says in m->info.refuse_chosen how it was chosen, naming
 * the images as what ("MNIST digits"). tty: show progress. Returns 0 or a negative code with
 * err set. */
int train_refusal_choose(NnModel *m, const NnDataset *ds, const int *idx, int n, CliAugment *aug,
                         uint64_t run_seed, float share, int made, const char *what, int tty,
                         TrainRefusal *out, SnError *err);

#endif
