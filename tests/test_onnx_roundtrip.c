/* test_onnx_roundtrip.c - a model exported to ONNX (nn_onnx_to_bytes) and imported again
 * (nn_onnx_from_bytes) is the model it was: the same layers, settings and parameters, the same
 * labels, preprocessing, input scaling and refusal threshold, and bit-identical probabilities
 * (memcmp) - for every shipped model on the first ROUND_TRIP_IMAGES images of its test set
 * (MNIST, or Fashion-MNIST for the fashion models), and for a model built here with every layer
 * type and activation. (Bit-identical answers on that many images show the same arithmetic;
 * test_onnx_export.sh runs the whole test sets through onnxruntime.)
 */
#include <dirent.h>
#include <string.h>

#include "dataset_probs.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/onnx.h"
#include "spec_model.h"
#include "test.h"

/* the test sets, loaded once: [0] MNIST, [1] Fashion-MNIST */
static NnDataset test_sets[2];
static int have_data[2];
static const char *const set_names[2] = {"mnist", "fashion-mnist"};
static const char *const set_env[2] = {"SCRATCHNET_MNIST_DIR", "SCRATCHNET_FASHION_DIR"};
#define ROUND_TRIP_IMAGES 2000
/* the threads the models run on, as for `scratchnet eval` */
static NnPool *pool;

/* Every layer type, each activation: the model built by hand below (two input channels, so
 * that the channel order counts; a convolution without padding, so that padding is not taken
 * for granted). */
static const char every_type[] =
    "2x10x10,act:sigmoid,conv3x3:relu,pool,bn:tanh,dropout0.25,conv4x3p0,act:relu,flatten,"
    "bn,6:tanh,act:sigmoid,7:relu,5:softmax";

/* The model m exported and imported again, or NULL (the message printed). */
static NnModel *round_trip(const NnModel *m, const char *what)
{
    SnError err = {0};
    size_t size = 0;
    uint8_t *bytes = nn_onnx_to_bytes(m, &size, &err);
    if (!bytes) {
        printf("%s: export: %s\n", what, err.msg);
        return NULL;
    }
    NnOnnxReport rep;
    memset(&rep, 0, sizeof rep);
    NnModel *back = nn_onnx_from_bytes(bytes, size, what, NULL, 0, NULL, &rep, &err);
    free(bytes);
    if (!back) {
        printf("%s: import: %s\n", what, err.msg);
        return NULL;
    }
    /* what the importer says of its own exports: nothing to add, the opset it writes */
    for (int i = 0; i < rep.n_notes; i++)
        printf("%s: import says: %s\n", what, rep.notes[i]);
    CHECK(rep.n_notes == 0);
    CHECK(rep.softmax_added == 0 && rep.log_softmax == 0);
    CHECK(rep.opset == NN_ONNX_OPSET_WRITTEN);
    return back;
}

/* The layers a model comes back from ONNX with (into out, their count returned): its own,
 * except that an activation layer right after a dense, convolution or batchnorm layer without
 * an activation of its own becomes that layer's activation, as the importer maps a Relu,
 * Sigmoid or Tanh node (onnx.h); the same computation, one layer fewer. */
static int layers_back(const NnModel *a, NnLayer *out)
{
    int n = 0;
    for (int l = 0; l < a->n_layers; l++) {
        const NnLayer *L = &a->layers[l];
        NnLayer *prev = n > 0 ? &out[n - 1] : NULL;
        if (L->type == NN_LAYER_ACTIVATION && prev && prev->act == NN_ACT_LINEAR &&
            (prev->type == NN_LAYER_DENSE || prev->type == NN_LAYER_CONV2D ||
             prev->type == NN_LAYER_BATCHNORM)) {
            prev->act = L->act;
            continue;
        }
        out[n++] = *L;
    }
    return n;
}

/* 1 when b has a's layers (types, activations, shapes, settings; layers_back), parameters and
 * running statistics bit for bit, and a's input shape, scaling, preprocessing, labels and
 * refusal threshold; else prints what differs. */
static int same_model(const NnModel *a, const NnModel *b, const char *what)
{
    int same = 1;
    static NnLayer want[NN_MAX_LAYERS];
    int n = layers_back(a, want);
    CHECK(b->n_layers == n);
    if (b->n_layers != n) {
        printf("%s: %d layers came back as %d:", what, n, b->n_layers);
        for (int l = 0; l < b->n_layers; l++)
            printf(" %s:%s", nn_layer_type_name(b->layers[l].type),
                   nn_act_name(b->layers[l].act));
        printf("\n");
        return 0;
    }
    for (int l = 0; l < n; l++) {
        const NnLayer *p = &want[l], *q = &b->layers[l];
        int layer_same = q->type == p->type && q->act == p->act && q->n_in == p->n_in &&
                         q->n_out == p->n_out && memcmp(&q->in, &p->in, sizeof q->in) == 0 &&
                         memcmp(&q->out, &p->out, sizeof q->out) == 0 &&
                         q->kernel == p->kernel && q->pad == p->pad && q->rate == p->rate;
        if (!layer_same)
            printf("%s: layer %d, %s (%s), came back as %s (%s)\n", what, l,
                   nn_layer_type_name(p->type), nn_act_name(p->act),
                   nn_layer_type_name(q->type), nn_act_name(q->act));
        CHECK(layer_same);
        same &= layer_same;
    }
    CHECK(b->n_params == a->n_params && b->n_state == a->n_state);
    if (b->n_params != a->n_params || b->n_state != a->n_state)
        return 0;
    CHECK(memcmp(b->params, a->params, a->n_params * sizeof *a->params) == 0);
    CHECK(a->n_state == 0 || memcmp(b->state, a->state, a->n_state * sizeof *a->state) == 0);
    const NnModelInfo *ia = &a->info, *ib = &b->info;
    CHECK(ib->in_c == ia->in_c && ib->in_h == ia->in_h && ib->in_w == ia->in_w);
    CHECK(ib->in_scale == ia->in_scale);
    CHECK(ib->in_offset == ia->in_offset);
    CHECK(ib->preprocess == ia->preprocess);
    CHECK(ib->refuse_below == ia->refuse_below);
    CHECK(ib->n_classes == ia->n_classes);
    for (int c = 0; c < ia->n_classes && c < ib->n_classes; c++)
        if (strcmp(ib->labels[c], ia->labels[c]) != 0) {
            printf("%s: label %d \"%s\" came back as \"%s\"\n", what, c, ia->labels[c],
                   ib->labels[c]);
            CHECK(0);
        }
    return same; /* even when parameters differ: the probabilities are compared all the same */
}

TEST(every_shipped_model_comes_back_from_onnx_with_bit_identical_probabilities)
{
    if (!have_data[0] || !have_data[1]) {
        SKIP("MNIST or Fashion-MNIST not found: run scripts/setup --test to fetch them");
        return;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/models", getenv("SCRATCHNET_SOURCE_ROOT"));
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        SnError err = {0};
        NnModel *m = nn_model_load(path, &err);
        if (!m)
            printf("%s\n", err.msg);
        CHECK(m != NULL);
        NnModel *back = m ? round_trip(m, de->d_name) : NULL;
        CHECK(back != NULL);
        if (back && same_model(m, back, de->d_name)) {
            int set = strcmp(m->info.train.dataset, "fashion-mnist") == 0;
            NnDataset first = test_sets[set]; /* its first images: points into it */
            if (first.n > ROUND_TRIP_IMAGES)
                first.n = ROUND_TRIP_IMAGES;
            const NnDataset *ds = &first;
            nn_model_set_pool(m, pool);
            nn_model_set_pool(back, pool);
            float *want = dataset_probs(m, ds, &err);
            float *got = want ? dataset_probs(back, ds, &err) : NULL;
            CHECK(got != NULL);
            if (!got)
                printf("%s: %s\n", de->d_name, err.msg);
            size_t n = (size_t)ds->n * (size_t)m->n_out;
            int same = got && memcmp(got, want, n * sizeof *got) == 0;
            CHECK(same);
            double most = 0.0;
            for (size_t i = 0; got && i < n; i++)
                most = fmax(most, fabs((double)got[i] - (double)want[i]));
            printf("%s: exported and imported, %d %s test images: probabilities %s "
                   "(largest difference %g)\n",
                   de->d_name, ds->n, set_names[set], same ? "bit-identical" : "DIFFER", most);
            free(want);
            free(got);
        }
        count++;
        nn_model_free(back);
        nn_model_free(m);
    }
    closedir(d);
    CHECK(count >= 5);
}

TEST(a_model_of_every_layer_type_comes_back_from_onnx_as_it_was)
{
    NnModel *m = spec_model(every_type, 19, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    /* everything the metadata and the graph carry, away from the defaults */
    m->info.in_scale = 0.0125f;
    m->info.in_offset = -0.4f;
    m->info.preprocess = NN_PREP_NONE;
    m->info.refuse_below = 0.375f;
    const char *labels[5] = {"cat", "dog, brown", "\"quoted\"", "\xc3\xa9t\xc3\xa9", "5"};
    for (int c = 0; c < 5; c++)
        snprintf(m->info.labels[c], NN_LABEL_LEN, "%s", labels[c]);
    NnLayerType seen[NN_LAYER_COUNT] = {0};
    int acts[NN_ACT_COUNT] = {0};
    for (int l = 0; l < m->n_layers; l++) {
        seen[m->layers[l].type] = 1;
        acts[m->layers[l].act] = 1;
    }
    for (int t = 0; t < NN_LAYER_COUNT; t++)
        CHECK(seen[t]); /* the model has every layer type */
    CHECK(acts[NN_ACT_RELU] && acts[NN_ACT_SIGMOID] && acts[NN_ACT_TANH] &&
          acts[NN_ACT_SOFTMAX] && acts[NN_ACT_LINEAR]);
    NnModel *back = round_trip(m, "every-type");
    CHECK(back != NULL);
    if (back && same_model(m, back, "every-type")) {
        /* 64 inputs of random pixels 0..255, as the CLI and the app feed them */
        enum { N = 64 };
        uint8_t pixels[N * 200];
        NnRng rng;
        nn_rng_seed(&rng, 7);
        for (size_t i = 0; i < sizeof pixels; i++)
            pixels[i] = (uint8_t)nn_rng_below(&rng, 256);
        NnDataset ds = {.n = N, .rows = 20, .cols = 10, .images = pixels};
        SnError err = {0};
        float *want = dataset_probs(m, &ds, &err);
        float *got = want ? dataset_probs(back, &ds, &err) : NULL;
        CHECK(got != NULL);
        CHECK(got && memcmp(got, want, (size_t)N * 5 * sizeof *got) == 0);
        free(want);
        free(got);
    }
    nn_model_free(back);
    nn_model_free(m);
}

int main(void)
{
    const char *require = getenv("SCRATCHNET_REQUIRE_DATA");
    for (int i = 0; i < 2; i++) {
        const char *dir = getenv(set_env[i]);
        SnError err = {0};
        have_data[i] = dir && nn_dataset_load_mnist(dir, "t10k", 10, &test_sets[i], &err) == 0;
        if (!have_data[i] && require && strcmp(require, "1") == 0) {
            printf("%s is required but could not be loaded: %s\n", set_names[i],
                   dir ? err.msg : "no directory given");
            return 1;
        }
    }
    pool = nn_pool_new(0, NULL);
    RUN(a_model_of_every_layer_type_comes_back_from_onnx_as_it_was);
    RUN(every_shipped_model_comes_back_from_onnx_with_bit_identical_probabilities);
    nn_pool_free(pool);
    nn_dataset_free(&test_sets[0]);
    nn_dataset_free(&test_sets[1]);
    return test_main_result();
}
