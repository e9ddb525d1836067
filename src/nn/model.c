/* model.c - a sequential network: building it, initialising it, the forward pass and
 * backpropagation.
 *
 * Forward: a_0 = x; for each layer l: z_l = layer_l(a_{l-1}), a_l = f_l(z_l). What comes out of
 * one layer's activation becomes the input of the next.
 * Backward (backpropagation): start from dL/da_last and walk the layers in reverse. At each layer
 * the chain rule gives dL/dz_l = dL/da_l * f_l'(z_l); the layer then turns dL/dz_l into
 * gradients for its own weights and biases and into dL/da_{l-1} for the layer below.
 * N = batch, D_l = values per sample after layer l (D_0 = input width).
 */
#include "nn/model.h"
#include "nn/threads.h"

/* A convolution keeps its unrolled input between the forward and backward pass of a training
 * batch when that takes at most this many floats (32 MB): the first layers of the shipped
 * networks; larger ones unroll again. */
#define KEEP_BUDGET ((size_t)8 << 20)

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/batchnorm.h"
#include "nn/conv.h"
#include "nn/dense.h"
#include "nn/dropout.h"
#include "nn/gemm.h"
#include "nn/pool.h"

#define BN_EPS      1e-5f /* batchnorm: guards the division by the standard deviation */
#define BN_MOMENTUM 0.1f  /* batchnorm: weight of each batch in the running statistics */

static const char *const layer_names[NN_LAYER_COUNT] = {
    [NN_LAYER_DENSE] = "dense",         [NN_LAYER_CONV2D] = "conv2d",
    [NN_LAYER_MAXPOOL2] = "maxpool2",   [NN_LAYER_DROPOUT] = "dropout",
    [NN_LAYER_BATCHNORM] = "batchnorm", [NN_LAYER_FLATTEN] = "flatten",
};

const char *nn_layer_type_name(NnLayerType type)
{
    return (type >= 0 && type < NN_LAYER_COUNT) ? layer_names[type] : "unknown";
}

int nn_layer_type_parse(const char *name, NnLayerType *type)
{
    for (int i = 0; i < NN_LAYER_COUNT; i++) {
        if (strcmp(name, layer_names[i]) == 0) {
            *type = (NnLayerType)i;
            return 0;
        }
    }
    return NN_E_ARG;
}

static void info_defaults(NnModelInfo *info, NnShape in, int n_out)
{
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "model");
    info->in_c = in.c, info->in_h = in.h, info->in_w = in.w;
    info->in_scale = 1.0f / 255.0f;
    info->in_offset = 0.0f;
    int mnist_shape = in.c == 1 && in.h == 28 && in.w == 28;
    snprintf(info->preprocess, sizeof info->preprocess, "%s", mnist_shape ? "mnist" : "none");
    info->n_classes = n_out;
    for (int i = 0; i < info->n_classes; i++)
        snprintf(info->labels[i], NN_LABEL_LEN, "%d", i);
    info->train.train_accuracy = -1.0f;
    info->train.val_accuracy = -1.0f;
    info->train.test_accuracy = -1.0f;
}

static size_t shape_size(NnShape s)
{
    return (size_t)s.c * (size_t)s.h * (size_t)s.w;
}

/* Works out layer l's output shape and parameter counts from its input shape; 0 or an error. */
static int plan_layer(NnLayer *L, const NnLayerSpec *s, NnShape in, int l, int last, NnError *err)
{
    memset(L, 0, sizeof *L);
    L->type = s->type;
    L->act = s->act;
    L->in = in;
    if ((int)s->act < 0 || s->act >= NN_ACT_COUNT)
        return nn_error(err, NN_E_ARG, "layer %d: unknown activation %d", l, (int)s->act);
    if (s->act == NN_ACT_SOFTMAX && !last)
        return nn_error(err, NN_E_ARG, "layer %d: softmax is only allowed on the last layer", l);
    size_t n_in = shape_size(in);
    int image = in.h > 1 || in.w > 1;
    switch (s->type) {
    case NN_LAYER_DENSE:
        if (s->n_out < 1 || s->n_out > NN_MAX_WIDTH)
            return nn_error(err, NN_E_ARG, "layer %d: width must be 1 to %d, got %d", l,
                            NN_MAX_WIDTH, s->n_out);
        L->out = (NnShape){s->n_out, 1, 1};
        L->n_weight = (size_t)s->n_out * n_in;
        L->n_bias = (size_t)s->n_out;
        break;
    case NN_LAYER_CONV2D:
        if (!image)
            return nn_error(err, NN_E_ARG,
                            "layer %d: a convolution needs an image input, got a "
                            "flat vector of %zu",
                            l, n_in);
        if (s->n_out < 1 || s->n_out > NN_MAX_CHANNELS)
            return nn_error(err, NN_E_ARG, "layer %d: filters must be 1 to %d, got %d", l,
                            NN_MAX_CHANNELS, s->n_out);
        if (s->kernel < 1 || s->kernel > NN_MAX_KERNEL || s->pad < 0 || s->pad >= s->kernel)
            return nn_error(err, NN_E_ARG,
                            "layer %d: kernel must be 1 to %d and padding 0 to "
                            "kernel-1, got kernel %d, padding %d",
                            l, NN_MAX_KERNEL, s->kernel, s->pad);
        L->kernel = s->kernel;
        L->pad = s->pad;
        L->out = (NnShape){s->n_out, in.h + 2 * s->pad - s->kernel + 1,
                           in.w + 2 * s->pad - s->kernel + 1};
        if (L->out.h < 1 || L->out.w < 1)
            return nn_error(err, NN_E_ARG, "layer %d: a %dx%d kernel does not fit a %dx%d image", l,
                            s->kernel, s->kernel, in.h, in.w);
        L->n_weight = (size_t)s->n_out * in.c * s->kernel * s->kernel;
        L->n_bias = (size_t)s->n_out;
        break;
    case NN_LAYER_MAXPOOL2:
        if (!image || in.h < 2 || in.w < 2)
            return nn_error(err, NN_E_ARG,
                            "layer %d: 2x2 pooling needs an image of at least 2x2, "
                            "got %dx%dx%d",
                            l, in.c, in.h, in.w);
        L->out = (NnShape){in.c, in.h / 2, in.w / 2};
        break;
    case NN_LAYER_DROPOUT:
        if (!(s->rate >= 0.0f && s->rate < 1.0f))
            return nn_error(err, NN_E_ARG, "layer %d: dropout rate must be in [0, 1), got %g", l,
                            (double)s->rate);
        L->rate = s->rate;
        L->out = in;
        break;
    case NN_LAYER_BATCHNORM:
        L->out = in;
        L->n_weight = (size_t)in.c; /* gamma, one per channel */
        L->n_bias = (size_t)in.c;   /* beta */
        break;
    case NN_LAYER_FLATTEN:
        L->out = (NnShape){(int)n_in, 1, 1};
        break;
    default:
        return nn_error(err, NN_E_ARG, "layer %d: unknown layer type %d", l, (int)s->type);
    }
    if (shape_size(L->out) > NN_MAX_WIDTH)
        return nn_error(err, NN_E_LIMIT, "layer %d: output of %zu values is larger than %d", l,
                        shape_size(L->out), NN_MAX_WIDTH);
    L->n_in = (int)n_in;
    L->n_out = (int)shape_size(L->out);
    return 0;
}

NnModel *nn_model_new_shape(NnShape in, const NnLayerSpec *specs, int n_layers, NnError *err)
{
    if (n_layers < 1 || n_layers > NN_MAX_LAYERS) {
        nn_error(err, NN_E_ARG, "a model needs 1 to %d layers, got %d", NN_MAX_LAYERS, n_layers);
        return NULL;
    }
    if (in.c < 1 || in.h < 1 || in.w < 1 || in.c > NN_MAX_WIDTH || in.h > NN_MAX_SIDE ||
        in.w > NN_MAX_SIDE || shape_size(in) > NN_MAX_WIDTH) {
        nn_error(err, NN_E_ARG, "input shape %dx%dx%d is out of range", in.c, in.h, in.w);
        return NULL;
    }
    /* Plan every layer and count parameters first, before allocating anything. */
    NnLayer plan[NN_MAX_LAYERS];
    size_t n_params = 0, n_state = 0;
    NnShape shape = in;
    for (int l = 0; l < n_layers; l++) {
        if (plan_layer(&plan[l], &specs[l], shape, l, l == n_layers - 1, err) != 0)
            return NULL;
        n_params += plan[l].n_weight + plan[l].n_bias; /* each term < 2^42 */
        if (plan[l].type == NN_LAYER_BATCHNORM)
            n_state += 2 * (size_t)plan[l].in.c;
        if (n_params > NN_MAX_PARAMS) {
            nn_error(err, NN_E_LIMIT, "model has more than %d parameters", NN_MAX_PARAMS);
            return NULL;
        }
        shape = plan[l].out;
    }
    int width = plan[n_layers - 1].n_out;
    if (width > NN_MAX_CLASSES) {
        nn_error(err, NN_E_ARG, "the last layer has %d outputs; at most %d classes are supported",
                 width, NN_MAX_CLASSES);
        return NULL;
    }

    NnModel *m = calloc(1, sizeof *m);
    if (!m) {
        nn_error(err, NN_E_NOMEM, "out of memory for the model");
        return NULL;
    }
    m->params = calloc(n_params ? n_params : 1, sizeof *m->params);
    m->grads = calloc(n_params ? n_params : 1, sizeof *m->grads);
    m->state = n_state ? calloc(n_state, sizeof *m->state) : NULL;
    if (!m->params || !m->grads || (n_state && !m->state)) {
        nn_model_free(m);
        nn_error(err, NN_E_NOMEM, "out of memory for %zu parameters", n_params);
        return NULL;
    }
    m->n_layers = n_layers;
    m->in_shape = in;
    m->n_in = (int)shape_size(in);
    m->n_params = n_params;
    m->n_state = n_state;
    /* Point each layer into the one parameter block, the one gradient block and the state. */
    size_t off = 0, soff = 0;
    for (int l = 0; l < n_layers; l++) {
        NnLayer *L = &m->layers[l];
        *L = plan[l];
        if (L->n_weight) {
            L->weight = m->params + off;
            L->dweight = m->grads + off;
            off += L->n_weight;
        }
        if (L->n_bias) {
            L->bias = m->params + off;
            L->dbias = m->grads + off;
            off += L->n_bias;
        }
        if (L->type == NN_LAYER_BATCHNORM) {
            L->run_mean = m->state + soff;
            L->run_var = m->state + soff + L->in.c;
            soff += 2 * (size_t)L->in.c;
            for (int c = 0; c < L->in.c; c++) {
                L->weight[c] = 1.0f;  /* gamma: start as the identity scale */
                L->run_var[c] = 1.0f; /* running mean 0, variance 1 */
            }
        }
    }
    m->n_out = width;
    info_defaults(&m->info, in, m->n_out);
    nn_rng_seed(&m->rng, 0);
    return m;
}

NnModel *nn_model_new(int n_in, const NnLayerSpec *specs, int n_layers, NnError *err)
{
    NnShape in = n_in == 784 ? (NnShape){1, 28, 28} : (NnShape){n_in, 1, 1};
    return nn_model_new_shape(in, specs, n_layers, err);
}

void nn_model_free(NnModel *m)
{
    if (!m)
        return;
    free(m->params);
    free(m->grads);
    free(m->state);
    free(m->work);
    free(m->iwork);
    nn_model_thaw(m);
    free(m);
}

int nn_model_freeze(NnModel *m, NnError *err)
{
    nn_model_thaw(m);
    size_t total = 0;
    int widest = 0;
    for (int l = 0; l < m->n_layers; l++) {
        if (m->layers[l].type == NN_LAYER_DENSE)
            total += m->layers[l].n_weight;
        widest = m->layers[l].n_in > widest ? m->layers[l].n_in : widest;
    }
    if (total == 0)
        return 0;
    m->frozen = malloc(total * sizeof *m->frozen);
    m->nz = malloc((size_t)widest * sizeof *m->nz);
    if (!m->frozen || !m->nz) {
        nn_model_thaw(m);
        return nn_error(err, NN_E_NOMEM, "out of memory for the inference copy (%zu weights)",
                        total);
    }
    float *p = m->frozen;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        if (L->type != NN_LAYER_DENSE)
            continue;
        m->wt[l] = p;
        for (int o = 0; o < L->n_out; o++)
            for (int i = 0; i < L->n_in; i++)
                p[(size_t)i * L->n_out + o] = L->weight[(size_t)o * L->n_in + i];
        p += L->n_weight;
    }
    return 0;
}

void nn_model_thaw(NnModel *m)
{
    free(m->frozen);
    free(m->nz);
    m->frozen = NULL;
    m->nz = NULL;
    for (int l = 0; l < NN_MAX_LAYERS; l++)
        m->wt[l] = NULL;
}

void nn_model_init(NnModel *m, NnRng *rng)
{
    for (int l = 0; l < m->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        if (L->type != NN_LAYER_DENSE && L->type != NN_LAYER_CONV2D)
            continue;
        /* Keep the variance of each layer's output close to that of its input so signals and
         * gradients neither die out nor blow up through the depth:
         *   He (ReLU, which zeroes half its inputs): Var(w) = 2 / fan_in
         *   Glorot/Xavier (sigmoid, tanh, linear...): Var(w) = 2 / (fan_in + fan_out)
         * fan_in is the number of inputs one output sees (C * R * R for a convolution). */
        double fan_in = (double)L->n_weight / (double)L->n_bias;
        double fan_out = L->type == NN_LAYER_CONV2D ? (double)L->n_bias * L->kernel * L->kernel
                                                    : (double)L->n_out;
        /* a linear layer followed by batchnorm + ReLU is initialised for the ReLU */
        NnAct act = L->act;
        if (act == NN_ACT_LINEAR && l + 1 < m->n_layers &&
            m->layers[l + 1].type == NN_LAYER_BATCHNORM)
            act = m->layers[l + 1].act;
        double var = act == NN_ACT_RELU ? 2.0 / fan_in : 2.0 / (fan_in + fan_out);
        float sd = (float)sqrt(var);
        for (size_t i = 0; i < L->n_weight; i++)
            L->weight[i] = sd * nn_rng_normal(rng);
        for (size_t o = 0; o < L->n_bias; o++)
            L->bias[o] = 0.0f;
    }
}

double nn_model_flops(const NnModel *m, int training)
{
    double total = 0.0;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        double f = 0.0;
        if (L->type == NN_LAYER_DENSE)
            f = 2.0 * L->n_in * L->n_out;
        else if (L->type == NN_LAYER_CONV2D)
            f = 2.0 * (double)L->n_weight * L->out.h * L->out.w;
        total += training ? f * (l > 0 ? 3.0 : 2.0) : f;
    }
    return total;
}

void nn_model_set_training(NnModel *m, int training)
{
    m->training = training;
}

void nn_model_set_pool(NnModel *m, NnPool *pool)
{
    m->pool = pool;
}

int nn_model_reserve(NnModel *m, int n, NnError *err)
{
    if (n <= m->cap_batch)
        return 0;
    if (n < 1 || n > 1000000)
        return nn_error(err, NN_E_ARG, "batch size must be 1 to 1000000, got %d", n);
    /* Count per-sample floats (z, a when not aliased, da, aux) and ints (argmax), plus the
     * batch-independent batchnorm statistics and the convolution scratch. */
    size_t per = 0, fixed = 0, iper = 0, col = 0;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        per += 2 * (size_t)L->n_out + (L->act != NN_ACT_LINEAR ? (size_t)L->n_out : 0);
        if (L->type == NN_LAYER_DROPOUT || L->type == NN_LAYER_BATCHNORM)
            per += (size_t)L->n_out;
        if (L->type == NN_LAYER_BATCHNORM)
            fixed += 2 * (size_t)L->in.c;
        if (L->type == NN_LAYER_MAXPOOL2)
            iper += (size_t)L->n_out;
        if (L->type == NN_LAYER_CONV2D) {
            size_t c =
                nn_conv2d_col_size(n, L->in.c, L->in.h, L->in.w, L->out.c, L->kernel, L->pad);
            col = c > col ? c : col;
            size_t k =
                nn_conv2d_keep_size(n, L->in.c, L->in.h, L->in.w, L->out.c, L->kernel, L->pad);
            fixed += k <= KEEP_BUDGET ? k : 0;
        }
    }
    if (per > (SIZE_MAX / sizeof(float) - fixed - col) / (size_t)n)
        return nn_error(err, NN_E_LIMIT, "a batch of %d is too large for this model", n);
    int rc = nn_gemm_prepare(err); /* the matrix products' own memory, before it is needed */
    if (rc)
        return rc;
    float *work = malloc((per * (size_t)n + fixed + col) * sizeof *work);
    int32_t *iwork = iper ? malloc(iper * (size_t)n * sizeof *iwork) : NULL;
    if (!work || (iper && !iwork)) {
        free(work);
        free(iwork);
        return nn_error(err, NN_E_NOMEM, "out of memory for a batch of %d", n);
    }
    free(m->work);
    free(m->iwork);
    m->work = work;
    m->iwork = iwork;
    m->cap_batch = n;
    float *p = work;
    int32_t *ip = iwork;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        size_t sz = (size_t)L->n_out * (size_t)n;
        m->z[l] = p, p += sz;
        if (L->act != NN_ACT_LINEAR)
            m->a[l] = p, p += sz;
        else
            m->a[l] = m->z[l]; /* identity activation: the output is z itself */
        m->da[l] = p, p += sz;
        m->aux[l] = NULL;
        m->argmax[l] = NULL;
        if (L->type == NN_LAYER_DROPOUT)
            m->aux[l] = p, p += sz;
        if (L->type == NN_LAYER_MAXPOOL2)
            m->argmax[l] = ip, ip += sz;
    }
    for (int l = 0; l < m->n_layers; l++) { /* batchnorm: xhat (N, D), then mean, rstd (C) */
        const NnLayer *L = &m->layers[l];
        if (L->type == NN_LAYER_BATCHNORM)
            m->aux[l] = p, p += (size_t)L->n_out * (size_t)n + 2 * (size_t)L->in.c;
    }
    for (int l = 0; l < m->n_layers; l++) { /* convolutions: the kept columns, if small */
        const NnLayer *L = &m->layers[l];
        m->keep[l] = NULL;
        if (L->type != NN_LAYER_CONV2D)
            continue;
        size_t k = nn_conv2d_keep_size(n, L->in.c, L->in.h, L->in.w, L->out.c, L->kernel, L->pad);
        if (k <= KEEP_BUDGET)
            m->keep[l] = p, p += k;
    }
    m->col = col ? p : NULL;
    return 0;
}

/* Positions per channel for batchnorm: H * W of an image, 1 for a flat vector. */
static int bn_positions(const NnLayer *L)
{
    return L->in.h * L->in.w;
}

static void layer_forward(NnModel *m, int l, const float *inp, int n)
{
    NnLayer *L = &m->layers[l];
    float *z = m->z[l];
    switch (L->type) {
    case NN_LAYER_DENSE:
        if (n == 1 && m->wt[l])
            nn_dense_forward_sparse(z, inp, m->wt[l], L->bias, L->n_in, L->n_out, m->nz);
        else
            nn_dense_forward(m->pool, z, inp, L->weight, L->bias, n, L->n_in, L->n_out);
        break;
    case NN_LAYER_CONV2D:
        nn_conv2d_forward_keep(m->pool, z, inp, L->weight, L->bias, m->col,
                               m->training ? m->keep[l] : NULL, n, L->in.c, L->in.h, L->in.w,
                               L->out.c, L->kernel, L->pad);
        break;
    case NN_LAYER_MAXPOOL2:
        nn_maxpool2_forward(m->pool, z, m->argmax[l], inp, n, L->in.c, L->in.h, L->in.w);
        break;
    case NN_LAYER_DROPOUT:
        nn_dropout_forward(z, m->aux[l], inp, (size_t)n * L->n_out, L->rate, &m->rng, m->training);
        break;
    case NN_LAYER_BATCHNORM: {
        int C = L->in.c;
        float *xhat = m->aux[l], *mean = xhat + (size_t)n * L->n_out, *rstd = mean + C;
        nn_batchnorm_forward(z, xhat, mean, rstd, inp, L->weight, L->bias, L->run_mean, L->run_var,
                             n, C, bn_positions(L), BN_EPS, BN_MOMENTUM, m->training);
        break;
    }
    case NN_LAYER_FLATTEN:
        memcpy(z, inp, (size_t)n * L->n_out * sizeof *z); /* same memory order, new shape */
        break;
    default:
        break;
    }
    nn_act_forward(m->pool, L->act, z, m->a[l], (size_t)n, (size_t)L->n_out);
}

const float *nn_model_forward(NnModel *m, const float *x, int n)
{
    const float *inp = x;
    for (int l = 0; l < m->n_layers; l++) {
        layer_forward(m, l, inp, n);
        inp = m->a[l]; /* this layer's output is the next layer's input */
    }
    return m->a[m->n_layers - 1];
}

static void zero_part(void *ctx, int t)
{
    NnModel *m = ctx;
    const int T = nn_pool_threads(m->pool);
    size_t i0 = m->n_params * (size_t)t / (size_t)T, i1 = m->n_params * (size_t)(t + 1) / (size_t)T;
    memset(m->grads + i0, 0, (i1 - i0) * sizeof *m->grads);
}

void nn_model_zero_grad(NnModel *m)
{
    if (m->n_params >= ((size_t)1 << 17) && !nn_in_parallel())
        nn_parallel(m->pool, nn_pool_threads(m->pool), zero_part, m); /* a megabyte or more */
    else
        memset(m->grads, 0, m->n_params * sizeof *m->grads);
}

/* Given dz = dL/dz of layer l: adds the layer's parameter gradients and, when dinp is non-NULL
 * (zeroed by the caller), dL/d input into dinp. */
static void layer_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp, int n)
{
    NnLayer *L = &m->layers[l];
    size_t total = (size_t)n * L->n_out;
    switch (L->type) {
    case NN_LAYER_DENSE:
        nn_dense_backward(m->pool, dinp, L->dweight, L->dbias, dz, inp, L->weight, n, L->n_in,
                          L->n_out);
        break;
    case NN_LAYER_CONV2D:
        nn_conv2d_backward_keep(m->pool, dinp, L->dweight, L->dbias, m->col,
                                m->training ? m->keep[l] : NULL, dz, inp, L->weight, n, L->in.c,
                                L->in.h, L->in.w, L->out.c, L->kernel, L->pad);
        break;
    case NN_LAYER_MAXPOOL2:
        if (dinp)
            nn_maxpool2_backward(m->pool, dinp, dz, m->argmax[l], n, L->in.c, L->in.h, L->in.w);
        break;
    case NN_LAYER_DROPOUT:
        if (dinp)
            nn_dropout_backward(dinp, dz, m->aux[l], total, m->training);
        break;
    case NN_LAYER_BATCHNORM: {
        float *xhat = m->aux[l], *rstd = xhat + total + L->in.c;
        nn_batchnorm_backward(dinp, L->dweight, L->dbias, dz, xhat, rstd, L->weight, n, L->in.c,
                              bn_positions(L));
        break;
    }
    case NN_LAYER_FLATTEN:
        if (dinp)
            for (size_t i = 0; i < total; i++)
                dinp[i] += dz[i];
        break;
    default:
        break;
    }
}

void nn_model_backward(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz)
{
    int last = m->n_layers - 1;
    const float *g = dout; /* dL/da_l (or dL/dz_l for the fused last layer) */
    for (int l = last; l >= 0; l--) {
        NnLayer *L = &m->layers[l];
        size_t sz = (size_t)n * (size_t)L->n_out;
        float *dz = m->da[l]; /* dL/dz_l is computed in place of dL/da_l */
        if (l == last && dout_is_dz) {
            memcpy(dz, g, sz * sizeof *dz);
        } else {
            /* chain rule through the activation: dL/dz = dL/da * f'(z) */
            nn_act_backward(m->pool, L->act, m->z[l], m->a[l], g, dz, (size_t)n,
                            (size_t)L->n_out);
        }
        const float *inp = l > 0 ? m->a[l - 1] : x;
        /* the error for the layer below; the input's own gradient is not needed to train */
        float *dinp = l > 0 ? m->da[l - 1] : NULL;
        if (dinp)
            memset(dinp, 0, (size_t)n * (size_t)L->n_in * sizeof *dinp);
        layer_backward(m, l, inp, dz, dinp, n);
        g = dinp;
    }
}

int nn_model_mnist_preprocessing(const NnModel *m)
{
    return strcmp(m->info.preprocess, "mnist") == 0;
}

void nn_model_scale_input(const NnModelInfo *info, const float *unit, float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = unit[i] * 255.0f * info->in_scale + info->in_offset;
}

int nn_model_predict(NnModel *m, const float *x, float *out)
{
    if (nn_model_reserve(m, 1, NULL) != 0)
        return NN_E_NOMEM;
    int was = m->training;
    m->training = 0;
    const float *y = nn_model_forward(m, x, 1);
    m->training = was;
    int best = 0, finite = 1;
    for (int i = 0; i < m->n_out; i++) {
        if (out)
            out[i] = y[i];
        finite &= isfinite(y[i]) != 0;
        if (y[i] > y[best])
            best = i;
    }
    /* finite weights can still overflow on an input (or NaN comes out of inf - inf): the
     * largest of such outputs means nothing */
    return finite ? best : NN_E_NONFINITE;
}

const char *nn_model_predict_failure(int code)
{
    if (code == NN_E_NONFINITE)
        return "the model's outputs are not finite numbers (its weights overflow on this input): "
               "no answer";
    return "out of memory while running the model";
}

void nn_model_probabilities(const NnModel *m, const float *out, float *p)
{
    const int n = m->n_out;
    int softmax = m->n_layers > 0 && m->layers[m->n_layers - 1].act == NN_ACT_SOFTMAX;
    float sum = 0.0f, mx = -INFINITY;
    int negative = 0;
    for (int i = 0; i < n; i++) {
        p[i] = isfinite(out[i]) ? out[i] : 0.0f;
        negative |= p[i] < 0.0f;
        sum += p[i];
        mx = fmaxf(mx, p[i]);
    }
    if (softmax && sum > 0.0f)
        return;
    if (negative) {
        sum = 0.0f;
        for (int i = 0; i < n; i++) {
            p[i] = expf(p[i] - mx); /* subtract the max so exp cannot overflow */
            sum += p[i];
        }
    }
    for (int i = 0; i < n; i++)
        p[i] = sum > 0.0f ? p[i] / sum : 1.0f / (float)n;
}

/* ---- layer spec strings ---- */

/* Parses a whole positive integer from *p, advancing it; -1 if none or out of range. */
static long take_int(const char **p, long max)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    errno = 0;
    char *end = NULL;
    long v = strtol(*p, &end, 10);
    if (errno || v < 0 || v > max)
        return -1;
    *p = end;
    return v;
}

static int parse_item(const char *text, const char *item, NnLayerSpec *s, NnError *err)
{
    char name[64];
    const char *colon = strchr(item, ':');
    size_t len = colon ? (size_t)(colon - item) : strlen(item);
    if (len == 0 || len >= sizeof name)
        return nn_error(err, NN_E_ARG, "layer spec \"%s\": empty or overlong item \"%s\"", text,
                        item);
    memcpy(name, item, len);
    name[len] = '\0';
    memset(s, 0, sizeof *s);
    s->act = NN_ACT_LINEAR;
    if (colon && nn_act_parse(colon + 1, &s->act) != 0)
        return nn_error(err, NN_E_ARG,
                        "layer spec \"%s\": unknown activation \"%s\" (linear, step, sigmoid, "
                        "relu, tanh, softmax)",
                        text, colon + 1);
    const char *p = name;
    if (strncmp(p, "conv", 4) == 0) {
        p += 4;
        long k = take_int(&p, NN_MAX_CHANNELS), r = -1, pad = -1;
        if (*p == 'x') {
            p++;
            r = take_int(&p, NN_MAX_KERNEL);
        }
        if (*p == 'p') {
            p++;
            pad = take_int(&p, NN_MAX_KERNEL);
        }
        if (k < 1 || r < 1 || *p || (pad < 0 && p[-1] == 'p'))
            return nn_error(err, NN_E_ARG,
                            "layer spec \"%s\": \"%s\" is not a convolution like "
                            "conv32x3 or conv16x5p0",
                            text, name);
        s->type = NN_LAYER_CONV2D;
        s->n_out = (int)k;
        s->kernel = (int)r;
        s->pad = pad >= 0 ? (int)pad : (int)r / 2; /* default: "same" size for odd kernels */
    } else if (strcmp(p, "pool") == 0) {
        s->type = NN_LAYER_MAXPOOL2;
    } else if (strcmp(p, "flatten") == 0) {
        s->type = NN_LAYER_FLATTEN;
    } else if (strcmp(p, "bn") == 0) {
        s->type = NN_LAYER_BATCHNORM;
    } else if (strncmp(p, "dropout", 7) == 0) {
        char *end = NULL;
        errno = 0;
        double rate = strtod(p + 7, &end);
        if (end == p + 7 || *end || errno || !(rate >= 0.0 && rate < 1.0))
            return nn_error(err, NN_E_ARG,
                            "layer spec \"%s\": \"%s\" needs a rate in [0, 1), "
                            "like dropout0.5",
                            text, name);
        s->type = NN_LAYER_DROPOUT;
        s->rate = (float)rate;
    } else {
        long w = take_int(&p, NN_MAX_WIDTH);
        if (w < 1 || *p)
            return nn_error(err, NN_E_ARG,
                            "layer spec \"%s\": \"%s\" is not a width from 1 to "
                            "%d or a layer (convKxR, pool, dropoutP, bn, flatten)",
                            text, name, NN_MAX_WIDTH);
        s->type = NN_LAYER_DENSE;
        s->n_out = (int)w;
    }
    return 0;
}

int nn_spec_parse(const char *text, NnShape *in, NnLayerSpec *specs, NnError *err)
{
    char buf[2048];
    if (strlen(text) >= sizeof buf)
        return nn_error(err, NN_E_ARG, "layer spec is too long");
    snprintf(buf, sizeof buf, "%s", text);
    int count = -1; /* -1: the first item is the input */
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*item))
            item++;
        if (count < 0) {
            /* "784" or "1x28x28" */
            const char *p = item;
            long c = take_int(&p, NN_MAX_WIDTH), h = 1, w = 1;
            if (*p == 'x') {
                p++;
                h = take_int(&p, NN_MAX_SIDE);
                if (*p == 'x') {
                    p++;
                    w = take_int(&p, NN_MAX_SIDE);
                } else {
                    h = -1;
                }
            }
            if (c < 1 || h < 1 || w < 1 || *p)
                return nn_error(err, NN_E_ARG,
                                "layer spec \"%s\": the first item is the input, "
                                "a width like 784 or channels x height x width like 1x28x28, "
                                "not \"%s\"",
                                text, item);
            *in = (NnShape){(int)c, (int)h, (int)w};
        } else {
            if (count >= NN_MAX_LAYERS)
                return nn_error(err, NN_E_ARG, "layer spec \"%s\": more than %d layers", text,
                                NN_MAX_LAYERS);
            int rc = parse_item(text, item, &specs[count], err);
            if (rc)
                return rc;
        }
        count++;
    }
    if (count < 1)
        return nn_error(err, NN_E_ARG,
                        "layer spec \"%s\": needs the input and at least one layer, e.g. "
                        "784,128:relu,10:softmax",
                        text);
    /* a flat width of 784 is an MNIST image: keep its shape for convolutions after it */
    if (in->c == 784 && in->h == 1 && in->w == 1)
        *in = (NnShape){1, 28, 28};
    return count;
}
