/* app_replay.c - replaying the drawing point by point at the speed it was drawn, with what the
 * network read at each step (see app_replay.h).
 *
 * The schedule: point i appears at when[i] = when[i-1] + min(t_i - t_(i-1), 1 s) for timed
 * points, + 20 ms (+ 400 ms at a new stroke) where a time is missing; the first at 0. The
 * canvas holds a copy of the first `shown` points (the strokes as they were at that moment of
 * the live drawing, so the network reads what it read then); the drawing itself waits in
 * `whole` and comes back untouched. No SDL, no printing.
 */
#include "draw/app_replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "draw/app_internal.h"

/* The replay's part of the state, made on first use; NULL when out of memory. */
static AppReplay *replay_of(AppState *s)
{
    if (!s->replay) {
        s->replay = calloc(1, sizeof *s->replay);
        if (s->replay)
            ink_drawing_init(&s->replay->whole, APP_SIDE, APP_SIDE);
    }
    return s->replay;
}

const AppReplay *app_replay_state(const AppState *s)
{
    return s->replay;
}

int app_replay_playing(const AppState *s)
{
    return s->replay && s->replay->state == APP_REPLAY_PLAYING;
}

float app_replay_schedule(const InkDrawing *d, float *when, int *untimed, int *shortened)
{
    int n = 0;
    float at = 0.0f, last_t = INK_NO_TIME;
    *untimed = *shortened = 0;
    for (int i = 0; i < d->n; i++) {
        const InkStroke *st = &d->strokes[i];
        for (int k = 0; k < st->n; k++) {
            InkPoint p = st->pts[k];
            float gap = k == 0 ? APP_REPLAY_EVEN_GAP_MS : APP_REPLAY_EVEN_STEP_MS;
            if (ink_point_timed(p) && last_t >= 0.0f) {
                gap = p.t - last_t; /* the real gap, never negative in a checked drawing */
                gap = gap < 0.0f ? 0.0f : gap;
                if (gap > APP_REPLAY_MAX_PAUSE_MS) {
                    gap = APP_REPLAY_MAX_PAUSE_MS;
                    (*shortened)++;
                }
            }
            if (!ink_point_timed(p))
                (*untimed)++;
            at = n == 0 ? 0.0f : at + gap;
            when[n++] = at;
            last_t = ink_point_timed(p) ? p.t : INK_NO_TIME;
        }
    }
    return at;
}

/* Empties the chart. */
static void clear_chart(AppReplay *r)
{
    r->n_samples = r->n_marks = 0;
    r->serial++;
}

/* Puts the whole drawing back on the canvas (the copy of its first points goes). */
static void give_back(AppState *s, AppReplay *r)
{
    ink_drawing_free(&s->drawing);
    s->drawing = r->whole;
    ink_drawing_init(&r->whole, APP_SIDE, APP_SIDE);
    r->state = APP_REPLAY_DONE;
    r->serial++;
    s->needs_update = s->needs_redraw = 1;
}

int app_replay_start(AppState *s, double now)
{
    app_replay_stop(s);
    app_pen_up(s);
    int n = (int)ink_drawing_points(&s->drawing);
    if (n == 0) {
        app_message(s, 1, "Nothing to replay: draw something first, then press R");
        return 0;
    }
    AppReplay *r = replay_of(s);
    float *when = r ? realloc(r->when, (size_t)n * sizeof *when) : NULL;
    InkDrawing shown;
    ink_drawing_init(&shown, s->drawing.width, s->drawing.height);
    if (!when || ink_drawing_set_base(&shown, s->drawing.base) < 0) {
        if (r && when)
            r->when = when;
        app_message(s, 1, "out of memory: the drawing cannot be replayed");
        return 0;
    }
    r->when = when;
    r->n_points = n;
    r->total_ms = app_replay_schedule(&s->drawing, when, &r->untimed, &r->shortened);
    r->whole = s->drawing;
    s->drawing = shown;
    r->shown = 0;
    r->start = now;
    r->at_ms = 0.0f;
    r->n_classes = s->n_probs;
    clear_chart(r);
    if (s->view != LAYOUT_VIEW_REPLAY) {
        r->view_before = s->view;
        s->view = LAYOUT_VIEW_REPLAY;
    }
    r->state = APP_REPLAY_PLAYING;
    app_message(s, 0, "Replaying the drawing at the speed it was drawn: any key or click stops");
    s->needs_update = s->needs_redraw = 1;
    app_replay_tick(s, now); /* the first point at once */
    return 1;
}

int app_replay_stop(AppState *s)
{
    AppReplay *r = s->replay;
    if (!r || r->state != APP_REPLAY_PLAYING)
        return 0;
    give_back(s, r);
    app_message(s, 0, "Replay stopped: the whole drawing is back (R replays it again)");
    return 1;
}

int app_replay_close(AppState *s)
{
    AppReplay *r = s->replay;
    if (!r || r->state == APP_REPLAY_OFF)
        return 0;
    if (r->state == APP_REPLAY_PLAYING)
        give_back(s, r);
    r->state = APP_REPLAY_OFF;
    clear_chart(r);
    if (s->view == LAYOUT_VIEW_REPLAY)
        s->view = r->view_before;
    s->needs_update = s->needs_redraw = 1;
    return 1;
}

int app_replay_toggle(AppState *s, double now)
{
    if (app_replay_stop(s))
        return 0;
    return app_replay_start(s, now);
}

/* Shows the next point of the whole drawing; returns 0, or -1 when it cannot (out of memory;
 * the replay then ends with the whole drawing back). */
static int show_next(AppState *s, AppReplay *r)
{
    int left = r->shown;
    for (int i = 0; i < r->whole.n; i++) {
        const InkStroke *st = &r->whole.strokes[i];
        if (left >= st->n) {
            left -= st->n;
            continue;
        }
        if (left == 0 && ink_drawing_begin_stroke(&s->drawing, st->width, st->erase) < 0)
            return -1;
        InkPoint p = st->pts[left];
        if (ink_drawing_add_point_at(&s->drawing, p.x, p.y, p.t) < 0)
            return -1;
        r->shown++;
        return 0;
    }
    return -1;
}

int app_replay_tick(AppState *s, double now)
{
    AppReplay *r = s->replay;
    if (!r || r->state != APP_REPLAY_PLAYING)
        return 0;
    double at = now - r->start;
    r->at_ms = at < 0.0 ? 0.0f : (float)at;
    int before = r->shown;
    while (r->shown < r->n_points && r->when[r->shown] <= r->at_ms) {
        if (show_next(s, r) < 0) {
            give_back(s, r);
            app_message(s, 1, "out of memory: the replay stopped, the whole drawing is back");
            return 1;
        }
    }
    if (r->shown == before)
        return 0;
    s->needs_update = s->needs_redraw = 1;
    if (r->shown == r->n_points) {
        /* the last point: what the network reads now is the whole drawing, recorded once */
        app_replay_record(s);
        give_back(s, r);
        r->at_ms = r->total_ms;
        app_message(s, 0, "Replay done: R replays it again, Esc closes the chart");
    }
    return 1;
}

void app_replay_record(AppState *s)
{
    AppReplay *r = s->replay;
    if (!r || r->state != APP_REPLAY_PLAYING || r->shown == 0)
        return;
    if (s->needs_update)
        app_update(s); /* the canvas changed since the last update: read it first */
    if (r->n_samples > 0 && r->samples[r->n_samples - 1].points == r->shown)
        return; /* already read */
    if (buf_grow((void **)&r->samples, &r->cap_samples, (size_t)r->n_samples + 1,
                 sizeof *r->samples) != 0)
        return; /* the chart misses a step: nothing else depends on it */
    AppReplaySample *smp = &r->samples[r->n_samples];
    memset(smp, 0, sizeof *smp);
    smp->at_ms = r->when[r->shown - 1];
    smp->points = r->shown;
    smp->top = s->n_probs > 0 && s->verdict != APP_REFUSED ? s->top : -1; /* named a class */
    if (s->n_probs > 0) {
        memcpy(smp->probs, s->probs, sizeof smp->probs);
        r->n_classes = s->n_probs;
    }
    int last_top = r->n_marks > 0 ? r->marks[r->n_marks - 1].cls : -1;
    if (smp->top >= 0 && smp->top != last_top &&
        buf_grow((void **)&r->marks, &r->cap_marks, (size_t)r->n_marks + 1, sizeof *r->marks) ==
            0) {
        const InkStroke *st = &s->drawing.strokes[s->drawing.n - 1];
        InkPoint p = st->n > 0 ? st->pts[st->n - 1] : (InkPoint){0.0f, 0.0f, INK_NO_TIME};
        r->marks[r->n_marks++] = (AppReplayMark){p.x, p.y, smp->top, r->n_samples};
    }
    r->n_samples++;
    r->serial++;
}

/* "a 7", "an 8": the class's name with its article. */
static void with_article(const AppState *s, int cls, char *buf, size_t n)
{
    const char *name = app_label(s, cls);
    int vowel = strchr("aeiouAEIOU8", name[0]) != NULL && name[0] != '\0';
    snprintf(buf, n, "%s %s", vowel ? "an" : "a", name);
}

void app_replay_story(const AppState *s, char *buf, size_t n)
{
    const AppReplay *r = s->replay;
    if (!r || r->n_marks == 0) {
        snprintf(buf, n, "Nothing read yet");
        return;
    }
    int first = r->n_marks > 4 ? r->n_marks - 4 : 0;
    size_t used = 0;
    buf[0] = '\0';
    for (int i = first; i < r->n_marks && used < n; i++) {
        char name[80];
        with_article(s, r->marks[i].cls, name, sizeof name);
        const char *lead = i == first ? (first > 0 ? "... " : "") : "... now ";
        if (i == first && r->n_marks == 1)
            lead = "It reads ";
        else if (i == first && first == 0)
            lead = "First ";
        int w = snprintf(buf + used, n - used, "%s%s%s", i > first ? " " : "", lead, name);
        used += w > 0 ? (size_t)w : 0;
    }
}

void app_replay_note(const AppState *s, char *buf, size_t n)
{
    const AppReplay *r = s->replay;
    if (!r || r->n_points == 0)
        snprintf(buf, n, "%s", "");
    else if (r->untimed == r->n_points)
        snprintf(buf, n, "No times in this drawing: points spaced evenly");
    else if (r->untimed > 0)
        snprintf(buf, n, "%d of %d points without times: spaced evenly", r->untimed,
                 r->n_points);
    else if (r->shortened > 0)
        snprintf(buf, n, "Real speed; %d pause%s over 1 s shortened to 1 s", r->shortened,
                 r->shortened == 1 ? "" : "s");
    else
        snprintf(buf, n, "Real speed, as it was drawn");
}

void app_replay_free(AppState *s)
{
    AppReplay *r = s->replay;
    if (!r)
        return;
    if (r->state == APP_REPLAY_PLAYING)
        give_back(s, r);
    ink_drawing_free(&r->whole);
    free(r->when);
    free(r->samples);
    free(r->marks);
    free(r);
    s->replay = NULL;
}
