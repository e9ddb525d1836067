/* layer_batchnorm.c - the batch normalisation layer type: per channel c, z = gamma_c * xhat +
 * beta_c with xhat = (x - mean_c) / sqrt(var_c + eps), the batch's statistics while training
 * (and the running ones moved towards them), the running ones at inference. An image's channel
 * has H * W positions, a flat vector's value is its own channel. The kernels are in
 * batchnorm.c; this file says what the model and its files make of the type.
 */
#include <string.h>

#include "nn/batchnorm.h"
#include "nn/layer.h"

#define BN_EPS      1e-5f /* guards the division by the standard deviation */
#define BN_MOMENTUM 0.1f  /* weight of each batch in the running statistics */

/* The shape rule: any input, the same shape out; gamma and beta per channel, and the running
 * mean and variance kept with the model. */
static void bn_shape(NnLayer *L)
{
    L->out = L->in;
    L->n_weight = (size_t)L->in.c; /* gamma */
    L->n_bias = (size_t)L->in.c;   /* beta */
    L->n_state = 2 * (size_t)L->in.c;
}

static int bn_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    (void)s, (void)l, (void)err;
    bn_shape(L);
    return 0;
}

/* "channels" (what the layer before gives), "activation" */
static int bn_read(NnLayerRead *r)
{
    NnLayer *L = nn_read_layer(r);
    int v = 0, rc;
    if ((rc = nn_read_match(r, "channels", L->in.c, &v)) != 0 ||
        (rc = nn_read_act(r, &nn_read_spec(r)->act)) != 0)
        return rc;
    bn_shape(L);
    return 0;
}

static void bn_write(Bytes *b, const NnLayer *L)
{
    bytes_printf(b, ", \"channels\": %d, \"activation\": \"%s\"", L->in.c, nn_act_name(L->act));
}

static int bn_arrays(const NnLayer *L, NnLayerArray *a)
{
    size_t C = (size_t)L->in.c;
    a[0] = (NnLayerArray){"gamma", L->weight, C, 1, NULL};
    a[1] = (NnLayerArray){"beta", L->bias, C, 1, NULL};
    a[2] = (NnLayerArray){"running_mean", L->run_mean, C, 1, NULL};
    a[3] = (NnLayerArray){"running_var", L->run_var, C, 1, "variance"};
    return 4;
}

/* gamma 1 (the identity scale), running mean 0 and variance 1 */
static void bn_start(NnLayer *L, float *state)
{
    L->run_mean = state;
    L->run_var = state + L->in.c;
    for (int c = 0; c < L->in.c; c++) {
        L->weight[c] = 1.0f;
        L->run_var[c] = 1.0f;
    }
}

/* xhat (N, D) for the backward pass, then the batch's mean and 1 / std (C each) */
static NnLayerWork bn_work(const NnLayer *L, int n)
{
    (void)n;
    return (NnLayerWork){.per_sample = (size_t)L->n_out, .batch = 2 * (size_t)L->in.c};
}

/* positions per channel: H * W of an image, 1 for a flat vector */
static int bn_positions(const NnLayer *L)
{
    return L->in.h * L->in.w;
}

static void bn_forward(NnModel *m, int l, const float *inp, int n)
{
    NnLayer *L = &m->layers[l];
    int C = L->in.c;
    float *xhat = m->aux[l], *mean = xhat + (size_t)n * L->n_out, *rstd = mean + C;
    nn_batchnorm_forward(m->z[l], xhat, mean, rstd, inp, L->weight, L->bias, L->run_mean,
                         L->run_var, n, C, bn_positions(L), BN_EPS, BN_MOMENTUM, m->training);
}

static void bn_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp, int n,
                        int params)
{
    NnLayer *L = &m->layers[l];
    float *dgamma = params ? L->dweight : NULL, *dbeta = params ? L->dbias : NULL;
    if (!m->training) { /* after an inference pass (a saliency map): the running statistics */
        nn_batchnorm_backward_inference(dinp, dgamma, dbeta, dz, inp, L->weight, L->run_mean,
                                        L->run_var, n, L->in.c, bn_positions(L), BN_EPS);
        return;
    }
    float *xhat = m->aux[l], *rstd = xhat + (size_t)n * L->n_out + L->in.c;
    nn_batchnorm_backward(dinp, dgamma, dbeta, dz, xhat, rstd, L->weight, n, L->in.c,
                          bn_positions(L));
}

const NnLayerOps nn_layer_batchnorm = {
    .name = "batchnorm",
    .spec_form = "bn",
    .plan = bn_plan,
    .read = bn_read,
    .write = bn_write,
    .arrays = bn_arrays,
    .start = bn_start,
    .work = bn_work,
    .forward = bn_forward,
    .backward = bn_backward,
    .feeds_act = 1,
};
