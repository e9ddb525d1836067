/* app_views.c - the view area's state: which view is open, the value under the mouse and the
 * one picked, the softmax view's temperature, and the capture of every layer's output the
 * views read. No SDL, no printing.
 */
#include "draw/app_internal.h"

#include "draw/app_digits.h"
#include "draw/worker.h"

#include "ink/classify.h"
#include "nn/inspect.h"

static const float temps[] = APP_TEMPS;
#define N_TEMPS ((int)(sizeof temps / sizeof temps[0]))

/* A view changes what the area shows: the layout follows it, and the layers' outputs are
 * captured for it. */
static void view_changed(AppState *s)
{
    s->hover_unit = -1;
    app_changed(s);
}

void app_show_view(AppState *s, LayoutView v)
{
    if (v <= LAYOUT_VIEW_NONE || v >= LAYOUT_VIEWS)
        return;
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
}

void app_work_poll(AppState *s)
{
    app_digits_poll(s);
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
    app_digits_free(s);
}

void app_views_capture(AppState *s, NnModel *m, const InkAnswer *a)
{
    SnError err = {0};
    s->view_ready = m && a->n_classes > 0 &&
                    (s->view == LAYOUT_VIEW_ACTS || s->view == LAYOUT_VIEW_SOFTMAX ||
                     s->view == LAYOUT_VIEW_NEAREST) &&
                    ink_inspect(m, a, &err) == 0;
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
