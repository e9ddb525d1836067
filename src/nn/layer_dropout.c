/* layer_dropout.c - the dropout layer type: while training, each value is dropped (set to 0)
 * with probability p and the kept ones scaled by 1 / (1 - p); at inference it passes its input
 * on. The kernels are in dropout.c; this file says what the model and its files make of the type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/dropout.h"
#include "nn/layer.h"

/* The shape rule: any input, the same shape out, for a rate in [0, 1); 0 or -1. */
static int dropout_shape(NnLayer *L, float rate)
{
    if (!(rate >= 0.0f && rate < 1.0f))
        return -1;
    L->rate = rate;
    L->out = L->in;
    return 0;
}

/* "dropout0.5" */
static int dropout_parse(const char *name, const char *text, NnLayerSpec *s, SnError *err)
{
    if (strncmp(name, "dropout", 7) != 0)
        return 0;
    char *end = NULL;
    errno = 0;
    double rate = strtod(name + 7, &end);
    if (end == name + 7 || *end || errno || !(rate >= 0.0 && rate < 1.0))
        return sn_error(err, SN_E_ARG,
                        "layer spec \"%s\": \"%s\" needs a rate in [0, 1), "
                        "like dropout0.5",
                        text, name);
    s->type = NN_LAYER_DROPOUT;
    s->rate = (float)rate;
    return 1;
}

static int dropout_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    if (dropout_shape(L, s->rate) != 0)
        return sn_error(err, SN_E_ARG, "layer %d: dropout rate must be in [0, 1), got %g", l,
                        (double)s->rate);
    return 0;
}

/* "rate" */
static int dropout_read(NnLayerRead *r)
{
    NnLayerSpec *s = nn_read_spec(r);
    int rc = nn_read_float(r, "rate", &s->rate);
    if (rc != 0)
        return rc;
    if (dropout_shape(nn_read_layer(r), s->rate) != 0)
        return nn_read_fail(r, ".rate", "%g is not in [0, 1)", (double)s->rate);
    return 0;
}

static void dropout_write(Bytes *b, const NnLayer *L)
{
    bytes_printf(b, ", \"rate\": ");
    nn_write_float(b, L->rate);
}

/* the mask of kept values, for the backward pass */
static NnLayerWork dropout_work(const NnLayer *L, int n)
{
    (void)n;
    return (NnLayerWork){.per_sample = (size_t)L->n_out};
}

static void dropout_forward(NnModel *m, int l, const float *inp, int n)
{
    const NnLayer *L = &m->layers[l];
    nn_dropout_forward(m->z[l], m->aux[l], inp, (size_t)n * L->n_out, L->rate, &m->rng,
                       m->training);
}

static void dropout_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp,
                             int n, int params)
{
    (void)inp, (void)params;
    const NnLayer *L = &m->layers[l];
    if (dinp)
        nn_dropout_backward(dinp, dz, m->aux[l], (size_t)n * L->n_out, m->training);
}

static void dropout_describe(const NnLayer *L, char *dst, size_t size)
{
    snprintf(dst, size, "rate %g", (double)L->rate);
}

const NnLayerOps nn_layer_dropout = {
    .name = "dropout",
    .spec_form = "dropoutP",
    .parse = dropout_parse,
    .plan = dropout_plan,
    .read = dropout_read,
    .write = dropout_write,
    .work = dropout_work,
    .forward = dropout_forward,
    .backward = dropout_backward,
    .describe = dropout_describe,
};
