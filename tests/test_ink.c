/* test_ink.c - the drawing model: editing strokes (undo, redo, refusals) and fitting a drawing
 * from another source onto the canvas. Strokes files are test_strokes.c's, rendering and
 * preprocessing test_pipeline.c's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/ink.h"
#include "test_ink.h"

/* ---- editing ---------------------------------------------------------------------------- */

TEST(undo_pops_the_last_stroke_and_redo_pushes_it_back)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8, 9, 10};
    one_stroke(&d, 2.0f, 0, a, 2);
    one_stroke(&d, 3.0f, 1, b, 3);
    CHECK(d.n == 2);
    CHECK(ink_drawing_points(&d) == 5);

    InkStroke s = {0};
    CHECK(ink_drawing_pop_stroke(&d, &s) == 0);
    CHECK(d.n == 1);
    CHECK(s.n == 3 && s.width == 3.0f && s.erase == 1);
    CHECK(s.pts[2].x == 9.0f && s.pts[2].y == 10.0f);
    CHECK(ink_drawing_points(&d) == 2);

    CHECK(ink_drawing_push_stroke(&d, &s) == 0);
    CHECK(d.n == 2);
    CHECK(s.pts == NULL && s.n == 0); /* ownership moved into the drawing */
    CHECK(d.strokes[1].n == 3 && d.strokes[1].pts[0].x == 5.0f);
    ink_stroke_free(&s); /* harmless after the move */

    CHECK(ink_drawing_pop_stroke(&d, &s) == 0);
    ink_stroke_free(&s);
    CHECK(ink_drawing_pop_stroke(&d, &s) == 0);
    ink_stroke_free(&s);
    CHECK(ink_drawing_pop_stroke(&d, &s) == SN_E_ARG); /* empty: nothing to undo */
    ink_drawing_free(&d);
}

TEST(editing_refuses_bad_widths_nan_points_and_points_without_a_stroke)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_add_point(&d, 1.0f, 1.0f) == SN_E_ARG); /* no stroke begun */
    CHECK(ink_drawing_begin_stroke(&d, 0.0f, 0) == SN_E_ARG);
    CHECK(ink_drawing_begin_stroke(&d, -1.0f, 0) == SN_E_ARG);
    CHECK(ink_drawing_begin_stroke(&d, NAN, 0) == SN_E_ARG);
    CHECK(d.n == 0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, NAN, 1.0f) == SN_E_ARG);
    CHECK(ink_drawing_add_point(&d, 1.0f, INFINITY) == SN_E_ARG);
    CHECK(ink_drawing_add_point(&d, 1.0f, 2.0f) == 0);
    CHECK(ink_drawing_points(&d) == 1);
    ink_drawing_clear(&d);
    CHECK(d.n == 0 && d.width == 28.0f && d.height == 28.0f);
    ink_drawing_free(&d);
    ink_drawing_free(&d); /* freeing twice is harmless */
}

/* ---- fit -------------------------------------------------------------------------------- */

TEST(fit_puts_a_tablet_unit_drawing_20_cells_tall_and_centred)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    /* tablet units: 300 wide, 900 tall, far from the origin */
    const float a[] = {5000, 2000, 5300, 2000, 5300, 2900};
    const float b[] = {5100, 2450, 5200, 2450};
    one_stroke(&d, 2.5f, 0, a, 3);
    one_stroke(&d, 2.5f, 0, b, 2);
    ink_drawing_fit(&d, 20.0f);
    /* s = 20 / 900; box centre (5150, 2450) -> (14, 14) */
    CHECK_NEAR(d.strokes[0].pts[0].x, 14.0 - 150.0 * 20.0 / 900.0, 1e-4);
    CHECK_NEAR(d.strokes[0].pts[0].y, 4.0, 1e-4);
    CHECK_NEAR(d.strokes[0].pts[2].y, 24.0, 1e-4);
    CHECK_NEAR(d.strokes[0].pts[2].x, 14.0 + 150.0 * 20.0 / 900.0, 1e-4);
    CHECK_NEAR(d.strokes[1].pts[0].y, 14.0, 1e-4);
    CHECK(d.strokes[0].width == 2.5f); /* widths are not scaled */
    ink_drawing_free(&d);
}

TEST(fit_scales_the_longer_side_when_the_drawing_is_wide)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {-10, -1, 30, 1}; /* 40 wide, 2 tall */
    one_stroke(&d, 2.5f, 0, a, 2);
    ink_drawing_fit(&d, 20.0f);
    CHECK_NEAR(d.strokes[0].pts[0].x, 4.0, 1e-5);
    CHECK_NEAR(d.strokes[0].pts[1].x, 24.0, 1e-5);
    CHECK_NEAR(d.strokes[0].pts[0].y, 13.5, 1e-5);
    CHECK_NEAR(d.strokes[0].pts[1].y, 14.5, 1e-5);
    ink_drawing_free(&d);
}

TEST(fit_moves_a_single_dot_to_the_centre_without_scaling)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {700, 300};
    one_stroke(&d, 2.5f, 0, a, 1);
    CHECK(ink_drawing_add_point(&d, 700.0f, 300.0f) == 1); /* the same point again: dropped */
    ink_drawing_fit(&d, 20.0f);
    CHECK(d.strokes[0].n == 1);
    CHECK(d.strokes[0].pts[0].x == 14.0f && d.strokes[0].pts[0].y == 14.0f);
    ink_drawing_free(&d);
}


int main(void)
{
    RUN(undo_pops_the_last_stroke_and_redo_pushes_it_back);
    RUN(editing_refuses_bad_widths_nan_points_and_points_without_a_stroke);
    RUN(fit_puts_a_tablet_unit_drawing_20_cells_tall_and_centred);
    RUN(fit_scales_the_longer_side_when_the_drawing_is_wide);
    RUN(fit_moves_a_single_dot_to_the_centre_without_scaling);
    if (tmp_dir[0])
        test_remove_dir(tmp_dir);
    return test_main_result();
}
