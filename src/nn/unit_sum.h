/* unit_sum.h - one unit's weighted input written out term by term, as the seed writes a neuron:
 *     sum of input x weight + bias = z,   f(z) = output
 * with the terms that weigh most (largest |input x weight|) named and the rest summed.
 *
 * A unit is a dense layer's neuron o:   z = sum_i in[i] * W[o][i] + b[o]   (n_in terms)
 * or a convolution's filter k at one output position (y, x), its most active one (the largest
 * z of its map; ties: the first in row-major order):
 *     z = sum_{c, dy, dx} in[c][y + dy - P][x + dx - P] * W[k][c][dy][dx] + b[k]
 * (C * R * R terms; a position of the padding outside the image is an input of 0).
 * `in` is the layer's input for the drawing: the previous layer's output (nn_inspect_output of
 * layer - 1), or the model's input x for the first layer. The sum runs in double, so z may
 * differ from the pass's own float z in its last bits.
 */
#ifndef NN_UNIT_SUM_H
#define NN_UNIT_SUM_H

#include "common/error.h"
#include "nn/model.h"

#define NN_UNIT_TERMS 5 /* terms named one by one */

typedef struct NnUnitTerm {
    int in_index;   /* which input value: an index into the layer's input (C, H, W) */
    int w_index;    /* which weight: an index into the layer's weight array */
    float input, weight;
} NnUnitTerm;

typedef struct NnUnitSum {
    int n_terms;    /* terms in the whole sum (a dense layer's n_in, a filter's C * R * R) */
    int n_top;      /* terms in top (up to NN_UNIT_TERMS) */
    NnUnitTerm top[NN_UNIT_TERMS]; /* the largest |input x weight| first */
    float rest;     /* the sum of the other n_terms - n_top terms */
    float bias;
    float z;        /* the whole sum plus the bias */
    int pos;        /* a filter: the output position written out, y * Wo + x; -1 for a neuron */
} NnUnitSum;

/* Fills s for unit `unit` of layer `layer` (a dense layer's neuron or a convolution's filter)
 * of m on its input `in` (m->layers[layer].n_in values). Returns 0, or SN_E_ARG (err says why)
 * for another layer type or a unit out of range. */
int nn_unit_sum(const NnModel *m, int layer, int unit, const float *in, NnUnitSum *s,
                SnError *err);

#endif
