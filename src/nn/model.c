/* model.c - a sequential network: building it, initialising it, the forward pass and
 * backpropagation.
 *
 * Forward: a_0 = x; for each layer l: z_l = layer_l(a_{l-1}), a_l = f_l(z_l). What comes out of
 * one layer's activation becomes the input of the next.
 * Backward (backpropagation): start from dL/da_last and walk the layers in reverse. At each layer
 * the chain rule gives dL/dz_l = dL/da_l * f_l'(z_l); the layer then turns dL/dz_l into
 * gradients for its own weights and biases and into dL/da_{l-1} for the layer below.
 * What each layer does (layer_l, its gradients, its shape and memory) its type's descriptor
 * says (layer.h, layer_<type>.c); this file only walks the chain.
 * N = batch, D_l = values per sample after layer l (D_0 = input width).
 */
#include "nn/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/gemm.h"
#include "nn/inspect.h"
#include "nn/knockout.h"
#include "nn/layer.h"
#include "nn/threads.h"

static const char *const prep_names[NN_PREP_COUNT] = {
    [NN_PREP_NONE] = "none", [NN_PREP_MNIST] = "mnist"};

const char *nn_preprocess_name(NnPreprocess p)
{
    return (p >= 0 && p < NN_PREP_COUNT) ? prep_names[p] : "unknown";
}

int nn_preprocess_parse(const char *name, NnPreprocess *p)
{
    for (int i = 0; i < NN_PREP_COUNT; i++) {
        if (strcmp(name, prep_names[i]) == 0) {
            *p = (NnPreprocess)i;
            return 0;
        }
    }
    return SN_E_ARG;
}

static void info_defaults(NnModelInfo *info, NnShape in, int n_out)
{
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "model");
    info->in_c = in.c, info->in_h = in.h, info->in_w = in.w;
    info->in_scale = 1.0f / 255.0f;
    info->in_offset = 0.0f;
    int mnist_shape = in.c == 1 && in.h == 28 && in.w == 28;
    info->preprocess = mnist_shape ? NN_PREP_MNIST : NN_PREP_NONE;
    info->n_classes = n_out;
    for (int i = 0; i < info->n_classes; i++)
        snprintf(info->labels[i], NN_LABEL_LEN, "%d", i);
    info->train.train_accuracy = -1.0f;
    info->train.val_accuracy = -1.0f;
    info->train.test_accuracy = -1.0f;
    info->train.test_refused = -1.0f;
}

static size_t shape_size(NnShape s)
{
    return (size_t)s.c * (size_t)s.h * (size_t)s.w;
}

/* Works out layer l's output shape and parameter counts from its input shape; 0 or an error. */
static int plan_layer(NnLayer *L, const NnLayerSpec *s, NnShape in, int l, int last, SnError *err)
{
    memset(L, 0, sizeof *L);
    L->type = s->type;
    L->act = s->act;
    L->in = in;
    if ((int)s->act < 0 || s->act >= NN_ACT_COUNT)
        return sn_error(err, SN_E_ARG, "layer %d: unknown activation %d", l, (int)s->act);
    if (s->act == NN_ACT_SOFTMAX && !last)
        return sn_error(err, SN_E_ARG, "layer %d: softmax is only allowed on the last layer", l);
    if ((int)s->type < 0 || s->type >= NN_LAYER_COUNT)
        return sn_error(err, SN_E_ARG, "layer %d: unknown layer type %d", l, (int)s->type);
    int rc = nn_layer_ops[s->type]->plan(L, s, l, err);
    if (rc)
        return rc;
    if (shape_size(L->out) > NN_MAX_WIDTH)
        return sn_error(err, SN_E_LIMIT, "layer %d: output of %zu values is larger than %d", l,
                        shape_size(L->out), NN_MAX_WIDTH);
    L->n_in = (int)shape_size(in);
    L->n_out = (int)shape_size(L->out);
    return 0;
}

NnModel *nn_model_new_shape(NnShape in, const NnLayerSpec *specs, int n_layers, SnError *err)
{
    if (n_layers < 1 || n_layers > NN_MAX_LAYERS) {
        sn_error(err, SN_E_ARG, "a model needs 1 to %d layers, got %d", NN_MAX_LAYERS, n_layers);
        return NULL;
    }
    if (in.c < 1 || in.h < 1 || in.w < 1 || in.c > NN_MAX_WIDTH || in.h > NN_MAX_SIDE ||
        in.w > NN_MAX_SIDE || shape_size(in) > NN_MAX_WIDTH) {
        sn_error(err, SN_E_ARG, "input shape %dx%dx%d is out of range", in.c, in.h, in.w);
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
        n_state += plan[l].n_state;
        if (n_params > NN_MAX_PARAMS) {
            sn_error(err, SN_E_LIMIT, "model has more than %d parameters", NN_MAX_PARAMS);
            return NULL;
        }
        shape = plan[l].out;
    }
    int width = plan[n_layers - 1].n_out;
    if (width > NN_MAX_CLASSES) {
        sn_error(err, SN_E_ARG, "the last layer has %d outputs; at most %d classes are supported",
                 width, NN_MAX_CLASSES);
        return NULL;
    }

    NnModel *m = calloc(1, sizeof *m);
    if (!m) {
        sn_error(err, SN_E_NOMEM, "out of memory for the model");
        return NULL;
    }
    m->params = calloc(n_params ? n_params : 1, sizeof *m->params);
    m->grads = calloc(n_params ? n_params : 1, sizeof *m->grads);
    m->state = n_state ? calloc(n_state, sizeof *m->state) : NULL;
    if (!m->params || !m->grads || (n_state && !m->state)) {
        nn_model_free(m);
        sn_error(err, SN_E_NOMEM, "out of memory for %zu parameters", n_params);
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
        if (nn_layer_ops[L->type]->start)
            nn_layer_ops[L->type]->start(L, L->n_state ? m->state + soff : NULL);
        soff += L->n_state;
    }
    m->n_out = width;
    info_defaults(&m->info, in, m->n_out);
    nn_rng_seed(&m->rng, 0);
    return m;
}

NnModel *nn_model_new(int n_in, const NnLayerSpec *specs, int n_layers, SnError *err)
{
    return nn_model_new_shape((NnShape){n_in, 1, 1}, specs, n_layers, err);
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

NnModel *nn_model_copy(const NnModel *m, SnError *err)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        specs[l] = (NnLayerSpec){.type = L->type, .act = L->act, .kernel = L->kernel,
                                 .pad = L->pad, .rate = L->rate,
                                 .n_out = L->type == NN_LAYER_CONV2D ? L->out.c : L->n_out};
    }
    NnModel *c = nn_model_new_shape(m->in_shape, specs, m->n_layers, err);
    if (!c)
        return NULL;
    memcpy(c->params, m->params, m->n_params * sizeof *m->params);
    if (m->n_state)
        memcpy(c->state, m->state, m->n_state * sizeof *m->state);
    c->info = m->info;
    c->rng = m->rng;
    c->n_knock = m->n_knock;
    memcpy(c->knock, m->knock, (size_t)m->n_knock * sizeof *m->knock);
    return c;
}

int nn_model_freeze(NnModel *m, SnError *err)
{
    nn_model_thaw(m);
    size_t total = 0;
    int widest = 0;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayerOps *ops = nn_layer_ops[m->layers[l].type];
        total += ops->freeze ? ops->freeze(&m->layers[l], NULL) : 0;
        widest = m->layers[l].n_in > widest ? m->layers[l].n_in : widest;
    }
    if (total == 0)
        return 0;
    m->frozen = malloc(total * sizeof *m->frozen);
    m->nz = malloc((size_t)widest * sizeof *m->nz);
    if (!m->frozen || !m->nz) {
        nn_model_thaw(m);
        return sn_error(err, SN_E_NOMEM, "out of memory for the inference copy (%zu weights)",
                        total);
    }
    float *p = m->frozen;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayerOps *ops = nn_layer_ops[m->layers[l].type];
        if (ops->freeze) {
            m->wt[l] = p;
            p += ops->freeze(&m->layers[l], p);
        }
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

void nn_layer_init_weights(NnModel *m, int l, double fan_in, double fan_out, NnRng *rng)
{
    NnLayer *L = &m->layers[l];
    /* Keep the variance of each layer's output close to that of its input so signals and
     * gradients neither die out nor blow up through the depth:
     *   He (ReLU, which zeroes half its inputs): Var(w) = 2 / fan_in
     *   Glorot/Xavier (sigmoid, tanh, linear...): Var(w) = 2 / (fan_in + fan_out)
     * fan_in is the number of inputs one output sees (C * R * R for a convolution). */
    NnAct act = L->act;
    /* a linear layer followed by a renormalisation (batchnorm) + ReLU or by a ReLU alone (an
     * activation layer) is initialised for the ReLU */
    if (act == NN_ACT_LINEAR && l + 1 < m->n_layers &&
        nn_layer_ops[m->layers[l + 1].type]->feeds_act)
        act = m->layers[l + 1].act;
    double var = act == NN_ACT_RELU ? 2.0 / fan_in : 2.0 / (fan_in + fan_out);
    float sd = (float)sqrt(var);
    for (size_t i = 0; i < L->n_weight; i++)
        L->weight[i] = sd * nn_rng_normal(rng);
    for (size_t o = 0; o < L->n_bias; o++)
        L->bias[o] = 0.0f;
}

void nn_model_init(NnModel *m, NnRng *rng)
{
    for (int l = 0; l < m->n_layers; l++)
        if (nn_layer_ops[m->layers[l].type]->init)
            nn_layer_ops[m->layers[l].type]->init(m, l, rng);
}

double nn_model_flops(const NnModel *m, int training)
{
    double total = 0.0;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayerOps *ops = nn_layer_ops[m->layers[l].type];
        double f = ops->flops ? ops->flops(&m->layers[l]) : 0.0;
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

int nn_model_reserve(NnModel *m, int n, SnError *err)
{
    if (n <= m->cap_batch)
        return 0;
    if (n < 1 || n > 1000000)
        return sn_error(err, SN_E_ARG, "batch size must be 1 to 1000000, got %d", n);
    /* Count per-sample floats (z, a when not aliased, da, the layer's own) and ints, plus the
     * layers' batch-sized extras and the largest shared scratch. */
    size_t per = 0, fixed = 0, iper = 0, col = 0;
    NnLayerWork work[NN_MAX_LAYERS];
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        const NnLayerOps *ops = nn_layer_ops[L->type];
        work[l] = ops->work ? ops->work(L, n) : (NnLayerWork){0};
        per += 2 * (size_t)L->n_out + (L->act != NN_ACT_LINEAR ? (size_t)L->n_out : 0);
        per += work[l].per_sample;
        fixed += work[l].batch;
        iper += work[l].ints_per_sample;
        col = work[l].scratch > col ? work[l].scratch : col;
    }
    if (per > (SIZE_MAX / sizeof(float) - fixed - col) / (size_t)n)
        return sn_error(err, SN_E_LIMIT, "a batch of %d is too large for this model", n);
    int rc = nn_gemm_prepare(err); /* the matrix products' own memory, before it is needed */
    if (rc)
        return rc;
    float *block = malloc((per * (size_t)n + fixed + col) * sizeof *block);
    int32_t *iblock = iper ? malloc(iper * (size_t)n * sizeof *iblock) : NULL;
    if (!block || (iper && !iblock)) {
        free(block);
        free(iblock);
        return sn_error(err, SN_E_NOMEM, "out of memory for a batch of %d", n);
    }
    free(m->work);
    free(m->iwork);
    m->work = block;
    m->iwork = iblock;
    m->cap_batch = n;
    float *p = block;
    int32_t *ip = iblock;
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        size_t sz = (size_t)L->n_out * (size_t)n;
        m->z[l] = p, p += sz;
        if (L->act != NN_ACT_LINEAR)
            m->a[l] = p, p += sz;
        else
            m->a[l] = m->z[l]; /* identity activation: the output is z itself */
        m->da[l] = p, p += sz;
        size_t extra = work[l].per_sample * (size_t)n + work[l].batch;
        m->aux[l] = extra ? p : NULL, p += extra;
        size_t ints = work[l].ints_per_sample * (size_t)n;
        m->iaux[l] = NULL;
        if (ints) /* ip is NULL when no layer needs ints: not even 0 may be added to it */
            m->iaux[l] = ip, ip += ints;
    }
    m->col = col ? p : NULL;
    return 0;
}

/* Forward: each layer makes z from its input, then its activation makes a from z. */
const float *nn_model_forward(NnModel *m, const float *x, int n)
{
    const float *inp = x;
    for (int l = 0; l < m->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        nn_layer_ops[L->type]->forward(m, l, inp, n);
        nn_act_forward(m->pool, L->act, m->z[l], m->a[l], (size_t)n, (size_t)L->n_out);
        if (m->n_knock)
            nn_knockout_apply(m, l, m->a[l], n); /* knocked-out units give 0 */
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

/* The chain backwards: the parameter gradients when params is 1 (training), dL/dx into dx
 * unless it is NULL. */
static void backward(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz,
                     float *dx, int params)
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
        if (m->n_knock)
            nn_knockout_apply(m, l, dz, n); /* a knocked-out unit's constant 0 has no gradient */
        const float *inp = l > 0 ? m->a[l - 1] : x;
        /* the error for the layer below; the input's own gradient only when asked for (training
         * does not need it) */
        float *dinp = l > 0 ? m->da[l - 1] : dx;
        if (dinp)
            memset(dinp, 0, (size_t)n * (size_t)L->n_in * sizeof *dinp);
        nn_layer_ops[L->type]->backward(m, l, inp, dz, dinp, n, params);
        g = dinp;
    }
}

void nn_model_backward(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz)
{
    backward(m, x, dout, n, dout_is_dz, NULL, 1);
}

void nn_model_backward_input(NnModel *m, const float *x, const float *dout, int n, int dout_is_dz,
                             float *dx)
{
    backward(m, x, dout, n, dout_is_dz, dx, 0);
}

int nn_model_mnist_preprocessing(const NnModel *m)
{
    return m->info.preprocess == NN_PREP_MNIST;
}

void nn_model_scale_input(const NnModelInfo *info, const float *unit, float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = unit[i] * 255.0f * info->in_scale + info->in_offset;
}

int nn_model_predict(NnModel *m, const float *x, float *out)
{
    if (nn_inspect_forward(m, x, NULL) != 0) /* the one-sample pass every inspection sees */
        return SN_E_NOMEM;
    const float *y = nn_inspect_output(m, m->n_layers - 1);
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
    return finite ? best : SN_E_NONFINITE;
}

const char *nn_model_predict_failure(int code)
{
    if (code == SN_E_NONFINITE)
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

int nn_top_class(const float *v, int n, int *second)
{
    int top = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[top])
            top = i;
    if (second) {
        int u = -1;
        for (int i = 0; i < n; i++)
            if (i != top && (u < 0 || v[i] > v[u]))
                u = i;
        *second = u;
    }
    return top;
}

int nn_model_refuses(const NnModel *m, const float *probs)
{
    const float below = m->info.refuse_below;
    if (!(below > 0.0f))
        return 0;
    return probs[nn_top_class(probs, m->info.n_classes, NULL)] < below;
}
