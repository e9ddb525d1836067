/* layer_maxpool2.c - the 2 x 2 max pooling layer type (stride 2): each output is the largest of
 * a 2 x 2 block, (N, C, H, W) -> (N, C, H/2, W/2), an odd last row or column dropped. The kernels
 * are in pool.c; this file says what the model and its files make of the type.
 */

#include "nn/layer.h"
#include "nn/pool.h"

/* The shape rule: an image of at least 2 x 2 gives (C, H/2, W/2). */
static int pool_takes(NnShape in)
{
    return in.h >= 2 && in.w >= 2;
}

static void pool_shape(NnLayer *L)
{
    L->out = (NnShape){L->in.c, L->in.h / 2, L->in.w / 2};
}

static int pool_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    (void)s;
    if (!pool_takes(L->in))
        return sn_error(err, SN_E_ARG,
                        "layer %d: 2x2 pooling needs an image of at least 2x2, "
                        "got %dx%dx%d",
                        l, L->in.c, L->in.h, L->in.w);
    pool_shape(L);
    return 0;
}

/* no settings */
static int pool_read(NnLayerRead *r)
{
    NnLayer *L = nn_read_layer(r);
    if (!pool_takes(L->in))
        return nn_read_fail(r, ".type",
                            "2x2 pooling needs an image of at least 2x2, its "
                            "input is %dx%dx%d",
                            L->in.c, L->in.h, L->in.w);
    pool_shape(L);
    return 0;
}

static void pool_write(Bytes *b, const NnLayer *L)
{
    (void)b, (void)L; /* no settings, no parameters */
}

/* which input won each output, for the backward pass */
static NnLayerWork pool_work(const NnLayer *L, int n)
{
    (void)n;
    return (NnLayerWork){.ints_per_sample = (size_t)L->n_out};
}

static void pool_forward(NnModel *m, int l, const float *inp, int n)
{
    const NnLayer *L = &m->layers[l];
    nn_maxpool2_forward(m->pool, m->z[l], m->iaux[l], inp, n, L->in.c, L->in.h, L->in.w);
}

static void pool_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp, int n,
                          int params)
{
    (void)inp, (void)params;
    const NnLayer *L = &m->layers[l];
    if (dinp)
        nn_maxpool2_backward(m->pool, dinp, dz, m->iaux[l], n, L->in.c, L->in.h, L->in.w);
}

const NnLayerOps nn_layer_maxpool2 = {
    .name = "maxpool2",
    .spec_form = "pool",
    .plan = pool_plan,
    .read = pool_read,
    .write = pool_write,
    .work = pool_work,
    .forward = pool_forward,
    .backward = pool_backward,
};
