/* model.c - a sequential network: building it, initialising it, the forward pass and
 * backpropagation.
 *
 * Forward: a_0 = x; for each layer l: z_l = a_{l-1} . W_l^T + b_l, a_l = f_l(z_l). What comes out
 * of one layer's activation becomes the input of the next.
 * Backward (backpropagation): start from dL/da_last and walk the layers in reverse. At each layer
 * the chain rule gives dL/dz_l = dL/da_l * f_l'(z_l), then the dense layer turns dL/dz_l into
 * gradients for its weights and biases and into dL/da_{l-1} for the layer below.
 * N = batch, D_l = width of layer l (D_0 = input width).
 */
#include "nn/model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/dense.h"

static void info_defaults(NnModelInfo *info, int n_in, int n_out)
{
    memset(info, 0, sizeof *info);
    snprintf(info->name, sizeof info->name, "model");
    if (n_in == 784) {
        info->in_c = 1, info->in_h = 28, info->in_w = 28;
    } else {
        info->in_c = n_in, info->in_h = 1, info->in_w = 1;
    }
    info->in_scale = 1.0f / 255.0f;
    info->in_offset = 0.0f;
    snprintf(info->preprocess, sizeof info->preprocess, "%s", n_in == 784 ? "mnist" : "none");
    info->n_classes = n_out;
    for (int i = 0; i < info->n_classes; i++)
        snprintf(info->labels[i], NN_LABEL_LEN, "%d", i);
    info->train.train_accuracy = -1.0f;
    info->train.val_accuracy = -1.0f;
    info->train.test_accuracy = -1.0f;
}

NnModel *nn_model_new(int n_in, const NnLayerSpec *specs, int n_layers, NnError *err)
{
    if (n_layers < 1 || n_layers > NN_MAX_LAYERS) {
        nn_error(err, NN_E_ARG, "a model needs 1 to %d layers, got %d", NN_MAX_LAYERS, n_layers);
        return NULL;
    }
    if (n_in < 1 || n_in > NN_MAX_WIDTH) {
        nn_error(err, NN_E_ARG, "input width must be 1 to %d, got %d", NN_MAX_WIDTH, n_in);
        return NULL;
    }
    /* Count parameters first, in size_t with a ceiling, before allocating anything. */
    size_t n_params = 0;
    int width = n_in;
    for (int l = 0; l < n_layers; l++) {
        const NnLayerSpec *s = &specs[l];
        if (s->type != NN_LAYER_DENSE) {
            nn_error(err, NN_E_ARG, "layer %d: unknown layer type %d", l, (int)s->type);
            return NULL;
        }
        if (s->n_out < 1 || s->n_out > NN_MAX_WIDTH) {
            nn_error(err, NN_E_ARG, "layer %d: width must be 1 to %d, got %d", l, NN_MAX_WIDTH,
                     s->n_out);
            return NULL;
        }
        if ((int)s->act < 0 || s->act >= NN_ACT_COUNT) {
            nn_error(err, NN_E_ARG, "layer %d: unknown activation %d", l, (int)s->act);
            return NULL;
        }
        if (s->act == NN_ACT_SOFTMAX && l != n_layers - 1) {
            nn_error(err, NN_E_ARG, "layer %d: softmax is only allowed on the last layer", l);
            return NULL;
        }
        n_params += (size_t)s->n_out * (size_t)width + (size_t)s->n_out; /* each <= 2^32 */
        if (n_params > NN_MAX_PARAMS) {
            nn_error(err, NN_E_LIMIT, "model has more than %d parameters", NN_MAX_PARAMS);
            return NULL;
        }
        width = s->n_out;
    }
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
    m->params = calloc(n_params, sizeof *m->params);
    m->grads = calloc(n_params, sizeof *m->grads);
    if (!m->params || !m->grads) {
        nn_model_free(m);
        nn_error(err, NN_E_NOMEM, "out of memory for %zu parameters", n_params);
        return NULL;
    }
    m->n_layers = n_layers;
    m->n_in = n_in;
    m->n_params = n_params;
    /* Point each layer into the one parameter block and the one gradient block. */
    size_t off = 0;
    width = n_in;
    for (int l = 0; l < n_layers; l++) {
        NnLayer *L = &m->layers[l];
        L->type = specs[l].type;
        L->act = specs[l].act;
        L->n_in = width;
        L->n_out = specs[l].n_out;
        L->n_weight = (size_t)L->n_out * (size_t)L->n_in;
        L->weight = m->params + off;
        L->dweight = m->grads + off;
        off += L->n_weight;
        L->bias = m->params + off;
        L->dbias = m->grads + off;
        off += (size_t)L->n_out;
        width = L->n_out;
    }
    m->n_out = width;
    info_defaults(&m->info, n_in, m->n_out);
    return m;
}

void nn_model_free(NnModel *m)
{
    if (!m)
        return;
    free(m->params);
    free(m->grads);
    free(m->work);
    free(m);
}

void nn_model_init(NnModel *m, NnRng *rng)
{
    for (int l = 0; l < m->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        /* Keep the variance of each layer's output close to that of its input so signals and
         * gradients neither die out nor blow up through the depth:
         *   He (ReLU, which zeroes half its inputs): Var(w) = 2 / fan_in
         *   Glorot/Xavier (sigmoid, tanh, linear...): Var(w) = 2 / (fan_in + fan_out) */
        double var = (L->act == NN_ACT_RELU) ? 2.0 / L->n_in : 2.0 / (L->n_in + L->n_out);
        float sd = (float)sqrt(var);
        for (size_t i = 0; i < L->n_weight; i++)
            L->weight[i] = sd * nn_rng_normal(rng);
        for (int o = 0; o < L->n_out; o++)
            L->bias[o] = 0.0f;
    }
}

int nn_model_reserve(NnModel *m, int n, NnError *err)
{
    if (n <= m->cap_batch)
        return 0;
    if (n < 1 || n > 1000000)
        return nn_error(err, NN_E_ARG, "batch size must be 1 to 1000000, got %d", n);
    /* z, a and da for every layer, plus dinput: all in one block */
    size_t per_sample = (size_t)m->n_in;
    for (int l = 0; l < m->n_layers; l++)
        per_sample += 3 * (size_t)m->layers[l].n_out;
    float *work = malloc(per_sample * (size_t)n * sizeof *work);
    if (!work)
        return nn_error(err, NN_E_NOMEM, "out of memory for a batch of %d", n);
    free(m->work);
    m->work = work;
    m->cap_batch = n;
    float *p = work;
    for (int l = 0; l < m->n_layers; l++) {
        size_t sz = (size_t)m->layers[l].n_out * (size_t)n;
        m->z[l] = p, p += sz;
        m->a[l] = p, p += sz;
        m->da[l] = p, p += sz;
    }
    m->dinput = p;
    return 0;
}

const float *nn_model_forward(NnModel *m, const float *x, int n)
{
    const float *inp = x;
    for (int l = 0; l < m->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        nn_dense_forward(m->z[l], inp, L->weight, L->bias, n, L->n_in, L->n_out);
        nn_act_forward(L->act, m->z[l], m->a[l], (size_t)n, (size_t)L->n_out);
        inp = m->a[l]; /* this layer's output is the next layer's input */
    }
    return m->a[m->n_layers - 1];
}

void nn_model_zero_grad(NnModel *m)
{
    memset(m->grads, 0, m->n_params * sizeof *m->grads);
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
            nn_act_backward(L->act, m->z[l], m->a[l], g, dz, (size_t)n, (size_t)L->n_out);
        }
        const float *inp = l > 0 ? m->a[l - 1] : x;
        /* the error for the layer below; the input's gradient is not needed to train */
        float *dinp = l > 0 ? m->da[l - 1] : NULL;
        if (dinp)
            memset(dinp, 0, (size_t)n * (size_t)L->n_in * sizeof *dinp);
        nn_dense_backward(dinp, L->dweight, L->dbias, dz, inp, L->weight, n, L->n_in, L->n_out);
        g = dinp;
    }
}

int nn_model_predict(NnModel *m, const float *x, float *out)
{
    if (nn_model_reserve(m, 1, NULL) != 0)
        return -1;
    const float *y = nn_model_forward(m, x, 1);
    int best = 0;
    for (int i = 0; i < m->n_out; i++) {
        if (out)
            out[i] = y[i];
        if (y[i] > y[best])
            best = i;
    }
    return best;
}

void nn_model_scale_input(const NnModelInfo *info, const float *unit, float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = unit[i] * 255.0f * info->in_scale + info->in_offset;
}

int nn_spec_parse(const char *text, int *n_in, NnLayerSpec *specs, NnError *err)
{
    /* "784,256:relu,128:relu,10:softmax": the input width, then width[:activation] per layer */
    char buf[1024];
    if (strlen(text) >= sizeof buf)
        return nn_error(err, NN_E_ARG, "layer spec is too long");
    snprintf(buf, sizeof buf, "%s", text);
    int count = -1; /* -1: the first item is the input width */
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*item))
            item++;
        char *colon = strchr(item, ':');
        if (colon)
            *colon = '\0';
        errno = 0;
        char *end = NULL;
        long w = strtol(item, &end, 10);
        if (end == item || *end != '\0' || errno || w < 1 || w > NN_MAX_WIDTH)
            return nn_error(err, NN_E_ARG, "layer spec \"%s\": \"%s\" is not a width from 1 to %d",
                            text, item, NN_MAX_WIDTH);
        if (count < 0) {
            if (colon)
                return nn_error(err, NN_E_ARG,
                                "layer spec \"%s\": the first number is the input width and takes "
                                "no activation", text);
            *n_in = (int)w;
        } else {
            if (count >= NN_MAX_LAYERS)
                return nn_error(err, NN_E_ARG, "layer spec \"%s\": more than %d layers", text,
                                NN_MAX_LAYERS);
            NnAct act = NN_ACT_LINEAR;
            if (colon && nn_act_parse(colon + 1, &act) != 0)
                return nn_error(err, NN_E_ARG,
                                "layer spec \"%s\": unknown activation \"%s\" (linear, step, "
                                "sigmoid, relu, tanh, softmax)", text, colon + 1);
            specs[count] = (NnLayerSpec){.type = NN_LAYER_DENSE, .n_out = (int)w, .act = act};
        }
        count++;
    }
    if (count < 1)
        return nn_error(err, NN_E_ARG,
                        "layer spec \"%s\": needs the input width and at least one layer, e.g. "
                        "784,128:relu,10:softmax", text);
    return count;
}
