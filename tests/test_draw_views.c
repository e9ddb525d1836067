/* test_draw_views.c - the view area without a display: which view is open (keys and the
 * Inside switch), the value under the mouse and the one picked, the temperature, where each
 * view's parts go at 1280 x 720, 1920 x 1080 and 3840 x 2160 and in the windows the app opens
 * (1020 x 650 on a 1280 x 720 screen, 1100 x 700) for models shaped as the shipped ones (built
 * here, small and untrained), with text readable from the back of a room, the Data view's
 * confusion matrix for digits, clothes and a model with a refusal rule, and the softmax
 * view's arithmetic against numbers worked out by hand.
 */
#include <string.h>

#include "draw/layout.h"
#include "draw/view_layout.h"
#include "draw/theme.h"
#include "draw/view_softmax.h"
#include "draw/view_unit.h"
#include "draw/view_train.h"
#include "draw/view_yours.h"
#include "draw_test.h"
#include "ink/palette.h"
#include "spec_model.h"

static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
#define N_SIZES 3
/* the windows the app opens on a 1280 x 720 screen and on larger ones */
static const int windows[][2] = {{1020, 650}, {1100, 700}};
#define N_WINDOWS 2

/* The layout of `view` at a width x height screen, HiDPI-scaled twice at 4K as a 4K screen
 * usually is. */
static Layout scaled_layout(const int wh[2], LayoutView view)
{
    return layout_compute_view(wh[0], wh[1], wh[0] >= 3840 ? 2.0f : 1.0f, view);
}

/* Models shaped as the shipped ones: the CNN (and Fashion CNN), the MLP (and Fashion MLP), the
 * seed's sigmoid net; and one with activation layers, as imported graphs have them. */
static const char *const specs[] = {
    "1x28x28,conv32x5:relu,pool,conv64x5:relu,pool,dropout0.25,256:relu,10:softmax",
    "1x28x28,256:relu,128:relu,10:softmax",
    "1x28x28,100:sigmoid,10:softmax",
    /* PyTorch's MNIST example: ReLU after pooling; and one on the input */
    ("1x28x28,act:relu,conv10x5p0,pool,act:relu,conv20x5p0,dropout0.5,pool,act:relu,flatten,"
     "50:relu,dropout0.5,10:softmax"),
};
#define N_SPECS 4

static int inside(LayoutRect a, LayoutRect b)
{
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

static int overlap(LayoutRect a, LayoutRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

TEST(keys_open_a_view_and_close_it_and_the_switch_reopens_the_last)
{
    AppState s;
    app_init(&s);
    CHECK(s.view == LAYOUT_VIEW_NONE);
    app_toggle_views(&s); /* I: the activations at first */
    CHECK(s.view == LAYOUT_VIEW_ACTS && s.needs_update && s.needs_redraw);
    app_show_view(&s, LAYOUT_VIEW_SOFTMAX); /* X */
    CHECK(s.view == LAYOUT_VIEW_SOFTMAX);
    app_show_view(&s, LAYOUT_VIEW_SOFTMAX); /* X again closes the area */
    CHECK(s.view == LAYOUT_VIEW_NONE);
    app_toggle_views(&s); /* I reopens the last one shown */
    CHECK(s.view == LAYOUT_VIEW_SOFTMAX);
    app_show_view(&s, LAYOUT_VIEW_WEIGHTS);
    CHECK(s.view == LAYOUT_VIEW_WEIGHTS);
    app_toggle_views(&s);
    CHECK(s.view == LAYOUT_VIEW_NONE);
    app_show_view(&s, LAYOUT_VIEWS); /* no such view: nothing changes */
    CHECK(s.view == LAYOUT_VIEW_NONE);
    CHECK(app_control_on(&s, LAYOUT_CTL_VIEWS) == 0);
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    CHECK(app_control_on(&s, LAYOUT_CTL_VIEWS) == 1);
    CHECK(app_control_on(&s, LAYOUT_CTL_VIEW_ACTS) == 1);
    CHECK(app_control_on(&s, LAYOUT_CTL_VIEW_WEIGHTS) == 0);
    app_free(&s);
}

TEST(hover_and_pick_follow_the_mouse_and_clicks)
{
    AppState s;
    app_init(&s);
    CHECK(s.hover_unit == -1 && s.pick_unit == -1);
    s.needs_redraw = 0;
    app_view_hover(&s, 2, 17);
    CHECK(s.hover_layer == 2 && s.hover_unit == 17 && s.needs_redraw);
    s.needs_redraw = 0;
    app_view_hover(&s, 2, 17); /* the same value: nothing to draw again */
    CHECK(!s.needs_redraw);
    app_view_hover(&s, 5, -1); /* off every value */
    CHECK(s.hover_unit == -1);
    app_view_pick(&s, 1, 3);
    CHECK(s.pick_layer == 1 && s.pick_unit == 3);
    app_view_pick(&s, 0, 4); /* another value */
    CHECK(s.pick_layer == 0 && s.pick_unit == 4);
    app_view_pick(&s, 0, 4); /* the same again: unpicked */
    CHECK(s.pick_unit == -1);
    app_view_pick(&s, 1, 3);
    app_view_pick(&s, 0, -1); /* a click on no value */
    CHECK(s.pick_unit == -1);
    app_free(&s);
}

TEST(the_temperature_starts_at_one_and_steps_within_its_ends_without_touching_the_bars)
{
    AppState s;
    NnModel *m = flat_model("flat", 0.9f);
    app_with_model(&s, m);
    draw_bar(&s, 14.0f);
    app_update(&s);
    float probs[NN_MAX_CLASSES];
    memcpy(probs, s.probs, sizeof probs);
    CHECK(app_temperature(&s) == 1.0f);
    app_show_view(&s, LAYOUT_VIEW_SOFTMAX);
    CHECK(app_temperature_step(&s, -1) == 1 && app_temperature(&s) < 1.0f);
    CHECK(app_temperature_step(&s, +2) == 1 && app_temperature(&s) > 1.0f);
    CHECK(app_temperature_step(&s, -100) == 1 && app_temperature(&s) == 0.1f);
    CHECK(app_temperature_step(&s, -1) == 0); /* at the end */
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_TEMP_DOWN));
    CHECK(app_control_enabled(&s, LAYOUT_CTL_TEMP_UP));
    CHECK(app_temperature_step(&s, +100) == 1 && app_temperature(&s) == 10.0f);
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_TEMP_UP));
    if (s.needs_update)
        app_update(&s);
    CHECK(memcmp(probs, s.probs, sizeof probs) == 0); /* the bars stay the model's */
    app_show_view(&s, LAYOUT_VIEW_ACTS);              /* other views: the buttons do nothing */
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_TEMP_DOWN));
    app_free(&s);
}

TEST(a_view_gets_every_layers_output_only_while_it_is_open)
{
    AppState s;
    NnModel *m = spec_model_bare(specs[1]);
    app_with_model(&s, m);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(app_view_output(&s, 0) == NULL && app_view_logits(&s) == NULL);
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    CHECK(s.needs_update);
    app_update(&s);
    for (int l = 0; l < m->n_layers; l++)
        CHECK(app_view_output(&s, l) != NULL);
    CHECK(app_view_output(&s, m->n_layers) == NULL);
    CHECK(app_view_logits(&s) != NULL);
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    app_update(&s);
    CHECK(app_view_output(&s, 0) == NULL);
    app_free(&s);
}

/* The nearest digits view: two rows of digits under the sentence, each row over its line of
 * labels, the status line, two rows of a unit's digits under their title; every part in the
 * body, none over another, and a digit's 28 x 28 pixels a screen pixel each at least. Returns
 * the misplaced parts. */
static int check_digits_layout(const ViewLayout *v, LayoutRect body)
{
    LayoutRect parts[3 + 4 * VIEW_DIGIT_ROWS];
    int n = 0, bad = 0;
    parts[n++] = v->sentence;
    parts[n++] = v->status;
    parts[n++] = v->excite_title;
    for (int r = 0; r < VIEW_DIGIT_ROWS; r++) {
        parts[n++] = v->near[r].grid;
        parts[n++] = v->near_labels[r];
        parts[n++] = v->excite[r].grid;
        parts[n++] = v->excite_labels[r];
        bad += v->near[r].tiles != VIEW_DIGITS_PER_ROW || v->near[r].tile_w < 28;
        bad += v->excite[r].tiles != VIEW_DIGITS_PER_ROW || v->excite[r].tile_w < 28;
        bad += v->near_labels[r].h < v->font || v->excite_labels[r].h < v->font;
        /* each image's label at the view's size under it (its room: the image and a gap):
         * "3 \xc2\xb7 5.52" (about four letters wide) on one line, or the label over the
         * distance (about three) on two */
        int need = v->label_lines == 1 ? 4 * v->font : 3 * v->font;
        bad += v->near[r].tile_w + v->near[r].gap < need;
        bad += v->excite[r].tile_w + v->excite[r].gap < need;
        bad += v->near_labels[r].h < v->label_lines * v->font;
    }
    for (int i = 0; i < n; i++) {
        bad += !inside(parts[i], body) || parts[i].w < 1 || parts[i].h < 1;
        for (int k = 0; k < i; k++)
            bad += overlap(parts[i], parts[k]);
    }
    bad += v->sentence.h < 2 * v->font || v->excite_title.h < v->font;
    /* the status: three lines of the view's text (what the numbers are, where the images
     * come from), none shrunk */
    bad += v->status.h < 3 * (int)lroundf(1.2f * (float)v->font);
    return bad;
}

/* The compare view: a line per model (its name and answer), the columns' names, a row per
 * class and the note under them; every part in the body, none over another, each column at
 * least two characters wide, and text at the view's size at least. Returns the misplaced
 * parts. */
static int check_compare_layout(const ViewLayout *v, LayoutRect body)
{
    LayoutRect parts[3 + 1 + NN_MAX_CLASSES];
    int n = 0, bad = v->n_rows != 10;
    parts[n++] = v->pair[0];
    parts[n++] = v->pair[1];
    parts[n++] = v->head;
    parts[n++] = v->note;
    for (int i = 0; i < v->n_rows; i++) {
        parts[n++] = v->rows[i];
        bad += v->rows[i].h < v->font;
    }
    for (int i = 0; i < n; i++) {
        bad += !inside(parts[i], body) || parts[i].w < 1 || parts[i].h < 1;
        for (int k = 0; k < i; k++)
            bad += overlap(parts[i], parts[k]);
    }
    for (int c = 0; c < VIEW_COMPARE_COLS; c++)
        bad += v->col_x[c + 1] - v->col_x[c] < 2 * v->font;
    bad += v->col_x[0] != body.x || v->col_x[VIEW_COMPARE_COLS] != body.x + body.w;
    bad += v->pair[0].h < v->font || v->pair[1].h < v->font || v->note.h < 2 * v->font;
    return bad;
}

/* The train view's lines, curves and buttons lie in the body, none over another; its buttons
 * in two rows of five across the bottom, as high as the tabs; its curves a good size. */
static int check_train_layout(const Layout *l)
{
    ViewTrain t = view_train_layout(l);
    LayoutRect body = l->view_body;
    LayoutRect parts[5 + 2 * 2 + LAYOUT_TRAIN_BUTTONS];
    int n = 0, bad = 0;
    parts[n++] = t.state;
    parts[n++] = t.data;
    parts[n++] = t.recipe;
    for (int i = 0; i < 2; i++) {
        parts[n++] = t.plot_title[i];
        parts[n++] = t.plot[i];
        bad += t.plot[i].h < 5 * t.font || t.plot[i].w < 10 * t.font;
        bad += t.plot_title[i].h < t.font;
    }
    bad += t.state.h < 2 * t.font_state || t.data.h < 2 * t.font || t.recipe.h < 3 * t.font;
    bad += t.font != l->font_view || t.font_state < t.font;
    for (int c = LAYOUT_CTL_TRAIN_SEED; c <= LAYOUT_CTL_TRAIN_SAVE; c++) {
        parts[n++] = l->controls[c];
        bad += l->controls[c].h != l->controls[LAYOUT_CTL_VIEW_ACTS].h;
        bad += l->controls[c].w < 4 * l->font_tab;
    }
    bad += l->controls[LAYOUT_CTL_TRAIN_LR_DOWN].y <= l->controls[LAYOUT_CTL_TRAIN_SEED].y;
    for (int i = 0; i < n; i++) {
        bad += !inside(parts[i], body) || parts[i].w < 1 || parts[i].h < 1;
        for (int k = 0; k < i; k++)
            bad += overlap(parts[i], parts[k]);
    }
    return bad;
}

/* The Yours view (a drawing or more of each digit): the picked drawing, its lines and a row per
 * digit in the body, above its two buttons, none over another, the rows a line of text high.
 * Returns the misplaced parts. */
static int check_yours_layout(const Layout *l, LayoutRect body)
{
    int counts[YOURS_DIGITS] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 40};
    YoursLayout y = view_yours_layout(l, counts);
    LayoutRect parts[2 + 2 * YOURS_DIGITS + 2];
    int n = 0, bad = 0;
    parts[n++] = y.big;
    parts[n++] = y.info;
    for (int d = 0; d < YOURS_DIGITS; d++) {
        parts[n++] = y.labels[d];
        parts[n++] = y.rows[d].grid;
        bad += y.labels[d].h < y.font || y.rows[d].tiles < 1;
    }
    parts[n++] = l->controls[LAYOUT_CTL_YOURS_USE];
    parts[n++] = l->controls[LAYOUT_CTL_YOURS_DELETE];
    for (int i = 0; i < n; i++) {
        bad += !inside(parts[i], body) || parts[i].w < 1 || parts[i].h < 1;
        for (int k = 0; k < i; k++)
            bad += overlap(parts[i], parts[k]);
    }
    return bad;
}

/* The Data view: the line over the matrix, the matrix, the browser's line, the image and its
 * lines all in the body above the view's buttons, none over another; a cell a line of the
 * view's text high and wide enough for a four-digit count ("1135"), every cell inside the
 * matrix, the image at least twice the test images' size. Returns the misplaced parts. */
static int check_data_layout(const Layout *l, const ViewLayout *v, LayoutRect body)
{
    LayoutRect parts[] = {v->matrix_title, v->matrix, v->data_head, v->data_image, v->data_info};
    int n = (int)(sizeof parts / sizeof parts[0]), bad = 0;
    for (int i = 0; i < n; i++) {
        bad += !inside(parts[i], body) || parts[i].w < 1 || parts[i].h < 1;
        for (int k = 0; k < i; k++)
            bad += overlap(parts[i], parts[k]);
        for (int c = LAYOUT_CTL_DATA_PREV; c <= LAYOUT_CTL_DATA_EDIT; c++)
            bad += overlap(parts[i], l->controls[c]) || !inside(l->controls[c], body) ||
                   (float)l->controls[c].h < 2.22f * (float)l->font_control; /* and its key */
    }
    bad += v->matrix_rows != 10 || v->matrix_cols < 10;
    bad += v->cell_h < v->font || 10 * v->cell_w < 24 * v->font;
    for (int r = -1; r < v->matrix_rows; r++)
        for (int c = -1; c < v->matrix_cols; c++)
            bad += !inside(view_data_cell(v, r, c), v->matrix);
    bad += v->data_image.w < 2 * 28 || v->data_image.w != v->data_image.h;
    bad += v->data_info.h < 4 * v->font || v->data_head.h < v->font ||
           v->matrix_title.h < v->font;
    return bad;
}

/* Every part of a view lies in the view body and no two overlap; the canvas, the bars and the
 * controls stay clear of the view area; the Replay, Flip it and Inside switches of the lines
 * below. */
static void check_view_layout(const Layout *l, const NnModel *m, const char *what)
{
    ViewLayout v = view_layout(l, m, -1);
    LayoutRect body = l->view_body;
    int bad = 0;
    CHECK(!overlap(l->view_area, l->canvas) && !overlap(l->view_area, l->bars));
    CHECK(l->bars.h > 0 && l->bars.w > 0);
    CHECK(l->w < 1280 || l->canvas.w >= 12 * LAYOUT_CELLS);
    LayoutRect inside_switch = l->controls[LAYOUT_CTL_VIEWS];
    bad += overlap(inside_switch, l->message) || overlap(inside_switch, l->status);
    bad += inside_switch.h < 48 * (int)l->scale;
    LayoutRect flip_switch = l->controls[LAYOUT_CTL_FLIP]; /* Flip it, left of Inside */
    bad += overlap(flip_switch, l->message) || overlap(flip_switch, l->status);
    bad += flip_switch.h < 48 * (int)l->scale || flip_switch.x + flip_switch.w > inside_switch.x;
    LayoutRect replay = l->controls[LAYOUT_CTL_REPLAY]; /* Replay, left of Light */
    bad += overlap(replay, l->message) || overlap(replay, l->status);
    bad += replay.h < 48 * (int)l->scale ||
           replay.x + replay.w > l->controls[LAYOUT_CTL_THEME].x;
    for (int c = 0; c < LAYOUT_ALL_CONTROLS; c++) {
        LayoutRect r = l->controls[c];
        if (r.w == 0)
            continue;
        bad += overlap(r, l->canvas) || overlap(r, l->bars);
        bad += c != LAYOUT_CTL_VIEWS && overlap(r, inside_switch);
        if (c >= LAYOUT_CTL_VIEW_ACTS) /* the view area's own */
            bad += !inside(r, l->view_area) || r.h < 48 * (int)l->scale;
    }
    for (int i = 0; i < v.n_blocks; i++) {
        const ViewBlock *b = &v.blocks[i];
        bad += !inside(b->title, body) || !inside(b->grid, body) || b->tile_w < 1;
        bad += overlap(b->grid, v.legend) || overlap(b->grid, v.readout);
        for (int k = 0; k < i; k++)
            bad += overlap(b->grid, v.blocks[k].grid) || overlap(b->title, v.blocks[k].grid);
    }
    if (v.view == LAYOUT_VIEW_SOFTMAX) {
        bad += v.n_rows != 10 || !inside(v.formula, body) || !inside(v.sum, body);
        for (int i = 0; i < v.n_rows; i++)
            bad += !inside(v.rows[i], body) || v.rows[i].h < v.font ||
                   overlap(v.rows[i], l->controls[LAYOUT_CTL_TEMP_UP]);
        bad += overlap(v.sum, l->controls[LAYOUT_CTL_TEMP_DOWN]) || v.temp.w < 4 * v.font;
    } else if (v.view == LAYOUT_VIEW_NEAREST) {
        bad += check_digits_layout(&v, body);
    } else if (v.view == LAYOUT_VIEW_COMPARE) {
        bad += check_compare_layout(&v, body);
    } else if (l->view == LAYOUT_VIEW_TRAIN) {
        bad += check_train_layout(l);
    } else if (v.view == LAYOUT_VIEW_YOURS) {
        bad += check_yours_layout(l, body);
    } else if (v.view == LAYOUT_VIEW_DATA) {
        bad += check_data_layout(l, &v, body);
    } else {
        bad += !inside(v.legend, body) || !inside(v.readout, body);
    }
    /* readable from the back of a room: text of 22 px or more at full HD, 15 at 1280, 14 in
     * the window a 1280 x 720 screen gets, twice full HD's on a 4K screen's pixels; every line
     * of it as high as its text, so none is shrunk to fit */
    bad += l->w >= 1920 && v.font < 22;
    bad += l->w >= 1280 && v.font < 15;
    bad += l->h >= 650 && v.font < 14;
    bad += l->w >= 3840 && l->scale < 2.0f && v.font < 44;
    int line = (int)lroundf(1.2f * (float)v.font);
    for (int i = 0; i < v.n_blocks; i++)
        bad += v.blocks[i].title.h < line;
    if (v.view == LAYOUT_VIEW_ACTS || v.view == LAYOUT_VIEW_WEIGHTS)
        bad += v.legend.h < 2 * line || v.readout.h < line;
    if (v.view == LAYOUT_VIEW_SOFTMAX)
        bad += v.formula.h < line || v.head.h < line || v.sum.h < line;
    /* the view's title on a line of its own under the tabs, the tabs wide enough for their
     * names at the buttons' size (about four letters of it); the names all at one size,
     * the view's at least, the longest ("Compare", about five bold letters) fitting between
     * a tab's padding */
    LayoutRect title = l->view_title;
    bad += title.w != l->view_area.w || title.h < (int)lroundf(1.2f * (float)l->font_title);
    bad += overlap(title, body) || l->font_title < v.font;
    int tabs = layout_view_has_tabs(l->view); /* a view of its own has none */
    for (int t = 0; t < LAYOUT_VIEW_TABS; t++) {
        LayoutRect tab = l->controls[LAYOUT_CTL_VIEW_ACTS + t];
        if (!tabs) {
            bad += tab.w > 0 || tab.h > 0;
            continue;
        }
        bad += overlap(tab, title) || (l->h >= 650 && tab.w < 4 * l->font_control);
        int room = tab.w - 2 * (tab.w / LAYOUT_TAB_PAD);
        bad += (float)room < 5.2f * (float)l->font_tab;
        /* its name over its key (render_controls.c's line_boxes: 1 + 0.72 + 0.5 of it) */
        bad += (float)tab.h < 2.22f * (float)l->font_tab;
    }
    bad += tabs && (l->font_tab > l->font_control || l->font_tab < v.font);
    if (bad)
        printf("  %dx%d %s view %d: %d misplaced parts\n", l->w, l->h, what, (int)l->view, bad);
    CHECK(bad == 0);
}

TEST(the_close_up_row_of_digits_fits_its_rectangle)
{
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = layout_compute_view(sizes[i][0], sizes[i][1], 1.0f, LAYOUT_VIEW_ACTS);
        LayoutRect r = {l.view_body.x, l.view_body.y, l.view_body.w, l.font_small * 4};
        LayoutRect caption, labels;
        ViewBlock row;
        view_digits_row(r, l.font_small, 1, &caption, &row, &labels);
        CHECK(inside(caption, r) && inside(row.grid, r) && inside(labels, r));
        CHECK(!overlap(caption, row.grid) && !overlap(row.grid, labels));
        CHECK(row.tiles >= 4 && row.tile_w >= 28 && row.rows == 28 && labels.h > 0);
    }
}

TEST(each_view_fits_its_body_at_projector_sizes_for_every_model_shape)
{
    for (int k = 0; k < N_SPECS; k++) {
        NnModel *m = spec_model_bare(specs[k]);
        CHECK(m != NULL);
        if (!m)
            continue;
        for (int i = 0; i < N_SIZES + N_WINDOWS; i++)
            for (int v = LAYOUT_VIEW_ACTS; v < LAYOUT_VIEWS; v++) {
                const int *wh = i < N_SIZES ? sizes[i] : windows[i - N_SIZES];
                Layout l = scaled_layout(wh, (LayoutView)v);
                check_view_layout(&l, m, specs[k]);
                if (wh[0] >= 3840) { /* a 4K screen's pixels without HiDPI scaling too */
                    l = layout_compute_view(wh[0], wh[1], 1.0f, (LayoutView)v);
                    check_view_layout(&l, m, specs[k]);
                }
            }
        nn_model_free(m);
    }
}

/* Every view fits its body at every size of type and bars (its own text keeps its size), at
 * 1280 x 720, 1920 x 1080 and 4K. */
TEST(each_view_fits_its_body_at_every_size_of_type)
{
    for (int k = 0; k < N_SPECS; k++) {
        NnModel *m = spec_model_bare(specs[k]);
        CHECK(m != NULL);
        if (!m)
            continue;
        for (int i = 0; i < N_SIZES; i++)
            for (int v = LAYOUT_VIEW_ACTS; v < LAYOUT_VIEWS; v++)
                for (int step = 0; step < LAYOUT_SIZE_STEPS; step++) {
                    float scale = sizes[i][0] >= 3840 ? 2.0f : 1.0f;
                    Layout l = layout_compute_size(sizes[i][0], sizes[i][1], scale,
                                                   (LayoutView)v, step);
                    char what[200];
                    snprintf(what, sizeof what, "%s, size step %d", specs[k], step);
                    check_view_layout(&l, m, what);
                    Layout n = scaled_layout(sizes[i], (LayoutView)v);
                    CHECK(l.font_view == n.font_view);
                }
        nn_model_free(m);
    }
}

TEST(the_activations_show_every_layer_but_dropout_and_maps_keep_one_size_per_value)
{
    NnModel *m = spec_model_bare(specs[0]);
    CHECK(m != NULL);
    if (!m)
        return;
    Layout l = layout_compute_view(1920, 1080, 1.0f, LAYOUT_VIEW_ACTS);
    ViewLayout v = view_layout(&l, m, -1);
    /* the input, conv, pool, conv, pool, dense, dense */
    CHECK(v.n_blocks == 7);
    CHECK(v.blocks[0].layer == -1 && v.blocks[1].layer == 0 && v.blocks[5].layer == 5);
    CHECK(v.blocks[1].tiles == 32 && v.blocks[1].rows == 28 && !v.blocks[1].dense);
    CHECK(v.blocks[2].tiles == 32 && v.blocks[2].rows == 14);
    CHECK(v.blocks[5].dense && v.blocks[5].n == 256 && v.blocks[6].n == 10);
    /* pooling halves the maps on the screen too */
    CHECK(abs(v.blocks[2].tile_w * 2 - v.blocks[1].tile_w) <= 1);
    CHECK(v.blocks[1].tile_w >= 40); /* a 28 x 28 map is big enough to see at full HD */
    /* the output layer: one row, a cell per class */
    CHECK(v.blocks[6].rows == 1 && v.blocks[6].cols == 10);
    nn_model_free(m);
}

TEST(a_point_hits_the_value_drawn_there)
{
    NnModel *m = spec_model_bare(specs[0]);
    CHECK(m != NULL);
    if (!m)
        return;
    Layout l = layout_compute_view(1920, 1080, 1.0f, LAYOUT_VIEW_ACTS);
    ViewLayout v = view_layout(&l, m, -1);
    const ViewBlock *b = &v.blocks[2]; /* the first pooling: 32 maps of 14 x 14 */
    int layer = -9, unit = -9;
    /* the second map's row 3, column 5 */
    int px = b->grid.x + (b->tile_w + b->gap) + (5 * b->tile_w + b->tile_w / 2) / 14;
    int py = b->grid.y + (3 * b->tile_h + b->tile_h / 2) / 14;
    CHECK(view_layout_hit(&v, px, py, &layer, &unit) == 1);
    CHECK(layer == 1 && unit == 1 * 14 * 14 + 3 * 14 + 5);
    /* between two maps, and outside every block: nothing */
    CHECK(view_layout_hit(&v, b->grid.x + b->tile_w, py, &layer, &unit) == 0);
    CHECK(view_layout_hit(&v, l.canvas.x + 5, l.canvas.y + 5, &layer, &unit) == 0);
    /* the output layer's third cell */
    const ViewBlock *o = &v.blocks[6];
    CHECK(view_layout_hit(&v, o->grid.x + 2 * (o->tile_w / 10) + 2, o->grid.y + 2, &layer, &unit) ==
          1);
    CHECK(layer == 6 && unit == 2);
    nn_model_free(m);
}

TEST(the_weights_are_the_first_layers_units_or_kernels)
{
    NnModel *cnn = spec_model_bare(specs[0]), *seed = spec_model_bare(specs[2]);
    CHECK(cnn && seed);
    if (!cnn || !seed)
        return;
    Layout l = layout_compute_view(1280, 720, 1.0f, LAYOUT_VIEW_WEIGHTS);
    ViewLayout v = view_layout(&l, cnn, -1);
    CHECK(v.n_blocks == 1 && v.blocks[0].layer == 0);
    CHECK(v.blocks[0].tiles == 32 && v.blocks[0].rows == 5 && v.blocks[0].cols == 5);
    v = view_layout(&l, seed, -1);
    CHECK(v.n_blocks == 1 && v.blocks[0].tiles == 100 && v.blocks[0].rows == 28);
    CHECK(v.blocks[0].tile_w >= 28); /* a unit's 28 x 28 weights at a pixel each at least */
    /* a value of unit 7's image is its weight from that pixel: (out, in) order */
    const ViewBlock *b = &v.blocks[0];
    int layer, unit, t = 7;
    int px = b->grid.x + (t % b->per_row) * (b->tile_w + b->gap) + b->tile_w / 2;
    int py = b->grid.y + (t / b->per_row) * (b->tile_h + b->gap) + b->tile_h / 2;
    CHECK(view_layout_hit(&v, px, py, &layer, &unit) == 1);
    CHECK(layer == 0 && unit / 784 == 7);
    nn_model_free(cnn);
    nn_model_free(seed);
}

/* An activation layer changes the values, so it has a block of its own in the shape of what it
 * takes; its units are the previous layer's, with no weights of their own. The weights view and
 * a dense unit's close-up look through it to the pixels and maps before it. */
TEST(activation_layers_show_as_their_inputs_shape_and_the_weights_look_through_them)
{
    NnModel *m = spec_model_bare(specs[3]);
    CHECK(m != NULL);
    if (!m)
        return;
    Layout l = layout_compute_view(1920, 1080, 1.0f, LAYOUT_VIEW_ACTS);
    ViewLayout v = view_layout(&l, m, -1);
    /* the input, act, conv, pool, act, conv, pool, act, dense, dense: dropout and flatten left
     * out */
    const int layers[] = {-1, 0, 1, 2, 3, 4, 6, 7, 9, 11};
    CHECK(v.n_blocks == 10);
    for (int i = 0; i < v.n_blocks && i < 10; i++)
        CHECK(v.blocks[i].layer == layers[i]);
    CHECK(v.blocks[1].tiles == 1 && v.blocks[1].rows == 28 && !v.blocks[1].dense);
    CHECK(v.blocks[4].tiles == 10 && v.blocks[4].rows == 12 && !v.blocks[4].dense);
    CHECK(v.blocks[4].tile_w == v.blocks[3].tile_w); /* one size per value, as the pooling */
    CHECK(v.blocks[7].tiles == 20 && v.blocks[7].rows == 4 && !v.blocks[7].dense);
    CHECK(v.blocks[8].dense && v.blocks[8].n == 50);
    CHECK(nn_layer_units(m, 3) == 0 && nn_layer_units(m, 7) == 0);
    /* the dense layer 9 weighs the 20 maps of 4 x 4 behind the flatten and the ReLU */
    NnShape in = view_unit_input_shape(m, 9);
    CHECK(in.c == 20 && in.h == 4 && in.w == 4);
    /* the weights view: the convolution behind the ReLU on the input */
    CHECK(view_weights_layer(m) == 1);
    l = layout_compute_view(1920, 1080, 1.0f, LAYOUT_VIEW_WEIGHTS);
    v = view_layout(&l, m, -1);
    CHECK(v.n_blocks == 1 && v.blocks[0].layer == 1 && v.blocks[0].tiles == 10 &&
          v.blocks[0].rows == 5);
    nn_model_free(m);
    /* nothing but activations before the output: no weights to show as images */
    m = spec_model_bare("1x4x4,act:relu,act:sigmoid,flatten,act:softmax");
    CHECK(m != NULL && view_weights_layer(m) == -1);
    nn_model_free(m);
}

TEST(softmax_matches_numbers_worked_out_by_hand)
{
    /* z = (1, 2, 3), T = 1: m = 3, e = (e^-2, e^-1, 1) = (0.135335, 0.367879, 1),
     * sum = 1.503214, p = (0.090031, 0.244728, 0.665241) */
    const float z[3] = {1.0f, 2.0f, 3.0f};
    ViewSoftmax o;
    view_softmax(z, 3, 1.0f, &o);
    CHECK(o.n == 3 && o.max == 3.0f);
    CHECK_NEAR(o.e[0], 0.135335, 1e-6);
    CHECK_NEAR(o.e[1], 0.367879, 1e-6);
    CHECK(o.e[2] == 1.0f);
    CHECK_NEAR(o.sum, 1.503214, 1e-6);
    CHECK_NEAR(o.p[0], 0.090031, 1e-6);
    CHECK_NEAR(o.p[1], 0.244728, 1e-6);
    CHECK_NEAR(o.p[2], 0.665241, 1e-6);
    /* T = 2 flattens: z / T = (0.5, 1, 1.5), e = (e^-1, e^-0.5, 1) = (0.367879, 0.606531, 1),
     * sum = 1.974410, p = (0.186324, 0.307196, 0.506480) */
    view_softmax(z, 3, 2.0f, &o);
    CHECK(o.scaled[2] == 1.5f && o.max == 1.5f);
    CHECK_NEAR(o.sum, 1.974410, 1e-6);
    CHECK_NEAR(o.p[0], 0.186324, 1e-6);
    CHECK_NEAR(o.p[2], 0.506480, 1e-6);
    /* T = 0.5 sharpens: p_2 = 1 / (1 + e^-2 + e^-4) = 1 / 1.153652 = 0.866813 */
    view_softmax(z, 3, 0.5f, &o);
    CHECK_NEAR(o.p[2], 0.866813, 1e-6);
    /* large logits do not overflow: the largest is taken off first */
    const float big[2] = {1000.0f, 999.0f};
    view_softmax(big, 2, 1.0f, &o);
    CHECK_NEAR(o.p[0], 0.731059, 1e-6);
    CHECK(o.e[0] == 1.0f && isfinite(o.sum));
}

TEST(at_t_one_the_view_gives_the_models_own_probabilities)
{
    AppState s;
    NnModel *m = spec_model_moved(specs[2], 7, 0.0f);
    app_with_model(&s, m);
    if (!m)
        return;
    app_show_view(&s, LAYOUT_VIEW_SOFTMAX);
    draw_bar(&s, 12.0f);
    app_update(&s);
    const float *z = app_view_logits(&s);
    CHECK(z != NULL && s.n_probs == 10);
    if (z) {
        ViewSoftmax o;
        view_softmax(z, s.n_probs, app_temperature(&s), &o);
        for (int i = 0; i < 10; i++)
            CHECK_NEAR(o.p[i], s.probs[i], 1e-5);
    }
    app_free(&s);
}

/* A model of the first shape whose classes are Fashion-MNIST's clothes. */
static NnModel *clothes_model(void)
{
    static const char *const names[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress",
                                          "Coat",        "Sandal",  "Shirt",    "Sneaker",
                                          "Bag",         "Ankle boot"};
    NnModel *m = spec_model_bare(specs[0]);
    for (int i = 0; m && i < 10; i++)
        snprintf(m->info.labels[i], sizeof m->info.labels[i], "%s", names[i]);
    return m;
}

TEST(class_names_get_a_line_of_their_own_over_the_number_under_each_image)
{
    NnModel *digits = spec_model_bare(specs[0]), *clothes = clothes_model();
    CHECK(digits && clothes);
    if (!digits || !clothes)
        return;
    CHECK(view_label_lines(digits) == 1 && view_label_lines(clothes) == 2);
    CHECK(view_label_lines(NULL) == 1);
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = scaled_layout(sizes[i], LAYOUT_VIEW_NEAREST);
        ViewLayout one = view_layout(&l, digits, -1), two = view_layout(&l, clothes, -1);
        CHECK(check_digits_layout(&two, l.view_body) == 0);
        /* two lines of the labels' text (0.85 of the view's font), more than one line */
        int text = (int)(0.85f * (float)two.font);
        for (int r = 0; r < VIEW_DIGIT_ROWS; r++)
            CHECK(two.near_labels[r].h >= 2 * text && two.excite_labels[r].h >= 2 * text &&
                  two.near_labels[r].h > one.near_labels[r].h &&
                  two.excite_labels[r].h > one.excite_labels[r].h);
        /* the close-up's row likewise */
        l = scaled_layout(sizes[i], LAYOUT_VIEW_ACTS);
        LayoutRect r = {l.view_body.x, l.view_body.y, l.view_body.w, l.font_small * 4};
        LayoutRect caption, labels[2];
        ViewBlock row[2];
        for (int k = 0; k < 2; k++) {
            view_digits_row(r, l.font_small, k + 1, &caption, &row[k], &labels[k]);
            CHECK(inside(row[k].grid, r) && inside(labels[k], r));
            CHECK(!overlap(row[k].grid, labels[k]) && row[k].tile_w >= 28);
        }
        /* two lines of the row's text (0.75 of the font), more than one line */
        CHECK(labels[1].h >= 2 * (int)(0.75f * (float)l.font_small) && labels[1].h > labels[0].h);
    }
    nn_model_free(digits);
    nn_model_free(clothes);
}

TEST(named_classes_get_wider_cells_in_the_output_layer)
{
    NnModel *digits = spec_model_bare(specs[0]), *clothes = clothes_model();
    CHECK(digits && clothes);
    if (!digits || !clothes)
        return;
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = scaled_layout(sizes[i], LAYOUT_VIEW_ACTS);
        check_view_layout(&l, clothes, "clothes");
        ViewLayout one = view_layout(&l, digits, -1), two = view_layout(&l, clothes, -1);
        const ViewBlock *a = &one.blocks[one.n_blocks - 1], *b = &two.blocks[two.n_blocks - 1];
        CHECK(b->n == 10 && b->cols == 10 && b->rows == 1); /* one row, a cell per class */
        int digit_w = a->tile_w / a->cols, name_w = b->tile_w / b->cols;
        CHECK(a->tile_h / a->rows == b->tile_h / b->rows); /* as high as the digits' cells */
        CHECK(2 * name_w >= 3 * digit_w); /* and half as wide again at least */
    }
    nn_model_free(digits);
    nn_model_free(clothes);
}

TEST(named_classes_get_a_wider_column_in_the_softmax_table)
{
    NnModel *digits = spec_model_bare(specs[0]), *clothes = clothes_model();
    CHECK(digits && clothes);
    if (!digits || !clothes)
        return;
    for (int i = 0; i < N_SIZES; i++) {
        Layout l = scaled_layout(sizes[i], LAYOUT_VIEW_SOFTMAX);
        check_view_layout(&l, clothes, "clothes");
        ViewLayout one = view_layout(&l, digits, -1), two = view_layout(&l, clothes, -1);
        int digit_w = one.col_x[1] - one.col_x[0], name_w = two.col_x[1] - two.col_x[0];
        CHECK(10 * name_w >= 13 * digit_w); /* "T-shirt/top" as large as "Coat" */
        for (int c = 0; c < VIEW_SOFTMAX_COLS; c++) /* every column still there, in order */
            CHECK(two.col_x[c + 1] - two.col_x[c] >= 2 * two.font);
    }
    nn_model_free(digits);
    nn_model_free(clothes);
}

TEST(the_data_views_matrix_names_clothes_has_a_column_for_refusals_and_its_cells_hit)
{
    NnModel *digits = spec_model_bare(specs[0]), *clothes = clothes_model();
    CHECK(digits && clothes);
    if (!digits || !clothes)
        return;
    for (int i = 0; i < N_SIZES + N_WINDOWS; i++) {
        const int *wh = i < N_SIZES ? sizes[i] : windows[i - N_SIZES];
        Layout l = scaled_layout(wh, LAYOUT_VIEW_DATA);
        digits->info.refuse_below = 0.0f;
        ViewLayout one = view_layout(&l, digits, -1), two = view_layout(&l, clothes, -1);
        CHECK(one.matrix_cols == 10 && check_data_layout(&l, &two, l.view_body) == 0);
        CHECK(two.name_w >= 2 * one.name_w); /* "T-shirt/top" beside its row */
        digits->info.refuse_below = 0.5f;    /* a refusal rule: a column for the refused */
        ViewLayout rule = view_layout(&l, digits, -1);
        CHECK(rule.matrix_cols == 11 && check_data_layout(&l, &rule, l.view_body) == 0);
        /* the middle of the cell "4 read as 9" hits it; the names hit no cell */
        LayoutRect c = view_data_cell(&rule, 4, 9);
        int r = -1, k = -1;
        CHECK(view_data_hit(&rule, c.x + c.w / 2, c.y + c.h / 2, &r, &k) == 1 && r == 4 &&
              k == 9);
        c = view_data_cell(&rule, 9, 10);
        CHECK(view_data_hit(&rule, c.x + c.w - 1, c.y + c.h - 1, &r, &k) == 1 && r == 9 &&
              k == 10);
        c = view_data_cell(&rule, -1, 3);
        CHECK(view_data_hit(&rule, c.x + c.w / 2, c.y + c.h / 2, &r, &k) == 0);
        c = view_data_cell(&rule, 3, -1);
        CHECK(view_data_hit(&rule, c.x + c.w / 2, c.y + c.h / 2, &r, &k) == 0);
        CHECK(view_data_hit(&rule, l.canvas.x + 5, l.canvas.y + 5, &r, &k) == 0);
    }
    nn_model_free(digits);
    nn_model_free(clothes);
}

/* A count in the Data view's matrix stands out from its cell (4.5:1, WCAG) in both themes:
 * the right answers' blue, and every shade of the mistakes' orange; more mistakes, brighter. */
TEST(the_data_views_counts_stand_out_from_their_cells_in_both_themes)
{
    for (int th = 0; th < THEMES; th++) {
        const ThemeRgba *t = theme_table((ThemeId)th);
        for (int count = 1; count <= 50; count++)
            for (int right = 0; right < 2; right++) {
                InkRgb f = ink_ramp_dark(view_data_shade(count, right, 50));
                ThemeRgba cell = {f.r, f.g, f.b, 255};
                ThemeRgba ink = view_data_text_on(th, f.r, f.g, f.b) ? t[TC_TEXT] : t[TC_BG];
                double c = theme_contrast(ink, cell);
                if (c < 4.5)
                    printf("  %s theme, %d %s: %.2f:1\n", theme_name((ThemeId)th), count,
                           right ? "right" : "wrong", c);
                CHECK(c >= 4.5);
            }
    }
    CHECK(view_data_shade(0, 0, 9) == 0.0f && view_data_shade(0, 1, 9) == 0.0f);
    CHECK(view_data_shade(3, 1, 9) == VIEW_DATA_RIGHT);
    CHECK(view_data_shade(9, 0, 9) > view_data_shade(1, 0, 9));
    CHECK(view_data_shade(9, 0, 9) <= 0.72f + 1e-6f && view_data_shade(1, 0, 9) >= 0.5f);
}

int main(void)
{
    RUN(keys_open_a_view_and_close_it_and_the_switch_reopens_the_last);
    RUN(hover_and_pick_follow_the_mouse_and_clicks);
    RUN(the_temperature_starts_at_one_and_steps_within_its_ends_without_touching_the_bars);
    RUN(a_view_gets_every_layers_output_only_while_it_is_open);
    RUN(each_view_fits_its_body_at_projector_sizes_for_every_model_shape);
    RUN(each_view_fits_its_body_at_every_size_of_type);
    RUN(the_close_up_row_of_digits_fits_its_rectangle);
    RUN(class_names_get_a_line_of_their_own_over_the_number_under_each_image);
    RUN(named_classes_get_wider_cells_in_the_output_layer);
    RUN(named_classes_get_a_wider_column_in_the_softmax_table);
    RUN(the_data_views_matrix_names_clothes_has_a_column_for_refusals_and_its_cells_hit);
    RUN(the_data_views_counts_stand_out_from_their_cells_in_both_themes);
    RUN(the_activations_show_every_layer_but_dropout_and_maps_keep_one_size_per_value);
    RUN(a_point_hits_the_value_drawn_there);
    RUN(the_weights_are_the_first_layers_units_or_kernels);
    RUN(activation_layers_show_as_their_inputs_shape_and_the_weights_look_through_them);
    RUN(softmax_matches_numbers_worked_out_by_hand);
    RUN(at_t_one_the_view_gives_the_models_own_probabilities);
    return test_main_result();
}
