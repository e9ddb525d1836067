/* test_draw_saliency.c - the saliency over the canvas, without a display: G turns it on and
 * off, a click on a bar picks the class ("why not 7?") and again goes back to the top one; each
 * update fills it with the library's gradient (ink_saliency) of the class's score, and each
 * canvas cell reads it where the preprocessing put that cell; the bar of the class it shows is
 * the one marked. */
#include <string.h>

#include "draw_test.h"
#include "ink/pipeline.h"
#include "spec_model.h"

TEST(g_and_a_bar_choose_what_the_heat_map_shows)
{
    AppState s;
    app_with_model(&s, spec_model_moved("1x28x28,8:relu,10:softmax", 1, 0.0f));
    draw_bar(&s, 12.0f);
    app_update(&s);
    CHECK(s.overlay != APP_OVERLAY_SALIENCY && !s.saliency_ready && app_saliency_class(&s) == -1);
    app_toggle_saliency(&s);
    CHECK(s.overlay == APP_OVERLAY_SALIENCY && s.needs_update);
    app_update(&s);
    CHECK(s.saliency_ready && app_saliency_class(&s) == s.top);
    app_saliency_pick(&s, 3); /* "why not 3?" */
    app_update(&s);
    CHECK(app_saliency_class(&s) == 3 && s.saliency_ready);
    float g[28 * 28];
    SnError err = {0};
    InkAnswer a;
    InkInput in = {.drawing = &s.drawing, .prep = INK_PREP_MNIST};
    CHECK(ink_classify(app_model(&s), &in, &a, &err) == 0);
    CHECK(ink_saliency(app_model(&s), &a, 3, g, &err) == 0);
    CHECK(memcmp(g, s.saliency_grid, sizeof g) == 0); /* the library's own gradient */
    app_saliency_pick(&s, 3); /* the same bar again: back to the top class */
    app_update(&s);
    CHECK(app_saliency_class(&s) == s.top);
    app_toggle_saliency(&s);
    app_update(&s);
    CHECK(!s.saliency_ready);
    app_free(&s);
}

/* Without preprocessing each canvas cell is the cell the network sees; with it, the cell where
 * the map put the canvas cell's middle. */
TEST(each_canvas_cell_reads_the_gradient_where_the_network_sees_it)
{
    AppState s;
    app_with_model(&s, spec_model_moved("1x28x28,8:relu,10:softmax", 2, 0.0f));
    draw_bar(&s, 6.0f);
    app_toggle_saliency(&s);
    if (s.preprocess)
        app_toggle_preprocess(&s);
    app_update(&s);
    CHECK(s.saliency_ready);
    for (int k = 0; k < 28 * 28; k++)
        CHECK(app_saliency_at(&s, k % 28, k / 28) == s.saliency_grid[k]);
    app_toggle_preprocess(&s);
    app_update(&s);
    CHECK(s.saliency_ready && s.steps.map_s > 0.0f);
    /* the bar at column 6 goes to the middle of what the network sees */
    int i = 6, j = 14;
    float k = s.steps.map_s * INK_RENDER_SCALE; /* the map is from the finer render's cells */
    int u = (int)(k * 6.5f + s.steps.map_x);
    int v = (int)(k * 14.5f + s.steps.map_y);
    CHECK(u >= 12 && u <= 15);
    CHECK(app_saliency_at(&s, i, j) == s.saliency_grid[v * 28 + u]);
    CHECK(app_saliency_at(&s, 27, 27) == 0.0f); /* off what the network sees */
    app_free(&s);
}

/* The bars mark the row of the class the heat map shows, and only while it shows: the top
 * class after G, a clicked bar's class, the top one again after a second click on it, another
 * clicked bar's after that; none with the map off, nor for another model until it is filled. */
TEST(the_marked_bar_is_the_class_the_heat_map_shows)
{
    AppState s;
    app_with_model(&s, spec_model_moved("1x28x28,8:relu,10:softmax", 1, 0.0f));
    app_add_model(&s, spec_model_moved("1x28x28,8:relu,10:softmax", 2, 0.0f), "", NULL);
    draw_bar(&s, 12.0f);
    app_update(&s);
    CHECK(app_bar_marked(&s) == -1);
    app_toggle_saliency(&s);
    CHECK(app_bar_marked(&s) == -1); /* nothing shown before the update fills it */
    app_update(&s);
    CHECK(s.top >= 0 && app_bar_marked(&s) == s.top);
    int other = (s.top + 3) % 10;
    app_saliency_pick(&s, other);
    app_update(&s);
    CHECK(app_bar_marked(&s) == other);
    app_saliency_pick(&s, other); /* the marked bar again: back to the top class */
    app_update(&s);
    CHECK(app_bar_marked(&s) == s.top);
    app_saliency_pick(&s, other);
    app_saliency_pick(&s, (other + 1) % 10); /* another bar: the mark moves there */
    app_update(&s);
    CHECK(app_bar_marked(&s) == (other + 1) % 10);
    app_cycle_model(&s, +1); /* another model's classes: its top class once filled */
    CHECK(app_bar_marked(&s) == -1);
    app_update(&s);
    CHECK(app_bar_marked(&s) == s.top);
    app_toggle_saliency(&s);
    CHECK(app_bar_marked(&s) == -1); /* off: no mark, even before the next update */
    app_update(&s);
    CHECK(app_bar_marked(&s) == -1);
    app_free(&s);
}

int main(void)
{
    RUN(g_and_a_bar_choose_what_the_heat_map_shows);
    RUN(the_marked_bar_is_the_class_the_heat_map_shows);
    RUN(each_canvas_cell_reads_the_gradient_where_the_network_sees_it);
    return test_main_result();
}
