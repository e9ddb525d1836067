/* excite.c - the digits that excite each unit most (excite.h). */
#include "nn/excite.h"

#include <stdlib.h>
#include <string.h>

/* Stores the batch's scores: dense values as they are, a filter's map by its maximum. */
static void take_batch(void *ctx, const NnModel *m, int first, int n)
{
    NnExcite *ex = ctx;
    for (int l = 0; l < m->n_layers; l++) {
        const int units = ex->units[l];
        if (!units)
            continue;
        const size_t map = (size_t)m->layers[l].n_out / (size_t)units; /* 1 for dense */
        for (int i = 0; i < n; i++) {
            const float *a = m->a[l] + (size_t)i * (size_t)m->layers[l].n_out;
            for (int u = 0; u < units; u++) {
                const float *v = a + (size_t)u * map;
                float best = v[0];
                for (size_t p = 1; p < map; p++)
                    best = v[p] > best ? v[p] : best;
                ex->score[l][(size_t)u * (size_t)ex->n + (size_t)(first + i)] = best;
            }
        }
    }
}

int nn_excite_build(NnExcite *ex, NnModel *m, const NnDataset *ds, NnProgress progress,
                    void *progress_ctx, SnError *err)
{
    if (!ex || !m || !ds || ds->n < 1)
        return sn_error(err, SN_E_ARG, "nn_excite_build: no scores, model or digits");
    memset(ex, 0, sizeof *ex);
    ex->n = ds->n;
    for (int l = 0; l < m->n_layers; l++) {
        ex->units[l] = nn_layer_units(m, l);
        if (!ex->units[l])
            continue;
        ex->score[l] = malloc((size_t)ex->units[l] * (size_t)ds->n * sizeof *ex->score[l]);
        if (!ex->score[l]) {
            nn_excite_free(ex);
            return sn_error(err, SN_E_NOMEM, "out of memory for the scores of %d units",
                            ex->units[l]);
        }
    }
    int rc = nn_dataset_pass(m, ds, take_batch, ex, progress, progress_ctx, err);
    if (rc != 0)
        nn_excite_free(ex);
    return rc;
}

int nn_excite_top(const NnExcite *ex, int l, int u, int k, NnExcited *out)
{
    if (l < 0 || l >= NN_MAX_LAYERS || !ex->score[l] || u < 0 || u >= ex->units[l] || k < 1)
        return SN_E_ARG;
    const float *s = ex->score[l] + (size_t)u * (size_t)ex->n;
    int have = 0;
    for (int i = 0; i < ex->n; i++) {
        /* strictly higher than the k-th so far: an equal score keeps the earlier digit */
        if (have == k && !(s[i] > out[k - 1].score))
            continue;
        int at = have < k ? have++ : k - 1;
        while (at > 0 && s[i] > out[at - 1].score) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = (NnExcited){i, s[i]};
    }
    return have;
}

void nn_excite_free(NnExcite *ex)
{
    if (!ex)
        return;
    for (int l = 0; l < NN_MAX_LAYERS; l++)
        free(ex->score[l]);
    memset(ex, 0, sizeof *ex);
}
