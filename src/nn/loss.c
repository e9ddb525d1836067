/* loss.c - the cost function, the number training drives down.
 *
 * Quadratic cost (the seed's): square the difference between the network's output and the
 * correct output, add them up, and average over the samples:
 *     L = 1/N sum_n sum_i (out[n][i] - y[n][i])^2 / 2,   dL/dout[n][i] = (out[n][i] - y[n][i]) / N
 * (the 1/2 only makes the derivative tidy). It is a function of the weights and biases through
 * out, and gradient descent lowers it.
 *
 * Cross-entropy, for softmax outputs p: L = -1/N sum_n log p[n][label_n]. Fused with the softmax
 * its gradient with respect to the logits z is simply (p - y) / N: no exponentials to
 * differentiate, no division by a tiny p. It learns faster than the quadratic cost because a
 * confidently wrong output gets a large gradient instead of a saturated one.
 *
 * A sample of no class (NN_NO_CLASS) has the uniform target y = 1/C in both costs: for
 * cross-entropy L = -(1/C) sum_k log p_k, whose gradient is again (p - y) / N, zero when the
 * network spreads its belief evenly over the classes.
 */
#include "nn/loss.h"

#include <math.h>
#include <string.h>

#include "common/error.h"

const char *nn_cost_name(NnCost cost)
{
    return cost == NN_COST_QUADRATIC ? "quadratic" : "cross-entropy";
}

int nn_cost_parse(const char *name, NnCost *cost)
{
    if (strcmp(name, "quadratic") == 0 || strcmp(name, "mse") == 0) {
        *cost = NN_COST_QUADRATIC;
        return 0;
    }
    if (strcmp(name, "cross-entropy") == 0 || strcmp(name, "ce") == 0) {
        *cost = NN_COST_CROSS_ENTROPY;
        return 0;
    }
    return SN_E_ARG;
}

/* The target of class i for a sample labelled label among C classes. */
static float target(int i, uint8_t label, int C)
{
    if (label == NN_NO_CLASS)
        return 1.0f / (float)C;
    return i == label ? 1.0f : 0.0f; /* one-hot */
}

/* -log p, clamped so that a probability that underflowed to 0 gives a large finite cost, not inf */
static double neg_log(float p)
{
    return -log((double)(p > 1e-30f ? p : 1e-30f));
}

float nn_quadratic_cost(const float *out, const uint8_t *labels, float *dout, int N, int C)
{
    double sum = 0.0;
    float inv_n = 1.0f / (float)N;
    for (int n = 0; n < N; n++) {
        for (int i = 0; i < C; i++) {
            size_t k = (size_t)n * C + i;
            float diff = out[k] - target(i, labels[n], C);
            sum += 0.5 * (double)diff * (double)diff;
            if (dout)
                dout[k] = diff * inv_n;
        }
    }
    return (float)(sum / N);
}

float nn_quadratic_cost_targets(const float *out, const float *target, float *dout, int N,
                                int C)
{
    double sum = 0.0;
    float inv_n = 1.0f / (float)N;
    for (size_t k = 0; k < (size_t)N * (size_t)C; k++) {
        float diff = out[k] - target[k];
        sum += 0.5 * (double)diff * (double)diff;
        if (dout)
            dout[k] = diff * inv_n;
    }
    return (float)(sum / N);
}

float nn_softmax_cross_entropy(const float *p, const uint8_t *labels, float *dz, int N, int C)
{
    double sum = 0.0;
    float inv_n = 1.0f / (float)N;
    for (int n = 0; n < N; n++) {
        const float *row = p + (size_t)n * C;
        if (labels[n] == NN_NO_CLASS) {
            double s = 0.0;
            for (int i = 0; i < C; i++)
                s += neg_log(row[i]);
            sum += s / C;
        } else {
            sum += neg_log(row[labels[n]]);
        }
        if (dz) {
            float *g = dz + (size_t)n * C;
            for (int i = 0; i < C; i++)
                g[i] = (row[i] - target(i, labels[n], C)) * inv_n; /* (p - y) / N */
        }
    }
    return (float)(sum / N);
}
