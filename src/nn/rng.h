/* rng.h - the project's random number generator, with explicit state.
 *
 * xoshiro128** seeded through splitmix64: the same seed gives the same sequence on every
 * machine. Never rand(): every random draw in training (initialisation, shuffling, dropout,
 * augmentation) goes through an NnRng the caller owns, so a run is reproducible from its seed.
 */
#ifndef NN_RNG_H
#define NN_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct NnRng {
    uint32_t s[4]; /* generator state; never all zero */
} NnRng;

/* Seeds the generator; any 64-bit value is a valid seed. */
void nn_rng_seed(NnRng *rng, uint64_t seed);
/* Next 32 random bits. */
uint32_t nn_rng_u32(NnRng *rng);
/* Uniform float in [0, 1). */
float nn_rng_uniform(NnRng *rng);
/* Uniform integer in [0, n) without modulo bias; n > 0. */
uint32_t nn_rng_below(NnRng *rng, uint32_t n);
/* Standard normal sample (mean 0, variance 1), Box-Muller. */
float nn_rng_normal(NnRng *rng);
/* Shuffles idx[0..n) in place (Fisher-Yates). */
void nn_rng_shuffle(NnRng *rng, int *idx, size_t n);

#endif
