/* act.c - activation functions and their derivatives.
 *
 * A neuron computes z = input x weight + bias, then "activates": a = f(z). The activation decides
 * whether (and how strongly) the neuron fires. Backpropagation needs f'(z) to pass the error back:
 * dL/dz = dL/da * f'(z). Shapes: (n, c) row-major, n samples of c neurons.
 */
#include "nn/act.h"

#include <math.h>
#include <string.h>

#include "common/error.h"
#include "nn/simd.h"
#include "nn/threads.h"

static const char *const act_names[NN_ACT_COUNT] = {
    [NN_ACT_LINEAR] = "linear", [NN_ACT_STEP] = "step", [NN_ACT_SIGMOID] = "sigmoid",
    [NN_ACT_RELU] = "relu",     [NN_ACT_TANH] = "tanh", [NN_ACT_SOFTMAX] = "softmax",
};

const char *nn_act_name(NnAct act)
{
    return (act >= 0 && act < NN_ACT_COUNT) ? act_names[act] : "unknown";
}

int nn_act_parse(const char *name, NnAct *act)
{
    for (int i = 0; i < NN_ACT_COUNT; i++) {
        if (strcmp(name, act_names[i]) == 0) {
            *act = (NnAct)i;
            return 0;
        }
    }
    return SN_E_ARG;
}

/* Softmax of one row: p_i = e^(z_i - max) / sum_j e^(z_j - max).
 * Subtracting the max changes nothing mathematically (it cancels in the ratio) but keeps every
 * exponent <= 0, so e^x never overflows: inputs like 1000 or -1000 still give finite
 * probabilities that sum to 1. */
static void softmax_row(const float *z, float *p, size_t c)
{
    float max = z[0];
    for (size_t j = 1; j < c; j++)
        max = z[j] > max ? z[j] : max;
    float sum = 0.0f;
    for (size_t j = 0; j < c; j++) {
        p[j] = expf(z[j] - max);
        sum += p[j];
    }
    float inv = 1.0f / sum; /* sum >= 1: the max term contributes e^0 */
    for (size_t j = 0; j < c; j++)
        p[j] *= inv;
}

NN_VECTOR_CLONES
static void forward_rows(NnAct act, const float *z, float *a, size_t n, size_t c)
{
    size_t total = n * c;
    switch (act) {
    case NN_ACT_LINEAR: /* y = x */
        if (a != z)
            memcpy(a, z, total * sizeof *a);
        break;
    case NN_ACT_STEP: /* y = 1 if x > 0 else 0; NaN stays NaN (the outputs then report it) */
        for (size_t i = 0; i < total; i++)
            a[i] = z[i] > 0.0f ? 1.0f : z[i] != z[i] ? z[i] : 0.0f;
        break;
    case NN_ACT_SIGMOID: /* y = 1 / (1 + e^-x) */
        for (size_t i = 0; i < total; i++) {
            /* written so the exponent is never positive: no overflow for large |x| */
            if (z[i] >= 0.0f) {
                a[i] = 1.0f / (1.0f + expf(-z[i]));
            } else {
                float e = expf(z[i]);
                a[i] = e / (1.0f + e);
            }
        }
        break;
    case NN_ACT_RELU: /* y = x if x > 0 else 0; NaN stays NaN (the outputs then report it) */
        for (size_t i = 0; i < total; i++)
            a[i] = z[i] > 0.0f || z[i] != z[i] ? z[i] : 0.0f;
        break;
    case NN_ACT_TANH: /* y = tanh(x) = (e^x - e^-x) / (e^x + e^-x) */
        for (size_t i = 0; i < total; i++)
            a[i] = tanhf(z[i]);
        break;
    case NN_ACT_SOFTMAX:
        for (size_t r = 0; r < n; r++)
            softmax_row(z + r * c, a + r * c, c);
        break;
    case NN_ACT_COUNT:
        break;
    }
}

NN_VECTOR_CLONES
static void backward_rows(NnAct act, const float *z, const float *a, const float *da, float *dz,
                          size_t n, size_t c)
{
    size_t total = n * c;
    switch (act) {
    case NN_ACT_LINEAR: /* f'(x) = 1 */
        if (dz != da)
            memcpy(dz, da, total * sizeof *dz);
        break;
    case NN_ACT_STEP:
        /* The true derivative of a step is 0 everywhere except at 0 (where it is undefined), so
         * no error would ever flow back and the network could not learn. Straight-through
         * estimator: pretend the step was the identity near the threshold, f'(x) = 1 for
         * |x| <= 1 and 0 beyond, so a step network can still be trained by gradient descent. */
        for (size_t i = 0; i < total; i++)
            dz[i] = fabsf(z[i]) <= 1.0f ? da[i] : 0.0f;
        break;
    case NN_ACT_SIGMOID: /* f'(x) = f(x) (1 - f(x)): at most 1/4, and ~0 when saturated */
        for (size_t i = 0; i < total; i++)
            dz[i] = da[i] * a[i] * (1.0f - a[i]);
        break;
    case NN_ACT_RELU: /* f'(x) = 1 if x > 0 else 0 */
        for (size_t i = 0; i < total; i++)
            dz[i] = z[i] > 0.0f ? da[i] : 0.0f;
        break;
    case NN_ACT_TANH: /* f'(x) = 1 - tanh(x)^2 */
        for (size_t i = 0; i < total; i++)
            dz[i] = da[i] * (1.0f - a[i] * a[i]);
        break;
    case NN_ACT_SOFTMAX:
        /* Each p_i depends on every z_j: dp_i/dz_j = p_i (delta_ij - p_j). So
         * dL/dz_j = sum_i dL/dp_i p_i (delta_ij - p_j) = p_j (dL/dp_j - sum_i dL/dp_i p_i). */
        for (size_t r = 0; r < n; r++) {
            const float *p = a + r * c, *g = da + r * c;
            float *out = dz + r * c;
            float dot = 0.0f;
            for (size_t j = 0; j < c; j++)
                dot += g[j] * p[j];
            for (size_t j = 0; j < c; j++)
                out[j] = p[j] * (g[j] - dot);
        }
        break;
    case NN_ACT_COUNT:
        break;
    }
}

/* ---- sharing rows out between threads ----------------------------------------------------- */

/* Below this many values a second thread costs more than it saves. */
#define PARALLEL_MIN ((size_t)1 << 15)

typedef struct ActJob {
    NnAct act;
    const float *z, *a, *da;
    float *out;
    size_t n, c;
    int T;
} ActJob;

static void forward_part(void *ctx, int t)
{
    const ActJob *j = ctx;
    size_t r0 = j->n * (size_t)t / (size_t)j->T, r1 = j->n * (size_t)(t + 1) / (size_t)j->T;
    forward_rows(j->act, j->z + r0 * j->c, j->out + r0 * j->c, r1 - r0, j->c);
}

static void backward_part(void *ctx, int t)
{
    const ActJob *j = ctx;
    size_t r0 = j->n * (size_t)t / (size_t)j->T, r1 = j->n * (size_t)(t + 1) / (size_t)j->T;
    size_t o = r0 * j->c;
    backward_rows(j->act, j->z + o, j->a + o, j->da + o, j->out + o, r1 - r0, j->c);
}

/* Threads for n rows of c values: one unless there is enough to share. Every value is computed
 * the same way whichever thread does it. */
static int threads_for(const NnPool *pool, size_t n, size_t c)
{
    if (n < 2 || n * c < 2 * PARALLEL_MIN || nn_in_parallel())
        return 1;
    size_t T = (size_t)nn_pool_threads(pool);
    T = T < n ? T : n;
    return (int)T;
}

void nn_act_forward(NnPool *pool, NnAct act, const float *z, float *a, size_t n, size_t c)
{
    ActJob j = {act, z, NULL, NULL, a, n, c, threads_for(pool, n, c)};
    if (j.T > 1)
        nn_parallel(pool, j.T, forward_part, &j);
    else
        forward_rows(act, z, a, n, c);
}

void nn_act_backward(NnPool *pool, NnAct act, const float *z, const float *a, const float *da,
                     float *dz, size_t n, size_t c)
{
    ActJob j = {act, z, a, da, dz, n, c, threads_for(pool, n, c)};
    if (j.T > 1)
        nn_parallel(pool, j.T, backward_part, &j);
    else
        backward_rows(act, z, a, da, dz, n, c);
}
