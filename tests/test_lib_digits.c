/* test_lib_digits.c - the library's MNIST-digit searches (scratchnet_use_digits,
 * scratchnet_nearest_digits, scratchnet_exciting_digits) against brute force
 * written plainly here from the network core: a small model saved to a file and a few dozen
 * made-up 28 x 28 digits written as IDX files, so the test takes well under a second. */
#include "scratchnet.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nn/digits.h"
#include "nn/model.h"
#include "nn/model_io.h"
#include "test.h"

#define SIDE 28
#define PIX (SIDE * SIDE)
#define N_TRAIN 40
#define N_TEST 24

static char tmp_dir[] = "/tmp/scratchnet-test-lib-digits-XXXXXX";
static char model_path[256];
static uint8_t train[N_TRAIN][PIX], test[N_TEST][PIX];

/* Writes dir/<prefix>-images-idx3-ubyte and -labels-idx1-ubyte of n digits of side x side
 * pixels, labels i % 10. */
static void write_set(const char *dir, const char *prefix, const void *img, int n, int side)
{
    char path[512];
    uint8_t head[16] = {0, 0, 8, 3, 0, 0, 0, (uint8_t)n, 0, 0, 0, (uint8_t)side, 0, 0, 0,
                        (uint8_t)side};
    snprintf(path, sizeof path, "%s/%s-images-idx3-ubyte", dir, prefix);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(head, 1, 16, f) == 16 &&
          fwrite(img, (size_t)side * side, (size_t)n, f) == (size_t)n);
    CHECK(f && fclose(f) == 0);
    head[3] = 1;
    snprintf(path, sizeof path, "%s/%s-labels-idx1-ubyte", dir, prefix);
    f = fopen(path, "wb");
    CHECK(f && fwrite(head, 1, 8, f) == 8);
    for (int i = 0; i < n; i++)
        CHECK(fputc(i % 10, f) != EOF);
    CHECK(f && fclose(f) == 0);
}

/* Digits of random strokes-like blobs; training digit 30 repeats digit 12 (a tie). A model of
 * 784 inputs, 8 ReLU units, a dropout layer and 4 softmax outputs, without preprocessing. */
static NnModel *make_files(void)
{
    NnRng rng;
    nn_rng_seed(&rng, 17);
    for (int i = 0; i < N_TRAIN + N_TEST; i++) {
        uint8_t *d = i < N_TRAIN ? train[i] : test[i - N_TRAIN];
        for (int p = 0; p < PIX; p++)
            d[p] = (uint8_t)(nn_rng_uniform(&rng) < 0.3f ? 255.0f * nn_rng_uniform(&rng) : 0);
    }
    memcpy(train[30], train[12], PIX);
    write_set(tmp_dir, "train", train, N_TRAIN, SIDE);
    write_set(tmp_dir, "t10k", test, N_TEST, SIDE);
    NnShape in;
    NnLayerSpec specs[4];
    int n = nn_spec_parse("784,8:relu,dropout0.5,4:softmax", &in, specs, NULL);
    NnModel *m = nn_model_new_shape(in, specs, n, NULL);
    CHECK(m != NULL);
    nn_model_init(m, &rng);
    m->info.preprocess = NN_PREP_NONE;
    m->info.in_c = 1; /* a flat model of 28 x 28 images, as the shipped MLP */
    m->info.in_h = m->info.in_w = SIDE;
    snprintf(model_path, sizeof model_path, "%s/m.json", tmp_dir);
    CHECK(nn_model_save(model_path, m, NULL) == 0);
    return m;
}

/* Layer l's outputs for one digit run alone through m, as the library prepares an image. */
static const float *alone(NnModel *m, const uint8_t *digit, int l)
{
    float x[PIX];
    for (int p = 0; p < PIX; p++)
        x[p] = (float)digit[p] / 255.0f * 255.0f * m->info.in_scale + m->info.in_offset;
    CHECK(nn_model_reserve(m, 1, NULL) == 0);
    nn_model_forward(m, x, 1);
    return m->a[l];
}

/* order = 0..n-1 by key, ascending or (high_first) descending, ties by index. */
static void plain_sort(const double *key, int n, int high_first, int *order)
{
    int used[64] = {0};
    for (int r = 0; r < n; r++) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (!used[i] && (best < 0 || (high_first ? key[i] > key[best] : key[i] < key[best])))
                best = i;
        used[best] = 1;
        order[r] = best;
    }
}

TEST(nearest_and_exciting_digits_equal_brute_force)
{
    NnModel *ref = make_files();
    ScratchnetModel *m = scratchnet_load(model_path);
    if (!m)
        printf("  %s\n", scratchnet_last_error());
    CHECK(m != NULL);
    if (!m || !ref)
        return;
    CHECK(scratchnet_use_digits(m, tmp_dir) == SCRATCHNET_OK);
    /* nearest: the features are the dropout layer's output (the last dense layer's input) */
    static float feat[N_TRAIN][8];
    for (int i = 0; i < N_TRAIN; i++)
        memcpy(feat[i], alone(ref, train[i], 1), sizeof feat[i]);
    const float *q = alone(ref, train[12], 1);
    double d[N_TRAIN];
    int order[N_TRAIN];
    for (int i = 0; i < N_TRAIN; i++) {
        d[i] = 0.0;
        for (int j = 0; j < 8; j++)
            d[i] += ((double)feat[i][j] - (double)q[j]) * ((double)feat[i][j] - (double)q[j]);
    }
    plain_sort(d, N_TRAIN, 0, order);
    ScratchnetDigit out[N_TRAIN + 5];
    float grid[PIX];
    CHECK(scratchnet_prepare_image(m, train[12], SIDE, SIDE, grid, PIX) == 0);
    CHECK(scratchnet_nearest_digits(m, grid, out, 10) == 10);
    /* the digit itself and its twin, at a distance of nothing but rounding (the image goes
     * through the drawing pipeline's 0..1 grid, the index through the pixels' own scaling) */
    CHECK(out[0].index == 12 && out[1].index == 30 && out[1].score < 1e-6f);
    for (int r = 0; r < 10; r++) {
        CHECK(out[r].index == order[r] && out[r].label == order[r] % 10);
        CHECK_NEAR(out[r].score, d[order[r]], 1e-4 * (1.0 + d[order[r]]));
        CHECK(memcmp(out[r].pixels, train[order[r]], PIX) == 0);
    }
    CHECK(scratchnet_nearest_digits(m, grid, out, N_TRAIN + 5) == N_TRAIN);
    /* exciting: unit 5 of the dense layer */
    double s[N_TEST];
    for (int i = 0; i < N_TEST; i++)
        s[i] = (double)alone(ref, test[i], 0)[5];
    plain_sort(s, N_TEST, 1, order);
    CHECK(scratchnet_exciting_digits(m, 0, 5, out, 6) == 6);
    for (int r = 0; r < 6; r++) {
        CHECK(out[r].index == order[r] && out[r].label == order[r] % 10);
        CHECK_NEAR(out[r].score, s[order[r]], 1e-5);
        CHECK(memcmp(out[r].pixels, test[order[r]], PIX) == 0);
    }
    scratchnet_free(m);
    nn_model_free(ref);
}

static int says(const char *want)
{
    if (strstr(scratchnet_last_error(), want))
        return 1;
    printf("  message \"%s\" lacks \"%s\"\n", scratchnet_last_error(), want);
    return 0;
}

TEST(bad_arguments_and_missing_digits_are_one_line_errors)
{
    ScratchnetModel *m = scratchnet_load(model_path);
    CHECK(m != NULL);
    if (!m)
        return;
    ScratchnetDigit out[2];
    float grid[PIX] = {0};
    CHECK(scratchnet_use_digits(m, tmp_dir) == SCRATCHNET_OK);
    CHECK(scratchnet_nearest_digits(m, grid, out, 0) == SCRATCHNET_E_ARG);
    CHECK(says("scratchnet_nearest_digits: k is 0, not 1 to 1000"));
    CHECK(scratchnet_nearest_digits(NULL, grid, out, 1) == SCRATCHNET_E_ARG);
    CHECK(scratchnet_nearest_digits(m, NULL, out, 1) == SCRATCHNET_E_ARG);
    grid[5] = NAN;
    CHECK(scratchnet_nearest_digits(m, grid, out, 1) == SCRATCHNET_E_ARG);
    CHECK(says("grid[5] is not a finite number"));
    CHECK(scratchnet_exciting_digits(m, 1, 0, out, 2) == SCRATCHNET_E_ARG);
    CHECK(says("layer 1 (dropout) has no units"));
    CHECK(scratchnet_exciting_digits(m, 0, 8, out, 2) == SCRATCHNET_E_ARG);
    CHECK(says("unit 8 of layer 0 is not in 0..7"));
    CHECK(scratchnet_exciting_digits(m, 3, 0, out, 2) == SCRATCHNET_E_ARG);
    CHECK(says("layer 3 is not in 0..2"));
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none", tmp_dir);
    CHECK(scratchnet_use_digits(m, missing) == SCRATCHNET_E_IO);
    CHECK(says("/none/train-images-idx3-ubyte: not found"));
    CHECK(!strchr(scratchnet_last_error(), '\n'));
    CHECK(scratchnet_exciting_digits(m, 0, 0, out, 2) == SCRATCHNET_E_IO);
    scratchnet_free(m);
}

TEST(digits_of_another_size_in_the_mnist_folder_name_that_folder)
{
    ScratchnetModel *m = scratchnet_load(model_path);
    CHECK(m != NULL);
    if (!m)
        return;
    char small[300];
    snprintf(small, sizeof small, "%s/small", tmp_dir);
    CHECK(mkdir(small, 0700) == 0);
    write_set(small, "train", train, N_TRAIN / 4, SIDE / 2); /* 14 x 14 digits */
    write_set(small, "t10k", test, N_TEST / 4, SIDE / 2);
    CHECK(setenv("SCRATCHNET_DATA", small, 1) == 0);
    CHECK(scratchnet_use_digits(m, NULL) == SCRATCHNET_E_FORMAT);
    char want[400];
    snprintf(want, sizeof want, "%s: train digits of 14 x 14 pixels, not 28 x 28", small);
    CHECK(says(want));
    CHECK(unsetenv("SCRATCHNET_DATA") == 0);
    test_remove_dir(small);
    scratchnet_free(m);
}

/* The image of folder dir's set prefix at index, into out; 0 when it is there. */
static int image_at(const char *dir, const char *prefix, int index, uint8_t *out)
{
    NnDataset ds = {0};
    SnError err = {0};
    int ok = nn_digits_load(NULL, dir, prefix, &ds, NULL, &err) == SN_OK && index >= 0 &&
             index < ds.n;
    if (ok)
        memcpy(out, ds.images + (size_t)index * PIX, PIX);
    nn_dataset_free(&ds);
    return ok ? 0 : -1;
}

TEST(a_fashion_model_compares_with_fashion_mnist_full_or_else_its_shipped_subset)
{
    NnModel *ref = make_files(); /* the made-up digits stand for the full MNIST */
    char fashion[300], path[300];
    snprintf(fashion, sizeof fashion, "%s/fashion", tmp_dir);
    CHECK(mkdir(fashion, 0700) == 0);
    write_set(fashion, "train", test, N_TEST, SIDE); /* other images stand for Fashion-MNIST */
    write_set(fashion, "t10k", train, N_TRAIN, SIDE);
    snprintf(ref->info.train.dataset, sizeof ref->info.train.dataset, "fashion-mnist");
    snprintf(path, sizeof path, "%s/fashion.json", tmp_dir);
    CHECK(nn_model_save(path, ref, NULL) == 0);
    ScratchnetModel *m = scratchnet_load(path);
    CHECK(m != NULL);
    if (!m) {
        nn_model_free(ref);
        return;
    }
    CHECK(setenv("SCRATCHNET_DATA", tmp_dir, 1) == 0);
    CHECK(setenv("SCRATCHNET_FASHION_DATA", fashion, 1) == 0);
    CHECK(scratchnet_use_digits(m, NULL) == SCRATCHNET_OK);
    ScratchnetDigit out[2];
    float grid[PIX];
    CHECK(scratchnet_prepare_image(m, test[7], SIDE, SIDE, grid, PIX) == 0);
    CHECK(scratchnet_nearest_digits(m, grid, out, 1) == 1);
    CHECK(out[0].index == 7 && memcmp(out[0].pixels, test[7], PIX) == 0);
    /* no full Fashion-MNIST: the subset shipped beside the models, not MNIST's digits */
    snprintf(path, sizeof path, "%s/none", tmp_dir);
    CHECK(setenv("SCRATCHNET_FASHION_DATA", path, 1) == 0);
    CHECK(scratchnet_use_digits(m, NULL) == SCRATCHNET_OK);
    CHECK(scratchnet_exciting_digits(m, 0, 3, out, 2) == 2);
    const char *root = getenv("SCRATCHNET_SOURCE_ROOT");
    snprintf(path, sizeof path, "%s/fashion-mnist-subset", root ? root : ".");
    uint8_t shipped[PIX];
    for (int r = 0; r < 2; r++)
        CHECK(out[r].index < 1000 && image_at(path, "t10k", out[r].index, shipped) == 0 &&
              memcmp(out[r].pixels, shipped, PIX) == 0);
    CHECK(unsetenv("SCRATCHNET_DATA") == 0 && unsetenv("SCRATCHNET_FASHION_DATA") == 0);
    scratchnet_free(m);
    nn_model_free(ref);
}

int main(void)
{
    if (!mkdtemp(tmp_dir)) {
        printf("cannot create %s\n", tmp_dir);
        return 1;
    }
    RUN(nearest_and_exciting_digits_equal_brute_force);
    RUN(bad_arguments_and_missing_digits_are_one_line_errors);
    RUN(digits_of_another_size_in_the_mnist_folder_name_that_folder);
    RUN(a_fashion_model_compares_with_fashion_mnist_full_or_else_its_shipped_subset);
    test_remove_dir(tmp_dir);
    return test_main_result();
}
