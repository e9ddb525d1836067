/* train_outliers.h - the made non-digits of a `scratchnet train` run (outlier exposure): images
 * that belong to no class, drawn as pen strokes (letters, symbols, scribbles) and sent through
 * the app's own pipeline by ink_nondigit_make. Some join the training images with the label
 * NN_NO_CLASS, so that the network learns to spread its belief evenly over the classes when it
 * sees one; others, from the held-out stream (ink/made.h), measure how many the finished model
 * refuses (ink/refusal.h). Made digits (ink_madedigit_make) come the same way: some join the
 * training images with their labels, others, never trained on, measure how many the finished
 * model reads right. Every image comes from the run's seed: a resumed run makes the same ones
 * again.
 */
#ifndef CLI_TRAIN_OUTLIERS_H
#define CLI_TRAIN_OUTLIERS_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "nn/idx.h"
#include "nn/model.h"

/* Shows on stderr the count of made images so far (InkMadeProgress), as making thousands takes
 * a moment; given only on a terminal. */
void train_made_progress(void *user, int digits, int done, int n);

/* Appends outliers made non-digits (labelled NN_NO_CLASS) and made_digits made digits (with
 * their labels) of the training stream to ds after its images, growing its arrays
 * (common/buf.h) (saying so on stdout unless quiet) and lists the images trained on into *idx
 * (malloc'd, *n_fit of them): ds[0..n_train), then the made ones. Returns 0, or a negative code
 * with err set. */
int train_made_append(NnDataset *ds, int n_train, int outliers, int made_digits,
                      uint64_t run_seed, int quiet, int tty, int **idx, int *n_fit, SnError *err);

#endif
