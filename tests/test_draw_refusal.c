/* test_draw_refusal.c - the drawing app's "not a digit" answer, without SDL: the words in the
 * panel and the window title for a model of digits and for one of other classes, a model with
 * a refusal rule refusing a drawing and naming the next, the same model without a rule, and
 * the rule in words for the help.
 */
#include <stdio.h>
#include <string.h>

#include "draw_test.h"

/* Names the classes of the active model as Fashion-MNIST's clothes. */
static void name_clothes(AppState *s)
{
    static const char *names[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    for (int i = 0; i < 10; i++)
        snprintf(app_model(s)->info.labels[i], NN_LABEL_LEN, "%s", names[i]);
}

TEST(a_refused_answer_says_not_a_digit_in_the_panel_and_the_title)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    /* however sure the top class would be: the model declined to name it */
    s.n_probs = 10;
    s.probs[4] = 0.97f;
    s.probs[9] = 0.03f;
    app_classify(s.probs, 10, &s.top, &s.second);
    s.verdict = APP_REFUSED;
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "That doesn't look like a digit") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 not a digit") == 0);

    /* a model of other classes declines them all */
    name_clothes(&s);
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "None of these classes") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 none of these classes") == 0);
    app_free(&s);
}

/* A model that reads the canvas as drawn and is sure of a 3 only for ink on the left half:
 * a bar on the right leaves every class at 10 %. */
static NnModel *left_is_three(float refuse_below)
{
    NnModel *m = flat_model("left", 0.9f);
    if (!m)
        return NULL;
    m->info.preprocess = NN_PREP_NONE;
    m->info.in_scale = 1.0f / 255.0f;
    m->info.in_offset = 0.0f;
    for (int y = 0; y < APP_SIDE; y++)
        for (int x = 0; x < APP_SIDE / 2; x++)
            m->layers[0].weight[3 * APP_PIXELS + y * APP_SIDE + x] = 1.0f;
    m->info.refuse_below = refuse_below;
    return m;
}

/* An app with left_is_three(refuse_below) as its model and a bar drawn right of the middle,
 * read by the model. */
static void read_a_bar_on_the_right(AppState *s, float refuse_below)
{
    app_init(s);
    app_add_model(s, left_is_three(refuse_below), "left.json", NULL);
    app_select_best(s);
    draw_bar(s, 22.0f);
    app_update(s);
}

TEST(a_model_with_a_rule_refuses_what_no_class_reaches_and_names_a_digit_again)
{
    AppState s;
    read_a_bar_on_the_right(&s, 0.5f);
    CHECK(s.verdict == APP_REFUSED);
    /* the bars stay: every probability and the two leading classes */
    CHECK(s.n_probs == 10);
    CHECK_NEAR(s.probs[3], 0.1, 1e-5);
    CHECK(s.top >= 0 && s.second >= 0);
    char buf[256];
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 not a digit") == 0);

    /* a drawing the model reads: the words go at once */
    app_clear(&s);
    draw_bar(&s, 6.0f);
    app_update(&s);
    CHECK(s.verdict == APP_SURE && s.top == 3);
    app_title(&s, buf, sizeof buf);
    const char *three = "scratchnet-draw \xe2\x80\x94 3 (";
    CHECK(strncmp(buf, three, strlen(three)) == 0);

    /* too little ink is still too little ink, whatever the rule */
    app_clear(&s);
    app_brush_step(&s, -100);
    app_pen_down(&s, 22.0f, 14.0f, 0);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_TOO_LITTLE);
    app_free(&s);
}

TEST(without_a_rule_the_same_drawing_reads_as_before)
{
    AppState s;
    read_a_bar_on_the_right(&s, 0.0f);
    CHECK(s.verdict == APP_UNSURE); /* every class 10 %: not sure, as without refusals */
    char buf[256];
    app_title(&s, buf, sizeof buf);
    const char *unsure = "scratchnet-draw \xe2\x80\x94 not sure: ";
    CHECK(strncmp(buf, unsure, strlen(unsure)) == 0);
    app_free(&s);
}

TEST(the_rule_in_words_names_the_models_threshold)
{
    AppState s;
    app_init(&s);
    char buf[256];
    app_refusal_rule(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "said when no digit reaches the model's threshold") == 0);
    app_add_model(&s, left_is_three(0.42f), "left.json", NULL);
    app_select_best(&s);
    app_refusal_rule(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "no digit reaches 42%") == 0);
    app_refusal_help(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Not a digit: no digit reaches 42%") == 0);
    const struct {
        float below;
        const char *rule;
    } rules[] = {
        {0.999f, "no digit reaches 99.9%"},
        {0.1234f, "no digit reaches 12.34%"},
        {1.0f, "no digit reaches 100%"},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        app_model(&s)->info.refuse_below = rules[i].below;
        app_refusal_rule(&s, buf, sizeof buf);
        CHECK(strcmp(buf, rules[i].rule) == 0);
    }
    app_model(&s)->info.refuse_below = 0.0f;
    app_refusal_help(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Not a digit: this model has no threshold, so it always names a digit") == 0);

    name_clothes(&s);
    app_model(&s)->info.refuse_below = 0.42f;
    app_refusal_help(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "None of these classes: no class reaches 42%") == 0);
    app_free(&s);
}

int main(void)
{
    RUN(a_refused_answer_says_not_a_digit_in_the_panel_and_the_title);
    RUN(a_model_with_a_rule_refuses_what_no_class_reaches_and_names_a_digit_again);
    RUN(without_a_rule_the_same_drawing_reads_as_before);
    RUN(the_rule_in_words_names_the_models_threshold);
    return test_main_result();
}
