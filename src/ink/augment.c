/* augment.c - training digits distorted to look drawn (augment.h).
 *
 * One sampling pass makes the output: output pixel q reads the source at
 *   p = A^-1 (q + d(q) - c - t) + c,
 * which inverts the forward map q = A (p - c) + c + t followed by an elastic displacement d,
 * with bilinear interpolation between the four source pixels around p (outside counts as 0):
 *   c = the source's centre of mass, so rotating and scaling leave the digit where it was;
 *   A = R(theta) K(k) S(sx, sy): scale each axis, shear x by k y, rotate by theta;
 *   t = a random shift, corrected so the digit's moved bounding box stays inside the image;
 *   d = an elastic field (Simard, Steinkraus and Platt, 2003): white noise in [-1, 1] smoothed
 *       with a Gaussian of sigma and scaled to an RMS of `elastic` pixels.
 * Before that the strokes may be thickened (grey dilation) or thinned (grey erosion), blended
 * by the fraction that brings the measured stroke width to a random target width.
 * Randomness: splitmix64 seeded with the seed. Floats only meet + - * /, sqrt, floor, min and
 * max, which IEEE 754 rounds the same everywhere (sin, cos and exp are series below: libm's may
 * differ between C libraries in the last bit), and no fused multiply-adds (C11 mode keeps GCC
 * from fusing; clang is told below), so one seed gives one image on every machine.
 * Sizes: images (h, w) row-major, pixel (i, j) at position (x, y) = (j, i).
 */
#include "ink/augment.h"
#include "ink/augment_marks.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ink/detrand.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define INK_EPS 0.05f /* a pixel above this counts as ink for the bounding box */
/* Target stroke widths (2 area / perimeter, see aug_stroke_width) are drawn in [WIDTH_MIN,
 * WIDTH_MAX]: MNIST's 5-95 % range is 1.3-3.0, pen digits drawn with brushes of 1.5-4 cells
 * measure 1.0-3.5 after preprocessing. */
#define WIDTH_MIN    1.4f
#define WIDTH_MAX    3.6f
#define WIDTH_PER_F  1.3f /* the width changes by about this times the blend fraction f */
#define DILATE_MAX   2.0f /* f up to 2: a full dilation, then a blended second one */
#define ERODE_MAX    0.6f /* more erosion breaks thin MNIST strokes apart */
#define ELASTIC_RMAX 9    /* most Gaussian taps each side of the centre (see elastic_field) */

/* The defaults were chosen on contact sheets of MNIST digits next to pen-drawn UNIPEN digits
 * after the app's preprocessing, and by training on MNIST with each setting, then testing on
 * 5,606 UNIPEN digits rendered through the app's pipeline with a 2.5-cell brush, and with a
 * 4-cell one or drawn small (thick strokes after preprocessing). MLP preset (784-256-128-10,
 * 20 epochs), % right without augmentation -> with these defaults:
 *   MNIST test 98.4 -> 99.0, drawn 96.1 -> 96.9, thick 94.9 -> 95.9 (mean of 2 runs each).
 * A small CNN (conv 16 and 32 of 5 x 5, 10 epochs): 99.2 -> 99.5, 97.9 -> 98.1, 96.4 -> 97.2.
 *   shift 2, rotate 15, scale 0.8-1.2, shear 0.3: most of the gain. Pen digits lean less than
 *     MNIST's (mean slant 0.05 against 0.13); the symmetric shear covers both.
 *   thickness 0.5 towards widths 1.4-3.6: MNIST's spread 1.3-3.0 (5-95 %) but a digit drawn
 *     small with the app's brush measures 2.9 after preprocessing; worth 0.4-0.6 points there.
 *   elastic 0.7 (peaks near 2 pixels), sigma 5: bends strokes while keeping their width even
 *     (RMS slope of the field elastic / (sqrt 2 sigma) = 0.1). Neutral on drawn digits, a
 *     little better on MNIST. At RMS 1 and sigma 4 a ring came out several times as thick on
 *     one side as on the other; at RMS 2, drawn digits lost 2 points.
 *   slash_zero 0.2: MNIST has almost no slashed zeros, and the networks read a pen-drawn 0
 *     with a slash through it as an 8. A fifth of the zeros with a slash or bar took the drawn
 *     zeros the MLP recognises from 91.0 % to 98.6 % and the CNN's from 89.7 % to 99.3 %, with
 *     MNIST unchanged (MLP 98.88 -> 98.90 %).
 *   flag_one 0.3: MNIST's ones are nearly all bare strokes, as Americans write them, and the
 *     networks read a pen-drawn one with a flag (as many Europeans write it) as a 7: drawn ones
 *     were recognised at 96.1 % against about 99 % for the other digits. The flag is a
 *     commoner habit than the slashed zero, hence a larger share than slash_zero's, while most
 *     ones stay bare as MNIST has them.
 *   prob 0.9: a tenth of the images stay as MNIST has them. */
InkAugment ink_augment_defaults(void)
{
    InkAugment a;
    a.shift = 2.0f;
    a.rotate = 15.0f;
    a.scale_min = 0.8f;
    a.scale_max = 1.2f;
    a.shear = 0.3f;
    a.elastic = 0.7f;
    a.elastic_sigma = 5.0f;
    a.thickness = 0.5f;
    a.slash_zero = 0.2f;
    a.flag_one = 0.3f;
    a.prob = 0.9f;
    return a;
}

InkAugment ink_augment_none(void)
{
    InkAugment a;
    memset(&a, 0, sizeof a);
    return a;
}

/* ---- maths with basic operations only (detrand.h has the randomness, sin and cos) ------- */

/* e^x for -1 <= x <= 0 from its Taylor series (the terms left out are below 1e-19). */
static double exp_small(double x)
{
    double t = 1.0, s = 1.0;
    for (int k = 1; k <= 20; k++) {
        t *= x / k;
        s += t;
    }
    return s;
}

/* v if it is a number in (0, hi], hi if above, else 0 (negative, zero or NaN). */
static float clean(float v, float hi)
{
    return v > 0.0f ? (v < hi ? v : hi) : 0.0f;
}

/* ---- the steps -------------------------------------------------------------------------- */

/* Mean stroke width: a stroke of length L and width W covers A = W L pixels and its outline is
 * P = 2 L long, so W = 2 A / P, with A the pixels above 0.5 and P the number of edges between
 * such a pixel and one at or below 0.5 (a pixel's 4 sides; outside counts as blank). */
float aug_stroke_width(const float *img, int w, int h)
{
    long area = 0, edges = 0;
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            const float *p = img + (size_t)i * (size_t)w + (size_t)j;
            if (!(*p > 0.5f))
                continue;
            area++;
            edges += !(j > 0 && p[-1] > 0.5f) + !(j + 1 < w && p[1] > 0.5f);
            edges += !(i > 0 && p[-w] > 0.5f) + !(i + 1 < h && p[w] > 0.5f);
        }
    }
    return edges ? 2.0f * (float)area / (float)edges : 0.0f;
}

/* Stroke thickness: grey dilation (grow) or erosion with the cross-shaped element (the pixel
 * and its four neighbours; outside the image counts as 0), blended by f in [0, 1]:
 *   out = v + f (m - v),   m = max (dilation) or min (erosion) of v over the cross.
 * On MNIST, f = 1 widens strokes by 1.4 pixels on average (3 x 3 squares would add 2.2) and
 * f = 0.5 by 0.65; erosion is the mirror image until it breaks strokes apart. */
static void thickness(const float *img, int w, int h, int grow, float f, float *out)
{
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            const float *p = img + (size_t)i * (size_t)w + (size_t)j;
            float v = *p;
            float l = j > 0 ? p[-1] : 0.0f, r = j + 1 < w ? p[1] : 0.0f;
            float u = i > 0 ? p[-w] : 0.0f, d = i + 1 < h ? p[w] : 0.0f;
            float m = v;
            if (grow) {
                m = l > m ? l : m;
                m = r > m ? r : m;
                m = u > m ? u : m;
                m = d > m ? d : m;
            } else {
                m = l < m ? l : m;
                m = r < m ? r : m;
                m = u < m ? u : m;
                m = d < m ? d : m;
            }
            out[(size_t)i * (size_t)w + (size_t)j] = v + f * (m - v);
        }
    }
}

/* Centre of mass (cx, cy) and bounding box of the pixels above INK_EPS; returns 0 when no
 * pixel is above it (then nothing is set). */
int aug_mass_and_box(const float *img, int w, int h, double *cx, double *cy, int box[4])
{
    double m = 0.0, mx = 0.0, my = 0.0;
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int i = 0; i < h; i++) {
        const float *row = img + (size_t)i * (size_t)w;
        double rm = 0.0, rmx = 0.0;
        for (int j = 0; j < w; j++) {
            rm += (double)row[j];
            rmx += (double)row[j] * j;
            if (row[j] > INK_EPS) {
                x0 = j < x0 ? j : x0;
                x1 = j > x1 ? j : x1;
                y0 = i < y0 ? i : y0;
                y1 = i;
            }
        }
        m += rm;
        mx += rmx;
        my += rm * i;
    }
    if (x1 < 0 || !(m > 0.0))
        return 0;
    *cx = mx / m;
    *cy = my / m;
    box[0] = x0;
    box[1] = y0;
    box[2] = x1;
    box[3] = y1;
    return 1;
}

/* Elastic displacement (dx, dy), each (h, w): white noise n uniform in [-1, 1] (variance 1/3),
 * smoothed d = G * n with a Gaussian of sigma, and scaled to an RMS of alpha pixels.
 * A Gaussian-smoothed field holds no detail finer than sigma, so it is made on a coarse grid of
 * nu x nv nodes g = floor(sigma / 1.5) pixels apart (the kernel's sigma is sc = sigma / g, 1.5
 * to 3 nodes there, or sigma itself when g = 1) and interpolated linearly between the nodes:
 * sigma 5 takes 10 x 10 nodes for 28 x 28 pixels.
 * The kernel k_j = exp(-j^2 / (2 sc^2)), |j| <= R = ceil(3 sc), is cut off at the grid's edges,
 * so node (u, v) sums the taps that fall on the grid and its value has variance
 * (1/3) Sx(u) Sy(v), with Sx(u) = sum of k_j^2 over the taps j with 0 <= u + j < nu (likewise
 * Sy): multiplying by alpha sqrt(3) / sqrt(Sx(u) Sy(v)) gives every node the RMS alpha, at the
 * border as inside, without drawing noise beyond the image. work holds 3 nu nv + nu + nv
 * floats: noise, the row-smoothed noise, the nodes, and 1 / sqrt(Sx), 1 / sqrt(Sy). */
static void elastic_field(Rng *rng, int w, int h, float alpha, float sigma, float *work, float *dx,
                          float *dy)
{
    int g = (int)(sigma / 1.5f);
    g = g < 1 ? 1 : g;
    double sc = (double)sigma / g; /* in [1, 3): sigma in nodes */
    int R = (int)ceil(3.0 * sc);   /* at most 9 (sc < 3), but for a last-bit rounding */
    R = R < ELASTIC_RMAX ? R : ELASTIC_RMAX;
    int nu = (w - 1 + g - 1) / g + 1, nv = (h - 1 + g - 1) / g + 1; /* nodes reach the edges */
    size_t nn = (size_t)nu * (size_t)nv;

    /* k_j = q^(j^2) with q = exp(-1 / (2 sc^2)), built by q^((j+1)^2) = q^(j^2) q^(2j+1);
     * stored as kern[R + j] for j = -R..R. */
    float kern[2 * ELASTIC_RMAX + 1];
    double q = exp_small(-0.5 / (sc * sc)), kj = 1.0, step = q;
    kern[R] = 1.0f;
    for (int j = 1; j <= R; j++) {
        kj *= step;
        step *= q * q;
        kern[R + j] = kern[R - j] = (float)kj;
    }
    const float *k = kern + R; /* k[j], -R <= j <= R */

    float *noise = work, *half = noise + nn, *node = half + nn, *rx = node + nn, *ry = rx + nu;
    for (int axis = 0; axis < 2; axis++) {
        int n_ax = axis ? nv : nu;
        float *r = axis ? ry : rx;
        for (int u = 0; u < n_ax; u++) {
            double sq = 0.0;
            for (int j = -R; j <= R; j++)
                if (u + j >= 0 && u + j < n_ax)
                    sq += (double)k[j] * (double)k[j];
            r[u] = (float)(1.0 / sqrt(sq));
        }
    }
    float gain = alpha * (float)sqrt(3.0);

    for (int field = 0; field < 2; field++) {
        float *d = field ? dy : dx;
        for (size_t i = 0; i < nn; i += 2) {
            /* two values per draw: bits 63-40 and 39-16, each a fraction of 2^24 */
            uint64_t z = rng_next(rng);
            noise[i] = (float)(z >> 40) * 0x1p-23f - 1.0f;
            if (i + 1 < nn)
                noise[i + 1] = (float)((z >> 16) & 0xffffff) * 0x1p-23f - 1.0f;
        }
        /* Separable Gaussian: along rows into half, then along columns into node. Each
         * output row adds up whole shifted rows, k_j times each, so the inner loops run
         * along memory. */
        for (int v = 0; v < nv; v++) {
            const float *row = noise + (size_t)v * (size_t)nu;
            float *out = half + (size_t)v * (size_t)nu;
            memset(out, 0, (size_t)nu * sizeof *out);
            for (int j = -R; j <= R; j++) {
                /* out[u] += k_j row[u + j] for the u with 0 <= u + j < nu */
                int u0 = j < 0 ? -j : 0, u1 = j > 0 ? nu - j : nu;
                for (int u = u0; u < u1; u++)
                    out[u] += k[j] * row[u + j];
            }
        }
        for (int v = 0; v < nv; v++) {
            float *out = node + (size_t)v * (size_t)nu;
            memset(out, 0, (size_t)nu * sizeof *out);
            int j0 = v - R < 0 ? -v : -R, j1 = v + R >= nv ? nv - 1 - v : R;
            for (int j = j0; j <= j1; j++) {
                const float *row = half + (size_t)(v + j) * (size_t)nu;
                for (int u = 0; u < nu; u++)
                    out[u] += k[j] * row[u];
            }
            for (int u = 0; u < nu; u++)
                out[u] *= gain * rx[u] * ry[v];
        }
        /* Pixel (i, j) lies between nodes (v0, u0) = (i / g, j / g) and the next ones, at
         * fractions (i mod g) / g and (j mod g) / g; counted up, not divided. */
        float inv_g = 1.0f / (float)g;
        for (int i = 0, v0 = 0, ri = 0; i < h; i++) {
            int v1 = v0 + 1 < nv ? v0 + 1 : v0;
            float fv = (float)ri * inv_g;
            const float *n0 = node + (size_t)v0 * (size_t)nu, *n1 = node + (size_t)v1 * (size_t)nu;
            float *drow = d + (size_t)i * (size_t)w;
            for (int j = 0, u0 = 0, rj = 0; j < w; j++) {
                int u1 = u0 + 1 < nu ? u0 + 1 : u0;
                float fu = (float)rj * inv_g;
                float top = n0[u0] + fu * (n0[u1] - n0[u0]);
                float bot = n1[u0] + fu * (n1[u1] - n1[u0]);
                drow[j] = top + fv * (bot - top);
                if (++rj == g) {
                    rj = 0;
                    u0++;
                }
            }
            if (++ri == g) {
                ri = 0;
                v0++;
            }
        }
    }
}

/* img's pixel (row y, column x), or 0 outside the image. */
static float pixel(const float *img, int w, int h, int x, int y)
{
    return x >= 0 && y >= 0 && x < w && y < h ? img[(size_t)y * (size_t)w + (size_t)x] : 0.0f;
}

/* The bilinear interpolation of img's pixels at position (x, y); pixels outside count as 0:
 *   (1 - ty) ((1 - tx) v00 + tx v01) + ty ((1 - tx) v10 + tx v11),
 * with (x0, y0) = floor(x, y) and (tx, ty) the fractions. On a whole position it is exact. */
static float bilinear(const float *img, int w, int h, float x, float y)
{
    if (!(x > -1.0f && x < (float)w && y > -1.0f && y < (float)h))
        return 0.0f;              /* all four neighbours outside (or x, y not a number) */
    int x0 = (int)x, y0 = (int)y; /* truncation, then floor for negative fractions */
    x0 -= (float)x0 > x;
    y0 -= (float)y0 > y;
    float tx = x - (float)x0, ty = y - (float)y0;
    float v00, v01, v10, v11;
    if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
        const float *p = img + (size_t)y0 * (size_t)w + (size_t)x0;
        v00 = p[0];
        v01 = p[1];
        v10 = p[w];
        v11 = p[w + 1];
    } else {
        v00 = pixel(img, w, h, x0, y0);
        v01 = pixel(img, w, h, x0 + 1, y0);
        v10 = pixel(img, w, h, x0, y0 + 1);
        v11 = pixel(img, w, h, x0 + 1, y0 + 1);
    }
    return (1.0f - ty) * ((1.0f - tx) * v00 + tx * v01) + ty * ((1.0f - tx) * v10 + tx * v11);
}

/* out(q) = img at inv (q + d(q)): inv is the inverse map as a 2 x 3 matrix (source position
 * = inv[0..2] . (x, y, 1), inv[3..5] . (x, y, 1)); dx, dy (h, w) or NULL for none. */
static void sample(const float *img, int w, int h, const float inv[6], const float *dx,
                   const float *dy, float *out)
{
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            size_t o = (size_t)i * (size_t)w + (size_t)j;
            float x = (float)j, y = (float)i;
            if (dx) {
                x += dx[o];
                y += dy[o];
            }
            float sx = inv[0] * x + inv[1] * y + inv[2];
            float sy = inv[3] * x + inv[4] * y + inv[5];
            out[o] = bilinear(img, w, h, sx, sy);
        }
    }
}

/* Inverts the forward map m (source -> output, 2 x 3): for A = m's 2 x 2 part and b its last
 * column, q = A p + b gives p = A^-1 q - A^-1 b, A^-1 = [a11 -a01; -a10 a00] / det.
 * Returns -1 if det is 0 or something is not finite. */
static int invert(const double m[6], float inv[6])
{
    double det = m[0] * m[4] - m[1] * m[3];
    if (!(det != 0.0) || !isfinite(det))
        return -1;
    double a = m[4] / det, b = -m[1] / det, c = -m[3] / det, d = m[0] / det;
    double r[6] = {a, b, -(a * m[2] + b * m[5]), c, d, -(c * m[2] + d * m[5])};
    for (int i = 0; i < 6; i++) {
        if (!isfinite(r[i]))
            return -1;
        inv[i] = (float)r[i];
    }
    return 0;
}

int ink_augment_affine(const float *src, int w, int h, const float m[6], float *out)
{
    if (w <= 0 || h <= 0)
        return 0;
    double md[6];
    for (int i = 0; i < 6; i++)
        md[i] = (double)m[i];
    float inv[6];
    if (invert(md, inv) != 0) {
        memset(out, 0, (size_t)w * (size_t)h * sizeof *out);
        return SN_E_ARG;
    }
    sample(src, w, h, inv, NULL, NULL, out);
    return 0;
}

/* Keeps the digit inside: its bounding box (pixel edges, half a pixel beyond the outermost
 * ink centres) moved by A about c spans c + t + e for e = A (corner - c) over the four corners,
 * and must lie within [lo, hi] = [margin, n - 1 - margin] on each axis (so the outermost ink
 * keeps its bilinear neighbours), or within the source's box box0 where that reaches further (a
 * digit already at the edge stays where it is). Too big: A shrinks (about c) by the missing
 * fraction f, the same on both axes. Then t moves the box the least distance that brings it
 * inside. */
static void keep_inside(double A[4], double *tx, double *ty, double cx, double cy, const int box[4],
                        const int box0[4], int w, int h, double margin)
{
    double ex0 = HUGE_VAL, ex1 = -HUGE_VAL, ey0 = HUGE_VAL, ey1 = -HUGE_VAL;
    for (int corner = 0; corner < 4; corner++) {
        double px = (corner & 1 ? box[2] + 0.5 : box[0] - 0.5) - cx;
        double py = (corner & 2 ? box[3] + 0.5 : box[1] - 0.5) - cy;
        double ex = A[0] * px + A[1] * py, ey = A[2] * px + A[3] * py;
        ex0 = ex < ex0 ? ex : ex0;
        ex1 = ex > ex1 ? ex : ex1;
        ey0 = ey < ey0 ? ey : ey0;
        ey1 = ey > ey1 ? ey : ey1;
    }
    double lo_x = fmin(margin, box0[0] - 0.5), hi_x = fmax(w - 1.0 - margin, box0[2] + 0.5);
    double lo_y = fmin(margin, box0[1] - 0.5), hi_y = fmax(h - 1.0 - margin, box0[3] + 0.5);
    hi_x = fmax(hi_x, lo_x + 1.0); /* a tiny image leaves at least one pixel of room */
    hi_y = fmax(hi_y, lo_y + 1.0);
    double f = fmin(1.0, fmin((hi_x - lo_x) / (ex1 - ex0), (hi_y - lo_y) / (ey1 - ey0)));
    for (int i = 0; i < 4; i++)
        A[i] *= f;
    ex0 *= f;
    ex1 *= f;
    ey0 *= f;
    ey1 *= f;
    if (cx + *tx + ex0 < lo_x)
        *tx = lo_x - (cx + ex0);
    else if (cx + *tx + ex1 > hi_x)
        *tx = hi_x - (cx + ex1);
    if (cy + *ty + ey0 < lo_y)
        *ty = lo_y - (cy + ey0);
    else if (cy + *ty + ey1 > hi_y)
        *ty = hi_y - (cy + ey1);
}

/* ---- the whole augmentation ------------------------------------------------------------- */

/* Size arithmetic that sticks at SIZE_MAX instead of wrapping around. */
static size_t mul_sz(size_t a, size_t b)
{
    return a && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

static size_t add_sz(size_t a, size_t b)
{
    return b > SIZE_MAX - a ? SIZE_MAX : a + b;
}

/* Layout: base, img, dx, dy (n each), then elastic_field's work, at most 3 n + w + h (g = 1). */
size_t ink_augment_scratch_size(int w, int h)
{
    if (w <= 0 || h <= 0)
        return 0;
    size_t n = mul_sz((size_t)w, (size_t)h);
    return add_sz(mul_sz(n, 7), (size_t)w + (size_t)h);
}

void ink_augment_image(const InkAugment *a, const uint8_t *src, int w, int h, int label,
                       uint64_t seed, float *scratch, float *out)
{
    if (w <= 0 || h <= 0)
        return;
    size_t n = (size_t)w * (size_t)h;
    float side = (float)(w > h ? w : h);
    Rng rng = {seed};

    if (!(rng_unit(&rng) < clean(a->prob, 1.0f))) {
        for (size_t i = 0; i < n; i++)
            out[i] = (float)src[i] / 255.0f;
        return;
    }
    float *base = scratch, *img = base + n, *dx = img + n, *dy = dx + n, *work = dy + n;
    for (size_t i = 0; i < n; i++)
        base[i] = (float)src[i] / 255.0f;

    /* Every random number is drawn whatever the settings, in a fixed order, so turning one
     * distortion off leaves the others' choices as they were. */
    float u_thick = rng_unit(&rng), u_width = rng_unit(&rng);
    float u_rot = rng_sym(&rng), u_scale = rng_unit(&rng), u_aspect = rng_sym(&rng);
    float u_shear = rng_sym(&rng), u_tx = rng_sym(&rng), u_ty = rng_sym(&rng);

    /* 1. Stroke thickness: a target width uniform in [WIDTH_MIN, WIDTH_MAX], reached by
     * dilating or eroding with f = |target - width| / WIDTH_PER_F, so thin digits mostly get
     * thicker and thick ones thinner, and every digit can come out at any width in the range. */
    float width = u_thick < clean(a->thickness, 1.0f) ? aug_stroke_width(base, w, h) : 0.0f;
    if (width > 0.0f) {
        float target = WIDTH_MIN + (WIDTH_MAX - WIDTH_MIN) * u_width;
        int grow = target > width;
        float f = (grow ? target - width : width - target) / WIDTH_PER_F;
        float f_max = grow ? DILATE_MAX : ERODE_MAX;
        f = f < f_max ? f : f_max;
        if (f > 1.0f) {
            thickness(base, w, h, grow, 1.0f, dx); /* dx, dy are free until step 3 */
            thickness(dx, w, h, grow, f - 1.0f, img);
        } else {
            thickness(base, w, h, grow, f, img);
        }
    } else {
        memcpy(img, base, n * sizeof *img);
    }

    /* 1b. A slash through a zero, with its own random stream: the choices above and below are
     * the same whether it is drawn or not. */
    Rng slash_rng = {seed ^ 0x736c617368ull};
    if (rng_unit(&slash_rng) < clean(a->slash_zero, 1.0f) && label == 0)
        aug_draw_slash(&slash_rng, img, w, h);
    /* 1c. A flag on a one (sometimes with a foot), likewise from a stream of its own; the stem
     * is found in the image as it came. */
    Rng flag_rng = {seed ^ 0x666c61676f6e65ull};
    if (rng_unit(&flag_rng) < clean(a->flag_one, 1.0f) && label == 1)
        aug_draw_flag(&flag_rng, base, img, w, h);

    /* The ink's extent before (box0) and after the thickness change and marks (box), and its
     * centre. */
    double cx, cy;
    int box0[4], box[4];
    if (!aug_mass_and_box(base, w, h, &cx, &cy, box0) ||
        !aug_mass_and_box(img, w, h, &cx, &cy, box)) {
        memcpy(out, img, n * sizeof *out); /* nothing to move */
        return;
    }

    /* 2. Geometry: A = R(theta) K(k) S(sx, sy) with
     *   S = [sx 0; 0 sy],  K = [1 k; 0 1] (x += k y),  R = [cos -sin; sin cos],
     *   A = [cos sx,  (cos k - sin) sy;  sin sx,  (sin k + cos) sy]. */
    double theta = (double)(clean(a->rotate, 180.0f) * u_rot) * (PI / 180.0);
    double sn, cs;
    sin_cos(theta, &sn, &cs);
    float smin = a->scale_min > 0.0f ? clean(a->scale_min, 10.0f) : 1.0f;
    float smax = a->scale_max > 0.0f ? clean(a->scale_max, 10.0f) : 1.0f;
    if (smin > smax) {
        float t = smin;
        smin = smax;
        smax = t;
    }
    double s = (double)(smin + (smax - smin) * u_scale);
    /* x stretched and y squashed (or the reverse), only when the scale varies at all */
    double asp = 1.0 + (smax > smin ? (double)(INK_AUGMENT_ASPECT * u_aspect) : 0.0);
    double sx = s * asp, sy = s / asp;
    double k = (double)(clean(a->shear, 2.0f) * u_shear);
    double A[4] = {cs * sx, (cs * k - sn) * sy, sn * sx, (sn * k + cs) * sy};
    double tx = (double)(clean(a->shift, side) * u_tx), ty = (double)(clean(a->shift, side) * u_ty);

    /* Keep the digit inside, leaving room for the elastic wobble (twice its RMS) and for the
     * faint fringe of anti-aliased pixels outside the box (half a pixel). */
    float alpha = clean(a->elastic, side);
    keep_inside(A, &tx, &ty, cx, cy, box, box0, w, h, 2.0 * (double)alpha + 0.5);

    /* forward map q = A p + (c + t - A c), as m = [A | b] */
    double m[6] = {A[0], A[1], cx + tx - (A[0] * cx + A[1] * cy),
                   A[2], A[3], cy + ty - (A[2] * cx + A[3] * cy)};
    float inv[6];
    if (invert(m, inv) != 0) {
        memcpy(out, img, n * sizeof *out); /* cannot happen: det = f^2 sx sy > 0 */
        return;
    }

    /* 3. Elastic field, 4. one sampling pass through both maps. */
    if (alpha > 0.0f) {
        float sigma = a->elastic_sigma > 1.0f ? clean(a->elastic_sigma, side) : 1.0f;
        elastic_field(&rng, w, h, alpha, sigma, work, dx, dy);
        sample(img, w, h, inv, dx, dy, out);
    } else {
        sample(img, w, h, inv, NULL, NULL, out);
    }

    /* 5. Clamp: interpolation keeps values in [0, 1] up to rounding. */
    for (size_t i = 0; i < n; i++)
        out[i] = out[i] < 0.0f ? 0.0f : (out[i] > 1.0f ? 1.0f : out[i]);
}
