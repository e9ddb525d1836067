/* test_draw_browse.c - the data browser (src/draw/browse.c) on a hand-made set of answers: the
 * confusion matrix it counts, the mistakes surest first, stepping within the list, a cell of
 * the matrix as a filter, a new source starting over; then the Data view in the app
 * (src/draw/app_data.c) on the shipped MNIST test subset: the answers made on the background
 * thread agree with the library's evaluation (refusals counted as mistakes), the keys and the
 * view's buttons do the same, a test image goes onto the canvas as one undoable step,
 * another model starts the browser over, and the answers follow a model whose weights move
 * (made again, the place kept; while training runs at most every APP_ANSWERS_EVERY_MS).
 */
#include <stdatomic.h>
#include <time.h>

#include "draw/app_data.h"
#include "draw/app_digits.h"
#include "draw/app_internal.h"
#include "draw/browse.h"
#include "draw/train_session.h"
#include "draw_test.h"
#include "nn/digits.h"
#include "nn/train.h"

/* Eight images of three classes: labels, answers (R: refused) and how sure each answer was.
 *   i      0    1    2    3    4    5    6    7
 *   label  0    1    2    0    1    2    1    0
 *   answer 0    2    2    1    1    R    2    0
 *   sure   .9   .8   .7   .6   .95  .3   .8   .99
 * Mistakes: 1 (1 as 2, .8), 3 (0 as 1, .6), 5 (2 refused, .3), 6 (1 as 2, .8). */
static const uint8_t labels[8] = {0, 1, 2, 0, 1, 2, 1, 0};
static const uint8_t answers[8] = {0, 2, 2, 1, 1, BROWSE_REFUSED, 2, 0};
static const float sure[8] = {0.9f, 0.8f, 0.7f, 0.6f, 0.95f, 0.3f, 0.8f, 0.99f};

static BrowseSource source(unsigned id)
{
    BrowseSource src = {.id = id, .n = 8, .n_classes = 3, .labels = labels, .answers = answers,
                        .sure = sure};
    return src;
}

/* The list shown, as indices into the source. */
static int shows(const Browse *b, const int *want, int n)
{
    if (b->n_shown != n)
        return 0;
    for (int i = 0; i < n; i++)
        if (b->shown[i] != want[i])
            return 0;
    return 1;
}

TEST(the_matrix_counts_each_label_by_answer_with_refusals_apart)
{
    Browse b;
    browse_init(&b);
    BrowseSource src = source(7);
    CHECK(browse_set(&b, &src) == 0);
    CHECK(b.id == 7 && b.n == 8 && b.n_classes == 3);
    CHECK(b.confusion[0][0] == 2 && b.confusion[0][1] == 1 && b.confusion[0][2] == 0);
    CHECK(b.confusion[1][1] == 1 && b.confusion[1][2] == 2 && b.confusion[1][0] == 0);
    CHECK(b.confusion[2][2] == 1 && b.confusion[2][3] == 1); /* the refused column */
    CHECK(b.n_mistakes == 4 && b.n_refused == 1);
    CHECK(browse_columns(&b, 0) == 4); /* a refusal shows its column, rule or not */
    CHECK(!browse_right(&b, 5) && browse_right(&b, 4) && !browse_right(&b, 8));
    browse_free(&b);
}

TEST(every_image_shows_first_in_the_sources_order)
{
    Browse b;
    browse_init(&b);
    BrowseSource src = source(1);
    CHECK(browse_set(&b, &src) == 0);
    int all[] = {0, 1, 2, 3, 4, 5, 6, 7};
    CHECK(b.filter == BROWSE_ALL && shows(&b, all, 8));
    CHECK(b.pos == 0 && browse_current(&b) == 0);
    browse_free(&b);
}

TEST(the_mistakes_show_surest_first_and_equals_keep_their_order)
{
    Browse b;
    browse_init(&b);
    BrowseSource src = source(1);
    CHECK(browse_set(&b, &src) == 0);
    CHECK(browse_step(&b, 3) == 1);
    CHECK(browse_filter(&b, BROWSE_MISTAKES) == 0);
    int want[] = {1, 6, 3, 5}; /* .8 (first), .8, .6, .3 (refused) */
    CHECK(shows(&b, want, 4));
    CHECK(b.pos == 0 && browse_current(&b) == 1); /* a new filter starts at its first */
    CHECK(browse_filter(&b, BROWSE_ALL) == 0 && b.n_shown == 8);
    browse_free(&b);
}

TEST(stepping_stays_within_the_list)
{
    Browse b;
    browse_init(&b);
    BrowseSource src = source(1);
    CHECK(browse_set(&b, &src) == 0);
    CHECK(browse_filter(&b, BROWSE_MISTAKES) == 0);
    CHECK(browse_step(&b, -1) == 0 && b.pos == 0); /* nothing before the first */
    CHECK(browse_step(&b, 1) == 1 && browse_current(&b) == 6);
    CHECK(browse_step(&b, BROWSE_PAGE) == 1 && b.pos == 3 && browse_current(&b) == 5);
    CHECK(browse_step(&b, 1) == 0 && b.pos == 3); /* nothing after the last */
    CHECK(browse_step(&b, -BROWSE_PAGE) == 1 && b.pos == 0);
    CHECK(browse_go(&b, 2) == 1 && browse_current(&b) == 3);
    CHECK(browse_go(&b, 1 << 30) == 1 && b.pos == 3); /* End */
    CHECK(browse_step(&b, -(1 << 30)) == 1 && b.pos == 0);
    browse_free(&b);
}

TEST(a_cell_shows_its_images_and_the_same_cell_again_every_image)
{
    Browse b;
    browse_init(&b);
    BrowseSource src = source(1);
    CHECK(browse_set(&b, &src) == 0);
    CHECK(browse_cell(&b, 1, 2) == 0);
    int one_as_two[] = {1, 6};
    CHECK(b.filter == BROWSE_CELL && shows(&b, one_as_two, 2));
    CHECK(browse_cell(&b, 2, 3) == 0); /* 2 refused */
    int refused[] = {5};
    CHECK(shows(&b, refused, 1) && browse_current(&b) == 5);
    CHECK(browse_cell(&b, 0, 0) == 0);
    int zeros[] = {7, 0}; /* .99 before .9 */
    CHECK(shows(&b, zeros, 2));
    CHECK(browse_cell(&b, 2, 0) == 0 && b.n_shown == 0 && browse_current(&b) == -1);
    CHECK(browse_step(&b, 1) == 0 && browse_go(&b, 0) == 0);
    CHECK(browse_cell(&b, 2, 0) == 0 && b.filter == BROWSE_ALL && b.n_shown == 8);
    /* outside the matrix: nothing changes */
    CHECK(browse_cell(&b, 1, 2) == 0);
    CHECK(browse_cell(&b, 3, 0) == SN_E_ARG && browse_cell(&b, 0, 4) == SN_E_ARG);
    CHECK(browse_cell(&b, -1, 0) == SN_E_ARG);
    CHECK(b.filter == BROWSE_CELL && shows(&b, one_as_two, 2));
    browse_free(&b);
}

TEST(a_new_source_starts_over_on_every_image)
{
    Browse b;
    browse_init(&b);
    BrowseSource src = source(1);
    CHECK(browse_set(&b, &src) == 0);
    CHECK(browse_cell(&b, 1, 2) == 0 && browse_step(&b, 1) == 1);
    /* another model's answers: every one right */
    BrowseSource other = source(2);
    other.answers = labels;
    CHECK(browse_set(&b, &other) == 0);
    CHECK(b.id == 2 && b.filter == BROWSE_ALL && b.pos == 0 && b.n_shown == 8);
    CHECK(b.n_mistakes == 0 && b.n_refused == 0 && b.confusion[1][2] == 0);
    CHECK(browse_columns(&b, 0) == 3 && browse_columns(&b, 1) == 4);
    CHECK(browse_filter(&b, BROWSE_MISTAKES) == 0 && b.n_shown == 0);
    browse_free(&b);
}

TEST(a_source_with_a_label_or_answer_outside_its_classes_is_refused)
{
    Browse b;
    browse_init(&b);
    uint8_t bad[8];
    memcpy(bad, answers, sizeof bad);
    bad[2] = 3; /* a fourth class of three */
    BrowseSource src = source(1);
    src.answers = bad;
    CHECK(browse_set(&b, &src) == SN_E_ARG && b.id == 0 && b.n == 0 && b.n_shown == 0);
    src = source(1);
    src.labels = bad;
    CHECK(browse_set(&b, &src) == SN_E_ARG);
    src = source(1);
    src.n_classes = NN_MAX_CLASSES + 1;
    CHECK(browse_set(&b, &src) == SN_E_ARG);
    CHECK(browse_current(&b) == -1 && browse_step(&b, 1) == 0);
    browse_free(&b);
}

/* ---- the Data view in the app, on the shipped test subset ---- */

static atomic_int wakes;
static char empty_dir[64] = "/tmp/scratchnet-test-draw-browse-XXXXXX";

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

/* A small untrained model of the app's input: 784 -> 16 ReLU -> 10 softmax, its weights from
 * seed; with a refusal rule when below > 0. */
static NnModel *small_model(unsigned seed, float below)
{
    NnLayerSpec ls[2] = {NN_DENSE(16, NN_ACT_RELU), NN_DENSE(10, NN_ACT_SOFTMAX)};
    SnError err = {0};
    NnModel *m = nn_model_new_shape((NnShape){1, APP_SIDE, APP_SIDE}, ls, 2, &err);
    if (!m)
        return NULL;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    nn_model_init(m, &rng);
    m->info.refuse_below = below;
    return m;
}

/* Polls (as the main loop does when woken) and updates until the active model's answers are in
 * the browser, up to 30 s; returns it (NULL: they never came). */
static const Browse *wait_answers(AppState *s)
{
    for (int i = 0; i < 3000; i++) {
        const Browse *b = app_data_browse(s);
        if (b)
            return b;
        app_work_poll(s);
        if (s->needs_update)
            app_update(s);
        sleep_ms(10);
    }
    return NULL;
}

/* An app with two small models (the first with a refusal rule), the Data view open. */
static int start(AppState *s)
{
    app_init(s);
    s->wake = wake;
    if (app_add_model(s, small_model(5, 0.2f), "a.json", NULL) < 0 ||
        app_add_model(s, small_model(9, 0.0f), "b.json", NULL) < 0)
        return 0;
    app_select_model(s, 0);
    app_show_view(s, LAYOUT_VIEW_DATA); /* D */
    app_update(s);
    return s->view == LAYOUT_VIEW_DATA;
}

TEST(the_answers_agree_with_the_librarys_evaluation_refusals_counting_as_mistakes)
{
    AppState s;
    CHECK(start(&s));
    const Browse *b = wait_answers(&s);
    CHECK(b != NULL);
    NnDataset test = {0};
    SnError err = {0};
    CHECK(nn_digits_load_dataset("mnist", "t10k", &test, NULL, &err) == 0);
    if (!b || test.n == 0) {
        app_free(&s);
        nn_dataset_free(&test);
        return;
    }
    CHECK(b->n == test.n && b->n < 10000); /* the shipped subset: the full set is hidden */
    uint8_t *answer = malloc((size_t)test.n);
    NnEvalDetail d = {.answer = answer};
    float acc = nn_evaluate(app_model(&s), &test, NULL, test.n, &d, &err);
    CHECK(acc >= 0.0f);
    int same = 0, right = 0;
    for (int i = 0; i < test.n; i++) {
        int a = answer[i] == 10 ? BROWSE_REFUSED : answer[i]; /* the library's n_out: refused */
        same += a == b->answers[i] && b->labels[i] == test.labels[i];
        right += answer[i] == test.labels[i];
    }
    CHECK(same == test.n);
    CHECK(d.refused > 0 && b->n_refused == d.refused); /* the rule refuses some */
    CHECK(b->n - b->n_mistakes == right);
    /* the words: which set, and refused as the answer of a refused image */
    AppDataText t;
    app_data_text(&s, &t);
    CHECK(strstr(t.source, "subset") != NULL);
    CHECK(strstr(t.head, "Every test digit") != NULL);
    for (int i = 0; i < b->n_shown; i++)
        if (b->answers[browse_current(b)] != BROWSE_REFUSED)
            app_data_step(&s, 1);
    app_data_text(&s, &t);
    CHECK(strstr(t.answer, "refused") != NULL && t.right == 0);
    free(answer);
    nn_dataset_free(&test);
    app_free(&s);
}

TEST(the_keys_and_the_buttons_step_and_filter_alike)
{
    AppState s;
    CHECK(start(&s));
    const Browse *b = wait_answers(&s);
    CHECK(b != NULL);
    if (!b) {
        app_free(&s);
        return;
    }
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_DATA_PREV)); /* at the first */
    CHECK(app_control_enabled(&s, LAYOUT_CTL_DATA_NEXT));
    CHECK(app_control_act(&s, LAYOUT_CTL_DATA_NEXT) == 1 && b->pos == 1);
    CHECK(app_data_step(&s, 1) == 1 && b->pos == 2); /* Right */
    CHECK(app_control_act(&s, LAYOUT_CTL_DATA_PREV) == 1 && b->pos == 1);
    CHECK(app_data_step(&s, BROWSE_PAGE) == 1 && b->pos == 1 + BROWSE_PAGE); /* PageDown */
    CHECK(app_data_go(&s, 1 << 30) == 1 && b->pos == b->n_shown - 1);      /* End */
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_DATA_NEXT));
    CHECK(app_data_go(&s, 0) == 1 && b->pos == 0);                           /* Home */
    /* Down: the mistakes, surest first; the button shows it on */
    CHECK(!app_control_on(&s, LAYOUT_CTL_DATA_MISTAKES));
    CHECK(app_data_mistakes(&s) == 1 && b->filter == BROWSE_MISTAKES);
    CHECK(app_control_on(&s, LAYOUT_CTL_DATA_MISTAKES) && b->n_shown == b->n_mistakes);
    for (int i = 1; i < b->n_shown; i++)
        CHECK(b->sure[b->shown[i - 1]] >= b->sure[b->shown[i]]);
    AppDataText t;
    app_data_text(&s, &t);
    char want[64];
    snprintf(want, sizeof want, "mistakes of %d,%03d", b->n / 1000, b->n % 1000);
    CHECK(strstr(t.head, want) != NULL);
    CHECK(app_control_act(&s, LAYOUT_CTL_DATA_MISTAKES) == 1 && b->filter == BROWSE_ALL);
    /* a click on a cell: its images; its line says so */
    int label = b->labels[0], answer = b->answers[0] == BROWSE_REFUSED ? 10 : b->answers[0];
    CHECK(app_data_cell(&s, label, answer) == 1 && b->filter == BROWSE_CELL);
    CHECK(b->n_shown == b->confusion[label][answer] && b->n_shown > 0);
    app_data_text(&s, &t);
    CHECK(strstr(t.head, answer == 10 ? "refused" : "read as") != NULL);
    app_free(&s);
}

TEST(a_test_image_goes_onto_the_canvas_as_one_undoable_step)
{
    AppState s;
    CHECK(start(&s));
    const Browse *b = wait_answers(&s);
    CHECK(b != NULL);
    if (!b) {
        app_free(&s);
        return;
    }
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(app_data_step(&s, 3) == 1);
    int i = browse_current(b);
    const NnDataset *ds = app_data_images(&s);
    CHECK(ds != NULL && i >= 0);
    int undo = s.n_undo;
    CHECK(app_control_act(&s, LAYOUT_CTL_DATA_EDIT) == 1);
    CHECK(s.drawing.n == 0 && s.drawing.base != NULL && s.n_undo == undo + 1);
    int same = 1;
    for (int k = 0; ds && s.drawing.base && k < 28 * 28; k++)
        same &= fabsf(s.drawing.base[k] - (float)ds->images[(size_t)i * 784 + k] / 255.0f) <
                1e-6f;
    CHECK(same);
    /* the bars read it: the model's answer to the image on the canvas */
    if (s.needs_update)
        app_update(&s);
    CHECK(s.n_probs == 10);
    CHECK(app_undo(&s) == 1 && s.drawing.base == NULL && s.drawing.n == 1); /* the bar back */
    app_free(&s);
}

TEST(another_model_starts_the_browser_over_on_its_own_answers)
{
    AppState s;
    CHECK(start(&s));
    const Browse *b = wait_answers(&s);
    CHECK(b != NULL);
    if (!b) {
        app_free(&s);
        return;
    }
    unsigned first = b->id;
    CHECK(app_data_mistakes(&s) == 1 && app_data_step(&s, 2) == 1);
    app_cycle_model(&s, 1); /* Tab */
    CHECK(app_data_browse(&s) == NULL); /* not the first model's answers */
    CHECK(app_data_step(&s, 1) == 0 && app_data_edit(&s) == 0);
    AppDataText t;
    app_data_text(&s, &t);
    CHECK(t.status[0] != '\0' && t.right == -1);
    b = wait_answers(&s);
    CHECK(b != NULL && b->id != first);
    CHECK(b && b->filter == BROWSE_ALL && b->pos == 0 && b->n_refused == 0);
    /* back to the first: its answers were kept, not made again */
    app_cycle_model(&s, -1);
    app_update(&s);
    b = app_data_browse(&s) ? app_data_browse(&s) : wait_answers(&s);
    CHECK(b != NULL && b->id == first && b->filter == BROWSE_ALL);
    app_free(&s);
}

/* The browser's answers agree with the library's evaluation of the active model as it is now;
 * returns how many of them do (b->n when all), and its accuracy in *acc. */
static int agree_now(AppState *s, const Browse *b, float *acc)
{
    NnDataset test = {0};
    SnError err = {0};
    if (nn_digits_load_dataset("mnist", "t10k", &test, NULL, &err) != 0 || test.n != b->n) {
        nn_dataset_free(&test);
        return -1;
    }
    uint8_t *answer = malloc((size_t)test.n);
    NnEvalDetail d = {.answer = answer};
    *acc = nn_evaluate(app_model(s), &test, NULL, test.n, &d, &err);
    int same = 0;
    for (int i = 0; answer && i < test.n; i++) {
        int a = answer[i] == app_model(s)->n_out ? BROWSE_REFUSED : answer[i];
        same += a == b->answers[i];
    }
    free(answer);
    nn_dataset_free(&test);
    return same;
}

/* Polls and updates until the browser holds answers other than `id`, up to 30 s. */
static const Browse *wait_other(AppState *s, unsigned id)
{
    for (int i = 0; i < 3000; i++) {
        const Browse *b = app_data_browse(s);
        if (b && b->id != id)
            return b;
        app_work_poll(s);
        if (s->needs_update)
            app_update(s);
        sleep_ms(10);
    }
    return NULL;
}

TEST(new_weights_make_the_answers_again_the_old_ones_showing_meanwhile)
{
    AppState s;
    CHECK(start(&s));
    const Browse *b = wait_answers(&s);
    CHECK(b != NULL);
    if (!b) {
        app_free(&s);
        return;
    }
    unsigned first = b->id;
    CHECK(app_data_mistakes(&s) == 1 && app_data_step(&s, 3) == 1);
    int image = browse_current(b), pos = b->pos;
    /* another model's weights moved (the version grows for any): nothing is made again */
    s.weights_version++;
    app_changed(&s);
    app_update(&s);
    double age;
    int updating;
    CHECK(app_answers_stale(&s, &age, &updating) == 0);
    for (int i = 0; i < 20; i++) {
        app_work_poll(&s);
        sleep_ms(5);
    }
    CHECK(app_data_browse(&s) == b && b->id == first);
    /* this model's weights move in place, as training moves them */
    NnModel *m = s.models[0].model;
    nn_model_thaw(m);
    NnRng rng;
    nn_rng_seed(&rng, 77);
    nn_model_init(m, &rng);
    nn_model_freeze(m, NULL);
    s.weights_version++;
    app_changed(&s);
    app_update(&s);
    /* the old answers stay on screen, saying they are old and being made again */
    CHECK(app_data_browse(&s) == b && b->id == first);
    CHECK(app_answers_stale(&s, &age, &updating) == 1 && updating == 1 && age >= 0.0);
    AppDataText t;
    app_data_text(&s, &t);
    CHECK(strstr(t.age, "Answers from") != NULL && strstr(t.age, "updating") != NULL);
    CHECK(strstr(t.head, "mistakes of") != NULL);
    b = wait_other(&s, first);
    CHECK(b != NULL);
    if (!b) {
        app_free(&s);
        return;
    }
    /* the new answers are those of a fresh evaluation of the weights now */
    float acc = -1.0f;
    CHECK(agree_now(&s, b, &acc) == b->n);
    CHECK(app_answers_stale(&s, &age, &updating) == 0);
    app_data_text(&s, &t);
    CHECK(t.age[0] == '\0');
    char right[64];
    snprintf(right, sizeof right, "Right: %.1f%%", 100.0 * (double)acc);
    CHECK(strstr(t.matrix, right) != NULL);
    /* the place is kept: still the mistakes, the same image if it is still one */
    CHECK(b->filter == BROWSE_MISTAKES);
    if (b->answers[image] != b->labels[image])
        CHECK(browse_current(b) == image);
    else
        CHECK(b->pos == (pos < b->n_shown ? pos : b->n_shown - 1));
    app_free(&s);
}

/* Polls and updates (as the window does) until done(s), up to 60 s. */
static int poll_until(AppState *s, int (*done)(const AppState *))
{
    for (int i = 0; i < 6000; i++) {
        app_work_poll(s);
        if (s->needs_update)
            app_update(s);
        if (done(s))
            return 1;
        sleep_ms(10);
    }
    return 0;
}

static int training(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    return st && st->phase == TRAIN_RUNNING && s->n_models == 2 && s->active == 1 &&
           s->weights_version > 2;
}

static int paused_and_answered(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    double age;
    int updating;
    return st && st->phase == TRAIN_PAUSED && app_data_browse(s) &&
           !app_answers_stale(s, &age, &updating);
}

TEST(while_training_runs_the_answers_follow_it_every_few_seconds_and_at_once_on_pause)
{
    AppState s;
    app_init(&s);
    s.wake = wake;
    CHECK(app_add_model(&s, small_model(5, 0.0f), "a.json", NULL) >= 0);
    app_select_model(&s, 0);
    app_show_view(&s, LAYOUT_VIEW_TRAIN);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_RUN) == 1);
    CHECK(poll_until(&s, training));
    app_show_view(&s, LAYOUT_VIEW_DATA); /* D, while it trains */
    app_update(&s);
    const Browse *b = wait_answers(&s);
    CHECK(b != NULL);
    if (!b) {
        app_free(&s);
        return;
    }
    /* 7 s of training: the weights move all the time, the answers are made again only every
     * APP_ANSWERS_EVERY_MS (3 s), and the view always has answers to show */
    unsigned made = s.digits->answers_made, version = s.weights_version;
    int always = 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    double ms = 0.0;
    while (ms < 7000.0) {
        app_work_poll(&s);
        if (s.needs_update)
            app_update(&s);
        always &= app_data_browse(&s) != NULL;
        sleep_ms(10);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms = 1e3 * (double)(t1.tv_sec - t0.tv_sec) + 1e-6 * (double)(t1.tv_nsec - t0.tv_nsec);
    }
    unsigned again = s.digits->answers_made - made;
    CHECK(training(&s) && s.weights_version > version + 10);
    CHECK(always);
    CHECK(again >= 1 && again <= 3);
    /* T, Space pauses, D: the answers follow the last weights at once */
    app_show_view(&s, LAYOUT_VIEW_TRAIN);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_RUN) == 1);
    app_show_view(&s, LAYOUT_VIEW_DATA);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(poll_until(&s, paused_and_answered));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ms = 1e3 * (double)(t1.tv_sec - t0.tv_sec) + 1e-6 * (double)(t1.tv_nsec - t0.tv_nsec);
    CHECK(ms < APP_ANSWERS_EVERY_MS); /* not held back by the wait while it trained */
    b = app_data_browse(&s);
    float acc = -1.0f;
    CHECK(b && agree_now(&s, b, &acc) == b->n);
    AppDataText t;
    app_data_text(&s, &t);
    char right[64];
    snprintf(right, sizeof right, "Right: %.1f%%", 100.0 * (double)acc);
    CHECK(strstr(t.matrix, right) != NULL && t.age[0] == '\0');
    app_free(&s);
}

int main(void)
{
    RUN(the_matrix_counts_each_label_by_answer_with_refusals_apart);
    RUN(every_image_shows_first_in_the_sources_order);
    RUN(the_mistakes_show_surest_first_and_equals_keep_their_order);
    RUN(stepping_stays_within_the_list);
    RUN(a_cell_shows_its_images_and_the_same_cell_again_every_image);
    RUN(a_new_source_starts_over_on_every_image);
    RUN(a_source_with_a_label_or_answer_outside_its_classes_is_refused);
    if (!mkdtemp(empty_dir))
        return 1;
    setenv("SCRATCHNET_DATA", empty_dir, 1); /* the shipped subset, not the full MNIST */
    RUN(the_answers_agree_with_the_librarys_evaluation_refusals_counting_as_mistakes);
    RUN(the_keys_and_the_buttons_step_and_filter_alike);
    RUN(a_test_image_goes_onto_the_canvas_as_one_undoable_step);
    RUN(another_model_starts_the_browser_over_on_its_own_answers);
    RUN(new_weights_make_the_answers_again_the_old_ones_showing_meanwhile);
    RUN(while_training_runs_the_answers_follow_it_every_few_seconds_and_at_once_on_pause);
    rmdir(empty_dir);
    return test_main_result();
}
