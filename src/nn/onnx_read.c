/* onnx_read.c - ONNX files into memory: protobuf-c unpacks them under a depth and a memory limit,
 * and tensors become plain arrays of floats or integers. The graph itself is mapped onto layers
 * in onnx_import.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/readfile.h"
#include "common/utf8.h"
#include "nn/model_io.h"
#include "nn/onnx_internal.h"

/* ---- protobuf-c's allocations, counted against NN_ONNX_MAX_MEMORY ---- */

typedef struct OnnxBudget {
    size_t used, limit;
    int over;  /* an allocation went past the limit */
    int nomem; /* malloc itself failed */
} OnnxBudget;

typedef struct BudgetHead {
    size_t size;
    max_align_t align; /* what follows is aligned for anything */
} BudgetHead;

static void *budget_alloc(void *data, size_t size)
{
    OnnxBudget *b = data;
    size_t total = size + offsetof(BudgetHead, align);
    if (total < size || size > b->limit - b->used) {
        b->over = 1;
        return NULL;
    }
    BudgetHead *h = malloc(total);
    if (!h) {
        b->nomem = 1;
        return NULL;
    }
    h->size = size;
    b->used += size;
    return (char *)h + offsetof(BudgetHead, align);
}

static void budget_free(void *data, void *p)
{
    if (!p)
        return;
    OnnxBudget *b = data;
    BudgetHead *h = (BudgetHead *)((char *)p - offsetof(BudgetHead, align));
    b->used -= h->size;
    free(h);
}

/* ---- how deeply messages nest ----
 * protobuf-c unpacks nested messages by recursion with no limit of its own. This walk reads
 * only the tags and lengths of the wire format, and follows a length-delimited field into the
 * message the schema says it holds (the descriptors protoc-c generated), to refuse a file that
 * nests deeper than NN_ONNX_MAX_DEPTH before protobuf-c sees it. Malformed bytes end the walk:
 * protobuf-c then reports them. */

static int take_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*p >= end)
            return -1;
        uint8_t byte = *(*p)++;
        x |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* 1 if the message in [p, end) of type d nests deeper than the limit, else 0 */
static int too_deep(const uint8_t *p, const uint8_t *end, const ProtobufCMessageDescriptor *d,
                    int depth)
{
    if (depth > NN_ONNX_MAX_DEPTH)
        return 1;
    while (p < end) {
        uint64_t tag, len;
        if (take_varint(&p, end, &tag) != 0)
            return 0;
        switch (tag & 7) {
        case 0:
            if (take_varint(&p, end, &len) != 0)
                return 0;
            break;
        case 1:
            if (end - p < 8)
                return 0;
            p += 8;
            break;
        case 5:
            if (end - p < 4)
                return 0;
            p += 4;
            break;
        case 2: {
            if (take_varint(&p, end, &len) != 0 || len > (uint64_t)(end - p))
                return 0;
            const ProtobufCFieldDescriptor *f =
                tag >> 3 <= 0xffffffffu
                    ? protobuf_c_message_descriptor_get_field(d, (unsigned)(tag >> 3))
                    : NULL;
            if (f && f->type == PROTOBUF_C_TYPE_MESSAGE &&
                too_deep(p, p + len, f->descriptor, depth + 1))
                return 1;
            p += len;
            break;
        }
        default:
            return 0;
        }
    }
    return 0;
}

int onnx_unpack(const uint8_t *data, size_t size, const char *where,
                const ProtobufCMessageDescriptor *d, OnnxUnpacked *u, SnError *err)
{
    memset(u, 0, sizeof *u);
    if (too_deep(data, data + size, d, 1))
        return sn_error(err, SN_E_LIMIT,
                        "%s: messages nested more than %d deep; no ONNX model needs that",
                        where, NN_ONNX_MAX_DEPTH);
    u->budget = calloc(1, sizeof *u->budget);
    if (!u->budget)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", where);
    u->budget->limit = NN_ONNX_MAX_MEMORY;
    u->alloc = (ProtobufCAllocator){budget_alloc, budget_free, u->budget};
    u->msg = protobuf_c_message_unpack(d, &u->alloc, size, data);
    if (u->msg)
        return 0;
    int code = u->budget->nomem ? SN_E_NOMEM : u->budget->over ? SN_E_LIMIT : SN_E_FORMAT;
    free(u->budget);
    u->budget = NULL;
    if (code == SN_E_NOMEM)
        return sn_error(err, code, "%s: out of memory", where);
    if (code == SN_E_LIMIT)
        return sn_error(err, code, "%s: reading it would take more than %ld MiB, the most an "
                        "ONNX file may", where, NN_ONNX_MAX_MEMORY >> 20);
    return sn_error(err, code, "%s: not an ONNX %s (the protobuf data is malformed)", where,
                    d == &onnx__tensor_proto__descriptor ? "tensor" : "model");
}

void onnx_unpacked_free(OnnxUnpacked *u)
{
    if (u->msg)
        protobuf_c_message_free_unpacked(u->msg, &u->alloc);
    free(u->budget);
    memset(u, 0, sizeof *u);
}

/* ---- tensors ---- */

void onnx_const_free(OnnxConst *c)
{
    free(c->f);
    free(c->i);
    memset(c, 0, sizeof *c);
}

static const char *elem_name(int t)
{
    static const char *const names[] = {"undefined", "float", "uint8", "int8", "uint16",
                                        "int16", "int32", "int64", "string", "bool",
                                        "float16", "double", "uint32", "uint64", "complex64",
                                        "complex128", "bfloat16"};
    return t >= 0 && t < (int)(sizeof names / sizeof names[0]) ? names[t] : "unknown";
}

/* bytes per element in raw_data, 0 for types not read */
static size_t elem_size(int t)
{
    switch (t) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT32:
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
        return 4;
    case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
        return 8;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8:
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT8:
    case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL:
        return 1;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16:
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
        return 2;
    default:
        return 0;
    }
}

static int is_float_type(int t)
{
    return t == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT || t == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE;
}

/* little-endian element k of raw data as a double or an integer */
static uint64_t raw_bits(const uint8_t *p, size_t size)
{
    uint64_t v = 0;
    for (size_t k = 0; k < size; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

static double raw_float(const uint8_t *p, int t)
{
    if (t == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT) {
        uint32_t bits = (uint32_t)raw_bits(p, 4);
        float f;
        memcpy(&f, &bits, 4);
        return (double)f;
    }
    uint64_t bits = raw_bits(p, 8);
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

static int64_t raw_int(const uint8_t *p, int t)
{
    size_t size = elem_size(t);
    uint64_t bits = raw_bits(p, size);
    switch (t) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT8:
        return (int8_t)bits;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
        return (int16_t)bits;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT32:
        return (int32_t)bits;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
        return bits > INT64_MAX ? INT64_MAX : (int64_t)bits;
    default:
        return (int64_t)bits; /* unsigned types and int64 */
    }
}

/* the number of values the typed field of type t holds, and element k of it */
static size_t typed_count(const Onnx__TensorProto *t, int type)
{
    switch (type) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
        return t->n_float_data;
    case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
        return t->n_double_data;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
        return t->n_int64_data;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
        return t->n_uint64_data;
    default: /* int32 and the smaller ones, bool */
        return t->n_int32_data;
    }
}

static double typed_value(const Onnx__TensorProto *t, int type, size_t k)
{
    switch (type) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
        return (double)t->float_data[k];
    case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
        return t->double_data[k];
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
        return (double)t->int64_data[k];
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
        return (double)t->uint64_data[k];
    default:
        return t->int32_data[k];
    }
}

static int64_t typed_int(const Onnx__TensorProto *t, int type, size_t k)
{
    switch (type) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
        return t->int64_data[k];
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
        return t->uint64_data[k] > INT64_MAX ? INT64_MAX : (int64_t)t->uint64_data[k];
    default:
        return t->int32_data[k];
    }
}

int onnx_const_from_tensor(const Onnx__TensorProto *t, const char *where, const char *what,
                           OnnxConst *c, SnError *err)
{
    memset(c, 0, sizeof *c);
    if (t->has_data_location &&
        t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
        return sn_error(err, SN_E_FORMAT,
                        "%s: %s keeps its values in another file (external data); save the "
                        "model with its weights inside", where, what);
    if (t->segment)
        return sn_error(err, SN_E_FORMAT, "%s: %s is split into segments, which is not "
                        "supported", where, what);
    int type = t->has_data_type ? t->data_type : 0;
    size_t esize = elem_size(type);
    if (!esize)
        return sn_error(err, SN_E_FORMAT, "%s: %s holds %s values; scratchnet reads numbers "
                        "(float, double and integers)", where, what, elem_name(type));
    if (t->n_dims > NN_ONNX_MAX_RANK)
        return sn_error(err, SN_E_LIMIT, "%s: %s has %zu dimensions; at most %d are read",
                        where, what, t->n_dims, NN_ONNX_MAX_RANK);
    size_t n = 1;
    for (size_t k = 0; k < t->n_dims; k++) {
        int64_t d = t->dims[k];
        if (d < 0)
            return sn_error(err, SN_E_FORMAT, "%s: %s: dimension %zu is %lld", where, what, k,
                            (long long)d);
        if (d > 0 && n > (size_t)NN_MAX_PARAMS / (size_t)d)
            return sn_error(err, SN_E_LIMIT, "%s: %s has more than %d values, the most a "
                            "model may have", where, what, NN_MAX_PARAMS);
        n *= (size_t)d;
        c->dims[k] = d;
    }
    c->rank = (int)t->n_dims;
    size_t have = t->has_raw_data ? t->raw_data.len / esize : typed_count(t, type);
    if (t->has_raw_data && t->raw_data.len % esize)
        return sn_error(err, SN_E_FORMAT, "%s: %s: %zu bytes of raw data is not a whole number "
                        "of %zu-byte values", where, what, t->raw_data.len, esize);
    if (have != n)
        return sn_error(err, SN_E_FORMAT, "%s: %s: its shape holds %zu values but it has %zu",
                        where, what, n, have);
    c->n = n;
    c->is_int = !is_float_type(type);
    if (c->is_int)
        c->i = malloc((n ? n : 1) * sizeof *c->i);
    else
        c->f = malloc((n ? n : 1) * sizeof *c->f);
    if (!c->i && !c->f)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory for %s", where, what);
    for (size_t k = 0; k < n; k++) {
        if (c->is_int)
            c->i[k] = t->has_raw_data ? raw_int(t->raw_data.data + k * esize, type)
                                      : typed_int(t, type, k);
        else
            c->f[k] = (float)(t->has_raw_data ? raw_float(t->raw_data.data + k * esize, type)
                                              : typed_value(t, type, k));
    }
    return 0;
}

/* ---- the public entry points ---- */

/* A message quotes names from the file (nodes, ops, values): whatever they hold, it stays one
 * line of text. Control characters and bytes that are not UTF-8 become '?'. */
static void one_line(SnError *err)
{
    if (!err || err->code == SN_OK)
        return;
    size_t n = strlen(err->msg);
    for (size_t k = 0; k < n;) {
        int len = utf8_char_length(err->msg + k, n - k);
        if (len <= 0 || (len == 1 && ((unsigned char)err->msg[k] < 0x20 ||
                                      err->msg[k] == 0x7f))) {
            err->msg[k++] = '?';
            continue;
        }
        k += (size_t)len;
    }
}

int nn_onnx_read_array(const uint8_t *data, size_t size, const char *where, NnOnnxArray *out,
                       SnError *err)
{
    memset(out, 0, sizeof *out);
    OnnxUnpacked u;
    int rc = onnx_unpack(data, size, where, &onnx__tensor_proto__descriptor, &u, err);
    if (rc)
        return rc;
    const Onnx__TensorProto *t = (const Onnx__TensorProto *)u.msg;
    OnnxConst c;
    rc = onnx_const_from_tensor(t, where, "the tensor", &c, err);
    one_line(err);
    if (rc == 0 && c.is_int) {
        onnx_const_free(&c);
        rc = sn_error(err, SN_E_FORMAT, "%s: the tensor holds integers, not floats", where);
    }
    if (rc == 0) {
        if (t->name)
            snprintf(out->name, sizeof out->name, "%s", t->name);
        out->rank = c.rank;
        memcpy(out->dims, c.dims, sizeof out->dims);
        out->n = c.n;
        out->v = c.f;
    }
    onnx_unpacked_free(&u);
    return rc;
}

NnModel *nn_onnx_from_bytes(const uint8_t *data, size_t size, const char *where,
                            const NnOnnxBinding *bind, int n_bind, const NnOnnxOptions *opt,
                            NnOnnxReport *rep, SnError *err)
{
    NnOnnxReport scratch;
    if (!rep)
        rep = &scratch;
    memset(rep, 0, sizeof *rep);
    NnOnnxOptions defaults = {0};
    if (!opt)
        opt = &defaults;
    OnnxUnpacked u;
    if (onnx_unpack(data, size, where, &onnx__model_proto__descriptor, &u, err) != 0) {
        one_line(err);
        return NULL;
    }
    NnModel *m = onnx_import_model((const Onnx__ModelProto *)u.msg, where, bind, n_bind, opt,
                                   rep, err);
    onnx_unpacked_free(&u);
    if (!m)
        one_line(err);
    for (int k = 0; k < rep->n_notes; k++) { /* notes quote no names, but stay safe */
        SnError e = {SN_E_FORMAT, ""};
        snprintf(e.msg, sizeof e.msg, "%s", rep->notes[k]);
        one_line(&e);
        snprintf(rep->notes[k], sizeof rep->notes[k], "%.*s", (int)sizeof rep->notes[k] - 1,
                 e.msg);
    }
    return m;
}

NnModel *nn_onnx_load(const char *path, const NnOnnxOptions *opt, NnOnnxReport *rep,
                      SnError *err)
{
    char *bytes = NULL;
    size_t len = 0;
    int rc = readfile_all(path, (size_t)NN_ONNX_MAX_FILE, 0, &bytes, &len, err);
    if (rc == SN_E_LIMIT)
        sn_error(err, SN_E_LIMIT, "%s: more than %ld bytes, the largest ONNX file this program "
                 "reads", path, NN_ONNX_MAX_FILE);
    if (rc)
        return NULL;
    NnModel *m = nn_onnx_from_bytes((const uint8_t *)bytes, len, path, NULL, 0, opt, rep, err);
    free(bytes);
    if (m)
        nn_model_name_of_path(path, m->info.name, sizeof m->info.name);
    return m;
}

int nn_onnx_is_path(const char *path)
{
    size_t n = strlen(path);
    return n >= 5 && strcasecmp(path + n - 5, ".onnx") == 0;
}
