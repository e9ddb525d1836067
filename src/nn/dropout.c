/* dropout.c - inverted dropout, forward and backward.
 *
 * Training: keep each value with probability 1 - p and scale the kept ones by 1 / (1 - p):
 *   mask[i] = (u_i >= p) / (1 - p), u_i uniform in [0, 1) from the caller's NnRng,
 *   out[i] = inp[i] * mask[i],  dinp[i] += dout[i] * mask[i].
 * The expected output equals the input, so inference is the identity (no mask, no rng).
 */
#include "nn/dropout.h"

#include <string.h>

void nn_dropout_forward(float *out, float *mask, const float *inp, size_t n, float p,
                        NnRng *rng, int training)
{
    if (!training) {
        if (out != inp)
            memmove(out, inp, sizeof(float) * n);
        return;
    }
    const float scale = 1.0f / (1.0f - p); /* keeps the expected activation unchanged */
    for (size_t i = 0; i < n; i++) {
        mask[i] = nn_rng_uniform(rng) >= p ? scale : 0.0f;
        out[i] = inp[i] * mask[i];
    }
}

void nn_dropout_backward(float *dinp, const float *dout, const float *mask, size_t n,
                         int training)
{
    if (training) {
        for (size_t i = 0; i < n; i++)
            dinp[i] += dout[i] * mask[i]; /* a silenced value passes no gradient */
    } else {
        for (size_t i = 0; i < n; i++)
            dinp[i] += dout[i];
    }
}
