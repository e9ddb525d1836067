/* raster.c - strokes to cells: a round brush swept along each segment, anti-aliased.
 *
 * A brush of radius r swept from P0 to P1 covers the capsule of points q with
 *   dist(q) = |q - (P0 + t e)| <= r,   e = P1 - P0,   t = clamp((q - P0).e / |e|^2, 0, 1),
 * (t = 0 for a single point, which makes a disc). Every grid cell is sampled at ss x ss points;
 * a sample's ink is 1 inside r - h, 0 beyond r + h and falls linearly between (h = half the
 * soft edge), and a cell's value is the mean of its samples' ink. Within a stroke the samples
 * combine with max, kept as the least distance to any of its segments (ink falls with
 * distance), so a stroke crossing itself or its own joints never doubles; the stroke's cells
 * are then added to the grid (clamped to 1), or subtracted for an eraser (clamped to 0). The
 * grid starts as the drawing's base image (ink_resample_area onto the grid) or blank.
 * Distances are measured in canvas cells, so the brush stays round on any grid size.
 * Sizes: the grid is (gh, gw) row-major; the scratch buffer holds one stroke's samples.
 */
#include "ink/raster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ink/preprocess.h"

typedef struct Box {
    int x0, y0, x1, y1; /* grid cells [x0, x1) x [y0, y1) */
} Box;

/* How the samples sit: ss x ss per grid cell, sample k along x at canvas x = (k + 0.5) ux. */
typedef struct Sampling {
    int ss;
    float ux, uy; /* canvas cells per sample */
} Sampling;

static float min2(float a, float b)
{
    return a < b ? a : b;
}

static float max2(float a, float b)
{
    return a > b ? a : b;
}

/* floor(v) as an int, with v first clamped to [lo, hi] so huge coordinates stay defined. */
static int floor_clamped(float v, int lo, int hi)
{
    if (!(v >= (float)lo))
        return lo;
    if (v > (float)hi)
        return hi;
    return (int)floorf(v);
}

static int ceil_clamped(float v, int lo, int hi)
{
    if (!(v >= (float)lo))
        return lo;
    if (v > (float)hi)
        return hi;
    return (int)ceilf(v);
}

/* The grid cells a stroke can touch: its points' bounding box grown by the brush's reach
 * (radius plus half the soft edge), scaled to grid cells. Returns 0 if it misses the grid. */
static int stroke_box(const InkStroke *s, float reach, float sx, float sy, int gw, int gh,
                      Box *b)
{
    if (s->n <= 0)
        return 0;
    float x0 = s->pts[0].x, x1 = x0, y0 = s->pts[0].y, y1 = y0;
    for (int k = 1; k < s->n; k++) {
        x0 = min2(x0, s->pts[k].x);
        x1 = max2(x1, s->pts[k].x);
        y0 = min2(y0, s->pts[k].y);
        y1 = max2(y1, s->pts[k].y);
    }
    b->x0 = floor_clamped((x0 - reach) * sx, 0, gw);
    b->x1 = ceil_clamped((x1 + reach) * sx, 0, gw);
    b->y0 = floor_clamped((y0 - reach) * sy, 0, gh);
    b->y1 = ceil_clamped((y1 + reach) * sy, 0, gh);
    return b->x1 > b->x0 && b->y1 > b->y0;
}

/* Sweeps segment a-b over the stroke's distance buffer dist2, which holds for every sample of
 * the cells in box the least squared distance to the stroke so far. Only the samples inside
 * the segment's bounding box grown by reach (canvas cells) are visited. */
static void sweep(float *dist2, const Box *box, const Sampling *sm, InkPoint a, InkPoint b,
                  float reach)
{
    int ss = sm->ss, bw = (box->x1 - box->x0) * ss;
    /* sample k is at (k + 0.5) u, so k runs from ceil(lo / u - 0.5) to floor(hi / u - 0.5) */
    int kx0 = ceil_clamped((min2(a.x, b.x) - reach) / sm->ux - 0.5f, box->x0 * ss,
                           box->x1 * ss);
    int kx1 = floor_clamped((max2(a.x, b.x) + reach) / sm->ux - 0.5f, box->x0 * ss - 1,
                            box->x1 * ss - 1);
    int ky0 = ceil_clamped((min2(a.y, b.y) - reach) / sm->uy - 0.5f, box->y0 * ss,
                           box->y1 * ss);
    int ky1 = floor_clamped((max2(a.y, b.y) + reach) / sm->uy - 0.5f, box->y0 * ss - 1,
                            box->y1 * ss - 1);
    float ex = b.x - a.x, ey = b.y - a.y;
    float l2 = ex * ex + ey * ey;
    float inv_l2 = l2 > 0.0f ? 1.0f / l2 : 0.0f; /* a dot: t = 0, the distance to a */
    float qx0 = ((float)kx0 + 0.5f) * sm->ux - a.x;
    for (int ky = ky0; ky <= ky1; ky++) {
        float qy = ((float)ky + 0.5f) * sm->uy - a.y; /* q - a, y part */
        float *row = dist2 + (size_t)(ky - box->y0 * ss) * (size_t)bw +
                     (size_t)(kx0 - box->x0 * ss);
        /* Only the samples of this row within reach of the segment can change: the part of
         * the segment with |y(t) - qy| <= reach, t in [t0, t1], widened by reach in x. A long
         * slanted segment so visits a band along itself, not its whole bounding box. */
        float t0 = 0.0f, t1 = 1.0f;
        if (ey != 0.0f) {
            float ta = (qy - reach) / ey, tb = (qy + reach) / ey;
            t0 = max2(0.0f, min2(ta, tb));
            t1 = min2(1.0f, max2(ta, tb));
            if (t0 > t1)
                continue;
        }
        float xa = t0 * ex, xb = t1 * ex; /* relative to a */
        int k0 = ceil_clamped((min2(xa, xb) - reach - qx0) / sm->ux, 0, kx1 - kx0 + 1);
        int k1 = floor_clamped((max2(xa, xb) + reach - qx0) / sm->ux, -1, kx1 - kx0);
        for (int k = k0; k <= k1; k++) {
            float qx = qx0 + (float)k * sm->ux; /* q - a, x part */
            /* t: where the perpendicular from q meets the segment, clamped to its ends */
            float t = (qx * ex + qy * ey) * inv_l2;
            t = min2(1.0f, max2(0.0f, t));
            float dx = qx - t * ex, dy = qy - t * ey;
            float d2 = dx * dx + dy * dy;
            row[k] = min2(row[k], d2);
        }
    }
}

/* Ink of a sample at squared distance d2 from the stroke: 1 inside r - h, 0 beyond r + h, and
 * (r + h - dist) / 2h across the soft band between. */
static float brush_ink(float d2, float r, float h)
{
    if (d2 >= (r + h) * (r + h))
        return 0.0f;
    if (h <= 0.0f || (r > h && d2 <= (r - h) * (r - h)))
        return 1.0f;
    float v = (r + h - sqrtf(d2)) * (0.5f / h);
    return v > 1.0f ? 1.0f : v; /* v > 0 since d2 < (r + h)^2 */
}

int ink_raster(const InkDrawing *d, float *grid, int gw, int gh)
{
    if (gw <= 0 || gh <= 0)
        return 0;
    memset(grid, 0, (size_t)gw * (size_t)gh * sizeof *grid);
    if (!d || !(d->width > 0.0f) || !(d->height > 0.0f))
        return 0;
    if (d->base) /* under the strokes: each cell the mean of the image over the area it covers */
        ink_resample_area(d->base, INK_BASE_SIDE, INK_BASE_SIDE, grid, gw, gh);
    if (d->n == 0)
        return 0;
    float sx = (float)gw / d->width, sy = (float)gh / d->height; /* grid cells per canvas cell */
    /* 4 x 4 samples per cell, or 2 x 2 on grids at least twice as fine as the canvas: either
     * way samples are at most a quarter of a canvas cell apart. */
    Sampling sm;
    sm.ss = sx >= 2.0f && sy >= 2.0f ? 2 : 4;
    sm.ux = 1.0f / (sx * (float)sm.ss);
    sm.uy = 1.0f / (sy * (float)sm.ss);
    int ss = sm.ss;
    float h = 0.5f * INK_BRUSH_SOFT;

    /* One scratch buffer, big enough for the largest stroke's samples. */
    size_t need = 0;
    for (int i = 0; i < d->n; i++) {
        Box b;
        if (stroke_box(&d->strokes[i], 0.5f * d->strokes[i].width + h, sx, sy, gw, gh, &b)) {
            size_t n = (size_t)(b.x1 - b.x0) * (size_t)(b.y1 - b.y0) * (size_t)(ss * ss);
            need = n > need ? n : need;
        }
    }
    if (need == 0)
        return 0;
    float *dist2 = malloc(need * sizeof *dist2);
    if (!dist2) {
        memset(grid, 0, (size_t)gw * (size_t)gh * sizeof *grid);
        return SN_E_NOMEM;
    }

    for (int i = 0; i < d->n; i++) {
        const InkStroke *s = &d->strokes[i];
        float r = 0.5f * s->width;
        Box b;
        if (!(r > 0.0f) || !stroke_box(s, r + h, sx, sy, gw, gh, &b))
            continue;
        int bw = (b.x1 - b.x0) * ss, bh = (b.y1 - b.y0) * ss;
        /* Distance field first: the max of the segments' ink is the ink of the least
         * distance, so the square root is taken once per sample, not once per segment. */
        for (size_t k = 0; k < (size_t)bw * (size_t)bh; k++)
            dist2[k] = INFINITY;
        if (s->n == 1)
            sweep(dist2, &b, &sm, s->pts[0], s->pts[0], r + h);
        for (int k = 1; k < s->n; k++)
            sweep(dist2, &b, &sm, s->pts[k - 1], s->pts[k], r + h);
        /* A cell's coverage is the mean of its ss x ss samples' ink. */
        float inv_n = 1.0f / (float)(ss * ss);
        for (int y = b.y0; y < b.y1; y++) {
            for (int x = b.x0; x < b.x1; x++) {
                const float *cell = dist2 + (size_t)((y - b.y0) * ss) * (size_t)bw +
                                    (size_t)((x - b.x0) * ss);
                float sum = 0.0f;
                for (int j = 0; j < ss; j++)
                    for (int k = 0; k < ss; k++)
                        sum += brush_ink(cell[(size_t)j * (size_t)bw + (size_t)k], r, h);
                float c = sum * inv_n;
                float *g = &grid[(size_t)y * (size_t)gw + (size_t)x];
                float v = s->erase ? *g - c : *g + c;
                *g = v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
            }
        }
    }
    free(dist2);
    return 0;
}
