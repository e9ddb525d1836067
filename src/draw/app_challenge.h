/* app_challenge.h - challenge mode (Q, or the Challenge button; app_challenge.c): rounds of
 * prompts for a class to play against the network, with a timer and a score table for the
 * lesson. No SDL, no printing.
 *
 * Two teams take turns, a round each. A round shows a prompt, clears the canvas (undoably) and
 * counts down (APP_CHALLENGE_SECONDS, more for the hardest kind). The network's own answer
 * decides it, read after every change of the drawing (app_challenge_judge, pure):
 *   - "Draw a 7 that the network calls a 1": the network must call it a 1 (at least 50 %, not
 *     refused); whether it really is a 7 only a person can say, so the clock stops and the
 *     teacher confirms (Y, or the Yes button) or sends the team on drawing (N, or No);
 *   - "Make it 50/50 between 3 and 8": 3 and 8 the two most probable classes, less than 10
 *     points apart, together at least 70 %;
 *   - "Draw a 4 it is sure about": 4 at 99 % or more;
 *   - "Draw something it calls a 0 with less ink than 40 squares": 0 at 50 % or more (not
 *     refused) with the canvas's ink (its cells' sum, 0..1 each) under the limit;
 *   - "Make it unsure: no digit above 40 %": an answer whose top class is under 40 %, with at
 *     least APP_CHALLENGE_UNSURE_INK squares of ink (a dab is not a drawing).
 * The answer is judged when a stroke ends (app_pen_up reads the drawing again while a round
 * runs), never half-way through one, so a stroke is not won by its first dab.
 * Prompts come in a shuffled order of the kinds, so all appear, with classes drawn at random
 * (NnRng, seeded when the mode opens). A round won scores APP_CHALLENGE_POINTS plus one point
 * for every 5 seconds left; a round lost (time up) or skipped (Q during a round) scores 0.
 * The table (rounds, won, points, time used, per team) lasts until the app closes: closing the
 * mode (Esc, the Challenge button) keeps it, and Q opens it again where it was.
 * The clock is the caller's (app_challenge_tick with ms of a steady clock; tests use a fake).
 */
#ifndef DRAW_APP_CHALLENGE_H
#define DRAW_APP_CHALLENGE_H

#include <stdint.h>

#include "draw/app.h"
#include "nn/rng.h"

#define APP_CHALLENGE_SECONDS 45      /* a round's time */
#define APP_CHALLENGE_FOOL_SECONDS 60 /* ... for "draw a 7 that it calls a 1" */
#define APP_CHALLENGE_POINTS 10       /* for a round won, plus 1 for every 5 s left */
#define APP_CHALLENGE_TEAMS 2
#define APP_CHALLENGE_UNSURE_INK 30.0f /* "make it unsure" needs this much ink, squares */

typedef enum AppChallengeKind {
    APP_CH_FOOL = 0,  /* draw a `a` that the network calls `b` (the teacher confirms) */
    APP_CH_FIFTY,     /* make it 50/50 between `a` and `b` */
    APP_CH_SURE,      /* draw an `a` it is sure about */
    APP_CH_LESS_INK,  /* draw something it calls `a` with less ink than `ink_max` */
    APP_CH_UNSURE,    /* no class above 40 % */
    APP_CH_KINDS
} AppChallengeKind;

typedef struct AppChallengePrompt {
    AppChallengeKind kind;
    int a, b;        /* the classes it names (b: FOOL and FIFTY only, else -1) */
    float ink_max;   /* LESS_INK: the most ink, squares (cells of full ink) */
} AppChallengePrompt;

/* What the network's answer means for a prompt (app_challenge_judge). */
typedef enum AppChallengeMet {
    APP_CH_NOT_YET = 0, /* keep drawing */
    APP_CH_MET,         /* done: the round is won */
    APP_CH_ASK,         /* the network's part is done: a person must confirm (FOOL) */
} AppChallengeMet;

typedef enum AppChallengeState {
    APP_CH_READY = 0, /* between rounds: the last round's result, Q starts the next */
    APP_CH_RUNNING,   /* a round's clock runs */
    APP_CH_CONFIRM,   /* the clock stopped: the teacher says whether the drawing is an `a` */
    APP_CH_WON,       /* the last round was won (until Q) */
    APP_CH_LOST,      /* the last round ran out of time or was skipped (until Q) */
} AppChallengeState;

typedef struct AppChallengeTeam {
    int rounds, won, points;
    float time_ms; /* time used over its rounds */
} AppChallengeTeam;

typedef struct AppChallenge {
    int open;                  /* the mode shows in the view area */
    AppChallengeState state;
    AppChallengePrompt prompt; /* the round's (or the last one's) */
    int team;                  /* whose round it is (or was) */
    int round;                 /* rounds started, 1 for the first */
    double last_tick;          /* the clock at the last tick */
    float elapsed_ms;          /* the round's time used (not while CONFIRM) */
    float limit_ms;            /* its time */
    int last_points;           /* what the last round scored */
    int skipped;               /* the last round lost was skipped (Q), not timed out */
    AppChallengeTeam teams[APP_CHALLENGE_TEAMS];
    NnRng rng;                 /* the prompts' classes */
    int order[APP_CH_KINDS];   /* the kinds in a shuffled order ... */
    int next_kind;             /* ... and the next one's place in it */
    LayoutView view_before;    /* the view the area showed before (given back on close) */
    unsigned serial;           /* changes with everything drawn */
} AppChallenge;

/* Q or the Challenge button: opens the mode (seeded with `seed` on first use) and starts a
 * round when none runs; with the mode open and a round running, skips it (0 points) and starts
 * the next team's; between rounds starts the next. Returns 1 if a round started. */
int app_challenge_next(AppState *s, double now, uint64_t seed);
/* Esc or the Challenge button while open: closes the mode (a running round is skipped); the
 * table stays. Returns 1 if it was open. */
int app_challenge_close(AppState *s);
/* The teacher's answer while CONFIRM (Y / N, or the Yes and No buttons): yes wins the round,
 * no lets the clock run again. Returns 1 if it acted. */
int app_challenge_confirm(AppState *s, int yes);
/* The main loop's clock (ms, the same clock as app_challenge_next): the round's time runs,
 * and runs out. Returns 1 if what shows changed (a new second, the end). */
int app_challenge_tick(AppState *s, double now);
/* 1 while a round's clock runs (the main loop ticks it). */
int app_challenge_running(const AppState *s);
/* After app_update: judges the answer for the round running (not while a stroke is drawn). */
void app_challenge_check(AppState *s);
/* The mode's state (NULL: never opened). */
const AppChallenge *app_challenge_state(const AppState *s);
/* Seconds left in the round, rounded up (0 when none runs). */
int app_challenge_seconds_left(const AppState *s);
/* The prompt in words: "Draw a 7 that the network calls a 1". */
void app_challenge_prompt_text(const AppState *s, const AppChallengePrompt *p, char *buf,
                               size_t n);
/* The line under it: what the network says now and what is missing, or the round's result
 * ("Team 1 scores 16 points!", "Time's up: no points"). */
void app_challenge_status(const AppState *s, char *buf, size_t n);
/* Frees the mode's part (app_free). */
void app_challenge_free(AppState *s);

/* Pure: what answer (n probabilities, refused: the model named no class) and ink (the
 * canvas's sum) mean for prompt p. n == 0 (no answer yet) is never met. */
AppChallengeMet app_challenge_judge(const AppChallengePrompt *p, const float *probs, int n,
                                    int refused, float ink);
/* Pure: the next prompt for a model of n_classes classes (the kinds in rng's shuffled order,
 * the classes at random, a and b different). */
AppChallengePrompt app_challenge_make(AppChallenge *c, int n_classes);

#endif
