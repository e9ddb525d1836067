/* view_softmax.h - the softmax written out step by step, as the softmax view shows it.
 *
 * The seed's softmax, p_i = e^(z_i) / sum_j e^(z_j), turns the last layer's values z (the
 * logits) into probabilities that sum to 1. Divided by a temperature T first it is
 *     p_i = e^(z_i / T) / sum_j e^(z_j / T)
 * and computed as every program computes it, with the largest z_j / T (m) taken off every
 * exponent: e^(z_i / T - m) is at most 1, so nothing overflows, and the m cancels in the
 * division. T = 1 is the model's own softmax; T < 1 sharpens the probabilities, T > 1
 * flattens them. No SDL.
 */
#ifndef DRAW_VIEW_SOFTMAX_H
#define DRAW_VIEW_SOFTMAX_H

#include "nn/model.h"

/* Every number of one softmax. */
typedef struct ViewSoftmax {
    int n;                        /* classes */
    float t;                      /* the temperature T */
    float z[NN_MAX_CLASSES];      /* the logits z_i */
    float scaled[NN_MAX_CLASSES]; /* z_i / T */
    float max;                    /* m: the largest z_i / T */
    float e[NN_MAX_CLASSES];      /* e^(z_i / T - m), in (0, 1] */
    float sum;                    /* sum_i e^(z_i / T - m), at least 1 */
    float p[NN_MAX_CLASSES];      /* e_i / sum: the probabilities */
} ViewSoftmax;

/* Fills o from n logits z (1 <= n <= NN_MAX_CLASSES, finite) at temperature t > 0. */
void view_softmax(const float *z, int n, float t, ViewSoftmax *o);

#endif
