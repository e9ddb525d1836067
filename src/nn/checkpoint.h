/* checkpoint.h - a training run saved so that it can continue exactly where it stopped.
 *
 * A checkpoint holds what the next step depends on: every parameter and the model's state
 * (batchnorm statistics), the optimiser's memory (momentum or Adam's moments and step count),
 * the trainer's and the dropout's random streams, the epoch, and the position inside it with the
 * epoch's sample order and running sums. Continuing from it gives the same bits as never having
 * stopped (same program, machine and thread count). The caller may add bytes of its own (the
 * command line keeps its best-so-far record there).
 *
 * The file is binary: a magic line with the format's version, then fixed-size fields and float
 * arrays in this machine's byte order, then a checksum of everything before it. Loading refuses
 * a file of another version with one line saying whether it comes from an older or a newer
 * scratchnet, and checks every size against the trainer it goes into before reading an array,
 * and the checksum at the end. The caller's extra bytes are its own fields, each written on its
 * own in a documented order (never the memory image of a structure, whose padding and layout
 * the compiler chooses).
 */
#ifndef NN_CHECKPOINT_H
#define NN_CHECKPOINT_H

#include <stddef.h>

#include "common/error.h"
#include "nn/train.h"

/* Writes the state of t and the caller's extra bytes to path, atomically (a temporary file
 * renamed over path). Between epochs or after any batch. Returns 0 or a negative code, with err
 * naming path and the step that failed; path is then left as it was. */
int nn_checkpoint_save(const char *path, NnTrainer *t, const void *extra, size_t extra_len,
                       SnError *err);

/* Reads path into t, which nn_trainer_init prepared for the same model shape and optimiser.
 * extra receives exactly extra_len bytes (the file must hold that many). Returns 0, or a
 * negative code with err naming the file and what does not fit; t is then unchanged. */
int nn_checkpoint_load(const char *path, NnTrainer *t, void *extra, size_t extra_len, SnError *err);

#endif
