/* online.c - the one-sample SGD step with sparse, in-place updates (online.h).
 *
 * Dense layer l with input u (I values), weights held as T = W^T (I, O), bias b (O):
 *   forward   z = b + sum over the non-zero u[i] of u[i] T[i]            (rows of T, in order)
 *   backward  dz = dL/dz (from the layer above, through f'), then
 *             du[i] = T[i] . dz                                          (old T: before the update)
 *             T[i][o] -= lr (dz[o] u[i]) for the non-zero u[i];  b[o] -= lr dz[o]
 * The dot products keep 16 running sums, one per lane of a vector (the order is fixed by the
 * code, so results do not depend on the compiler), and add them up at the end.
 */
#include "nn/online.h"

#include <stdlib.h>
#include <string.h>

#include "nn/act.h"
#include "nn/dense.h"
#include "nn/knockout.h"
#include "nn/simd.h"

#define LANES 16

int nn_online_supported(const NnModel *m, NnOptimKind kind, float momentum, float weight_decay,
                        int batch_size)
{
    if (batch_size != 1 || kind != NN_OPT_SGD || momentum != 0.0f || weight_decay != 0.0f)
        return 0;
    for (int l = 0; l < m->n_layers; l++)
        if (m->layers[l].type != NN_LAYER_DENSE)
            return 0;
    return 1;
}

int nn_online_init(NnOnline *o, const NnModel *m, SnError *err)
{
    memset(o, 0, sizeof *o);
    size_t slots = 0, weights = 0;
    for (int l = 0; l < m->n_layers; l++) {
        slots += (size_t)m->layers[l].n_in;
        weights += m->layers[l].n_weight;
    }
    o->n_layers = m->n_layers;
    o->count = calloc((size_t)m->n_layers, sizeof *o->count);
    o->offset = calloc((size_t)m->n_layers, sizeof *o->offset);
    o->wt_at = calloc((size_t)m->n_layers, sizeof *o->wt_at);
    o->index = malloc(slots * sizeof *o->index);
    o->wt = malloc(weights * sizeof *o->wt);
    o->dout = malloc((size_t)m->n_out * sizeof *o->dout);
    if (!o->count || !o->offset || !o->wt_at || !o->index || !o->wt || !o->dout) {
        nn_online_free(o);
        return sn_error(err, SN_E_NOMEM, "out of memory for the one-sample step (%zu weights)",
                        weights);
    }
    for (int l = 1; l < m->n_layers; l++) {
        o->offset[l] = o->offset[l - 1] + m->layers[l - 1].n_in;
        o->wt_at[l] = o->wt_at[l - 1] + m->layers[l - 1].n_weight;
    }
    return 0;
}

void nn_online_free(NnOnline *o)
{
    free(o->count);
    free(o->offset);
    free(o->wt_at);
    free(o->index);
    free(o->wt);
    free(o->dout);
    memset(o, 0, sizeof *o);
}

/* dst (cols, rows) = src (rows, cols)^T */
static void transpose(float *dst, const float *src, int rows, int cols)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
}

void nn_online_begin(NnOnline *o, const NnModel *m)
{
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        transpose(o->wt + o->wt_at[l], L->weight, L->n_out, L->n_in);
    }
}

void nn_online_end(const NnOnline *o, NnModel *m)
{
    for (int l = 0; l < m->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        transpose(L->weight, o->wt + o->wt_at[l], L->n_in, L->n_out);
    }
}

/* a . b over n values, in LANES running sums */
NN_VECTOR_CLONES
static float dot(const float *a, const float *b, int n)
{
    float acc[LANES] = {0};
    int i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int k = 0; k < LANES; k++)
            acc[k] += a[i + k] * b[i + k];
    for (int k = 0; i < n; i++, k++)
        acc[k] += a[i] * b[i];
    float s = 0.0f;
    for (int k = 0; k < LANES; k++)
        s += acc[k];
    return s;
}

/* The step itself: only the rows of T whose input was non-zero can move. */
NN_VECTOR_CLONES
static void update(float *T, float *bias, const float *dz, int O, const int *idx, const float *u,
                   int K, float lr)
{
    for (int k = 0; k < K; k++) {
        float *row = T + (size_t)idx[k] * O;
        const float v = u[idx[k]];
        for (int r = 0; r < O; r++)
            row[r] -= lr * (dz[r] * v);
    }
    for (int r = 0; r < O; r++)
        bias[r] -= lr * dz[r];
}

float nn_online_step(NnOnline *o, NnModel *m, const float *x, uint8_t label, NnCost cost, float lr,
                     int *correct)
{
    const int last = m->n_layers - 1;
    for (int l = 0; l <= last; l++) {
        const NnLayer *L = &m->layers[l];
        const float *u = l ? m->a[l - 1] : x;
        o->count[l] = nn_dense_forward_sparse(m->z[l], u, o->wt + o->wt_at[l], L->bias, L->n_in,
                                              L->n_out, o->index + o->offset[l]);
        nn_act_forward(m->pool, L->act, m->z[l], m->a[l], 1, (size_t)L->n_out);
        if (m->n_knock)
            nn_knockout_apply(m, l, m->a[l], 1); /* knocked-out units give 0 */
    }
    const float *p = m->a[last];
    *correct = nn_top_class(p, m->n_out, NULL) == label;

    float loss;
    if (cost == NN_COST_CROSS_ENTROPY) {
        loss = nn_softmax_cross_entropy(p, &label, m->da[last], 1, m->n_out); /* dL/dz */
    } else {
        loss = nn_quadratic_cost(p, &label, o->dout, 1, m->n_out); /* dL/da */
        nn_act_backward(m->pool, m->layers[last].act, m->z[last], p, o->dout, m->da[last], 1,
                        (size_t)m->n_out);
    }

    for (int l = last; l >= 0; l--) {
        NnLayer *L = &m->layers[l];
        const int O = L->n_out;
        float *T = o->wt + o->wt_at[l];
        const float *dz = m->da[l];
        if (l > 0) {
            /* the error the layer below receives, through the weights as they are now */
            float *du = m->da[l - 1];
            for (int i = 0; i < L->n_in; i++)
                du[i] = dot(T + (size_t)i * O, dz, O);
            const NnLayer *B = &m->layers[l - 1];
            nn_act_backward(m->pool, B->act, m->z[l - 1], m->a[l - 1], du, du, 1,
                            (size_t)L->n_in);
            if (m->n_knock)
                nn_knockout_apply(m, l - 1, du, 1); /* and pass no gradient */
        }
        update(T, L->bias, dz, O, o->index + o->offset[l], l ? m->a[l - 1] : x, o->count[l], lr);
    }
    return loss;
}
