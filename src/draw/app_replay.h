/* app_replay.h - replaying the drawing (R, or the Replay button; app_replay.c): the canvas shows
 * only what was drawn so far, point by point at the speed it was drawn, and the network reads
 * each step as it read the live drawing, so the bars follow and a chart plots every class's
 * probability along the replay ("an 8... now a 3"). No SDL, no printing.
 *
 * Each point's time (InkPoint.t, ms since the drawing began) sets when it appears. A pause
 * longer than APP_REPLAY_MAX_PAUSE_MS (the pen lifted between strokes, or held still) is
 * shortened to it. Points without a time (a drawing file saved before times were recorded) are
 * spaced evenly: APP_REPLAY_EVEN_STEP_MS apart, strokes APP_REPLAY_EVEN_GAP_MS apart.
 *
 * Replay is a state machine: app_replay_start keeps the whole drawing aside and puts an empty
 * canvas (with the base image, if any) in its place; app_replay_tick(now) adds the points
 * whose time has come (main.c calls it with its clock; tests with a fake one); app_update then
 * reads the partial drawing through the one path (ink_classify) and app_replay_record keeps its
 * answer for the chart. When the last point is shown the whole drawing is back, untouched, and
 * the chart stays until the drawing changes, Esc or R again. Any pointer press or key stops a
 * replay in progress (events.c): the whole drawing comes back at once and the press or key does
 * nothing else. While a replay runs the drawing's history is not touched.
 */
#ifndef DRAW_APP_REPLAY_H
#define DRAW_APP_REPLAY_H

#include "draw/app.h"

#define APP_REPLAY_MAX_PAUSE_MS 1000.0f /* longer pauses are shortened to this */
#define APP_REPLAY_EVEN_STEP_MS 20.0f   /* between points without times */
#define APP_REPLAY_EVEN_GAP_MS 400.0f   /* between strokes without times */
#define APP_REPLAY_TICK_MS 15           /* how often the main loop ticks while it plays */

typedef enum AppReplayState {
    APP_REPLAY_OFF = 0, /* no replay, no chart */
    APP_REPLAY_PLAYING, /* the canvas holds the drawing so far */
    APP_REPLAY_DONE,    /* the whole drawing is back; the chart stays */
} AppReplayState;

/* What the network read at one step of the replay: the chart's points. */
typedef struct AppReplaySample {
    float at_ms;                 /* replay time (pauses shortened) */
    int points;                  /* points shown then */
    int top;                     /* the class read, -1 when it named none (too little ink, no
                                    model, refused: "not a digit") */
    float probs[NN_MAX_CLASSES]; /* its probabilities (all 0 without an answer) */
} AppReplaySample;

/* A place on the canvas where the answer changed: the last point drawn when it did. */
typedef struct AppReplayMark {
    float x, y;    /* canvas cells */
    int cls;       /* the class read from then on */
    int sample;    /* the sample where it changed */
} AppReplayMark;

typedef struct AppReplay {
    AppReplayState state;
    InkDrawing whole;       /* while PLAYING: the drawing replayed (owned; the canvas holds the
                               part shown), else empty */
    float *when;            /* (n_points) when each point appears, ms from the start, in the
                               drawing's order (malloc'd) */
    int n_points;           /* points in the drawing */
    int shown;              /* points on the canvas now */
    int untimed;            /* points without a time (spaced evenly) */
    int shortened;          /* pauses that were shortened */
    float total_ms;         /* when the last point appears */
    double start;           /* the clock when it started (app_replay_start's now) */
    float at_ms;            /* the replay's time at the last tick */
    LayoutView view_before; /* the view the area showed before the chart (given back) */
    AppReplaySample *samples; /* (n_samples), cap_samples allocated */
    int n_samples;
    size_t cap_samples;
    AppReplayMark *marks;   /* (n_marks), cap_marks allocated */
    int n_marks;
    size_t cap_marks;
    int n_classes;          /* classes of the model that read it */
    unsigned serial;        /* changes with every sample, start and stop (what is drawn) */
} AppReplay;

/* R or the Replay button: starts replaying the drawing at `now` (ms, any steady clock), or
 * stops a replay in progress (the whole drawing back). Returns 1 if it started, 0 otherwise
 * (nothing drawn: the message line says so; stopped; out of memory: said). The chart opens in
 * the view area. */
int app_replay_toggle(AppState *s, double now);
int app_replay_start(AppState *s, double now);
/* Stops a replay in progress: the whole drawing comes back at once, the chart stays with what
 * was read so far. Returns 1 if one was playing. */
int app_replay_stop(AppState *s);
/* Closes the chart (and stops a replay): the view area shows what it showed before. Returns 1
 * if there was one. */
int app_replay_close(AppState *s);
/* The main loop's clock: shows the points whose time has come by `now` (the same clock as
 * start), and the whole drawing after the last. Returns 1 if the canvas changed. */
int app_replay_tick(AppState *s, double now);
/* 1 while a replay plays (the main loop ticks it every APP_REPLAY_TICK_MS). */
int app_replay_playing(const AppState *s);
/* The replay (NULL: never started). */
const AppReplay *app_replay_state(const AppState *s);
/* After app_update: keeps what the network read for the chart, while a replay plays (and the
 * last step, when it ends). */
void app_replay_record(AppState *s);
/* The sequence of answers in words, for the chart's caption: "Read as 1, then 7, then 9"
 * ("Nothing read yet" before the first answer); at most the last few changes. */
void app_replay_story(const AppState *s, char *buf, size_t n);
/* The note under the chart: how the timing was made ("Real speed; 2 pauses shortened to 1 s",
 * "No times in this drawing: points spaced evenly"). */
void app_replay_note(const AppState *s, char *buf, size_t n);
/* Frees the replay's part (app_free). */
void app_replay_free(AppState *s);

/* The replay time of every point of d, in order (when[i] for the i-th point over all strokes,
 * strokes without points skipped): real gaps between timed points, each at most
 * APP_REPLAY_MAX_PAUSE_MS, evenly spaced points where times are missing. Fills *untimed and
 * *shortened. Returns the total. */
float app_replay_schedule(const InkDrawing *d, float *when, int *untimed, int *shortened);

#endif
