/* app_views.c - the view area's state: which view is open, the value under the mouse and the
 * one picked, the softmax view's temperature, and the capture of every layer's output the
 * views read. No SDL, no printing.
 */
#include "draw/app_internal.h"

#include "draw/app_digits.h"
#include "draw/app_finetune.h"
#include "draw/worker.h"

#include "ink/classify.h"
#include "ink/pipeline.h"
#include "nn/inspect.h"
#include "nn/knockout.h"
#include "nn/unit_sum.h"

#include <stdio.h>

static const float temps[] = APP_TEMPS;
#define N_TEMPS ((int)(sizeof temps / sizeof temps[0]))

/* A view changes what the area shows: the layout follows it, and the layers' outputs are
 * kept for it. */
static void view_changed(AppState *s)
{
    s->hover_unit = -1;
    app_changed(s);
}

void app_show_view(AppState *s, LayoutView v)
{
    if (v <= LAYOUT_VIEW_NONE || v >= LAYOUT_VIEWS)
        return;
    if (v == LAYOUT_VIEW_ACTS && app_closeup_layer(s) >= 0) { /* back to every layer */
        app_view_pick(s, 0, -1);
        return;
    }
    s->view = s->view == v ? LAYOUT_VIEW_NONE : v;
    s->view_last = v;
    view_changed(s);
}

void app_toggle_views(AppState *s)
{
    s->view = s->view ? LAYOUT_VIEW_NONE : s->view_last ? s->view_last : LAYOUT_VIEW_ACTS;
    view_changed(s);
}

float app_temperature(const AppState *s)
{
    int i = s->temp_step < 0 ? 0 : s->temp_step >= N_TEMPS ? N_TEMPS - 1 : s->temp_step;
    return temps[i];
}

int app_temperature_step(AppState *s, int steps)
{
    int i = s->temp_step + steps;
    i = i < 0 ? 0 : i >= N_TEMPS ? N_TEMPS - 1 : i;
    if (i == s->temp_step)
        return 0;
    s->temp_step = i;
    s->needs_redraw = 1;
    return 1;
}

void app_view_hover(AppState *s, int layer, int unit)
{
    if (unit < 0)
        layer = 0;
    if (layer != s->hover_layer || unit != s->hover_unit)
        s->needs_redraw = 1;
    s->hover_layer = layer;
    s->hover_unit = unit;
}

void app_view_pick(AppState *s, int layer, int unit)
{
    if (unit < 0 || (layer == s->pick_layer && unit == s->pick_unit))
        layer = 0, unit = -1;
    if (layer != s->pick_layer || unit != s->pick_unit)
        s->needs_redraw = 1;
    s->pick_layer = layer;
    s->pick_unit = unit;
    s->pick_view = unit < 0 ? LAYOUT_VIEW_NONE : s->view;
    if (app_closeup_layer(s) >= 0)
        app_digits_want(s); /* its best test digits, built once per model */
}

void app_work_poll(AppState *s)
{
    WorkerJob *job;
    while (s->worker && (job = worker_take(s->worker)) != NULL) {
        if (job->kind == APP_JOB_FLIP)
            app_flip_take(s, job);
        else
            app_digits_take(s, job);
    }
    app_flip_poll(s);
    app_train_poll(s);
    app_finetune_poll(s);
    if (s->view == LAYOUT_VIEW_DATA)
        app_answers_want(s); /* training paused: the answers follow its last weights at once */
    s->needs_redraw = 1; /* a job's progress shows */
}

int app_work_busy(const AppState *s)
{
    WorkerState st;
    worker_state(s->worker, &st);
    return st.busy;
}

void app_work_stop(AppState *s)
{
    app_digits_free(s); /* the worker with it */
    app_flip_drop(s);
    app_train_free(s); /* the training thread with it */
    app_finetune_free(s);
}

void app_views_capture(AppState *s, const NnModel *m, const InkAnswer *a)
{
    /* the classification's pass (nn_model_predict) left every layer's output for the drawing */
    s->view_ready = m && a->n_classes > 0 &&
                    (s->view == LAYOUT_VIEW_ACTS || s->view == LAYOUT_VIEW_SOFTMAX ||
                     s->view == LAYOUT_VIEW_NEAREST);
}

const float *app_view_output(const AppState *s, int l)
{
    const NnModel *m = app_model(s);
    return s->view_ready && m ? nn_inspect_output(m, l) : NULL;
}

const float *app_view_logits(const AppState *s)
{
    const NnModel *m = app_model(s);
    return s->view_ready && m ? nn_inspect_logits(m) : NULL;
}

int app_closeup(const AppState *s, int *layer, int *unit)
{
    const NnModel *m = app_model(s);
    int l = s->pick_layer;
    if (!m || s->view != LAYOUT_VIEW_ACTS || s->pick_unit < 0 || nn_layer_units(m, l) == 0 ||
        s->pick_unit >= m->layers[l].n_out)
        return 0;
    const NnLayer *L = &m->layers[l];
    *layer = l;
    *unit = L->type == NN_LAYER_CONV2D ? s->pick_unit / (L->out.h * L->out.w) : s->pick_unit;
    return 1;
}

int app_closeup_layer(const AppState *s)
{
    int layer, unit;
    return app_closeup(s, &layer, &unit) ? layer : -1;
}

/* "unit 17 of layer 2", "filter 5 of layer 1". */
static void unit_name(const NnModel *m, int layer, int unit, char *buf, size_t n)
{
    snprintf(buf, n, "%s %d of layer %d",
             m->layers[layer].type == NN_LAYER_CONV2D ? "filter" : "unit", unit + 1, layer + 1);
}

int app_knockout_toggle(AppState *s)
{
    int layer, unit;
    NnModel *m = app_model(s);
    if (!app_closeup(s, &layer, &unit)) {
        int l = s->pick_layer;
        if (m && s->view == LAYOUT_VIEW_ACTS && s->pick_unit >= 0 && l >= 0 && l < m->n_layers)
            app_message(s, 1, "Layer %d (%s) has no units of its own to knock out", l + 1,
                        nn_layer_type_name(m->layers[l].type));
        else
            app_message(s, 1, "Click a unit in the Layers view (L) first; then K knocks it out");
        return 0;
    }
    if (nn_knockout_units(m, layer) == 0) {
        app_message(s, 1, "The output layer's units are the classes: they cannot be knocked out");
        return 0;
    }
    int off = !nn_knockout_is_set(m, layer, unit);
    SnError err = {0};
    if (nn_knockout_set(m, layer, unit, off, &err) != 0) {
        app_message(s, 1, "%s", err.msg);
        return 0;
    }
    char name[64];
    unit_name(m, layer, unit, name, sizeof name);
    int n = nn_knockout_count(m);
    if (off)
        app_message(s, 0, "Knocked out %s: %d unit%s knocked out (Shift+K puts them all back)",
                    name, n, n == 1 ? "" : "s");
    else
        app_message(s, 0, "Put back %s: %d unit%s knocked out", name, n, n == 1 ? "" : "s");
    app_changed(s);
    return 1;
}

int app_knockout_clear(AppState *s)
{
    NnModel *m = app_model(s);
    int n = m ? nn_knockout_count(m) : 0;
    if (n == 0) {
        app_message(s, 0, "No unit is knocked out");
        return 0;
    }
    nn_knockout_clear(m);
    app_message(s, 0, "Put back %d knocked-out unit%s: the network is whole again", n,
                n == 1 ? "" : "s");
    app_changed(s);
    return n;
}

int app_knockouts(const AppState *s)
{
    const NnModel *m = app_model(s);
    return m ? nn_knockout_count(m) : 0;
}

void app_toggle_saliency(AppState *s)
{
    int on = s->overlay != APP_OVERLAY_SALIENCY;
    s->overlay = on ? APP_OVERLAY_SALIENCY : APP_OVERLAY_NONE;
    app_message(s, 0, on ? "Saliency on (G): orange ink argues for the class, blue "
                                    "against it; click a bar to ask about another class"
                                  : "Saliency off (G)");
    app_changed(s);
}

void app_saliency_pick(AppState *s, int cls)
{
    s->saliency_pick = s->overlay == APP_OVERLAY_SALIENCY && cls == s->saliency_pick ? -1 : cls;
    s->overlay = APP_OVERLAY_SALIENCY;
    app_changed(s);
}

int app_saliency_class(const AppState *s)
{
    if (s->overlay != APP_OVERLAY_SALIENCY || s->n_probs <= 0)
        return -1;
    return s->saliency_pick >= 0 && s->saliency_pick < s->n_probs ? s->saliency_pick : s->top;
}

int app_bar_marked(const AppState *s)
{
    return s->overlay == APP_OVERLAY_SALIENCY && s->saliency_ready ? s->saliency_shown : -1;
}

void app_saliency_capture(AppState *s, NnModel *m, const InkAnswer *a)
{
    SnError err = {0};
    int cls = app_saliency_class(s);
    s->saliency_ready = cls >= 0 && ink_saliency(m, a, cls, s->saliency_grid, &err) == 0;
    s->saliency_shown = cls;
}

int app_seen_cell(const AppState *s, int i, int j)
{
    if (i < 0 || j < 0 || i >= APP_SIDE || j >= APP_SIDE)
        return -1;
    float k = s->steps.map_s * INK_RENDER_SCALE, u = (float)i + 0.5f, v = (float)j + 0.5f;
    if (s->preprocess && k > 0.0f) { /* the drawing was preprocessed at INK_RENDER_SCALE */
        u = k * u + s->steps.map_x;
        v = k * v + s->steps.map_y;
    }
    if (u < 0.0f || v < 0.0f || u >= (float)APP_SIDE || v >= (float)APP_SIDE)
        return -1;
    return (int)v * APP_SIDE + (int)u;
}

float app_saliency_at(const AppState *s, int i, int j)
{
    int c = s->saliency_ready ? app_seen_cell(s, i, j) : -1;
    return c < 0 ? 0.0f : s->saliency_grid[c];
}
