/* test_draw_closeup.c - a unit up close and knocked out, without a display: which unit a click
 * in the activations view opens, where the close-up's parts go for models shaped as the shipped
 * ones, its weighted input written out with numbers worked out by hand, and knock-outs in the
 * app: the bars change, clearing puts them back bit for bit, switching models clears them.
 */
#include <string.h>

#include "draw/layout.h"
#include "draw/view_layout.h"
#include "draw/view_unit.h"
#include "draw_test.h"
#include "nn/knockout.h"
#include "spec_model.h"

static const char *const specs[] = {
    "1x28x28,conv32x5:relu,pool,conv64x5:relu,pool,dropout0.25,256:relu,10:softmax",
    "1x28x28,256:relu,128:relu,10:softmax",
    "1x28x28,100:sigmoid,10:softmax",
    /* ReLU after pooling, as PyTorch's MNIST example has it */
    ("1x28x28,conv10x5p0,pool,act:relu,conv20x5p0,dropout0.5,pool,act:relu,flatten,"
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

/* An app with model m (owned by it), the activations view open and a bar drawn. */
static void app_with(AppState *s, NnModel *m)
{
    app_with_model(s, m);
    app_show_view(s, LAYOUT_VIEW_ACTS);
    draw_bar(s, 12.0f);
    app_update(s);
}

TEST(a_click_on_a_dense_cell_or_a_feature_map_opens_its_unit)
{
    AppState s;
    app_with(&s, spec_model_moved(specs[0], 1, 0.05f));
    int layer = -9, unit = -9;
    CHECK(!app_closeup(&s, &layer, &unit));
    app_view_pick(&s, 2, 3 * 14 * 14 + 17); /* conv 2's map 4 */
    CHECK(app_closeup(&s, &layer, &unit) && layer == 2 && unit == 3);
    app_view_pick(&s, 5, 200); /* the dense layer's unit 201 */
    CHECK(app_closeup(&s, &layer, &unit) && layer == 5 && unit == 200);
    app_view_pick(&s, 1, 5); /* pooling has no units of its own */
    CHECK(!app_closeup(&s, &layer, &unit));
    app_view_pick(&s, -1, 5); /* nor has the input */
    CHECK(!app_closeup(&s, &layer, &unit));
    app_view_pick(&s, 6, 2); /* an output cell: its class's sum */
    CHECK(app_closeup(&s, &layer, &unit) && layer == 6 && unit == 2);
    app_show_view(&s, LAYOUT_VIEW_WEIGHTS); /* only in the activations view */
    CHECK(!app_closeup(&s, &layer, &unit));
    app_show_view(&s, LAYOUT_VIEW_ACTS); /* L with a unit up close: back to every layer */
    CHECK(s.view == LAYOUT_VIEW_ACTS && app_closeup(&s, &layer, &unit));
    app_show_view(&s, LAYOUT_VIEW_ACTS);
    CHECK(s.view == LAYOUT_VIEW_ACTS && !app_closeup(&s, &layer, &unit));
    app_show_view(&s, LAYOUT_VIEW_ACTS); /* and then L closes the area, as before */
    CHECK(s.view == LAYOUT_VIEW_NONE);
    app_free(&s);
}

/* The close-up takes the blocks' place; its parts lie in the body, clear of the legend and
 * each other; its weights image has the unit's input shape. */
TEST(the_closeup_fits_in_place_of_the_blocks_for_every_model_shape_and_size)
{
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    for (int k = 0; k < N_SPECS; k++) {
        NnModel *m = spec_model_moved(specs[k], 2, 0.05f);
        CHECK(m != NULL);
        for (int i = 0; m && i < 2; i++)
            for (int l = 0; l < m->n_layers; l++) {
                if (m->layers[l].type != NN_LAYER_DENSE && m->layers[l].type != NN_LAYER_CONV2D)
                    continue;
                Layout lay = layout_compute_view(sizes[i][0], sizes[i][1], 1.0f, LAYOUT_VIEW_ACTS);
                ViewLayout v = view_layout(&lay, m, l);
                const ViewCloseup *c = &v.closeup;
                int bad = c->layer != l || !inside(c->area, lay.view_body);
                bad += !inside(c->title, c->area) || !inside(c->weights.grid, c->area);
                bad += !inside(c->sum, c->area) || !inside(c->knock, c->area);
                bad += !inside(c->digits, c->area) || c->digits.h < v.font;
                bad += overlap(c->weights.grid, c->sum) || overlap(c->knock, c->sum);
                bad += overlap(c->digits, c->sum) || overlap(c->digits, c->weights.grid);
                bad += overlap(c->area, v.legend) || c->sum.h < 10 * v.font;
                bad += v.n_blocks != 0 || c->weights.tile_w < 1;
                if (bad)
                    printf("  %s layer %d at %d: %d misplaced\n", specs[k], l, sizes[i][0], bad);
                CHECK(bad == 0);
            }
        nn_model_free(m);
    }
    NnModel *cnn = spec_model_moved(specs[0], 3, 0.05f);
    NnModel *seed = spec_model_moved(specs[2], 3, 0.05f);
    Layout lay = layout_compute_view(1920, 1080, 1.0f, LAYOUT_VIEW_ACTS);
    ViewCloseup c = view_layout(&lay, seed, 0).closeup; /* 28 x 28 pixels' weights */
    CHECK(c.weights.tiles == 1 && c.weights.rows == 28 && c.weights.cols == 28);
    CHECK(c.weights.n == 784 && c.weights.tile_w >= 3 * 28);
    c = view_layout(&lay, seed, 1).closeup; /* the output's: a row of 100 cells */
    CHECK(c.weights.dense && c.weights.n == 100);
    c = view_layout(&lay, cnn, 2).closeup; /* conv 2: 32 kernels of 5 x 5 */
    CHECK(c.weights.tiles == 32 && c.weights.rows == 5 && c.weights.n == 32 * 25);
    c = view_layout(&lay, cnn, 5).closeup; /* the dense after pooling: 64 maps of 7 x 7 */
    CHECK(c.weights.tiles == 64 && c.weights.rows == 7 && c.weights.cols == 7);
    NnModel *act = spec_model_moved(specs[3], 3, 0.05f);
    c = view_layout(&lay, act, 8).closeup; /* the dense after pool, ReLU, flatten: 20 maps 4 x 4 */
    CHECK(c.weights.tiles == 20 && c.weights.rows == 4 && c.weights.cols == 4);
    nn_model_free(act);
    CHECK(view_layout(&lay, cnn, -1).closeup.layer == -1);
    CHECK(view_layout(&lay, cnn, -1).closeup.area.h == 0);
    nn_model_free(cnn);
    nn_model_free(seed);
}

/* The dense neuron of 7 inputs 1..7, weights 0.5, bias -1 (test_unit_sum's): the sum in the
 * seed's words, the terms largest first, the rest, the bias, z and the output. */
TEST(the_weighted_input_reads_as_the_seed_writes_it)
{
    float in[7];
    NnModel *m = spec_model_neuron7(in);
    CHECK(m != NULL);
    if (!m)
        return;
    NnUnitSum u;
    CHECK(nn_unit_sum(m, 0, 1, in, &u, NULL) == 0);
    char lines[VIEW_UNIT_LINES][VIEW_UNIT_LINE];
    int n = view_unit_lines(m, 0, &u, 13.0f, 0, lines);
    CHECK(n >= 8);
    CHECK(strstr(lines[0], "input \xc3\x97 weight + bias = z") != NULL);
    CHECK(strstr(lines[1], "7 \xc3\x97 0.5 = 3.5") != NULL && strstr(lines[1], "input 7") != NULL);
    CHECK(strstr(lines[5], "3 \xc3\x97 0.5 = 1.5") != NULL);
    CHECK(strstr(lines[6], "2 more terms") != NULL && strstr(lines[6], "1.5") != NULL);
    CHECK(strstr(lines[7], "bias") != NULL && strstr(lines[7], "\xe2\x88\x92" "1") != NULL);
    CHECK(strstr(lines[8], "z = 13") != NULL);
    CHECK(strstr(lines[9], "relu(13) = 13") != NULL);
    n = view_unit_lines(m, 0, &u, 0.0f, 1, lines); /* knocked out */
    CHECK(strstr(lines[n - 1], "knocked out") != NULL && strstr(lines[n - 1], "0") != NULL);
    nn_model_free(m);
}

TEST(knocking_out_changes_the_bars_and_clearing_restores_them_exactly)
{
    AppState s;
    app_with(&s, spec_model_moved("1x28x28,8:relu,10:softmax", 5, 0.05f));
    CHECK(s.n_probs == 10);
    float before[NN_MAX_CLASSES];
    memcpy(before, s.probs, sizeof before);
    /* the hidden unit that fires most */
    const float *h = app_view_output(&s, 0);
    int best = 0;
    for (int i = 1; h && i < 8; i++)
        best = h[i] > h[best] ? i : best;
    CHECK(h && h[best] > 0.0f);
    CHECK(app_knockout_toggle(&s) == 0); /* nothing picked */
    app_view_pick(&s, 0, best);
    CHECK(app_knockout_toggle(&s) == 1 && s.needs_update);
    app_update(&s);
    CHECK(nn_knockout_count(app_model(&s)) == 1 && app_view_output(&s, 0)[best] == 0.0f);
    CHECK(memcmp(before, s.probs, 10 * sizeof *before) != 0);
    CHECK(strstr(s.message, "knocked out") != NULL);
    CHECK(app_knockout_toggle(&s) == 1); /* restore */
    app_update(&s);
    CHECK(nn_knockout_count(app_model(&s)) == 0 && memcmp(before, s.probs, 10 * sizeof *before) == 0);
    app_knockout_toggle(&s);
    app_view_pick(&s, 0, (best + 1) % 8);
    app_knockout_toggle(&s);
    app_view_pick(&s, 1, 3); /* an output class: no knock-out, said so */
    CHECK(app_knockout_toggle(&s) == 0 && s.message_error);
    CHECK(app_knockout_clear(&s) == 2 && s.needs_update);
    app_update(&s);
    CHECK(nn_knockout_count(app_model(&s)) == 0 && memcmp(before, s.probs, 10 * sizeof *before) == 0);
    app_free(&s);
}

/* An activation layer has no units of its own: K on one of its values says so and names the
 * layer. A convolution's filter knocked out before it zeroes its map after it too. */
TEST(an_activation_layers_values_are_not_units_but_show_a_filter_knocked_out_before_them)
{
    AppState s;
    app_with(&s,
             spec_model_moved("1x28x28,conv4x3,pool,act:relu,flatten,10:softmax", 6, 0.05f));
    int layer = -9, unit = -9;
    app_view_pick(&s, 2, 2 * 14 * 14 + 20); /* the ReLU's map 3 */
    CHECK(!app_closeup(&s, &layer, &unit));
    CHECK(app_knockout_toggle(&s) == 0 && s.message_error);
    CHECK(strstr(s.message, "Layer 3 (activation) has no units of its own to knock out") != NULL);
    if (!strstr(s.message, "Layer 3 (activation)"))
        printf("  message: %s\n", s.message);
    const float *a = app_view_output(&s, 2);
    int lit = 0;
    for (int i = 0; a && i < 14 * 14; i++)
        lit += a[2 * 14 * 14 + i] > 0.0f;
    CHECK(a && lit > 0); /* map 3 fires somewhere on the bar */
    app_view_pick(&s, 0, 2 * 28 * 28 + 5); /* the convolution's filter 3 */
    CHECK(app_closeup(&s, &layer, &unit) && layer == 0 && unit == 2);
    CHECK(app_knockout_toggle(&s) == 1);
    app_update(&s);
    a = app_view_output(&s, 2);
    lit = 0;
    for (int i = 0; a && i < 4 * 14 * 14; i++)
        lit += (i / (14 * 14) == 2) == (a[i] != 0.0f); /* map 3 all 0; count the others lit */
    CHECK(a && lit > 0);
    for (int i = 0; a && i < 14 * 14; i++)
        CHECK(a[2 * 14 * 14 + i] == 0.0f);
    app_free(&s);
}

TEST(switching_models_clears_the_knockouts)
{
    AppState s;
    app_with(&s, spec_model_moved("1x28x28,8:relu,10:softmax", 6, 0.05f));
    NnModel *other = spec_model_moved("1x28x28,9:relu,10:softmax", 7, 0.05f);
    CHECK(app_add_model(&s, other, "", NULL) == 1);
    app_view_pick(&s, 0, 1);
    CHECK(app_knockout_toggle(&s) == 1 && nn_knockout_count(s.models[0].model) == 1);
    app_cycle_model(&s, 1);
    CHECK(nn_knockout_count(s.models[0].model) == 0 && s.pick_unit == -1);
    app_free(&s);
}

int main(void)
{
    RUN(a_click_on_a_dense_cell_or_a_feature_map_opens_its_unit);
    RUN(the_closeup_fits_in_place_of_the_blocks_for_every_model_shape_and_size);
    RUN(the_weighted_input_reads_as_the_seed_writes_it);
    RUN(knocking_out_changes_the_bars_and_clearing_restores_them_exactly);
    RUN(an_activation_layers_values_are_not_units_but_show_a_filter_knocked_out_before_them);
    RUN(switching_models_clears_the_knockouts);
    return test_main_result();
}
