/* layer.c - the table of layer types, made from NN_LAYER_TYPES (model.h), their names, and
 * which of them have units. */
#include "nn/layer.h"

#include <stdio.h>
#include <string.h>

const NnLayerOps *const nn_layer_ops[NN_LAYER_COUNT] = {
#define NN_LAYER_ENTRY(type, ops) [type] = &ops,
    NN_LAYER_TYPES(NN_LAYER_ENTRY)
#undef NN_LAYER_ENTRY
};

const char *nn_layer_type_name(NnLayerType type)
{
    return (type >= 0 && type < NN_LAYER_COUNT) ? nn_layer_ops[type]->name : "unknown";
}

int nn_layer_units(const NnModel *m, int l)
{
    if (!m || l < 0 || l >= m->n_layers)
        return 0;
    const NnLayer *L = &m->layers[l];
    return L->type == NN_LAYER_DENSE || L->type == NN_LAYER_CONV2D ? L->out.c : 0;
}

int nn_layer_type_parse(const char *name, NnLayerType *type)
{
    for (int i = 0; i < NN_LAYER_COUNT; i++) {
        if (strcmp(name, nn_layer_ops[i]->name) == 0) {
            *type = (NnLayerType)i;
            return 0;
        }
    }
    return SN_E_ARG;
}

void nn_layer_describe(const NnLayer *L, char *dst, size_t size)
{
    if (size == 0)
        return;
    dst[0] = '\0';
    if (L->type >= 0 && L->type < NN_LAYER_COUNT && nn_layer_ops[L->type]->describe)
        nn_layer_ops[L->type]->describe(L, dst, size);
}
