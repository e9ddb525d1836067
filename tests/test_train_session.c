/* test_train_session.c - live training on its own thread (src/draw/train_session.c): the seed's
 * network learns the shipped MNIST subset to a stated accuracy; pause holds the samples still, a
 * step trains exactly one batch, resume goes on; the rate and the batch size change between
 * batches; the weights copied out are the network's; a save writes a model that loads with the
 * test accuracy it measured; without the full MNIST the subset is used and said; bad input ends
 * in a failed state with the reason. */
#include "draw/train_session.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nn/digits.h"
#include "nn/model_io.h"
#include "nn/train.h"
#include "test.h"

static atomic_int wakes;

static void on_wake(void *ctx)
{
    (void)ctx;
    wakes++;
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static char subset_dir[4096];

/* A setup of the seed's network on the first n subset digits, measured every n samples. */
static TrainSetup seed_setup(int n)
{
    TrainSetup s = {0};
    s.recipe = "seed";
    s.full_dir = "/nonexistent/mnist";
    s.subset_dir = subset_dir;
    s.limit = n;
    s.test_n = 1000;
    s.eval_seconds = -1.0;
    s.eval_samples = n;
    s.publish_seconds = 0.05;
    return s;
}

/* A session of setup s started, checked to have started (err says why not), or NULL. */
static TrainSession *started(const TrainSetup *s, void (*wake)(void *), SnError *err)
{
    TrainSession *t = train_session_new(s, wake, NULL, err);
    CHECK(t != NULL);
    return t;
}

/* Polls the status until ok(status) or seconds pass; returns 1 if it came. */
static int wait_for(TrainSession *t, int (*ok)(const TrainStatus *, long), long arg, double seconds,
                    TrainStatus *st)
{
    for (int i = 0; i < (int)(seconds * 100); i++) {
        train_session_status(t, st);
        if (ok(st, arg) || st->phase == TRAIN_FAILED)
            return ok(st, arg);
        sleep_ms(10);
    }
    return 0;
}

static int seen(const TrainStatus *st, long n)
{
    return st->samples >= n && st->n_acc >= 2;
}

static int paused(const TrainStatus *st, long n)
{
    (void)n;
    return st->phase == TRAIN_PAUSED;
}

static int batches(const TrainStatus *st, long n)
{
    return st->batches >= n && st->phase == TRAIN_PAUSED;
}

static int saved(const TrainStatus *st, long n)
{
    return st->saves >= (unsigned)n;
}

static int failed(const TrainStatus *st, long n)
{
    (void)n;
    return st->phase == TRAIN_FAILED;
}

TEST(the_seed_network_learns_2000_subset_digits_to_84_percent_in_8_epochs)
{
    TrainSetup s = seed_setup(2000);
    SnError err = {0};
    TrainSession *t = started(&s, on_wake, &err);
    if (!t)
        return;
    TrainStatus st;
    CHECK(wait_for(t, seen, 8 * 2000, 120.0, &st));
    /* without the full MNIST, the shipped subset is used, and the status says so */
    CHECK(st.full == 0 && strstr(st.data_dir, "mnist-subset") != NULL);
    CHECK(st.n_train == 2000 && st.n_test == 1000);
    CHECK(strcmp(st.recipe, "seed") == 0 && strstr(st.about, "784,100:sigmoid") != NULL);
    CHECK(st.lr == 0.5f && st.batch == 10);
    CHECK(st.epoch >= 7);
    /* it starts near chance and learns: the curves grow, the cost falls */
    CHECK(st.n_acc >= 2 && st.acc_curve[0] < 0.3f);
    printf("seed network, 2000 subset digits: %.1f %% of 1000 test digits after %d epochs\n",
           100.0 * (double)st.test_acc, st.epoch);
    CHECK(st.test_acc >= 0.84f);
    CHECK(st.n_cost >= 2 && st.cost_curve[st.n_cost - 1] < st.cost_curve[0]);
    CHECK(st.per_second > 0.0 && st.seconds > 0.0);
    CHECK(st.weights_serial > 0 && wakes > 0);
    train_session_free(t);
}

TEST(pause_holds_a_step_trains_one_batch_and_resume_goes_on)
{
    TrainSetup s = seed_setup(2000);
    s.start_paused = 1;
    SnError err = {0};
    TrainSession *t = started(&s, NULL, &err);
    if (!t)
        return;
    TrainStatus st;
    CHECK(wait_for(t, paused, 0, 60.0, &st));
    CHECK(st.samples == 0 && st.batches == 0 && st.test_acc >= 0.0f);
    /* a step: exactly one batch of 10 */
    train_session_step(t);
    CHECK(wait_for(t, batches, 1, 30.0, &st));
    CHECK(st.samples == 10 && st.batches == 1);
    sleep_ms(100);
    train_session_status(t, &st);
    CHECK(st.samples == 10 && st.phase == TRAIN_PAUSED);
    /* a larger batch, then a step: one batch of the new size */
    train_session_set_batch(t, 50);
    train_session_set_lr(t, 1.0f);
    train_session_step(t);
    CHECK(wait_for(t, batches, 2, 30.0, &st));
    CHECK(st.samples == 60 && st.batch == 50 && st.lr == 1.0f);
    /* resume: it trains on */
    train_session_pause(t, 0);
    CHECK(wait_for(t, seen, 600, 30.0, &st));
    CHECK(st.phase == TRAIN_RUNNING);
    train_session_pause(t, 1);
    CHECK(wait_for(t, paused, 0, 30.0, &st));
    long held = st.samples;
    sleep_ms(100);
    train_session_status(t, &st);
    CHECK(st.samples == held);
    /* at batch 1 (plain SGD: the one-sample step) a step is one sample */
    train_session_set_batch(t, 1);
    long done = st.batches;
    train_session_step(t);
    CHECK(wait_for(t, batches, done + 1, 30.0, &st));
    CHECK(st.samples == held + 1 && st.batch == 1);
    /* the steps of the speed control */
    CHECK(train_lr_step(0.5f, 1) == 1.0f && train_lr_step(0.5f, -1) == 0.2f);
    CHECK(train_lr_step(0.3f, 1) == 0.5f && train_lr_step(0.3f, -1) == 0.2f);
    CHECK(train_lr_step(10.0f, 1) == 10.0f && train_lr_step(1e-4f, -1) == 1e-4f);
    CHECK(train_batch_step(10, 1) == 20 && train_batch_step(10, -1) == 5);
    CHECK(train_batch_step(1, -1) == 1 && train_batch_step(1000, 1) == 1000);
    CHECK(train_batch_step(128, 1) == 200 && train_batch_step(128, -1) == 100);
    train_session_free(t);
}

TEST(the_weights_copied_out_are_the_network_and_a_save_loads_with_its_accuracy)
{
    TrainSetup s = seed_setup(2000);
    SnError err = {0};
    TrainSession *t = started(&s, NULL, &err);
    if (!t)
        return;
    TrainStatus st;
    CHECK(wait_for(t, seen, 4000, 60.0, &st));
    train_session_pause(t, 1);
    CHECK(wait_for(t, paused, 0, 30.0, &st));
    unsigned serial = 0;
    NnModel *copy = train_session_model(t, &serial);
    CHECK(copy != NULL && serial == st.weights_serial && serial > 0);
    /* nothing newer while paused: no copy */
    CHECK(copy && train_session_weights(t, copy, &serial) == 0);
    unsigned old = 0;
    CHECK(copy && train_session_weights(t, copy, &old) == 1 && old == serial);

    char dir[] = "/tmp/test_train_session_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[4200];
    snprintf(path, sizeof path, "%s/live-seed.json", dir);
    train_session_save(t, path);
    CHECK(wait_for(t, saved, 1, 60.0, &st));
    CHECK(strcmp(st.saved_path, path) == 0 && st.error[0] == '\0');
    CHECK(st.n_saved_test == 2000 && st.saved_acc > 0.5f);
    NnModel *m = nn_model_load(path, &err);
    CHECK(m != NULL);
    if (m && copy) {
        CHECK(m->info.train.test_accuracy == st.saved_acc);
        CHECK(strcmp(m->info.name, "live-seed") == 0);
        CHECK(strcmp(m->info.train.cost, "quadratic") == 0);
        CHECK(strcmp(m->info.train.optimizer, "sgd") == 0 && m->info.train.batch_size == 10);
        /* the file holds the paused network: the weights copied out */
        CHECK(m->n_params == copy->n_params &&
              memcmp(m->params, copy->params, m->n_params * sizeof(float)) == 0);
        /* and the accuracy it records is what it scores on the subset's test digits */
        NnDataset test;
        CHECK(nn_digits_load(NULL, subset_dir, "t10k", &test, NULL, &err) == 0);
        CHECK(nn_evaluate(m, &test, NULL, test.n, NULL, &err) == st.saved_acc);
        nn_dataset_free(&test);
    }
    /* a save into a folder that is not there says why, and training is unharmed */
    snprintf(path, sizeof path, "%s/no/such/folder/x.json", dir);
    train_session_save(t, path);
    CHECK(wait_for(t, saved, 2, 60.0, &st));
    CHECK(st.error[0] != '\0' && strstr(st.saved_path, "live-seed.json") != NULL);
    CHECK(st.phase == TRAIN_PAUSED);
    nn_model_free(m);
    nn_model_free(copy);
    snprintf(path, sizeof path, "%s/live-seed.json", dir);
    unlink(path);
    rmdir(dir);
    train_session_free(t);
}

static double clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int running(const TrainStatus *st, long n)
{
    return st->phase == TRAIN_RUNNING && st->samples >= n;
}

static int done(const TrainStatus *st, long n)
{
    (void)n;
    return st->phase == TRAIN_DONE;
}

/* The digits trained in about `seconds` from now (measured on the status, with the time taken). */
static long trained_in(TrainSession *t, double seconds, double *took)
{
    TrainStatus st;
    train_session_status(t, &st);
    long s0 = st.samples;
    double t0 = clock_s();
    sleep_ms((int)(seconds * 1000.0));
    train_session_status(t, &st);
    *took = clock_s() - t0;
    return st.samples - s0;
}

TEST(a_speed_holds_the_digits_a_second_near_it_and_never_above_and_pause_still_pauses)
{
    TrainSetup s = seed_setup(2000);
    s.speed = 1000.0;
    s.eval_samples = 0;
    s.eval_seconds = 0.25;
    s.publish_seconds = 0.02; /* the status follows within a batch or two */
    SnError err = {0};
    TrainSession *t = started(&s, NULL, &err);
    if (!t)
        return;
    TrainStatus st;
    CHECK(wait_for(t, running, 50, 60.0, &st));
    CHECK(st.speed == 1000.0);
    double took;
    long n = trained_in(t, 1.0, &took);
    printf("at 1000 digits a second: %ld digits in %.2f s\n", n, took);
    /* never faster than asked (a batch of 10 each side of the window for its edges, the status
     * a publication late), and not much slower */
    CHECK((double)n <= 1000.0 * took + 40.0);
    CHECK((double)n >= 0.7 * 1000.0 * took);
    /* another speed from the next batch on */
    train_session_set_speed(t, 200.0);
    sleep_ms(100);
    n = trained_in(t, 1.0, &took);
    printf("at 200 digits a second: %ld digits in %.2f s\n", n, took);
    CHECK((double)n <= 200.0 * took + 40.0 && (double)n >= 0.7 * 200.0 * took);
    /* pause still pauses, and the pace does not rush to make up for it afterwards */
    train_session_pause(t, 1);
    CHECK(wait_for(t, paused, 0, 30.0, &st));
    long held = st.samples;
    sleep_ms(300);
    train_session_status(t, &st);
    CHECK(st.samples == held);
    train_session_pause(t, 0);
    n = trained_in(t, 0.5, &took);
    CHECK((double)n <= 200.0 * took + 40.0);
    /* as fast as it goes: far more */
    train_session_set_speed(t, 0.0);
    sleep_ms(100);
    n = trained_in(t, 0.5, &took);
    printf("at full speed: %ld digits in %.2f s\n", n, took);
    CHECK((double)n > 5.0 * 200.0 * took);
    train_session_free(t);
}

TEST(a_run_ends_after_its_epochs_and_its_network_still_saves)
{
    TrainSetup s = seed_setup(200);
    s.epochs = 3;
    SnError err = {0};
    TrainSession *t = started(&s, NULL, &err);
    if (!t)
        return;
    TrainStatus st;
    CHECK(wait_for(t, done, 0, 60.0, &st));
    CHECK(st.epoch == 3 && st.samples == 3 * 200 && st.epochs == 3);
    CHECK(st.test_acc >= 0.0f && st.weights_serial > 0);
    sleep_ms(200); /* done: it trains no more */
    train_session_status(t, &st);
    CHECK(st.phase == TRAIN_DONE && st.samples == 600);
    char path[256];
    snprintf(path, sizeof path, "/tmp/scratchnet-test-done-%d.json", (int)getpid());
    train_session_save(t, path);
    CHECK(wait_for(t, saved, 1, 60.0, &st));
    CHECK(strcmp(st.saved_path, path) == 0 && st.error[0] == '\0');
    CHECK(wait_for(t, done, 0, 10.0, &st));
    CHECK(st.samples == 600);
    SnError e2 = {0};
    NnModel *m = nn_model_load(path, &e2);
    CHECK(m != NULL);
    nn_model_free(m);
    remove(path);
    train_session_free(t);
}

TEST(the_curves_keep_their_first_points_as_they_thin_out_for_the_log_axis)
{
    TrainSetup s = seed_setup(2000);
    s.eval_samples = 500; /* a test measurement every 500 digits: the curve fills and merges */
    SnError err = {0};
    TrainSession *t = started(&s, NULL, &err);
    if (!t)
        return;
    TrainStatus st;
    CHECK(wait_for(t, seen, 150000, 120.0, &st)); /* several merges of both curves */
    train_session_free(t);
    /* the first 100 digits' cost and the accuracy before any training stay where they were,
     * for the left of the logarithmic axis */
    CHECK(st.n_cost > 0 && st.cost_at[0] == 100 && st.n_acc > 0 && st.acc_at[0] == 0);
    CHECK(st.n_acc > 1 && st.acc_at[1] == 500);
    int rising = 1;
    for (int i = 1; i < st.n_cost; i++)
        rising &= st.cost_at[i] > st.cost_at[i - 1];
    for (int i = 1; i < st.n_acc; i++)
        rising &= st.acc_at[i] > st.acc_at[i - 1];
    CHECK(rising);
    /* and the curves reach the digits seen */
    CHECK(st.cost_at[st.n_cost - 1] > 100000 && st.acc_at[st.n_acc - 1] > 100000);
}

TEST(an_unknown_recipe_or_missing_digits_is_said)
{
    TrainSetup s = seed_setup(100);
    s.recipe = "huge";
    SnError err = {0};
    CHECK(train_session_new(&s, NULL, NULL, &err) == NULL);
    CHECK(strstr(err.msg, "huge") != NULL && strstr(err.msg, "seed") != NULL);
    s = seed_setup(100);
    s.subset_dir = "/nonexistent/subset";
    TrainSession *t = train_session_new(&s, NULL, NULL, &err);
    CHECK(t != NULL);
    TrainStatus st;
    CHECK(t && wait_for(t, failed, 0, 30.0, &st));
    CHECK(t && strstr(st.error, "/nonexistent/subset") != NULL);
    train_session_free(t);
    /* freeing a session while it runs ends it at once */
    s = seed_setup(2000);
    t = train_session_new(&s, NULL, NULL, &err);
    CHECK(t && wait_for(t, seen, 100, 60.0, &st));
    train_session_free(t);
}

int main(void)
{
    const char *root = getenv("SCRATCHNET_SOURCE_ROOT");
    if (!root) {
        printf("SKIP: SCRATCHNET_SOURCE_ROOT is not set\n");
        return 77;
    }
    snprintf(subset_dir, sizeof subset_dir, "%s/mnist-subset", root);
    RUN(the_seed_network_learns_2000_subset_digits_to_84_percent_in_8_epochs);
    RUN(pause_holds_a_step_trains_one_batch_and_resume_goes_on);
    RUN(the_weights_copied_out_are_the_network_and_a_save_loads_with_its_accuracy);
    RUN(a_speed_holds_the_digits_a_second_near_it_and_never_above_and_pause_still_pauses);
    RUN(a_run_ends_after_its_epochs_and_its_network_still_saves);
    RUN(the_curves_keep_their_first_points_as_they_thin_out_for_the_log_axis);
    RUN(an_unknown_recipe_or_missing_digits_is_said);
    return test_main_result();
}
