/* knockout.c - units whose output is forced to 0 (knockout.h).
 *
 * Knocking unit u of layer l out: a_l[u] = 0 whatever its weighted input z = sum of input x
 * weight + bias, for every sample (a feature map: all its positions). Its outgoing weights then
 * carry nothing, which is what zeroing them would do. Backward: a constant has no gradient, so
 * dL/dz_l[u] = 0 and the weights feeding u learn nothing.
 * The list lives in the model (m->knock, m->n_knock), in the order units were knocked out.
 */
#include "nn/knockout.h"

#include <string.h>

/* Values of one unit in layer L's output: a neuron 1, a feature map H' x W'. */
static int unit_size(const NnLayer *L)
{
    return L->type == NN_LAYER_CONV2D ? L->out.h * L->out.w : 1;
}

int nn_knockout_units(const NnModel *m, int l)
{
    /* the output layer's units are the classes */
    return l < m->n_layers - 1 ? nn_layer_units(m, l) : 0;
}

static int find(const NnModel *m, int layer, int unit)
{
    for (int i = 0; i < m->n_knock; i++)
        if (m->knock[i].layer == layer && m->knock[i].unit == unit)
            return i;
    return -1;
}

int nn_knockout_set(NnModel *m, int layer, int unit, int off, SnError *err)
{
    if (layer < 0 || layer >= m->n_layers)
        return sn_error(err, SN_E_ARG, "layer %d: the model has layers 0 to %d", layer,
                        m->n_layers - 1);
    const NnLayer *L = &m->layers[layer];
    if (L->type != NN_LAYER_DENSE && L->type != NN_LAYER_CONV2D)
        return sn_error(err, SN_E_ARG,
                        "layer %d (%s) has no units of its own to knock out: knock out the "
                        "neurons or filters of a dense or convolution layer",
                        layer, nn_layer_type_name(L->type));
    if (layer == m->n_layers - 1)
        return sn_error(err, SN_E_ARG,
                        "layer %d is the output layer: its units are the classes, not knocked out",
                        layer);
    const int units = nn_knockout_units(m, layer);
    if (unit < 0 || unit >= units)
        return sn_error(err, SN_E_ARG, "layer %d: unit %d: the layer has units 0 to %d", layer,
                        unit, units - 1);
    int at = find(m, layer, unit);
    if (!off) {
        if (at >= 0) { /* keep the others in their order */
            memmove(&m->knock[at], &m->knock[at + 1],
                    (size_t)(m->n_knock - at - 1) * sizeof *m->knock);
            m->n_knock--;
        }
        return 0;
    }
    if (at >= 0)
        return 0;
    if (m->n_knock >= NN_MAX_KNOCKOUTS)
        return sn_error(err, SN_E_LIMIT, "at most %d units can be knocked out at once",
                        NN_MAX_KNOCKOUTS);
    m->knock[m->n_knock++] = (NnKnockout){layer, unit};
    return 0;
}

void nn_knockout_clear(NnModel *m)
{
    m->n_knock = 0;
}

int nn_knockout_count(const NnModel *m)
{
    return m->n_knock;
}

int nn_knockout_get(const NnModel *m, int i, int *layer, int *unit)
{
    if (i < 0 || i >= m->n_knock)
        return SN_E_ARG;
    *layer = m->knock[i].layer;
    *unit = m->knock[i].unit;
    return 0;
}

int nn_knockout_is_set(const NnModel *m, int layer, int unit)
{
    return find(m, layer, unit) >= 0;
}

void nn_knockout_apply(const NnModel *m, int l, float *v, int n)
{
    const NnLayer *L = &m->layers[l];
    const size_t D = (size_t)L->n_out, size = (size_t)unit_size(L);
    for (int i = 0; i < m->n_knock; i++) {
        if (m->knock[i].layer != l)
            continue;
        for (int s = 0; s < n; s++) /* unit u's values: [u * size, (u + 1) * size) of a sample */
            memset(v + (size_t)s * D + (size_t)m->knock[i].unit * size, 0, size * sizeof *v);
    }
}
