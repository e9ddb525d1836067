/* test_shipped_models.c - every model shipped in models/ loads, reaches its target, and scores on its
 * data set's test images (MNIST, or Fashion-MNIST for the fashion models) exactly the accuracy
 * recorded in its file (and, for a model with a refusal rule, the share of them it refuses), so a
 * stale or hand-edited model cannot ship. */
#include <dirent.h>
#include <string.h>

#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/train.h"
#include "test.h"

/* the test sets, loaded once: [0] MNIST, [1] Fashion-MNIST */
static NnDataset test_sets[2];
static int have_data[2];
static const char *const set_names[2] = {"mnist", "fashion-mnist"};
static const char *const set_env[2] = {"SCRATCHNET_MNIST_DIR", "SCRATCHNET_FASHION_DIR"};
/* the threads the models run on, nn_threads() of them as for `scratchnet eval` */
static NnPool *pool;

/* The least MNIST test accuracy each shipped model must keep (the floor its README row
 * promises); a retrained model below it does not ship. */
static float target_for(const char *file)
{
    if (strcmp(file, "mnist-mlp.json") == 0)
        return 0.983f;
    if (strcmp(file, "mnist-seed.json") == 0)
        return 0.95f;
    if (strcmp(file, "mnist-cnn.json") == 0)
        return 0.99f;
    if (strcmp(file, "fashion-mlp.json") == 0)
        return 0.885f;
    if (strcmp(file, "fashion-cnn.json") == 0)
        return 0.91f;
    return 0.0f;
}

TEST(shipped_models_score_the_accuracy_recorded_in_them)
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
    int count = 0, seen_mlp = 0, seen_seed = 0, seen_cnn = 0, seen_fashion = 0;
    int seen_fashion_cnn = 0;
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
        if (!m)
            continue;
        nn_model_set_pool(m, pool);
        int set = strcmp(m->info.train.dataset, "fashion-mnist") == 0;
        CHECK(strcmp(m->info.train.dataset, set_names[set]) == 0);
        NnEvalDetail got = {.nonfinite = -1};
        const int n = test_sets[set].n;
        float acc = nn_evaluate(m, &test_sets[set], NULL, n, &got, &err);
        float recorded = m->info.train.test_accuracy;
        printf("%s (%s): measured %.2f%%, recorded %.2f%%\n", de->d_name, set_names[set],
               100.0 * (double)acc, 100.0 * (double)recorded);
        CHECK(acc == recorded);
        CHECK(got.nonfinite == 0); /* every test image has an answer */
        /* a model with a refusal rule records the share of the test set it refuses (a refusal
         * already counts as an error in its accuracy); one without refuses nothing */
        float refused = (float)got.refused / (float)n, kept = m->info.train.test_refused;
        if (kept != -1.0f) {
            printf("%s: refused %.2f%% of the test set, recorded %.2f%%\n", de->d_name,
                   100.0 * (double)refused, 100.0 * (double)kept);
            CHECK(refused == kept);
        }
        CHECK(m->info.refuse_below > 0.0f || got.refused == 0);
        CHECK(acc >= target_for(de->d_name));
        CHECK(m->info.train.command[0] != '\0'); /* says how to reproduce it */
        seen_mlp += strcmp(de->d_name, "mnist-mlp.json") == 0;
        seen_seed += strcmp(de->d_name, "mnist-seed.json") == 0;
        seen_cnn += strcmp(de->d_name, "mnist-cnn.json") == 0;
        seen_fashion += strcmp(de->d_name, "fashion-mlp.json") == 0;
        seen_fashion_cnn += strcmp(de->d_name, "fashion-cnn.json") == 0;
        if (set == 1) /* a fashion model names its classes */
            CHECK(strcmp(m->info.labels[9], "Ankle boot") == 0);
        count++;
        nn_model_free(m);
    }
    closedir(d);
    CHECK(seen_mlp == 1 && seen_seed == 1 && seen_cnn == 1 && seen_fashion == 1 &&
          seen_fashion_cnn == 1);
    CHECK(count >= 5);
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
    RUN(shipped_models_score_the_accuracy_recorded_in_them);
    nn_pool_free(pool);
    nn_dataset_free(&test_sets[0]);
    nn_dataset_free(&test_sets[1]);
    return test_main_result();
}
