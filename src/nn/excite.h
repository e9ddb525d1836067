/* excite.h - the test digits that excite a unit most: for every unit of every weighted layer
 * (a dense layer's neuron, a conv2d layer's filter), the k digits of a set on which it fires
 * most strongly.
 *
 * A unit's score on a digit is its output after the layer's activation (m->a[l]): a dense
 * neuron's value, or for a convolution filter the maximum of its whole feature map (the
 * strongest response anywhere in the image). Other layers (pooling, dropout, batchnorm,
 * flatten) have no units of their own here.
 *
 * The scores of every unit of every weighted layer come from one pass over the digits
 * (dataset_pass.h: cancellable, with progress) and are kept: n_digits x units floats per layer
 * (362 units of the shipped CNN: 2.9 MB for the shipped subset's 2,000 test digits, 14.5 MB
 * for MNIST's full 10,000), so asking for another unit only sorts its n scores. Ties: the lower
 * digit index first.
 */
#ifndef NN_EXCITE_H
#define NN_EXCITE_H

#include "common/error.h"
#include "nn/dataset_pass.h"
#include "nn/idx.h"
#include "nn/model.h"

typedef struct NnExcite {
    int n;                          /* digits scored */
    int units[NN_MAX_LAYERS];       /* units of each layer, 0 for layers without */
    float *score[NN_MAX_LAYERS];    /* (units, n) unit-major: score[l][u * n + i], or NULL */
} NnExcite;

/* One of a unit's best digits: its index in the data set and the unit's score on it. */
typedef struct NnExcited {
    int index;
    float score;
} NnExcited;

/* Scores every unit of m's weighted layers on every digit of ds in one pass (progress and
 * cancelling as nn_dataset_pass). ex must be zeroed or freed. Returns 0 or a negative code with
 * ex left empty. Caller frees with nn_excite_free. */
int nn_excite_build(NnExcite *ex, NnModel *m, const NnDataset *ds, NnProgress progress,
                    void *progress_ctx, SnError *err);

/* The k (>= 1) digits on which unit u of layer l scores highest, highest first, ties by index,
 * into out. Returns how many (k, or fewer when there are fewer digits), or SN_E_ARG when the
 * layer has no scored units or u is not one of them. */
int nn_excite_top(const NnExcite *ex, int l, int u, int k, NnExcited *out);

/* Frees the scores (accepts a zeroed or freed one) and zeroes ex. */
void nn_excite_free(NnExcite *ex);

#endif
