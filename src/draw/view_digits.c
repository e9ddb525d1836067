/* view_digits.c - where the nearest digits view's parts go (view_layout.h): from the top, the
 * sentence (two lines), the nearest training digits (a row of tiles across the body over its
 * labels: one line, or two when the classes have names or the tiles are narrow), the status
 * (three lines), the unit's title (two lines) and its best test digits. The tiles are as
 * large as the body allows, both parts alike, at most 6 screen pixels per image pixel (more
 * when a label needs it).
 */
#include <math.h>

#include "draw/view_layout.h"
#include "ink/classify.h"


/* A row of n tiles of side t, g apart, at (x, y). */
static ViewBlock row_of(int n, int x, int y, int t, int g)
{
    ViewBlock b = {.layer = -1, .tiles = n, .rows = 28, .cols = 28, .per_row = imax(n, 1),
                   .tile_w = t, .tile_h = t, .gap = g};
    b.n = b.tiles * 28 * 28;
    b.grid = layout_box(x, y, n * (t + g) - g, t);
    return b;
}

/* The rows of one part from y down, each over its line of labels; returns the y below. */
static int rows(ViewBlock *blocks, LayoutRect *labels, int x, int y, int t, int g, int lh)
{
    for (int r = 0; r < VIEW_DIGIT_ROWS; r++) {
        blocks[r] = row_of(VIEW_DIGITS_PER_ROW, x, y, t, g);
        labels[r] = layout_box(x, y + t, blocks[r].grid.w, lh);
        y += t + lh + g;
    }
    return y;
}

int view_label_lines(const NnModel *m)
{
    return m && !ink_reads_digits(m) ? 2 : 1;
}

/* The side of the tiles in body, labels_h of labels under each row and lh-high lines of text
 * (seven: the sentence, the status, the unit's title) between the parts: at most 6 screen
 * pixels per image pixel, or as wide as a label of the view's font. */
static int tile_side(LayoutRect body, int font, int lh, int labels_h, int g)
{
    int n = VIEW_DIGITS_PER_ROW;
    int fixed = 7 * lh + 2 * VIEW_DIGIT_ROWS * labels_h + (2 * VIEW_DIGIT_ROWS + 2) * g;
    int t = imin((body.w - (n - 1) * g) / n, (body.h - fixed) / (2 * VIEW_DIGIT_ROWS));
    return imax(1, imin(t, imax(6 * 28, 4 * font)));
}

void view_digits_layout(ViewLayout *v, LayoutRect body, int label_lines)
{
    int lh = (int)lroundf(1.35f * (float)v->font), g = imax(4, lh / 3);
    /* one line as tall as the other lines, or two just tall enough for the labels' text: a
     * digit and its distance ("3 \xc2\xb7 5.52") side by side when a label's room (a tile
     * and a gap) is four letters wide, else one over the other */
    int two_h = 2 * (int)lroundf(1.05f * (float)v->font);
    int t = tile_side(body, v->font, lh, label_lines == 1 ? lh : two_h, g);
    if (label_lines == 1 && t + g < 4 * v->font) {
        label_lines = 2;
        t = tile_side(body, v->font, lh, two_h, g);
    }
    int labels_h = label_lines == 1 ? lh : two_h;
    v->label_lines = label_lines;
    int x = body.x, y = body.y;
    v->sentence = layout_box(x, y, body.w, 2 * lh);
    y = rows(v->near, v->near_labels, x, y + 2 * lh + g, t, g, labels_h);
    v->status = layout_box(x, y, body.w, 3 * lh);
    y += 3 * lh + g;
    v->excite_title = layout_box(x, y, body.w, 2 * lh);
    rows(v->excite, v->excite_labels, x, y + 2 * lh, t, g, labels_h);
}

void view_digits_row(LayoutRect r, int font, int label_lines, LayoutRect *caption, ViewBlock *row,
                     LayoutRect *labels)
{
    int lh = label_lines == 1 ? (int)lroundf(1.2f * (float)font)
                              : label_lines * (int)lroundf(0.95f * (float)font);
    int g = imax(2, (int)lroundf(1.2f * (float)font) / 4);
    int t = imax(1, imin(r.h - lh, 6 * 28));
    int cw = imin(r.w / 3, 8 * font);
    *caption = layout_box(r.x, r.y, cw, r.h);
    int n = imin(VIEW_DIGIT_ROWS * VIEW_DIGITS_PER_ROW, (r.w - cw - g + g) / (t + g));
    *row = row_of(imax(n, 0), r.x + cw + g, r.y, t, g);
    *labels = layout_box(row->grid.x, r.y + t, row->grid.w, imin(lh, r.h - t));
}
