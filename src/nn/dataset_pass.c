/* dataset_pass.c - a model over a data set, batch by batch (dataset_pass.h). */
#include "nn/dataset_pass.h"

#include <stdlib.h>

#include "nn/train.h"

int nn_dataset_pass(NnModel *m, const NnDataset *ds, NnBatchTake take, void *ctx,
                    NnProgress progress, void *progress_ctx, SnError *err)
{
    if (!m || !ds || !take || ds->n < 1 || !ds->images)
        return sn_error(err, SN_E_ARG, "nn_dataset_pass: no model, no callback or no images");
    const size_t img = (size_t)ds->rows * (size_t)ds->cols;
    if (img != (size_t)m->n_in)
        return sn_error(err, SN_E_ARG,
                        "the model reads %d values per image, the digits are %d x %d pixels",
                        m->n_in, ds->rows, ds->cols);
    int B = ds->n < NN_PASS_BATCH ? ds->n : NN_PASS_BATCH;
    int rc = nn_model_reserve(m, B, err);
    if (rc != 0)
        return rc;
    float *x = malloc((size_t)B * img * sizeof *x);
    if (!x)
        return sn_error(err, SN_E_NOMEM, "out of memory for a batch of %d images", B);
    const int was = m->training;
    nn_model_set_training(m, 0);
    for (int done = 0; done < ds->n && rc == 0;) {
        int nb = ds->n - done < B ? ds->n - done : B;
        nn_pixels_to_input(ds->images + (size_t)done * img, (size_t)nb * img, m->info.in_scale,
                           m->info.in_offset, x);
        nn_model_forward(m, x, nb);
        take(ctx, m, done, nb);
        done += nb;
        if (progress && progress(progress_ctx, done, ds->n) != 0)
            rc = sn_error(err, SN_E_CANCELLED, "stopped after %d of %d digits", done, ds->n);
    }
    nn_model_set_training(m, was);
    free(x);
    return rc;
}

int nn_last_weighted_layer(const NnModel *m)
{
    for (int l = m->n_layers - 1; l >= 0; l--)
        if (nn_layer_units(m, l) > 0)
            return l;
    return -1;
}
