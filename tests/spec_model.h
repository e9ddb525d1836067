/* spec_model.h - what the tests of small synthetic models share (test_inspect.c, test_knockout.c,
 * test_ink_inspect.c, test_layer_types.c, test_unit_sum.c): a model built from a spec string
 * with random weights.
 */
#ifndef SCRATCHNET_SPEC_MODEL_H
#define SCRATCHNET_SPEC_MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "nn/model.h"
#include "nn/rng.h"

/* A model from a spec string, its weights initialised from seed and then moved by a normal draw
 * of 0.1 (biases, gamma and beta away from 0 and 1 too): the same seed gives the same model.
 * With with_state its batchnorm running statistics are set away from 0 and 1 as well
 * (0.5, 0.75, 1, ...). NULL (printed with the spec) on a bad spec. */
static inline NnModel *spec_model(const char *spec, uint64_t seed, int with_state)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    SnError err = {0};
    int n = nn_spec_parse(spec, &in, specs, &err);
    NnModel *m = n > 0 ? nn_model_new_shape(in, specs, n, &err) : NULL;
    if (!m) {
        printf("  %s: %s\n", spec, err.msg);
        return NULL;
    }
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    for (size_t i = 0; i < m->n_params; i++)
        m->params[i] += 0.1f * nn_rng_normal(&rng);
    for (size_t i = 0; with_state && i < m->n_state; i++)
        m->state[i] = 0.5f + 0.25f * (float)i;
    return m;
}

#endif
