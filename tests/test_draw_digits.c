/* test_draw_digits.c - the digit views' state without a display (src/draw/app_digits.c): the
 * index is built on the background thread while the app goes on drawing, then every update
 * searches the drawing (the same digits as the library's own query); the picked unit's best test
 * digits; the sentence from the real labels; a job for a model no longer shown is cancelled,
 * quitting while one runs does not wait for it, and a Fashion model without the full
 * Fashion-MNIST shows the shipped subset of it. The images are the shipped subsets (the full sets
 * are hidden from the test).
 */
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>

#include "draw/app_digits.h"
#include "draw_test.h"
#include "ink/classify.h"

static atomic_int wakes;
static int searched_before_scores; /* the drawing was searched while the scores were built */
static char empty_dir[64] = "/tmp/scratchnet-test-draw-digits-XXXXXX";

static void wake(void *ctx)
{
    (void)ctx;
    wakes++;
}

static void sleep_ms(int ms)
{
    struct timespec t = {0, (long)ms * 1000000L};
    nanosleep(&t, NULL);
}

/* A small untrained model of the app's input: 784 -> 16 ReLU -> 10 softmax. */
static NnModel *small_model(const char *dataset)
{
    NnLayerSpec ls[2] = {NN_DENSE(16, NN_ACT_RELU), NN_DENSE(10, NN_ACT_SOFTMAX)};
    SnError err = {0};
    NnModel *m = nn_model_new_shape((NnShape){1, APP_SIDE, APP_SIDE}, ls, 2, &err);
    if (!m)
        return NULL;
    NnRng rng;
    nn_rng_seed(&rng, 5);
    nn_model_init(m, &rng);
    snprintf(m->info.train.dataset, sizeof m->info.train.dataset, "%s", dataset);
    return m;
}

static void start(AppState *s, const char *dataset)
{
    app_init(s);
    s->wake = wake;
    app_add_model(s, small_model(dataset), "a.json", NULL);
    app_select_model(s, 0);
    draw_bar(s, 14.0f);
    app_show_view(s, LAYOUT_VIEW_NEAREST); /* N */
    app_update(s);
}

/* Polls (as the main loop does when woken) and updates until the active model's digits are no
 * longer being built, up to 20 s; returns their status. */
static AppDigitsStatus wait_built(AppState *s)
{
    for (int i = 0; i < 2000; i++) {
        const AppModelDigits *md = app_digits_model(s);
        if (md && md->status != APP_DIGITS_BUSY)
            return md->status;
        app_work_poll(s);
        if (s->needs_update)
            app_update(s); /* the app keeps classifying the drawing meanwhile */
        md = app_digits_model(s);
        if (md && md->excite.n == 0 && s->digits->n_near > 0)
            searched_before_scores = 1;
        sleep_ms(10);
    }
    return APP_DIGITS_BUSY;
}

TEST(the_index_is_built_in_the_background_and_each_update_searches_the_drawing)
{
    AppState s;
    start(&s, "mnist");
    const AppModelDigits *md = app_digits_model(&s);
    CHECK(md && md->status == APP_DIGITS_BUSY && s.digits->n_near == 0);
    CHECK(wait_built(&s) == APP_DIGITS_READY);
    CHECK(wakes > 0);
    CHECK(searched_before_scores); /* the index shows as soon as it is built */
    md = app_digits_model(&s);
    const AppDigitSet *set = app_digits_set(&s);
    CHECK(md && set && md->index.n == 10000 && set->train.n == 10000 && set->test.n == 2000);
    CHECK(md->excite.n == 2000);
    if (s.needs_update)
        app_update(&s);
    AppDigits *d = s.digits;
    CHECK(d->n_near == APP_NEAR_K);
    /* the library's own query on the input the model read gives the same digits */
    NnNeighbour want[APP_NEAR_K];
    float x[APP_PIXELS];
    SnError err = {0};
    ink_classify_input(app_model(&s), s.seen, x);
    CHECK(nn_neighbours_query(&md->index, app_model(&s), x, APP_NEAR_K, want, &err) ==
          APP_NEAR_K);
    for (int i = 0; i < d->n_near; i++) {
        CHECK(d->near[i].index == want[i].index && d->near[i].label == want[i].label);
        CHECK(i == 0 || d->near[i].distance >= d->near[i - 1].distance);
        CHECK(d->near[i].label == set->train.labels[d->near[i].index]);
    }
    /* a unit picked in the layers view: its best test digits, best first */
    NnExcited ex[APP_EXCITE_K];
    CHECK(app_excited(&s, ex, APP_EXCITE_K) == 0); /* none picked */
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    app_view_pick(&s, 0, 3);
    app_show_view(&s, LAYOUT_VIEW_NEAREST);
    int layer = -1, unit = -1;
    CHECK(app_excite_unit(&s, &layer, &unit) && layer == 0 && unit == 3);
    CHECK(app_excited(&s, ex, APP_EXCITE_K) == APP_EXCITE_K);
    for (int i = 1; i < APP_EXCITE_K; i++)
        CHECK(ex[i].score <= ex[i - 1].score);
    /* a value picked in a wider layer (another model's): no unit of this one */
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    app_view_pick(&s, 0, 16);
    app_show_view(&s, LAYOUT_VIEW_NEAREST);
    CHECK(!app_excite_unit(&s, &layer, &unit) && app_excited(&s, ex, APP_EXCITE_K) == 0);
    app_free(&s);
}

TEST(a_unit_up_close_starts_the_job_for_its_best_test_digits)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, small_model("mnist"), "a.json", NULL);
    app_select_model(&s, 0);
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(app_digits_model(&s) == NULL); /* nothing asked for yet */
    app_view_pick(&s, 0, 3);             /* a click on unit 4 of layer 1: up close */
    CHECK(app_closeup_layer(&s) == 0);
    const AppModelDigits *md = app_digits_model(&s);
    CHECK(md && md->status == APP_DIGITS_BUSY);
    CHECK(wait_built(&s) == APP_DIGITS_READY);
    NnExcited ex[APP_EXCITE_K];
    CHECK(app_excited(&s, ex, 5) == 5);
    app_free(&s);
}

TEST(the_sentence_reads_the_real_labels)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, small_model("mnist"), "a.json", NULL);
    app_select_model(&s, 0);
    s.digits = calloc(1, sizeof *s.digits);
    char line[300];
    app_nearest_sentence(&s, line, sizeof line);
    CHECK(line[0] == '\0'); /* no search yet */
    const int labels[APP_NEAR_K] = {9, 4, 9, 9, 7, 9, 4, 9};
    for (int i = 0; i < APP_NEAR_K; i++)
        s.digits->near[i] = (NnNeighbour){i, labels[i], (float)i};
    s.digits->n_near = APP_NEAR_K;
    s.top = 4;
    app_nearest_sentence(&s, line, sizeof line);
    CHECK(strcmp(line, "It reads a 4, but looks most like these 9s: 5 of the 8 nearest "
                       "training digits are 9s.") == 0);
    s.top = 9;
    app_nearest_sentence(&s, line, sizeof line);
    CHECK(strcmp(line, "Your drawing reads as a 9 and looks like these 9s: 5 of the 8 nearest "
                       "training digits are 9s.") == 0);
    /* a tie goes to the label nearest the drawing */
    const int tie[4] = {3, 5, 5, 3};
    for (int i = 0; i < 4; i++)
        s.digits->near[i].label = tie[i];
    s.digits->n_near = 4;
    app_nearest_sentence(&s, line, sizeof line);
    CHECK(strstr(line, "these 3s: 2 of the 4") != NULL);
    for (int i = 0; i < 4; i++)
        s.digits->near[i].label = 3;
    s.top = 3;
    app_nearest_sentence(&s, line, sizeof line);
    CHECK(strcmp(line, "Your drawing reads as a 3 and looks like these 3s: all 4 nearest "
                       "training digits are 3s.") == 0);
    app_free(&s);
}

TEST(a_job_for_a_model_no_longer_shown_is_cancelled_and_quitting_does_not_wait)
{
    AppState s;
    start(&s, "mnist");
    app_add_model(&s, small_model("mnist"), "b.json", NULL);
    CHECK(app_digits_model(&s)->status == APP_DIGITS_BUSY);
    unsigned first = s.models[0].serial;
    app_select_model(&s, 1); /* Tab: the other model */
    app_update(&s);
    CHECK(s.digits->job_serial == first); /* cancelled, not yet taken */
    for (int i = 0; i < 1000 && s.digits->job_serial == first; i++) {
        app_work_poll(&s);
        sleep_ms(5);
    }
    CHECK(s.models[0].digits->status == APP_DIGITS_NONE); /* built again when shown again */
    if (s.needs_update)
        app_update(&s);
    CHECK(app_digits_model(&s)->status == APP_DIGITS_BUSY); /* the shown one's job runs */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    app_free(&s); /* while it runs */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double sec = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    CHECK(sec < 2.0);
}

TEST(a_fashion_model_without_the_full_fashion_mnist_shows_its_shipped_subset)
{
    setenv("SCRATCHNET_FASHION_DATA", empty_dir, 1);
    AppState s;
    start(&s, "fashion-mnist");
    CHECK(wait_built(&s) == APP_DIGITS_READY);
    const AppModelDigits *md = app_digits_model(&s);
    const AppDigitSet *set = app_digits_set(&s);
    DataPaths paths;
    CHECK(paths_resolve_here(&paths) == 0);
    CHECK(md && set && md->index.n == 5000 && md->excite.n == 1000);
    CHECK(set && strcmp(set->dataset, "fashion-mnist") == 0 &&
          strcmp(set->from, paths.fashion) == 0);
    if (s.needs_update)
        app_update(&s);
    CHECK(s.digits->n_near == APP_NEAR_K);
    app_free(&s);
    unsetenv("SCRATCHNET_FASHION_DATA");
}

TEST(a_model_of_a_data_set_without_images_says_so_and_shows_no_digits)
{
    AppState s;
    start(&s, "letters");
    CHECK(wait_built(&s) == APP_DIGITS_FAILED);
    const AppModelDigits *md = app_digits_model(&s);
    CHECK(md && strstr(md->error, "letters") && md->index.n == 0);
    if (s.needs_update)
        app_update(&s);
    CHECK(s.digits->n_near == 0);
    app_update(&s);
    CHECK(app_digits_model(&s)->status == APP_DIGITS_FAILED); /* not tried at every stroke */
    app_free(&s);
}

int main(void)
{
    if (!mkdtemp(empty_dir))
        return 1;
    setenv("SCRATCHNET_DATA", empty_dir, 1); /* the shipped subset, not the full MNIST */
    RUN(the_index_is_built_in_the_background_and_each_update_searches_the_drawing);
    RUN(a_unit_up_close_starts_the_job_for_its_best_test_digits);
    RUN(the_sentence_reads_the_real_labels);
    RUN(a_job_for_a_model_no_longer_shown_is_cancelled_and_quitting_does_not_wait);
    RUN(a_fashion_model_without_the_full_fashion_mnist_shows_its_shipped_subset);
    RUN(a_model_of_a_data_set_without_images_says_so_and_shows_no_digits);
    rmdir(empty_dir);
    return test_main_result();
}
