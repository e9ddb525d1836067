/* onnx_probs.c - scratchnet's own probabilities for every test image of a data set, written as
 * little-endian float32 (N, classes) for another runtime's answers to be compared with
 * (tests/test_onnx_export.sh, tests/ort_compare.js).
 *
 * usage: onnx_probs MODEL DATA_DIR OUT
 *   MODEL     a model file (.json, or .onnx through the importer)
 *   DATA_DIR  a folder of t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)
 *   OUT       the file of probabilities written
 *
 * The images are fed as `scratchnet eval` feeds them (dataset_probs.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "dataset_probs.h"
#include "nn/model_io.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: onnx_probs MODEL DATA_DIR OUT\n");
        return 2;
    }
    SnError err = {0};
    NnModel *m = nn_model_load(argv[1], &err);
    if (!m) {
        fprintf(stderr, "onnx_probs: %s\n", err.msg);
        return 1;
    }
    NnPool *pool = nn_pool_new(0, &err);
    NnDataset ds = {0};
    float *probs = NULL;
    int status = 1;
    if (!pool || nn_dataset_load_mnist(argv[2], "t10k", m->n_out, &ds, &err) != 0) {
        fprintf(stderr, "onnx_probs: %s\n", err.msg);
        goto done;
    }
    nn_model_set_pool(m, pool);
    if (!(probs = dataset_probs(m, &ds, &err))) {
        fprintf(stderr, "onnx_probs: %s: %s\n", argv[1], err.msg);
        goto done;
    }
    FILE *f = fopen(argv[3], "wb");
    size_t count = (size_t)ds.n * (size_t)m->n_out;
    /* float32 as the machine keeps it: little-endian on every machine the tests run on */
    int wrote = f && fwrite(probs, sizeof *probs, count, f) == count;
    if (f && fclose(f) != 0)
        wrote = 0;
    if (!wrote) {
        fprintf(stderr, "onnx_probs: %s: cannot write\n", argv[3]);
        goto done;
    }
    printf("%s: %d images x %d probabilities\n", argv[1], ds.n, m->n_out);
    status = 0;
done:
    free(probs);
    nn_dataset_free(&ds);
    nn_model_free(m);
    nn_pool_free(pool);
    return status;
}
