/* train_record.c - the record a checkpoint of `train` carries, field by field (train_record.h). */
#include "cli/train_record.h"

#include <string.h>

_Static_assert(sizeof(float) == 4 && sizeof(double) == 8, "f32 and f64 are float and double");

enum { ROW_BYTES = 4 + 6 * 4, HEAD_BYTES = TRAIN_SETTINGS_LEN + 3 * 4 + 2 * 4 + 2 * 8 + 4 };

size_t train_record_size(size_t n_weights)
{
    return HEAD_BYTES + (size_t)TRAIN_RECORD_ROWS * ROW_BYTES + n_weights * sizeof(float);
}

/* ---- writing: each field after the last -------------------------------------------------- */

static void put(unsigned char **at, const void *v, size_t n)
{
    memcpy(*at, v, n);
    *at += n;
}

static void put_row(unsigned char **at, const PlotEpoch *e)
{
    const float f[6] = {e->train_loss,   e->train_accuracy, e->val_loss,
                        e->val_accuracy, e->learning_rate,  e->seconds};
    put(at, &e->epoch, 4);
    put(at, f, sizeof f);
}

void train_record_write(const TrainRecord *rec, const float *best, size_t n_weights,
                        unsigned char *out)
{
    unsigned char *at = out;
    char settings[TRAIN_SETTINGS_LEN] = {0}; /* the text, NUL-padded */
    memcpy(settings, rec->settings, strnlen(rec->settings, sizeof settings - 1));
    put(&at, settings, sizeof settings);
    put(&at, &rec->best_score, 4);
    put(&at, &rec->best_train, 4);
    put(&at, &rec->best_val, 4);
    put(&at, &rec->best_epoch, 4);
    put(&at, &rec->epochs_done, 4);
    put(&at, &rec->seconds, 8);
    put(&at, &rec->epoch_seconds, 8);
    put(&at, &rec->n_history, 4);
    const PlotEpoch unused = {0};
    for (int i = 0; i < TRAIN_RECORD_ROWS; i++)
        put_row(&at, i < rec->n_history ? &rec->history[i] : &unused);
    put(&at, best, n_weights * sizeof(float));
}

/* ---- reading: the same order ------------------------------------------------------------- */

static void take(const unsigned char **at, void *v, size_t n)
{
    memcpy(v, *at, n);
    *at += n;
}

static void take_row(const unsigned char **at, PlotEpoch *e)
{
    float f[6];
    take(at, &e->epoch, 4);
    take(at, f, sizeof f);
    e->train_loss = f[0], e->train_accuracy = f[1], e->val_loss = f[2];
    e->val_accuracy = f[3], e->learning_rate = f[4], e->seconds = f[5];
}

void train_record_read(TrainRecord *rec, float *best, size_t n_weights, const unsigned char *in)
{
    const unsigned char *at = in;
    take(&at, rec->settings, sizeof rec->settings);
    rec->settings[sizeof rec->settings - 1] = '\0';
    take(&at, &rec->best_score, 4);
    take(&at, &rec->best_train, 4);
    take(&at, &rec->best_val, 4);
    take(&at, &rec->best_epoch, 4);
    take(&at, &rec->epochs_done, 4);
    take(&at, &rec->seconds, 8);
    take(&at, &rec->epoch_seconds, 8);
    take(&at, &rec->n_history, 4);
    for (int i = 0; i < TRAIN_RECORD_ROWS; i++)
        take_row(&at, &rec->history[i]);
    take(&at, best, n_weights * sizeof(float));
}
