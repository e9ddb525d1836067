/* view_train.c - the Train view's parts and words (view_train.h). */
#include "draw/view_train.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DOT " \xc2\xb7 " /* a middle dot between the parts of a line */

static int iround(float v)
{
    return (int)lroundf(v);
}

ViewTrain view_train_layout(const Layout *l)
{
    ViewTrain v;
    memset(&v, 0, sizeof v);
    v.font = l->font_view;
    v.font_state = l->font_title;
    LayoutRect b = l->view_body;
    if (l->view != LAYOUT_VIEW_TRAIN || b.w < 1 || b.h < 1)
        return v;
    int bottom = b.y + b.h;
    for (int c = LAYOUT_CTL_TRAIN_SEED; c <= LAYOUT_CTL_TRAIN_SAVE; c++)
        if (l->controls[c].h > 0 && c != LAYOUT_CTL_TRAIN_SPEED)
            bottom = imin(bottom, l->controls[c].y);
    int gap = imax(1, l->gap / 2);
    int sh = iround(2.6f * (float)v.font_state), lh = iround(2.5f * (float)v.font);
    int y = b.y + gap / 2;
    LayoutRect speed = l->controls[LAYOUT_CTL_TRAIN_SPEED]; /* at the right of the state line */
    int sw = speed.w > 0 ? b.x + b.w - speed.x + gap : 0;
    sh = imax(sh, speed.y + speed.h - y);
    v.state = layout_box(b.x, y, b.w - sw, imin(sh, bottom - y));
    y += v.state.h;
    v.data = layout_box(b.x, y, b.w, imin(lh, bottom - y));
    y += v.data.h;
    v.recipe = layout_box(b.x, y, b.w, imin(iround(3.7f * (float)v.font), bottom - y));
    y += v.recipe.h + gap;
    int th = iround(1.4f * (float)v.font);
    int pw = (b.w - gap) / 2;
    for (int i = 0; i < 2; i++) {
        int x = b.x + i * (pw + gap);
        v.plot_title[i] = layout_box(x, y, pw, imin(th, bottom - y));
        int py = y + v.plot_title[i].h;
        v.plot[i] = layout_box(x, py, pw, bottom - gap - py);
    }
    return v;
}

/* The axis's right end: the digits seen, at least ten times its left end. */
static long axis_end(long end)
{
    return end > 10 * VIEW_TRAIN_AXIS_FROM ? end : 10 * VIEW_TRAIN_AXIS_FROM;
}

double view_train_axis(long digits, long end)
{
    end = axis_end(end);
    if (digits <= VIEW_TRAIN_AXIS_FROM)
        return 0.0;
    if (digits >= end)
        return 1.0;
    /* log(digits / from) / log(end / from) */
    return log((double)digits / (double)VIEW_TRAIN_AXIS_FROM) /
           log((double)end / (double)VIEW_TRAIN_AXIS_FROM);
}

int view_train_axis_ticks(long end, long *at, int max)
{
    end = axis_end(end);
    int n = 0;
    for (long v = VIEW_TRAIN_AXIS_FROM; v <= end && n < max; v *= 10)
        at[n++] = v;
    return n;
}

void view_train_tick_text(long v, char *buf, size_t n)
{
    if (v >= 1000000L && v % 1000000L == 0)
        snprintf(buf, n, "%ldM", v / 1000000L);
    else if (v >= 1000L && v % 1000L == 0)
        snprintf(buf, n, "%ldk", v / 1000L);
    else
        snprintf(buf, n, "%ld", v);
}

void view_train_count(long v, char *buf, size_t n)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v);
    size_t len = strlen(digits), at = 0;
    char out[48];
    if (v < 0)
        out[at++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[at++] = ',';
        out[at++] = digits[i];
    }
    out[at] = '\0';
    snprintf(buf, n, "%s", out);
}

void view_train_state_text(const TrainStatus *st, char *buf, size_t n)
{
    if (!st) {
        snprintf(buf, n, "Choose a network, then Start (Space): it learns from random weights");
        return;
    }
    switch (st->phase) {
    case TRAIN_LOADING:
        snprintf(buf, n, "%s...", st->stage[0] ? st->stage : "Reading the digits");
        return;
    case TRAIN_FAILED:
        snprintf(buf, n, "Stopped: %s", st->error);
        return;
    default:
        break;
    }
    char seen[32], rate[32], acc[48] = "";
    view_train_count(st->samples, seen, sizeof seen);
    view_train_count(lround(st->per_second), rate, sizeof rate);
    if (st->test_acc >= 0.0f)
        snprintf(acc, sizeof acc, DOT "test accuracy %.1f %%", 100.0 * (double)st->test_acc);
    const char *pre = st->phase == TRAIN_PAUSED   ? "Paused" DOT
                      : st->phase == TRAIN_SAVING ? "Saving" DOT
                      : st->phase == TRAIN_STOPPED ? "Stopped" DOT
                                                   : "";
    char of[24] = "";
    if (st->epochs > 0)
        snprintf(of, sizeof of, " of %d", st->epochs);
    if (st->phase == TRAIN_DONE)
        snprintf(buf, n, "Done: %d epochs" DOT "%s digits seen%s", st->epoch, seen, acc);
    else if (st->phase == TRAIN_RUNNING)
        snprintf(buf, n, "Epoch %d%s" DOT "%s digits seen" DOT "%s a second%s", st->epoch + 1, of,
                 seen, rate, acc);
    else /* no rate while it does not run */
        snprintf(buf, n, "%sEpoch %d%s" DOT "%s digits seen%s", pre, st->epoch + 1, of, seen, acc);
}

void view_train_data_text(const TrainStatus *st, const char *full_dir, char *buf, size_t n,
                          int *warn)
{
    *warn = 0;
    if (!st || st->phase == TRAIN_LOADING || (st->phase == TRAIN_FAILED && !st->n_train)) {
        snprintf(buf, n, "Trains on the full MNIST when it is in %s, else on the digits shipped "
                 "with the app", full_dir);
        return;
    }
    char train[32], test[32];
    view_train_count(st->n_train, train, sizeof train);
    view_train_count(st->n_test, test, sizeof test);
    if (st->full) {
        snprintf(buf, n, "Full MNIST: %s training digits from %s; live accuracy on %s test "
                 "digits", train, st->data_dir, test);
    } else {
        *warn = 1;
        snprintf(buf, n, "The full MNIST is not in %s: training on the %s digits shipped with the "
                 "app; live accuracy on %s test digits", full_dir, train, test);
    }
}

void view_train_recipe_text(const TrainStatus *st, const char *recipe_title, const char *about,
                            float lr, int batch, char *buf, size_t n)
{
    char reached[48] = "";
    if (st && st->seconds_to_90 >= 0.0)
        snprintf(reached, sizeof reached, DOT "90 %% after %.1f s", st->seconds_to_90);
    snprintf(buf, n, "%s: %s" DOT "learning rate %g" DOT "batch %d" DOT "no distortions%s",
             recipe_title, about, (double)lr, batch, reached);
}
