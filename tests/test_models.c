/* test_models.c - every model shipped in models/ loads, reaches its target, and scores on the
 * MNIST test set exactly the accuracy recorded in its file, so a stale or hand-edited model
 * cannot ship. */
#include <dirent.h>
#include <string.h>

#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/train.h"
#include "test.h"

static NnDataset test_set;
static int have_data;

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
    return 0.0f;
}

TEST(shipped_models_score_the_accuracy_recorded_in_them)
{
    if (!have_data) {
        SKIP("MNIST not found: run scripts/setup to fetch it");
        return;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/models", getenv("SCRATCHNET_SOURCE_ROOT"));
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    int count = 0, seen_mlp = 0, seen_seed = 0, seen_cnn = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        NnError err = {0};
        NnModel *m = nn_model_load(path, &err);
        if (!m)
            printf("%s\n", err.msg);
        CHECK(m != NULL);
        if (!m)
            continue;
        float acc = nn_evaluate(m, &test_set, NULL, test_set.n, NULL, &err);
        float recorded = m->info.train.test_accuracy;
        printf("%s: measured %.2f%%, recorded %.2f%%\n", de->d_name, 100.0 * (double)acc,
               100.0 * (double)recorded);
        CHECK(acc == recorded);
        CHECK(acc >= target_for(de->d_name));
        CHECK(m->info.train.command[0] != '\0'); /* says how to reproduce it */
        seen_mlp += strcmp(de->d_name, "mnist-mlp.json") == 0;
        seen_seed += strcmp(de->d_name, "mnist-seed.json") == 0;
        seen_cnn += strcmp(de->d_name, "mnist-cnn.json") == 0;
        count++;
        nn_model_free(m);
    }
    closedir(d);
    CHECK(seen_mlp == 1 && seen_seed == 1 && seen_cnn == 1);
    CHECK(count >= 3);
}

int main(void)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    const char *require = getenv("SCRATCHNET_REQUIRE_DATA");
    NnError err = {0};
    have_data = dir && nn_dataset_load_mnist(dir, "t10k", 10, &test_set, &err) == 0;
    if (!have_data && require && strcmp(require, "1") == 0) {
        printf("MNIST is required but could not be loaded: %s\n", err.msg);
        return 1;
    }
    RUN(shipped_models_score_the_accuracy_recorded_in_them);
    nn_dataset_free(&test_set);
    return test_main_result();
}
