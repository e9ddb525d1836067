/* app_challenge.c - challenge mode: prompts, the round's clock, the network's answer judged
 * against the prompt, and the teams' score table (see app_challenge.h).
 *
 * A round: RUNNING (its clock runs) -> WON (the answer meets the prompt, or the teacher said
 * yes) or LOST (time up, or skipped); a prompt a person must confirm goes RUNNING -> CONFIRM
 * (the clock stopped) -> WON or back to RUNNING. No SDL, no printing.
 */
#include "draw/app_challenge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/app_internal.h"
#include "draw/app_replay.h"

#define FIFTY_GAP 0.10f  /* the two classes at most this far apart */
#define FIFTY_SUM 0.70f  /* ... and together at least this */
#define SURE_FROM 0.99f  /* "sure": this or more */
#define CALLS_FROM 0.50f /* "calls it a 1": this or more, and not refused */
#define UNSURE_BELOW 0.40f

/* Digit pairs people (and networks) mix up: the "fool it" and 50/50 prompts' classes. */
static const int pairs[][2] = {{7, 1}, {1, 7}, {4, 9}, {9, 4}, {3, 8}, {8, 3}, {5, 6},
                               {6, 5}, {0, 6}, {2, 7}, {3, 5}, {5, 3}, {8, 9}, {2, 3}};
#define N_PAIRS ((int)(sizeof pairs / sizeof pairs[0]))
static const float ink_limits[] = {40.0f, 50.0f, 60.0f, 70.0f};

static AppChallenge *challenge_of(AppState *s, uint64_t seed)
{
    if (!s->challenge) {
        AppChallenge *c = calloc(1, sizeof *c);
        if (!c)
            return NULL;
        nn_rng_seed(&c->rng, seed);
        for (int k = 0; k < APP_CH_KINDS; k++)
            c->order[k] = k;
        nn_rng_shuffle(&c->rng, c->order, APP_CH_KINDS);
        s->challenge = c;
    }
    return s->challenge;
}

const AppChallenge *app_challenge_state(const AppState *s)
{
    return s->challenge;
}

int app_challenge_running(const AppState *s)
{
    return s->challenge && s->challenge->state == APP_CH_RUNNING;
}

AppChallengeMet app_challenge_judge(const AppChallengePrompt *p, const float *probs, int n,
                                    int refused, float ink)
{
    if (n < 2)
        return APP_CH_NOT_YET;
    int second = -1, top = nn_top_class(probs, n, &second);
    switch (p->kind) {
    case APP_CH_FOOL:
        return !refused && top == p->b && probs[top] >= CALLS_FROM ? APP_CH_ASK : APP_CH_NOT_YET;
    case APP_CH_FIFTY: {
        int pair = (top == p->a && second == p->b) || (top == p->b && second == p->a);
        float gap = probs[top] - probs[second], sum = probs[top] + probs[second];
        return pair && gap <= FIFTY_GAP && sum >= FIFTY_SUM ? APP_CH_MET : APP_CH_NOT_YET;
    }
    case APP_CH_SURE:
        return !refused && top == p->a && probs[top] >= SURE_FROM ? APP_CH_MET : APP_CH_NOT_YET;
    case APP_CH_LESS_INK:
        return !refused && top == p->a && probs[top] >= CALLS_FROM && ink < p->ink_max
                   ? APP_CH_MET
                   : APP_CH_NOT_YET;
    case APP_CH_UNSURE: /* with a real drawing, not the first dab of a stroke */
        return probs[top] < UNSURE_BELOW && ink >= APP_CHALLENGE_UNSURE_INK ? APP_CH_MET
                                                                         : APP_CH_NOT_YET;
    default:
        return APP_CH_NOT_YET;
    }
}

AppChallengePrompt app_challenge_make(AppChallenge *c, int n_classes)
{
    if (c->next_kind >= APP_CH_KINDS) { /* every kind once, then a new order */
        nn_rng_shuffle(&c->rng, c->order, APP_CH_KINDS);
        c->next_kind = 0;
    }
    AppChallengePrompt p = {(AppChallengeKind)c->order[c->next_kind++], -1, -1, 0.0f};
    int n = n_classes >= 2 ? n_classes : 10;
    if (p.kind == APP_CH_FOOL || p.kind == APP_CH_FIFTY) {
        if (n == 10) {
            int k = (int)nn_rng_below(&c->rng, N_PAIRS);
            p.a = pairs[k][0];
            p.b = pairs[k][1];
        } else {
            p.a = (int)nn_rng_below(&c->rng, (uint32_t)n);
            p.b = (p.a + 1 + (int)nn_rng_below(&c->rng, (uint32_t)(n - 1))) % n;
        }
    } else if (p.kind != APP_CH_UNSURE) {
        p.a = (int)nn_rng_below(&c->rng, (uint32_t)n);
    }
    if (p.kind == APP_CH_LESS_INK)
        p.ink_max = ink_limits[nn_rng_below(&c->rng, 4)];
    return p;
}

/* Ends the round: won (its points to the team) or lost. */
static void end_round(AppState *s, AppChallenge *c, int won, int skipped)
{
    AppChallengeTeam *t = &c->teams[c->team];
    t->time_ms += c->elapsed_ms;
    c->last_points = 0;
    c->skipped = skipped;
    if (won) {
        float left = c->limit_ms - c->elapsed_ms;
        c->last_points = APP_CHALLENGE_POINTS + (left > 0.0f ? (int)(left / 5000.0f) : 0);
        t->won++;
        t->points += c->last_points;
    }
    c->state = won ? APP_CH_WON : APP_CH_LOST;
    c->serial++;
    s->needs_redraw = 1;
    if (won)
        app_message(s, 0, "Team %d scores %d points! Q: the next round", c->team + 1,
                    c->last_points);
    else
        app_message(s, 0, "%s: no points. Q: the next round", skipped ? "Skipped" : "Time's up");
}

/* Starts the next round: the other team's turn, a new prompt, an empty canvas. */
static void start_round(AppState *s, AppChallenge *c, double now)
{
    c->team = c->round % APP_CHALLENGE_TEAMS;
    c->round++;
    c->prompt = app_challenge_make(c, s->n_probs > 0 ? s->n_probs : 10);
    c->elapsed_ms = 0.0f;
    c->limit_ms = 1000.0f * (float)(c->prompt.kind == APP_CH_FOOL ? APP_CHALLENGE_FOOL_SECONDS
                                                                  : APP_CHALLENGE_SECONDS);
    c->last_tick = now;
    c->state = APP_CH_RUNNING;
    c->teams[c->team].rounds++;
    c->serial++;
    app_clear(s); /* a fresh canvas for the round (undoable) */
    char prompt[160];
    app_challenge_prompt_text(s, &c->prompt, prompt, sizeof prompt);
    app_message(s, 0, "Team %d: %s", c->team + 1, prompt);
    s->needs_update = s->needs_redraw = 1;
}

int app_challenge_next(AppState *s, double now, uint64_t seed)
{
    AppChallenge *c = challenge_of(s, seed);
    if (!c) {
        app_message(s, 1, "out of memory: challenge mode cannot start");
        return 0;
    }
    app_replay_close(s);
    int running = c->state == APP_CH_RUNNING || c->state == APP_CH_CONFIRM;
    if (s->view != LAYOUT_VIEW_CHALLENGE) {
        c->view_before = s->view;
        s->view = LAYOUT_VIEW_CHALLENGE;
        s->needs_update = s->needs_redraw = 1;
        c->serial++;
        if (running) {
            c->last_tick = now; /* the time it was not shown does not count */
            return 0;
        }
    } else if (running) {
        end_round(s, c, 0, 1); /* skipped */
    }
    start_round(s, c, now);
    return 1;
}

int app_challenge_close(AppState *s)
{
    AppChallenge *c = s->challenge;
    if (!c || s->view != LAYOUT_VIEW_CHALLENGE)
        return 0;
    if (c->state == APP_CH_RUNNING || c->state == APP_CH_CONFIRM)
        end_round(s, c, 0, 1);
    s->view = c->view_before;
    c->serial++;
    s->needs_update = s->needs_redraw = 1;
    return 1;
}

int app_challenge_confirm(AppState *s, int yes)
{
    AppChallenge *c = s->challenge;
    if (!c || c->state != APP_CH_CONFIRM)
        return 0;
    if (yes) {
        end_round(s, c, 1, 0);
    } else {
        c->state = APP_CH_RUNNING;
        c->serial++;
        s->needs_redraw = 1;
        app_message(s, 0, "Not yet: keep drawing");
    }
    return 1;
}

int app_challenge_tick(AppState *s, double now)
{
    AppChallenge *c = s->challenge;
    if (!c)
        return 0;
    double dt = now - c->last_tick;
    c->last_tick = now;
    if (c->state != APP_CH_RUNNING || s->view != LAYOUT_VIEW_CHALLENGE || dt <= 0.0)
        return 0;
    int before = app_challenge_seconds_left(s);
    c->elapsed_ms += (float)dt;
    if (c->elapsed_ms >= c->limit_ms) {
        c->elapsed_ms = c->limit_ms;
        end_round(s, c, 0, 0);
        return 1;
    }
    if (app_challenge_seconds_left(s) == before)
        return 0;
    c->serial++;
    s->needs_redraw = 1;
    return 1;
}

int app_challenge_seconds_left(const AppState *s)
{
    const AppChallenge *c = s->challenge;
    if (!c || (c->state != APP_CH_RUNNING && c->state != APP_CH_CONFIRM))
        return 0;
    float left = c->limit_ms - c->elapsed_ms;
    return left <= 0.0f ? 0 : (int)((left + 999.0f) / 1000.0f);
}

/* The canvas's ink: its cells' sum (each 0..1), as the last update rasterised it. */
static float canvas_ink(const AppState *s)
{
    float ink = 0.0f;
    for (int i = 0; i < APP_PIXELS; i++)
        ink += s->grid[i];
    return ink;
}

void app_challenge_check(AppState *s)
{
    AppChallenge *c = s->challenge;
    if (!c || (c->state != APP_CH_RUNNING && c->state != APP_CH_CONFIRM) ||
        app_replay_playing(s) || s->pen_down)
        return; /* judged when a stroke ends, never on half of one */
    AppChallengeMet met = app_challenge_judge(&c->prompt, s->probs, s->n_probs,
                                              s->verdict == APP_REFUSED, canvas_ink(s));
    if (met == APP_CH_MET) {
        end_round(s, c, 1, 0);
    } else if (met == APP_CH_ASK && c->state == APP_CH_RUNNING) {
        c->state = APP_CH_CONFIRM;
        c->serial++;
        char a[64];
        snprintf(a, sizeof a, "%s", app_label(s, c->prompt.a));
        app_message(s, 0, "It calls it a %s! Teacher: is it really a %s? Y yes, N no",
                    app_label(s, c->prompt.b), a);
    } else if (met == APP_CH_NOT_YET && c->state == APP_CH_CONFIRM) {
        c->state = APP_CH_RUNNING; /* drawn on, and it no longer says so */
        c->serial++;
    }
    s->needs_redraw = 1;
}

/* "a 7", "an 8". */
static const char *article(const char *name)
{
    return name[0] && strchr("aeiouAEIOU8", name[0]) ? "an" : "a";
}

void app_challenge_prompt_text(const AppState *s, const AppChallengePrompt *p, char *buf,
                               size_t n)
{
    const char *a = p->a >= 0 ? app_label(s, p->a) : "";
    char b[64];
    snprintf(b, sizeof b, "%s", p->b >= 0 ? app_label(s, p->b) : "");
    switch (p->kind) {
    case APP_CH_FOOL:
        snprintf(buf, n, "Draw %s %s that the network calls %s %s", article(a), a, article(b),
                 b);
        break;
    case APP_CH_FIFTY:
        snprintf(buf, n, "Make it 50/50 between %s and %s", a, b);
        break;
    case APP_CH_SURE:
        snprintf(buf, n, "Draw %s %s it is sure about (99%%)", article(a), a);
        break;
    case APP_CH_LESS_INK:
        snprintf(buf, n, "Make it read %s %s with less ink than %.0f squares", article(a), a,
                 (double)p->ink_max);
        break;
    default:
        snprintf(buf, n, "Make it unsure: no %s above 40%%",
                 app_reads_digits(s) ? "digit" : "class");
        break;
    }
}

void app_challenge_status(const AppState *s, char *buf, size_t n)
{
    const AppChallenge *c = s->challenge;
    if (!c) {
        snprintf(buf, n, "%s", "");
        return;
    }
    if (c->state == APP_CH_WON) {
        snprintf(buf, n, "Team %d scores %d points!", c->team + 1, c->last_points);
        return;
    }
    if (c->state == APP_CH_LOST || c->state == APP_CH_READY) {
        snprintf(buf, n, "%s: no points", c->skipped ? "Skipped" : "Time's up");
        return;
    }
    if (c->state == APP_CH_CONFIRM) {
        char b[64];
        snprintf(b, sizeof b, "%s", app_label(s, c->prompt.b));
        snprintf(buf, n, "It calls it %s %s! Is it really %s %s?", article(b), b,
                 article(app_label(s, c->prompt.a)), app_label(s, c->prompt.a));
        return;
    }
    if (s->n_probs == 0) {
        snprintf(buf, n, "It says: nothing yet");
        return;
    }
    char top[64], second[64];
    app_percent(s->probs[s->top], top, sizeof top);
    app_percent(s->second >= 0 ? s->probs[s->second] : 0.0f, second, sizeof second);
    char ink[48] = "";
    if (c->prompt.kind == APP_CH_LESS_INK)
        snprintf(ink, sizeof ink, " \xc2\xb7 ink %.0f squares", (double)canvas_ink(s));
    if (s->verdict == APP_REFUSED)
        snprintf(buf, n, "It says: %s%s", app_reads_digits(s) ? "not a digit" : "none of these",
                 ink);
    else
        snprintf(buf, n, "It says: %s %s, %s %s%s", app_label(s, s->top), top,
                 app_label(s, s->second), second, ink);
}

void app_challenge_free(AppState *s)
{
    free(s->challenge);
    s->challenge = NULL;
}
