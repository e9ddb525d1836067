/* refusal.h - choosing a model's refusal rule: "none of these classes" when the top probability
 * is below a bound (nn_model_refuses). The bound is chosen on images held out from training,
 * never on the images the model is later measured on: it is the largest that refuses at most a
 * given share of them (distorted once by an augmentation when one is given, as drawn digits are
 * less tidy than MNIST's); the share of held-out made non-digits (made.h) it refuses is measured
 * beside it. `scratchnet train` chooses a new model's rule here, and the fine-tuning
 * (finetune.h) chooses the adapted model's again, on MNIST, never on a person's drawings.
 * Nothing here prints or exits.
 */
#ifndef INK_REFUSAL_H
#define INK_REFUSAL_H

#include <stdint.h>

#include "common/error.h"
#include "ink/augment.h"
#include "ink/made.h"
#include "nn/idx.h"
#include "nn/model.h"

/* Made images held out to measure a rule (non-digits it refuses, digits read right): as many as
 * the held-out images, at most this many. */
enum { INK_HELD_OUT_MADE = 2000 };

/* What the chosen rule does on the held-out images. */
typedef struct InkRefusal {
    float below;             /* the bound: a top probability below it is refused; 0 when the
                                top probabilities were 0 (outputs that are no numbers) and m got
                                no rule */
    int images, refused;     /* held-out images, and how many the rule refuses */
    int made, made_refused;  /* held-out made non-digits (0 when none were made) */
} InkRefusal;

/* The largest bound such that at most share of the n top probabilities in top lie below it:
 * the (floor(share * n) + 1)-th smallest of them (top is sorted in place). n >= 1. */
float ink_refusal_bound(float *top, int n, float share);

/* The top probability of each of the n model inputs x (n, m->n_in) into top, in inference
 * mode. Returns 0 or a negative code with err set. */
int ink_refusal_tops(NnModel *m, const float *x, int n, float *top, SnError *err);

/* Chooses m's refusal bound on the images ds[idx[0..n)] (n >= 1), distorted once by aug (with
 * distortions drawn from run_seed) unless aug is NULL, so that at most share of them are
 * refused; measures it on made held-out non-digits of the run's held-out stream when made is
 * not 0 (progress, which may be NULL, is told as they are made); sets m->info.refuse_below and
 * says in m->info.refuse_chosen how it was chosen, naming the images as what ("MNIST digits").
 * Returns 0 or a negative code with err set. */
int ink_refusal_choose(NnModel *m, const NnDataset *ds, const int *idx, int n,
                       const InkAugment *aug, uint64_t run_seed, float share, int made,
                       const char *what, InkMadeProgress progress, void *user, InkRefusal *out,
                       SnError *err);

/* The share of ds[idx[0..n)] (undistorted, n >= 1) that m's rule refuses (0 without a rule) into
 * *share. Returns 0 or a negative code with err set. */
int ink_refusal_share(NnModel *m, const NnDataset *ds, const int *idx, int n, float *share,
                      SnError *err);

#endif
