/* preprocess.c - MNIST's normalisation of a digit image, and plain resampling.
 *
 * Both are a linear map per axis from input coordinate u to output coordinate X = s u + off
 * (cells; a cell j covers [j, j+1)). Shrinking (s < 1) makes each output cell the mean of the
 * input over the interval it covers (area weights: thin strokes keep their ink, nothing
 * aliases); enlarging (s >= 1) samples the bilinear interpolation of the input's cell centres
 * at the output cell's centre, or, for ink_resample_area, takes area weights too (each input
 * cell becomes a block). Outside the input counts as blank.
 * MNIST's steps: crop to the ink's bounding box, scale so its longer side is 20 cells, centre
 * the box in 28 x 28 (the `fitted` image), then translate so the centre of mass lands on
 * cell (14, 14). The translation is done by resampling the input again with the offsets moved, so
 * the shift is sub-cell and adds no second blur.
 */
#include "ink/preprocess.h"

#include <math.h>
#include <string.h>

#define CROP_THRESHOLD 0.05f /* a cell above this counts as ink for the bounding box */
#define N_CENTRE_PASSES 2    /* re-centring passes; the second corrects the first's rounding */
#define COM_TARGET 14.0      /* where the centre of mass goes, in cell indices (see below) */

/* One axis of the map X = s * u + off, over an input of n cells. */
typedef struct Axis {
    double s, off;
    int n;
    int area; /* 1: area weights when enlarging too */
} Axis;

/* Output cell j's view of the input: the cells [x0, x1) it draws from, and what their
 * weights need. Shrinking: the input interval [lo, hi) = [(j - off)/s, (j + 1 - off)/s) that
 * output [j, j+1) covers. Enlarging: the output centre lands at u = (j + 0.5 - off)/s; outside
 * [0, n) it sees blank, inside it sees the interpolation between the input centres around
 * p = u - 0.5 (cell-centre units, held to [0, n - 1] so the outer half cells keep their value):
 * base = floor(p) and base + 1, with t = p - base. */
typedef struct Taps {
    int x0, x1;
    double lo, hi; /* shrinking */
    int base;      /* enlarging */
    double t;      /* enlarging */
} Taps;

static Taps axis_taps(const Axis *a, int j)
{
    Taps tp = {0, 0, 0.0, 0.0, 0, 0.0};
    if (a->s < 1.0 || a->area) {
        tp.lo = ((double)j - a->off) / a->s;
        tp.hi = ((double)j + 1.0 - a->off) / a->s;
        /* clamp to the input (outside it is blank) before converting to int */
        double first = floor(tp.lo), last = ceil(tp.hi);
        first = first < 0.0 ? 0.0 : (first > (double)a->n ? (double)a->n : first);
        last = last < first ? first : (last > (double)a->n ? (double)a->n : last);
        tp.x0 = (int)first;
        tp.x1 = (int)last;
        return tp;
    }
    double u = ((double)j + 0.5 - a->off) / a->s;
    if (!(u >= 0.0 && u < (double)a->n))
        return tp; /* no taps: blank */
    double p = u - 0.5;
    p = p < 0.0 ? 0.0 : (p > (double)(a->n - 1) ? (double)(a->n - 1) : p);
    tp.base = (int)floor(p);
    tp.t = p - (double)tp.base;
    tp.x0 = tp.base;
    tp.x1 = tp.base + 1 < a->n ? tp.base + 2 : tp.base + 1;
    return tp;
}
/* Weight of input cell x (x0 <= x < x1) in the output cell described by tp. */
static double tap_weight(const Axis *a, const Taps *tp, int x)
{
    if (a->s < 1.0 || a->area) {
        /* (overlap of [lo, hi) with [x, x+1)) / (hi - lo), and hi - lo = 1/s */
        double right = (double)x + 1.0 < tp->hi ? (double)x + 1.0 : tp->hi;
        double left = (double)x > tp->lo ? (double)x : tp->lo;
        double ov = right - left;
        return ov > 0.0 ? ov * a->s : 0.0;
    }
    /* bilinear: 1 - t to the centre below p, t to the one above */
    return x == tp->base ? 1.0 - tp->t : tp->t;
}

/* out (oh, ow) = the input g (h, w) mapped by ax, ay; separable: sum_y wy sum_x wx g[y][x].
 * Columns go in blocks so each column's taps are worked out once per block, not per cell. */
static void resample(const float *g, int w, const Axis *ax, const Axis *ay, float *out, int ow,
                     int oh)
{
    enum { BLOCK = 32 };
    Taps tx[BLOCK];
    for (int j0 = 0; j0 < ow; j0 += BLOCK) {
        int nj = ow - j0 < BLOCK ? ow - j0 : BLOCK;
        for (int j = 0; j < nj; j++)
            tx[j] = axis_taps(ax, j0 + j);
        for (int i = 0; i < oh; i++) {
            Taps ty = axis_taps(ay, i);
            for (int j = 0; j < nj; j++) {
                double acc = 0.0;
                for (int y = ty.x0; y < ty.x1; y++) {
                    double wy = tap_weight(ay, &ty, y);
                    if (wy == 0.0)
                        continue;
                    const float *row = g + (size_t)y * (size_t)w;
                    double sum = 0.0;
                    for (int x = tx[j].x0; x < tx[j].x1; x++)
                        sum += tap_weight(ax, &tx[j], x) * (double)row[x];
                    acc += wy * sum;
                }
                /* weights sum to at most 1, so acc is in [0, 1] up to rounding */
                acc = acc < 0.0 ? 0.0 : (acc > 1.0 ? 1.0 : acc);
                out[(size_t)i * (size_t)ow + (size_t)(j0 + j)] = (float)acc;
            }
        }
    }
}

void ink_resample(const float *grid, int w, int h, float *out, int ow, int oh)
{
    if (ow <= 0 || oh <= 0)
        return;
    if (w <= 0 || h <= 0) {
        memset(out, 0, (size_t)ow * (size_t)oh * sizeof *out);
        return;
    }
    Axis ax = {(double)ow / w, 0.0, w, 0}, ay = {(double)oh / h, 0.0, h, 0};
    resample(grid, w, &ax, &ay, out, ow, oh);
}

void ink_resample_area(const float *grid, int w, int h, float *out, int ow, int oh)
{
    if (ow <= 0 || oh <= 0 || w <= 0 || h <= 0)
        return;
    Axis ax = {(double)ow / w, 0.0, w, 1}, ay = {(double)oh / h, 0.0, h, 1};
    resample(grid, w, &ax, &ay, out, ow, oh);
}

/* Centre of mass of a 28 x 28 image, cell (i, j) counted at (i, j): (sum v j) / sum v and
 * (sum v i) / sum v. MNIST's digits have it within half a cell of (14, 14) in these terms, i.e.
 * in the middle of cell (14, 14). Returns the total ink. */
static double centre_of_mass(const float *img, double *cx, double *cy)
{
    double m = 0.0, mx = 0.0, my = 0.0;
    for (int i = 0; i < INK_SIDE; i++) {
        for (int j = 0; j < INK_SIDE; j++) {
            double v = (double)img[i * INK_SIDE + j];
            m += v;
            mx += v * j;
            my += v * i;
        }
    }
    *cx = m > 0.0 ? mx / m : COM_TARGET;
    *cy = m > 0.0 ? my / m : COM_TARGET;
    return m;
}

/* At scale 1 the input's cells already have the output's size: rounding the offsets to whole
 * cells makes the map an exact copy instead of a half-cell blur (the centre of mass then lands
 * within half a cell of the centre, as with MNIST's own whole-pixel shifts). So an image that is
 * already MNIST-normalised passes through unchanged. */
static void align(Axis *ax, Axis *ay)
{
    if (ax->s == 1.0) {
        ax->off = floor(ax->off + 0.5);
        ay->off = floor(ay->off + 0.5);
    }
}

int ink_preprocess_mnist(const float *grid, int w, int h, float *out, InkPrepSteps *steps)
{
    const int n_out = INK_SIDE * INK_SIDE;
    memset(out, 0, (size_t)n_out * sizeof *out);
    if (steps)
        memset(steps, 0, sizeof *steps);
    if (w <= 0 || h <= 0)
        return 1;
    if (steps)
        ink_resample(grid, w, h, steps->raw, INK_SIDE, INK_SIDE);

    /* Too little ink? Measured as on a 28 x 28 grid: area resampling keeps the mean, so the
     * 28 x 28 total is sum(grid) * 784 / (w h). */
    double total = 0.0;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            float v = grid[(size_t)i * (size_t)w + (size_t)j];
            total += (double)v;
            if (v > CROP_THRESHOLD) {
                x0 = j < x0 ? j : x0;
                x1 = j > x1 ? j : x1;
                y0 = i < y0 ? i : y0;
                y1 = i > y1 ? i : y1;
            }
        }
    }
    if (total * n_out / ((double)w * h) < (double)INK_MIN_INK || x1 < 0)
        return 1;

    /* 1. Crop: the bounding box of cells above the threshold. */
    int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
    if (steps) {
        steps->crop_x = x0;
        steps->crop_y = y0;
        steps->crop_w = cw;
        steps->crop_h = ch;
        /* the box as it appears in `raw`, moved to the top-left corner */
        int rx0 = (int)floor((double)x0 * INK_SIDE / w);
        int ry0 = (int)floor((double)y0 * INK_SIDE / h);
        int rx1 = (int)ceil((double)(x1 + 1) * INK_SIDE / w);
        int ry1 = (int)ceil((double)(y1 + 1) * INK_SIDE / h);
        for (int i = ry0; i < ry1; i++)
            for (int j = rx0; j < rx1; j++)
                steps->cropped[(i - ry0) * INK_SIDE + (j - rx0)] = steps->raw[i * INK_SIDE + j];
    }

    /* 2. Scale: s = 20 / longer side, the same on both axes so the aspect is kept. The box's
     * centre x0 + cw/2 maps to 14: off = 14 - s (x0 + cw/2). */
    double s = (double)INK_BOX / (cw > ch ? cw : ch);
    Axis ax = {s, 0.5 * INK_SIDE - s * (x0 + 0.5 * cw), w, 0};
    Axis ay = {s, 0.5 * INK_SIDE - s * (y0 + 0.5 * ch), h, 0};
    align(&ax, &ay);
    float fitted[INK_SIDE * INK_SIDE];
    resample(grid, w, &ax, &ay, fitted, INK_SIDE, INK_SIDE);
    if (steps)
        memcpy(steps->fitted, fitted, sizeof fitted);

    /* 3. Centre: move the centre of mass (cx, cy) to (14, 14) by adding (14 - cx, 14 - cy) to
     * the offsets: shifting the image by d moves its centre of mass by d. Ink clipped at the
     * border or the resampling's rounding can leave the centre a little off, so measure again
     * and repeat. */
    double cx, cy;
    if (centre_of_mass(fitted, &cx, &cy) <= 0.0)
        return 1;
    for (int pass = 0; pass < N_CENTRE_PASSES; pass++) {
        ax.off += COM_TARGET - cx;
        ay.off += COM_TARGET - cy;
        align(&ax, &ay);
        resample(grid, w, &ax, &ay, out, INK_SIDE, INK_SIDE);
        centre_of_mass(out, &cx, &cy);
    }
    if (steps) {
        memcpy(steps->centred, out, (size_t)n_out * sizeof *out);
        steps->com_x = (float)cx;
        steps->com_y = (float)cy;
        steps->map_s = (float)ax.s;
        steps->map_x = (float)ax.off;
        steps->map_y = (float)ay.off;
    }
    return 0;
}
