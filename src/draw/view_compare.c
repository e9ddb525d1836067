/* view_compare.c - where the compare view's parts go (view_layout.h): from the top, a line per
 * model (the active one, then the one compared), the columns' names, a row per class (its name,
 * the two models' probabilities, their difference) and the note under the rows.
 */
#include <math.h>

#include "draw/view_layout.h"

_Static_assert(VIEW_COMPARE_COLS <= VIEW_SOFTMAX_COLS, "the compare view's columns fit col_x");


void view_compare_layout(ViewLayout *v, LayoutRect body, int n_classes)
{
    int fs = v->font, g = imax(1, fs / 2);
    int pair_h = (int)lroundf(1.8f * (float)fs), head_h = (int)lroundf(1.6f * (float)fs);
    int note_h = (int)lroundf(4.0f * (float)fs); /* three lines of smaller text */
    int y = body.y;
    for (int k = 0; k < 2; k++, y += pair_h)
        v->pair[k] = layout_box(body.x, y, body.w, pair_h);
    y += g;
    v->head = layout_box(body.x, y, body.w, head_h);
    y += head_h;
    /* the class, the two models, then the difference, wider: its bar runs both ways */
    static const float frac[VIEW_COMPARE_COLS] = {0.14f, 0.25f, 0.25f, 0.36f};
    float at = (float)body.x;
    for (int c = 0; c < VIEW_COMPARE_COLS; c++) {
        v->col_x[c] = (int)lroundf(at);
        at += frac[c] * (float)body.w;
    }
    v->col_x[VIEW_COMPARE_COLS] = body.x + body.w;
    v->n_rows = imax(0, imin(n_classes, NN_MAX_CLASSES));
    int avail = body.y + body.h - note_h - g - y;
    int rh = imax(1, imin(2 * fs, avail / imax(v->n_rows, 1))); /* rows up to 2 lines */
    for (int i = 0; i < v->n_rows; i++)
        v->rows[i] = layout_box(body.x, y + i * rh, body.w, rh);
    y += v->n_rows * rh + g;
    v->note = layout_box(body.x, y, body.w, imin(note_h, body.y + body.h - y));
}
