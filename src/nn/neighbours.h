/* neighbours.h - the training digits nearest to an input, as the model sees them.
 *
 * "As the model sees them": in its last hidden layer. Precisely, the features of an input are
 * the input of the model's last weighted layer (nn_last_weighted_layer: its last dense or conv2d
 * layer, the output layer in every shipped model), that is the output, after its activation, of
 * the layer just before it (m->a[l - 1]; a dropout layer there passes its input on, as at
 * inference). For the shipped models: the CNN's 256 ReLU outputs of its first dense layer, the
 * MLP's 128 ReLU outputs of its second dense layer, the seed network's 100 sigmoid outputs. A
 * model whose only weighted layer is its first compares the inputs themselves.
 *
 * Distance: the squared Euclidean distance between features, summed in float in NN_NB_LANES
 * interleaved partial sums (value j into sum j % NN_NB_LANES, the sums then added in order):
 * exact for features that are small integers, as the tests use. The k nearest come closest
 * first; equal distances in the order of the training set (the lower index first).
 *
 * The index holds every training digit's features: n x width floats (60,000 x 256 x 4 bytes =
 * 61 MB for the CNN on the full set, 10 MB on the shipped subset), at most NN_NB_MAX_BYTES.
 * It is built once per model by one pass over the digits (dataset_pass.h: cancellable, with
 * progress); a search then reads it once (about 1 ms per 10,000 digits of 256 values).
 */
#ifndef NN_NEIGHBOURS_H
#define NN_NEIGHBOURS_H

#include <stdint.h>

#include "common/error.h"
#include "nn/dataset_pass.h"
#include "nn/idx.h"
#include "nn/model.h"

#define NN_NB_LANES 8
#define NN_NB_MAX_BYTES ((size_t)512 << 20) /* the largest index built: 512 MB of features */
#define NN_NB_MAX_K 1000                    /* the most neighbours one search returns */

typedef struct NnNeighbourIndex {
    int n;            /* digits indexed */
    int width;        /* features per digit */
    int layer;        /* the layer whose output the features are; -1: the input itself */
    float *features;  /* (n, width), owned */
    uint8_t *labels;  /* (n), owned copy of the digits' labels */
} NnNeighbourIndex;

/* One neighbour: the training digit's index in the data set, its label, its distance. */
typedef struct NnNeighbour {
    int index;
    int label;
    float distance; /* squared Euclidean distance of the features */
} NnNeighbour;

/* The layer whose output is m's features (see above), -1 for the input; and their width. */
int nn_neighbours_layer(const NnModel *m);
int nn_neighbours_width(const NnModel *m);

/* Builds ix (zeroed or freed before) from every digit of train run through m, in batches, with
 * progress and cancelling as nn_dataset_pass. Returns 0, or a negative code (SN_E_CANCELLED,
 * SN_E_LIMIT over NN_NB_MAX_BYTES, SN_E_ARG for images of another size, SN_E_NOMEM) with ix
 * left empty. Caller frees with nn_neighbours_free. */
int nn_neighbours_build(NnNeighbourIndex *ix, NnModel *m, const NnDataset *train,
                        NnProgress progress, void *progress_ctx, SnError *err);

/* Frees the index's arrays (accepts a zeroed or freed one) and zeroes it. */
void nn_neighbours_free(NnNeighbourIndex *ix);

/* The features (nn_neighbours_width values) of one input x (m->n_in model input values, as
 * nn_model_scale_input makes them), from its pass through m (nn_inspect_forward, which leaves
 * every layer's output readable by nn_inspect_output). Returns 0 or SN_E_NOMEM. */
int nn_neighbours_features(NnModel *m, const float *x, float *features, SnError *err);

/* The k nearest digits (1 <= k <= NN_NB_MAX_K) of ix to the features q (ix->width values) into
 * out, closest first, ties by index. Returns how many (k, or fewer when ix holds fewer). */
int nn_neighbours_search(const NnNeighbourIndex *ix, const float *q, int k, NnNeighbour *out);

/* nn_neighbours_features of x, then nn_neighbours_search: m must be the model ix was built
 * with. Returns the count, or a negative code (SN_E_ARG for a k out of range or a model of
 * another feature width, SN_E_NOMEM). */
int nn_neighbours_query(const NnNeighbourIndex *ix, NnModel *m, const float *x, int k,
                        NnNeighbour *out, SnError *err);

#endif
