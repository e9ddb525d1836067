/* test_draw_train.c - the Train view's state without a display (src/draw/app_train.c,
 * view_train.c): its words for each state of the training, the recipe and the speed control
 * with their buttons, and a run on the shipped subset driven as the window drives it: started
 * by a step (paused), the network made the active model as "training: seed", its weights
 * following the session, the Start button saying Pause and Resume, a save that writes into
 * the user's data folder and joins the model list, and that folder listed when the app starts.
 * (Where the view's parts go at each window size: test_draw_views.)
 */
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "draw/train_session.h"
#include "draw/view_train.h"
#include "draw_test.h"

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

TEST(the_state_line_says_what_the_training_does)
{
    char buf[600];
    view_train_state_text(NULL, buf, sizeof buf);
    CHECK(strstr(buf, "Start (Space)") != NULL);
    TrainStatus st;
    memset(&st, 0, sizeof st);
    st.phase = TRAIN_LOADING;
    snprintf(st.stage, sizeof st.stage, "Reading the training digits (1 of 2)");
    view_train_state_text(&st, buf, sizeof buf);
    CHECK(strcmp(buf, "Reading the training digits (1 of 2)...") == 0);
    st.phase = TRAIN_RUNNING;
    st.epoch = 1;
    st.samples = 84000;
    st.per_second = 41234.4;
    st.test_acc = 0.9412f;
    view_train_state_text(&st, buf, sizeof buf);
    CHECK(strcmp(buf, "Epoch 2 \xc2\xb7 84,000 digits seen \xc2\xb7 41,234 a second \xc2\xb7 "
                      "test accuracy 94.1 %") == 0);
    st.phase = TRAIN_PAUSED;
    view_train_state_text(&st, buf, sizeof buf);
    CHECK(strcmp(buf, "Paused \xc2\xb7 Epoch 2 \xc2\xb7 84,000 digits seen \xc2\xb7 test "
                      "accuracy 94.1 %") == 0);
    /* a run of 30 epochs says how many, and when they are done, that it is done */
    st.epochs = 30;
    st.phase = TRAIN_RUNNING;
    view_train_state_text(&st, buf, sizeof buf);
    CHECK(strcmp(buf, "Epoch 2 of 30 \xc2\xb7 84,000 digits seen \xc2\xb7 41,234 a second "
                      "\xc2\xb7 test accuracy 94.1 %") == 0);
    st.phase = TRAIN_DONE;
    st.epoch = 30;
    st.samples = 1800000;
    st.test_acc = 0.978f;
    view_train_state_text(&st, buf, sizeof buf);
    CHECK(strcmp(buf, "Done: 30 epochs \xc2\xb7 1,800,000 digits seen \xc2\xb7 test accuracy "
                      "97.8 %") == 0);
    st.phase = TRAIN_FAILED;
    snprintf(st.error, sizeof st.error, "x: no such file");
    view_train_state_text(&st, buf, sizeof buf);
    CHECK(strcmp(buf, "Stopped: x: no such file") == 0);
    char n[32];
    view_train_count(0, n, sizeof n);
    CHECK(strcmp(n, "0") == 0);
    view_train_count(999, n, sizeof n);
    CHECK(strcmp(n, "999") == 0);
    view_train_count(1234567, n, sizeof n);
    CHECK(strcmp(n, "1,234,567") == 0);
}

static int near(double a, double b)
{
    return a > b - 1e-9 && a < b + 1e-9;
}

TEST(the_axis_of_digits_seen_is_logarithmic_from_100_with_a_tick_each_power_of_ten)
{
    /* from 100 to a million: four decades, a quarter of the width each */
    CHECK(near(view_train_axis(100, 1000000), 0.0));
    CHECK(near(view_train_axis(1000, 1000000), 0.25));
    CHECK(near(view_train_axis(10000, 1000000), 0.5));
    CHECK(near(view_train_axis(100000, 1000000), 0.75));
    CHECK(near(view_train_axis(1000000, 1000000), 1.0));
    /* 10^3.5 digits: halfway through the second decade of two (end 10,000) */
    CHECK(near(view_train_axis(3162, 10000), log10(31.62) / 2.0));
    /* before 100 digits, the left end; past the end, the right end */
    CHECK(near(view_train_axis(0, 1000000), 0.0) && near(view_train_axis(50, 1000000), 0.0));
    CHECK(near(view_train_axis(2000000, 1000000), 1.0));
    /* at the start the axis reaches 1,000 at least: 300 digits are a little way in */
    CHECK(near(view_train_axis(1000, 0), 1.0) && near(view_train_axis(1000, 300), 1.0));
    CHECK(near(view_train_axis(300, 300), log10(3.0)));
    /* it grows with the run: the same digits move left */
    CHECK(view_train_axis(5000, 1000000) < view_train_axis(5000, 100000));
    long at[12];
    char w[16];
    CHECK(view_train_axis_ticks(1800000, at, 12) == 5);
    CHECK(at[0] == 100 && at[1] == 1000 && at[4] == 1000000);
    CHECK(view_train_axis_ticks(0, at, 12) == 2 && at[1] == 1000);
    CHECK(view_train_axis_ticks(1800000, at, 3) == 3);
    view_train_tick_text(100, w, sizeof w);
    CHECK(strcmp(w, "100") == 0);
    view_train_tick_text(10000, w, sizeof w);
    CHECK(strcmp(w, "10k") == 0);
    view_train_tick_text(1000000, w, sizeof w);
    CHECK(strcmp(w, "1M") == 0);
}

TEST(the_data_line_says_full_mnist_or_the_subset_and_warns_for_the_subset)
{
    char buf[9000];
    int warn = -1;
    TrainStatus st;
    memset(&st, 0, sizeof st);
    st.phase = TRAIN_RUNNING;
    st.full = 1;
    st.n_train = 60000;
    st.n_test = 1000;
    snprintf(st.data_dir, sizeof st.data_dir, "data/mnist");
    view_train_data_text(&st, "data/mnist", buf, sizeof buf, &warn);
    CHECK(warn == 0 && strstr(buf, "Full MNIST: 60,000 training digits from data/mnist") == buf);
    CHECK(strstr(buf, "1,000 test digits") != NULL);
    st.full = 0;
    st.n_train = 10000;
    view_train_data_text(&st, "/x/mnist", buf, sizeof buf, &warn);
    CHECK(warn == 1 && strstr(buf, "The full MNIST is not in /x/mnist") == buf);
    CHECK(strstr(buf, "training on the 10,000 digits shipped with the app") != NULL);
    view_train_data_text(NULL, "/x/mnist", buf, sizeof buf, &warn);
    CHECK(warn == 0 && strstr(buf, "/x/mnist") != NULL);
    /* the settings line, with the time to 90 % once reached */
    view_train_recipe_text(NULL, "Seed", "784,100:sigmoid,10:softmax; quadratic cost, sgd", 0.5f,
                           10, buf, sizeof buf);
    CHECK(strcmp(buf, "Seed: 784,100:sigmoid,10:softmax; quadratic cost, sgd \xc2\xb7 learning "
                      "rate 0.5 \xc2\xb7 batch 10 \xc2\xb7 no distortions") == 0);
    st.seconds_to_90 = 4.25;
    view_train_recipe_text(&st, "Seed", "x", 1.0f, 20, buf, sizeof buf);
    CHECK(strstr(buf, "learning rate 1 \xc2\xb7 batch 20") != NULL);
    CHECK(strstr(buf, "90 % after 4.2 s") != NULL || strstr(buf, "90 % after 4.3 s") != NULL);
}

TEST(the_recipe_the_speed_and_the_learning_rate_follow_their_buttons)
{
    AppState s;
    app_init(&s);
    app_show_view(&s, LAYOUT_VIEW_TRAIN);
    CHECK(app_train_chosen(&s) == APP_TRAIN_SEED && app_train_status(&s) == NULL);
    CHECK(app_train_rate(&s) == 0.5f && app_train_batch_size(&s) == 10); /* the seed's */
    CHECK(app_control_on(&s, LAYOUT_CTL_TRAIN_SEED) && !app_control_on(&s, LAYOUT_CTL_TRAIN_CNN));
    CHECK(strcmp(app_control_name(&s, LAYOUT_CTL_TRAIN_RUN), "Start") == 0);
    /* the speed: Slow first, then Medium, Full and Slow again, its button named after it */
    CHECK(app_train_speed(&s) == APP_TRAIN_SLOW);
    CHECK(strcmp(app_control_name(&s, LAYOUT_CTL_TRAIN_SPEED), "Slow") == 0);
    CHECK(strcmp(app_control_key(LAYOUT_CTL_TRAIN_SPEED), "V") == 0);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_SPEED) == 1 && app_train_speed(&s) == APP_TRAIN_MEDIUM);
    CHECK(strcmp(app_control_name(&s, LAYOUT_CTL_TRAIN_SPEED), "Medium") == 0);
    CHECK(app_train_speed_next(&s) && app_train_speed(&s) == APP_TRAIN_FULL);
    CHECK(app_train_speed_rate(APP_TRAIN_FULL) == 0.0 && strstr(s.message, "Full") != NULL);
    CHECK(app_train_speed_next(&s) && app_train_speed(&s) == APP_TRAIN_SLOW);
    CHECK(app_train_speed_rate(APP_TRAIN_SLOW) > 0.0 &&
          app_train_speed_rate(APP_TRAIN_SLOW) < app_train_speed_rate(APP_TRAIN_MEDIUM));
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_TRAIN_SAVE)); /* nothing trained yet */
    CHECK(app_train_save(&s, 0) == 0 && s.message_error);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_LR_UP) == 1 && app_train_rate(&s) == 1.0f);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_BATCH_DOWN) == 1 && app_train_batch_size(&s) == 5);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_CNN) == 1 && app_train_chosen(&s) == APP_TRAIN_CNN);
    /* a recipe brings its own settings */
    CHECK(app_train_rate(&s) == 1e-3f && app_train_batch_size(&s) == 64);
    CHECK(app_control_on(&s, LAYOUT_CTL_TRAIN_CNN) && !app_control_on(&s, LAYOUT_CTL_TRAIN_SEED));
    /* at the ends of the steps the buttons stop */
    for (int i = 0; i < 20; i++)
        app_train_batch(&s, +1);
    CHECK(app_train_batch_size(&s) == 1000 && !app_control_enabled(&s, LAYOUT_CTL_TRAIN_BATCH_UP));
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_BATCH_UP) == 0);
    for (int i = 0; i < 20; i++)
        app_train_lr(&s, -1);
    CHECK(app_train_rate(&s) == 1e-4f && !app_control_enabled(&s, LAYOUT_CTL_TRAIN_LR_DOWN));
    /* the buttons belong to the view: shut, they do nothing */
    app_show_view(&s, LAYOUT_VIEW_TRAIN);
    CHECK(s.view == LAYOUT_VIEW_NONE && !app_control_enabled(&s, LAYOUT_CTL_TRAIN_RUN));
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_MLP) == 0 && app_train_chosen(&s) == APP_TRAIN_CNN);
    app_free(&s);
}

/* Polls the app (as the window does when woken) until done(s) or 60 s pass. */
static int poll_until(AppState *s, int (*done)(const AppState *))
{
    for (int i = 0; i < 6000; i++) {
        app_train_poll(s);
        if (done(s))
            return 1;
        sleep_ms(10);
    }
    return 0;
}

static int has_entry(const AppState *s)
{
    return s->n_models == 2 && s->active == 1;
}

static int paused_after_a_batch(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    return st && st->phase == TRAIN_PAUSED && st->batches >= 1;
}

static int running_a_while(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    return st && st->phase == TRAIN_RUNNING && st->samples >= 20000;
}

static int paused(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    return st && st->phase == TRAIN_PAUSED;
}

static int saved(const AppState *s)
{
    return s->n_models == 3;
}

TEST(a_run_on_the_subset_is_the_active_model_and_a_save_joins_the_list)
{
    char home[256];
    CHECK(make_temp_dir(home, sizeof home) == 1);
    setenv("XDG_DATA_HOME", home, 1);
    setenv("SCRATCHNET_DATA", "/nonexistent/mnist", 1); /* no full MNIST: the subset */
    AppState s;
    app_with_model(&s, flat_model("other", 0.5f));
    app_show_view(&s, LAYOUT_VIEW_TRAIN);
    /* a step before any training: a session starts, paused, and trains one batch */
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_STEP) == 1);
    CHECK(app_train_status(&s) != NULL);
    CHECK(poll_until(&s, has_entry));
    CHECK(strcmp(s.models[1].name, "training: seed") == 0 && s.models[1].model);
    CHECK(poll_until(&s, paused_after_a_batch));
    const TrainStatus *st = app_train_status(&s);
    CHECK(st->full == 0 && st->samples == 10);
    CHECK(strcmp(app_control_name(&s, LAYOUT_CTL_TRAIN_RUN), "Resume") == 0);
    /* Space resumes: the list's network follows the session's weights */
    size_t np = s.models[1].model->n_params;
    float *before = malloc(np * sizeof *before);
    CHECK(before != NULL);
    if (!before)
        return;
    memcpy(before, s.models[1].model->params, np * sizeof *before);
    unsigned serial = s.models[1].serial;
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_RUN) == 1);
    CHECK(poll_until(&s, running_a_while));
    CHECK(strcmp(app_control_name(&s, LAYOUT_CTL_TRAIN_RUN), "Pause") == 0);
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_RUN) == 1);
    CHECK(poll_until(&s, paused));
    app_train_poll(&s);
    CHECK(s.models[1].serial == serial && s.active == 1); /* the same entry, still active */
    CHECK(memcmp(s.models[1].model->params, before, np * sizeof *before) != 0);
    free(before);
    /* the bars read the network being trained: a drawn bar gets an answer */
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.n_probs == 10);
    /* save: written into the user's data folder, measured on the subset's 2,000 test digits,
     * and listed */
    CHECK(app_control_enabled(&s, LAYOUT_CTL_TRAIN_SAVE));
    CHECK(app_control_act(&s, LAYOUT_CTL_TRAIN_SAVE) == 1);
    CHECK(poll_until(&s, saved));
    const AppModel *e = &s.models[2];
    CHECK(e->model != NULL && strstr(e->path, home) == e->path);
    CHECK(strstr(e->path, "/scratchnet/models/seed-live-") != NULL);
    CHECK(e->model && e->model->info.train.test_accuracy == app_train_status(&s)->saved_acc);
    CHECK(e->model && e->model->info.train.test_accuracy > 0.5f);
    CHECK(strstr(s.message, "Tab selects it") != NULL && !s.message_error);
    CHECK(s.active == 1); /* the training goes on showing */
    char path[1024];
    snprintf(path, sizeof path, "%s", e->path);
    app_free(&s);

    /* the next start lists the user's saved models */
    AppState again;
    app_init(&again);
    CHECK(app_add_user_models(&again) == 1);
    CHECK(again.n_models == 1 && strcmp(again.models[0].path, path) == 0);
    CHECK(again.models_dir[0] == '\0'); /* the shipped folder stays the one explained */
    app_free(&again);
    unlink(path);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/scratchnet/models", home);
    rmdir(dir);
    snprintf(dir, sizeof dir, "%s/scratchnet", home);
    rmdir(dir);
    rmdir(home);
}

int main(void)
{
    RUN(the_state_line_says_what_the_training_does);
    RUN(the_data_line_says_full_mnist_or_the_subset_and_warns_for_the_subset);
    RUN(the_axis_of_digits_seen_is_logarithmic_from_100_with_a_tick_each_power_of_ten);
    RUN(the_recipe_the_speed_and_the_learning_rate_follow_their_buttons);
    RUN(a_run_on_the_subset_is_the_active_model_and_a_save_joins_the_list);
    return test_main_result();
}
