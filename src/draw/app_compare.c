/* app_compare.c - the compare view's second model (app.h): which models can be compared with
 * the active one, the one compared (chosen, else the default), stepping through them, and its
 * answer for the drawing through the one path of every program (ink_classify). No SDL, no
 * printing.
 */
#include "draw/app_internal.h"

#include <stdio.h>
#include <string.h>

#include "ink/classify.h"

/* 1 if models a and b name the same classes: as many, with the same names. */
static int same_classes(const NnModel *a, const NnModel *b)
{
    if (a->info.n_classes != b->info.n_classes)
        return 0;
    for (int k = 0; k < a->info.n_classes && k < NN_MAX_CLASSES; k++)
        if (strcmp(a->info.labels[k], b->info.labels[k]) != 0)
            return 0;
    return 1;
}

int app_compare_can(const AppState *s, int i)
{
    const NnModel *a = app_model(s);
    if (!a || i < 0 || i >= s->n_models || i == s->active || !s->models[i].model)
        return 0;
    return same_classes(a, s->models[i].model);
}

int app_compare_model(const AppState *s)
{
    if (app_compare_can(s, s->compare.pick))
        return s->compare.pick;
    for (int i = 0; i < s->n_models; i++) /* the seed network first */
        if (app_compare_can(s, i) && strstr(s->models[i].name, APP_COMPARE_DEFAULT))
            return i;
    int best = -1;
    for (int i = 0; i < s->n_models; i++)
        if (app_compare_can(s, i) &&
            (best < 0 || app_model_accuracy(s->models[i].model) >
                             app_model_accuracy(s->models[best].model)))
            best = i;
    return best;
}

int app_compare_count(const AppState *s)
{
    int n = 0;
    for (int i = 0; i < s->n_models; i++)
        n += app_compare_can(s, i);
    return n;
}

/* Appends the names of the models other than the active one that `failed` (1: could not be
 * loaded) or loaded with other classes (0) to buf at *at, then what they have in common;
 * nothing when there are none. */
static void list_skipped(const AppState *s, int failed, char *buf, size_t n, size_t *at)
{
    int count = 0;
    const NnModel *a = app_model(s);
    for (int i = 0; i < s->n_models; i++) {
        const NnModel *m = s->models[i].model;
        if (i == s->active || (failed ? m != NULL : !m || !a || same_classes(a, m)))
            continue;
        const char *sep = count ? ", " : *at ? "; " : "";
        if (*at < n)
            *at += (size_t)snprintf(buf + *at, n - *at, "%s%s", sep, s->models[i].name);
        count++;
    }
    const char *says = failed ? " could not be loaded"
                       : count == 1 ? " reads other classes"
                                    : " read other classes";
    if (count && *at < n)
        *at += (size_t)snprintf(buf + *at, n - *at, "%s", says);
}

void app_compare_skipped(const AppState *s, char *buf, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    list_skipped(s, 0, buf, n, &at);
    list_skipped(s, 1, buf, n, &at);
}

int app_compare_step(AppState *s, int step)
{
    int now = app_compare_model(s), n = s->n_models, i = now;
    if (!app_model(s)) {
        app_message(s, 1, "The active model could not be loaded: there is nothing to compare");
        return 0;
    }
    if (now < 0) {
        char why[400];
        app_compare_skipped(s, why, sizeof why);
        app_message(s, 1, "No other model reads the classes of %s%s%s",
                    s->models[s->active].name, why[0] ? ": " : "", why);
        return 0;
    }
    do
        i = ((i + (step < 0 ? -1 : 1)) % n + n) % n;
    while (i != now && !app_compare_can(s, i));
    if (i == now) {
        app_message(s, 0, "%s is the only other model that reads the classes of %s",
                    s->models[now].name, s->models[s->active].name);
        return 0;
    }
    s->compare.pick = i;
    int nth = 0;
    for (int k = 0; k <= i; k++)
        nth += app_compare_can(s, k);
    app_message(s, 0, "Comparing %s with %s, %d of the %d other models of the same classes "
                      "(B: the next)",
                s->models[s->active].name, s->models[i].name, nth, app_compare_count(s));
    app_changed(s);
    return 1;
}

void app_compare_capture(AppState *s)
{
    AppCompare *c = &s->compare;
    c->model = s->view == LAYOUT_VIEW_COMPARE ? app_compare_model(s) : -1;
    c->n_probs = 0;
    c->top = c->second = -1;
    c->verdict = s->verdict; /* no answer of its own: nothing drawn to read, no model, ... */
    if (c->model < 0 || s->n_probs == 0)
        return;
    /* the one path, with the model's own preprocessing, as when it is the active one */
    NnModel *m = s->models[c->model].model;
    InkInput in = {.drawing = &s->drawing,
                   .prep = nn_model_mnist_preprocessing(m) ? INK_PREP_MNIST : INK_PREP_NONE,
                   .what = s->models[c->model].name};
    InkAnswer a;
    SnError err = {0};
    if (ink_classify(m, &in, &a, &err) != 0) {
        app_message(s, 1, "%s", err.msg);
        c->verdict = APP_NO_ANSWER;
        return;
    }
    c->n_probs = a.n_classes;
    memcpy(c->probs, a.probs, sizeof c->probs);
    for (int i = 0; i < c->n_probs; i++)
        c->diff[i] = s->probs[i] - c->probs[i];
    c->verdict = app_classify(c->probs, c->n_probs, &c->top, &c->second);
    if (ink_answer_refused(m, &a))
        c->verdict = APP_REFUSED;
}

void app_compare_verdict_text(const AppState *s, char *buf, size_t n)
{
    const AppCompare *c = &s->compare;
    app_answer_text(s, c->verdict, c->probs, c->top, c->second, buf, n);
}
