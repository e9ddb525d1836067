/* dataset_probs.h - what onnx_probs and test_onnx_roundtrip share: a model's probabilities for
 * every image of a data set, the images fed as `scratchnet eval` feeds them (each pixel 0..255
 * times the model's scale plus its offset: nn_dataset_pass), in inference mode, the outputs made
 * probabilities as every program shows them (nn_model_probabilities).
 */
#ifndef SCRATCHNET_DATASET_PROBS_H
#define SCRATCHNET_DATASET_PROBS_H

#include <stdlib.h>

#include "nn/dataset_pass.h"

typedef struct DatasetProbsSink {
    float *probs; /* (N, classes) */
} DatasetProbsSink;

/* Keeps the probabilities of images [first, first + n) from the last layer's outputs. */
static inline void dataset_probs_take(void *ctx, const NnModel *m, int first, int n)
{
    DatasetProbsSink *s = ctx;
    const float *out = m->a[m->n_layers - 1];
    for (int i = 0; i < n; i++)
        nn_model_probabilities(m, out + (size_t)i * (size_t)m->n_out,
                               s->probs + (size_t)(first + i) * (size_t)m->n_out);
}

/* The probabilities (ds->n, m->n_out) of m for every image of ds, malloc'd (caller frees), or
 * NULL with err filled. */
static inline float *dataset_probs(NnModel *m, const NnDataset *ds, SnError *err)
{
    DatasetProbsSink s = {malloc((size_t)ds->n * (size_t)m->n_out * sizeof(float))};
    if (!s.probs) {
        sn_error(err, SN_E_NOMEM, "out of memory for %d x %d probabilities", ds->n, m->n_out);
        return NULL;
    }
    if (nn_dataset_pass(m, ds, dataset_probs_take, &s, NULL, NULL, err) != 0) {
        free(s.probs);
        return NULL;
    }
    return s.probs;
}

#endif
