/* layer_conv2d.c - the convolution layer type: K filters of C x R x R slide over the image with
 * zero padding P, z (N, K, H', W') with H' = H + 2P - R + 1 (W' alike). The kernels (im2col and
 * a matrix product) are in conv.c; this file says what the model and its files make of the type.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "nn/conv.h"
#include "nn/layer.h"

/* A convolution keeps its unrolled input between the forward and backward pass of a training
 * batch when that takes at most this many floats (32 MB): the first layers of the shipped
 * networks; larger ones unroll again. */
#define KEEP_BUDGET ((size_t)8 << 20)

/* The shape rule, first what it takes: an image, more than one value high or wide. */
static int conv_takes(NnShape in)
{
    return in.h > 1 || in.w > 1;
}

/* Then what it gives: K channels of H + 2P - R + 1 by W + 2P - R + 1. Returns 0, or -1 when the
 * kernel with its padding does not fit the image (the padding must be below the kernel). */
static int conv_shape(NnLayer *L, int k, int kernel, int pad)
{
    NnShape in = L->in;
    L->out = (NnShape){k, in.h + 2 * pad - kernel + 1, in.w + 2 * pad - kernel + 1};
    if (pad < 0 || pad >= kernel || L->out.h < 1 || L->out.w < 1)
        return -1;
    L->kernel = kernel;
    L->pad = pad;
    L->n_weight = (size_t)k * (size_t)in.c * (size_t)kernel * (size_t)kernel;
    L->n_bias = (size_t)k;
    return 0;
}

/* "conv32x3" (padding R/2, the "same" size for odd kernels) or "conv16x5p0". */
static int conv_parse(const char *name, const char *text, NnLayerSpec *s, SnError *err)
{
    if (strncmp(name, "conv", 4) != 0)
        return 0;
    const char *p = name + 4;
    long k = nn_spec_take_int(&p, NN_MAX_CHANNELS), r = -1, pad = -1;
    if (*p == 'x') {
        p++;
        r = nn_spec_take_int(&p, NN_MAX_KERNEL);
    }
    if (*p == 'p') {
        p++;
        pad = nn_spec_take_int(&p, NN_MAX_KERNEL);
    }
    if (k < 1 || r < 1 || *p || (pad < 0 && p[-1] == 'p'))
        return sn_error(err, SN_E_ARG,
                        "layer spec \"%s\": \"%s\" is not a convolution like "
                        "conv32x3 or conv16x5p0",
                        text, name);
    s->type = NN_LAYER_CONV2D;
    s->n_out = (int)k;
    s->kernel = (int)r;
    s->pad = pad >= 0 ? (int)pad : (int)r / 2;
    return 1;
}

static int conv_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    NnShape in = L->in;
    if (!conv_takes(in))
        return sn_error(err, SN_E_ARG,
                        "layer %d: a convolution needs an image input, got a "
                        "flat vector of %zu",
                        l, (size_t)in.c * (size_t)in.h * (size_t)in.w);
    if (s->n_out < 1 || s->n_out > NN_MAX_CHANNELS)
        return sn_error(err, SN_E_ARG, "layer %d: filters must be 1 to %d, got %d", l,
                        NN_MAX_CHANNELS, s->n_out);
    if (s->kernel < 1 || s->kernel > NN_MAX_KERNEL || s->pad < 0 || s->pad >= s->kernel)
        return sn_error(err, SN_E_ARG,
                        "layer %d: kernel must be 1 to %d and padding 0 to "
                        "kernel-1, got kernel %d, padding %d",
                        l, NN_MAX_KERNEL, s->kernel, s->pad);
    if (conv_shape(L, s->n_out, s->kernel, s->pad) != 0)
        return sn_error(err, SN_E_ARG, "layer %d: a %dx%d kernel does not fit a %dx%d image", l,
                        s->kernel, s->kernel, in.h, in.w);
    return 0;
}

/* "in_channels" (what the layer before gives), "out_channels", "kernel", "padding",
 * "activation". */
static int conv_read(NnLayerRead *r)
{
    NnLayerSpec *s = nn_read_spec(r);
    NnLayer *L = nn_read_layer(r);
    const NnShape in = L->in;
    int v = 0, k = 0, kernel = 0, pad = 0, rc;
    if (!conv_takes(in))
        return nn_read_fail(r, ".type",
                            "a convolution needs an image, but its input is a "
                            "flat vector of %lld",
                            (long long)in.c * in.h * in.w);
    if ((rc = nn_read_match(r, "in_channels", in.c, &v)) != 0 ||
        (rc = nn_read_int(r, "out_channels", 1, NN_MAX_CHANNELS, &k)) != 0 ||
        (rc = nn_read_int(r, "kernel", 1, NN_MAX_KERNEL, &kernel)) != 0 ||
        (rc = nn_read_int(r, "padding", 0, NN_MAX_KERNEL - 1, &pad)) != 0 ||
        (rc = nn_read_act(r, &s->act)) != 0)
        return rc;
    if (conv_shape(L, k, kernel, pad) != 0)
        return nn_read_fail(r, "", "a %dx%d kernel with padding %d does not fit a %dx%d image",
                            kernel, kernel, pad, in.h, in.w);
    s->n_out = k;
    s->kernel = kernel;
    s->pad = pad;
    return 0;
}

static void conv_write(Bytes *b, const NnLayer *L)
{
    bytes_printf(b,
                 ", \"in_channels\": %d, \"out_channels\": %d, \"kernel\": %d, "
                 "\"padding\": %d, \"activation\": \"%s\"",
                 L->in.c, L->out.c, L->kernel, L->pad, nn_act_name(L->act));
}

/* weights (K, C, R, R): one row of C * R * R numbers per filter; biases (K) */
static int conv_arrays(const NnLayer *L, NnLayerArray *a)
{
    a[0] = (NnLayerArray){"weights", L->weight, L->n_weight, (size_t)L->out.c, NULL};
    a[1] = (NnLayerArray){"biases", L->bias, L->n_bias, 1, NULL};
    return 2;
}

/* The unrolled input of one sample at a time (shared), and the batch's unrolled input kept
 * for the backward pass when it is small enough. */
static NnLayerWork conv_work(const NnLayer *L, int n)
{
    const NnShape in = L->in;
    size_t keep = nn_conv2d_keep_size(n, in.c, in.h, in.w, L->out.c, L->kernel, L->pad);
    return (NnLayerWork){
        .batch = keep <= KEEP_BUDGET ? keep : 0,
        .scratch = nn_conv2d_col_size(n, in.c, in.h, in.w, L->out.c, L->kernel, L->pad),
    };
}

/* fan-in C R R (what one output sees), fan-out K R R */
static void conv_init(NnModel *m, int l, NnRng *rng)
{
    const NnLayer *L = &m->layers[l];
    nn_layer_init_weights(m, l, (double)L->n_weight / (double)L->n_bias,
                          (double)L->n_bias * L->kernel * L->kernel, rng);
}

static void conv_forward(NnModel *m, int l, const float *inp, int n)
{
    const NnLayer *L = &m->layers[l];
    nn_conv2d_forward_keep(m->pool, m->z[l], inp, L->weight, L->bias, m->col,
                           m->training ? m->aux[l] : NULL, n, L->in.c, L->in.h, L->in.w, L->out.c,
                           L->kernel, L->pad);
}

static void conv_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp, int n,
                          int params)
{
    NnLayer *L = &m->layers[l];
    nn_conv2d_backward_keep(m->pool, dinp, params ? L->dweight : NULL, params ? L->dbias : NULL,
                            m->col,
                            m->training ? m->aux[l] : NULL, dz, inp, L->weight, n, L->in.c,
                            L->in.h, L->in.w, L->out.c, L->kernel, L->pad);
}

/* a multiply-add per weight and output position: 2 K C R R H' W' */
static double conv_flops(const NnLayer *L)
{
    return 2.0 * (double)L->n_weight * L->out.h * L->out.w;
}

static void conv_describe(const NnLayer *L, char *dst, size_t size)
{
    snprintf(dst, size, "%dx%d kernel, padding %d", L->kernel, L->kernel, L->pad);
}

const NnLayerOps nn_layer_conv2d = {
    .name = "conv2d",
    .spec_form = "convKxR",
    .parse = conv_parse,
    .plan = conv_plan,
    .read = conv_read,
    .write = conv_write,
    .arrays = conv_arrays,
    .work = conv_work,
    .init = conv_init,
    .forward = conv_forward,
    .backward = conv_backward,
    .flops = conv_flops,
    .describe = conv_describe,
};
