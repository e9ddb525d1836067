/* loss.h - cost functions: how wrong the network's outputs are, and which way to fix them.
 *
 * Shapes: out, dout (N, C) for N samples of C classes; labels (N) class indices. The target of a
 * sample is the one-hot vector of its label (1 for the right class, 0 elsewhere); the target of
 * a sample labelled NN_NO_CLASS is the uniform vector (1/C for every class): "none of these".
 */
#ifndef NN_LOSS_H
#define NN_LOSS_H

#include <stdint.h>

/* The label of a sample that belongs to no class (a made non-digit shown to a digit reader):
 * its target is uniform, so training teaches the network to be unsure about such inputs. */
#define NN_NO_CLASS 255

typedef enum NnCost {
    NN_COST_QUADRATIC = 0,  /* mean over the batch of sum_i (out_i - target_i)^2 / 2 */
    NN_COST_CROSS_ENTROPY,  /* mean over the batch of -log(p_label), p from a softmax;
                               -(1/C) sum_k log(p_k) for a sample of no class */
    NN_COST_COUNT
} NnCost;

/* "quadratic" / "cross-entropy". */
const char *nn_cost_name(NnCost cost);
/* Parses a name ("quadratic"/"mse", "cross-entropy"/"ce"); returns 0 or SN_E_ARG. */
int nn_cost_parse(const char *name, NnCost *cost);

/* Quadratic cost. Returns the batch cost; writes dout = dL/dout (overwrites), if non-NULL. */
float nn_quadratic_cost(const float *out, const uint8_t *labels, float *dout, int N, int C);

/* Quadratic cost against real-valued targets (N, C), for regression such as fitting a line.
 * Returns the batch cost; writes dout = dL/dout (overwrites), if non-NULL. */
float nn_quadratic_cost_targets(const float *out, const float *target, float *dout, int N,
                                int C);

/* Cross-entropy on softmax probabilities p (N, C). Returns the batch cost; writes dz = dL/dz,
 * the gradient with respect to the logits *before* the softmax (overwrites), if non-NULL. */
float nn_softmax_cross_entropy(const float *p, const uint8_t *labels, float *dz, int N, int C);

#endif
