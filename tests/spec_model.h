/* spec_model.h - what the tests of small synthetic models share (test_inspect.c, test_knockout.c,
 * test_ink_inspect.c, test_layer_types.c, test_unit_sum.c and the app's tests): a model built
 * from a spec string, bare, with random weights, or with a neuron worked out by hand.
 */
#ifndef SCRATCHNET_SPEC_MODEL_H
#define SCRATCHNET_SPEC_MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "nn/model.h"
#include "nn/rng.h"

/* A model from a spec string as nn_model_new_shape leaves it, for weights set by hand. NULL
 * (printed with the spec) on a bad spec. */
static inline NnModel *spec_model_bare(const char *spec)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    SnError err = {0};
    int n = nn_spec_parse(spec, &in, specs, &err);
    NnModel *m = n > 0 ? nn_model_new_shape(in, specs, n, &err) : NULL;
    if (!m)
        printf("  %s: %s\n", spec, err.msg);
    return m;
}

/* A model from a spec string, its weights initialised from seed (nn_model_init) and then every
 * parameter moved by a normal draw of size move (0: left as initialised): the same seed gives
 * the same model. NULL (printed with the spec) on a bad spec. */
static inline NnModel *spec_model_moved(const char *spec, uint64_t seed, float move)
{
    NnModel *m = spec_model_bare(spec);
    if (!m)
        return NULL;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    for (size_t i = 0; move != 0.0f && i < m->n_params; i++)
        m->params[i] += move * nn_rng_normal(&rng);
    return m;
}

/* A model from a spec string, its weights initialised from seed and then moved by a normal draw
 * of 0.1 (biases, gamma and beta away from 0 and 1 too): the same seed gives the same model.
 * With with_state its batchnorm running statistics are set away from 0 and 1 as well
 * (0.5, 0.75, 1, ...). NULL (printed with the spec) on a bad spec. */
static inline NnModel *spec_model(const char *spec, uint64_t seed, int with_state)
{
    NnModel *m = spec_model_moved(spec, seed, 0.1f);
    for (size_t i = 0; m && with_state && i < m->n_state; i++)
        m->state[i] = 0.5f + 0.25f * (float)i;
    return m;
}

/* The dense neuron worked out by hand: "7,2:relu,2:linear", whose neuron 1 weighs the inputs
 * in = 1..7 by 0.5 each with bias -1 (terms 0.5 .. 3.5, z = 14 - 1 = 13) and neuron 0 by -3. */
static inline NnModel *spec_model_neuron7(float in[7])
{
    NnModel *m = spec_model_bare("7,2:relu,2:linear");
    if (!m)
        return NULL;
    NnLayer *L = &m->layers[0];
    for (int i = 0; i < 7; i++) {
        in[i] = (float)(i + 1);
        L->weight[7 + i] = 0.5f;
        L->weight[i] = -3.0f;
    }
    L->bias[1] = -1.0f;
    return m;
}

#endif
