/* onnx_internal.h - what the ONNX reader (onnx_read.c), the graph importer (onnx_import.c) and
 * the writer (onnx_write.c) share. Internal to src/nn.
 */
#ifndef NN_ONNX_INTERNAL_H
#define NN_ONNX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "nn/model.h"
#include "nn/onnx.h"
#include "onnx.pb-c.h"

#define NN_ONNX_MAX_NODES 20000  /* most nodes in a graph */
#define NN_ONNX_MAX_RANK 8       /* most dimensions of a tensor */
/* Memory the parsed file may take (protobuf-c's structures of every message): a file of many
 * tiny messages unpacks to far more than its own size, so the reader counts. */
#define NN_ONNX_MAX_MEMORY (768L * 1024 * 1024)

/* A constant tensor, as floats or as 64-bit integers (shapes, axes, indices). */
typedef struct OnnxConst {
    int rank;
    int64_t dims[NN_ONNX_MAX_RANK];
    size_t n;
    int is_int;  /* 1: i holds the values, else f */
    float *f;    /* owned */
    int64_t *i;  /* owned */
} OnnxConst;

/* Reads a TensorProto into c (float, double, int64, int32, bool and the small integer types;
 * raw data or the typed fields). what names it in messages ("tensor 'w'"). 0 or SN_E_FORMAT /
 * SN_E_NOMEM / SN_E_LIMIT with err "<where>: <what>: ...". */
int onnx_const_from_tensor(const Onnx__TensorProto *t, const char *where, const char *what,
                           OnnxConst *c, SnError *err);
void onnx_const_free(OnnxConst *c);

/* Unpacks a ModelProto (or, with tensor set, a TensorProto) from bytes under the depth and
 * memory limits; the message or NULL with err filled. Free with onnx_unpacked_free. */
typedef struct OnnxUnpacked {
    ProtobufCMessage *msg;
    ProtobufCAllocator alloc;
    struct OnnxBudget *budget;
} OnnxUnpacked;
int onnx_unpack(const uint8_t *data, size_t size, const char *where,
                const ProtobufCMessageDescriptor *d, OnnxUnpacked *u, SnError *err);
void onnx_unpacked_free(OnnxUnpacked *u);

/* The settings metadata_props carry ("scratchnet.labels", ...), read by the importer. */
#define ONNX_META_LABELS "scratchnet.labels"
#define ONNX_META_PREPROCESS "scratchnet.preprocess"
#define ONNX_META_INPUT "scratchnet.input"
#define ONNX_META_INPUT_PIXELS "pixels 0..255, 0 is background"
#define ONNX_META_REFUSAL "scratchnet.refusal"
#define ONNX_META_NAME "scratchnet.name"

/* The graph of model mp (its bindings as constants) into a new model; the rest of
 * nn_onnx_from_bytes. */
NnModel *onnx_import_model(const Onnx__ModelProto *mp, const char *where,
                           const NnOnnxBinding *bind, int n_bind, const NnOnnxOptions *opt,
                           NnOnnxReport *rep, SnError *err);

#endif
