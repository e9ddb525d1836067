/* test_onnx_frameworks.c - digit classifiers that other tools wrote as ONNX import and answer as
 * the tool that trained them did. tests/data/onnx holds an MLP and a CNN exported by PyTorch's
 * torch.onnx.export (opsets 9, 11, 13, 17) and two graphs in the shape the Keras converters write
 * (an NHWC input and its Transposes, MatMul + Add), each with PyTorch's top classes and
 * probabilities on the first 1,000 MNIST test images (scripts/make-onnx-testdata made them; the
 * images are kept beside them). Each model is imported with nn_onnx_load's defaults (input
 * pixel / 255), run over the images as `scratchnet eval` runs a model over IDX test images (bytes
 * * scale + offset, no preprocessing, batches in inference mode), and must give PyTorch's top
 * class on every image and every probability (nn_model_probabilities) within 1e-5 of PyTorch's.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "common/readfile.h"
#include "nn/dataset_pass.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/onnx.h"
#include "nn/train.h"
#include "test.h"

#define N_IMAGES 1000 /* the test images each model was answered on */
#define CLASSES 10
#define PROB_TOL 1e-5 /* most a probability may differ from PyTorch's */

/* One file of tests/data/onnx and what its import must report. */
typedef struct Case {
    const char *name;  /* NAME.onnx, NAME.top.u8, NAME.probs.f32 */
    int opset;         /* the default domain's opset it imports */
    int pytorch;       /* 1: written by torch.onnx.export (its producer says "pytorch") */
    int softmax_added; /* 1: it ends in logits, and the import adds a softmax */
    int log_softmax;   /* 1: it ends in LogSoftmax, and the import gives probabilities */
} Case;

static const Case cases[] = {
    {"mlp-logits-opset9", 9, 1, 1, 0},
    {"mlp-softmax-opset17", 17, 1, 0, 0},
    {"cnn-logsoftmax-opset11", 11, 1, 0, 1},
    {"cnn-logsoftmax-opset13", 13, 1, 0, 1},
    {"keras-cnn-opset13", 13, 0, 0, 0},
    {"keras-mlp-opset15", 15, 0, 0, 0},
};
#define N_CASES ((int)(sizeof cases / sizeof cases[0]))

static char onnx_dir[4200];
static NnDataset images; /* tests/data/onnx's first 1,000 MNIST test images */
static int have_images;

/* PyTorch's answers on the images: top classes (N_IMAGES) and probabilities (N_IMAGES, CLASSES). */
typedef struct Reference {
    uint8_t top[N_IMAGES];
    float probs[N_IMAGES * CLASSES];
} Reference;

/* Reads dir/NAME<ending> into buf, which must be exactly n bytes long. 0, or -1 after saying
 * why. */
static int read_exact(const char *name, const char *ending, void *buf, size_t n)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s%s", onnx_dir, name, ending);
    char *bytes = NULL;
    size_t len = 0;
    SnError err = {0};
    if (readfile_all(path, n + 1, 0, &bytes, &len, &err) != 0) {
        printf("%s\n", err.msg);
        return -1;
    }
    if (len != n) {
        printf("%s: %zu bytes, expected %zu\n", path, len, n);
        free(bytes);
        return -1;
    }
    memcpy(buf, bytes, n);
    free(bytes);
    return 0;
}

/* PyTorch's answers for the model name into ref; the probabilities are little-endian float32
 * whatever this machine's byte order. 0 or -1. */
static int read_reference(const char *name, Reference *ref)
{
    static uint8_t raw[N_IMAGES * CLASSES * 4];
    if (read_exact(name, ".top.u8", ref->top, sizeof ref->top) != 0 ||
        read_exact(name, ".probs.f32", raw, sizeof raw) != 0)
        return -1;
    for (size_t i = 0; i < (size_t)N_IMAGES * CLASSES; i++) {
        const uint8_t *b = raw + 4 * i;
        uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                     (uint32_t)b[3] << 24;
        memcpy(&ref->probs[i], &u, sizeof u);
    }
    return 0;
}

/* 1 if text holds word, letters compared without case. */
static int mentions(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (; *text; text++) {
        size_t k = 0;
        while (k < n && text[k] &&
               tolower((unsigned char)text[k]) == tolower((unsigned char)word[k]))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* 1 if any of the report's notes mentions word. */
static int noted(const NnOnnxReport *rep, const char *word)
{
    for (int i = 0; i < rep->n_notes && i < NN_ONNX_NOTES; i++)
        if (mentions(rep->notes[i], word))
            return 1;
    return 0;
}

/* The probabilities of every image, as the batches of nn_dataset_pass come out of the model. */
typedef struct Collect {
    float probs[N_IMAGES * CLASSES];
} Collect;

static void take_probabilities(void *ctx, const NnModel *m, int first, int n)
{
    Collect *c = ctx;
    const float *out = m->a[m->n_layers - 1];
    for (int i = 0; i < n; i++)
        nn_model_probabilities(m, out + (size_t)i * (size_t)m->n_out,
                               c->probs + (size_t)(first + i) * CLASSES);
}

/* Imports case c with the default options, checks its shape, scaling and report, and runs the
 * images through it: PyTorch's top class on every image, every probability within PROB_TOL. */
static void check_case(const Case *c)
{
    static Reference ref;
    static Collect got;
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.onnx", onnx_dir, c->name);
    CHECK(read_reference(c->name, &ref) == 0);
    NnOnnxReport rep;
    memset(&rep, 0, sizeof rep);
    SnError err = {0};
    NnModel *m = nn_onnx_load(path, NULL, &rep, &err);
    if (!m) {
        printf("%s: not imported: %s\n", c->name, err.msg);
        CHECK(m != NULL);
        return;
    }
    /* the import: 1 x 28 x 28 in, ten classes out, pixels / 255 as the model was trained */
    CHECK(m->in_shape.c == 1 && m->in_shape.h == 28 && m->in_shape.w == 28);
    CHECK(m->n_out == CLASSES);
    CHECK_NEAR(m->info.in_scale, 1.0 / 255.0, 1e-9);
    CHECK(m->info.in_offset == 0.0f);
    CHECK(rep.opset == c->opset);
    CHECK(rep.softmax_added == c->softmax_added);
    CHECK(rep.log_softmax == c->log_softmax);
    if (c->softmax_added || c->log_softmax) /* the user is told what became of the output */
        CHECK(noted(&rep, "softmax"));
    if (c->pytorch)
        CHECK(strncmp(rep.producer, "pytorch", 7) == 0);
    for (int i = 0; i < rep.n_notes && i < NN_ONNX_NOTES; i++)
        printf("%s: note: %s\n", c->name, rep.notes[i]);

    memset(&got, 0, sizeof got);
    int rc = nn_dataset_pass(m, &images, take_probabilities, &got, NULL, NULL, &err);
    if (rc != 0)
        printf("%s: %s\n", c->name, err.msg);
    CHECK(rc == 0);
    int agree = 0, within = 0;
    double worst = 0.0;
    for (int i = 0; i < N_IMAGES; i++) {
        const float *p = got.probs + (size_t)i * CLASSES, *q = ref.probs + (size_t)i * CLASSES;
        agree += nn_top_class(p, CLASSES, NULL) == ref.top[i];
        int close = 1;
        for (int k = 0; k < CLASSES; k++) {
            double d = fabs((double)p[k] - (double)q[k]);
            close &= d <= PROB_TOL;
            if (!(d <= worst)) /* a NaN is the worst of all */
                worst = d == d ? d : HUGE_VAL;
        }
        within += close;
    }
    printf("%s: top class as PyTorch's on %d of %d images, every probability within %g on %d, "
           "largest difference %.3g\n",
           c->name, agree, N_IMAGES, PROB_TOL, within, worst);
    CHECK(agree == N_IMAGES);
    CHECK(within == N_IMAGES);
    nn_model_free(m);
}

TEST(test_images_are_the_first_thousand_of_the_mnist_test_set)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    const char *require = getenv("SCRATCHNET_REQUIRE_DATA");
    NnDataset full = {0};
    SnError err = {0};
    if (!dir || nn_dataset_load_mnist(dir, "t10k", CLASSES, &full, &err) != 0) {
        if (require && strcmp(require, "1") == 0) {
            printf("SCRATCHNET_REQUIRE_DATA=1 but no MNIST: %s\n", dir ? err.msg : "no folder");
            CHECK(0);
        } else {
            SKIP("the full MNIST test set is not here (scripts/setup fetches it)");
        }
        return;
    }
    CHECK(have_images && images.n == N_IMAGES && images.rows == 28 && images.cols == 28);
    CHECK(full.n >= N_IMAGES && full.rows == 28 && full.cols == 28);
    if (have_images && full.n >= N_IMAGES) {
        CHECK(memcmp(full.images, images.images, (size_t)N_IMAGES * 28 * 28) == 0);
        CHECK(memcmp(full.labels, images.labels, N_IMAGES) == 0);
    }
    nn_dataset_free(&full);
}

TEST(references_name_the_top_of_their_own_probabilities)
{
    static Reference ref;
    for (int c = 0; c < N_CASES; c++) {
        CHECK(read_reference(cases[c].name, &ref) == 0);
        int same = 0;
        for (int i = 0; i < N_IMAGES; i++)
            same += nn_top_class(ref.probs + (size_t)i * CLASSES, CLASSES, NULL) == ref.top[i];
        CHECK(same == N_IMAGES);
    }
}

TEST(pytorch_mlp_exports_give_pytorchs_answers)
{
    check_case(&cases[0]);
    check_case(&cases[1]);
}

TEST(pytorch_cnn_exports_give_pytorchs_answers)
{
    check_case(&cases[2]);
    check_case(&cases[3]);
}

TEST(keras_style_graphs_give_pytorchs_answers)
{
    check_case(&cases[4]);
    check_case(&cases[5]);
}

/* `scratchnet eval MODEL.onnx` opens the file through nn_model_load and scores it with
 * nn_evaluate: the same top classes as PyTorch on every image. */
TEST(eval_opens_the_onnx_files_and_gives_pytorchs_top_classes)
{
    static Reference ref;
    static uint8_t pred[N_IMAGES];
    for (int c = 0; c < N_CASES; c++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s.onnx", onnx_dir, cases[c].name);
        CHECK(read_reference(cases[c].name, &ref) == 0);
        SnError err = {0};
        NnModel *m = nn_model_load(path, &err);
        if (!m) {
            printf("%s: %s\n", cases[c].name, err.msg);
            CHECK(m != NULL);
            continue;
        }
        nn_model_freeze(m, NULL); /* as `scratchnet eval` loads it */
        NnEvalDetail d = {.pred = pred};
        float acc = nn_evaluate(m, &images, NULL, images.n, &d, &err);
        CHECK(acc >= 0.0f);
        CHECK(d.nonfinite == 0);
        int agree = 0;
        for (int i = 0; i < N_IMAGES; i++)
            agree += pred[i] == ref.top[i];
        printf("%s: eval's top class as PyTorch's on %d of %d images (accuracy %.1f %%)\n",
               cases[c].name, agree, N_IMAGES, 100.0 * (double)acc);
        CHECK(agree == N_IMAGES);
        nn_model_free(m);
    }
}

int main(void)
{
    const char *data = getenv("SCRATCHNET_TEST_DATA");
    if (!data) {
        printf("SCRATCHNET_TEST_DATA must be set (meson test does)\n");
        return 1;
    }
    snprintf(onnx_dir, sizeof onnx_dir, "%s/onnx", data);
    SnError err = {0};
    have_images = nn_dataset_load_mnist(onnx_dir, "t10k", CLASSES, &images, &err) == 0;
    if (!have_images || images.n != N_IMAGES || images.rows * images.cols != 28 * 28) {
        printf("%s: the test images: %s\n", onnx_dir,
               have_images ? "not 1000 of 28 x 28" : err.msg);
        nn_dataset_free(&images);
        return 1;
    }
    RUN(test_images_are_the_first_thousand_of_the_mnist_test_set);
    RUN(references_name_the_top_of_their_own_probabilities);
    RUN(pytorch_mlp_exports_give_pytorchs_answers);
    RUN(pytorch_cnn_exports_give_pytorchs_answers);
    RUN(keras_style_graphs_give_pytorchs_answers);
    RUN(eval_opens_the_onnx_files_and_gives_pytorchs_top_classes);
    nn_dataset_free(&images);
    return test_main_result();
}
