/* onnx_import.c - an ONNX graph onto scratchnet's layers (the op mapping onnx.h describes).
 *
 * The graph is read node by node in its order. Every value is either a constant (an
 * initializer, a bound input, a Constant node, or a node computing on constants only, folded
 * here) or the one data value flowing through the chain: the graph input at first, then the
 * output of each node that reads it. A node reading the data value becomes a layer, changes the
 * layer before (an activation, a bias), changes how the input is scaled, or is absorbed (a
 * Reshape that changes nothing, an Identity); a node reading a value that is neither is a
 * branch, which a chain of layers cannot hold.
 *
 * Shapes: the data value's dimensions are kept per sample (sd[0..sr)), with batched set when
 * the tensor has a batch dimension first (any input of rank 2 or more). Per sample, (n) is a
 * flat vector, (a, b) an image of one channel, (c, h, w) an image of c channels.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/utf8.h"
#include "nn/model_io.h"
#include "nn/onnx_internal.h"

typedef struct ImpConst {
    const char *name;
    OnnxConst c;
} ImpConst;

/* a layer being built: its spec and its arrays (owned) */
typedef struct ImpLayer {
    NnLayerSpec spec;
    float *w, *b, *mean, *var;
} ImpLayer;

typedef struct Imp {
    const char *where;
    SnError *err;
    NnOnnxReport *rep;
    const NnOnnxOptions *opt;
    int opset;
    const Onnx__NodeProto *node; /* the node being read, for messages */
    int node_index;

    ImpConst *consts;
    int n_consts, cap_consts;

    const char *data; /* the data value's name */
    int batched, sr;
    int64_t batch;    /* the input's batch size if fixed, else 1 (what Shape folds to) */
    int64_t sd[NN_ONNX_MAX_RANK];
    int nhwc;         /* the data is an image in channels-last order (after a Transpose) */
    int flat_hwc;     /* the data is flat, flattened from channels-last order: hwc */
    NnShape hwc;      /* that image's shape (channels, rows, columns) */
    int input_nhwc;   /* the input's Transpose to channels-first was absorbed */
    int step_pending; /* a Greater than 0 waits for its Cast to float (a step activation) */
    int flat_pending; /* the data was flattened, but the layers still hold it as held: a dense
                       * layer reads an image as it is, so a flatten layer is made only when
                       * something else follows */
    NnShape held;
    int ended;        /* a Softmax or LogSoftmax was read: nothing may follow */

    NnShape in;       /* the model's input, fixed when its first layer is made */
    ImpLayer layers[NN_MAX_LAYERS];
    int n_layers;
    int bias_open;    /* the last layer is a dense or conv2d layer whose bias an Add may set */
    double gscale, goffset; /* the graph's own scaling of its input, before any layer */
    int scaled;       /* the graph scales its input itself */
} Imp;

/* ---- messages ---- */

static int fail_at(Imp *I, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail_at(Imp *I, int code, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const Onnx__NodeProto *n = I->node;
    if (!n)
        return sn_error(I->err, code, "%s: %s", I->where, what);
    const char *op = n->op_type ? n->op_type : "";
    if (n->name && n->name[0])
        return sn_error(I->err, code, "%s: node '%.80s' (%.40s): %s", I->where, n->name, op,
                        what);
    return sn_error(I->err, code, "%s: node %d (%.40s): %s", I->where, I->node_index, op, what);
}

#define FAIL(...) fail_at(I, SN_E_FORMAT, __VA_ARGS__)

static void note(Imp *I, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void note(Imp *I, const char *fmt, ...)
{
    NnOnnxReport *r = I->rep;
    if (r->n_notes >= NN_ONNX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->notes[r->n_notes], sizeof r->notes[0], fmt, ap);
    va_end(ap);
    for (int k = 0; k < r->n_notes; k++)
        if (strcmp(r->notes[k], r->notes[r->n_notes]) == 0)
            return; /* said already */
    r->n_notes++;
}

/* "[2, 2]" */
static const char *ints_text(const int64_t *v, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    used += (size_t)snprintf(buf, size, "[");
    for (size_t k = 0; k < n && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%lld", k ? ", " : "",
                                 (long long)v[k]);
    if (used < size)
        snprintf(buf + used, size - used, "]");
    return buf;
}

/* ---- attributes ---- */

static const Onnx__AttributeProto *attr(const Onnx__NodeProto *n, const char *name)
{
    for (size_t k = 0; k < n->n_attribute; k++)
        if (n->attribute[k]->name && strcmp(n->attribute[k]->name, name) == 0)
            return n->attribute[k];
    return NULL;
}

static int64_t attr_int(const Onnx__NodeProto *n, const char *name, int64_t def)
{
    const Onnx__AttributeProto *a = attr(n, name);
    return a && a->has_i ? a->i : def;
}

static double attr_float(const Onnx__NodeProto *n, const char *name, double def)
{
    const Onnx__AttributeProto *a = attr(n, name);
    return a && a->has_f ? (double)a->f : def;
}

/* the attribute's ints, or NULL (n 0) when absent */
static const int64_t *attr_ints(const Onnx__NodeProto *n, const char *name, size_t *count)
{
    const Onnx__AttributeProto *a = attr(n, name);
    *count = a ? a->n_ints : 0;
    return a ? a->ints : NULL;
}

/* the string attribute, or def */
static const char *attr_string(const Onnx__NodeProto *n, const char *name, const char *def,
                               char *buf, size_t size)
{
    const Onnx__AttributeProto *a = attr(n, name);
    if (!a || !a->has_s)
        return def;
    snprintf(buf, size, "%.*s", (int)(a->s.len < size ? a->s.len : size - 1),
             (const char *)a->s.data);
    return buf;
}

static int all_equal(const int64_t *v, size_t n, int64_t want)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] != want)
            return 0;
    return 1;
}

/* ---- values ---- */

static ImpConst *find_const(Imp *I, const char *name)
{
    if (!name || !name[0])
        return NULL;
    for (int k = I->n_consts - 1; k >= 0; k--)
        if (strcmp(I->consts[k].name, name) == 0)
            return &I->consts[k];
    return NULL;
}

/* takes c over (even on failure) */
static int add_const(Imp *I, const char *name, OnnxConst *c)
{
    if (I->n_consts == I->cap_consts) {
        int cap = I->cap_consts ? 2 * I->cap_consts : 64;
        ImpConst *p = realloc(I->consts, (size_t)cap * sizeof *p);
        if (!p) {
            onnx_const_free(c);
            return fail_at(I, SN_E_NOMEM, "out of memory");
        }
        I->consts = p;
        I->cap_consts = cap;
    }
    I->consts[I->n_consts].name = name;
    I->consts[I->n_consts].c = *c;
    I->n_consts++;
    memset(c, 0, sizeof *c);
    return 0;
}

static const char *input(const Onnx__NodeProto *n, size_t k)
{
    return k < n->n_input && n->input[k] && n->input[k][0] ? n->input[k] : NULL;
}

static int is_data(const Imp *I, const char *name)
{
    return name && I->data && strcmp(name, I->data) == 0;
}

/* the constant input k, or NULL with the failure reported (or, when optional, NULL and 0) */
static const OnnxConst *const_input(Imp *I, size_t k, const char *what, int optional, int *rc)
{
    const char *name = input(I->node, k);
    *rc = 0;
    if (!name) {
        if (!optional)
            *rc = FAIL("its %s (input %zu) is missing", what, k + 1);
        return NULL;
    }
    ImpConst *c = find_const(I, name);
    if (!c) {
        *rc = FAIL("its %s '%.80s' is not a constant; scratchnet needs it fixed in the file",
                   what, name);
        return NULL;
    }
    return &c->c;
}

static int const_float(Imp *I, const OnnxConst *c, float **out, const char *what)
{
    if (!c->is_int) {
        *out = c->f;
        return 0;
    }
    return FAIL("its %s holds integers, not floats", what);
}

/* a new float copy of n values, or NULL (reported) */
static float *copy_floats(Imp *I, const float *src, size_t n)
{
    float *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) {
        fail_at(I, SN_E_NOMEM, "out of memory");
        return NULL;
    }
    if (src)
        memcpy(p, src, n * sizeof *p);
    else
        memset(p, 0, n * sizeof *p);
    return p;
}

/* ---- the data value ---- */

static size_t sample_size(const Imp *I)
{
    size_t n = 1;
    for (int k = 0; k < I->sr; k++)
        n *= (size_t)I->sd[k];
    return n;
}

static NnShape sample_shape(const Imp *I)
{
    if (I->sr == 1)
        return (NnShape){(int)I->sd[0], 1, 1};
    if (I->sr == 2)
        return (NnShape){1, (int)I->sd[0], (int)I->sd[1]};
    return (NnShape){(int)I->sd[0], (int)I->sd[1], (int)I->sd[2]};
}

/* the shape the layers give the data (scratchnet's, which a pending flatten leaves an image) */
static NnShape net_shape(const Imp *I)
{
    return I->flat_pending ? I->held : sample_shape(I);
}

static void set_flat(Imp *I, int64_t n)
{
    I->sr = 1;
    I->sd[0] = n;
}

static void set_image(Imp *I, int64_t c, int64_t h, int64_t w)
{
    I->sr = 3;
    I->sd[0] = c, I->sd[1] = h, I->sd[2] = w;
}

/* the data value now has the node's first output as its name */
static int pass_on(Imp *I)
{
    if (I->node->n_output < 1 || !I->node->output[0] || !I->node->output[0][0])
        return FAIL("it has no output");
    for (size_t k = 1; k < I->node->n_output; k++)
        if (I->node->output[k] && I->node->output[k][0])
            return FAIL("its output %zu ('%.80s') is not supported; scratchnet layers give one "
                        "output", k + 1, I->node->output[k]);
    I->data = I->node->output[0];
    return 0;
}

/* ---- layers ---- */

static ImpLayer *last_layer(Imp *I)
{
    return I->n_layers ? &I->layers[I->n_layers - 1] : NULL;
}

static ImpLayer *new_layer(Imp *I, NnLayerType type)
{
    if (I->n_layers == NN_MAX_LAYERS) {
        fail_at(I, SN_E_LIMIT, "the model would need more than %d layers", NN_MAX_LAYERS);
        return NULL;
    }
    if (I->n_layers == 0)
        I->in = net_shape(I);
    I->flat_pending = 0;
    ImpLayer *L = &I->layers[I->n_layers++];
    memset(L, 0, sizeof *L);
    L->spec.type = type;
    L->spec.act = NN_ACT_LINEAR;
    I->bias_open = 0;
    return L;
}

static int holds_activation(const ImpLayer *L)
{
    return L && L->spec.act == NN_ACT_LINEAR &&
           (L->spec.type == NN_LAYER_DENSE || L->spec.type == NN_LAYER_CONV2D ||
            L->spec.type == NN_LAYER_BATCHNORM);
}

/* the activation onto the layer before, or as a layer of its own */
static int add_activation(Imp *I, NnAct act)
{
    ImpLayer *L = last_layer(I);
    if (holds_activation(L)) {
        L->spec.act = act;
        I->bias_open = 0;
        return 0;
    }
    L = new_layer(I, NN_LAYER_ACTIVATION);
    if (!L)
        return I->err ? I->err->code : SN_E_NOMEM;
    L->spec.act = act;
    return 0;
}

/* ---- the ops that read the data value ---- */

static int need_batch(Imp *I)
{
    return I->batched ? 0 : FAIL("its input has no batch dimension");
}

static int need_image(Imp *I)
{
    if (need_batch(I))
        return I->err->code;
    if (I->nhwc)
        return FAIL("it reads an image in channels-last order (after a Transpose), which "
                    "scratchnet layers do not");
    if (I->sr != 3)
        return FAIL("it needs images (N, C, H, W); its input has %d dimensions", I->sr + 1);
    return 0;
}

static int op_conv(Imp *I)
{
    int rc = need_image(I);
    if (rc)
        return rc;
    const OnnxConst *w = const_input(I, 1, "weight", 0, &rc);
    if (!w)
        return rc;
    const OnnxConst *b = const_input(I, 2, "bias", 1, &rc);
    if (rc)
        return rc;
    char t1[96], t2[96];
    if (w->rank != 4)
        return FAIL("a weight of %d dimensions is not supported; scratchnet convolutions are "
                    "2-D (K, C, R, R)", w->rank);
    int64_t K = w->dims[0], C = w->dims[1], kh = w->dims[2], kw = w->dims[3];
    size_t n;
    const int64_t *v;
    if ((v = attr_ints(I->node, "group", &n)) || attr_int(I->node, "group", 1) != 1)
        return FAIL("group %lld is not supported; scratchnet convolutions have one group",
                    (long long)attr_int(I->node, "group", 1));
    if ((v = attr_ints(I->node, "strides", &n)) && !all_equal(v, n, 1))
        return FAIL("strides %s are not supported; scratchnet convolutions have stride 1",
                    ints_text(v, n, t1, sizeof t1));
    if ((v = attr_ints(I->node, "dilations", &n)) && !all_equal(v, n, 1))
        return FAIL("dilations %s are not supported; scratchnet convolutions are not dilated",
                    ints_text(v, n, t1, sizeof t1));
    if (C != I->sd[0])
        return FAIL("its weight is for %lld channels, its input has %lld", (long long)C,
                    (long long)I->sd[0]);
    if ((v = attr_ints(I->node, "kernel_shape", &n)) && (n != 2 || v[0] != kh || v[1] != kw))
        return FAIL("kernel_shape %s does not match its weight's %lld x %lld",
                    ints_text(v, n, t1, sizeof t1), (long long)kh, (long long)kw);
    if (kh != kw)
        return FAIL("a %lld x %lld kernel is not supported; scratchnet kernels are square",
                    (long long)kh, (long long)kw);
    if (kh < 1 || kh > NN_MAX_KERNEL || K < 1 || K > NN_MAX_CHANNELS)
        return FAIL("a kernel of %lld x %lld with %lld filters is out of range (kernels up to "
                    "%d, filters up to %d)", (long long)kh, (long long)kw, (long long)K,
                    NN_MAX_KERNEL, NN_MAX_CHANNELS);
    int R = (int)kh;
    int64_t pad = 0;
    char buf[32];
    const char *autopad = attr_string(I->node, "auto_pad", "NOTSET", buf, sizeof buf);
    const int64_t *pads = attr_ints(I->node, "pads", &n);
    if (strcmp(autopad, "SAME_UPPER") == 0 || strcmp(autopad, "SAME_LOWER") == 0) {
        if (R % 2 == 0)
            return FAIL("auto_pad %s with an even kernel (%d) pads one side more; scratchnet "
                        "pads every side alike", autopad, R);
        pad = (R - 1) / 2;
    } else if (strcmp(autopad, "NOTSET") != 0 && strcmp(autopad, "VALID") != 0) {
        return FAIL("auto_pad \"%s\" is not supported", autopad);
    } else if (pads) {
        if (n != 4 || !all_equal(pads, n, pads[0]))
            return FAIL("pads %s are not supported; scratchnet pads every side alike",
                        ints_text(pads, n, t2, sizeof t2));
        pad = pads[0];
    }
    if (pad < 0 || pad > R - 1)
        return FAIL("padding %lld is not supported with a %d x %d kernel (0 to %d)",
                    (long long)pad, R, R, R - 1);
    int64_t oh = I->sd[1] + 2 * pad - R + 1, ow = I->sd[2] + 2 * pad - R + 1;
    if (oh < 1 || ow < 1)
        return FAIL("its %d x %d kernel is larger than its padded input", R, R);
    if (b && (b->n != (size_t)K || b->is_int))
        return FAIL("its bias has %zu values for %lld filters", b->n, (long long)K);
    float *wf = NULL;
    if ((rc = const_float(I, w, &wf, "weight")) != 0)
        return rc;
    ImpLayer *L = new_layer(I, NN_LAYER_CONV2D);
    if (!L)
        return I->err->code;
    L->spec.n_out = (int)K;
    L->spec.kernel = R;
    L->spec.pad = (int)pad;
    if (!(L->w = copy_floats(I, wf, w->n)) || !(L->b = copy_floats(I, b ? b->f : NULL, K)))
        return SN_E_NOMEM;
    set_image(I, K, oh, ow);
    I->bias_open = 1;
    return pass_on(I);
}

static int op_maxpool(Imp *I)
{
    int rc = need_image(I);
    if (rc)
        return rc;
    char t[96], buf[32];
    size_t n;
    const int64_t *v = attr_ints(I->node, "kernel_shape", &n);
    if (!v || n != 2 || !all_equal(v, n, 2))
        return FAIL("kernel_shape %s is not supported; scratchnet pools 2 x 2 blocks",
                    v ? ints_text(v, n, t, sizeof t) : "(none)");
    v = attr_ints(I->node, "strides", &n);
    if (!v || n != 2 || !all_equal(v, n, 2))
        return FAIL("strides %s are not supported; scratchnet pools with stride 2",
                    v ? ints_text(v, n, t, sizeof t) : "[1, 1] (the default)");
    if ((v = attr_ints(I->node, "pads", &n)) && !all_equal(v, n, 0))
        return FAIL("pads %s are not supported; scratchnet pools without padding",
                    ints_text(v, n, t, sizeof t));
    if ((v = attr_ints(I->node, "dilations", &n)) && !all_equal(v, n, 1))
        return FAIL("dilations %s are not supported", ints_text(v, n, t, sizeof t));
    int odd = I->sd[1] % 2 || I->sd[2] % 2;
    const char *autopad = attr_string(I->node, "auto_pad", "NOTSET", buf, sizeof buf);
    if (strcmp(autopad, "NOTSET") != 0 && strcmp(autopad, "VALID") != 0 &&
        !((strcmp(autopad, "SAME_UPPER") == 0 || strcmp(autopad, "SAME_LOWER") == 0) && !odd))
        return FAIL("auto_pad %s on a %lld x %lld input is not supported", autopad,
                    (long long)I->sd[1], (long long)I->sd[2]);
    if (attr_int(I->node, "ceil_mode", 0) != 0 && odd)
        return FAIL("ceil_mode 1 on a %lld x %lld input is not supported; scratchnet drops an "
                    "odd last row or column", (long long)I->sd[1], (long long)I->sd[2]);
    if (I->sd[1] < 2 || I->sd[2] < 2)
        return FAIL("its %lld x %lld input is too small to pool", (long long)I->sd[1],
                    (long long)I->sd[2]);
    if (!new_layer(I, NN_LAYER_MAXPOOL2))
        return I->err->code;
    set_image(I, I->sd[0], I->sd[1] / 2, I->sd[2] / 2);
    return pass_on(I);
}

static int op_batchnorm(Imp *I)
{
    int rc = need_batch(I);
    if (rc)
        return rc;
    if (I->nhwc || I->sr == 2)
        return FAIL("it needs (N, C) or (N, C, H, W); its input is %s",
                    I->nhwc ? "channels-last" : "(N, C, L)");
    if (attr(I->node, "training_mode") && attr_int(I->node, "training_mode", 0) != 0)
        return FAIL("training_mode 1 is not supported; scratchnet reads batch normalisation "
                    "for inference, with its running statistics");
    if (attr(I->node, "spatial") && attr_int(I->node, "spatial", 1) != 1)
        return FAIL("spatial 0 is not supported");
    int64_t C = I->sd[0];
    const char *what[4] = {"scale", "bias", "mean", "variance"};
    float *arr[4] = {0};
    for (int k = 0; k < 4; k++) {
        const OnnxConst *c = const_input(I, (size_t)k + 1, what[k], 0, &rc);
        if (!c)
            return rc;
        if ((rc = const_float(I, c, &arr[k], what[k])) != 0)
            return rc;
        if (c->n != (size_t)C)
            return FAIL("its %s has %zu values for %lld channels", what[k], c->n,
                        (long long)C);
    }
    double eps = attr_float(I->node, "epsilon", 1e-5);
    ImpLayer *L = new_layer(I, NN_LAYER_BATCHNORM);
    if (!L)
        return I->err->code;
    if (!(L->w = copy_floats(I, arr[0], C)) || !(L->b = copy_floats(I, arr[1], C)) ||
        !(L->mean = copy_floats(I, arr[2], C)) || !(L->var = copy_floats(I, arr[3], C)))
        return SN_E_NOMEM;
    if ((float)eps != 1e-5f) {
        /* scratchnet divides by sqrt(variance + 0.00001): the difference joins the variance */
        for (int64_t c = 0; c < C; c++) {
            double v = (double)L->var[c] + eps - 1e-5;
            if (!(v >= 0.0))
                return FAIL("epsilon %g with a variance of %g is not supported (scratchnet "
                            "uses 0.00001)", eps, (double)arr[3][c]);
            L->var[c] = (float)v;
        }
        note(I, "batch normalisation's epsilon %g is added to its running variance "
                "(scratchnet uses 0.00001)", eps);
    }
    for (int64_t c = 0; c < C; c++)
        if (!(L->var[c] >= 0.0f))
            return FAIL("a running variance of %g is negative", (double)L->var[c]);
    return pass_on(I);
}

static int op_dropout(Imp *I)
{
    int rc;
    double rate = 0.5;
    if (I->opset < 12) {
        rate = attr_float(I->node, "ratio", 0.5);
    } else {
        const OnnxConst *r = const_input(I, 1, "ratio", 1, &rc);
        if (rc)
            return rc;
        if (r && r->n == 1)
            rate = r->is_int ? (double)r->i[0] : (double)r->f[0];
        else if (r)
            return FAIL("its ratio has %zu values, not one", r->n);
        const OnnxConst *t = const_input(I, 2, "training_mode", 1, &rc);
        if (rc)
            return rc;
        if (t && t->n == 1 && (t->is_int ? t->i[0] != 0 : t->f[0] != 0.0f))
            return FAIL("training_mode true is not supported; scratchnet reads dropout for "
                        "inference, where it passes values on");
    }
    if (!(rate >= 0.0 && rate < 1.0))
        return FAIL("ratio %g is not in [0, 1)", rate);
    ImpLayer *L = new_layer(I, NN_LAYER_DROPOUT);
    if (!L)
        return I->err->code;
    L->spec.rate = (float)rate;
    return pass_on(I);
}

/* the data becomes one vector per sample (a flatten layer when one is needed: held_flat) */
static int flatten_data(Imp *I)
{
    if (I->sr == 1)
        return pass_on(I);
    if (I->nhwc) {
        I->hwc = sample_shape(I);
        I->nhwc = 0;
        I->flat_hwc = 1;
    }
    I->held = sample_shape(I);
    I->flat_pending = 1;
    set_flat(I, (int64_t)sample_size(I));
    return pass_on(I);
}

/* the flatten layer a flattening waits to make, before a node that needs it */
static int held_flat(Imp *I)
{
    if (!I->flat_pending)
        return 0;
    return new_layer(I, NN_LAYER_FLATTEN) ? 0 : I->err->code;
}

static int op_flatten(Imp *I)
{
    int rc = need_batch(I);
    if (rc)
        return rc;
    int64_t rank = I->sr + 1, axis = attr_int(I->node, "axis", 1);
    if (axis < 0)
        axis += rank;
    if (axis != 1)
        return FAIL("axis %lld is not supported; scratchnet flattens each sample (axis 1)",
                    (long long)attr_int(I->node, "axis", 1));
    return flatten_data(I);
}

static int op_reshape(Imp *I)
{
    int rc;
    const OnnxConst *s = const_input(I, 1, "shape", 0, &rc);
    if (!s)
        return rc;
    if (!s->is_int || s->rank > 1 || s->n > NN_ONNX_MAX_RANK)
        return FAIL("its shape is not a list of at most %d integers", NN_ONNX_MAX_RANK);
    /* the input's dimensions with its batch, as Shape folds them */
    int64_t in[NN_ONNX_MAX_RANK + 1], t[NN_ONNX_MAX_RANK];
    int rin = 0;
    if (I->batched)
        in[rin++] = I->batch;
    for (int k = 0; k < I->sr; k++)
        in[rin++] = I->sd[k];
    int64_t total = (int64_t)sample_size(I) * (I->batched ? I->batch : 1), known = 1;
    int infer = -1, allowzero = (int)attr_int(I->node, "allowzero", 0);
    for (size_t k = 0; k < s->n; k++) {
        t[k] = s->i[k];
        if (t[k] == 0 && !allowzero)
            t[k] = (int)k < rin ? in[k] : 0;
        if (t[k] == -1) {
            if (infer >= 0)
                return FAIL("its shape has two -1s");
            infer = (int)k;
        } else if (t[k] < 0 || t[k] > total) {
            return FAIL("its shape holds %lld", (long long)s->i[k]);
        } else {
            known *= t[k] ? t[k] : 1;
            if (t[k] == 0)
                known = 0;
        }
    }
    if (infer >= 0)
        t[infer] = known ? total / known : 0;
    int64_t prod = 1;
    for (size_t k = 0; k < s->n; k++)
        prod *= t[k];
    char txt[96];
    if (prod != total)
        return FAIL("shape %s does not hold its input's %lld values",
                    ints_text(s->i, s->n, txt, sizeof txt), (long long)total);
    int same = (int)s->n == rin;
    for (int k = 0; same && k < rin; k++)
        same = t[k] == in[k];
    if (same)
        return pass_on(I); /* changes nothing */
    if (I->batched && s->n == 2 && t[0] == I->batch)
        return flatten_data(I);
    return FAIL("shape %s is not supported; scratchnet reshapes only to one vector per sample",
                ints_text(s->i, s->n, txt, sizeof txt));
}

/* a dense layer from weights given as (out, in) or, with in_out, as (in, out) */
static int make_dense(Imp *I, const float *wsrc, int64_t n_in, int64_t n_out, int in_out,
                      double alpha, const OnnxConst *bias, double beta)
{
    if (I->sr != 1 || I->nhwc)
        return FAIL("it needs one vector per sample (N, D); its input has %d dimensions",
                    I->sr + 1);
    if (n_in != I->sd[0])
        return FAIL("its weight takes %lld inputs, its input has %lld", (long long)n_in,
                    (long long)I->sd[0]);
    if (n_out < 1 || n_out > NN_MAX_WIDTH)
        return FAIL("%lld outputs is out of range", (long long)n_out);
    if (bias) {
        int ok = bias->n == 1 || bias->n == (size_t)n_out;
        for (int k = 0; ok && k < bias->rank; k++)
            ok = bias->dims[k] == 1 || (k == bias->rank - 1 && bias->dims[k] == n_out);
        if (!ok || bias->is_int) {
            char txt[96];
            return FAIL("its bias of shape %s is not one value per output; scratchnet gives "
                        "every sample the same bias", ints_text(bias->dims, (size_t)bias->rank,
                                                                txt, sizeof txt));
        }
    }
    ImpLayer *L = new_layer(I, NN_LAYER_DENSE);
    if (!L)
        return I->err->code;
    L->spec.n_out = (int)n_out;
    size_t nw = (size_t)n_in * (size_t)n_out;
    if (!(L->w = copy_floats(I, NULL, nw)) || !(L->b = copy_floats(I, NULL, (size_t)n_out)))
        return SN_E_NOMEM;
    NnShape s = I->hwc;
    for (int64_t o = 0; o < n_out; o++) {
        for (int64_t j = 0; j < n_in; j++) {
            float v = in_out ? wsrc[j * n_out + o] : wsrc[o * n_in + j];
            int64_t col = j;
            if (I->flat_hwc) { /* j counts (y, x, c); scratchnet's input counts (c, y, x) */
                int64_t c = j % s.c, yx = j / s.c;
                col = c * s.h * s.w + yx;
            }
            L->w[o * n_in + col] = alpha == 1.0 ? v : (float)(alpha * (double)v);
        }
        if (bias) {
            float b = bias->f[bias->n == 1 ? 0 : o];
            L->b[o] = beta == 1.0 ? b : (float)(beta * (double)b);
        }
    }
    if (I->flat_hwc)
        note(I, "the channels-last order before flattening is folded into the weights of the "
                "dense layer after it");
    I->flat_hwc = 0;
    set_flat(I, n_out);
    I->bias_open = 1;
    return pass_on(I);
}

static int op_gemm(Imp *I)
{
    int rc = need_batch(I);
    if (rc)
        return rc;
    if (!is_data(I, input(I->node, 0)))
        return FAIL("the data is its second input; scratchnet reads it as the first, A");
    if (attr_int(I->node, "transA", 0) != 0)
        return FAIL("transA 1 is not supported; the samples are the rows of A");
    const OnnxConst *b = const_input(I, 1, "weight B", 0, &rc);
    if (!b)
        return rc;
    const OnnxConst *c = const_input(I, 2, "bias C", 1, &rc);
    if (rc)
        return rc;
    if (b->rank != 2)
        return FAIL("its B has %d dimensions, not 2", b->rank);
    float *bf = NULL;
    if ((rc = const_float(I, b, &bf, "weight B")) != 0)
        return rc;
    int transb = attr_int(I->node, "transB", 0) != 0;
    int64_t n_in = transb ? b->dims[1] : b->dims[0], n_out = transb ? b->dims[0] : b->dims[1];
    return make_dense(I, bf, n_in, n_out, !transb, attr_float(I->node, "alpha", 1.0), c,
                      attr_float(I->node, "beta", 1.0));
}

static int op_matmul(Imp *I)
{
    int rc = need_batch(I);
    if (rc)
        return rc;
    if (!is_data(I, input(I->node, 0)))
        return FAIL("the data is its second input; scratchnet reads it as the first");
    const OnnxConst *b = const_input(I, 1, "weight", 0, &rc);
    if (!b)
        return rc;
    if (b->rank != 2)
        return FAIL("a weight of %d dimensions is not supported; scratchnet multiplies by a "
                    "matrix (in, out)", b->rank);
    float *bf = NULL;
    if ((rc = const_float(I, b, &bf, "weight")) != 0)
        return rc;
    if (I->sr != 1)
        return FAIL("a product over %d dimensions is not supported; scratchnet multiplies one "
                    "vector per sample", I->sr + 1);
    return make_dense(I, bf, b->dims[0], b->dims[1], 1, 1.0, NULL, 1.0);
}

/* Add, Sub, Mul, Div with a constant: the input's scaling before any layer, or the bias of the
 * dense or conv2d layer just made */
static int op_arith(Imp *I, char op)
{
    const char *a = input(I->node, 0), *b = input(I->node, 1);
    int data_first = is_data(I, a);
    if (is_data(I, a) && is_data(I, b))
        return FAIL("it combines the data with itself, which scratchnet layers do not");
    ImpConst *k = find_const(I, data_first ? b : a);
    if (!k)
        return FAIL("it combines the data with '%.80s', which is not a constant; the graph "
                    "branches, and scratchnet models are one chain of layers",
                    data_first ? (b ? b : "") : (a ? a : ""));
    const OnnxConst *c = &k->c;
    if (c->is_int)
        return FAIL("its constant holds integers");
    if (!data_first && (op == '-' || op == '/'))
        return FAIL("a constant %s the data is not supported",
                    op == '-' ? "minus" : "divided by");
    if (I->n_layers == 0 && c->n == 1) {
        double v = (double)c->f[0];
        if ((op == '/' && v == 0.0) || !isfinite(v))
            return FAIL("it scales the input by %g", v);
        if (op == '+')
            I->goffset += v;
        else if (op == '-')
            I->goffset -= v;
        else if (op == '*')
            I->gscale *= v, I->goffset *= v;
        else
            I->gscale /= v, I->goffset /= v;
        I->scaled = 1;
        return pass_on(I);
    }
    ImpLayer *L = last_layer(I);
    if ((op == '+' || op == '-') && I->bias_open && L) {
        int64_t n = L->spec.type == NN_LAYER_CONV2D ? I->sd[0] : (int64_t)sample_size(I);
        int ok = c->n == 1 || c->n == (size_t)n;
        /* the values run along the channels (conv2d: (K, 1, 1)) or the outputs (dense) */
        int64_t lead = 1;
        for (int d = 0; ok && d < c->rank; d++)
            if (c->dims[d] != 1)
                lead = c->dims[d];
        ok = ok && (c->n == 1 || lead == n);
        if (L->spec.type == NN_LAYER_CONV2D && c->n > 1)
            ok = ok && c->rank >= 3 && c->dims[c->rank - 1] == 1 && c->dims[c->rank - 2] == 1;
        if (ok) {
            for (int64_t o = 0; o < n; o++) {
                float v = c->f[c->n == 1 ? 0 : o];
                L->b[o] = op == '+' ? L->b[o] + v : L->b[o] - v;
            }
            return pass_on(I);
        }
    }
    char txt[96];
    return FAIL("%s a constant of shape %s is supported only as the bias right after a MatMul, "
                "Gemm or Conv, or as a single number scaling the input",
                op == '+' ? "adding" : op == '-' ? "subtracting" : op == '*' ? "multiplying by"
                                                                              : "dividing by",
                ints_text(c->dims, (size_t)c->rank, txt, sizeof txt));
}

static int op_softmax(Imp *I, int log)
{
    int64_t rank = I->sr + I->batched, axis = attr_int(I->node, "axis", I->opset < 13 ? 1 : -1);
    int64_t given = axis;
    if (axis < 0)
        axis += rank;
    int whole; /* the softmax runs over every value of a sample */
    if (I->opset < 13) {
        whole = axis == I->batched; /* the dims from axis on are flattened together */
    } else {
        whole = axis == rank - 1;
        for (int k = 0; whole && k < I->sr - 1; k++)
            whole = I->sd[k] == 1;
    }
    if (!whole)
        return FAIL("axis %lld is not supported on a %lld-dimensional input; scratchnet's "
                    "softmax runs over all of a sample's values", (long long)given,
                    (long long)rank);
    int rc = add_activation(I, NN_ACT_SOFTMAX);
    if (rc)
        return rc;
    if (log) {
        I->rep->log_softmax = 1;
        note(I, "the graph ends in LogSoftmax: the model gives the probabilities, e to the "
                "power of its outputs");
    }
    I->ended = 1;
    return pass_on(I);
}

static int op_transpose(Imp *I)
{
    size_t n;
    const int64_t *p = attr_ints(I->node, "perm", &n);
    char txt[96];
    int64_t rank = I->sr + I->batched;
    if (!p)
        return FAIL("a transpose that reverses every dimension is not supported");
    int identity = (int64_t)n == rank;
    for (size_t k = 0; identity && k < n; k++)
        identity = p[k] == (int64_t)k;
    if (identity)
        return pass_on(I);
    int to_first = n == 4 && p[0] == 0 && p[1] == 3 && p[2] == 1 && p[3] == 2;
    int to_last = n == 4 && p[0] == 0 && p[1] == 2 && p[2] == 3 && p[3] == 1;
    if (I->batched && I->sr == 3 && to_first && I->n_layers == 0 && !I->input_nhwc &&
        !I->nhwc) {
        /* the input was (N, H, W, C): the model reads it channels first */
        set_image(I, I->sd[2], I->sd[0], I->sd[1]);
        I->input_nhwc = 1;
        if (I->sd[0] > 1)
            note(I, "the input is read channels-first (N, C, H, W), not channels-last as the "
                    "graph's input is");
        else
            note(I, "the channels-last input and its Transpose are read as channels-first");
        return pass_on(I);
    }
    if (I->batched && I->sr == 3 && to_last && !I->nhwc) {
        /* (C, H, W) -> (H, W, C): kept as a flag for the flattening and dense layer after */
        I->nhwc = 1;
        set_image(I, I->sd[0], I->sd[1], I->sd[2]); /* the shape stays (C, H, W) here */
        return pass_on(I);
    }
    if (I->batched && I->nhwc && to_first) {
        I->nhwc = 0;
        return pass_on(I);
    }
    return FAIL("perm %s is not supported; scratchnet reads only a channels-last input and the "
                "channels-last order before flattening", ints_text(p, n, txt, sizeof txt));
}

static int op_activation(Imp *I, NnAct act)
{
    return add_activation(I, act) ? I->err->code : pass_on(I);
}

static int op_greater(Imp *I)
{
    int rc;
    if (!is_data(I, input(I->node, 0)))
        return FAIL("only the data greater than 0 (a step activation) is supported");
    const OnnxConst *c = const_input(I, 1, "threshold", 0, &rc);
    if (!c)
        return rc;
    if (c->n != 1 || (c->is_int ? c->i[0] != 0 : c->f[0] != 0.0f))
        return FAIL("only the data greater than 0 (a step activation) is supported");
    I->step_pending = 1;
    return pass_on(I);
}

static int op_cast(Imp *I)
{
    int64_t to = attr_int(I->node, "to", 0);
    if (to != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT)
        return FAIL("a cast of the data to type %lld is not supported; scratchnet computes in "
                    "float", (long long)to);
    if (I->step_pending) {
        I->step_pending = 0;
        return op_activation(I, NN_ACT_STEP);
    }
    return pass_on(I);
}

/* a node that reads the data value */
static int data_node(Imp *I)
{
    const char *op = I->node->op_type ? I->node->op_type : "";
    if (I->ended)
        return FAIL("it follows the Softmax; scratchnet's softmax ends the model");
    if (I->step_pending && strcmp(op, "Cast") != 0)
        return FAIL("it reads the result of a Greater, which scratchnet reads only as a step "
                    "activation followed by a Cast to float");
    if (I->nhwc && strcmp(op, "Flatten") != 0 && strcmp(op, "Reshape") != 0 &&
        strcmp(op, "Transpose") != 0)
        return FAIL("it reads an image in channels-last order (after a Transpose), which "
                    "scratchnet layers do not");
    if (I->flat_hwc && strcmp(op, "Gemm") != 0 && strcmp(op, "MatMul") != 0 &&
        strcmp(op, "Relu") != 0 && strcmp(op, "Sigmoid") != 0 && strcmp(op, "Tanh") != 0 &&
        strcmp(op, "Dropout") != 0 && strcmp(op, "Identity") != 0)
        return FAIL("it reads values flattened in channels-last order, which only a dense layer "
                    "(Gemm, MatMul) after it can take");
    static const char *const keep_held[] = {"Gemm", "MatMul", "Relu", "Sigmoid", "Tanh",
                                            "Dropout", "Identity", "Flatten", "Reshape"};
    int keeps = 0;
    for (size_t k = 0; k < sizeof keep_held / sizeof keep_held[0]; k++)
        keeps |= strcmp(op, keep_held[k]) == 0;
    if (!keeps && held_flat(I))
        return I->err->code;
    if (strcmp(op, "Conv") == 0)
        return op_conv(I);
    if (strcmp(op, "MaxPool") == 0)
        return op_maxpool(I);
    if (strcmp(op, "BatchNormalization") == 0)
        return op_batchnorm(I);
    if (strcmp(op, "Dropout") == 0)
        return op_dropout(I);
    if (strcmp(op, "Flatten") == 0)
        return op_flatten(I);
    if (strcmp(op, "Reshape") == 0)
        return op_reshape(I);
    if (strcmp(op, "Gemm") == 0)
        return op_gemm(I);
    if (strcmp(op, "MatMul") == 0)
        return op_matmul(I);
    if (strcmp(op, "Relu") == 0)
        return op_activation(I, NN_ACT_RELU);
    if (strcmp(op, "Sigmoid") == 0)
        return op_activation(I, NN_ACT_SIGMOID);
    if (strcmp(op, "Tanh") == 0)
        return op_activation(I, NN_ACT_TANH);
    if (strcmp(op, "Softmax") == 0 || strcmp(op, "LogSoftmax") == 0)
        return op_softmax(I, op[0] == 'L');
    if (strcmp(op, "Add") == 0)
        return op_arith(I, '+');
    if (strcmp(op, "Sub") == 0)
        return op_arith(I, '-');
    if (strcmp(op, "Mul") == 0)
        return op_arith(I, '*');
    if (strcmp(op, "Div") == 0)
        return op_arith(I, '/');
    if (strcmp(op, "Transpose") == 0)
        return op_transpose(I);
    if (strcmp(op, "Identity") == 0)
        return pass_on(I);
    if (strcmp(op, "Greater") == 0)
        return op_greater(I);
    if (strcmp(op, "Cast") == 0)
        return op_cast(I);
    return FAIL("this op is not supported; scratchnet reads Conv, MaxPool, BatchNormalization, "
                "Dropout, Flatten, Reshape, Gemm, MatMul, Add, Relu, Sigmoid, Tanh, Softmax, "
                "LogSoftmax and the Transposes of a channels-last input");
}

/* ---- constant folding ---- */

static int fold_output(Imp *I, OnnxConst *c)
{
    if (I->node->n_output < 1 || !I->node->output[0] || !I->node->output[0][0]) {
        onnx_const_free(c);
        return FAIL("it has no output");
    }
    size_t n = 1; /* the shape must hold the values: the layers read weights by their shape */
    for (int d = 0; d < c->rank; d++)
        n = c->dims[d] >= 0 && (c->dims[d] == 0 || n <= c->n / (size_t)c->dims[d])
                ? n * (size_t)c->dims[d]
                : (size_t)-1;
    if (c->rank > NN_ONNX_MAX_RANK || n != c->n) {
        onnx_const_free(c);
        return FAIL("its result's shape does not hold its %zu values", c->n);
    }
    return add_const(I, I->node->output[0], c);
}

static int new_const(Imp *I, OnnxConst *c, int is_int, size_t n)
{
    memset(c, 0, sizeof *c);
    c->is_int = is_int;
    c->n = n;
    if (is_int)
        c->i = calloc(n ? n : 1, sizeof *c->i);
    else
        c->f = calloc(n ? n : 1, sizeof *c->f);
    if (!c->i && !c->f)
        return fail_at(I, SN_E_NOMEM, "out of memory");
    return 0;
}

static double cval(const OnnxConst *c, size_t k)
{
    return c->is_int ? (double)c->i[k] : (double)c->f[k];
}

static int fold_constant(Imp *I)
{
    const Onnx__AttributeProto *a = attr(I->node, "value");
    OnnxConst c;
    int rc;
    if (a && a->t) {
        if ((rc = onnx_const_from_tensor(a->t, I->where, "its value", &c, I->err)) != 0)
            return rc;
        return fold_output(I, &c);
    }
    if ((a = attr(I->node, "value_float")) && a->has_f) {
        if ((rc = new_const(I, &c, 0, 1)) != 0)
            return rc;
        c.f[0] = a->f;
        return fold_output(I, &c);
    }
    if ((a = attr(I->node, "value_int")) && a->has_i) {
        if ((rc = new_const(I, &c, 1, 1)) != 0)
            return rc;
        c.i[0] = a->i;
        return fold_output(I, &c);
    }
    if ((a = attr(I->node, "value_floats")) || (a = attr(I->node, "value_ints"))) {
        int is_int = a->n_ints > 0 || a->n_floats == 0;
        size_t n = is_int ? a->n_ints : a->n_floats;
        if ((rc = new_const(I, &c, is_int, n)) != 0)
            return rc;
        c.rank = 1;
        c.dims[0] = (int64_t)n;
        for (size_t k = 0; k < n; k++) {
            if (is_int)
                c.i[k] = a->ints[k];
            else
                c.f[k] = a->floats[k];
        }
        return fold_output(I, &c);
    }
    return FAIL("a Constant of this kind is not supported (tensor, float, int, floats, ints)");
}

/* the shape of the data (batch 1) or of a constant */
static int fold_shape(Imp *I, const char *name)
{
    OnnxConst c;
    int64_t dims[NN_ONNX_MAX_RANK + 1];
    int rank = 0;
    ImpConst *k = find_const(I, name);
    if (k) {
        for (int d = 0; d < k->c.rank; d++)
            dims[rank++] = k->c.dims[d];
    } else {
        if (I->batched)
            dims[rank++] = I->batch;
        for (int d = 0; d < I->sr; d++)
            dims[rank++] = I->sd[d];
        if (I->nhwc) /* the graph sees (H, W, C) */
            dims[rank - 3] = I->sd[1], dims[rank - 2] = I->sd[2], dims[rank - 1] = I->sd[0];
    }
    int rc = new_const(I, &c, 1, (size_t)rank);
    if (rc)
        return rc;
    c.rank = 1;
    c.dims[0] = rank;
    memcpy(c.i, dims, (size_t)rank * sizeof *dims);
    return fold_output(I, &c);
}

/* the axes of Unsqueeze / Squeeze: an attribute before opset 13, an input since */
static int fold_axes(Imp *I, int64_t *axes, size_t *n)
{
    size_t count;
    const int64_t *v = attr_ints(I->node, "axes", &count);
    if (!v) {
        ImpConst *k = find_const(I, input(I->node, 1));
        if (!k || !k->c.is_int) {
            *n = 0;
            return 0;
        }
        v = k->c.i;
        count = k->c.n;
    }
    if (count > NN_ONNX_MAX_RANK)
        return FAIL("%zu axes", count);
    memcpy(axes, v, count * sizeof *v);
    *n = count;
    return 0;
}

static int fold_node(Imp *I)
{
    const char *op = I->node->op_type ? I->node->op_type : "";
    if (strcmp(op, "Constant") == 0)
        return fold_constant(I);
    /* every input must be a constant (Shape may read the data) */
    const OnnxConst *in[8] = {0};
    for (size_t k = 0; k < I->node->n_input && k < 8; k++) {
        const char *name = input(I->node, k);
        if (!name)
            continue;
        ImpConst *c = find_const(I, name);
        if (!c) {
            if (strcmp(op, "Shape") == 0 && k == 0)
                continue;
            return FAIL("it reads '%.80s', which is neither a constant nor the output of the "
                        "layer before; the graph branches or is out of order, and scratchnet "
                        "models are one chain of layers", name);
        }
        in[k] = &c->c;
    }
    if (strcmp(op, "Shape") == 0)
        return fold_shape(I, input(I->node, 0));
    const OnnxConst *x = in[0];
    if (!x)
        return FAIL("its first input is missing");
    OnnxConst c;
    int rc;
    if (strcmp(op, "Identity") == 0 || strcmp(op, "Cast") == 0 || strcmp(op, "Squeeze") == 0 ||
        strcmp(op, "Unsqueeze") == 0 || strcmp(op, "Reshape") == 0 ||
        strcmp(op, "Flatten") == 0) {
        int to_int = x->is_int;
        if (op[0] == 'C') {
            int64_t to = attr_int(I->node, "to", 1);
            to_int = !(to == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT ||
                       to == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE);
        }
        if ((rc = new_const(I, &c, to_int, x->n)) != 0)
            return rc;
        for (size_t k = 0; k < x->n; k++) {
            if (to_int)
                c.i[k] = (int64_t)cval(x, k);
            else
                c.f[k] = (float)cval(x, k);
        }
        c.rank = x->rank;
        memcpy(c.dims, x->dims, sizeof c.dims);
        if (strcmp(op, "Unsqueeze") == 0 || strcmp(op, "Squeeze") == 0) {
            int64_t axes[NN_ONNX_MAX_RANK];
            size_t na = 0;
            if ((rc = fold_axes(I, axes, &na)) != 0) {
                onnx_const_free(&c);
                return rc;
            }
            if (op[0] == 'U') {
                int r = x->rank + (int)na;
                if (r > NN_ONNX_MAX_RANK) {
                    onnx_const_free(&c);
                    return FAIL("too many dimensions");
                }
                int64_t out[NN_ONNX_MAX_RANK];
                int used = 0;
                for (int d = 0; d < r; d++) {
                    int is_new = 0;
                    for (size_t j = 0; j < na; j++)
                        is_new |= (axes[j] < 0 ? axes[j] + r : axes[j]) == d;
                    out[d] = is_new ? 1 : (used < x->rank ? x->dims[used++] : 1);
                }
                c.rank = r;
                memcpy(c.dims, out, (size_t)r * sizeof *out);
            } else {
                int r = 0;
                for (int d = 0; d < x->rank; d++) {
                    int drop = na == 0 && x->dims[d] == 1;
                    for (size_t j = 0; j < na; j++)
                        drop |= (axes[j] < 0 ? axes[j] + x->rank : axes[j]) == d;
                    if (!drop)
                        c.dims[r++] = x->dims[d];
                }
                c.rank = r;
            }
        } else if (strcmp(op, "Reshape") == 0 || strcmp(op, "Flatten") == 0) {
            c.rank = 1; /* the values are what later nodes read */
            c.dims[0] = (int64_t)x->n;
            if (op[0] == 'R' && in[1] && in[1]->is_int && in[1]->n <= NN_ONNX_MAX_RANK) {
                int64_t known = 1;
                int infer = -1;
                c.rank = (int)in[1]->n;
                for (int d = 0; d < c.rank; d++) {
                    c.dims[d] = in[1]->i[d] == 0 && d < x->rank ? x->dims[d] : in[1]->i[d];
                    if (c.dims[d] == -1)
                        infer = d;
                    else
                        known *= c.dims[d];
                }
                if (infer >= 0)
                    c.dims[infer] = known > 0 ? (int64_t)x->n / known : 0;
            }
        }
        return fold_output(I, &c);
    }
    if (strcmp(op, "Gather") == 0) {
        const OnnxConst *idx = in[1];
        if (!idx || !idx->is_int || x->rank > 1 || attr_int(I->node, "axis", 0) != 0)
            return FAIL("only a Gather from a list of numbers is folded");
        if ((rc = new_const(I, &c, x->is_int, idx->n)) != 0)
            return rc;
        for (size_t k = 0; k < idx->n; k++) {
            int64_t j = idx->i[k] < 0 ? idx->i[k] + (int64_t)x->n : idx->i[k];
            if (j < 0 || j >= (int64_t)x->n) {
                onnx_const_free(&c);
                return FAIL("index %lld is out of range", (long long)idx->i[k]);
            }
            if (c.is_int)
                c.i[k] = x->i[j];
            else
                c.f[k] = x->f[j];
        }
        c.rank = idx->rank;
        memcpy(c.dims, idx->dims, sizeof c.dims);
        return fold_output(I, &c);
    }
    if (strcmp(op, "Concat") == 0) {
        size_t n = 0;
        int is_int = 1;
        for (size_t k = 0; k < I->node->n_input && k < 8; k++)
            if (in[k])
                n += in[k]->n, is_int &= in[k]->is_int;
        if (I->node->n_input > 8)
            return FAIL("more than 8 inputs are not folded");
        if ((rc = new_const(I, &c, is_int, n)) != 0)
            return rc;
        size_t at = 0;
        for (size_t k = 0; k < I->node->n_input && k < 8; k++)
            for (size_t j = 0; in[k] && j < in[k]->n; j++, at++) {
                if (is_int)
                    c.i[at] = in[k]->i[j];
                else
                    c.f[at] = (float)cval(in[k], j);
            }
        c.rank = 1;
        c.dims[0] = (int64_t)n;
        return fold_output(I, &c);
    }
    if (strcmp(op, "Transpose") == 0 && x->rank == 2) {
        size_t np;
        const int64_t *p = attr_ints(I->node, "perm", &np);
        if (p && !(np == 2 && p[0] == 1 && p[1] == 0))
            return FAIL("only a transpose of a matrix is folded");
        if ((rc = new_const(I, &c, x->is_int, x->n)) != 0)
            return rc;
        int64_t r = x->dims[0], k = x->dims[1];
        for (int64_t i = 0; i < r; i++)
            for (int64_t j = 0; j < k; j++) {
                if (c.is_int)
                    c.i[j * r + i] = x->i[i * k + j];
                else
                    c.f[j * r + i] = x->f[i * k + j];
            }
        c.rank = 2;
        c.dims[0] = k, c.dims[1] = r;
        return fold_output(I, &c);
    }
    if (strcmp(op, "Add") == 0 || strcmp(op, "Sub") == 0 || strcmp(op, "Mul") == 0 ||
        strcmp(op, "Div") == 0 || strcmp(op, "Neg") == 0 || strcmp(op, "Sqrt") == 0) {
        const OnnxConst *y = in[1];
        int unary = op[0] == 'N' || op[0] == 'S' ? op[1] == 'e' || op[1] == 'q' : 0;
        if (!unary && (!y || !(y->n == x->n || y->n == 1 || x->n == 1)))
            return FAIL("constants of different shapes are not folded");
        const OnnxConst *big = unary || x->n >= y->n ? x : y;
        int is_int = x->is_int && (unary || y->is_int) && op[0] != 'S';
        if ((rc = new_const(I, &c, is_int, big->n)) != 0)
            return rc;
        for (size_t k = 0; k < big->n; k++) {
            double u = cval(x, x->n == 1 ? 0 : k), v = unary ? 0.0 : cval(y, y->n == 1 ? 0 : k);
            double r = op[0] == 'A' ? u + v : op[0] == 'M' ? u * v : op[0] == 'D' ? u / v
                     : op[1] == 'u' ? u - v : op[1] == 'e' ? -u : sqrt(u);
            if (is_int)
                c.i[k] = op[0] == 'D' && v != 0.0 ? (int64_t)u / (int64_t)v
                         : isfinite(r) ? (int64_t)r : 0;
            else
                c.f[k] = (float)r;
        }
        c.rank = big->rank;
        memcpy(c.dims, big->dims, sizeof c.dims);
        return fold_output(I, &c);
    }
    return FAIL("this op is not supported on constants");
}

/* ---- the graph ---- */

/* the data input: its shape, per sample */
static int read_input(Imp *I, const Onnx__ValueInfoProto *v)
{
    const char *name = v->name ? v->name : "";
    const Onnx__TypeProto *t = v->type;
    if (!t || t->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !t->tensor_type)
        return FAIL("input '%.80s' is not a tensor", name);
    const Onnx__TypeProto__Tensor *tt = t->tensor_type;
    if (!tt->has_elem_type || tt->elem_type != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT)
        return FAIL("input '%.80s' holds %s values; scratchnet models take float",
                    name, tt->has_elem_type && tt->elem_type == 11 ? "double" : "non-float");
    const Onnx__TensorShapeProto *s = tt->shape;
    if (!s || s->n_dim < 1)
        return FAIL("input '%.80s' has no shape", name);
    if (s->n_dim > 4)
        return FAIL("input '%.80s' has %zu dimensions; scratchnet reads at most (N, C, H, W)",
                    name, s->n_dim);
    I->batched = s->n_dim >= 2;
    I->sr = (int)s->n_dim - I->batched;
    const Onnx__TensorShapeProto__Dimension *d0 = s->dim[0];
    I->batch = I->batched && d0->value_case ==
                                 ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE &&
                       d0->dim_value >= 1 && d0->dim_value <= NN_MAX_WIDTH
                   ? d0->dim_value
                   : 1;
    size_t total = 1;
    for (int k = 0; k < I->sr; k++) {
        const Onnx__TensorShapeProto__Dimension *d = s->dim[k + I->batched];
        if (d->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE ||
            d->dim_value < 1)
            return FAIL("input '%.80s' has no fixed size in dimension %d; scratchnet needs "
                        "every dimension but the batch fixed", name, k + I->batched);
        if (d->dim_value > NN_MAX_SIDE && !(I->sr == 1 && d->dim_value <= NN_MAX_WIDTH))
            return FAIL("input '%.80s': dimension %d of %lld is larger than scratchnet reads",
                        name, k + I->batched, (long long)d->dim_value);
        I->sd[k] = d->dim_value;
        total *= (size_t)d->dim_value;
        if (total > NN_MAX_WIDTH)
            return FAIL("input '%.80s' has more than %d values per sample", name,
                        NN_MAX_WIDTH);
    }
    I->data = v->name;
    return 0;
}

static int is_named(const Onnx__GraphProto *g, const NnOnnxBinding *bind, int n_bind,
                    const char *name)
{
    for (size_t k = 0; k < g->n_initializer; k++)
        if (g->initializer[k]->name && strcmp(g->initializer[k]->name, name) == 0)
            return 1;
    for (int k = 0; k < n_bind; k++)
        if (strcmp(bind[k].name, name) == 0)
            return 1;
    return 0;
}

static int read_opset(Imp *I, const Onnx__ModelProto *mp)
{
    I->opset = 0;
    for (size_t k = 0; k < mp->n_opset_import; k++) {
        const Onnx__OperatorSetIdProto *o = mp->opset_import[k];
        if (!o->domain || !o->domain[0] || strcmp(o->domain, "ai.onnx") == 0)
            I->opset = o->has_version ? (int)(o->version > 1000 ? 1000 : o->version) : 0;
    }
    I->rep->opset = I->opset;
    if (I->opset < NN_ONNX_OPSET_MIN || I->opset > NN_ONNX_OPSET_MAX)
        return sn_error(I->err, SN_E_FORMAT, "%s: opset %d is not supported (opsets %d to %d "
                        "are)", I->where, I->opset, NN_ONNX_OPSET_MIN, NN_ONNX_OPSET_MAX);
    return 0;
}

static int read_constants(Imp *I, const Onnx__GraphProto *g, const NnOnnxBinding *bind,
                          int n_bind)
{
    int rc;
    for (size_t k = 0; k < g->n_initializer; k++) {
        const Onnx__TensorProto *t = g->initializer[k];
        char what[120];
        snprintf(what, sizeof what, "initializer '%.80s'", t->name ? t->name : "");
        if (!t->name || !t->name[0])
            return sn_error(I->err, SN_E_FORMAT, "%s: an initializer has no name", I->where);
        OnnxConst c;
        if ((rc = onnx_const_from_tensor(t, I->where, what, &c, I->err)) != 0)
            return rc;
        if ((rc = add_const(I, t->name, &c)) != 0)
            return rc;
    }
    for (int k = 0; k < n_bind; k++) {
        OnnxUnpacked u;
        if ((rc = onnx_unpack(bind[k].tensor, bind[k].size, bind[k].name,
                              &onnx__tensor_proto__descriptor, &u, I->err)) != 0)
            return rc;
        OnnxConst c;
        rc = onnx_const_from_tensor((const Onnx__TensorProto *)u.msg, I->where, bind[k].name,
                                    &c, I->err);
        onnx_unpacked_free(&u);
        if (rc || (rc = add_const(I, bind[k].name, &c)) != 0)
            return rc;
    }
    return 0;
}

/* the graph's one data input */
static int find_input(Imp *I, const Onnx__GraphProto *g, const NnOnnxBinding *bind, int n_bind)
{
    const Onnx__ValueInfoProto *data = NULL;
    int count = 0;
    for (size_t k = 0; k < g->n_input; k++) {
        const Onnx__ValueInfoProto *v = g->input[k];
        if (!v->name || is_named(g, bind, n_bind, v->name))
            continue;
        if (!data)
            data = v;
        count++;
    }
    if (count != 1)
        return sn_error(I->err, SN_E_FORMAT, "%s: the graph has %d inputs besides its weights; "
                        "scratchnet models take one image", I->where, count);
    /* a refusal of the input names the node that reads it first, as every refusal names one */
    for (size_t k = 0; k < g->n_node && !I->node; k++)
        for (size_t j = 0; j < g->node[k]->n_input; j++)
            if (g->node[k]->input[j] && strcmp(g->node[k]->input[j], data->name) == 0) {
                I->node = g->node[k];
                I->node_index = (int)k;
                break;
            }
    int rc = read_input(I, data);
    I->node = NULL;
    return rc;
}

static int walk(Imp *I, const Onnx__GraphProto *g)
{
    if (g->n_node > NN_ONNX_MAX_NODES)
        return sn_error(I->err, SN_E_LIMIT, "%s: %zu nodes; at most %d are read", I->where,
                        g->n_node, NN_ONNX_MAX_NODES);
    for (size_t k = 0; k < g->n_node; k++) {
        I->node = g->node[k];
        I->node_index = (int)k;
        const Onnx__NodeProto *n = I->node;
        if (n->domain && n->domain[0] && strcmp(n->domain, "ai.onnx") != 0)
            return FAIL("ops of the domain \"%.60s\" are not supported", n->domain);
        int reads_data = 0;
        for (size_t j = 0; j < n->n_input; j++)
            reads_data |= is_data(I, input(n, j));
        int shape_of_data = reads_data && n->op_type && strcmp(n->op_type, "Shape") == 0;
        int rc = reads_data && !shape_of_data ? data_node(I) : fold_node(I);
        if (rc)
            return rc;
    }
    I->node = NULL;
    return 0;
}

static int check_output(Imp *I, const Onnx__GraphProto *g)
{
    if (g->n_output != 1)
        return sn_error(I->err, SN_E_FORMAT, "%s: the graph has %zu outputs; scratchnet models "
                        "give one", I->where, g->n_output);
    const char *out = g->output[0]->name;
    if (!is_data(I, out))
        return sn_error(I->err, SN_E_FORMAT, "%s: the graph's output '%.80s' is not the end of "
                        "its chain of layers", I->where, out ? out : "");
    if (I->step_pending)
        return sn_error(I->err, SN_E_FORMAT, "%s: the graph ends in a Greater (a bool)",
                        I->where);
    if (I->nhwc || I->flat_hwc)
        return sn_error(I->err, SN_E_FORMAT, "%s: the graph ends in channels-last order",
                        I->where);
    if (held_flat(I))
        return I->err->code;
    if (!I->ended && !I->opt->keep_logits) {
        if (add_activation(I, NN_ACT_SOFTMAX))
            return I->err->code;
        I->rep->softmax_added = 1;
        note(I, "the graph ends in raw outputs (logits): the model adds a softmax to show them "
                "as probabilities");
    }
    if (I->n_layers == 0) {
        /* the graph passes its input on (raw outputs kept): one layer that does the same */
        if (add_activation(I, NN_ACT_LINEAR))
            return I->err->code;
        note(I, "the graph passes its input on unchanged: the model is one layer that does too");
    }
    return 0;
}

/* ---- the model's settings: labels, preprocessing, scaling, refusal ---- */

static const char *meta(const Onnx__ModelProto *mp, const char *key)
{
    for (size_t k = 0; k < mp->n_metadata_props; k++) {
        const Onnx__StringStringEntryProto *e = mp->metadata_props[k];
        if (e->key && e->value && strcmp(e->key, key) == 0)
            return e->value;
    }
    return NULL;
}

static int set_label(Imp *I, NnModelInfo *info, int k, const char *s, size_t len,
                     const char *from)
{
    if (k >= info->n_classes)
        return sn_error(I->err, SN_E_ARG, "%s: %s: more labels than the model's %d outputs",
                        I->where, from, info->n_classes);
    if (len < 1 || len >= NN_LABEL_LEN || !utf8_valid(s, len))
        return sn_error(I->err, SN_E_ARG, "%s: %s: label %d is not 1 to %d bytes of UTF-8",
                        I->where, from, k + 1, NN_LABEL_LEN - 1);
    memcpy(info->labels[k], s, len);
    info->labels[k][len] = 0;
    return 0;
}

static int read_labels(Imp *I, const Onnx__ModelProto *mp, NnModelInfo *info)
{
    int n = 0, rc;
    if (I->opt->labels) {
        const char *p = I->opt->labels;
        for (;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if ((rc = set_label(I, info, n++, p, len, "--labels")) != 0)
                return rc;
            if (!comma)
                break;
            p = comma + 1;
        }
    } else if (meta(mp, ONNX_META_LABELS)) {
        int status;
        cJSON *a = json_parse(meta(mp, ONNX_META_LABELS), NULL, &status);
        if (!a || !cJSON_IsArray(a)) {
            cJSON_Delete(a);
            return sn_error(I->err, status == SN_E_NOMEM ? SN_E_NOMEM : SN_E_FORMAT,
                            "%s: metadata %s: not a JSON array of strings", I->where,
                            ONNX_META_LABELS);
        }
        const cJSON *e;
        rc = 0;
        cJSON_ArrayForEach(e, a) {
            if (!cJSON_IsString(e))
                rc = sn_error(I->err, SN_E_FORMAT, "%s: metadata %s: not a JSON array of "
                              "strings", I->where, ONNX_META_LABELS);
            else
                rc = set_label(I, info, n++, e->valuestring, strlen(e->valuestring),
                               "metadata " ONNX_META_LABELS);
            if (rc)
                break;
        }
        cJSON_Delete(a);
        if (rc)
            return rc;
    } else {
        return 0; /* "0".."n-1" */
    }
    if (n != info->n_classes)
        return sn_error(I->err, SN_E_ARG, "%s: %d labels for the model's %d outputs", I->where,
                        n, info->n_classes);
    return 0;
}

static int read_settings(Imp *I, const Onnx__ModelProto *mp, NnModelInfo *info)
{
    int rc = read_labels(I, mp, info);
    if (rc)
        return rc;
    const char *prep = I->opt->preprocess ? I->opt->preprocess : meta(mp, ONNX_META_PREPROCESS);
    if (prep) {
        NnPreprocess p;
        if (nn_preprocess_parse(prep, &p) != 0)
            return sn_error(I->err, SN_E_ARG, "%s: preprocessing \"%.40s\" is not \"mnist\" or "
                            "\"none\"", I->where, prep);
        if (p == NN_PREP_MNIST && !(info->in_c == 1 && info->in_h == 28 && info->in_w == 28))
            return sn_error(I->err, SN_E_ARG, "%s: \"mnist\" preprocessing needs a 1 x 28 x 28 "
                            "input; the model's is %d x %d x %d", I->where, info->in_c,
                            info->in_h, info->in_w);
        info->preprocess = p;
    }
    /* input value = graph scaling (base scaling (pixel)) */
    const char *kind = meta(mp, ONNX_META_INPUT);
    double bs = 1.0 / 255.0, bo = 0.0;
    if (kind && strcmp(kind, ONNX_META_INPUT_PIXELS) == 0)
        bs = 1.0, bo = 0.0;
    else if (I->opt->has_scale)
        bs = (double)I->opt->scale, bo = (double)I->opt->offset;
    double s = bs * I->gscale, o = bo * I->gscale + I->goffset;
    if (!(isfinite(s) && isfinite(o) && fabs(s) < 1e30 && fabs(o) < 1e30))
        return sn_error(I->err, SN_E_FORMAT, "%s: the input's scaling is out of range", I->where);
    info->in_scale = (float)s;
    info->in_offset = (float)o;
    if (I->scaled && !(kind && strcmp(kind, ONNX_META_INPUT_PIXELS) == 0))
        note(I, "the graph scales its input itself: input values are pixels x %g %c %g, "
                "taking its input as pixels x %g (--scale and --offset change that)",
             (double)info->in_scale, info->in_offset < 0.0f ? '-' : '+',
             fabs((double)info->in_offset), bs);
    const char *refusal = meta(mp, ONNX_META_REFUSAL);
    if (refusal) {
        int status;
        cJSON *o2 = json_parse(refusal, NULL, &status);
        int twice = 0;
        const cJSON *rule = json_member(o2, "rule", &twice);
        const cJSON *below = json_member(o2, "below", &twice);
        int ok = o2 && cJSON_IsString(rule) && strcmp(rule->valuestring, NN_REFUSAL_RULE) == 0 &&
                 cJSON_IsNumber(below) && below->valuedouble > 0.0 && below->valuedouble <= 1.0;
        if (ok)
            info->refuse_below = (float)below->valuedouble;
        cJSON_Delete(o2);
        if (!ok)
            return sn_error(I->err, SN_E_FORMAT, "%s: metadata %s: not {\"rule\": \"%s\", "
                            "\"below\": a probability}", I->where, ONNX_META_REFUSAL,
                            NN_REFUSAL_RULE);
    }
    const char *name = meta(mp, ONNX_META_NAME);
    if (name && name[0] && strlen(name) < sizeof info->name && utf8_valid(name, strlen(name)))
        snprintf(info->name, sizeof info->name, "%s", name);
    snprintf(I->rep->producer, sizeof I->rep->producer, "%.30s%s%.30s",
             mp->producer_name ? mp->producer_name : "",
             mp->producer_version && mp->producer_version[0] ? " " : "",
             mp->producer_version ? mp->producer_version : "");
    return 0;
}

/* the model from the layers read */
static NnModel *build(Imp *I, const Onnx__ModelProto *mp)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    for (int l = 0; l < I->n_layers; l++)
        specs[l] = I->layers[l].spec;
    SnError inner;
    NnModel *m = nn_model_new_shape(I->in, specs, I->n_layers, &inner);
    if (!m) {
        sn_error(I->err, inner.code, "%s: %s", I->where, inner.msg);
        return NULL;
    }
    for (int l = 0; l < I->n_layers; l++) {
        NnLayer *L = &m->layers[l];
        const ImpLayer *s = &I->layers[l];
        if (s->w)
            memcpy(L->weight, s->w, L->n_weight * sizeof *L->weight);
        if (s->b)
            memcpy(L->bias, s->b, L->n_bias * sizeof *L->bias);
        if (s->mean)
            memcpy(L->run_mean, s->mean, L->n_weight * sizeof *L->run_mean);
        if (s->var)
            memcpy(L->run_var, s->var, L->n_weight * sizeof *L->run_var);
    }
    snprintf(m->info.name, sizeof m->info.name, "%s", "onnx-model");
    if (read_settings(I, mp, &m->info) != 0) {
        nn_model_free(m);
        return NULL;
    }
    snprintf(m->info.train.dataset, sizeof m->info.train.dataset, "%s", "");
    return m;
}

NnModel *onnx_import_model(const Onnx__ModelProto *mp, const char *where,
                           const NnOnnxBinding *bind, int n_bind, const NnOnnxOptions *opt,
                           NnOnnxReport *rep, SnError *err)
{
    SnError scratch;
    Imp *I = calloc(1, sizeof *I);
    if (!I) {
        sn_error(err, SN_E_NOMEM, "%s: out of memory", where);
        return NULL;
    }
    I->where = where;
    I->err = err ? err : &scratch;
    I->rep = rep;
    I->opt = opt;
    I->gscale = 1.0;
    NnModel *m = NULL;
    if (!mp->graph)
        sn_error(I->err, SN_E_FORMAT, "%s: the file holds no graph", where);
    else if (read_opset(I, mp) == 0 && read_constants(I, mp->graph, bind, n_bind) == 0 &&
             find_input(I, mp->graph, bind, n_bind) == 0 && walk(I, mp->graph) == 0 &&
             check_output(I, mp->graph) == 0)
        m = build(I, mp);
    for (int k = 0; k < I->n_consts; k++)
        onnx_const_free(&I->consts[k].c);
    free(I->consts);
    for (int l = 0; l < I->n_layers; l++) {
        free(I->layers[l].w);
        free(I->layers[l].b);
        free(I->layers[l].mean);
        free(I->layers[l].var);
    }
    free(I);
    return m;
}
