/* test_draw_refusal.c - the drawing app's "not a digit" answer, without SDL: the words in the
 * panel and the window title for a model of digits and for one of other classes.
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

int main(void)
{
    RUN(a_refused_answer_says_not_a_digit_in_the_panel_and_the_title);
    return test_main_result();
}
