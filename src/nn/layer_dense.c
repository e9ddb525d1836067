/* layer_dense.c - the dense (fully connected) layer type: every output neuron sees every input.
 * z = inp W^T + b for a batch: inp (N, I), weights W (O, I), biases b (O), z (N, O). The
 * kernels are in dense.c; this file says what the model and its files make of the type.
 */
#include <string.h>

#include "nn/dense.h"
#include "nn/layer.h"

/* The shape rule: any input, seen as a flat vector of I values, gives (O, 1, 1). */
static void dense_shape(NnLayer *L, int n_out)
{
    size_t n_in = (size_t)L->in.c * (size_t)L->in.h * (size_t)L->in.w;
    L->out = (NnShape){n_out, 1, 1};
    L->n_weight = (size_t)n_out * n_in;
    L->n_bias = (size_t)n_out;
}

/* "256": a width. */
static int dense_parse(const char *name, const char *text, NnLayerSpec *s, SnError *err)
{
    (void)text, (void)err;
    const char *p = name;
    long w = nn_spec_take_int(&p, NN_MAX_WIDTH);
    if (w < 1 || *p)
        return 0; /* not a width: the spec parser explains what an item may be */
    s->type = NN_LAYER_DENSE;
    s->n_out = (int)w;
    return 1;
}

static int dense_plan(NnLayer *L, const NnLayerSpec *s, int l, SnError *err)
{
    if (s->n_out < 1 || s->n_out > NN_MAX_WIDTH)
        return sn_error(err, SN_E_ARG, "layer %d: width must be 1 to %d, got %d", l, NN_MAX_WIDTH,
                        s->n_out);
    dense_shape(L, s->n_out);
    return 0;
}

/* "inputs" (what the layer before gives), "outputs", "activation". */
static int dense_read(NnLayerRead *r)
{
    NnLayerSpec *s = nn_read_spec(r);
    NnLayer *L = nn_read_layer(r);
    int v = 0, n_out = 0, rc;
    if ((rc = nn_read_match(r, "inputs", L->in.c * L->in.h * L->in.w, &v)) != 0 ||
        (rc = nn_read_int(r, "outputs", 1, NN_MAX_WIDTH, &n_out)) != 0 ||
        (rc = nn_read_act(r, &s->act)) != 0)
        return rc;
    s->n_out = n_out;
    dense_shape(L, n_out);
    return 0;
}

static void dense_write(Bytes *b, const NnLayer *L)
{
    bytes_printf(b, ", \"inputs\": %d, \"outputs\": %d, \"activation\": \"%s\"", L->n_in, L->n_out,
                 nn_act_name(L->act));
}

/* weights (out, in): one row of n_in numbers per output neuron; biases (out) */
static int dense_arrays(const NnLayer *L, NnLayerArray *a)
{
    a[0] = (NnLayerArray){"weights", L->weight, L->n_weight, (size_t)L->n_out, NULL};
    a[1] = (NnLayerArray){"biases", L->bias, L->n_bias, 1, NULL};
    return 2;
}

static void dense_init(NnModel *m, int l, NnRng *rng)
{
    const NnLayer *L = &m->layers[l];
    nn_layer_init_weights(m, l, (double)L->n_weight / (double)L->n_bias, (double)L->n_out, rng);
}

/* the inference copy: W^T (I, O), so that one sample's forward pass adds up just the rows of
 * its non-zero inputs */
static size_t dense_freeze(const NnLayer *L, float *wt)
{
    for (int o = 0; wt && o < L->n_out; o++)
        for (int i = 0; i < L->n_in; i++)
            wt[(size_t)i * L->n_out + o] = L->weight[(size_t)o * L->n_in + i];
    return L->n_weight;
}

static void dense_forward(NnModel *m, int l, const float *inp, int n)
{
    const NnLayer *L = &m->layers[l];
    if (n == 1 && m->wt[l]) /* one sample of a frozen model: only the non-zero inputs count */
        nn_dense_forward_sparse(m->z[l], inp, m->wt[l], L->bias, L->n_in, L->n_out, m->nz);
    else
        nn_dense_forward(m->pool, m->z[l], inp, L->weight, L->bias, n, L->n_in, L->n_out);
}

static void dense_backward(NnModel *m, int l, const float *inp, const float *dz, float *dinp, int n,
                           int params)
{
    NnLayer *L = &m->layers[l];
    nn_dense_backward(m->pool, dinp, params ? L->dweight : NULL, params ? L->dbias : NULL, dz, inp,
                      L->weight, n, L->n_in, L->n_out);
}

/* a multiply-add per weight */
static double dense_flops(const NnLayer *L)
{
    return 2.0 * L->n_in * L->n_out;
}

const NnLayerOps nn_layer_dense = {
    .name = "dense",
    .parse = dense_parse,
    .plan = dense_plan,
    .read = dense_read,
    .write = dense_write,
    .arrays = dense_arrays,
    .init = dense_init,
    .freeze = dense_freeze,
    .forward = dense_forward,
    .backward = dense_backward,
    .flops = dense_flops,
};
