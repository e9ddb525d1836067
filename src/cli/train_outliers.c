/* train_outliers.c - the made non-digits and made digits a run trains on and holds out
 * (train_outliers.h). */
#include "cli/train_outliers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "common/buf.h"
#include "ink/made.h"
#include "nn/loss.h"

enum { SIDE = INK_MADE_SIDE, PIXELS = SIDE * SIDE };

void train_made_progress(void *user, int digits, int done, int n)
{
    (void)user;
    if (done % 500 == 0 || done == n) {
        fprintf(stderr, "\r  making %s %d/%d ", digits ? "digits" : "non-digits", done, n);
        fflush(stderr);
    }
    if (done == n)
        fprintf(stderr, "\r%40s\r", "");
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
    int rc = ink_made_images(ds->images + have * PIXELS, digits ? ds->labels + have : NULL, n,
                             run_seed, INK_MADE_TRAINING, tty ? train_made_progress : NULL, NULL,
                             err);
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
