/* train_outliers.h - the made non-digits of a `scratchnet train` run (outlier exposure): images
 * that belong to no class, drawn as pen strokes (letters, symbols, scribbles) and sent through
 * the app's own pipeline by ink_nondigit_make. Some join the training images with the label
 * NN_NO_CLASS, so that the network learns to spread its belief evenly over the classes when it
 * sees one; others, from a separate stream of seeds and never trained on, measure how many the
 * finished model refuses (train_refusal.h). Made digits (ink_madedigit_make) come the same way,
 * from streams of their own: some join the training images with their labels, others, never
 * trained on, measure how many the finished model reads right. Every image comes from the run's
 * seed: a resumed run makes the same ones again.
 */
#ifndef CLI_TRAIN_OUTLIERS_H
#define CLI_TRAIN_OUTLIERS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "nn/idx.h"
#include "nn/model.h"

/* The streams of seeds a run draws its made images from: one for training, one held out. */
typedef enum TrainOutlierStream {
    TRAIN_OUTLIERS_TRAINING = 0,
    TRAIN_OUTLIERS_HELD_OUT
} TrainOutlierStream;

/* Makes n 28 x 28 non-digits of the given stream of the run seeded run_seed into out (n * 784
 * bytes, 0 background, 255 full ink). On a terminal (tty 1) the count made so far is shown on
 * stderr, as making thousands takes a moment. Returns 0, or a negative code with err set. */
int train_outliers_make(uint8_t *out, int n, uint64_t run_seed, TrainOutlierStream stream,
                        int tty, SnError *err);

/* Appends outliers made non-digits (labelled NN_NO_CLASS) and made_digits made digits (with
 * their labels) of the training stream to ds after its images, growing its arrays
 * (common/buf.h) (saying so on stdout unless quiet) and lists the images trained on into *idx
 * (malloc'd, *n_fit of them): ds[0..n_train), then the made ones. Returns 0, or a negative code
 * with err set. */
int train_made_append(NnDataset *ds, int n_train, int outliers, int made_digits,
                      uint64_t run_seed, int quiet, int tty, int **idx, int *n_fit, SnError *err);

/* The share of n (>= 1) made digits of the held-out stream that m reads right (a refusal counts
 * as wrong, as in nn_evaluate), or a negative number with err set. */
float train_made_digits_read(NnModel *m, int n, uint64_t run_seed, int tty, SnError *err);

#endif
