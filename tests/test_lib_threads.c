/* test_lib_threads.c - the public API of libscratchnet from several threads at once: errors
 * are kept per thread, threads may share one model, and two models classify at once from two
 * threads with the answers they give one after the other. Linked against the built shared
 * library; the thread sanitizer build runs it too. */
#include "scratchnet.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char mlp_path[1024], cnn_path[1024];

static double sum_of(const float *p, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)p[i];
    return s;
}

/* Errors are per thread: a failure in another thread leaves this thread's message alone. */
static void *fail_elsewhere(void *arg)
{
    (void)arg;
    scratchnet_load(NULL);
    return NULL;
}

/* Classifies the seven 40 times and counts results that differ from the first. */
static void *classify_many(void *arg)
{
    ScratchnetModel *m = arg;
    ScratchnetPoint pts[3] = {{7.0f, 6.0f}, {20.0f, 6.0f}, {13.0f, 22.0f}};
    ScratchnetStroke st = {pts, 3, 2.5f, 0};
    float first[10], p[10];
    size_t bad = 0;
    scratchnet_classify_strokes(m, &st, 1, 28.0f, 28.0f, first, 10);
    for (int i = 0; i < 40; i++) {
        scratchnet_classify_strokes(m, &st, 1, 28.0f, 28.0f, p, 10);
        bad += memcmp(p, first, sizeof p) != 0;
    }
    return (void *)bad;
}

TEST(threads_keep_their_own_errors_and_may_share_a_model)
{
    const char *missing = "/nonexistent/absent.json";
    CHECK(scratchnet_load(missing) == NULL);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, fail_elsewhere, NULL) == 0);
    pthread_join(t, NULL);
    CHECK(strstr(scratchnet_last_error(), missing) != NULL);

    ScratchnetModel *m = scratchnet_load(cnn_path);
    CHECK(m != NULL);
    if (!m)
        return;
    pthread_t ts[3];
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&ts[i], NULL, classify_many, m) == 0);
    for (int i = 0; i < 3; i++) {
        void *bad = NULL;
        pthread_join(ts[i], &bad);
        CHECK(bad == NULL);
    }
    scratchnet_free(m);
}

/* Classifies 50 strokes, each a little further along, into the model's slot of results. */
#define STROKES 50
typedef struct Run {
    ScratchnetModel *model;
    float probs[STROKES][10];
} Run;

static void *classify_strokes(void *arg)
{
    Run *r = arg;
    for (int i = 0; i < STROKES; i++) {
        float d = 0.2f * (float)i;
        ScratchnetPoint pts[3] = {{5.0f + d, 6.0f}, {20.0f, 6.0f + d}, {13.0f - d, 22.0f}};
        ScratchnetStroke st = {pts, 3, 2.5f, 0};
        scratchnet_classify_strokes(r->model, &st, 1, 28.0f, 28.0f, r->probs[i], 10);
    }
    return NULL;
}

TEST(two_models_classify_at_once_from_two_threads_as_one_after_the_other)
{
    static Run turn[2], now[2];
    const char *paths_of[2] = {mlp_path, cnn_path};
    for (int i = 0; i < 2; i++) {
        turn[i].model = now[i].model = scratchnet_load(paths_of[i]);
        CHECK(turn[i].model != NULL);
        if (!turn[i].model)
            return;
        classify_strokes(&turn[i]);
    }
    for (int round = 0; round < 3; round++) {
        pthread_t ts[2];
        for (int i = 0; i < 2; i++)
            CHECK(pthread_create(&ts[i], NULL, classify_strokes, &now[i]) == 0);
        for (int i = 0; i < 2; i++) {
            pthread_join(ts[i], NULL);
            CHECK(memcmp(now[i].probs, turn[i].probs, sizeof now[i].probs) == 0);
            CHECK_NEAR(sum_of(now[i].probs[0], 10), 1.0, 1e-4); /* an answer, not an error */
        }
    }
    for (int i = 0; i < 2; i++)
        scratchnet_free(turn[i].model);
}

int main(void)
{
    const char *root = getenv("SCRATCHNET_SOURCE_ROOT");
    if (!root) {
        printf("SCRATCHNET_SOURCE_ROOT must be set (meson test does)\n");
        return 1;
    }
    snprintf(mlp_path, sizeof mlp_path, "%s/models/mnist-mlp.json", root);
    snprintf(cnn_path, sizeof cnn_path, "%s/models/mnist-cnn.json", root);
    RUN(threads_keep_their_own_errors_and_may_share_a_model);
    RUN(two_models_classify_at_once_from_two_threads_as_one_after_the_other);
    return test_main_result();
}
