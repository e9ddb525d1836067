/* test_draw_compare.c - the compare view without a display: the second model's probabilities
 * are what that model gives alone for the same drawing (to the bit, through its own
 * preprocessing), the difference is the two answers subtracted class by class, the default
 * second model (the seed network, else the best of the same classes), stepping through the
 * models that can be compared (skipping the active one, those of other classes and those that
 * failed to load), and the plain words when none can be. Small untrained models built here.
 */
#include <string.h>

#include "draw_test.h"
#include "spec_model.h"

static const char *const fashion[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/* A flat model named name with the given accuracy, reading Fashion-MNIST's classes if asked. */
static NnModel *named(const char *name, float accuracy, int clothes)
{
    NnModel *m = flat_model(name, accuracy);
    for (int i = 0; m && clothes && i < 10; i++)
        snprintf(m->info.labels[i], sizeof m->info.labels[i], "%s", fashion[i]);
    return m;
}

/* The shipped models' names and classes, in the models folder's order, with one that failed to
 * load among them: mnist-cnn 0, mnist-mlp 1, mnist-seed 2, fashion-cnn 3, broken 4,
 * fashion-mlp 5. */
static void shipped_like(AppState *s)
{
    app_init(s);
    app_add_model(s, named("mnist-cnn", 0.99f, 0), "", NULL);
    app_add_model(s, named("mnist-mlp", 0.98f, 0), "", NULL);
    app_add_model(s, named("mnist-seed", 0.95f, 0), "", NULL);
    app_add_model(s, named("fashion-cnn", 0.91f, 1), "", NULL);
    app_add_model(s, NULL, "broken.json", "broken.json: not a model");
    app_add_model(s, named("fashion-mlp", 0.88f, 1), "", NULL);
    CHECK(s->n_models == 6);
}

TEST(the_second_models_probabilities_are_what_it_gives_alone_to_the_bit)
{
    /* the active model reads MNIST's preprocessing, the second none: each its own */
    NnModel *a = spec_model_moved("1x28x28,32:relu,10:softmax", 5, 0.05f);
    NnModel *b = spec_model_moved("1x28x28,100:sigmoid,10:softmax", 3, 0.3f);
    CHECK(a && b);
    if (!a || !b)
        return;
    snprintf(a->info.name, sizeof a->info.name, "net-a");
    snprintf(b->info.name, sizeof b->info.name, "net-seed");
    a->info.preprocess = NN_PREP_MNIST;
    b->info.preprocess = NN_PREP_NONE;
    SnError err = {0};
    NnModel *b_alone = nn_model_copy(b, &err);
    CHECK(b_alone != NULL);

    AppState s;
    app_init(&s);
    app_add_model(&s, a, "", NULL);
    app_add_model(&s, b, "", NULL);
    app_select_model(&s, 0);
    draw_bar(&s, 9.0f);
    app_update(&s);
    float bars[NN_MAX_CLASSES];
    memcpy(bars, s.probs, sizeof bars);
    CHECK(s.n_probs == 10 && s.compare.n_probs == 0); /* nothing compared while the view is shut */
    app_show_view(&s, LAYOUT_VIEW_COMPARE);
    CHECK(s.needs_update);
    app_update(&s);
    CHECK(memcmp(bars, s.probs, sizeof bars) == 0); /* the active model's bars stay as they were */
    CHECK(app_compare_model(&s) == 1 && s.compare.model == 1 && s.compare.n_probs == 10);

    AppState alone;
    app_with_model(&alone, b_alone);
    draw_bar(&alone, 9.0f);
    app_update(&alone);
    CHECK(alone.n_probs == 10 && !alone.preprocess);
    CHECK(memcmp(alone.probs, s.compare.probs, 10 * sizeof(float)) == 0);
    CHECK(s.compare.top == alone.top && s.compare.second == alone.second);
    CHECK(s.compare.verdict == alone.verdict);
    for (int i = 0; i < 10; i++) {
        float d = s.probs[i] - alone.probs[i];
        CHECK(memcmp(&d, &s.compare.diff[i], sizeof d) == 0);
    }
    char mine[160], theirs[160];
    app_verdict_text(&alone, theirs, sizeof theirs);
    app_compare_verdict_text(&s, mine, sizeof mine);
    CHECK(strcmp(mine, theirs) == 0);

    /* the canvas cleared: no answer from either */
    app_clear(&s);
    app_update(&s);
    CHECK(s.n_probs == 0 && s.compare.n_probs == 0);
    app_free(&alone);
    app_free(&s);
}

TEST(the_default_is_the_seed_network_else_the_best_model_of_the_same_classes)
{
    AppState s;
    shipped_like(&s);
    app_select_model(&s, 0); /* mnist-cnn: the seed */
    CHECK(app_compare_model(&s) == 2);
    app_select_model(&s, 1); /* mnist-mlp: the seed */
    CHECK(app_compare_model(&s) == 2);
    app_select_model(&s, 2); /* the seed itself: the best other reader of digits, the CNN */
    CHECK(app_compare_model(&s) == 0);
    app_select_model(&s, 3); /* fashion-cnn: the other model of clothes */
    CHECK(app_compare_model(&s) == 5);
    app_select_model(&s, 5);
    CHECK(app_compare_model(&s) == 3);
    app_select_model(&s, 4); /* the one that failed: nothing to compare */
    CHECK(app_compare_model(&s) == -1);
    CHECK(app_compare_count(&s) == 0);
    app_select_model(&s, 0);
    CHECK(app_compare_count(&s) == 2); /* mnist-mlp and mnist-seed */
    CHECK(app_compare_can(&s, 1) && app_compare_can(&s, 2));
    CHECK(!app_compare_can(&s, 0) && !app_compare_can(&s, 3) && !app_compare_can(&s, 4));
    CHECK(!app_compare_can(&s, 5) && !app_compare_can(&s, 6) && !app_compare_can(&s, -1));
    app_free(&s);
}

TEST(stepping_goes_through_the_models_of_the_same_classes_and_skips_the_rest)
{
    AppState s;
    shipped_like(&s);
    app_select_model(&s, 0);
    app_show_view(&s, LAYOUT_VIEW_COMPARE);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.compare.model == 2);
    CHECK(app_compare_step(&s, +1) == 1); /* past fashion-cnn, broken, fashion-mlp, the active */
    CHECK(app_compare_model(&s) == 1 && s.needs_update);
    CHECK(strstr(s.message, "mnist-mlp") != NULL);
    app_update(&s);
    CHECK(s.compare.model == 1 && s.compare.n_probs == 10);
    CHECK(app_compare_step(&s, +1) == 1 && app_compare_model(&s) == 2);
    CHECK(app_compare_step(&s, -1) == 1 && app_compare_model(&s) == 1);
    CHECK(app_compare_step(&s, -1) == 1 && app_compare_model(&s) == 2);
    /* the pick stays while it can be compared: another active model keeps it */
    app_compare_step(&s, +1); /* mnist-mlp */
    app_select_model(&s, 2);
    CHECK(app_compare_model(&s) == 1);
    app_select_model(&s, 1); /* the pick is now the active one: the default again */
    CHECK(app_compare_model(&s) == 2);
    /* the skipped ones, said in words */
    char why[400];
    app_compare_skipped(&s, why, sizeof why);
    CHECK(strstr(why, "fashion-cnn") && strstr(why, "fashion-mlp") && strstr(why, "other classes"));
    CHECK(strstr(why, "broken") && strstr(why, "could not be loaded"));
    /* fashion-cnn has one model to compare with: stepping stays on it, and says so */
    app_select_model(&s, 3);
    s.needs_update = 0;
    CHECK(app_compare_step(&s, +1) == 0 && app_compare_model(&s) == 5 && !s.needs_update);
    CHECK(strstr(s.message, "fashion-mlp") != NULL);
    app_free(&s);
}

TEST(with_no_model_of_the_same_classes_the_view_says_why)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, named("fashion-cnn", 0.9f, 1), "", NULL);
    app_add_model(&s, named("mnist-cnn", 0.99f, 0), "", NULL);
    app_add_model(&s, NULL, "broken.json", "broken.json: not a model");
    app_select_model(&s, 0);
    app_show_view(&s, LAYOUT_VIEW_COMPARE);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.n_probs == 10 && s.compare.model == -1 && s.compare.n_probs == 0);
    CHECK(app_compare_step(&s, +1) == 0);
    char why[400];
    app_compare_skipped(&s, why, sizeof why);
    CHECK(strstr(why, "mnist-cnn") && strstr(why, "other classes") && strstr(why, "broken"));
    CHECK(strstr(s.message, "mnist-cnn") != NULL); /* the step said why */
    app_free(&s);
}

int main(void)
{
    RUN(the_second_models_probabilities_are_what_it_gives_alone_to_the_bit);
    RUN(the_default_is_the_seed_network_else_the_best_model_of_the_same_classes);
    RUN(stepping_goes_through_the_models_of_the_same_classes_and_skips_the_rest);
    RUN(with_no_model_of_the_same_classes_the_view_says_why);
    return test_main_result();
}
