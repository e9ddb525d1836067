/* detrand.h - randomness and trigonometry that give the same numbers on every machine, for the
 * made images (augment.c, nondigit.c) whose seed alone must fix every pixel.
 *
 * splitmix64 for the random numbers; sin and cos from their Taylor series with + - * / only
 * (libm's may differ between C libraries in the last bit). Files that use these keep floats to
 * + - * /, sqrt, floor, min and max and turn off fused multiply-adds
 * (#pragma STDC FP_CONTRACT OFF under clang; C11 mode keeps GCC from fusing).
 */
#ifndef INK_DETRAND_H
#define INK_DETRAND_H

#include <stdint.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* also over the functions below */
#endif

#define PI 3.14159265358979323846

typedef struct Rng {
    uint64_t s;
} Rng;

/* splitmix64: a Weyl sequence through a bit mixer; every seed, 0 included, gives a good
 * stream. */
static inline uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1): the top 24 bits as a fraction, exact in a float. */
static inline float rng_unit(Rng *r)
{
    return (float)(rng_next(r) >> 40) * 0x1p-24f;
}

/* Uniform in [-1, 1). */
static inline float rng_sym(Rng *r)
{
    return 2.0f * rng_unit(r) - 1.0f;
}

/* sin x and cos x for |x| <= pi from their Taylor series; the first term left out,
 * pi^28 / 28!, is below 3e-16. */
static inline void sin_cos(double x, double *s, double *c)
{
    double x2 = x * x, ts = x, tc = 1.0;
    *s = ts;
    *c = tc;
    for (int k = 1; k <= 14; k++) {
        tc *= -x2 / ((2.0 * k - 1.0) * (2.0 * k)); /* x^2k / (2k)! */
        ts *= -x2 / ((2.0 * k) * (2.0 * k + 1.0)); /* x^(2k+1) / (2k+1)! */
        *s += ts;
        *c += tc;
    }
}

#endif
