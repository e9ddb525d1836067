/* model_files.h - what test_model_read and test_model_write share: a hand-written model's text
 * and what writing it gives, a fresh temporary directory, and small file helpers.
 */
#ifndef SCRATCHNET_MODEL_FILES_H
#define SCRATCHNET_MODEL_FILES_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/model.h"
#include "nn/model_io.h"
#include "nn/rng.h"
#include "test.h" /* before dir below, whose name its helpers use for their arguments */

static char dir[512]; /* a fresh temporary directory for this run */

/* A hand-written 4-3-2 model: input 1x2x2, a ReLU layer of 3, a softmax layer of 2. Weights are
 * (out, in) row-major, one output neuron per line. Every value is exact in binary, so the
 * forward pass can be checked by hand (see loading_a_hand_written_model_computes_by_hand). */
#define TINY_BODY                                                                             \
    "{\n"                                                                                     \
    "  \"format\": \"scratchnet-model\",\n"                                                   \
    "  \"version\": 1,\n"                                                                     \
    "  \"name\": \"tiny\",\n"                                                                 \
    "  \"input\": {\"channels\": 1, \"height\": 2, \"width\": 2, \"scale\": 1, "              \
    "\"offset\": 0, \"preprocess\": \"none\"},\n"                                             \
    "  \"labels\": [\"cat\", \"dog\"],\n"                                                     \
    "  \"layers\": [\n"                                                                       \
    "    {\"type\": \"dense\", \"inputs\": 4, \"outputs\": 3, \"activation\": \"relu\",\n"    \
    "     \"weights\": [0.5, -0.25, 0.125, 1,\n"                                              \
    "                 -1, 0.5, 0.25, -0.5,\n"                                                 \
    "                 0.75, 0.25, -0.125, 0],\n"                                              \
    "     \"biases\": [0.5, 1, 2]},\n"                                                        \
    "    {\"type\": \"dense\", \"inputs\": 3, \"outputs\": 2, \"activation\": \"softmax\",\n" \
    "     \"weights\": [1, -1, 0.5,\n"                                                        \
    "                 -0.5, 0.25, 2],\n"                                                      \
    "     \"biases\": [0, 0.25]}\n"                                                           \
    "  ]"
#define TINY_TRAINING                                                                         \
    ",\n  \"training\": {\"dataset\": \"hand\", \"epochs\": 3, "                              \
    "\"seed\": \"18446744073709551615\",\n"                                                   \
    "               \"test_accuracy\": 0.75}"
static const char tiny_json[] = TINY_BODY TINY_TRAINING "\n}\n";
static const char tiny_json_untrained[] = TINY_BODY "\n}\n";

/* What nn_model_to_json writes for the tiny model: the layout of every model file. */
static const char tiny_golden[] =
    "{\n"
    "  \"format\": \"scratchnet-model\",\n"
    "  \"version\": 1,\n"
    "  \"name\": \"tiny\",\n"
    "  \"input\": {\"channels\": 1, \"height\": 2, \"width\": 2, \"scale\": 1, \"offset\": 0, "
    "\"preprocess\": \"none\"},\n"
    "  \"labels\": [\"cat\", \"dog\"],\n"
    "  \"layers\": [\n"
    "    {\n"
    "      \"type\": \"dense\", \"inputs\": 4, \"outputs\": 3, \"activation\": \"relu\",\n"
    "      \"weights\": [\n"
    "        0.5, -0.25, 0.125, 1,\n"
    "        -1, 0.5, 0.25, -0.5,\n"
    "        0.75, 0.25, -0.125, 0\n"
    "      ],\n"
    "      \"biases\": [0.5, 1, 2]\n"
    "    },\n"
    "    {\n"
    "      \"type\": \"dense\", \"inputs\": 3, \"outputs\": 2, \"activation\": \"softmax\",\n"
    "      \"weights\": [\n"
    "        1, -1, 0.5,\n"
    "        -0.5, 0.25, 2\n"
    "      ],\n"
    "      \"biases\": [0, 0.25]\n"
    "    }\n"
    "  ],\n"
    "  \"training\": {\n"
    "    \"dataset\": \"hand\",\n"
    "    \"samples\": 0,\n"
    "    \"epochs\": 3,\n"
    "    \"best_epoch\": 0,\n"
    "    \"optimizer\": \"\",\n"
    "    \"learning_rate\": 0,\n"
    "    \"momentum\": 0,\n"
    "    \"weight_decay\": 0,\n"
    "    \"schedule\": \"\",\n"
    "    \"batch_size\": 0,\n"
    "    \"cost\": \"\",\n"
    "    \"seed\": \"18446744073709551615\",\n"
    "    \"train_accuracy\": -1,\n"
    "    \"validation_accuracy\": -1,\n"
    "    \"test_accuracy\": 0.75,\n"
    "    \"train_seconds\": 0,\n"
    "    \"augmentation\": \"\",\n"
    "    \"command\": \"\",\n"
    "    \"date\": \"\",\n"
    "    \"version\": \"\"\n"
    "  }\n"
    "}\n";

/* ---- helpers ---- */

static inline void path_in_dir(char *dst, size_t cap, const char *name)
{
    snprintf(dst, cap, "%s/%s", dir, name);
}

static inline int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

/* The whole file, NUL-terminated, malloc'd; NULL if it cannot be read. */
static inline char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t got;
    while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *t = realloc(s, cap * 2);
            if (!t)
                free(s);
            s = t;
            cap *= 2;
        }
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

/* text with its one occurrence of from replaced by to; NULL if from is not there exactly once. */
static inline char *replace_once(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at || strstr(at + 1, from))
        return NULL;
    size_t a = (size_t)(at - text), f = strlen(from), t = strlen(to), n = strlen(text);
    char *s = malloc(n - f + t + 1);
    if (!s)
        return NULL;
    memcpy(s, text, a);
    memcpy(s + a, to, t);
    memcpy(s + a + t, at + f, n - a - f + 1);
    return s;
}

/* A model from a spec, initialised from a fixed seed. */
static inline NnModel *make_model(const char *spec, uint64_t seed)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    int n = nn_spec_parse(spec, &in, specs, NULL);
    if (n < 1)
        return NULL;
    NnModel *m = nn_model_new_shape(in, specs, n, NULL);
    if (!m)
        return NULL;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    for (int l = 0; l < m->n_layers; l++) /* non-zero biases, so they are tested too */
        for (int o = 0; o < m->layers[l].n_out; o++)
            m->layers[l].bias[o] = 0.1f * nn_rng_normal(&rng);
    return m;
}

static inline int same_params(const NnModel *a, const NnModel *b)
{
    return a->n_params == b->n_params &&
           memcmp(a->params, b->params, a->n_params * sizeof *a->params) == 0;
}

/* Makes the temporary directory dir for a test program called name; 0 or -1 (said why). */
static inline int make_dir(const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    if (!mkdtemp(dir)) {
        printf("cannot create a temporary directory %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}

#endif
