/* test_draw_challenge.c - challenge mode (app_challenge.h) without a display: each prompt's
 * check against hand-made probabilities, the prompts' variety, the round's clock (a fake one),
 * the teacher's confirmation, the score table of two teams taking turns, closing and opening.
 */
#include <math.h>
#include <string.h>

#include "draw/app_challenge.h"
#include "draw_test.h"

/* Ten probabilities: `top` at p, `second` at q, the rest sharing what is left. */
static void probs_of(float *probs, int top, float p, int second, float q)
{
    float rest = (1.0f - p - q) / 8.0f;
    for (int i = 0; i < 10; i++)
        probs[i] = i == top ? p : i == second ? q : rest;
}

TEST(each_prompt_is_met_exactly_when_the_answer_says_so)
{
    float pr[10];
    AppChallengePrompt fool = {APP_CH_FOOL, 7, 1, 0.0f};
    probs_of(pr, 1, 0.63f, 7, 0.30f);
    CHECK(app_challenge_judge(&fool, pr, 10, 0, 80.0f) == APP_CH_ASK); /* a person confirms */
    CHECK(app_challenge_judge(&fool, pr, 10, 1, 80.0f) == APP_CH_NOT_YET); /* refused */
    probs_of(pr, 1, 0.45f, 7, 0.40f);
    CHECK(app_challenge_judge(&fool, pr, 10, 0, 80.0f) == APP_CH_NOT_YET); /* under 50 % */
    probs_of(pr, 7, 0.9f, 1, 0.05f);
    CHECK(app_challenge_judge(&fool, pr, 10, 0, 80.0f) == APP_CH_NOT_YET);

    AppChallengePrompt fifty = {APP_CH_FIFTY, 3, 8, 0.0f};
    probs_of(pr, 8, 0.46f, 3, 0.40f); /* 6 points apart, 86 % together */
    CHECK(app_challenge_judge(&fifty, pr, 10, 0, 80.0f) == APP_CH_MET);
    CHECK(app_challenge_judge(&fifty, pr, 10, 1, 80.0f) == APP_CH_MET); /* refused or not */
    probs_of(pr, 3, 0.55f, 8, 0.40f); /* 15 apart */
    CHECK(app_challenge_judge(&fifty, pr, 10, 0, 80.0f) == APP_CH_NOT_YET);
    probs_of(pr, 3, 0.36f, 8, 0.30f); /* close, but together only 66 % */
    CHECK(app_challenge_judge(&fifty, pr, 10, 0, 80.0f) == APP_CH_NOT_YET);
    probs_of(pr, 3, 0.45f, 5, 0.40f); /* the second is not 8 */
    CHECK(app_challenge_judge(&fifty, pr, 10, 0, 80.0f) == APP_CH_NOT_YET);

    AppChallengePrompt sure = {APP_CH_SURE, 4, -1, 0.0f};
    probs_of(pr, 4, 0.995f, 9, 0.004f);
    CHECK(app_challenge_judge(&sure, pr, 10, 0, 80.0f) == APP_CH_MET);
    probs_of(pr, 4, 0.98f, 9, 0.01f);
    CHECK(app_challenge_judge(&sure, pr, 10, 0, 80.0f) == APP_CH_NOT_YET);

    AppChallengePrompt ink = {APP_CH_LESS_INK, 0, -1, 40.0f};
    probs_of(pr, 0, 0.7f, 6, 0.2f);
    CHECK(app_challenge_judge(&ink, pr, 10, 0, 39.5f) == APP_CH_MET);
    CHECK(app_challenge_judge(&ink, pr, 10, 0, 40.5f) == APP_CH_NOT_YET);
    CHECK(app_challenge_judge(&ink, pr, 10, 1, 39.5f) == APP_CH_NOT_YET);

    AppChallengePrompt unsure = {APP_CH_UNSURE, -1, -1, 0.0f};
    probs_of(pr, 2, 0.39f, 3, 0.30f);
    CHECK(app_challenge_judge(&unsure, pr, 10, 0, 80.0f) == APP_CH_MET);
    CHECK(app_challenge_judge(&unsure, pr, 10, 0, 12.0f) == APP_CH_NOT_YET); /* a dab */
    probs_of(pr, 2, 0.41f, 3, 0.30f);
    CHECK(app_challenge_judge(&unsure, pr, 10, 0, 80.0f) == APP_CH_NOT_YET);
    /* no answer yet (too little ink): never met */
    CHECK(app_challenge_judge(&unsure, pr, 0, 0, 0.0f) == APP_CH_NOT_YET);
}

TEST(prompts_come_in_every_kind_with_two_different_classes)
{
    AppChallenge a, b;
    memset(&a, 0, sizeof a);
    nn_rng_seed(&a.rng, 42);
    for (int k = 0; k < APP_CH_KINDS; k++)
        a.order[k] = k;
    nn_rng_shuffle(&a.rng, a.order, APP_CH_KINDS);
    b = a;
    for (int round = 0; round < 4; round++) {
        int seen[APP_CH_KINDS] = {0};
        for (int k = 0; k < APP_CH_KINDS; k++) {
            AppChallengePrompt p = app_challenge_make(&a, 10), q = app_challenge_make(&b, 10);
            CHECK(memcmp(&p, &q, sizeof p) == 0); /* the same seed, the same prompts */
            seen[p.kind]++;
            if (p.kind == APP_CH_FOOL || p.kind == APP_CH_FIFTY)
                CHECK(p.a >= 0 && p.a < 10 && p.b >= 0 && p.b < 10 && p.a != p.b);
            if (p.kind == APP_CH_SURE || p.kind == APP_CH_LESS_INK)
                CHECK(p.a >= 0 && p.a < 10 && p.b == -1);
            if (p.kind == APP_CH_LESS_INK)
                CHECK(p.ink_max >= 40.0f && p.ink_max <= 70.0f);
        }
        for (int k = 0; k < APP_CH_KINDS; k++)
            CHECK(seen[k] == 1); /* every kind once in every five rounds */
    }
    /* a model of other classes: any two different ones */
    for (int k = 0; k < 20; k++) {
        AppChallengePrompt p = app_challenge_make(&a, 3);
        CHECK(p.a < 3 && p.b < 3 && (p.b < 0 || p.a != p.b));
    }
}

/* An app with a model, the mode opened at `now`: a round running for team 1. */
static AppChallenge *open_mode(AppState *s, double now)
{
    app_with_model(s, flat_model("flat", 0.9f));
    draw_bar(s, 12.0f);
    app_update(s);
    CHECK(app_challenge_next(s, now, 5) == 1);
    AppChallenge *c = s->challenge;
    CHECK(c && c->state == APP_CH_RUNNING && c->team == 0 && c->round == 1);
    CHECK(s->view == LAYOUT_VIEW_CHALLENGE);
    return c;
}

/* Fakes the network's answer: the probabilities, and (for LESS_INK) the canvas's ink. */
static void answer(AppState *s, int top, float p, int second, float q, float ink)
{
    probs_of(s->probs, top, p, second, q);
    s->n_probs = 10;
    s->top = top;
    s->second = second;
    s->verdict = APP_SURE;
    memset(s->grid, 0, sizeof s->grid);
    for (int i = 0; ink > 0.0f && i < APP_PIXELS; i++, ink -= 1.0f)
        s->grid[i] = ink >= 1.0f ? 1.0f : ink;
}

/* The answer that meets prompt p. */
static void meet(AppState *s, const AppChallengePrompt *p)
{
    switch (p->kind) {
    case APP_CH_FIFTY: answer(s, p->a, 0.45f, p->b, 0.42f, 80.0f); break;
    case APP_CH_SURE: answer(s, p->a, 0.995f, (p->a + 1) % 10, 0.003f, 80.0f); break;
    case APP_CH_LESS_INK: answer(s, p->a, 0.8f, (p->a + 1) % 10, 0.1f, p->ink_max - 5.0f); break;
    case APP_CH_UNSURE: answer(s, 2, 0.3f, 3, 0.25f, 80.0f); break;
    default: answer(s, p->b, 0.8f, p->a, 0.1f, 80.0f); break;
    }
}

TEST(a_round_starts_on_a_clear_canvas_and_its_clock_runs_out)
{
    AppState s;
    AppChallenge *c = open_mode(&s, 1000.0);
    CHECK(s.drawing.n == 0 && s.n_undo > 0); /* cleared, undoably */
    int limit = (int)(c->limit_ms / 1000.0f);
    CHECK(limit == APP_CHALLENGE_SECONDS || limit == APP_CHALLENGE_FOOL_SECONDS);
    CHECK(app_challenge_seconds_left(&s) == limit);
    CHECK(app_challenge_tick(&s, 1000.0 + 10500.0) == 1);
    CHECK(app_challenge_seconds_left(&s) == limit - 10);
    CHECK(app_challenge_tick(&s, 1000.0 + 10600.0) == 0); /* the same second: nothing new */
    CHECK(app_challenge_running(&s));
    app_challenge_tick(&s, 1000.0 + 1000.0 * limit + 1.0);
    CHECK(c->state == APP_CH_LOST && !c->skipped && app_challenge_seconds_left(&s) == 0);
    CHECK(c->teams[0].rounds == 1 && c->teams[0].won == 0 && c->teams[0].points == 0);
    CHECK(c->teams[0].time_ms == c->limit_ms);
    char status[160];
    app_challenge_status(&s, status, sizeof status);
    CHECK(strcmp(status, "Time's up: no points") == 0);
    /* time passing between rounds counts for nobody */
    app_challenge_tick(&s, 1e7);
    CHECK(c->teams[0].time_ms == c->limit_ms);
    app_free(&s);
}

TEST(two_teams_take_turns_and_score_for_the_time_left)
{
    AppState s;
    AppChallenge *c = open_mode(&s, 0.0);
    double now = 0.0;
    int expected[2] = {0, 0};
    for (int round = 0; round < 6; round++) {
        CHECK(c->team == round % 2 && c->round == round + 1);
        now += 12000.0; /* 12 s to meet it */
        app_challenge_tick(&s, now);
        meet(&s, &c->prompt);
        app_challenge_check(&s);
        if (c->prompt.kind == APP_CH_FOOL) { /* the network calls it so: the teacher says */
            CHECK(c->state == APP_CH_CONFIRM);
            float used = c->elapsed_ms;
            app_challenge_tick(&s, now + 30000.0); /* the clock waits for the teacher */
            now += 30000.0;
            CHECK(c->elapsed_ms == used && app_challenge_seconds_left(&s) > 0);
            CHECK(app_challenge_confirm(&s, 0) == 1 && c->state == APP_CH_RUNNING);
            app_challenge_check(&s);
            CHECK(c->state == APP_CH_CONFIRM);
            CHECK(app_challenge_confirm(&s, 1) == 1);
        }
        CHECK(c->state == APP_CH_WON);
        int left = (int)(c->limit_ms / 1000.0f) - 12;
        CHECK(c->last_points == APP_CHALLENGE_POINTS + left / 5);
        expected[round % 2] += c->last_points;
        CHECK(app_challenge_confirm(&s, 1) == 0); /* nothing to confirm now */
        CHECK(app_challenge_next(&s, now, 0) == 1);
    }
    CHECK(c->teams[0].points == expected[0] && c->teams[1].points == expected[1]);
    CHECK(c->teams[0].won == 3 && c->teams[1].won == 3);
    CHECK(c->teams[0].rounds == 4 && c->teams[1].rounds == 3); /* the 7th round is running */
    CHECK(fabsf(c->teams[0].time_ms - 3 * 12000.0f) < 1.0f);
    /* Q during a round skips it: no points, the other team's turn */
    int team = c->team;
    CHECK(app_challenge_next(&s, now + 1000.0, 0) == 1);
    CHECK(c->team != team && c->teams[team].points == expected[team]);
    app_free(&s);
}

/* The answer is judged when a stroke ends, not on the way: a stroke's first points, read as
 * unsure (or as anything), win nothing until the pen lifts. */
TEST(a_round_is_judged_when_a_stroke_ends)
{
    AppState s;
    AppChallenge *c = open_mode(&s, 0.0);
    c->prompt = (AppChallengePrompt){APP_CH_SURE, 7, -1, 0.0f};
    app_pen_down(&s, 5.0f, 5.0f, 0);
    app_pen_move(&s, 9.0f, 5.0f);
    app_update(&s);
    answer(&s, 7, 0.999f, 1, 0.0005f, 80.0f); /* as if it read a 7 half-way */
    app_challenge_check(&s);
    CHECK(c->state == APP_CH_RUNNING);
    app_pen_up(&s);
    CHECK(s.needs_update); /* the stroke's end reads the drawing again */
    app_challenge_check(&s); /* the same answer, the stroke over */
    CHECK(c->state == APP_CH_WON);
    app_free(&s);
}

TEST(closing_keeps_the_table_and_q_opens_it_again)
{
    AppState s;
    AppChallenge *c = open_mode(&s, 0.0);
    app_show_view(&s, LAYOUT_VIEW_SOFTMAX); /* a view the user had ... */
    CHECK(s.view == LAYOUT_VIEW_SOFTMAX);
    CHECK(app_challenge_next(&s, 100.0, 0) == 0); /* ... Q shows the round again, not a new one */
    CHECK(s.view == LAYOUT_VIEW_CHALLENGE && c->round == 1 && app_challenge_running(&s));
    meet(&s, &c->prompt);
    app_challenge_check(&s);
    app_challenge_confirm(&s, 1);
    CHECK(c->state == APP_CH_WON);
    int points = c->teams[0].points;
    CHECK(app_challenge_close(&s) == 1 && s.view == LAYOUT_VIEW_SOFTMAX);
    CHECK(app_challenge_close(&s) == 0);
    CHECK(app_challenge_next(&s, 5000.0, 0) == 1 && s.view == LAYOUT_VIEW_CHALLENGE);
    CHECK(c->team == 1 && c->teams[0].points == points);
    /* Esc with a round running: it is skipped, and the table kept */
    CHECK(app_challenge_close(&s) == 1 && c->state == APP_CH_LOST && c->skipped);
    CHECK(c->teams[1].rounds == 1 && c->teams[1].points == 0);
    app_free(&s);
}

TEST(prompts_and_status_read_as_sentences)
{
    AppState s;
    AppChallenge *c = open_mode(&s, 0.0);
    char buf[200];
    AppChallengePrompt p = {APP_CH_FOOL, 7, 8, 0.0f};
    app_challenge_prompt_text(&s, &p, buf, sizeof buf);
    CHECK(strcmp(buf, "Draw a 7 that the network calls an 8") == 0);
    p = (AppChallengePrompt){APP_CH_FIFTY, 3, 8, 0.0f};
    app_challenge_prompt_text(&s, &p, buf, sizeof buf);
    CHECK(strcmp(buf, "Make it 50/50 between 3 and 8") == 0);
    p = (AppChallengePrompt){APP_CH_LESS_INK, 0, -1, 40.0f};
    app_challenge_prompt_text(&s, &p, buf, sizeof buf);
    CHECK(strcmp(buf, "Make it read a 0 with less ink than 40 squares") == 0);
    c->prompt = p;
    answer(&s, 0, 0.7f, 6, 0.2f, 52.0f);
    app_challenge_status(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "It says: 0 70.0%, 6 20.0% \xc2\xb7 ink 52 squares") == 0);
    app_free(&s);
}

int main(void)
{
    RUN(each_prompt_is_met_exactly_when_the_answer_says_so);
    RUN(prompts_come_in_every_kind_with_two_different_classes);
    RUN(a_round_starts_on_a_clear_canvas_and_its_clock_runs_out);
    RUN(two_teams_take_turns_and_score_for_the_time_left);
    RUN(a_round_is_judged_when_a_stroke_ends);
    RUN(closing_keeps_the_table_and_q_opens_it_again);
    RUN(prompts_and_status_read_as_sentences);
    return test_main_result();
}
