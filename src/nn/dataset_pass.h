/* dataset_pass.h - a model run over every image of a data set, batch by batch, for what is
 * computed once per model from many digits (the nearest-digit index, the units' best digits).
 *
 * Each batch goes through nn_model_forward in inference mode (dropout off, batchnorm's running
 * statistics, and the units knocked out then: knockout.h), so m->a[l] then hold every layer's
 * outputs for that batch. Long passes report progress and can be stopped: a program runs them
 * on a thread of its own (with a model of its own: a pass uses the model's workspace), and its
 * progress callback answers non-zero to stop.
 */
#ifndef NN_DATASET_PASS_H
#define NN_DATASET_PASS_H

#include "common/error.h"
#include "nn/idx.h"
#include "nn/model.h"

#define NN_PASS_BATCH 64 /* images per forward pass: bounds the workspace (the CNN's is ~20 MB) */

/* Called after each batch with the images done so far of total; a non-zero answer stops the
 * pass (SN_E_CANCELLED). */
typedef int (*NnProgress)(void *ctx, int done, int total);

/* Called after each forward pass of images [first, first + n): m->a[l] hold their outputs. */
typedef void (*NnBatchTake)(void *ctx, const NnModel *m, int first, int n);

/* Runs m over the n images of ds (image i as nn_pixels_to_input makes it: the model's own
 * scaling), calling take after every batch and then progress (may be NULL). The images must be
 * the model's input size (rows * cols == m->n_in). Leaves m in the training mode it was in.
 * Returns 0, SN_E_CANCELLED when progress asked to stop, SN_E_ARG or SN_E_NOMEM. */
int nn_dataset_pass(NnModel *m, const NnDataset *ds, NnBatchTake take, void *ctx,
                    NnProgress progress, void *progress_ctx, SnError *err);

/* The index of the model's last weighted layer (dense or conv2d, whose units have weights of
 * their own), or -1 when it has none. */
int nn_last_weighted_layer(const NnModel *m);

#endif
