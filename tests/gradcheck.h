/* gradcheck.h - what the layer kernel tests share: random and zeroed arrays, and the error of an
 * analytic gradient against a numeric one.
 */
#ifndef SCRATCHNET_GRADCHECK_H
#define SCRATCHNET_GRADCHECK_H

#include <math.h>
#include <stdlib.h>

#include "nn/rng.h"

static inline float *randn(NnRng *rng, size_t n, float scale)
{
    float *v = malloc(sizeof(float) * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        v[i] = scale * nn_rng_normal(rng);
    return v;
}

static inline float *zeros(size_t n)
{
    return calloc(n ? n : 1, sizeof(float));
}

/* sqrt(sum (a - b)^2 / sum b^2): the error of a whole vector relative to its reference */
static inline double rel_error(const double *num, const float *ana, size_t n)
{
    double num2 = 0.0, diff2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        num2 += num[i] * num[i];
        diff2 += (num[i] - (double)ana[i]) * (num[i] - (double)ana[i]);
    }
    return num2 > 0.0 ? sqrt(diff2 / num2) : sqrt(diff2);
}

static inline double sum_sq(const float *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)v[i] * (double)v[i];
    return s;
}

static inline double *to_double(const float *v, size_t n)
{
    double *d = malloc(sizeof(double) * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        d[i] = (double)v[i];
    return d;
}

#endif
