/* fuzz_onnx.c - libFuzzer target: any bytes as an ONNX model file, and as a tensor file. The
 * reader must refuse what it cannot use with one line and never crash, hang or leak, whatever
 * the file claims; a model it accepts must run a forward pass, and what the writer then makes of
 * it must read back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nn/onnx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SnError err = {0};
    NnOnnxArray a;
    if (nn_onnx_read_array(data, size, "fuzz.pb", &a, &err) == 0)
        free(a.v);
    else if (!err.msg[0] || strchr(err.msg, '\n'))
        abort(); /* a refusal always says why, in one line */
    NnOnnxReport rep;
    memset(&err, 0, sizeof err);
    NnModel *m = nn_onnx_from_bytes(data, size, "fuzz.onnx", NULL, 0, NULL, &rep, &err);
    if (!m) {
        if (!err.msg[0] || strchr(err.msg, '\n'))
            abort();
        return 0;
    }
    float *x = calloc((size_t)m->n_in, sizeof *x);
    if (x) {
        for (int i = 0; i < m->n_in; i += 7)
            x[i] = 1.0f;
        nn_model_predict(m, x, NULL);
        free(x);
    }
    size_t n = 0;
    uint8_t *bytes = nn_onnx_to_bytes(m, &n, &err);
    if (bytes) {
        NnModel *again = nn_onnx_from_bytes(bytes, n, "fuzz-again.onnx", NULL, 0, NULL, NULL, &err);
        if (!again)
            abort(); /* what it writes it must read */
        nn_model_free(again);
        free(bytes);
    }
    nn_model_free(m);
    return 0;
}
