/* train_outliers.c - the made non-digits and made digits a run trains on and holds out
 * (train_outliers.h). */
#include "cli/train_outliers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "common/buf.h"
#include "ink/madedigit.h"
#include "ink/nondigit.h"
#include "nn/loss.h"
#include "nn/rng.h"
#include "nn/train.h"

enum { SIDE = 28, PIXELS = SIDE * SIDE };

/* The first seed of a stream: the streams start far apart in the 64-bit space of seeds, so that
 * a held-out image is never one trained on; digits and non-digits have streams of their own. */
static uint64_t stream_base(uint64_t run_seed, TrainOutlierStream stream, int digits)
{
    static const uint64_t salt[2][2] = {
        {0x6E6F6E6469676974ull, 0x68656C646F757431ull}, /* "nondigit", "heldout1" */
        {0x6D61646544696769ull, 0x68656C6464696731ull}, /* "madeDigi", "helddig1" */
    };
    NnRng g;
    nn_rng_seed(&g, run_seed ^ salt[digits][stream == TRAIN_OUTLIERS_HELD_OUT]);
    return (uint64_t)nn_rng_u32(&g) << 32 | nn_rng_u32(&g);
}

/* Makes n images of the stream, made digits (their labels into labels) when labels is not
 * NULL, else non-digits; shows the count on a terminal. */
static int make_images(uint8_t *out, uint8_t *labels, int n, uint64_t run_seed,
                       TrainOutlierStream stream, int tty, SnError *err)
{
    const uint64_t base = stream_base(run_seed, stream, labels != NULL);
    for (int i = 0; i < n; i++) {
        uint8_t *img = out + (size_t)i * PIXELS;
        int rc = labels ? ink_madedigit_make(base + (uint64_t)i, img, labels + i, err)
                        : ink_nondigit_make(base + (uint64_t)i, img, err);
        if (rc < 0)
            return rc;
        if (tty && ((i + 1) % 500 == 0 || i + 1 == n)) {
            fprintf(stderr, "\r  making %s %d/%d ", labels ? "digits" : "non-digits", i + 1, n);
            fflush(stderr);
        }
    }
    if (tty && n > 0)
        fprintf(stderr, "\r%40s\r", "");
    return 0;
}

int train_outliers_make(uint8_t *out, int n, uint64_t run_seed, TrainOutlierStream stream,
                        int tty, SnError *err)
{
    return make_images(out, NULL, n, run_seed, stream, tty, err);
}

/* Appends n made images of the training stream to ds: digits with their labels, or
 * non-digits labelled NN_NO_CLASS. */
static int append(NnDataset *ds, int n, int digits, uint64_t run_seed, int tty, SnError *err)
{
    const char *what = digits ? "made digits" : "made non-digits";
    if (ds->rows != SIDE || ds->cols != SIDE)
        return sn_error(err, SN_E_ARG, "%s are %d x %d images, the data set's are %d x %d", what,
                        SIDE, SIDE, ds->rows, ds->cols);
    const size_t have = (size_t)ds->n, need = have + (size_t)n;
    size_t cap_images = have * PIXELS, cap_labels = have; /* as the loader allocated them */
    if (buf_grow((void **)&ds->images, &cap_images, need * PIXELS, 1) != 0 ||
        buf_grow((void **)&ds->labels, &cap_labels, need, 1) != 0)
        return sn_error(err, SN_E_NOMEM, "out of memory for %d %s", n, what);
    int rc = make_images(ds->images + have * PIXELS, digits ? ds->labels + have : NULL, n,
                         run_seed, TRAIN_OUTLIERS_TRAINING, tty, err);
    if (rc)
        return rc;
    if (!digits)
        memset(ds->labels + have, NN_NO_CLASS, (size_t)n);
    ds->n = (int)need;
    return 0;
}

int train_made_append(NnDataset *ds, int n_train, int outliers, int made_digits,
                      uint64_t run_seed, int quiet, int tty, int **idx, int *n_fit, SnError *err)
{
    const int first = ds->n, count[2] = {outliers, made_digits};
    static const char *const what[2][2] = {{"non-digits", "as belonging to no class"},
                                           {"digits", "with their labels"}};
    *n_fit = n_train + outliers + made_digits;
    *idx = malloc((size_t)*n_fit * sizeof **idx);
    if (!*idx)
        return sn_error(err, SN_E_NOMEM, "out of memory");
    for (int k = 0; k < 2; k++) {
        double t0 = cli_now();
        if (count[k] > 0 && append(ds, count[k], k, run_seed, tty, err) != 0) {
            SnError why = *err;
            return sn_error(err, why.code, "making %s: %s", what[k][0], why.msg);
        }
        if (count[k] > 0 && !quiet)
            printf("made %d %s to train on %s in %.1f s\n", count[k], what[k][0], what[k][1],
                   cli_now() - t0);
    }
    for (int i = 0; i < *n_fit; i++)
        (*idx)[i] = i < n_train ? i : first + (i - n_train);
    return 0;
}

float train_made_digits_read(NnModel *m, int n, uint64_t run_seed, int tty, SnError *err)
{
    NnDataset ds = {.n = n, .rows = SIDE, .cols = SIDE};
    ds.images = malloc((size_t)n * PIXELS);
    ds.labels = malloc((size_t)n);
    int rc = !ds.images || !ds.labels
                 ? sn_error(err, SN_E_NOMEM, "out of memory for %d made digits", n)
                 : make_images(ds.images, ds.labels, n, run_seed, TRAIN_OUTLIERS_HELD_OUT, tty,
                               err);
    float acc = rc == 0 ? nn_evaluate(m, &ds, NULL, n, NULL, err) : -1.0f;
    nn_dataset_free(&ds);
    return acc;
}
