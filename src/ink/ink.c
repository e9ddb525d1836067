/* ink.c - drawings as editable geometry (see ink.h); their JSON form and files are
 * strokes_file.c's.
 *
 * A drawing is a list of strokes, each a growable array of points, over an optional base image
 * (one malloc'd 28 x 28 block). Undo pops the last stroke and redo pushes it back.
 * ink_drawing_fit maps any units onto the canvas by one uniform scale
 * s = box / max(bbox_w, bbox_h) about the bounding box's centre. Nothing here draws pixels
 * (raster.c) or prints.
 */
#include "ink/ink.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

/* ---- editing ---------------------------------------------------------------------------- */

void ink_drawing_init(InkDrawing *d, float width, float height)
{
    d->strokes = NULL;
    d->n = d->cap = 0;
    d->width = width;
    d->height = height;
    d->base = NULL;
}

void ink_stroke_free(InkStroke *s)
{
    if (!s)
        return;
    free(s->pts);
    s->pts = NULL;
    s->n = s->cap = 0;
}

void ink_drawing_clear(InkDrawing *d)
{
    for (int i = 0; i < d->n; i++)
        ink_stroke_free(&d->strokes[i]);
    d->n = 0;
    free(d->base);
    d->base = NULL;
}

int ink_drawing_set_base(InkDrawing *d, const float *px)
{
    if (!px) {
        free(d->base);
        d->base = NULL;
        return 0;
    }
    for (int k = 0; k < INK_BASE_PIXELS; k++)
        if (!(px[k] >= 0.0f && px[k] <= 1.0f)) /* NaN too */
            return SN_E_ARG;
    if (!d->base && !(d->base = malloc(INK_BASE_PIXELS * sizeof *d->base)))
        return SN_E_NOMEM;
    memcpy(d->base, px, INK_BASE_PIXELS * sizeof *d->base);
    return 0;
}

int ink_drawing_is_empty(const InkDrawing *d)
{
    return d->n == 0 && !d->base;
}

void ink_drawing_free(InkDrawing *d)
{
    if (!d)
        return;
    ink_drawing_clear(d);
    free(d->strokes);
    d->strokes = NULL;
    d->cap = 0;
}

float ink_widest_brush(const InkDrawing *d)
{
    return INK_MAX_WIDTH_PER_SIDE * (d->width > d->height ? d->width : d->height);
}

int ink_stroke_near_last(const InkStroke *s, float x, float y)
{
    if (s->n == 0)
        return 0;
    float dx = x - s->pts[s->n - 1].x, dy = y - s->pts[s->n - 1].y;
    return dx * dx + dy * dy < INK_MIN_STEP * INK_MIN_STEP;
}

int ink_drawing_begin_stroke(InkDrawing *d, float width, int erase)
{
    if (!(width > 0.0f) || !isfinite(width) || width > ink_widest_brush(d))
        return SN_E_ARG;
    if (d->n >= INK_MAX_STROKES)
        return SN_E_LIMIT;
    if (buf_grow((void **)&d->strokes, &d->cap, (size_t)d->n + 1, sizeof *d->strokes) != 0)
        return SN_E_NOMEM;
    InkStroke *s = &d->strokes[d->n++];
    s->pts = NULL;
    s->n = s->cap = 0;
    s->width = width;
    s->erase = erase ? 1 : 0;
    return 0;
}

int ink_point_timed(InkPoint p)
{
    return p.t >= 0.0f;
}

float ink_drawing_last_time(const InkDrawing *d)
{
    for (int i = d->n - 1; i >= 0; i--)
        for (int k = d->strokes[i].n - 1; k >= 0; k--)
            if (ink_point_timed(d->strokes[i].pts[k]))
                return d->strokes[i].pts[k].t;
    return INK_NO_TIME;
}

int ink_drawing_add_point(InkDrawing *d, float x, float y)
{
    return ink_drawing_add_point_at(d, x, y, INK_NO_TIME);
}

int ink_drawing_add_point_at(InkDrawing *d, float x, float y, float t)
{
    if (d->n == 0 || !isfinite(x) || !isfinite(y))
        return SN_E_ARG;
    if (t != INK_NO_TIME && !(t >= 0.0f && (double)t <= INK_MAX_TIME)) /* NaN too */
        return SN_E_ARG;
    InkStroke *s = &d->strokes[d->n - 1];
    if (ink_stroke_near_last(s, x, y))
        return 1;
    if (ink_drawing_points(d) >= INK_MAX_POINTS)
        return SN_E_LIMIT;
    if (buf_grow((void **)&s->pts, &s->cap, (size_t)s->n + 1, sizeof *s->pts) != 0)
        return SN_E_NOMEM;
    s->pts[s->n++] = (InkPoint){x, y, t};
    return 0;
}

int ink_drawing_pop_stroke(InkDrawing *d, InkStroke *out)
{
    if (d->n == 0)
        return SN_E_ARG;
    *out = d->strokes[--d->n];
    memset(&d->strokes[d->n], 0, sizeof d->strokes[d->n]);
    return 0;
}

int ink_drawing_push_stroke(InkDrawing *d, InkStroke *s)
{
    if (d->n >= INK_MAX_STROKES)
        return SN_E_LIMIT;
    if (buf_grow((void **)&d->strokes, &d->cap, (size_t)d->n + 1, sizeof *d->strokes) != 0)
        return SN_E_NOMEM;
    d->strokes[d->n++] = *s;
    s->pts = NULL;
    s->n = s->cap = 0;
    return 0;
}

size_t ink_drawing_points(const InkDrawing *d)
{
    size_t total = 0;
    for (int i = 0; i < d->n; i++)
        total += (size_t)d->strokes[i].n;
    return total;
}

/* ---- fit -------------------------------------------------------------------------------- */

/* Bounding box of the points of strokes with erase == want_erase (or of all strokes when
 * want_erase < 0); returns 0 when there are no such points. */
static int points_bbox(const InkDrawing *d, int want_erase, double *x0, double *y0, double *x1,
                       double *y1)
{
    int any = 0;
    for (int i = 0; i < d->n; i++) {
        const InkStroke *s = &d->strokes[i];
        if (want_erase >= 0 && s->erase != want_erase)
            continue;
        for (int k = 0; k < s->n; k++) {
            double x = (double)s->pts[k].x, y = (double)s->pts[k].y;
            if (!any) {
                *x0 = *x1 = x;
                *y0 = *y1 = y;
                any = 1;
            }
            *x0 = fmin(*x0, x);
            *x1 = fmax(*x1, x);
            *y0 = fmin(*y0, y);
            *y1 = fmax(*y1, y);
        }
    }
    return any;
}

void ink_drawing_fit(InkDrawing *d, float box)
{
    if (!(box > 0.0f) || !isfinite(box) || d->base)
        return;
    double x0, y0, x1, y1;
    if (!points_bbox(d, 0, &x0, &y0, &x1, &y1) && !points_bbox(d, -1, &x0, &y0, &x1, &y1))
        return;
    /* p' = (p - c) * s + canvas / 2 with c the box centre and s = box / longer side, so the
     * longer side becomes exactly `box` cells and the box is centred. A dot (both sides 0)
     * keeps s = 1: there is no size to scale. */
    double side = fmax(x1 - x0, y1 - y0);
    double s = side > 0.0 ? (double)box / side : 1.0;
    double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
    double ox = 0.5 * (double)d->width, oy = 0.5 * (double)d->height;
    for (int i = 0; i < d->n; i++) {
        InkStroke *st = &d->strokes[i];
        for (int k = 0; k < st->n; k++) {
            st->pts[k].x = (float)(((double)st->pts[k].x - cx) * s + ox);
            st->pts[k].y = (float)(((double)st->pts[k].y - cy) * s + oy);
        }
    }
}
