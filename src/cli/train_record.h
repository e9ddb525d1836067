/* train_record.h - what a checkpoint of `scratchnet train` carries besides the trainer's state
 * (nn_checkpoint_save's extra bytes): the settings a resumed run must share, the best-so-far
 * record, the metrics of every finished epoch (so that the log and the curves of a resumed run
 * cover the whole run) and the best weights.
 *
 * In the file each field is written on its own, in this order, in this machine's byte order
 * like the rest of the checkpoint, with nothing between them (offsets in bytes):
 *
 *       0  settings        1024 bytes of text, NUL-padded
 *    1024  best_score      f32   the best epoch's validation (without one: training) accuracy
 *    1028  best_train      f32   its training accuracy
 *    1032  best_val        f32   its validation accuracy, -1 without validation
 *    1036  best_epoch      i32   1-based, 0 before the first epoch finished
 *    1040  epochs_done     i32   finished epochs
 *    1044  seconds         f64   training time so far
 *    1052  epoch_seconds   f64   time spent in the unfinished epoch, 0 between epochs
 *    1060  n_history       i32   rows of history in use
 *    1064  history         TRAIN_RECORD_ROWS rows of 28 bytes: epoch i32, then train_loss,
 *                              train_accuracy, val_loss, val_accuracy, learning_rate and
 *                              seconds, f32 each (PlotEpoch); rows past n_history are zero
 *   29064  best weights    f32 each, as many as the model has parameters
 *
 * A change to this layout changes the checkpoint format's version (checkpoint.c).
 */
#ifndef CLI_TRAIN_RECORD_H
#define CLI_TRAIN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "cli/plot.h"

#define TRAIN_SETTINGS_LEN 1024
#define TRAIN_RECORD_ROWS  PLOT_MAX_EPOCHS

/* The record in memory: the settings text, NUL-terminated. */
typedef struct TrainRecord {
    char settings[TRAIN_SETTINGS_LEN];
    float best_score, best_train, best_val;
    int32_t best_epoch, epochs_done;
    double seconds;
    double epoch_seconds;
    int32_t n_history; /* rows in history: the first TRAIN_RECORD_ROWS finished epochs */
    PlotEpoch history[TRAIN_RECORD_ROWS];
} TrainRecord;

/* Bytes of the record with n_weights best weights. */
size_t train_record_size(size_t n_weights);

/* Writes rec and the n_weights floats of best to out, train_record_size(n_weights) bytes. */
void train_record_write(const TrainRecord *rec, const float *best, size_t n_weights,
                        unsigned char *out);

/* Reads train_record_size(n_weights) bytes at in into rec and best; the settings come out
 * NUL-terminated whatever the bytes hold. */
void train_record_read(TrainRecord *rec, float *best, size_t n_weights, const unsigned char *in);

#endif
