/* layer_activation.c - the activation layer type: an activation function alone, a = f(x), the
 * shape unchanged and no parameters. It is for an activation that no layer before can hold: one
 * after pooling, flatten or dropout, or on the input itself (as imported graphs have them).
 * The model applies every layer's activation after its forward pass (model.c), so this layer's
 * own part is the identity: z = x forward, dL/dx = dL/dz backward; f and f' are the model's.
 */
#include <stdio.h>
#include <string.h>

#include "nn/layer.h"

/* The shape rule: any input, the same shape out. */
static void activation_shape(NnLayer *L)
{
    L->out = L->in;
}

static int activation_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    (void)s, (void)l, (void)err; /* a softmax anywhere but last is refused by the model */
    activation_shape(L);
    return 0;
}

/* "activation" */
static int activation_read(NnLayerRead *r)
{
    int rc = nn_read_act(r, &nn_read_spec(r)->act);
    if (rc != 0)
        return rc;
    activation_shape(nn_read_layer(r));
    return 0;
}

static void activation_write(Bytes *b, const NnLayer *L)
{
    bytes_printf(b, ", \"activation\": \"%s\"", nn_act_name(L->act));
}

/* z = x: the values go on as they are to the activation */
static void activation_forward(NnModel *m, int l, const float *inp, int n)
{
    float *z = m->z[l];
    memcpy(z, inp, (size_t)n * m->layers[l].n_out * sizeof *z);
}

/* dL/dx = dL/dz, added (the activation's derivative is already in dz) */
static void activation_backward(NnModel *m, int l, const float *inp, const float *dz,
                                float *dinp, int n, int params)
{
    (void)inp, (void)params;
    size_t total = (size_t)n * m->layers[l].n_out;
    if (dinp)
        for (size_t i = 0; i < total; i++)
            dinp[i] += dz[i];
}

/* "relu alone": the function is all the layer does */
static void activation_describe(const NnLayer *L, char *dst, size_t size)
{
    snprintf(dst, size, "%s alone", nn_act_name(L->act));
}

const NnLayerOps nn_layer_activation = {
    .name = "activation",
    .spec_form = "act",
    .plan = activation_plan,
    .read = activation_read,
    .write = activation_write,
    .forward = activation_forward,
    .backward = activation_backward,
    .describe = activation_describe,
    .feeds_act = 1,
};
