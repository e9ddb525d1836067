/* onnx.h - ONNX models in and out: a classifier trained in PyTorch, Keras or TensorFlow becomes a
 * scratchnet model, and a scratchnet model becomes an ONNX file any runtime reads.
 *
 * The files are read and written with protobuf-c and the ONNX schema (src/nn/onnx/onnx.proto);
 * nothing here parses the wire format by hand, except a walk over it that only measures how
 * deeply messages nest (protobuf-c itself has no such limit, so a file nesting a million
 * messages would exhaust the stack).
 *
 * Importing maps the graph, node by node in its order, onto scratchnet's layer types: Conv
 * (stride 1, symmetric zero padding, no dilation, one group) to conv2d; Relu, Sigmoid, Tanh onto
 * the activation of the layer before or an activation layer; MaxPool 2 x 2 stride 2 to maxpool2;
 * BatchNormalization (inference) to batchnorm; Dropout to dropout; Flatten or a Reshape to one
 * vector per sample to flatten; Gemm, or MatMul with the Add after it, to dense; Softmax or
 * LogSoftmax at the end to the last layer's softmax. Constants are folded (Constant, Shape,
 * Gather, Unsqueeze, Squeeze, Concat, Cast, ...), scalar Mul / Div / Add / Sub on the input
 * become the input's scale and offset, and the Transposes a Keras exporter writes (an NHWC
 * input, and the NHWC order before flattening) are absorbed. Anything else is refused with one
 * line naming the node, its op type and what is not supported. Opsets 9 to 17.
 *
 * Exporting writes opset 13: the input "pixels" (N, C, H, W) of pixel values 0..255 (0 is
 * background), the model's input scaling as Mul and Add, the layers, and the output
 * "probabilities"; the labels, preprocessing and refusal rule go in the metadata
 * (docs/model-format.md, "ONNX").
 */
#ifndef NN_ONNX_H
#define NN_ONNX_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "nn/model.h"

#define NN_ONNX_MAX_FILE (256L * 1024 * 1024) /* largest ONNX file read */
#define NN_ONNX_MAX_DEPTH 32                 /* most levels of messages nested in one file */
#define NN_ONNX_OPSET_MIN 9
#define NN_ONNX_OPSET_MAX 17
#define NN_ONNX_OPSET_WRITTEN 13

/* How an imported model is set up where the graph does not say. */
typedef struct NnOnnxOptions {
    /* "mnist", "none", or NULL: what the file's metadata says, else "mnist" for a 1 x 28 x 28
     * input and "none" for any other */
    const char *preprocess;
    /* comma-separated labels, one per output, or NULL: the file's metadata, else "0".."9" for
     * 10 outputs and "0".."n-1" for others */
    const char *labels;
    /* input value = pixel * scale + offset for pixels 0..255, used when the graph does not
     * scale its input itself; has_scale 0: 1/255 and 0 (values 0..1, as torchvision's
     * ToTensor gives) */
    int has_scale;
    float scale, offset;
    /* 1: a graph that ends in raw outputs keeps them (the node tests compare them as they are);
     * 0: they get a softmax, as the app shows probabilities */
    int keep_logits;
} NnOnnxOptions;

/* What the import did that a user should know, one line each ("the graph ends in logits: a
 * softmax is added"). */
#define NN_ONNX_NOTES 8
typedef struct NnOnnxReport {
    int n_notes;
    char notes[NN_ONNX_NOTES][200];
    int opset;            /* the default domain's opset the file imports */
    char producer[64];    /* the program that wrote it ("pytorch 1.13.1"), "" if not said */
    int log_softmax;      /* 1: the graph's output was log-probabilities (LogSoftmax); the model
                           * gives the probabilities */
    int softmax_added;    /* 1: the graph ended in logits and the model adds a softmax */
} NnOnnxReport;

/* A graph input bound to a value as if it were an initializer: the conformance tests pass
 * weights as graph inputs. tensor is a serialised TensorProto (an input_N.pb file). */
typedef struct NnOnnxBinding {
    const char *name;
    const uint8_t *tensor;
    size_t size;
} NnOnnxBinding;

/* Reads an ONNX file into a new model; its name is the file's name without ".onnx". opt and rep
 * may be NULL. NULL with err filled ("<file>: node 'conv2' (Conv): strides [2, 2] are not
 * supported; scratchnet convolutions have stride 1") on failure, nothing left allocated. */
NnModel *nn_onnx_load(const char *path, const NnOnnxOptions *opt, NnOnnxReport *rep,
                      SnError *err);

/* The same from the file's bytes; where names it in messages. Graph inputs named in bind
 * (n_bind of them) are taken as constants. */
NnModel *nn_onnx_from_bytes(const uint8_t *data, size_t size, const char *where,
                            const NnOnnxBinding *bind, int n_bind, const NnOnnxOptions *opt,
                            NnOnnxReport *rep, SnError *err);

/* Serialises m as an ONNX model; a malloc'd buffer of *size bytes (caller frees) or NULL with
 * err filled. */
uint8_t *nn_onnx_to_bytes(const NnModel *m, size_t *size, SnError *err);

/* Writes m to path atomically (src/common/atomic.h), as nn_model_save does. */
int nn_onnx_save(const char *path, const NnModel *m, SnError *err);

/* 1 if path names an ONNX file by its ending (".onnx", any case), else 0. nn_model_load opens
 * such files through nn_onnx_load with default options. */
int nn_onnx_is_path(const char *path);

/* A float tensor read from a serialised TensorProto (an input_N.pb or output_N.pb file of the
 * conformance tests): its dimensions and n values (caller frees v). 0, or a code with err
 * filled (not a tensor, not float, stored outside the file). */
typedef struct NnOnnxArray {
    char name[128];
    int rank;
    int64_t dims[8];
    size_t n;
    float *v;
} NnOnnxArray;
int nn_onnx_read_array(const uint8_t *data, size_t size, const char *where, NnOnnxArray *out,
                       SnError *err);

#endif
