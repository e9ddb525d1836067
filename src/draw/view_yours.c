/* view_yours.c - the rectangles of the person's own digits (view_yours.h): the tag and the
 * digit buttons over the canvas, and the Yours view's picked drawing and its rows of images.
 */
#include "draw/view_yours.h"

#include <math.h>
#include <string.h>

static int iround(float v)
{
    return (int)lroundf(v);
}

LayoutRect view_label_tag(const Layout *l)
{
    LayoutRect c = l->canvas;
    int fs = l->font_small, pad = imax(1, l->gap / 2);
    int w = imin(iround(7.2f * (float)fs), c.w / 2);
    int h = imin(imax(iround(2.6f * (float)fs), iround(48.0f * l->scale)), c.h / 6);
    if (c.w < 8 * fs || c.h < 6 * fs)
        return layout_box(0, 0, 0, 0);
    return layout_box(c.x + c.w - pad - w, c.y + c.h - pad - h, w, h);
}

PickerLayout view_picker_layout(const Layout *l)
{
    PickerLayout p;
    memset(&p, 0, sizeof p);
    LayoutRect c = l->canvas;
    int pad = imax(1, l->gap / 3);
    int bw = (c.w - 11 * pad) / YOURS_DIGITS;
    if (bw < 8)
        return p;
    int bh = imin(imax(iround(1.25f * (float)bw), iround(48.0f * l->scale)), c.h / 3);
    int th = iround(1.6f * (float)l->font_small);
    int h = pad + th + bh + pad;
    p.band = layout_box(c.x, c.y + c.h - h, c.w, h);
    p.title = layout_box(c.x + pad, p.band.y + pad, c.w - 2 * pad, th);
    int x0 = c.x + (c.w - (YOURS_DIGITS * bw + (YOURS_DIGITS - 1) * pad)) / 2;
    for (int d = 0; d < YOURS_DIGITS; d++)
        p.digits[d] = layout_box(x0 + d * (bw + pad), p.title.y + th, bw, bh);
    return p;
}

int view_picker_hit(const PickerLayout *p, int px, int py)
{
    for (int d = 0; d < YOURS_DIGITS; d++)
        if (layout_contains(p->digits[d], px, py))
            return d;
    return -1;
}

YoursLayout view_yours_layout(const Layout *l, const int *counts)
{
    YoursLayout y;
    memset(&y, 0, sizeof y);
    LayoutRect b = l->view_body;
    y.font = l->font_view;
    int f = y.font, gap = imax(1, l->gap / 2);
    LayoutRect btn = l->controls[LAYOUT_CTL_YOURS_USE];
    int bottom = btn.h > 0 ? btn.y - gap : b.y + b.h;
    int h = bottom - b.y;
    if (b.w < 4 * f || h < 12 * f / 2)
        return y;
    /* a column at the left: the picked drawing over its lines; the rows right of it */
    int side = imin(iround(0.3f * (float)b.w), h / 2);
    y.big = layout_box(b.x, b.y, side, side);
    y.info = layout_box(b.x, b.y + side + gap, side, bottom - (b.y + side + gap));
    int rx = b.x + side + f;
    y.rows_area = layout_box(rx, b.y, b.x + b.w - rx, h);
    int rh = y.rows_area.h / YOURS_DIGITS;
    int lw = imin(iround(3.4f * (float)f), y.rows_area.w / 3);
    int ts = imax(1, rh - imax(1, rh / 8)), tg = imax(1, ts / 10);
    int per_row = imax(0, (y.rows_area.w - lw) / (ts + tg));
    for (int d = 0; d < YOURS_DIGITS; d++) {
        int ry = y.rows_area.y + d * rh, n = counts ? imax(0, counts[d]) : 0;
        int shown = imin(n, per_row);
        y.labels[d] = layout_box(rx, ry, lw, rh);
        y.first[d] = n - shown;
        ViewBlock *r = &y.rows[d];
        r->layer = -1;
        r->tiles = shown;
        r->rows = r->cols = 28;
        r->n = shown * 28 * 28;
        r->per_row = imax(1, shown);
        r->tile_w = r->tile_h = ts;
        r->gap = tg;
        r->grid = layout_box(rx + lw, ry + (rh - ts) / 2, shown * (ts + tg) - tg, ts);
    }
    return y;
}

int view_yours_hit(const YoursLayout *y, int px, int py, int *digit, int *rank)
{
    for (int d = 0; d < YOURS_DIGITS; d++) {
        const ViewBlock *r = &y->rows[d];
        if (r->tiles < 1 || !layout_contains(r->grid, px, py))
            continue;
        int gx = px - r->grid.x, t = gx / (r->tile_w + r->gap);
        if (gx - t * (r->tile_w + r->gap) >= r->tile_w || t >= r->tiles)
            return 0; /* between two images */
        *digit = d;
        *rank = y->first[d] + t;
        return 1;
    }
    return 0;
}
