/* test_model_refusal.c - a model's refusal rule ("none of these classes" below a top probability
 * stored in its file): read with and without it, every wrong value refused with a message naming
 * the file and the field, written only when there is a rule and read back to the same bits, the
 * one decision at, just below and above the threshold, and the share of the test set refused in
 * the training record.
 */
#include <math.h>
#include <string.h>

#include "ink/classify.h"
#include "model_files.h"
#include "test.h"

/* The tiny model with a rule: refuse below a top probability of 0.6. */
#define REFUSAL_LINE                                                                               \
    "  \"refusal\": {\"rule\": \"top-probability\", \"below\": 0.6, "                              \
    "\"chosen\": \"held-out digits and made non-digits\"},\n"

static char *tiny_with_rule(void)
{
    return replace_once(tiny_json, "\"dog\"],\n", "\"dog\"],\n" REFUSAL_LINE);
}

TEST(a_model_without_a_rule_refuses_nothing)
{
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->info.refuse_below == 0.0f && m->info.refuse_chosen[0] == '\0');
    CHECK(m->info.train.test_refused == -1.0f); /* not recorded */
    const float uniform[2] = {0.5f, 0.5f};
    CHECK(nn_model_refuses(m, uniform) == 0);
    nn_model_free(m);
}

TEST(a_model_with_a_rule_reads_its_threshold_and_how_it_was_chosen)
{
    char *text = tiny_with_rule();
    CHECK(text != NULL);
    SnError err = {0};
    NnModel *m = text ? nn_model_from_json(text, "rule.json", &err) : NULL;
    if (!m)
        printf("  %s\n", err.msg);
    CHECK(m != NULL);
    if (m) {
        CHECK(m->info.refuse_below == 0.6f);
        CHECK(strcmp(m->info.refuse_chosen, "held-out digits and made non-digits") == 0);
    }
    nn_model_free(m);
    free(text);
    /* "chosen" may be left out */
    char *bare = replace_once(tiny_json, "\"dog\"],\n",
                              "\"dog\"],\n  \"refusal\": {\"rule\": \"top-probability\", "
                              "\"below\": 1},\n");
    m = bare ? nn_model_from_json(bare, "bare.json", NULL) : NULL;
    CHECK(m != NULL && m->info.refuse_below == 1.0f && m->info.refuse_chosen[0] == '\0');
    nn_model_free(m);
    free(bare);
}

/* The decision: refused when the largest probability is below the threshold; at it, not. */
TEST(the_decision_refuses_just_below_the_threshold_and_not_at_or_above_it)
{
    char *text = tiny_with_rule();
    NnModel *m = text ? nn_model_from_json(text, "rule.json", NULL) : NULL;
    CHECK(m != NULL);
    free(text);
    if (!m)
        return;
    const float at[2] = {0.4f, 0.6f};
    const float below[2] = {nextafterf(0.6f, 0.0f), 0.4f};
    const float above[2] = {0.3f, 0.7f};
    CHECK(nn_model_refuses(m, at) == 0);
    CHECK(nn_model_refuses(m, below) == 1);
    CHECK(nn_model_refuses(m, above) == 0);
    /* every count of refusals asks the same decision through the answer */
    InkAnswer a = {.top = 0, .n_classes = 2, .probs = {below[0], below[1]}};
    CHECK(ink_answer_refused(m, &a) == 1);
    a.probs[0] = 0.3f, a.probs[1] = 0.7f, a.top = 1;
    CHECK(ink_answer_refused(m, &a) == 0);
    /* an answer that is not there is never refused */
    InkAnswer none = {.top = -1, .n_classes = 0};
    CHECK(ink_answer_refused(m, &none) == 0);
    m->info.refuse_below = 0.0f; /* no rule */
    CHECK(nn_model_refuses(m, below) == 0);
    nn_model_free(m);
}

/* The verdict: none of these classes when refused, else not sure below INK_UNSURE_BELOW, else the
 * class; the bounds are the app's words' bounds too. */
TEST(the_verdict_is_none_when_refused_unsure_below_the_bound_else_the_class)
{
    CHECK(INK_CONFIDENT_FROM == 0.9f && INK_UNSURE_BELOW == 0.5f);
    CHECK(INK_VERDICT_CLASS == 0 && INK_VERDICT_UNSURE == 1 && INK_VERDICT_NONE == 2);
    CHECK(strcmp(ink_verdict_name(INK_VERDICT_CLASS), "class") == 0);
    CHECK(strcmp(ink_verdict_name(INK_VERDICT_UNSURE), "unsure") == 0);
    CHECK(strcmp(ink_verdict_name(INK_VERDICT_NONE), "none") == 0);
    NnModel *tiny = nn_model_from_json(tiny_json, "tiny.json", NULL); /* cat and dog */
    CHECK(tiny && !ink_reads_digits(tiny));
    CHECK(tiny && strcmp(ink_none_words(tiny), "none of these classes") == 0);
    nn_model_free(tiny);
    NnModel *m = make_model("4,10:softmax", 1); /* labels "0" to "9" */
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(ink_reads_digits(m) && strcmp(ink_none_words(m), "not a digit") == 0);
    InkAnswer a = {.top = 1, .n_classes = 10};
    const struct {
        float top, below; /* the top probability, the model's threshold (0: no rule) */
        InkVerdict verdict;
    } cases[] = {
        {0.5f, 0.0f, INK_VERDICT_CLASS},
        {nextafterf(0.5f, 0.0f), 0.0f, INK_VERDICT_UNSURE},
        {0.99f, 0.0f, INK_VERDICT_CLASS},
        {0.7f, 0.6f, INK_VERDICT_CLASS},
        {0.6f, 0.6f, INK_VERDICT_CLASS},
        {nextafterf(0.6f, 0.0f), 0.6f, INK_VERDICT_NONE},
        {0.55f, 1.0f, INK_VERDICT_NONE},
        {nextafterf(0.5f, 0.0f), 0.3f, INK_VERDICT_UNSURE}, /* not sure, yet not refused */
        {0.45f, 0.5f, INK_VERDICT_NONE},                    /* refusal comes first */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        m->info.refuse_below = cases[k].below;
        for (int c = 0; c < 10; c++) /* the rest shared out: each below the top */
            a.probs[c] = c == 1 ? cases[k].top : (1.0f - cases[k].top) / 9.0f;
        InkVerdict v = ink_answer_verdict(m, &a);
        if (v != cases[k].verdict)
            printf("  case %zu: top %.9g below %g: verdict %d, expected %d\n", k,
                   (double)cases[k].top, (double)cases[k].below, (int)v, (int)cases[k].verdict);
        CHECK(v == cases[k].verdict);
    }
    nn_model_free(m);
}

typedef struct BadRule {
    const char *from, *to; /* the edit that breaks the file with a rule */
    const char *expect;    /* the field and what is wrong with it */
} BadRule;

static const BadRule bad_rules[] = {
    {"{\"rule\": \"top-probability\", \"below\": 0.6, \"chosen\": \"held-out digits and made "
     "non-digits\"}",
     "0.6", "refusal: expected an object, got a number"},
    {"\"rule\": \"top-probability\", ", "", "refusal: missing \"rule\""},
    {"\"top-probability\"", "\"energy\"",
     "refusal.rule: \"energy\" is not a rule this program knows (\"top-probability\")"},
    {"\"top-probability\"", "7", "refusal.rule: expected a string, got a number"},
    {"\"below\": 0.6, ", "", "refusal: missing \"below\""},
    {"0.6", "0", "refusal.below: 0 is not a probability in (0, 1]"},
    {"0.6", "-0.25", "refusal.below: -0.25 is not a probability in (0, 1]"},
    {"0.6", "1.5", "refusal.below: 1.5 is not a probability in (0, 1]"},
    {"0.6", "\"0.6\"", "refusal.below: expected a number, got a string"},
    {"0.6", "null", "refusal.below: not a finite number"},
    {"0.6", "1e999", "refusal.below: not a finite number"},
    {"\"held-out digits and made non-digits\"", "7",
     "refusal.chosen: expected a string, got a number"},
    {"\"held-out digits and made non-digits\"", "\"h\xffld\"",
     "refusal.chosen: not valid UTF-8 text"},
    {"\"refusal\": {", "\"refusal\": {}, \"refusal\": {", "key \"refusal\" appears twice"},
    {"\"test_accuracy\": 0.75", "\"test_accuracy\": 0.75, \"test_refused\": 1.5",
     "training.test_refused: 1.5 is not a fraction in [0, 1]"},
    {"\"test_accuracy\": 0.75", "\"test_accuracy\": 0.75, \"test_refused\": true",
     "training.test_refused: expected a number, got a boolean"},
};

TEST(every_wrong_rule_is_refused_in_one_line_naming_the_file_and_field)
{
    char *base = tiny_with_rule();
    CHECK(base != NULL);
    if (!base)
        return;
    char path[1024];
    path_in_dir(path, sizeof path, "bad-rule.json");
    for (size_t k = 0; k < sizeof bad_rules / sizeof bad_rules[0]; k++) {
        const BadRule *c = &bad_rules[k];
        char *text = replace_once(base, c->from, c->to);
        if (!text) {
            printf("  case %zu: \"%s\" is not in the file exactly once\n", k, c->from);
            CHECK(text != NULL);
            continue;
        }
        CHECK(write_file(path, text, strlen(text)) == 0);
        SnError err = {0};
        NnModel *m = nn_model_load(path, &err);
        int ok = m == NULL && err.code == SN_E_FORMAT && strstr(err.msg, path) == err.msg &&
                 strstr(err.msg, c->expect) != NULL && strchr(err.msg, '\n') == NULL;
        if (!ok)
            printf("  case %zu: expected \"%s\"\n           got code %d \"%s\"\n", k, c->expect,
                   err.code, err.msg);
        else
            printf("  %s\n", err.msg);
        CHECK(ok);
        nn_model_free(m);
        free(text);
    }
    /* a "chosen" longer than the 255 bytes it may have is refused, not cut */
    char chosen[300], to[320];
    memset(chosen, 'x', 256);
    chosen[256] = '\0';
    snprintf(to, sizeof to, "\"%s\"", chosen);
    char *text = replace_once(base, "\"held-out digits and made non-digits\"", to);
    SnError err = {0};
    NnModel *m = text ? nn_model_from_json(text, "long.json", &err) : NULL;
    CHECK(m == NULL && strstr(err.msg, "long.json: refusal.chosen: 256 bytes long") == err.msg);
    nn_model_free(m);
    free(text);
    free(base);
}

/* Written only when there is a rule, after the labels; the threshold, the words and the share
 * refused read back to the same bits, and saving again gives the same bytes. */
TEST(a_rule_is_written_only_when_there_is_one_and_reads_back_exactly)
{
    NnModel *a = make_model("1x28x28,16:relu,10:softmax", 3);
    CHECK(a != NULL);
    if (!a)
        return;
    char *plain = nn_model_to_json(a, NULL);
    CHECK(plain && !strstr(plain, "refusal") && !strstr(plain, "test_refused"));
    free(plain);
    a->info.refuse_below = 0.1f; /* not exact in decimal */
    snprintf(a->info.refuse_chosen, sizeof a->info.refuse_chosen,
             "the 99.5th percentile of \"held-out\" digits \\ é");
    a->info.train.test_refused = 0.0012f;
    char pa[1024], pb[1024];
    path_in_dir(pa, sizeof pa, "rule-a.json");
    path_in_dir(pb, sizeof pb, "rule-b.json");
    SnError err = {0};
    CHECK(nn_model_save(pa, a, &err) == 0);
    NnModel *b = nn_model_load(pa, &err);
    if (!b)
        printf("  %s\n", err.msg);
    CHECK(b != NULL);
    if (b) {
        CHECK(memcmp(&a->info.refuse_below, &b->info.refuse_below, sizeof(float)) == 0);
        CHECK(strcmp(a->info.refuse_chosen, b->info.refuse_chosen) == 0);
        CHECK(memcmp(&a->info.train.test_refused, &b->info.train.test_refused, sizeof(float)) == 0);
        CHECK(nn_model_save(pb, b, &err) == 0);
        char *fa = read_file(pa, NULL), *fb = read_file(pb, NULL);
        CHECK(fa && fb && strcmp(fa, fb) == 0);
        const char *labels = fa ? strstr(fa, "\n  \"labels\": ") : NULL;
        const char *rule = fa ? strstr(fa, "\n  \"refusal\": {\"rule\": \"top-probability\", "
                                           "\"below\": 0.1, \"chosen\": ")
                              : NULL;
        const char *layers = fa ? strstr(fa, "\n  \"layers\": ") : NULL;
        CHECK(labels && rule && layers && labels < rule && rule < layers);
        CHECK(fa && strstr(fa, "\"test_accuracy\": -1,\n    \"test_refused\": 0.0012,\n"));
        free(fa);
        free(fb);
    }
    /* a threshold outside (0, 1] cannot be written */
    a->info.refuse_below = 1.5f;
    err = (SnError){0};
    CHECK(nn_model_to_json(a, &err) == NULL && err.code == SN_E_ARG &&
          strstr(err.msg, "refusal.below") == err.msg);
    nn_model_free(a);
    nn_model_free(b);
}

int main(void)
{
    if (make_dir("test_model_refusal") != 0)
        return 1;
    RUN(a_model_without_a_rule_refuses_nothing);
    RUN(a_model_with_a_rule_reads_its_threshold_and_how_it_was_chosen);
    RUN(the_decision_refuses_just_below_the_threshold_and_not_at_or_above_it);
    RUN(the_verdict_is_none_when_refused_unsure_below_the_bound_else_the_class);
    RUN(every_wrong_rule_is_refused_in_one_line_naming_the_file_and_field);
    RUN(a_rule_is_written_only_when_there_is_one_and_reads_back_exactly);
    test_remove_dir(dir);
    return test_main_result();
}
