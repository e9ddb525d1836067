/* test_draw_pen.c - the drawing app's pen and history, without SDL: strokes with
 * undo/redo/clear, pointer moves, the drawing's limits, the brush's, and the requests the
 * event code makes (quit, redraw, the view switches) through app_* calls.
 */
#include <stdio.h>
#include <string.h>

#include "draw_test.h"

TEST(strokes_undo_redo_and_clear_one_stroke_at_a_time)
{
    AppState s;
    app_init(&s);
    CHECK(s.drawing.n == 0);
    draw_bar(&s, 10.0f);
    CHECK(s.drawing.n == 1);
    CHECK(s.drawing.strokes[0].n > 10);
    CHECK_NEAR(s.drawing.strokes[0].width, APP_BRUSH_DEFAULT, 1e-6);
    draw_bar(&s, 18.0f);
    CHECK(s.drawing.n == 2);

    CHECK(app_undo(&s) == 1);
    CHECK(s.drawing.n == 1);
    CHECK_NEAR(s.drawing.strokes[0].pts[0].x, 10.0, 1e-6);
    CHECK(app_redo(&s) == 1);
    CHECK(s.drawing.n == 2);
    CHECK_NEAR(s.drawing.strokes[1].pts[0].x, 18.0, 1e-6);
    CHECK(app_redo(&s) == 0); /* nothing left to redo */

    CHECK(app_clear(&s) == 1);
    CHECK(s.drawing.n == 0);
    CHECK(app_clear(&s) == 0); /* already empty */
    CHECK(app_undo(&s) == 1);  /* the clear comes back */
    CHECK(s.drawing.n == 2);
    CHECK(app_redo(&s) == 1);  /* and goes again */
    CHECK(s.drawing.n == 0);
    CHECK(app_undo(&s) == 1);
    CHECK(app_undo(&s) == 1);
    CHECK(app_undo(&s) == 1);
    CHECK(s.drawing.n == 0);
    CHECK(app_undo(&s) == 0); /* history exhausted */
    CHECK(app_redo(&s) == 1);
    CHECK(s.drawing.n == 1);

    /* a new stroke ends the redo chain */
    draw_bar(&s, 5.0f);
    CHECK(s.drawing.n == 2);
    CHECK(app_redo(&s) == 0);
    CHECK(s.drawing.n == 2);
    app_free(&s);
}

TEST(pointer_moves_add_points_only_while_the_pen_is_down_and_far_enough)
{
    AppState s;
    app_init(&s);
    app_pen_move(&s, 3.0f, 3.0f); /* no stroke yet */
    CHECK(s.drawing.n == 0);
    app_pen_down(&s, 3.0f, 3.0f, 1);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].erase == 1);
    app_pen_move(&s, 3.0f + 0.5f * INK_MIN_STEP, 3.0f); /* too small a move */
    CHECK(s.drawing.strokes[0].n == 1);
    app_pen_move(&s, 4.0f, 3.0f);
    CHECK(s.drawing.strokes[0].n == 2);
    app_pen_up(&s);
    app_pen_move(&s, 9.0f, 9.0f);
    CHECK(s.drawing.strokes[0].n == 2);
    CHECK(s.needs_update == 1);
    app_free(&s);
}

TEST(a_drawing_at_its_limits_takes_no_more_and_says_so)
{
    AppState s;
    app_init(&s);
    /* one long scribble of points 0.1 cells apart: the 10000th point is the last */
    app_pen_down(&s, 2.0f, 2.0f, 0);
    for (int k = 1; k < 12000 && s.pen_down; k++)
        app_pen_move(&s, 2.0f + 0.1f * (float)(k % 200), 2.0f + 0.1f * (float)(k / 200));
    CHECK(ink_drawing_points(&s.drawing) == INK_MAX_POINTS);
    CHECK(s.pen_down == 0 && s.message_error == 1);
    CHECK(strstr(s.message, "10000 points") != NULL && strstr(s.message, "stops here") != NULL);
    printf("    %s\n", s.message);
    /* no new stroke either, until something is undone */
    app_pen_down(&s, 5.0f, 5.0f, 0);
    CHECK(s.drawing.n == 1 && s.pen_down == 0);
    CHECK(strstr(s.message, "not started") != NULL);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 0);
    /* strokes: a thousand dots fill it */
    for (int i = 0; i < INK_MAX_STROKES; i++) {
        app_pen_down(&s, 1.0f + (float)(i % 26), 1.0f + (float)(i / 26) * 0.5f, 0);
        app_pen_up(&s);
    }
    CHECK(s.drawing.n == INK_MAX_STROKES);
    app_clear_message(&s);
    app_pen_down(&s, 5.0f, 5.0f, 0);
    CHECK(s.drawing.n == INK_MAX_STROKES && s.pen_down == 0);
    CHECK(strstr(s.message, "1000 strokes") != NULL);
    printf("    %s\n", s.message);
    app_free(&s);
}

TEST(brush_size_stays_within_its_limits)
{
    AppState s;
    app_init(&s);
    CHECK_NEAR(s.brush, 2.5, 1e-6);
    app_brush_step(&s, 1);
    CHECK_NEAR(s.brush, 2.5 + (double)APP_BRUSH_STEP, 1e-6);
    CHECK(strstr(s.message, "Brush 3.0 cells") != NULL);
    app_brush_step(&s, 100);
    CHECK_NEAR(s.brush, APP_BRUSH_MAX, 1e-6);
    app_brush_step(&s, -100);
    CHECK_NEAR(s.brush, APP_BRUSH_MIN, 1e-6);
    app_brush_step(&s, -1);
    CHECK_NEAR(s.brush, APP_BRUSH_MIN, 1e-6);
    app_brush_step(&s, 3);
    app_pen_down(&s, 1.0f, 1.0f, 0);
    CHECK_NEAR(s.drawing.strokes[0].width, APP_BRUSH_MIN + 3 * APP_BRUSH_STEP, 1e-6);
    app_free(&s);
}

TEST(quitting_redrawing_and_the_view_switches_go_through_app_calls)
{
    AppState s;
    app_init(&s);
    s.needs_redraw = 0;
    app_request_redraw(&s);
    CHECK(s.needs_redraw == 1 && s.needs_update == 1 && s.quit == 0);
    s.needs_update = s.needs_redraw = 0;
    app_request_redraw(&s);
    CHECK(s.needs_redraw == 1 && s.needs_update == 0); /* a repaint, not a new prediction */
    s.needs_redraw = 0;
    app_toggle_help(&s);
    CHECK(s.show_help == 1 && s.needs_redraw == 1 && s.needs_update == 0);
    app_toggle_steps(&s);
    CHECK(s.show_steps == 1);
    app_toggle_preprocess(&s);
    CHECK(s.preprocess == 0 && s.needs_update == 1);
    CHECK(s.quit == 0);
    app_quit(&s);
    CHECK(s.quit == 1);
    app_quit(&s);
    CHECK(s.quit == 1);
    app_free(&s);
}

TEST(a_stroke_belongs_to_the_pointer_that_started_it)
{
    AppState s;
    app_init(&s);
    /* one finger draws a stroke as the mouse does */
    CHECK(app_pointer_down(&s, APP_POINTER_FINGER, 7, 3.0f, 3.0f, 0) == 1);
    CHECK(app_pointer_move(&s, APP_POINTER_FINGER, 7, 6.0f, 3.0f) == 1);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n == 2 && s.pen_down);
    /* a second finger's down, move and up during that stroke change nothing */
    CHECK(app_pointer_down(&s, APP_POINTER_FINGER, 8, 10.0f, 10.0f, 0) == 0);
    CHECK(app_pointer_move(&s, APP_POINTER_FINGER, 8, 12.0f, 12.0f) == 0);
    CHECK(app_pointer_up(&s, APP_POINTER_FINGER, 8) == 0);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n == 2 && s.pen_down);
    CHECK_NEAR(s.drawing.strokes[0].pts[1].x, 6.0, 1e-6);
    /* nor does the mouse while the finger draws */
    CHECK(app_pointer_down(&s, APP_POINTER_MOUSE, 0, 10.0f, 10.0f, 1) == 0);
    CHECK(app_pointer_move(&s, APP_POINTER_MOUSE, 0, 12.0f, 12.0f) == 0);
    CHECK(app_pointer_up(&s, APP_POINTER_MOUSE, 0) == 0);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n == 2 && s.pen_down);
    /* the first finger goes on, then its lifting ends the stroke */
    CHECK(app_pointer_move(&s, APP_POINTER_FINGER, 7, 9.0f, 3.0f) == 1);
    CHECK(s.drawing.strokes[0].n == 3);
    CHECK(app_pointer_up(&s, APP_POINTER_FINGER, 7) == 1);
    CHECK(!s.pen_down);
    CHECK(app_pointer_move(&s, APP_POINTER_FINGER, 7, 12.0f, 3.0f) == 0);
    CHECK(s.drawing.strokes[0].n == 3);
    /* after that another finger draws, and a finger does not take the mouse's stroke */
    CHECK(app_pointer_down(&s, APP_POINTER_FINGER, 8, 10.0f, 10.0f, 0) == 1);
    CHECK(app_pointer_up(&s, APP_POINTER_FINGER, 8) == 1);
    CHECK(s.drawing.n == 2);
    CHECK(app_pointer_down(&s, APP_POINTER_MOUSE, 0, 4.0f, 20.0f, 1) == 1);
    CHECK(s.drawing.n == 3 && s.drawing.strokes[2].erase == 1);
    CHECK(app_pointer_up(&s, APP_POINTER_FINGER, 0) == 0);
    CHECK(s.pen_down);
    CHECK(app_pointer_move(&s, APP_POINTER_MOUSE, 0, 8.0f, 20.0f) == 1);
    CHECK(app_pointer_up(&s, APP_POINTER_MOUSE, 0) == 1);
    CHECK(s.drawing.n == 3 && s.drawing.strokes[2].n == 2 && !s.pen_down);
    app_free(&s);
}

int main(void)
{
    RUN(strokes_undo_redo_and_clear_one_stroke_at_a_time);
    RUN(pointer_moves_add_points_only_while_the_pen_is_down_and_far_enough);
    RUN(a_drawing_at_its_limits_takes_no_more_and_says_so);
    RUN(brush_size_stays_within_its_limits);
    RUN(quitting_redrawing_and_the_view_switches_go_through_app_calls);
    RUN(a_stroke_belongs_to_the_pointer_that_started_it);
    return test_main_result();
}
