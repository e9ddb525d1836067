/* layer_flatten.c - the flatten layer type: (N, C, H, W) -> (N, C * H * W). The memory order
 * stays the same, only the shape changes: the forward pass copies, the backward pass adds the
 * gradient through.
 */

#include <string.h>

#include "nn/layer.h"

/* The shape rule: any input gives (C * H * W, 1, 1). */
static void flatten_shape(NnLayer *L)
{
    L->out = (NnShape){L->in.c * L->in.h * L->in.w, 1, 1};
}

static int flatten_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    (void)s, (void)l, (void)err;
    flatten_shape(L);
    return 0;
}

/* no settings */
static int flatten_read(NnLayerRead *r)
{
    flatten_shape(nn_read_layer(r));
    return 0;
}

static void flatten_write(Bytes *b, const NnLayer *L)
{
    (void)b, (void)L; /* no settings, no parameters */
}

static void flatten_forward(NnModel *m, int l, const float *inp, int n)
{
    float *z = m->z[l];
    memcpy(z, inp, (size_t)n * m->layers[l].n_out * sizeof *z); /* same memory, new shape */
}

static void flatten_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp,
                             int n, int params)
{
    (void)inp, (void)params;
    size_t total = (size_t)n * m->layers[l].n_out;
    if (dinp)
        for (size_t i = 0; i < total; i++)
            dinp[i] += dz[i];
}

const NnLayerOps nn_layer_flatten = {
    .name = "flatten",
    .spec_form = "flatten",
    .plan = flatten_plan,
    .read = flatten_read,
    .write = flatten_write,
    .forward = flatten_forward,
    .backward = flatten_backward,
};
