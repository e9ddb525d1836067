/* view_train.h - the Train view's parts inside the view area's body, and its words, as pure
 * functions of the layout and the training's figures: no SDL, no drawing.
 *
 * From the top: the state line (what it is doing: epoch, digits seen, digits a second, the last
 * test accuracy), a line on the data (the full MNIST or the shipped subset, and why), a line on
 * the network and its settings, then the cost curve beside the test accuracy curve, each under
 * its title; the buttons (layout.h, LAYOUT_CTL_TRAIN_*) take the body's bottom rows.
 */
#ifndef DRAW_VIEW_TRAIN_H
#define DRAW_VIEW_TRAIN_H

#include <stddef.h>

#include "draw/layout.h"
#include "draw/train_session.h"

typedef struct ViewTrain {
    int font;                 /* the lines' and the curves' text, pixels (the view's) */
    int font_state;           /* the state line's, larger */
    LayoutRect state;         /* two lines at font_state, left of the speed button */
    LayoutRect data;          /* two lines at font */
    LayoutRect recipe;        /* three lines at font */
    LayoutRect plot_title[2]; /* one line each: the cost's, the test accuracy's */
    LayoutRect plot[2];       /* the curves, axes and their numbers inside */
} ViewTrain;

/* The parts of the train view in l's view body (empty rectangles when l->view is another). */
ViewTrain view_train_layout(const Layout *l);

/* The state line: "Epoch 2 of 30 · 84,000 digits seen · 41,200 a second · test accuracy 94.1 %"
 * ("Paused · " first and no rate while paused), the stage while reading the digits, the reason
 * after a failure, "Done: 30 epochs · ... · test accuracy 97.8 %" at the end of a run; before any
 * training (st NULL): what to do. */
void view_train_state_text(const TrainStatus *st, char *buf, size_t n);
/* The data line: "Full MNIST: 60,000 training digits from DIR; accuracy on 1,000 of its test
 * digits", or "The full MNIST is not here (DIR): training on the 10,000 digits shipped with the
 * app", where it looked; *warn is set in the second case. st NULL: where it will look. */
void view_train_data_text(const TrainStatus *st, const char *full_dir, char *buf, size_t n,
                          int *warn);
/* The settings line: "Seed: 784 inputs, 100 sigmoid units, 10 outputs; quadratic cost, plain
 * SGD · learning rate 0.5 · batch 10 · no distortions", then "· 90 % after 4.2 s" once reached
 * (the learning rate stays as set: no schedule).
 * recipe_title, about, lr and batch are what the window asks for (st NULL: not started). */
void view_train_recipe_text(const TrainStatus *st, const char *recipe_title, const char *about,
                            float lr, int batch, char *buf, size_t n);
/* The curves' x axis: digits seen on a logarithmic scale from VIEW_TRAIN_AXIS_FROM at the left
 * to `end` (at least ten times that) at the right, so the first hundreds of digits, where a
 * network learns most, are as wide as the millions after. Returns where `digits` lies, 0 at the
 * left to 1 at the right (fewer than VIEW_TRAIN_AXIS_FROM digits, 0 among them: the left end). */
#define VIEW_TRAIN_AXIS_FROM 100L
double view_train_axis(long digits, long end);
/* The axis's ticks, the powers of ten from VIEW_TRAIN_AXIS_FROM up to its right end, into at[]
 * (at most max of them); returns how many. */
int view_train_axis_ticks(long end, long *at, int max);
/* A tick's words: "100", "1k", "10k", "100k", "1M", "10M". */
void view_train_tick_text(long v, char *buf, size_t n);
/* A count with thousands separated: "60,000". */
void view_train_count(long v, char *buf, size_t n);

#endif
