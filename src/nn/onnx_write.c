/* onnx_write.c - a scratchnet model as an ONNX file (opset 13), packed by protobuf-c.
 *
 * The graph takes "pixels" (N, C, H, W): pixel values 0..255, 0 the background, the values the
 * model's input scaling starts from (a drawing after its preprocessing, an IDX image's bytes).
 * The scaling is the graph's first nodes (Mul by the scale, Add of the offset), so a program
 * running the file feeds pixels as they are. Then one node per layer (a Flatten first where a
 * dense layer reads an image), one per activation, and the output "probabilities" (N, classes)
 * when the model ends in a softmax, else "outputs". The labels, the preprocessing, the refusal
 * rule and the model's name are metadata (docs/model-format.md, "ONNX").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/json.h"
#include "nn/model_io.h"
#include "nn/onnx_internal.h"

/* Every structure the model is built from, freed together at the end. */
typedef struct Writer {
    void **owned;
    size_t n_owned, cap_owned;
    int failed;
    Onnx__NodeProto **nodes;
    size_t n_nodes, cap_nodes;
    Onnx__TensorProto **inits;
    size_t n_inits, cap_inits;
    char cur[32]; /* the name of the value the next node reads */
    int image;    /* that value is (N, C, H, W), else (N, D) */
    int count;    /* values named so far */
} Writer;

static void *keep(Writer *w, void *p)
{
    if (!p) {
        w->failed = 1;
        return NULL;
    }
    if (w->n_owned == w->cap_owned) {
        size_t cap = w->cap_owned ? 2 * w->cap_owned : 256;
        void **q = realloc(w->owned, cap * sizeof *q);
        if (!q) {
            free(p);
            w->failed = 1;
            return NULL;
        }
        w->owned = q;
        w->cap_owned = cap;
    }
    w->owned[w->n_owned++] = p;
    return p;
}

static void *zalloc(Writer *w, size_t size)
{
    return keep(w, calloc(1, size ? size : 1));
}

static char *text(Writer *w, const char *s)
{
    char *p = zalloc(w, strlen(s) + 1);
    if (p)
        memcpy(p, s, strlen(s) + 1);
    return p;
}

static int push(Writer *w, void ***list, size_t *n, size_t *cap, void *item)
{
    if (!item)
        return -1;
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        void **q = realloc(*list, c * sizeof *q);
        if (!q) {
            w->failed = 1;
            return -1;
        }
        *list = q;
        *cap = c;
    }
    (*list)[(*n)++] = item;
    return 0;
}

/* a float initializer of n values and the given dimensions (rank 0: a scalar) */
static const char *init_floats(Writer *w, const char *name, const float *v, size_t n,
                               const int64_t *dims, size_t rank)
{
    Onnx__TensorProto *t = zalloc(w, sizeof *t);
    uint8_t *raw = zalloc(w, 4 * n);
    int64_t *d = zalloc(w, (rank ? rank : 1) * sizeof *d);
    char *nm = text(w, name);
    if (!t || !raw || !d || !nm)
        return NULL;
    onnx__tensor_proto__init(t);
    for (size_t k = 0; k < n; k++) { /* little-endian, whatever this machine is */
        uint32_t bits;
        memcpy(&bits, &v[k], 4);
        for (int b = 0; b < 4; b++)
            raw[4 * k + (size_t)b] = (uint8_t)(bits >> (8 * b));
    }
    if (rank)
        memcpy(d, dims, rank * sizeof *d);
    t->name = nm;
    t->has_data_type = 1;
    t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    t->n_dims = rank;
    t->dims = d;
    t->has_raw_data = 1;
    t->raw_data.len = 4 * n;
    t->raw_data.data = raw;
    if (push(w, (void ***)&w->inits, &w->n_inits, &w->cap_inits, t) != 0)
        return NULL;
    return nm;
}

static Onnx__AttributeProto *new_attr(Writer *w, const char *name,
                                      Onnx__AttributeProto__AttributeType type)
{
    Onnx__AttributeProto *a = zalloc(w, sizeof *a);
    if (!a)
        return NULL;
    onnx__attribute_proto__init(a);
    a->name = text(w, name);
    a->has_type = 1;
    a->type = type;
    return a->name ? a : NULL;
}

static Onnx__AttributeProto *attr_ints(Writer *w, const char *name, const int64_t *v, size_t n)
{
    Onnx__AttributeProto *a = new_attr(w, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS);
    int64_t *copy = zalloc(w, n * sizeof *copy);
    if (!a || !copy)
        return NULL;
    memcpy(copy, v, n * sizeof *copy);
    a->n_ints = n;
    a->ints = copy;
    return a;
}

static Onnx__AttributeProto *attr_int(Writer *w, const char *name, int64_t v)
{
    Onnx__AttributeProto *a = new_attr(w, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT);
    if (a)
        a->has_i = 1, a->i = v;
    return a;
}

static Onnx__AttributeProto *attr_float(Writer *w, const char *name, float v)
{
    Onnx__AttributeProto *a = new_attr(w, name, ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT);
    if (a)
        a->has_f = 1, a->f = v;
    return a;
}

/* a node op(cur, extra inputs...) -> a new value, which becomes cur; attributes NULL-ended */
static Onnx__NodeProto *node(Writer *w, const char *op, const char *name,
                             const char *const *extra, size_t n_extra,
                             Onnx__AttributeProto **attrs, size_t n_attrs)
{
    Onnx__NodeProto *n = zalloc(w, sizeof *n);
    char **in = zalloc(w, (1 + n_extra) * sizeof *in);
    char **out = zalloc(w, sizeof *out);
    Onnx__AttributeProto **a = zalloc(w, (n_attrs ? n_attrs : 1) * sizeof *a);
    if (!n || !in || !out || !a)
        return NULL;
    onnx__node_proto__init(n);
    in[0] = text(w, w->cur);
    for (size_t k = 0; k < n_extra; k++) {
        if (!extra[k])
            return NULL;
        in[1 + k] = text(w, extra[k]);
    }
    snprintf(w->cur, sizeof w->cur, "t%d", ++w->count);
    out[0] = text(w, w->cur);
    for (size_t k = 0; k < n_attrs; k++) {
        if (!attrs[k])
            return NULL;
        a[k] = attrs[k];
    }
    n->op_type = text(w, op);
    n->name = text(w, name);
    n->n_input = 1 + n_extra;
    n->input = in;
    n->n_output = 1;
    n->output = out;
    n->n_attribute = n_attrs;
    n->attribute = a;
    if (!n->op_type || !n->name || !out[0])
        return NULL;
    if (push(w, (void ***)&w->nodes, &w->n_nodes, &w->cap_nodes, n) != 0)
        return NULL;
    return n;
}

static int flatten(Writer *w, const char *name)
{
    if (!w->image)
        return 0;
    Onnx__AttributeProto *a[] = {attr_int(w, "axis", 1)};
    w->image = 0;
    return node(w, "Flatten", name, NULL, 0, a, 1) ? 0 : -1;
}

static int write_activation(Writer *w, NnAct act, int l)
{
    char name[48];
    snprintf(name, sizeof name, "layer%d_%s", l + 1, nn_act_name(act));
    switch (act) {
    case NN_ACT_LINEAR:
        return 0;
    case NN_ACT_RELU:
        return node(w, "Relu", name, NULL, 0, NULL, 0) ? 0 : -1;
    case NN_ACT_SIGMOID:
        return node(w, "Sigmoid", name, NULL, 0, NULL, 0) ? 0 : -1;
    case NN_ACT_TANH:
        return node(w, "Tanh", name, NULL, 0, NULL, 0) ? 0 : -1;
    case NN_ACT_STEP: { /* 1 where the value is above 0: Greater, then Cast to float */
        const float zero = 0.0f;
        const char *z[] = {init_floats(w, "step_zero", &zero, 1, NULL, 0)};
        if (!node(w, "Greater", name, z, 1, NULL, 0))
            return -1;
        Onnx__AttributeProto *a[] = {attr_int(w, "to", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT)};
        snprintf(name, sizeof name, "layer%d_step_float", l + 1);
        return node(w, "Cast", name, NULL, 0, a, 1) ? 0 : -1;
    }
    case NN_ACT_SOFTMAX: {
        if (flatten(w, "flatten_for_softmax") != 0)
            return -1;
        Onnx__AttributeProto *a[] = {attr_int(w, "axis", -1)};
        return node(w, "Softmax", name, NULL, 0, a, 1) ? 0 : -1;
    }
    default:
        return -1;
    }
}

static int write_layer(Writer *w, const NnLayer *L, int l)
{
    char name[48], wn[32], bn[32];
    snprintf(wn, sizeof wn, "layer%d_weights", l + 1);
    snprintf(bn, sizeof bn, "layer%d_biases", l + 1);
    switch (L->type) {
    case NN_LAYER_DENSE: {
        snprintf(name, sizeof name, "layer%d_flatten", l + 1);
        if (flatten(w, name) != 0)
            return -1;
        int64_t wd[2] = {L->n_out, L->n_in}, bd[1] = {L->n_out};
        const char *in[] = {init_floats(w, wn, L->weight, L->n_weight, wd, 2),
                            init_floats(w, bn, L->bias, L->n_bias, bd, 1)};
        Onnx__AttributeProto *a[] = {attr_int(w, "transB", 1)};
        snprintf(name, sizeof name, "layer%d_dense", l + 1);
        if (!node(w, "Gemm", name, in, 2, a, 1))
            return -1;
        break;
    }
    case NN_LAYER_CONV2D: {
        int64_t wd[4] = {L->out.c, L->in.c, L->kernel, L->kernel}, bd[1] = {L->out.c};
        const char *in[] = {init_floats(w, wn, L->weight, L->n_weight, wd, 4),
                            init_floats(w, bn, L->bias, L->n_bias, bd, 1)};
        int64_t k[2] = {L->kernel, L->kernel}, p[4] = {L->pad, L->pad, L->pad, L->pad};
        int64_t one[2] = {1, 1};
        Onnx__AttributeProto *a[] = {attr_ints(w, "kernel_shape", k, 2),
                                     attr_ints(w, "pads", p, 4), attr_ints(w, "strides", one, 2)};
        snprintf(name, sizeof name, "layer%d_conv2d", l + 1);
        if (!node(w, "Conv", name, in, 2, a, 3))
            return -1;
        break;
    }
    case NN_LAYER_MAXPOOL2: {
        int64_t two[2] = {2, 2};
        Onnx__AttributeProto *a[] = {attr_ints(w, "kernel_shape", two, 2),
                                     attr_ints(w, "strides", two, 2)};
        snprintf(name, sizeof name, "layer%d_maxpool2", l + 1);
        if (!node(w, "MaxPool", name, NULL, 0, a, 2))
            return -1;
        break;
    }
    case NN_LAYER_DROPOUT: { /* passes values on when classifying; kept for its rate */
        char rn[32];
        snprintf(rn, sizeof rn, "layer%d_rate", l + 1);
        const char *in[] = {init_floats(w, rn, &L->rate, 1, NULL, 0)};
        snprintf(name, sizeof name, "layer%d_dropout", l + 1);
        if (!node(w, "Dropout", name, in, 1, NULL, 0))
            return -1;
        break;
    }
    case NN_LAYER_BATCHNORM: {
        int64_t cd[1] = {(int64_t)L->n_weight};
        char mn[32], vn[32];
        snprintf(mn, sizeof mn, "layer%d_running_mean", l + 1);
        snprintf(vn, sizeof vn, "layer%d_running_var", l + 1);
        snprintf(wn, sizeof wn, "layer%d_gamma", l + 1);
        snprintf(bn, sizeof bn, "layer%d_beta", l + 1);
        const char *in[] = {init_floats(w, wn, L->weight, L->n_weight, cd, 1),
                            init_floats(w, bn, L->bias, L->n_bias, cd, 1),
                            init_floats(w, mn, L->run_mean, L->n_weight, cd, 1),
                            init_floats(w, vn, L->run_var, L->n_weight, cd, 1)};
        Onnx__AttributeProto *a[] = {attr_float(w, "epsilon", 1e-5f)};
        snprintf(name, sizeof name, "layer%d_batchnorm", l + 1);
        if (!node(w, "BatchNormalization", name, in, 4, a, 1))
            return -1;
        break;
    }
    case NN_LAYER_FLATTEN:
        snprintf(name, sizeof name, "layer%d_flatten", l + 1);
        if (flatten(w, name) != 0)
            return -1;
        break;
    default: /* an activation layer: only its activation */
        break;
    }
    /* dense and flatten give (N, D), conv2d and maxpool2 (N, C, H, W); the rest keep theirs */
    if (L->type == NN_LAYER_DENSE || L->type == NN_LAYER_FLATTEN)
        w->image = 0;
    else if (L->type == NN_LAYER_CONV2D || L->type == NN_LAYER_MAXPOOL2)
        w->image = 1;
    return write_activation(w, L->act, l);
}

static Onnx__ValueInfoProto *value_info(Writer *w, const char *name, const int64_t *dims,
                                        size_t rank)
{
    Onnx__ValueInfoProto *v = zalloc(w, sizeof *v);
    Onnx__TypeProto *t = zalloc(w, sizeof *t);
    Onnx__TypeProto__Tensor *tt = zalloc(w, sizeof *tt);
    Onnx__TensorShapeProto *s = zalloc(w, sizeof *s);
    Onnx__TensorShapeProto__Dimension **d = zalloc(w, rank * sizeof *d);
    if (!v || !t || !tt || !s || !d)
        return NULL;
    onnx__value_info_proto__init(v);
    onnx__type_proto__init(t);
    onnx__type_proto__tensor__init(tt);
    onnx__tensor_shape_proto__init(s);
    for (size_t k = 0; k < rank; k++) {
        d[k] = zalloc(w, sizeof *d[k]);
        if (!d[k])
            return NULL;
        onnx__tensor_shape_proto__dimension__init(d[k]);
        if (dims[k] < 0) { /* the batch: any size */
            d[k]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
            d[k]->dim_param = text(w, "batch");
        } else {
            d[k]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
            d[k]->dim_value = dims[k];
        }
    }
    s->n_dim = rank;
    s->dim = d;
    tt->has_elem_type = 1;
    tt->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    tt->shape = s;
    t->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    t->tensor_type = tt;
    v->name = text(w, name);
    v->type = t;
    return v->name ? v : NULL;
}

static Onnx__StringStringEntryProto *entry(Writer *w, const char *key, const char *value)
{
    Onnx__StringStringEntryProto *e = zalloc(w, sizeof *e);
    if (!e)
        return NULL;
    onnx__string_string_entry_proto__init(e);
    e->key = text(w, key);
    e->value = text(w, value);
    return e->key && e->value ? e : NULL;
}

/* the labels as a JSON array, the refusal rule as an object */
static char *json_text(Writer *w, const NnModel *m, int refusal)
{
    cJSON *j = refusal ? cJSON_CreateObject() : cJSON_CreateArray();
    if (!j)
        return NULL;
    int ok = 1;
    if (refusal) {
        ok = cJSON_AddStringToObject(j, "rule", NN_REFUSAL_RULE) &&
             cJSON_AddNumberToObject(j, "below", (double)m->info.refuse_below);
    } else {
        for (int k = 0; k < m->info.n_classes && ok; k++) {
            cJSON *s = cJSON_CreateString(m->info.labels[k]);
            ok = s && cJSON_AddItemToArray(j, s);
        }
    }
    char *s = ok ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return keep(w, s);
}

static int build_graph(Writer *w, const NnModel *m, Onnx__GraphProto *g)
{
    const NnModelInfo *info = &m->info;
    snprintf(w->cur, sizeof w->cur, "pixels");
    w->image = 1;
    const char *scale[] = {init_floats(w, "input_scale", &info->in_scale, 1, NULL, 0)};
    if (!node(w, "Mul", "input_scale", scale, 1, NULL, 0))
        return -1;
    if (info->in_offset != 0.0f) {
        const char *off[] = {init_floats(w, "input_offset", &info->in_offset, 1, NULL, 0)};
        if (!node(w, "Add", "input_offset", off, 1, NULL, 0))
            return -1;
    }
    for (int l = 0; l < m->n_layers; l++)
        if (write_layer(w, &m->layers[l], l) != 0)
            return -1;
    if (flatten(w, "flatten_output") != 0)
        return -1;
    int softmax = m->layers[m->n_layers - 1].act == NN_ACT_SOFTMAX;
    const char *out_name = softmax ? "probabilities" : "outputs";
    if (w->n_nodes == 0) /* nothing after the scaling: cannot happen, a Mul is always written */
        return -1;
    Onnx__NodeProto *last = w->nodes[w->n_nodes - 1];
    last->output[0] = text(w, out_name);
    int64_t in_dims[4] = {-1, info->in_c, info->in_h, info->in_w};
    int64_t out_dims[2] = {-1, m->n_out};
    Onnx__ValueInfoProto **ins = zalloc(w, sizeof *ins), **outs = zalloc(w, sizeof *outs);
    if (!ins || !outs || !last->output[0])
        return -1;
    ins[0] = value_info(w, "pixels", in_dims, 4);
    outs[0] = value_info(w, out_name, out_dims, 2);
    if (!ins[0] || !outs[0])
        return -1;
    char doc[512];
    snprintf(doc, sizeof doc,
             "scratchnet model \"%s\". Input \"pixels\" (N, %d, %d, %d): pixel values 0 to 255, "
             "0 the background and 255 full ink%s. Output \"%s\" (N, %d): %s.",
             info->name, info->in_c, info->in_h, info->in_w,
             info->preprocess == NN_PREP_MNIST
                 ? ", after MNIST's preprocessing (the ink cropped, fitted into 20 x 20 and "
                   "centred by its mass in 28 x 28)"
                 : "",
             out_name, m->n_out,
             softmax ? "the probability of each class, labels in the metadata"
                     : "the network's outputs, one per class");
    g->name = text(w, "scratchnet");
    g->doc_string = text(w, doc);
    g->n_node = w->n_nodes;
    g->node = w->nodes;
    g->n_initializer = w->n_inits;
    g->initializer = w->inits;
    g->n_input = 1;
    g->input = ins;
    g->n_output = 1;
    g->output = outs;
    return g->name && g->doc_string && !w->failed ? 0 : -1;
}

static int build_model(Writer *w, const NnModel *m, Onnx__ModelProto *mp, Onnx__GraphProto *g)
{
    if (build_graph(w, m, g) != 0)
        return -1;
    Onnx__OperatorSetIdProto *op = zalloc(w, sizeof *op);
    Onnx__OperatorSetIdProto **ops = zalloc(w, sizeof *ops);
    Onnx__StringStringEntryProto **meta = zalloc(w, 5 * sizeof *meta);
    if (!op || !ops || !meta)
        return -1;
    onnx__operator_set_id_proto__init(op);
    op->domain = text(w, "");
    op->has_version = 1;
    op->version = NN_ONNX_OPSET_WRITTEN;
    ops[0] = op;
    size_t n_meta = 0;
    meta[n_meta++] = entry(w, ONNX_META_NAME, m->info.name);
    meta[n_meta++] = entry(w, ONNX_META_LABELS, json_text(w, m, 0));
    meta[n_meta++] = entry(w, ONNX_META_PREPROCESS, nn_preprocess_name(m->info.preprocess));
    meta[n_meta++] = entry(w, ONNX_META_INPUT, ONNX_META_INPUT_PIXELS);
    if (m->info.refuse_below > 0.0f)
        meta[n_meta++] = entry(w, ONNX_META_REFUSAL, json_text(w, m, 1));
    for (size_t k = 0; k < n_meta; k++)
        if (!meta[k])
            return -1;
    mp->has_ir_version = 1;
    mp->ir_version = 7; /* the IR of opset 13 */
    mp->n_opset_import = 1;
    mp->opset_import = ops;
    mp->producer_name = text(w, "scratchnet");
    mp->graph = g;
    mp->n_metadata_props = n_meta;
    mp->metadata_props = meta;
    return w->failed ? -1 : 0;
}

uint8_t *nn_onnx_to_bytes(const NnModel *m, size_t *size, SnError *err)
{
    Writer w;
    memset(&w, 0, sizeof w);
    Onnx__ModelProto mp;
    Onnx__GraphProto g;
    onnx__model_proto__init(&mp);
    onnx__graph_proto__init(&g);
    uint8_t *bytes = NULL;
    if (m->n_layers < 1) {
        sn_error(err, SN_E_ARG, "a model without layers cannot be written");
    } else if (build_model(&w, m, &mp, &g) != 0) {
        sn_error(err, SN_E_NOMEM, "out of memory writing the ONNX model");
    } else {
        *size = onnx__model_proto__get_packed_size(&mp);
        bytes = malloc(*size ? *size : 1);
        if (!bytes)
            sn_error(err, SN_E_NOMEM, "out of memory writing the ONNX model");
        else
            onnx__model_proto__pack(&mp, bytes);
    }
    for (size_t k = 0; k < w.n_owned; k++)
        free(w.owned[k]);
    free(w.owned);
    free(w.nodes);
    free(w.inits);
    return bytes;
}

int nn_onnx_save(const char *path, const NnModel *m, SnError *err)
{
    size_t size = 0;
    uint8_t *bytes = nn_onnx_to_bytes(m, &size, err);
    if (!bytes)
        return err ? err->code : SN_E_NOMEM;
    int rc = atomic_write_file(path, bytes, size, err);
    free(bytes);
    return rc;
}
