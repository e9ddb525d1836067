/* fuzz_model.c - libFuzzer target: any bytes as a model JSON file. The loader must refuse what
 * it cannot use with a message and never crash, hang or leak; what it accepts must run a
 * forward pass and save and load back. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nn/model_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    SnError err = {0};
    NnModel *m = nn_model_from_json(text, "fuzz.json", &err);
    free(text);
    if (!m) {
        if (!err.msg[0])
            abort(); /* a refusal always says why */
        return 0;
    }
    float *x = calloc((size_t)m->n_in, sizeof *x);
    if (x) {
        for (int i = 0; i < m->n_in; i += 7)
            x[i] = 1.0f;
        nn_model_predict(m, x, NULL);
        free(x);
    }
    char *json = nn_model_to_json(m, &err);
    if (json) {
        NnModel *again = nn_model_from_json(json, "fuzz-again.json", &err);
        if (!again)
            abort(); /* what it writes it must read */
        nn_model_free(again);
        free(json);
    }
    nn_model_free(m);
    return 0;
}
