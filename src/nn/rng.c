/* rng.c - xoshiro128** with splitmix64 seeding (algorithms by Blackman and Vigna, public
 * domain descriptions; written here from the published recurrences).
 * Box-Muller turns two uniforms into a normal sample. Deterministic for a given seed. */
#include "nn/rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t rotl(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

void nn_rng_seed(NnRng *rng, uint64_t seed)
{
    uint64_t a = splitmix64(&seed), b = splitmix64(&seed);
    rng->s[0] = (uint32_t)a;
    rng->s[1] = (uint32_t)(a >> 32);
    rng->s[2] = (uint32_t)b;
    rng->s[3] = (uint32_t)(b >> 32);
    if (!(rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]))
        rng->s[0] = 1; /* the all-zero state is a fixed point */
}

uint32_t nn_rng_u32(NnRng *rng)
{
    uint32_t *s = rng->s;
    uint32_t result = rotl(s[1] * 5, 7) * 9;
    uint32_t t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
}

float nn_rng_uniform(NnRng *rng)
{
    return (float)(nn_rng_u32(rng) >> 8) * (1.0f / 16777216.0f); /* 24 bits: exact in float */
}

uint32_t nn_rng_below(NnRng *rng, uint32_t n)
{
    /* Lemire's multiply-shift with rejection: uniform without a division per draw. */
    uint64_t m = (uint64_t)nn_rng_u32(rng) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)(-n) % n;
        while (low < threshold) {
            m = (uint64_t)nn_rng_u32(rng) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

float nn_rng_normal(NnRng *rng)
{
    /* Box-Muller: u1 in (0,1] so the log is finite. */
    double u1 = 1.0 - (double)nn_rng_uniform(rng);
    double u2 = (double)nn_rng_uniform(rng);
    return (float)(sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2));
}

void nn_rng_shuffle(NnRng *rng, int *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = nn_rng_below(rng, (uint32_t)i);
        int t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}
