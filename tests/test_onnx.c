/* test_onnx.c - ONNX in and out (src/nn/onnx.h): a model with every layer type written and read
 * back to the same bits; graphs built here node by node, as PyTorch and Keras exporters write
 * them, checked against values worked out in plain loops; the refusals, word for word; files
 * that are not ONNX, cut short or nested without end.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/model_io.h"
#include "nn/onnx.h"
#include "onnx.pb-c.h"
#include "spec_model.h"
#include "test.h"

/* ---- building graphs: every allocation goes into the arena, freed after each test ---- */

static void *arena[8192];
static int n_arena;

static void *A(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p || n_arena == (int)(sizeof arena / sizeof arena[0]))
        abort();
    arena[n_arena++] = p;
    return p;
}

static void arena_free(void)
{
    while (n_arena)
        free(arena[--n_arena]);
}

static char *S(const char *s)
{
    char *p = A(strlen(s) + 1);
    memcpy(p, s, strlen(s) + 1);
    return p;
}

/* a float tensor in the typed field float_data (the writer uses raw data: both are read) */
static Onnx__TensorProto *tf(const char *name, int rank, const int64_t *dims, const float *v)
{
    Onnx__TensorProto *t = A(sizeof *t);
    onnx__tensor_proto__init(t);
    size_t n = 1;
    t->dims = A((size_t)rank * sizeof *t->dims);
    for (int k = 0; k < rank; k++)
        t->dims[k] = dims[k], n *= (size_t)dims[k];
    t->n_dims = (size_t)rank;
    t->name = S(name);
    t->has_data_type = 1;
    t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    t->float_data = A(n * sizeof *t->float_data);
    memcpy(t->float_data, v, n * sizeof *v);
    t->n_float_data = n;
    return t;
}

static Onnx__TensorProto *ti(const char *name, size_t n, const int64_t *v)
{
    Onnx__TensorProto *t = A(sizeof *t);
    onnx__tensor_proto__init(t);
    t->dims = A(sizeof *t->dims);
    t->dims[0] = (int64_t)n;
    t->n_dims = 1;
    t->name = S(name);
    t->has_data_type = 1;
    t->data_type = ONNX__TENSOR_PROTO__DATA_TYPE__INT64;
    t->int64_data = A(n * sizeof *t->int64_data);
    memcpy(t->int64_data, v, n * sizeof *v);
    t->n_int64_data = n;
    return t;
}

static Onnx__AttributeProto *a_ints(const char *name, size_t n, const int64_t *v)
{
    Onnx__AttributeProto *a = A(sizeof *a);
    onnx__attribute_proto__init(a);
    a->name = S(name);
    a->has_type = 1;
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS;
    a->ints = A(n * sizeof *v);
    memcpy(a->ints, v, n * sizeof *v);
    a->n_ints = n;
    return a;
}

static Onnx__AttributeProto *a_int(const char *name, int64_t v)
{
    Onnx__AttributeProto *a = A(sizeof *a);
    onnx__attribute_proto__init(a);
    a->name = S(name);
    a->has_type = 1;
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
    a->has_i = 1;
    a->i = v;
    return a;
}

static Onnx__AttributeProto *a_float(const char *name, float v)
{
    Onnx__AttributeProto *a = A(sizeof *a);
    onnx__attribute_proto__init(a);
    a->name = S(name);
    a->has_type = 1;
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT;
    a->has_f = 1;
    a->f = v;
    return a;
}

typedef struct Graph {
    Onnx__NodeProto *nodes[32];
    size_t n_nodes;
    Onnx__TensorProto *inits[32];
    size_t n_inits;
} Graph;

/* op(inputs...) -> out; inputs "a,b,c" (an empty item is an absent optional input) */
static Onnx__NodeProto *node(Graph *g, const char *op, const char *name, const char *inputs,
                             const char *out)
{
    Onnx__NodeProto *n = A(sizeof *n);
    onnx__node_proto__init(n);
    n->op_type = S(op);
    n->name = S(name);
    n->input = A(8 * sizeof *n->input);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", inputs);
    for (char *p = buf, *comma; p; p = comma ? comma + 1 : NULL) {
        comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        n->input[n->n_input++] = S(p);
    }
    n->output = A(sizeof *n->output);
    n->output[0] = S(out);
    n->n_output = 1;
    n->attribute = A(8 * sizeof *n->attribute);
    g->nodes[g->n_nodes++] = n;
    return n;
}

static void attr(Onnx__NodeProto *n, Onnx__AttributeProto *a)
{
    n->attribute[n->n_attribute++] = a;
}

/* the model: input "x" of the given dims (-1: the batch, any size), output out */
static uint8_t *pack(Graph *g, int opset, int rank, const int64_t *dims, const char *out,
                     size_t *size)
{
    Onnx__TensorShapeProto__Dimension **d = A((size_t)rank * sizeof *d);
    for (int k = 0; k < rank; k++) {
        d[k] = A(sizeof *d[k]);
        onnx__tensor_shape_proto__dimension__init(d[k]);
        if (dims[k] < 0) {
            d[k]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
            d[k]->dim_param = S("N");
        } else {
            d[k]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
            d[k]->dim_value = dims[k];
        }
    }
    Onnx__TensorShapeProto *shape = A(sizeof *shape);
    onnx__tensor_shape_proto__init(shape);
    shape->n_dim = (size_t)rank;
    shape->dim = d;
    Onnx__TypeProto__Tensor *tt = A(sizeof *tt);
    onnx__type_proto__tensor__init(tt);
    tt->has_elem_type = 1;
    tt->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    tt->shape = shape;
    Onnx__TypeProto *type = A(sizeof *type);
    onnx__type_proto__init(type);
    type->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    type->tensor_type = tt;
    Onnx__ValueInfoProto *in = A(sizeof *in), *o = A(sizeof *o);
    onnx__value_info_proto__init(in);
    onnx__value_info_proto__init(o);
    in->name = S("x");
    in->type = type;
    o->name = S(out);
    Onnx__ValueInfoProto **ins = A(sizeof *ins), **outs = A(sizeof *outs);
    ins[0] = in;
    outs[0] = o;
    Onnx__GraphProto *gp = A(sizeof *gp);
    onnx__graph_proto__init(gp);
    gp->name = S("g");
    gp->node = g->nodes;
    gp->n_node = g->n_nodes;
    gp->initializer = g->inits;
    gp->n_initializer = g->n_inits;
    gp->input = ins;
    gp->n_input = 1;
    gp->output = outs;
    gp->n_output = 1;
    Onnx__OperatorSetIdProto *op = A(sizeof *op);
    onnx__operator_set_id_proto__init(op);
    op->domain = S("");
    op->has_version = 1;
    op->version = opset;
    Onnx__OperatorSetIdProto **ops = A(sizeof *ops);
    ops[0] = op;
    Onnx__ModelProto mp;
    onnx__model_proto__init(&mp);
    mp.has_ir_version = 1;
    mp.ir_version = 7;
    mp.producer_name = S("test");
    mp.opset_import = ops;
    mp.n_opset_import = 1;
    mp.graph = gp;
    *size = onnx__model_proto__get_packed_size(&mp);
    uint8_t *bytes = A(*size);
    onnx__model_proto__pack(&mp, bytes);
    return bytes;
}

static NnModel *import(const uint8_t *bytes, size_t size, const NnOnnxOptions *opt,
                       NnOnnxReport *rep, SnError *err)
{
    memset(err, 0, sizeof *err);
    return nn_onnx_from_bytes(bytes, size, "t.onnx", NULL, 0, opt, rep, err);
}

static float frand(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (float)((double)(*s >> 40) / (double)(1ull << 24)) * 2.0f - 1.0f;
}

static void fill(float *v, size_t n, uint64_t seed)
{
    for (size_t k = 0; k < n; k++)
        v[k] = frand(&seed);
}

/* ---- tests ---- */

/* A model of every layer type and activation, written and read back: the same layers, weights,
 * settings and outputs, to the bit. */
TEST(every_layer_type_round_trips)
{
    NnModel *m = spec_model_moved("1x8x8,conv4x3:relu,bn:tanh,pool,dropout0.25,act:sigmoid,"
                                  "flatten,12:step,bn:relu,5:softmax", 7, 0.3f);
    CHECK(m != NULL);
    if (!m)
        return;
    for (int l = 0; l < m->n_layers; l++)
        if (m->layers[l].run_var)
            for (size_t c = 0; c < m->layers[l].n_weight; c++) {
                m->layers[l].run_mean[c] = 0.1f * (float)c - 0.2f;
                m->layers[l].run_var[c] = 0.5f + 0.25f * (float)c;
            }
    m->info.in_scale = 0.0125f;
    m->info.in_offset = -0.4f;
    m->info.preprocess = NN_PREP_NONE;
    m->info.refuse_below = 0.3141f;
    const char *labels[5] = {"cat", "dog", "Ünïcode", "a b", "5"};
    for (int k = 0; k < 5; k++)
        snprintf(m->info.labels[k], NN_LABEL_LEN, "%s", labels[k]);
    snprintf(m->info.name, sizeof m->info.name, "every-type");
    SnError err = {0};
    size_t size = 0;
    uint8_t *bytes = nn_onnx_to_bytes(m, &size, &err);
    CHECK(bytes != NULL);
    NnOnnxReport rep;
    NnModel *b = bytes ? import(bytes, size, NULL, &rep, &err) : NULL;
    if (!b)
        printf("  %s\n", err.msg);
    CHECK(b != NULL);
    if (b) {
        CHECK(rep.opset == NN_ONNX_OPSET_WRITTEN);
        CHECK(rep.n_notes == 0);
        /* the same layers, but for the flatten layer before a dense one: ONNX has a Flatten
         * wherever a dense layer reads an image, and a dense layer reads one as it is */
        CHECK(b->n_layers == m->n_layers - 1);
        for (int l = 0, k = 0; l < m->n_layers && k < b->n_layers; l++) {
            if (m->layers[l].type == NN_LAYER_FLATTEN)
                continue;
            CHECK(b->layers[k].type == m->layers[l].type);
            CHECK(b->layers[k].act == m->layers[l].act);
            k++;
        }
        CHECK(b->n_params == m->n_params);
        CHECK(memcmp(b->params, m->params, m->n_params * sizeof *m->params) == 0);
        CHECK(memcmp(b->state, m->state, m->n_state * sizeof *m->state) == 0);
        CHECK(b->info.in_scale == m->info.in_scale && b->info.in_offset == m->info.in_offset);
        CHECK(b->info.preprocess == NN_PREP_NONE);
        CHECK(b->info.refuse_below == m->info.refuse_below);
        CHECK(strcmp(b->info.name, "every-type") == 0);
        for (int k = 0; k < 5; k++)
            CHECK(strcmp(b->info.labels[k], labels[k]) == 0);
        float x[64], p1[5], p2[5];
        for (int t = 0; t < 20; t++) {
            fill(x, 64, 100u + (uint64_t)t);
            CHECK(nn_model_predict(m, x, p1) >= 0 && nn_model_predict(b, x, p2) >= 0);
            CHECK(memcmp(p1, p2, sizeof p1) == 0);
        }
        nn_model_free(b);
    }
    free(bytes);
    nn_model_free(m);
}

/* The refusal names the node, its op and what is not supported. */
TEST(refusals_name_node_op_and_reason)
{
    static const struct {
        const char *attr;
        int64_t v[4];
        size_t n;
        const char *want;
    } cases[] = {
        {"strides", {2, 2}, 2,
         "t.onnx: node 'conv2' (Conv): strides [2, 2] are not supported; scratchnet "
         "convolutions have stride 1"},
        {"dilations", {2, 2}, 2,
         "t.onnx: node 'conv2' (Conv): dilations [2, 2] are not supported; scratchnet "
         "convolutions are not dilated"},
        {"pads", {1, 1, 0, 0}, 4,
         "t.onnx: node 'conv2' (Conv): pads [1, 1, 0, 0] are not supported; scratchnet pads "
         "every side alike"},
        {"group", {2}, 0,
         "t.onnx: node 'conv2' (Conv): group 2 is not supported; scratchnet convolutions have "
         "one group"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Graph g = {0};
        float w[2 * 2 * 3 * 3];
        fill(w, 36, 3);
        g.inits[g.n_inits++] = tf("w", 4, (int64_t[]){2, 2, 3, 3}, w);
        Onnx__NodeProto *n = node(&g, "Conv", "conv2", "x,w", "y");
        attr(n, cases[c].n ? a_ints(cases[c].attr, cases[c].n, cases[c].v)
                           : a_int(cases[c].attr, cases[c].v[0]));
        size_t size;
        uint8_t *bytes = pack(&g, 13, 4, (int64_t[]){-1, 2, 6, 6}, "y", &size);
        SnError err;
        NnModel *m = import(bytes, size, NULL, NULL, &err);
        CHECK(m == NULL);
        CHECK(err.code == SN_E_FORMAT);
        const char *want = cases[c].want;
        if (strcmp(err.msg, want) != 0) {
            printf("  got:  %.400s\n  want: ", err.msg);
            puts(want);
        }
        CHECK(strcmp(err.msg, want) == 0);
        nn_model_free(m);
        arena_free();
    }
    /* an op scratchnet has no layer for; an unnamed node is named by its place */
    Graph g = {0};
    node(&g, "AveragePool", "", "x", "y");
    size_t size;
    uint8_t *bytes = pack(&g, 13, 4, (int64_t[]){-1, 1, 4, 4}, "y", &size);
    SnError err;
    CHECK(import(bytes, size, NULL, NULL, &err) == NULL);
    CHECK(strncmp(err.msg, "t.onnx: node 0 (AveragePool): this op is not supported", 54) == 0);
    arena_free();
    /* a pooling other than 2 x 2 with stride 2 */
    g = (Graph){0};
    Onnx__NodeProto *n = node(&g, "MaxPool", "pool", "x", "y");
    attr(n, a_ints("kernel_shape", 2, (int64_t[]){3, 3}));
    attr(n, a_ints("strides", 2, (int64_t[]){2, 2}));
    bytes = pack(&g, 13, 4, (int64_t[]){-1, 1, 8, 8}, "y", &size);
    CHECK(import(bytes, size, NULL, NULL, &err) == NULL);
    CHECK(strcmp(err.msg, "t.onnx: node 'pool' (MaxPool): kernel_shape [3, 3] is not supported; "
                          "scratchnet pools 2 x 2 blocks") == 0);
    arena_free();
}

/* A graph as a Keras exporter writes it: an NHWC input and its Transpose, a Conv, the Transpose
 * back to NHWC, the flattening through Shape / Gather / Unsqueeze / Concat / Reshape, MatMul
 * and Add, Softmax. Checked against the same computation in plain loops. */
TEST(keras_style_graph_matches_hand_computation)
{
    enum { H = 4, W = 5, C = 2, K = 3, OUT = 4 };
    float wc[K * C * 3 * 3], bc[K], wd[H * W * K * OUT], bd[OUT];
    fill(wc, sizeof wc / sizeof wc[0], 11);
    fill(bc, K, 12);
    fill(wd, sizeof wd / sizeof wd[0], 13);
    fill(bd, OUT, 14);
    Graph g = {0};
    g.inits[g.n_inits++] = tf("wc", 4, (int64_t[]){K, C, 3, 3}, wc);
    g.inits[g.n_inits++] = tf("bc", 1, (int64_t[]){K}, bc);
    g.inits[g.n_inits++] = tf("wd", 2, (int64_t[]){H * W * K, OUT}, wd);
    g.inits[g.n_inits++] = tf("bd", 1, (int64_t[]){OUT}, bd);
    g.inits[g.n_inits++] = ti("zero", 1, (int64_t[]){0});
    g.inits[g.n_inits++] = ti("minus1", 1, (int64_t[]){-1});
    attr(node(&g, "Transpose", "to_nchw", "x", "t0"), a_ints("perm", 4, (int64_t[]){0, 3, 1, 2}));
    Onnx__NodeProto *n = node(&g, "Conv", "conv", "t0,wc,bc", "t1");
    attr(n, a_ints("pads", 4, (int64_t[]){1, 1, 1, 1}));
    attr(n, a_ints("kernel_shape", 2, (int64_t[]){3, 3}));
    node(&g, "Relu", "relu", "t1", "t2");
    attr(node(&g, "Transpose", "to_nhwc", "t2", "t3"), a_ints("perm", 4, (int64_t[]){0, 2, 3, 1}));
    node(&g, "Shape", "shape", "t3", "s0");
    attr(node(&g, "Gather", "batch", "s0,zero", "s1"), a_int("axis", 0));
    node(&g, "Concat", "target", "s1,minus1", "s2");
    attr(g.nodes[g.n_nodes - 1], a_int("axis", 0));
    node(&g, "Reshape", "flatten", "t3,s2", "t4");
    node(&g, "MatMul", "dense", "t4,wd", "t5");
    node(&g, "Add", "dense_bias", "t5,bd", "t6");
    node(&g, "Softmax", "softmax", "t6", "probs");
    size_t size;
    uint8_t *bytes = pack(&g, 13, 4, (int64_t[]){-1, H, W, C}, "probs", &size);
    NnOnnxReport rep;
    SnError err;
    NnModel *m = import(bytes, size, NULL, &rep, &err);
    if (!m)
        printf("  %s\n", err.msg);
    CHECK(m != NULL);
    if (m) {
        CHECK(m->info.in_c == C && m->info.in_h == H && m->info.in_w == W);
        CHECK(rep.n_notes == 2); /* the input's Transpose, the order folded into the weights */
        float nhwc[H * W * C], chw[C * H * W], p[OUT];
        fill(nhwc, sizeof nhwc / sizeof nhwc[0], 15);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int c = 0; c < C; c++)
                    chw[(c * H + y) * W + x] = nhwc[(y * W + x) * C + c];
        CHECK(nn_model_predict(m, chw, p) >= 0);
        /* by hand: the convolution, ReLU, then flattened in (y, x, k) order */
        double feat[H * W * K], z[OUT], sum = 0.0;
        for (int k = 0; k < K; k++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    double a = (double)bc[k];
                    for (int c = 0; c < C; c++)
                        for (int i = 0; i < 3; i++)
                            for (int j = 0; j < 3; j++) {
                                int yy = y + i - 1, xx = x + j - 1;
                                if (yy >= 0 && yy < H && xx >= 0 && xx < W)
                                    a += (double)wc[((k * C + c) * 3 + i) * 3 + j] *
                                         (double)nhwc[(yy * W + xx) * C + c];
                            }
                    feat[(y * W + x) * K + k] = a > 0.0 ? a : 0.0;
                }
        for (int o = 0; o < OUT; o++) {
            z[o] = (double)bd[o];
            for (int j = 0; j < H * W * K; j++)
                z[o] += feat[j] * (double)wd[j * OUT + o];
        }
        for (int o = 0; o < OUT; o++)
            sum += exp(z[o]);
        for (int o = 0; o < OUT; o++)
            CHECK_NEAR(p[o], exp(z[o]) / sum, 1e-6);
        nn_model_free(m);
    }
    arena_free();
}

/* Gemm with raw outputs gets a softmax (and says so), or keeps them when asked; LogSoftmax
 * gives probabilities; a ReLU after pooling becomes an activation layer. */
TEST(logits_log_softmax_and_activation_layers)
{
    float b[3 * 4] = {1, -2, 0.5f, 0.25f, 0, 1, -1, 2, 0.5f, 0.5f, 0.5f, -0.5f};
    float c[3] = {0.1f, -0.2f, 0.3f};
    float x[4] = {1, 2, -1, 0.5f};
    double z[3];
    for (int o = 0; o < 3; o++) {
        z[o] = (double)c[o];
        for (int i = 0; i < 4; i++)
            z[o] += (double)b[o * 4 + i] * (double)x[i];
    }
    for (int variant = 0; variant < 3; variant++) {
        Graph g = {0};
        g.inits[g.n_inits++] = tf("b", 2, (int64_t[]){3, 4}, b);
        g.inits[g.n_inits++] = tf("c", 1, (int64_t[]){3}, c);
        attr(node(&g, "Gemm", "fc", "x,b,c", "z"), a_int("transB", 1));
        if (variant == 2)
            node(&g, "LogSoftmax", "lsm", "z", "y");
        size_t size;
        uint8_t *bytes = pack(&g, 11, 2, (int64_t[]){-1, 4}, variant == 2 ? "y" : "z", &size);
        NnOnnxOptions opt = {.keep_logits = variant == 1};
        NnOnnxReport rep;
        SnError err;
        NnModel *m = import(bytes, size, &opt, &rep, &err);
        CHECK(m != NULL);
        if (m) {
            float p[3];
            CHECK(nn_model_predict(m, x, p) >= 0);
            double sum = exp(z[0]) + exp(z[1]) + exp(z[2]);
            for (int o = 0; o < 3; o++)
                CHECK_NEAR(p[o], variant == 1 ? z[o] : exp(z[o]) / sum, 1e-6);
            CHECK(rep.softmax_added == (variant == 0));
            CHECK(rep.log_softmax == (variant == 2));
            CHECK(rep.n_notes == (variant != 1));
            nn_model_free(m);
        }
        arena_free();
    }
    /* Conv, MaxPool, then Relu (as F.relu(F.max_pool2d(conv(x), 2)) exports) */
    Graph g = {0};
    float w[1 * 1 * 3 * 3];
    fill(w, 9, 21);
    g.inits[g.n_inits++] = tf("w", 4, (int64_t[]){1, 1, 3, 3}, w);
    attr(node(&g, "Conv", "conv", "x,w", "a"), a_ints("pads", 4, (int64_t[]){1, 1, 1, 1}));
    Onnx__NodeProto *n = node(&g, "MaxPool", "pool", "a", "b");
    attr(n, a_ints("kernel_shape", 2, (int64_t[]){2, 2}));
    attr(n, a_ints("strides", 2, (int64_t[]){2, 2}));
    node(&g, "Relu", "relu", "b", "c");
    node(&g, "Flatten", "flat", "c", "d");
    size_t size;
    uint8_t *bytes = pack(&g, 9, 4, (int64_t[]){-1, 1, 4, 4}, "d", &size);
    SnError err;
    NnModel *m = import(bytes, size, NULL, NULL, &err);
    CHECK(m != NULL);
    if (m) {
        CHECK(m->n_layers == 5);
        CHECK(m->layers[0].type == NN_LAYER_CONV2D && m->layers[0].act == NN_ACT_LINEAR);
        CHECK(m->layers[1].type == NN_LAYER_MAXPOOL2);
        CHECK(m->layers[2].type == NN_LAYER_ACTIVATION && m->layers[2].act == NN_ACT_RELU);
        CHECK(m->layers[3].type == NN_LAYER_FLATTEN);
        CHECK(m->layers[4].type == NN_LAYER_ACTIVATION && m->layers[4].act == NN_ACT_SOFTMAX);
        nn_model_free(m);
    }
    arena_free();
}

/* Batch normalisation with Keras's epsilon 0.001: the difference joins the variance. */
TEST(batchnorm_epsilon_is_folded)
{
    float s[3] = {1.5f, 0.5f, -1}, bb[3] = {0.1f, 0, -0.3f}, mean[3] = {0.2f, -1, 3},
          var[3] = {0.01f, 2, 0.5f}, x[3] = {0.3f, 1, 2};
    Graph g = {0};
    g.inits[g.n_inits++] = tf("s", 1, (int64_t[]){3}, s);
    g.inits[g.n_inits++] = tf("bb", 1, (int64_t[]){3}, bb);
    g.inits[g.n_inits++] = tf("mean", 1, (int64_t[]){3}, mean);
    g.inits[g.n_inits++] = tf("var", 1, (int64_t[]){3}, var);
    attr(node(&g, "BatchNormalization", "bn", "x,s,bb,mean,var", "y"),
         a_float("epsilon", 0.001f));
    size_t size;
    uint8_t *bytes = pack(&g, 15, 2, (int64_t[]){-1, 3}, "y", &size);
    NnOnnxOptions opt = {.keep_logits = 1};
    NnOnnxReport rep;
    SnError err;
    NnModel *m = import(bytes, size, &opt, &rep, &err);
    CHECK(m != NULL);
    if (m) {
        float y[3];
        CHECK(nn_model_predict(m, x, y) >= 0);
        for (int c = 0; c < 3; c++)
            CHECK_NEAR(y[c], (double)s[c] * ((double)x[c] - (double)mean[c]) /
                                     sqrt((double)var[c] + (double)0.001f) + (double)bb[c],
                       2e-6);
        CHECK(rep.n_notes == 1);
        nn_model_free(m);
    }
    arena_free();
}

/* Input scaling inside the graph (Sub and Div, as a normalisation written into the model)
 * becomes the model's scale and offset. */
TEST(input_scaling_becomes_scale_and_offset)
{
    float mean = 0.1307f, std = 0.3081f, w[2 * 4];
    fill(w, 8, 31);
    Graph g = {0};
    g.inits[g.n_inits++] = tf("mean", 0, NULL, &mean);
    g.inits[g.n_inits++] = tf("std", 0, NULL, &std);
    g.inits[g.n_inits++] = tf("w", 2, (int64_t[]){4, 2}, w);
    node(&g, "Sub", "sub", "x,mean", "a");
    node(&g, "Div", "div", "a,std", "b");
    node(&g, "MatMul", "fc", "b,w", "c");
    node(&g, "Softmax", "sm", "c", "p");
    size_t size;
    uint8_t *bytes = pack(&g, 13, 2, (int64_t[]){-1, 4}, "p", &size);
    SnError err;
    NnModel *m = import(bytes, size, NULL, NULL, &err);
    CHECK(m != NULL);
    if (m) {
        CHECK_NEAR(m->info.in_scale, 1.0 / (255.0 * (double)std), 1e-9);
        CHECK_NEAR(m->info.in_offset, -(double)mean / (double)std, 1e-6);
        CHECK(m->n_layers == 1);
        nn_model_free(m);
    }
    arena_free();
}

/* Not ONNX, cut short, nested without end, an opset out of range, a branch: one line each. */
TEST(bad_files_get_one_line)
{
    SnError err;
    const uint8_t junk[] = "{\"format\": \"scratchnet-model\"}";
    CHECK(import(junk, sizeof junk - 1, NULL, NULL, &err) == NULL);
    CHECK(err.code == SN_E_FORMAT && strstr(err.msg, "t.onnx: not an ONNX model") == err.msg);
    /* every prefix of a real file: refused or read, never a crash (ASan watches) */
    NnModel *m = spec_model_moved("1x4x4,conv2x3:relu,pool,3:softmax", 5, 0.1f);
    size_t size = 0;
    uint8_t *bytes = nn_onnx_to_bytes(m, &size, &err);
    CHECK(bytes != NULL);
    int refused = 0;
    for (size_t cut = 0; bytes && cut < size; cut += 1 + cut / 16) {
        NnModel *b = import(bytes, cut, NULL, NULL, &err);
        refused += b == NULL;
        CHECK(b != NULL || (err.msg[0] && !strchr(err.msg, '\n')));
        nn_model_free(b);
    }
    CHECK(refused > 0);
    free(bytes);
    nn_model_free(m);
    /* ModelProto.graph (7) > GraphProto.node (1) > NodeProto.attribute (5) > AttributeProto.g
     * (6) > GraphProto.node > ..., 40 graphs deep, written from the inside out */
    uint8_t deep[4096];
    size_t len = 0;
    static const uint8_t tags[3] = {(1 << 3) | 2, (5 << 3) | 2, (6 << 3) | 2};
    for (int level = 0; level < 120; level++) {
        int from_top = 119 - level;
        uint8_t tag = from_top == 0 ? (7 << 3) | 2 : tags[(from_top - 1) % 3];
        uint8_t head[4] = {tag};
        size_t hn = 1, v = len;
        do {
            head[hn++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
            v >>= 7;
        } while (v);
        memmove(deep + hn, deep, len);
        memcpy(deep, head, hn);
        len += hn;
    }
    CHECK(import(deep, len, NULL, NULL, &err) == NULL);
    CHECK(err.code == SN_E_LIMIT && strstr(err.msg, "nested more than 32 deep") != NULL);
    /* opsets */
    for (int opset = 8; opset <= 18; opset += 10) {
        Graph g = {0};
        node(&g, "Relu", "r", "x", "y");
        bytes = pack(&g, opset, 2, (int64_t[]){-1, 3}, "y", &size);
        CHECK(import(bytes, size, NULL, NULL, &err) == NULL);
        char want[96];
        snprintf(want, sizeof want, "t.onnx: opset %d is not supported (opsets 9 to 17 are)",
                 opset);
        CHECK(strcmp(err.msg, want) == 0);
        arena_free();
    }
    /* names from the file are quoted, but the message stays one line of text */
    {
        Graph g = {0};
        node(&g, "Max\nPool\x01", "line\nbreak\xff", "x", "y");
        bytes = pack(&g, 13, 2, (int64_t[]){-1, 3}, "y", &size);
        CHECK(import(bytes, size, NULL, NULL, &err) == NULL);
        CHECK(strchr(err.msg, '\n') == NULL && strchr(err.msg, 1) == NULL);
        CHECK(strstr(err.msg, "node 'line?break?' (Max?Pool?)") != NULL);
        arena_free();
    }
    /* a residual connection */
    Graph g = {0};
    node(&g, "Relu", "r1", "x", "a");
    node(&g, "Relu", "r2", "a", "b");
    node(&g, "Add", "skip", "a,b", "c");
    bytes = pack(&g, 13, 2, (int64_t[]){-1, 3}, "c", &size);
    CHECK(import(bytes, size, NULL, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "t.onnx: node 'skip' (Add): ") == err.msg);
    CHECK(strstr(err.msg, "branches") != NULL);
    arena_free();
}

/* nn_model_load opens .onnx files: the app, predict, eval and the library all go through it. */
TEST(model_load_opens_onnx_files)
{
    NnModel *m = spec_model_moved("1x28x28,6:relu,10:softmax", 9, 0.1f);
    char dir[] = "/tmp/test_onnx.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/My Model.onnx", dir);
    SnError err;
    CHECK(nn_onnx_save(path, m, &err) == 0);
    NnModel *b = nn_model_load(path, &err);
    CHECK(b != NULL);
    if (b) {
        CHECK(strcmp(b->info.name, "My Model") == 0);
        CHECK(b->info.preprocess == NN_PREP_MNIST);
        CHECK(memcmp(b->params, m->params, m->n_params * sizeof *m->params) == 0);
        nn_model_free(b);
    }
    CHECK(test_count_files(dir, NULL) == 1); /* no temporary file left */
    remove(path);
    rmdir(dir);
    nn_model_free(m);
}

int main(void)
{
    RUN(every_layer_type_round_trips);
    RUN(refusals_name_node_op_and_reason);
    RUN(keras_style_graph_matches_hand_computation);
    RUN(logits_log_softmax_and_activation_layers);
    RUN(batchnorm_epsilon_is_folded);
    RUN(input_scaling_becomes_scale_and_offset);
    RUN(bad_files_get_one_line);
    RUN(model_load_opens_onnx_files);
    return test_main_result();
}
