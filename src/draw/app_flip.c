/* app_flip.c - "flip it" in the app (app_flip.h, app.h): the search as a job on the background
 * thread, following the answer, taking its result, applying it to the canvas, and what it says
 * over the canvas.
 */
#include "draw/app_flip.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/app_internal.h"
#include "draw/worker.h"

#define CHANGED 0.01f /* a cell changed by less is shown as unchanged */

/* A search: one model's copy, the grid it starts from, what it found. */
typedef struct FlipJob {
    WorkerJob base;
    unsigned id;              /* AppFlip.job when it was started */
    NnModel *model;           /* the copy, owned */
    float grid[APP_PIXELS];
    InkFlipAsk ask;
    InkFlip out;
    float applied_prob; /* out.target's, the drawing made from out read as the app reads it */
    SnError err;
} FlipJob;

static int job_run(WorkerJob *job)
{
    FlipJob *j = (FlipJob *)job;
    j->ask.progress = worker_progress; /* each gradient step, and the cancel */
    j->ask.ctx = job;
    int rc = ink_flip(j->model, j->grid, &j->ask, &j->out, &j->err);
    if (rc != 0 || !j->out.found)
        return rc;
    InkDrawing d; /* what the bars will say once it is applied */
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    InkInput in = {.drawing = &d, .prep = j->ask.prep};
    InkAnswer a = {0};
    if ((rc = ink_flip_to_drawing(&j->out, &d)) == 0)
        rc = ink_classify(j->model, &in, &a, &j->err);
    ink_drawing_free(&d);
    j->applied_prob = a.probs[j->out.target];
    return rc < 0 ? rc : 0;
}

static void job_free(WorkerJob *job)
{
    FlipJob *j = (FlipJob *)job;
    nn_model_free(j->model);
    free(j);
}

int app_flip_target(const AppState *s)
{
    if (s->overlay != APP_OVERLAY_FLIP || s->n_probs < 2)
        return -1;
    return s->flip_pick >= 0 && s->flip_pick < s->n_probs ? s->flip_pick : s->second;
}

const AppFlip *app_flip_state(const AppState *s)
{
    return s->flip_search;
}

int app_flip_shown(const AppState *s)
{
    const AppFlip *f = s->flip_search;
    return s->overlay == APP_OVERLAY_FLIP && f && f->status == APP_FLIP_READY && f->result.found &&
           f->result.norm > 0.0f;
}

float app_flip_at(const AppState *s, int i, int j)
{
    int c = app_flip_shown(s) ? app_seen_cell(s, i, j) : -1;
    return c < 0 ? 0.0f : s->flip_search->result.change[c];
}

float app_flip_scale(const AppState *s)
{
    float m = 0.0f;
    for (int j = 0; app_flip_shown(s) && j < APP_SIDE; j++)
        for (int i = 0; i < APP_SIDE; i++)
            m = fmaxf(m, fabsf(app_flip_at(s, i, j)));
    return m;
}

int app_flip_progress(const AppState *s, int *done, int *total)
{
    const AppFlip *f = s->flip_search;
    if (!f || f->status != APP_FLIP_BUSY || !f->running)
        return 0;
    *done = f->done;
    *total = f->total > 0 ? f->total : INK_FLIP_MAX_STEPS;
    return 1;
}

void app_flip_poll(AppState *s)
{
    AppFlip *f = s->flip_search;
    WorkerState st;
    worker_state(s->worker, &st);
    if (!f || f->status != APP_FLIP_BUSY)
        return;
    f->running = st.busy && st.kind == APP_JOB_FLIP;
    f->done = st.done;
    f->total = st.total;
}

void app_flip_drop(AppState *s)
{
    AppFlip *f = s->flip_search;
    if (!f)
        return;
    if (f->status == APP_FLIP_BUSY)
        worker_cancel_kind(s->worker, APP_JOB_FLIP);
    f->status = APP_FLIP_NONE;
    f->job = 0;
}

void app_flip_free(AppState *s)
{
    free(s->flip_search);
    s->flip_search = NULL;
}

static void fail(AppFlip *f, const char *msg)
{
    f->status = APP_FLIP_FAILED;
    snprintf(f->error, sizeof f->error, "%s", msg);
}

/* Starts the search f now stands for, on a copy of the active model. */
static void start(AppState *s, AppFlip *f)
{
    SnError err = {0};
    FlipJob *j = calloc(1, sizeof *j);
    if (!s->worker)
        s->worker = worker_new(s->wake, s->wake_ctx);
    if (!j || !s->worker || !(j->model = nn_model_copy(app_model(s), &err))) {
        fail(f, err.msg[0] ? err.msg : "out of memory for the search");
        free(j);
        return;
    }
    j->base.run = job_run;
    j->base.free = job_free;
    j->base.kind = APP_JOB_FLIP;
    j->id = f->job = ++f->jobs;
    memcpy(j->grid, f->seen, sizeof j->grid);
    j->ask = (InkFlipAsk){.target = f->target, .prep = f->prep};
    f->status = APP_FLIP_BUSY;
    f->running = f->done = f->total = 0;
    worker_submit(s->worker, &j->base);
}

void app_flip_follow(AppState *s)
{
    int target = app_flip_target(s);
    if (target < 0 || s->pen_down) { /* a stroke's end starts the next search */
        app_flip_drop(s);
        return;
    }
    AppFlip *f = s->flip_search;
    if (!f && !(f = s->flip_search = calloc(1, sizeof *f))) {
        app_message(s, 1, "out of memory for flip it");
        return;
    }
    unsigned serial = s->models[s->active].serial;
    InkPrep prep = s->preprocess ? INK_PREP_MNIST : INK_PREP_NONE;
    if (f->status != APP_FLIP_NONE && f->serial == serial && f->target == target &&
        f->prep == prep && memcmp(f->seen, s->seen, sizeof f->seen) == 0 &&
        memcmp(f->probs, s->probs, (size_t)s->n_probs * sizeof *f->probs) == 0)
        return; /* the search shown is for what the bars show */
    app_flip_drop(s);
    f->serial = serial;
    f->target = target;
    f->prep = prep;
    memcpy(f->seen, s->seen, sizeof f->seen);
    memcpy(f->probs, s->probs, sizeof f->probs);
    start(s, f);
}

int app_flip_take(AppState *s, WorkerJob *job)
{
    FlipJob *j = (FlipJob *)job;
    AppFlip *f = s->flip_search;
    int mine = f && f->status == APP_FLIP_BUSY && j->id == f->job;
    if (mine && job->rc == 0) {
        f->result = j->out;
        f->applied_prob = j->applied_prob;
        f->status = APP_FLIP_READY;
    } else if (mine && job->rc == SN_E_CANCELLED) {
        f->status = APP_FLIP_NONE; /* stopped from elsewhere: the next update searches again */
        app_changed(s);
    } else if (mine) {
        fail(f, j->err.msg[0] ? j->err.msg : "the search failed");
    }
    job->free(job);
    if (mine && f->status != APP_FLIP_NONE) { /* what it found, in the message line */
        char text[sizeof s->message];
        app_flip_sentence(s, text, sizeof text);
        app_message(s, f->status == APP_FLIP_FAILED, "%s", text);
    }
    if (mine)
        s->needs_redraw = 1;
    return mine;
}

/* "a 7" for a digit, "“Sneaker”" for another class. */
static void class_words(const AppState *s, int c, char *buf, size_t n)
{
    if (app_reads_digits(s))
        snprintf(buf, n, "a %s", app_label(s, c));
    else
        snprintf(buf, n, "\xe2\x80\x9c%s\xe2\x80\x9d", app_label(s, c));
}

void app_toggle_flip(AppState *s)
{
    if (s->overlay == APP_OVERLAY_FLIP) {
        s->overlay = APP_OVERLAY_NONE;
        app_message(s, 0, "Flip it off (F)");
    } else {
        s->overlay = APP_OVERLAY_FLIP;
        app_message(s, 0, "Flip it on (F): the smallest change that makes it %s; click a bar "
                          "for another class, Enter applies it",
                    s->flip_pick >= 0 ? "the class picked" : "the runner-up");
    }
    app_changed(s);
}

void app_flip_pick(AppState *s, int cls)
{
    s->flip_pick = s->overlay == APP_OVERLAY_FLIP && cls == s->flip_pick ? -1 : cls;
    s->overlay = APP_OVERLAY_FLIP;
    app_changed(s);
}

void app_bar_pick(AppState *s, int cls)
{
    if (s->overlay == APP_OVERLAY_FLIP)
        app_flip_pick(s, cls);
    else
        app_saliency_pick(s, cls);
}

int app_flip_apply(AppState *s)
{
    if (!app_flip_shown(s)) {
        app_message(s, 1, "No flip to apply: F looks for the smallest change that makes the "
                          "network choose another class");
        return 0;
    }
    const InkFlip *r = &s->flip_search->result;
    char what[96];
    class_words(s, r->target, what, sizeof what);
    InkDrawing d;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    if (ink_flip_to_drawing(r, &d) != 0) {
        ink_drawing_free(&d);
        app_message(s, 1, "out of memory while applying the flip");
        return 0;
    }
    s->overlay = APP_OVERLAY_NONE;
    app_flip_drop(s);
    if (app_history_replace(s, &d, "the flipped image") < 0)
        return 0;
    app_message(s, 0, "Applied: the network now reads %s. Ctrl+Z brings your drawing back", what);
    return 1;
}

/* What the found flip changed: any ink added, any removed. */
static void added_removed(const InkFlip *r, int *added, int *removed)
{
    *added = *removed = 0;
    for (int i = 0; i < APP_PIXELS; i++) {
        *added |= r->change[i] >= CHANGED;
        *removed |= r->change[i] <= -CHANGED;
    }
}

/* The sentence over a search that ended. */
static void result_sentence(const AppFlip *f, const char *what, char *buf, size_t n)
{
    const InkFlip *r = &f->result;
    if (!r->found) {
        snprintf(buf, n, "No small change found that makes it %s in %d steps: the network "
                 "holds on to its answer", what, r->steps);
        return;
    }
    if (!(r->norm > 0.0f)) {
        snprintf(buf, n, "It already reads as %s: nothing to change (click another bar)", what);
        return;
    }
    int added, removed;
    added_removed(r, &added, &removed);
    const char *how = added && removed ? "Adding the orange ink and removing the blue"
                      : added          ? "Adding the orange ink"
                                       : "Removing the blue ink";
    snprintf(buf, n, "%s makes it %s (%d%%): a change of size %.1f (L2 over 28x28 pixels, "
             "0..1)", how, what, (int)(100.0f * f->applied_prob), (double)r->norm);
}

void app_flip_sentence(const AppState *s, char *buf, size_t n)
{
    buf[0] = '\0';
    if (s->overlay != APP_OVERLAY_FLIP)
        return;
    const AppFlip *f = s->flip_search;
    int target = app_flip_target(s);
    if (target < 0 || !f || f->status == APP_FLIP_NONE) {
        if (s->pen_down && target >= 0)
            snprintf(buf, n, "Flip it looks again when the stroke ends");
        else
            snprintf(buf, n, "Flip it: %s first, then it looks for the smallest change that "
                     "makes the network choose another class",
                     app_reads_digits(s) ? "draw a digit" : "draw something");
        return;
    }
    char what[96];
    class_words(s, f->target, what, sizeof what);
    int done, total;
    if (f->status == APP_FLIP_FAILED)
        snprintf(buf, n, "Flip it could not search: %s", f->error);
    else if (f->status == APP_FLIP_READY)
        result_sentence(f, what, buf, n);
    else if (app_flip_progress(s, &done, &total))
        snprintf(buf, n, "Looking for the smallest change that makes it %s \xe2\x80\xa6 step %d "
                 "of %d", what, done, total);
    else
        snprintf(buf, n, "Looking for the smallest change that makes it %s \xe2\x80\xa6 "
                 "(waiting for the background work)", what);
}

void app_flip_caption(const AppState *s, char *buf, size_t n)
{
    buf[0] = '\0';
    if (s->overlay != APP_OVERLAY_FLIP)
        return;
    const AppFlip *f = s->flip_search;
    int target = app_flip_target(s), done, total;
    if (target < 0 || !f || f->status == APP_FLIP_NONE) {
        snprintf(buf, n, "%s", s->pen_down && target >= 0 ? "Looks again when the stroke ends"
                               : app_reads_digits(s)       ? "Draw a digit first"
                                                           : "Draw something first");
        return;
    }
    char what[96];
    class_words(s, f->target, what, sizeof what);
    const InkFlip *r = &f->result;
    if (f->status == APP_FLIP_FAILED)
        snprintf(buf, n, "Could not search: %s", f->error);
    else if (f->status == APP_FLIP_BUSY && app_flip_progress(s, &done, &total))
        snprintf(buf, n, "Looking for %s \xe2\x80\xa6 step %d of %d", what, done, total);
    else if (f->status == APP_FLIP_BUSY)
        snprintf(buf, n, "Looking for %s \xe2\x80\xa6", what);
    else if (!r->found)
        snprintf(buf, n, "No small change makes it %s", what);
    else if (!(r->norm > 0.0f))
        snprintf(buf, n, "It already reads as %s", what);
    else
        snprintf(buf, n, "Makes it %s (%d%%) \xc2\xb7 size %.1f", what,
                 (int)(100.0f * f->applied_prob), (double)r->norm);
}
