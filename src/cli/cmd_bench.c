/* cmd_bench.c - `scratchnet bench`: how fast this machine runs the library, measured.
 *
 *   machine    cores, the BLAS and the kernel it picked, the measured FMA peak
 *   sgemm      GFLOP/s on a large square product and on the exact shapes the layers use
 *   training   seconds per epoch of 60,000 images (data in memory), samples/s and achieved
 *              GFLOP/s as a fraction of the peak, for the reference networks of the PyTorch
 *              comparison (bench/pytorch_reference.py) and for the shipped presets
 *   inference  one 28 x 28 image: median and 99th percentile, per shipped model and reference
 *              network, plus the drawing app's whole update (rasterise + preprocess + forward)
 *   memory     peak resident memory of a training run (in a child process) and of the bench
 * A table by default; --json prints one JSON object instead.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli/args.h"
#include "cli/common.h"
#include "cli/peak.h"
#include "cli/presets.h"
#include "ink/classify.h"
#include "nn/gemm.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/threads.h"
#include "nn/train.h"

/* The networks of the PyTorch comparison (bench/pytorch_reference.py builds the same ones). */
#define REF_MLP "784,256:relu,128:relu,10:softmax"
#define REF_CNN "1x28x28,conv8x5p0:relu,pool,conv16x5p0:relu,pool,128:relu,10:softmax"

typedef struct Bench {
    int json, quick;
    double peak_all, peak_one; /* measured GFLOP/s, all cores and one */
    cJSON *root;
} Bench;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* ---- machine and matrix products ------------------------------------------------------- */

static double gemm_gflops(bool ta, bool tb, int M, int N, int K, double min_seconds)
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
    int lda = ta ? M : K, ldb = tb ? K : N;
    nn_gemm(cli_pool(), ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C, N); /* warm up */
    double best = HUGE_VAL;
    for (int round = 0; round < 3; round++) {
        int reps = 0;
        double t0 = cli_now(), el;
        do {
            nn_gemm(cli_pool(), ta, tb, M, N, K, 1.0f, A, lda, B, ldb, 0.0f, C, N);
            reps++;
            el = cli_now() - t0;
        } while (el < min_seconds / 3.0);
        best = el / reps < best ? el / reps : best;
    }
    free(A), free(B), free(C);
    return 2.0 * M * N * K / best / 1e9;
}

static void bench_machine(Bench *b)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    const char *isa = "";
    double secs = b->quick ? 0.2 : 0.5;
    b->peak_one = peak_gflops(1, secs, &isa);
    b->peak_all = peak_gflops((int)cores, secs, &isa);
    char blas[256];
    nn_gemm_backend(blas, sizeof blas);
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    cJSON *mj = cJSON_AddObjectToObject(b->root, "machine");
    cJSON_AddNumberToObject(mj, "cores", (double)cores);
    cJSON_AddNumberToObject(mj, "threads", nn_pool_threads(cli_pool()));
    cJSON_AddStringToObject(mj, "blas", blas);
    if (coretype)
        cJSON_AddStringToObject(mj, "openblas_coretype", coretype);
    else
        cJSON_AddNullToObject(mj, "openblas_coretype");
    cJSON_AddStringToObject(mj, "vector_isa", isa);
    cJSON_AddNumberToObject(mj, "peak_gflops_one_core", b->peak_one);
    cJSON_AddNumberToObject(mj, "peak_gflops", b->peak_all);
    if (!b->json) {
        printf("machine\n");
        printf("  cores                  %ld (the library's threads: %d; OpenBLAS runs one "
               "thread inside each)\n",
               cores, nn_pool_threads(cli_pool()));
        printf("  BLAS                   %s\n", blas);
        printf("  OPENBLAS_CORETYPE      %s\n", coretype ? coretype : "(not set)");
        printf("  FMA peak, measured     %.0f GFLOP/s on %ld cores, %.0f on one (%s)\n",
               b->peak_all, cores, b->peak_one, isa);
    }

    static const struct {
        const char *what;
        bool ta, tb;
        int M, N, K;
    } shapes[] = {
        {"2048 x 2048 x 2048 (square)", false, false, 2048, 2048, 2048},
        {"MLP layer 1 forward", false, true, 128, 256, 784},
        {"MLP layer 1 weight gradient", true, false, 256, 784, 128},
        {"MLP layer 2 forward", false, true, 128, 128, 256},
        {"MLP layer 2 input gradient", false, false, 128, 256, 128},
        {"MLP layer 1, one image", false, true, 1, 256, 784},
        {"CNN conv 2 forward (per image)", false, false, 64, 196, 801},
        {"ref. CNN conv 2 forward (per image)", false, false, 16, 64, 201},
    };
    cJSON *sj = cJSON_AddArrayToObject(b->root, "sgemm");
    if (!b->json)
        printf("\nmatrix products, sgemm (M x N x K)              GFLOP/s   of peak\n");
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        int M = shapes[i].M, N = shapes[i].N, K = shapes[i].K;
        double g = gemm_gflops(shapes[i].ta, shapes[i].tb, M, N, K, b->quick ? 0.15 : 0.6);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "what", shapes[i].what);
        cJSON_AddNumberToObject(e, "m", M);
        cJSON_AddNumberToObject(e, "n", N);
        cJSON_AddNumberToObject(e, "k", K);
        cJSON_AddNumberToObject(e, "gflops", g);
        cJSON_AddItemToArray(sj, e);
        if (!b->json) {
            char dims[48];
            snprintf(dims, sizeof dims, "%d x %d x %d", M, N, K);
            printf("  %-35s %-14s %7.1f %8.0f %%\n", shapes[i].what, i ? dims : "", g,
                   100.0 * g / b->peak_all);
        }
    }
}

/* ---- training --------------------------------------------------------------------------- */

/* Trains a fresh model of spec on the first n images of ds, `reps` times, and reports the
 * median seconds scaled to a whole epoch of ds->n images. aug may be NULL. */
static void bench_train(Bench *b, cJSON *arr, const char *name, const char *spec,
                        const NnTrainConfig *cfg0, const InkAugment *aug, const NnDataset *ds,
                        int n, int reps)
{
    SnError err = {0};
    NnModel *m = nn_network_new(spec, ds->rows, ds->cols, 1, cli_pool(), &err);
    NnTrainConfig cfg = *cfg0;
    CliAugment actx = {0};
    int no_memory = m && aug && aug->prob > 0.0f &&
                    cli_augment_attach(&actx, aug, ds->rows, ds->cols, &cfg) != 0;
    NnTrainer t = {0};
    if (!m || no_memory || nn_trainer_init(&t, m, &cfg, &err) != 0) {
        fprintf(stderr, "scratchnet bench: %s: %s\n", name, err.msg[0] ? err.msg : "out of memory");
        free(actx.scratch);
        nn_model_free(m);
        return;
    }
    double times[16];
    reps = reps < 1 ? 1 : (reps > 16 ? 16 : reps);
    for (int r = 0; r < reps; r++) {
        double t0 = cli_now();
        nn_train_epoch(&t, ds, NULL, n, NULL, NULL, NULL, &err);
        times[r] = (cli_now() - t0) * ((double)ds->n / n);
    }
    double per_epoch = median(times, reps);
    double flops = nn_model_flops(m, 1) * ds->n;
    double gflops = flops / per_epoch / 1e9;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "name", name);
    cJSON_AddStringToObject(e, "layers", spec);
    cJSON_AddStringToObject(e, "optimizer", nn_optim_name(cfg.opt.kind));
    cJSON_AddNumberToObject(e, "batch", cfg.batch_size);
    cJSON_AddBoolToObject(e, "augmented", cfg.augment != NULL);
    cJSON_AddNumberToObject(e, "images_timed", (double)n * reps);
    cJSON_AddNumberToObject(e, "seconds_per_epoch", per_epoch);
    cJSON_AddNumberToObject(e, "samples_per_second", ds->n / per_epoch);
    cJSON_AddNumberToObject(e, "gflop_per_epoch", flops / 1e9);
    cJSON_AddNumberToObject(e, "gflops", gflops);
    cJSON_AddNumberToObject(e, "peak_fraction", gflops / b->peak_all);
    cJSON_AddItemToArray(arr, e);
    if (!b->json)
        printf("  %-34s %5d %8.2f %11.0f %8.1f %6.1f %%\n", name, cfg.batch_size, per_epoch,
               ds->n / per_epoch, gflops, 100.0 * gflops / b->peak_all);
    nn_trainer_free(&t);
    free(actx.scratch);
    nn_model_free(m);
}

static void bench_training(Bench *b, const NnDataset *ds)
{
    cJSON *arr = cJSON_AddArrayToObject(b->root, "training");
    if (!b->json)
        printf("\ntraining, 60,000 images in memory  batch  s/epoch   samples/s  GFLOP/s  of "
               "peak\n");
    int full = ds->n, tenth = ds->n / 10;
    NnTrainConfig c = {.cost = NN_COST_CROSS_ENTROPY, .epochs = 1, .seed = 1};

    c.opt = nn_optim_defaults(NN_OPT_MOMENTUM);
    c.opt.lr = 0.05f;
    c.batch_size = 128;
    bench_train(b, arr, "ref. MLP, SGD momentum 0.9", REF_MLP, &c, NULL, ds,
                b->quick ? tenth : full, b->quick ? 1 : 3);

    c.opt = nn_optim_defaults(NN_OPT_SGD);
    c.opt.lr = 0.01f;
    c.batch_size = 1;
    bench_train(b, arr, "ref. MLP, plain SGD (the seed's)", REF_MLP, &c, NULL, ds,
                b->quick ? tenth : full, 1);

    c.opt = nn_optim_defaults(NN_OPT_ADAM);
    c.batch_size = 64;
    bench_train(b, arr, "ref. CNN, Adam", REF_CNN, &c, NULL, ds, b->quick ? tenth : full, 1);

    static const char *const presets[] = {"mlp", "seed", "cnn"};
    for (int i = 0; i < 3; i++) {
        const char *spec;
        InkAugment aug;
        if (cli_preset_config(presets[i], &spec, &c, &aug) != 0)
            continue;
        char name[64];
        snprintf(name, sizeof name, "preset %s%s", presets[i],
                 aug.prob > 0.0f ? " (augmented)" : "");
        int n = strcmp(presets[i], "cnn") == 0 || b->quick ? tenth : full;
        bench_train(b, arr, name, spec, &c, &aug, ds, n, 1);
    }
}

/* Peak resident memory of a training run: a child process loads MNIST (train and test), trains
 * the preset MLP's network for one epoch and evaluates it, and the parent reads the child's
 * peak from the kernel. In MB, or -1. */
static double training_memory(const char *dir)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1.0;
    if (pid == 0) {
        SnError err = {0};
        NnDataset train = {0}, test = {0};
        NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY,
                             .batch_size = 128,
                             .epochs = 1,
                             .seed = 1,
                             .opt = nn_optim_defaults(NN_OPT_ADAM)};
        /* the shape does not count here */
        NnModel *m = nn_network_new(REF_MLP, 0, 0, 1, cli_pool(), &err);
        NnTrainer t = {0};
        int ok = m && nn_dataset_load_mnist(dir, "train", 10, &train, &err) == 0 &&
                 nn_dataset_load_mnist(dir, "t10k", 10, &test, &err) == 0 &&
                 nn_trainer_init(&t, m, &cfg, &err) == 0 &&
                 nn_train_epoch(&t, &train, NULL, train.n, NULL, NULL, NULL, &err) == 0 &&
                 nn_evaluate(m, &test, NULL, test.n, NULL, &err) >= 0.0f;
        nn_trainer_free(&t);
        nn_model_free(m);
        nn_dataset_free(&train);
        nn_dataset_free(&test);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1.0;
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* ---- inference -------------------------------------------------------------------------- */

/* Median and 99th percentile of single-image inference in microseconds. */
static void latency(NnModel *m, const float *x, int reps, double *med, double *p99)
{
    double *t = malloc(sizeof(double) * (size_t)reps);
    if (!t)
        return;
    for (int i = 0; i < 100; i++)
        nn_model_predict(m, x, NULL); /* warm the caches */
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

static void bench_model(Bench *b, cJSON *arr, const char *name, NnModel *m, double load_ms,
                        InkDrawing *d)
{
    /* the app's path: its drawing, the model's preprocessing, the preprocessing's steps kept
     * for the preview */
    InkPrepSteps steps;
    InkInput in = {.drawing = d, .what = name, .steps = &steps};
    InkAnswer a;
    SnError ierr = {0};
    float *x = malloc(sizeof *x * (size_t)m->n_in);
    if (!x || ink_classify(m, &in, &a, &ierr) != 0) { /* ink_classify checks the input shape */
        if (!b->json)
            printf("  %s\n", x ? ierr.msg : "out of memory");
        free(x);
        return;
    }
    ink_classify_input(m, a.grid, x); /* the drawing as the model reads it */
    double med = 0, p99 = 0;
    latency(m, x, b->quick ? 2000 : 20000, &med, &p99);
    free(x);
    int reps = b->quick ? 200 : 2000;
    double u0 = cli_now();
    for (int i = 0; i < reps; i++)
        ink_classify(m, &in, &a, NULL);
    double update_us = (cli_now() - u0) / reps * 1e6;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "model", name);
    if (load_ms >= 0.0)
        cJSON_AddNumberToObject(e, "load_ms", load_ms);
    cJSON_AddNumberToObject(e, "median_us", med);
    cJSON_AddNumberToObject(e, "p99_us", p99);
    cJSON_AddNumberToObject(e, "app_update_us", update_us);
    cJSON_AddItemToArray(arr, e);
    if (!b->json) {
        char load[16] = "-";
        if (load_ms >= 0.0)
            snprintf(load, sizeof load, "%.1f", load_ms);
        printf("  %-26s %8s %10.1f %10.1f %12.1f\n", name, load, med, p99, update_us);
    }
}

static void bench_inference(Bench *b, const char *models)
{
    cJSON *arr = cJSON_AddArrayToObject(b->root, "inference");
    if (!b->json)
        printf("\none 28 x 28 image               load ms  median us     p99 us  app update us\n");
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    sample_drawing(&d);
    SnError err = {0};
    struct dirent **names = NULL;
    int n = scandir(models, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *f = names[i]->d_name;
        size_t len = strlen(f);
        if (len > 5 && strcmp(f + len - 5, ".json") == 0) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", models, f);
            double t0 = cli_now();
            NnModel *m = nn_model_load(path, &err);
            double load_ms = (cli_now() - t0) * 1e3;
            if (m) {
                nn_model_freeze(m, NULL); /* as the app and the command line use them */
                nn_model_set_pool(m, cli_pool());
            }
            if (m)
                bench_model(b, arr, f, m, load_ms, &d);
            else if (!b->json)
                printf("  %-26s %s\n", f, err.msg);
            nn_model_free(m);
        }
        free(names[i]);
    }
    free(names);
    if (n < 0 && !b->json)
        printf("  (cannot open %s)\n", models);
    static const char *const refs[][2] = {{"ref. MLP", REF_MLP}, {"ref. CNN", REF_CNN}};
    for (int i = 0; i < 2; i++) {
        /* it reads drawings */
        NnModel *m = nn_network_new(refs[i][1], INK_SIDE, INK_SIDE, 1, cli_pool(), &err);
        if (m)
            nn_model_freeze(m, NULL);
        if (m)
            bench_model(b, arr, refs[i][0], m, -1.0, &d);
        nn_model_free(m);
    }
    ink_drawing_free(&d);
}

int cmd_bench(int argc, char **argv)
{
    const char *data = NULL, *models = "models";
    Bench b = {0};
    const CliOpt opts[] = {
        {"data", OPT_STR, &data, "DIR", "MNIST directory", CLI_NO_RANGE},
        {"models", OPT_STR, &models, "DIR", "directory of models to time (models)", CLI_NO_RANGE},
        {"quick", OPT_FLAG, &b.quick, NULL, "a tenth of an epoch per network, shorter timings",
         CLI_NO_RANGE},
        {"json", OPT_FLAG, &b.json, NULL, "print one JSON object instead of tables", CLI_NO_RANGE},
    };
    const CliCommand cmd = {"bench",
                            "[options]",
                            "Measure speed and memory on this machine.",
                            opts,
                            (int)(sizeof opts / sizeof opts[0]),
                            0,
                            0};
    char *pos[16];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;

    SnError err = {0};
    if (nn_gemm_prepare(&err) != 0) { /* the products' memory first: it cannot fail later */
        fprintf(stderr, "scratchnet bench: %s\n", err.msg);
        return EXIT_FAIL;
    }
    b.root = cJSON_CreateObject();
    if (!b.root) {
        fprintf(stderr, "scratchnet bench: out of memory\n");
        return EXIT_FAIL;
    }
    char date[32];
    cli_iso_date(date, sizeof date);
    cJSON_AddStringToObject(b.root, "date", date);
    cJSON_AddStringToObject(b.root, "version", SCRATCHNET_VERSION);
    if (!b.json)
        printf("scratchnet %s bench, %s\n\n", SCRATCHNET_VERSION, date);

    const char *dir = cli_data_dir(data);
    double train_mb = training_memory(dir); /* first, while this process is still small */
    bench_machine(&b);

    NnDataset train = {0};
    if (nn_dataset_load_mnist(dir, "train", 10, &train, &err) != 0) {
        fprintf(stderr, "scratchnet bench: %s (skipping the training benchmarks)\n", err.msg);
    } else {
        bench_training(&b, &train);
        nn_dataset_free(&train);
    }
    bench_inference(&b, models);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double self_mb = (double)ru.ru_maxrss / 1024.0;
    cJSON *mem = cJSON_AddObjectToObject(b.root, "memory_mb");
    if (train_mb >= 0.0)
        cJSON_AddNumberToObject(mem, "training_run_peak", train_mb);
    else
        cJSON_AddNullToObject(mem, "training_run_peak");
    cJSON_AddNumberToObject(mem, "bench_peak", self_mb);
    if (b.json) {
        char *s = cJSON_Print(b.root);
        if (s)
            printf("%s\n", s);
        free(s);
    } else {
        printf("\npeak resident memory\n");
        if (train_mb >= 0.0)
            printf("  training run (ref. MLP, 1 epoch + test evaluation)  %6.1f MB\n", train_mb);
        else
            printf("  training run: could not be measured (is MNIST in %s?)\n", dir);
        printf("  this benchmark                                      %6.1f MB\n", self_mb);
    }
    cJSON_Delete(b.root);
    return EXIT_OK;
}
