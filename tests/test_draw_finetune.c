/* test_draw_finetune.c - teaching the active model the user's handwriting in the app
 * (src/draw/app_finetune.c), without a display: U starts the job on its own thread, drawing goes
 * on meanwhile, and the model it saves into the user's data folder is listed, made active and
 * reads the held-back drawings better with MNIST kept; U again stops it and nothing is saved;
 * no collection, no model or a model of clothes is said in the message line. The user's folders
 * are a scratch folder (XDG_DATA_HOME), MNIST is SCRATCHNET_MNIST_DIR (SCRATCHNET_DATA). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draw/app_finetune.h"
#include "draw_test.h"
#include "ink/madedigit.h"
#include "nn/model_io.h"
#include "test.h"

static char root[1024];

/* Writes the scripted person's n drawings of each digit as the collection. */
static void write_collection(int n)
{
    char dir[1100], path[1200];
    snprintf(dir, sizeof dir, "%s/scratchnet", root);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s", dir, APP_FINETUNE_FILE);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    InkMdStyle hand = ink_madedigit_person();
    SnError err;
    for (int i = 0; f && i < 10 * n; i++) {
        InkDrawing d;
        CHECK(ink_madedigit_styled(77 + (uint64_t)i, i % 10, &hand, &d, &err) == 0);
        char *line = ink_drawing_to_labelled_json(&d, i % 10);
        fprintf(f, "%s\n", line ? line : "");
        free(line);
        ink_drawing_free(&d);
    }
    if (f)
        fclose(f);
}

static void remove_collection(void)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/scratchnet/%s", root, APP_FINETUNE_FILE);
    unlink(path);
}

/* An app with the shipped seed model active. */
static int seed_app(AppState *s)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/models/mnist-seed.json", getenv("SCRATCHNET_SOURCE_ROOT"));
    app_init(s);
    int i = app_add_model_file(s, path);
    CHECK(i == 0);
    app_select_model(s, i);
    CHECK(app_model(s) != NULL);
    return app_model(s) != NULL;
}

/* Polls the job as the main loop does when woken, until it ends (at most limit seconds). */
static void wait_for(AppState *s, double limit)
{
    struct timespec t0, now, nap = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        nanosleep(&nap, NULL);
        app_work_poll(s);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (app_finetune_busy(s) && (double)(now.tv_sec - t0.tv_sec) < limit);
    CHECK(!app_finetune_busy(s));
}

TEST(the_taught_models_name_is_a_plain_file_name_ending_in_mine)
{
    char buf[NN_NAME_LEN];
    app_finetune_name("mnist-seed", buf, sizeof buf);
    CHECK(strcmp(buf, "mnist-seed-mine") == 0);
    app_finetune_name("mnist-seed-mine", buf, sizeof buf); /* taught again: the same name */
    CHECK(strcmp(buf, "mnist-seed-mine") == 0);
    /* the network trained in the window is listed as "training: seed": no colon, no space and
     * no slash reach the file's name */
    app_finetune_name("training: seed", buf, sizeof buf);
    CHECK(strcmp(buf, "training-seed-mine") == 0);
    app_finetune_name("../a/b  c", buf, sizeof buf);
    CHECK(strcmp(buf, "a-b-c-mine") == 0);
    app_finetune_name("", buf, sizeof buf);
    CHECK(strcmp(buf, "model-mine") == 0);
    app_finetune_name("::", buf, sizeof buf);
    CHECK(strcmp(buf, "model-mine") == 0);
    char longer[200];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    app_finetune_name(longer, buf, sizeof buf);
    CHECK(strlen(buf) == NN_NAME_LEN - 1 && strcmp(buf + strlen(buf) - 5, "-mine") == 0);
}

TEST(without_a_collection_the_message_says_how_to_make_one)
{
    AppState s;
    remove_collection();
    if (!seed_app(&s))
        return;
    CHECK(app_control_enabled(&s, LAYOUT_CTL_TEACH));
    CHECK(app_finetune_toggle(&s) == 0 && !app_finetune_busy(&s));
    CHECK(s.message_error && strstr(s.message, "Ctrl+0 to Ctrl+9"));
    app_free(&s);
}

TEST(a_model_of_clothes_or_none_is_not_taught)
{
    AppState s;
    write_collection(1);
    NnModel *m = flat_model("clothes", 0.5f);
    snprintf(m->info.labels[0], NN_LABEL_LEN, "T-shirt/top");
    app_with_model(&s, m);
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_TEACH));
    CHECK(app_finetune_toggle(&s) == 0 && strstr(s.message, "model of digits"));
    app_free(&s);
    app_init(&s);
    CHECK(app_finetune_toggle(&s) == 0 && strstr(s.message, "No model"));
    app_free(&s);
}

TEST(teaching_saves_lists_and_selects_a_model_that_reads_the_held_back_drawings_better)
{
    AppState s;
    write_collection(15); /* 150: 50 held back */
    if (!seed_app(&s))
        return;
    CHECK(app_finetune_toggle(&s) == 1 && app_finetune_busy(&s));
    CHECK(app_control_on(&s, LAYOUT_CTL_TEACH));
    CHECK(strstr(s.message, "Teaching mnist-seed") != NULL);
    /* drawing goes on while it runs */
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.n_probs == 10);
    wait_for(&s, 600.0);
    const AppTune *t = s.tune;
    printf("  %s\n  held back %d: %.2f -> %.2f; MNIST test %.4f -> %.4f\n", s.message, t->n_held,
           (double)t->held_before, (double)t->held_after, (double)t->mnist_before,
           (double)t->mnist_after);
    CHECK(!s.message_error && strstr(s.message, "Taught: "));
    CHECK(t->n_held == 50 && t->held_after >= t->held_before + 0.1f);
    CHECK(t->mnist_before - t->mnist_after <= 0.003f);
    char want[1200];
    snprintf(want, sizeof want, "%s/scratchnet/models/mnist-seed-mine.json", root);
    CHECK(strcmp(t->saved, want) == 0 && access(want, R_OK) == 0);
    CHECK(s.n_models == 2 && s.active == 1 && strcmp(s.models[1].path, want) == 0);
    const NnModel *m = app_model(&s);
    CHECK(m && strcmp(m->info.name, "mnist-seed-mine") == 0);
    CHECK(m && m->info.train.ft.samples == 100 && strcmp(m->info.train.ft.from, "mnist-seed") == 0);
    CHECK(m && m->info.refuse_below > 0.0f);
    /* taught again: the same file, reloaded in place */
    CHECK(app_finetune_toggle(&s) == 1);
    wait_for(&s, 600.0);
    CHECK(s.n_models == 2 && s.active == 1 && strstr(s.message, "Taught: "));
    app_free(&s);
}

TEST(u_again_stops_the_teaching_and_saves_nothing)
{
    AppState s;
    char models[1200];
    snprintf(models, sizeof models, "%s/scratchnet/models/mnist-seed-mine.json", root);
    unlink(models);
    write_collection(15);
    if (!seed_app(&s))
        return;
    CHECK(app_finetune_toggle(&s) == 1);
    CHECK(app_finetune_toggle(&s) == 1); /* stops it */
    wait_for(&s, 60.0);
    CHECK(strstr(s.message, "Teaching stopped") != NULL);
    CHECK(access(models, F_OK) != 0 && s.n_models == 1);
    app_free(&s);
}

int main(void)
{
    const char *mnist = getenv("SCRATCHNET_MNIST_DIR");
    char probe[1200];
    snprintf(probe, sizeof probe, "%s/train-images-idx3-ubyte", mnist ? mnist : "");
    if (!mnist || !getenv("SCRATCHNET_SOURCE_ROOT") || access(probe, R_OK) != 0) {
        printf("SKIP: the full MNIST is not in SCRATCHNET_MNIST_DIR\n");
        return 77;
    }
    setenv("SCRATCHNET_DATA", mnist, 1);
    if (test_make_scratch_dir(root, sizeof root, "test_draw_finetune") != 0)
        return 1;
    setenv("XDG_DATA_HOME", root, 1);
    RUN(the_taught_models_name_is_a_plain_file_name_ending_in_mine);
    RUN(without_a_collection_the_message_says_how_to_make_one);
    RUN(a_model_of_clothes_or_none_is_not_taught);
    RUN(teaching_saves_lists_and_selects_a_model_that_reads_the_held_back_drawings_better);
    RUN(u_again_stops_the_teaching_and_saves_nothing);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
    return test_main_result();
}
