/* layout_probe.c - prints the drawing app's layout for a window size, for the GUI tests to
 * find the canvas and click the on-screen controls where the app puts them.
 *
 * usage: layout_probe W H [SCALE [VIEW [MODEL.json]]]
 * One line per rectangle, "NAME X Y W H" in pixels: canvas, message, bars (the probability
 * bars, one row per class), brush_size, model_label,
 * then every control of the toolbar (clear, undo, redo, eraser, brush_smaller, brush_larger,
 * model_prev, model_next, steps, preprocess, help), the switches at the bottom right (views,
 * size, theme, flip, replay, challenge); with VIEW (1 activations, 2 weights, 3 softmax,
 * 4 nearest digits, 5 compare, 6 train, or a view by its name: replay, challenge, yours, data;
 * the view
 * area open on it) also view_body and the area's controls (view_acts, view_weights,
 * view_softmax, view_nearest, view_compare, view_train, temp_down, temp_up, train_seed ...
 * train_save, ch_yes, ch_no, ch_close, view_yours, yours_use, yours_delete, view_data,
 * data_prev, data_next, data_mistakes, data_edit); the "Label it"
 * tag over the canvas (label_tag) and its digit buttons (picker_0 .. picker_9); in the Yours
 * view (VIEW yours) also the picked drawing (yours_big) and the first image of each digit's
 * row when every digit has one (yours_tile_0 .. yours_tile_9); in
 * the compare view also the second model's line (compare_pair: a click there compares another
 * model); in the train view its state line and curves (train_state, train_cost,
 * train_accuracy); in the Data view the image shown (data_image) and each cell of the confusion
 * matrix (cell_R_C: true label R read as C; of MODEL.json, else of a model of ten classes
 * without a refusal rule); with a model in the
 * activations view also the first unit of its last hidden layer that can be knocked out
 * (hidden_unit: a dense cell or a feature map) and, with that unit up close, the close-up's
 * title and knock-out button (closeup_title, knock). $LAYOUT_PROBE_SIZE_STEP (0 .. 3) lays the
 * window out at that size of type and bars (Ctrl+=), and adds the status line (status).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/layout.h"
#include "draw/view_layout.h"
#include "draw/view_train.h"
#include "draw/view_yours.h"
#include "nn/knockout.h"
#include "nn/model_io.h"

static void line(const char *name, LayoutRect r)
{
    printf("%s %d %d %d %d\n", name, r.x, r.y, r.w, r.h);
}

/* The model's last hidden layer with units to knock out, its first unit, and its close-up. */
static int probe_unit(const Layout *l, const char *path)
{
    SnError err = {0};
    NnModel *m = nn_model_load(path, &err);
    if (!m) {
        fprintf(stderr, "layout_probe: %s\n", err.msg);
        return 1;
    }
    int layer = -1;
    for (int k = 0; k < m->n_layers; k++)
        layer = nn_knockout_units(m, k) > 0 ? k : layer;
    ViewLayout v = view_layout(l, m, -1);
    for (int i = 0; i < v.n_blocks; i++)
        if (v.blocks[i].layer == layer) {
            const ViewBlock *b = &v.blocks[i];
            LayoutRect r = {b->grid.x, b->grid.y, b->tile_w / (b->dense ? b->cols : 1),
                            b->tile_h / (b->dense ? b->rows : 1)};
            line("hidden_unit", r);
        }
    v = view_layout(l, m, layer);
    line("closeup_title", v.closeup.title);
    line("knock", v.closeup.knock);
    line("closeup_digits", v.closeup.digits);
    nn_model_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {
        "clear",        "undo",         "redo",         "eraser",       "brush_smaller",
        "brush_larger", "model_prev",   "model_next",   "steps",        "preprocess",
        "help",         "views",        "size",         "theme",        "flip",
        "replay",       "teach",        "challenge",    "view_acts",    "view_weights",
        "view_softmax", "view_nearest", "view_compare", "view_train",   "view_yours",
        "view_data",    "temp_down",    "temp_up",      "train_seed",   "train_mlp",
        "train_cnn",    "train_run",    "train_step",   "train_speed",  "train_lr_down",
        "train_lr_up",  "train_batch_down", "train_batch_up", "train_save", "ch_yes",
        "ch_no",        "ch_close",     "yours_use",    "yours_delete", "data_prev",
        "data_next",    "data_mistakes", "data_edit"};
    _Static_assert(sizeof names / sizeof names[0] == LAYOUT_ALL_CONTROLS, "a name per control");
    if (argc < 3) {
        fprintf(stderr, "usage: layout_probe W H [SCALE [VIEW]]\n");
        return 2;
    }
    const char *step = getenv("LAYOUT_PROBE_SIZE_STEP");
    LayoutView view = argc > 4 ? (LayoutView)atoi(argv[4]) : LAYOUT_VIEW_NONE;
    if (argc > 4 && strcmp(argv[4], "replay") == 0)
        view = LAYOUT_VIEW_REPLAY;
    if (argc > 4 && strcmp(argv[4], "challenge") == 0)
        view = LAYOUT_VIEW_CHALLENGE;
    if (argc > 4 && strcmp(argv[4], "yours") == 0)
        view = LAYOUT_VIEW_YOURS;
    if (argc > 4 && strcmp(argv[4], "data") == 0)
        view = LAYOUT_VIEW_DATA;
    Layout l = layout_compute_size(atoi(argv[1]), atoi(argv[2]),
                                   argc > 3 ? (float)atof(argv[3]) : 1.0f, view,
                                   step ? atoi(step) : 0);
    line("canvas", l.canvas);
    line("message", l.message);
    if (step)
        line("status", l.status);
    line("bars", l.bars);
    line("brush_size", l.brush_size);
    line("model_label", l.model_label);
    for (int c = 0; c < LAYOUT_CTL_VIEW_ACTS; c++) /* the toolbar and the buttons beside it */
        line(names[c], l.controls[c]);
    if (l.view != LAYOUT_VIEW_NONE) {
        line("view_body", l.view_body);
        for (int c = LAYOUT_CTL_VIEW_ACTS; c < LAYOUT_ALL_CONTROLS; c++)
            line(names[c], l.controls[c]);
    }
    line("label_tag", view_label_tag(&l));
    PickerLayout p = view_picker_layout(&l);
    char name[32];
    for (int d = 0; d < YOURS_DIGITS; d++) {
        snprintf(name, sizeof name, "picker_%d", d);
        line(name, p.digits[d]);
    }
    if (l.view == LAYOUT_VIEW_YOURS) {
        int ones[YOURS_DIGITS] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        YoursLayout y = view_yours_layout(&l, ones);
        line("yours_big", y.big);
        for (int d = 0; d < YOURS_DIGITS; d++) {
            snprintf(name, sizeof name, "yours_tile_%d", d);
            line(name, y.rows[d].grid);
        }
    }
    if (l.view == LAYOUT_VIEW_COMPARE) /* the model lines do not depend on the model */
        line("compare_pair", view_layout(&l, NULL, -1).pair[1]);
    if (l.view == LAYOUT_VIEW_TRAIN) {
        ViewTrain t = view_train_layout(&l);
        line("train_state", t.state);
        line("train_cost", t.plot[0]);
        line("train_accuracy", t.plot[1]);
    }
    if (l.view == LAYOUT_VIEW_DATA) { /* the model's classes and refusal rule, or ten without */
        SnError err = {0};
        NnModel *m = argc > 5 ? nn_model_load(argv[5], &err) : NULL;
        if (argc > 5 && !m) {
            fprintf(stderr, "layout_probe: %s\n", err.msg);
            return 1;
        }
        ViewLayout v = view_layout(&l, m, -1);
        nn_model_free(m);
        line("data_image", v.data_image);
        for (int r = 0; r < v.matrix_rows; r++)
            for (int c = 0; c < v.matrix_cols; c++) {
                char cell[32];
                snprintf(cell, sizeof cell, "cell_%d_%d", r, c);
                line(cell, view_data_cell(&v, r, c));
            }
    }
    return argc > 5 && l.view != LAYOUT_VIEW_DATA ? probe_unit(&l, argv[5]) : 0;
}
