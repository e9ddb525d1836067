/* app.c - the drawing app's state: its lifetime, the view switches, the message line and the
 * prediction. The pen and history (app_pen.c), the list of models (app_models.c), files
 * (app_files.c), the Open prompt (app_prompt.c) and Esc, quitting and full screen (app_quit.c)
 * are beside it, all behind app.h.
 *
 * The prediction runs the one path of every program (ink_classify: preprocessing, the model's
 * input size and scaling, forward, probabilities).
 * No SDL, no printing: failures become the message line.
 */
#include "draw/app_internal.h"

#include "draw/app_data.h"
#include "draw/app_digits.h"
#include "draw/app_finetune.h"
#include "draw/app_challenge.h"
#include "draw/app_replay.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ink/classify.h"
#include "ink/raster.h"

#define EMPTY_INK 0.05f /* total ink below this counts as an empty canvas */

void app_changed(AppState *s)
{
    s->needs_update = 1;
    s->needs_redraw = 1;
}

/* ---- lifetime ---- */

void app_init(AppState *s)
{
    memset(s, 0, sizeof *s);
    /* without memory for it the models run on this thread alone, with the same answers */
    s->pool = nn_pool_new(0, NULL);
    ink_drawing_init(&s->drawing, APP_SIDE, APP_SIDE);
    s->brush = APP_BRUSH_DEFAULT;
    s->active = -1;
    s->control_down = s->control_hover = LAYOUT_CTL_NONE;
    s->preprocess = 1;
    s->top = s->second = -1;
    s->verdict = APP_NO_MODEL;
    s->hover_unit = s->pick_unit = -1;
    s->saliency_pick = s->flip_pick = -1;
    s->temp_step = APP_TEMP_ONE;
    s->compare.pick = s->compare.model = -1;
    s->compare.top = s->compare.second = -1;
    s->collect.selected = -1;
    app_changed(s);
}

void app_free(AppState *s)
{
    app_digits_free(s); /* first: the worker's jobs stop before the models go */
    app_train_free(s);  /* and the training thread */
    app_finetune_free(s); /* the teaching's thread too */
    app_flip_free(s);
    app_replay_free(s); /* first: it gives the whole drawing back to the canvas */
    app_challenge_free(s);
    ink_drawing_free(&s->drawing);
    app_history_free(s);
    app_models_free(s);
    ink_collection_free(&s->collect.files);
    nn_pool_free(s->pool);
    memset(s, 0, sizeof *s);
}

/* ---- view switches ---- */

void app_toggle_preprocess(AppState *s)
{
    s->preprocess = !s->preprocess;
    app_changed(s);
}

void app_toggle_steps(AppState *s)
{
    s->show_steps = !s->show_steps;
    s->needs_redraw = 1;
}

void app_toggle_help(AppState *s)
{
    s->show_help = !s->show_help;
    s->help_page = 0;
    s->needs_redraw = 1;
}

void app_help_next(AppState *s, int pages)
{
    if (s->show_help && s->help_page + 1 < pages) {
        s->help_page++;
        s->needs_redraw = 1;
    } else {
        app_toggle_help(s);
    }
}

void app_help_page(AppState *s, int delta, int pages)
{
    int p = s->help_page + delta;
    if (!s->show_help || p < 0 || p >= pages)
        return;
    s->help_page = p;
    s->needs_redraw = 1;
}

void app_request_redraw(AppState *s)
{
    s->needs_redraw = 1;
}

/* ---- prediction ---- */

AppVerdict app_classify(const float *probs, int n, int *top, int *second)
{
    const int t = nn_top_class(probs, n, second);
    *top = t;
    return probs[t] >= INK_CONFIDENT_FROM ? APP_SURE
           : probs[t] >= INK_UNSURE_BELOW ? APP_LEANING
                                          : APP_UNSURE;
}

/* 1 if the drawing's ink strokes look like a whole figure drawn small rather than a dot or a
 * stroke just begun (app_update's rule, app.h). Erasing strokes do not count. */
static int drawn_small(const InkDrawing *d)
{
    float path = 0.0f, x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < d->n; i++) {
        const InkStroke *st = &d->strokes[i];
        for (int k = 0; k < st->n && !st->erase; k++) {
            InkPoint p = st->pts[k];
            x0 = fminf(x0, p.x);
            y0 = fminf(y0, p.y);
            x1 = fmaxf(x1, p.x);
            y1 = fmaxf(y1, p.y);
            if (k > 0)
                path += hypotf(p.x - st->pts[k - 1].x, p.y - st->pts[k - 1].y);
        }
    }
    return path >= APP_SMALL_PATH && path >= 2.0f * fmaxf(x1 - x0, y1 - y0);
}

/* The verdict on the active model m's answer a (ink_classify returned rc, with err) for a drawing
 * of `total` ink; with an answer, probs, top and second too, and the saliency. */
static void answer(AppState *s, NnModel *m, const InkAnswer *a, int rc, float total,
                   const SnError *err)
{
    if (s->n_models == 0) {
        s->verdict = APP_NO_MODEL;
        return;
    }
    if (!m) {
        s->verdict = APP_BAD_MODEL;
        return;
    }
    if (total < EMPTY_INK) {
        s->verdict = APP_EMPTY;
        return;
    }
    if (!a->prepared || a->too_little) { /* too little ink to read (the pipeline's rule) */
        s->verdict = drawn_small(&s->drawing) ? APP_TOO_SMALL : APP_TOO_LITTLE;
        return;
    }
    if (rc < 0) {
        app_message(s, 1, "%s", err->msg);
        s->verdict = APP_NO_ANSWER;
        return;
    }
    s->n_probs = a->n_classes;
    memcpy(s->probs, a->probs, sizeof s->probs);
    s->verdict = app_classify(s->probs, s->n_probs, &s->top, &s->second);
    if (ink_answer_refused(m, a))
        s->verdict = APP_REFUSED;
    app_saliency_capture(s, m, a);
}

void app_update(AppState *s)
{
    s->needs_update = 0;
    s->needs_redraw = 1;
    s->n_probs = 0;
    s->top = s->second = -1;
    s->saliency_ready = 0;

    if (ink_raster(&s->drawing, s->grid, APP_SIDE, APP_SIDE) < 0)
        app_message(s, 1, "out of memory while drawing the canvas");
    float total = 0.0f;
    for (int i = 0; i < APP_PIXELS; i++)
        total += s->grid[i];

    memset(&s->steps, 0, sizeof s->steps);
    /* the one path of every program, with the preprocessing as switched */
    NnModel *m = app_model(s);
    InkInput in = {.drawing = &s->drawing, .prep = s->preprocess ? INK_PREP_MNIST : INK_PREP_NONE,
                   .what = m ? s->models[s->active].name : NULL, .steps = &s->steps};
    InkAnswer a = {0}; /* the probabilities past its classes 0: the state copies them all */
    SnError err = {0};
    int rc = ink_classify(m, &in, &a, &err);
    app_views_capture(s, m, &a);
    if (s->view == LAYOUT_VIEW_NEAREST || app_closeup_layer(s) >= 0)
        app_digits_want(s); /* the close-up shows its unit's best test digits too */
    if (s->view == LAYOUT_VIEW_NEAREST)
        app_digits_search(s, m);
    if (s->view == LAYOUT_VIEW_DATA)
        app_data_follow(s); /* the answers to every test image, made once per model */
    memcpy(s->seen, a.grid, sizeof s->seen);
    if (!a.prepared) {
        memset(s->seen, 0, sizeof s->seen);
        app_message(s, 1, "out of memory while preparing the drawing");
    }

    answer(s, m, &a, rc, total, &err);
    app_compare_capture(s); /* the compare view's second model, on the same drawing */
    app_collect_capture(s); /* the Yours view's picked drawing */
    app_flip_follow(s);
    app_replay_record(s); /* a replay's chart keeps what it read */
    app_challenge_check(s); /* a challenge round's prompt, against this answer */
}

const char *app_label(const AppState *s, int i)
{
    const NnModel *m = app_model(s);
    /* a class without a name is called by its number */
    static char numbers[NN_MAX_CLASSES][4];
    if (i < 0 || i >= NN_MAX_CLASSES || (m && i >= m->info.n_classes))
        return "?";
    if (m && m->info.labels[i][0])
        return m->info.labels[i];
    if (!numbers[i][0])
        snprintf(numbers[i], sizeof numbers[i], "%d", i);
    return numbers[i];
}

int app_reads_digits(const AppState *s)
{
    const NnModel *m = app_model(s);
    return !m || ink_reads_digits(m);
}

void app_percent(float p, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f%%", (double)(100.0f * p));
}

void app_verdict_text(const AppState *s, char *buf, size_t n)
{
    app_answer_text(s, s->verdict, s->probs, s->top, s->second, buf, n);
}

void app_answer_text(const AppState *s, AppVerdict v, const float *probs, int top, int second,
                     char *buf, size_t n)
{
    switch (v) {
    case APP_NO_MODEL:
        snprintf(buf, n, "No model loaded");
        break;
    case APP_BAD_MODEL:
        snprintf(buf, n, "This model could not be loaded");
        break;
    case APP_EMPTY:
        snprintf(buf, n, app_reads_digits(s) ? "Draw a digit" : "Draw something");
        break;
    case APP_TOO_LITTLE:
        snprintf(buf, n, "Too little ink: keep drawing");
        break;
    case APP_TOO_SMALL:
        snprintf(buf, n, "Too small: draw it bigger");
        break;
    case APP_NO_ANSWER:
        snprintf(buf, n, "No answer from this model");
        break;
    case APP_SURE:
    case APP_LEANING: {
        /* the whole part of the one-decimal percentage: 99.96 shows as 100.0% and 100% */
        int whole = (int)(floorf(1000.0f * probs[top] + 0.5f) / 10.0f);
        snprintf(buf, n, v == APP_SURE ? "%s (%d%%)" : "Leaning towards %s (%d%%)",
                 app_label(s, top), whole);
        break;
    }
    case APP_UNSURE:
        snprintf(buf, n, "Not sure: %s or %s?", app_label(s, top), app_label(s, second));
        break;
    case APP_REFUSED:
        snprintf(buf, n, app_reads_digits(s) ? "That doesn't look like a digit"
                                             : "None of these classes");
        break;
    }
}

void app_sureness_text(const AppState *s, char *buf, size_t n)
{
    if (s->verdict == APP_SURE)
        snprintf(buf, n, "confident");
    else if (s->verdict == APP_LEANING && !app_reads_digits(s))
        snprintf(buf, n, "leaning");
    else if (s->verdict == APP_LEANING)
        snprintf(buf, n, "leaning towards %s", app_label(s, s->top));
    else if (n > 0)
        buf[0] = '\0';
}

/* A refusal in a few words: the title's and the help's (the panel says it in a sentence). */
static const char *refusal_words(const AppState *s)
{
    return app_reads_digits(s) ? "Not a digit" : "None of these classes";
}

void app_title(const AppState *s, char *buf, size_t n)
{
    char v[160];
    if (s->verdict == APP_REFUSED)
        snprintf(v, sizeof v, "%s", refusal_words(s));
    else
        app_verdict_text(s, v, sizeof v);
    if (s->verdict != APP_SURE && v[0] >= 'A' && v[0] <= 'Z')
        v[0] = (char)(v[0] - 'A' + 'a');
    snprintf(buf, n, "scratchnet-draw \xe2\x80\x94 %s", v);
}

void app_refusal_rule(const AppState *s, char *buf, size_t n)
{
    const NnModel *m = app_model(s);
    const char *what = app_reads_digits(s) ? "digit" : "class";
    if (!m) {
        snprintf(buf, n, "said when no %s reaches the model's threshold", what);
        return;
    }
    if (!(m->info.refuse_below > 0.0f)) {
        snprintf(buf, n, "this model has no threshold, so it always names a %s", what);
        return;
    }
    /* the threshold as a percentage, without the zeros a round one would show: 42%, 99.9% */
    char pct[32];
    snprintf(pct, sizeof pct, "%.2f", (double)(100.0f * m->info.refuse_below));
    char *end = pct + strlen(pct);
    while (end[-1] == '0')
        *--end = '\0';
    if (end[-1] == '.')
        end[-1] = '\0';
    snprintf(buf, n, "no %s reaches %s%%", what, pct);
}

void app_refusal_help(const AppState *s, char *buf, size_t n)
{
    char rule[160];
    app_refusal_rule(s, rule, sizeof rule);
    snprintf(buf, n, "%s: %s", refusal_words(s), rule);
}

/* ---- messages ---- */

void app_message(AppState *s, int is_error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
    s->message_error = is_error;
    s->message_serial++;
    s->quit_asked = 0; /* the question goes with its message */
    s->needs_redraw = 1;
}

void app_clear_message(AppState *s)
{
    if (s->message[0])
        s->needs_redraw = 1;
    s->message[0] = '\0';
    s->message_error = 0;
    s->quit_asked = 0;
}

