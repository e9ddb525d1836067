/* cmd_bench.c - `scratchnet bench`: how fast this machine runs the library. Matrix products
 * (GFLOP/s), training epochs of a reference MLP (seconds per 60,000 images), single-image
 * inference latency of each model (median and 99th percentile), the drawing app's full update
 * path (rasterise + preprocess + forward), model load time and peak memory. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli/args.h"
#include "cli/common.h"
#include "ink/pipeline.h"
#include "nn/gemm.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/train.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double gemm_gflops(int M, int N, int K, double min_seconds)
{
    float *A = malloc(sizeof(float) * (size_t)M * K), *B = malloc(sizeof(float) * (size_t)K * N);
    float *C = calloc((size_t)M * N, sizeof(float));
    if (!A || !B || !C) {
        free(A), free(B), free(C);
        return 0.0;
    }
    NnRng rng;
    nn_rng_seed(&rng, 1);
    for (size_t i = 0; i < (size_t)M * K; i++)
        A[i] = nn_rng_uniform(&rng);
    for (size_t i = 0; i < (size_t)K * N; i++)
        B[i] = nn_rng_uniform(&rng);
    nn_gemm(false, false, M, N, K, 1.0f, A, K, B, N, 0.0f, C, N); /* warm up */
    int reps = 0;
    double t0 = cli_now(), el;
    do {
        nn_gemm(false, false, M, N, K, 1.0f, A, K, B, N, 0.0f, C, N);
        reps++;
        el = cli_now() - t0;
    } while (el < min_seconds);
    free(A), free(B), free(C);
    return 2.0 * M * N * K * reps / el / 1e9;
}

/* Median and 99th percentile of single-image inference in microseconds. */
static void latency(NnModel *m, const float *x, int reps, double *med, double *p99)
{
    double *t = malloc(sizeof(double) * (size_t)reps);
    if (!t)
        return;
    nn_model_predict(m, x, NULL);
    for (int i = 0; i < reps; i++) {
        double t0 = cli_now();
        nn_model_predict(m, x, NULL);
        t[i] = (cli_now() - t0) * 1e6;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    *med = t[reps / 2];
    *p99 = t[reps * 99 / 100];
    free(t);
}

/* A drawing of a "7" in canvas cells, as a mouse would leave it. */
static void sample_drawing(InkDrawing *d)
{
    ink_drawing_begin_stroke(d, INK_DEFAULT_WIDTH, 0);
    for (int i = 0; i <= 40; i++)
        ink_drawing_add_point(d, 7.0f + 14.0f * (float)i / 40.0f, 6.0f);
    for (int i = 1; i <= 60; i++)
        ink_drawing_add_point(d, 21.0f - 8.0f * (float)i / 60.0f, 6.0f + 16.0f * (float)i / 60.0f);
}

int cmd_bench(int argc, char **argv)
{
    const char *data = NULL, *models = "models";
    int quick = 0, epochs = 1;
    const CliOpt opts[] = {
        {"data", OPT_STR, &data, "DIR", "MNIST directory"},
        {"models", OPT_STR, &models, "DIR", "directory of models to time (models)"},
        {"epochs", OPT_INT, &epochs, "N", "training epochs to time (1)"},
        {"quick", OPT_FLAG, &quick, NULL, "shorter runs (less precise)"},
    };
    const CliCommand cmd = {"bench", "[options]", "Measure speed on this machine.", opts,
                            (int)(sizeof opts / sizeof opts[0]), 0, 0};
    char *pos[16];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    double min_s = quick ? 0.2 : 1.0;

    printf("matrix products (sgemm, GFLOP/s)\n");
    printf("  %-34s %8.1f\n", "1024 x 1024 x 1024", gemm_gflops(1024, 1024, 1024, min_s));
    printf("  %-34s %8.1f\n", "128 x 256 x 784 (MLP layer 1)", gemm_gflops(128, 256, 784, min_s));
    printf("  %-34s %8.1f\n", "128 x 128 x 256 (MLP layer 2)", gemm_gflops(128, 128, 256, min_s));
    printf("  %-34s %8.1f\n", "1 x 256 x 784 (one image)", gemm_gflops(1, 256, 784, min_s));

    NnError err = {0};
    NnDataset train = {0};
    const char *dir = cli_data_dir(data);
    if (nn_dataset_load_mnist(dir, "train", 10, &train, &err) != 0) {
        fprintf(stderr, "scratchnet bench: %s (skipping the training benchmark)\n", err.msg);
    } else {
        printf("\ntraining, 784-256-128-10 ReLU, cross-entropy, momentum 0.9\n");
        const int batches[] = {128, 1};
        for (int b = 0; b < 2; b++) {
            NnLayerSpec s[3] = {NN_DENSE(256, NN_ACT_RELU),
                                NN_DENSE(128, NN_ACT_RELU),
                                NN_DENSE(10, NN_ACT_SOFTMAX)};
            NnModel *m = nn_model_new(784, s, 3, &err);
            NnRng rng;
            nn_rng_seed(&rng, 1);
            nn_model_init(m, &rng);
            NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY,
                                 .opt = nn_optim_defaults(NN_OPT_MOMENTUM),
                                 .batch_size = batches[b], .epochs = 1, .seed = 1};
            cfg.opt.lr = batches[b] == 1 ? 0.005f : 0.05f;
            NnTrainer t;
            if (!m || nn_trainer_init(&t, m, &cfg, &err) != 0) {
                fprintf(stderr, "scratchnet bench: %s\n", err.msg);
                nn_model_free(m);
                break;
            }
            /* batch 1 runs a tenth of an epoch (quick: a hundredth) and scales up */
            int n = batches[b] == 1 ? train.n / (quick ? 100 : 10) : train.n / (quick ? 10 : 1);
            int reps = batches[b] == 1 ? 1 : epochs;
            double t0 = cli_now();
            for (int e = 0; e < reps; e++)
                nn_train_epoch(&t, &train, NULL, n, NULL, NULL, NULL, &err);
            double per_epoch = (cli_now() - t0) / reps * ((double)train.n / n);
            printf("  batch %-4d %8.2f s per epoch of %d   %9.0f samples/s\n", batches[b],
                   per_epoch, train.n, train.n / per_epoch);
            nn_trainer_free(&t);
            nn_model_free(m);
        }
        nn_dataset_free(&train);
    }

    printf("\nmodels in %s: load time, single-image inference, full app update\n", models);
    printf("  %-24s %10s %12s %12s %14s\n", "model", "load ms", "median us", "p99 us",
           "update us");
    DIR *dd = opendir(models);
    struct dirent *de;
    float x[784], grid[784];
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    sample_drawing(&d);
    while (dd && (de = readdir(dd))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", models, de->d_name);
        double t0 = cli_now();
        NnModel *m = nn_model_load(path, &err);
        double load_ms = (cli_now() - t0) * 1e3;
        if (!m) {
            printf("  %-24s %s\n", de->d_name, err.msg);
            continue;
        }
        ink_drawing_to_input(&d, 1, grid, NULL);
        nn_model_scale_input(&m->info, grid, x, 784);
        double med = 0, p99 = 0;
        latency(m, x, quick ? 2000 : 20000, &med, &p99);
        int reps = quick ? 200 : 2000;
        double u0 = cli_now();
        for (int i = 0; i < reps; i++) {
            ink_drawing_to_input(&d, strcmp(m->info.preprocess, "mnist") == 0, grid, NULL);
            nn_model_scale_input(&m->info, grid, x, 784);
            nn_model_predict(m, x, NULL);
        }
        double update_us = (cli_now() - u0) / reps * 1e6;
        printf("  %-24s %10.1f %12.1f %12.1f %14.1f\n", de->d_name, load_ms, med, p99,
               update_us);
        nn_model_free(m);
    }
    if (dd)
        closedir(dd);
    else
        printf("  (cannot open %s)\n", models);
    ink_drawing_free(&d);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("\npeak resident memory: %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    return EXIT_OK;
}
