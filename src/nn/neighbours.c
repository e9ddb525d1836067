/* neighbours.c - the training digits nearest in the last hidden layer (neighbours.h). */
#include "nn/neighbours.h"

#include <stdlib.h>
#include <string.h>

#include "nn/inspect.h"
#include "nn/train.h"

int nn_neighbours_layer(const NnModel *m)
{
    int last = nn_last_weighted_layer(m);
    return last > 0 ? last - 1 : -1;
}

int nn_neighbours_width(const NnModel *m)
{
    int l = nn_neighbours_layer(m);
    return l < 0 ? m->n_in : m->layers[l].n_out;
}

typedef struct BuildCtx {
    NnNeighbourIndex *ix;
    const NnDataset *ds;
} BuildCtx;

static void take_batch(void *ctx, const NnModel *m, int first, int n)
{
    BuildCtx *b = ctx;
    NnNeighbourIndex *ix = b->ix;
    const size_t w = (size_t)ix->width;
    if (ix->layer >= 0) {
        memcpy(ix->features + (size_t)first * w, m->a[ix->layer],
               (size_t)n * w * sizeof *ix->features);
        return;
    }
    /* the input itself: the model's scaling of the digits' pixels */
    nn_pixels_to_input(b->ds->images + (size_t)first * w, (size_t)n * w, m->info.in_scale,
                       m->info.in_offset, ix->features + (size_t)first * w);
}

int nn_neighbours_build(NnNeighbourIndex *ix, NnModel *m, const NnDataset *train,
                        NnProgress progress, void *progress_ctx, SnError *err)
{
    if (!ix || !m || !train || train->n < 1)
        return sn_error(err, SN_E_ARG, "nn_neighbours_build: no index, model or digits");
    memset(ix, 0, sizeof *ix);
    ix->layer = nn_neighbours_layer(m);
    ix->width = nn_neighbours_width(m);
    size_t bytes = (size_t)train->n * (size_t)ix->width * sizeof *ix->features;
    if (bytes > NN_NB_MAX_BYTES)
        return sn_error(err, SN_E_LIMIT,
                        "the nearest-digit index of %d digits x %d features (%zu MB) exceeds "
                        "%zu MB", train->n, ix->width, bytes >> 20, NN_NB_MAX_BYTES >> 20);
    ix->features = malloc(bytes);
    ix->labels = malloc((size_t)train->n);
    if (!ix->features || !ix->labels) {
        nn_neighbours_free(ix);
        return sn_error(err, SN_E_NOMEM, "out of memory for the nearest-digit index (%zu MB)",
                        bytes >> 20);
    }
    memcpy(ix->labels, train->labels, (size_t)train->n);
    BuildCtx b = {ix, train};
    int rc = nn_dataset_pass(m, train, take_batch, &b, progress, progress_ctx, err);
    if (rc != 0) {
        nn_neighbours_free(ix);
        return rc;
    }
    ix->n = train->n;
    return 0;
}

void nn_neighbours_free(NnNeighbourIndex *ix)
{
    if (!ix)
        return;
    free(ix->features);
    free(ix->labels);
    memset(ix, 0, sizeof *ix);
    ix->layer = -1;
}

int nn_neighbours_features(NnModel *m, const float *x, float *features, SnError *err)
{
    int rc = nn_inspect_forward(m, x, err);
    if (rc != 0)
        return rc;
    const int layer = nn_neighbours_layer(m), width = nn_neighbours_width(m);
    memcpy(features, layer < 0 ? x : nn_inspect_output(m, layer),
           (size_t)width * sizeof *features);
    return 0;
}

/* The squared distance of a and b (n values) in NN_NB_LANES interleaved sums. */
static float distance(const float *a, const float *b, int n)
{
    float lane[NN_NB_LANES] = {0};
    int j = 0;
    for (; j + NN_NB_LANES <= n; j += NN_NB_LANES)
        for (int t = 0; t < NN_NB_LANES; t++) {
            float d = a[j + t] - b[j + t];
            lane[t] += d * d;
        }
    for (int t = 0; j < n; j++, t++) {
        float d = a[j] - b[j];
        lane[t] += d * d;
    }
    float sum = 0.0f;
    for (int t = 0; t < NN_NB_LANES; t++)
        sum += lane[t];
    return sum;
}

int nn_neighbours_search(const NnNeighbourIndex *ix, const float *q, int k, NnNeighbour *out)
{
    int have = 0;
    for (int i = 0; i < ix->n && k > 0; i++) {
        float d = distance(ix->features + (size_t)i * (size_t)ix->width, q, ix->width);
        /* strictly closer than the k-th so far: an equal distance keeps the earlier digit */
        if (have == k && !(d < out[k - 1].distance))
            continue;
        int at = have < k ? have++ : k - 1;
        while (at > 0 && d < out[at - 1].distance) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = (NnNeighbour){i, ix->labels[i], d};
    }
    return have;
}

int nn_neighbours_query(const NnNeighbourIndex *ix, NnModel *m, const float *x, int k,
                        NnNeighbour *out, SnError *err)
{
    if (!ix || !m || !x || !out || k < 1 || k > NN_NB_MAX_K)
        return sn_error(err, SN_E_ARG, "nn_neighbours_query: k is %d, not 1 to %d, or an "
                                       "argument is NULL", k, NN_NB_MAX_K);
    if (nn_neighbours_width(m) != ix->width || nn_neighbours_layer(m) != ix->layer)
        return sn_error(err, SN_E_ARG,
                        "the model's features (%d values) are not the index's (%d values)",
                        nn_neighbours_width(m), ix->width);
    float *q = malloc((size_t)ix->width * sizeof *q);
    if (!q)
        return sn_error(err, SN_E_NOMEM, "out of memory for %d features", ix->width);
    int rc = nn_neighbours_features(m, x, q, err);
    if (rc == 0)
        rc = nn_neighbours_search(ix, q, k, out);
    free(q);
    return rc;
}
