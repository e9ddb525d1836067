/* augment_marks.c - what people write on particular digits, drawn into a training image
 * before the distortions (augment_marks.h): a slash or bar through a 0, and a flag at the top of
 * a 1 (sometimes with a foot), the way many Europeans write it. MNIST, written by Americans, has
 * few of either, and networks trained on it read such drawings as another digit (an 8, a 7).
 * Every mark is a pen stroke of the digit's own measured width; positions in pixels, y grows
 * downwards. Randomness and trigonometry come from detrand.h, which also keeps multiplies and
 * adds unfused, so one seed gives one image on every machine.
 */
#include "ink/augment_marks.h"

#include <math.h>
#include <stddef.h>

/* A pen stroke: the capsule of the given radius around the segment from (x0, y0) to
 * (x0 + ex, y0 + ey), with the brush's soft half-pixel edge, in ink `ink`, laid over img with
 * max so crossings stay as dark as either stroke. */
static void capsule(float *img, int w, int h, double x0, double y0, double ex, double ey,
                    double radius, double ink)
{
    double len2 = ex * ex + ey * ey;
    for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
            /* distance from the pixel centre to the nearest point of the segment */
            double px = j - x0, py = i - y0;
            double t = len2 > 0.0 ? (px * ex + py * ey) / len2 : 0.0;
            t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
            double qx = px - t * ex, qy = py - t * ey;
            double cover = radius + 0.5 - sqrt(qx * qx + qy * qy);
            if (cover <= 0.0)
                continue;
            float v = (float)(ink * (cover < 1.0 ? cover : 1.0));
            float *p = img + (size_t)i * (size_t)w + (size_t)j;
            *p = v > *p ? v : *p;
        }
    }
}

/* The stroke width a mark takes: img's own, kept within 1-4 pixels (2 if it has none). */
static double mark_width(const float *img, int w, int h)
{
    double width = (double)aug_stroke_width(img, w, h);
    return width > 0.0 ? fmin(fmax(width, 1.0), 4.0) : 2.0;
}

/* A stroke through a zero, the way many people tell it from the letter O: most often a slash
 * rising to the right at 30-85 degrees from the horizontal (steep ones look like phi), in a
 * quarter of cases a horizontal bar (+-12 degrees, like theta). It passes near the middle of
 * the ring's box (within a tenth of its half sizes), reaches to where that line leaves the box
 * and overhangs by 10-50 % more at each end, as pen-drawn slashed zeros do. It is a capsule of
 * the ring's measured stroke width (1-4 pixels) with the brush's soft half-pixel edge, in ink of
 * 0.85-1, laid over the image with max so crossings stay as dark as either stroke. */
#define SLASH_BAR_P    0.25f /* share of horizontal bars */
#define SLASH_OVERHANG 0.4f  /* spread of the extra length at each end (10-50 % of the reach) */
void aug_draw_slash(Rng *r, float *img, int w, int h)
{
    float u_kind = rng_unit(r), u_ang = rng_unit(r), u_mx = rng_sym(r), u_my = rng_sym(r);
    float u_end0 = rng_unit(r), u_end1 = rng_unit(r), u_ink = rng_unit(r);
    double cx, cy;
    int box[4];
    if (!aug_mass_and_box(img, w, h, &cx, &cy, box))
        return;
    double width = mark_width(img, w, h);
    double ua = (double)u_ang;
    double deg = u_kind < SLASH_BAR_P ? 12.0 * (2.0 * ua - 1.0) : 30.0 + 55.0 * ua;
    double sn, cs;
    sin_cos(deg * (PI / 180.0), &sn, &cs);
    /* the direction in image coordinates (y grows downwards): (cs, -sn) */
    double hw = (box[2] - box[0] + 1) / 2.0, hh = (box[3] - box[1] + 1) / 2.0;
    double mx = (box[0] + box[2]) / 2.0 + 0.1 * hw * (double)u_mx;
    double my = (box[1] + box[3]) / 2.0 + 0.1 * hh * (double)u_my;
    double reach = fmin(fabs(cs) > 1e-6 ? hw / fabs(cs) : HUGE_VAL,
                        fabs(sn) > 1e-6 ? hh / fabs(sn) : HUGE_VAL);
    double t0 = reach * (1.1 + (double)SLASH_OVERHANG * (double)u_end0);
    double t1 = reach * (1.1 + (double)SLASH_OVERHANG * (double)u_end1);
    double x0 = mx - t0 * cs, y0 = my + t0 * sn;
    double ex = (t0 + t1) * cs, ey = -(t0 + t1) * sn; /* from one end to the other */
    capsule(img, w, h, x0, y0, ex, ey, width / 2.0, 0.85 + 0.15 * (double)u_ink);
}

/* ---- the flag on a one ------------------------------------------------------------------- */

/* A one's stem, found in the image before any distortion: the centre line near the top,
 * x = mid_x + slope (y - mid_y), fitted to the centres of the ink in the top 40 % of the rows;
 * the centre of the ink in the bottom two rows; and the top and bottom rows of ink. */
typedef struct Stem {
    double mid_x, mid_y; /* a point of the centre line near the top */
    double slope;        /* its sideways move per pixel down, kept within [-1, 1] (45 degrees) */
    double bottom_x;     /* the centre of the ink in the two bottom rows */
    int y0, y1;          /* the top and bottom rows holding ink */
} Stem;

#define STEM_INK 0.5f /* a pixel above this belongs to the stroke */

/* The ink-weighted centre x of row i's stroke pixels; their total ink in *m (0: none). */
static double row_centre(const float *img, int w, int i, double *m)
{
    double s = 0.0, sx = 0.0;
    for (int j = 0; j < w; j++) {
        double v = (double)img[(size_t)i * (size_t)w + (size_t)j];
        if (v > (double)STEM_INK) {
            s += v;
            sx += v * j;
        }
    }
    *m = s;
    return s > 0.0 ? sx / s : 0.0;
}

/* Fills st from img; returns 0 when there is no stroke at least 4 rows tall. */
static int find_stem(const float *img, int w, int h, Stem *st)
{
    int y0 = -1, y1 = -1;
    for (int i = 0; i < h; i++) {
        double m;
        row_centre(img, w, i, &m);
        if (m > 0.0) {
            y0 = y0 < 0 ? i : y0;
            y1 = i;
        }
    }
    if (y0 < 0 || y1 - y0 < 3)
        return 0;
    /* weighted least squares over the top rows: slope = cov(x, y) / var(y) */
    int n_top = (int)(0.4 * (y1 - y0 + 1));
    n_top = n_top < 2 ? 2 : n_top;
    double sw = 0.0, sy = 0.0, sx = 0.0, syy = 0.0, sxy = 0.0;
    for (int i = y0; i < y0 + n_top; i++) {
        double m, x = row_centre(img, w, i, &m);
        sw += m;
        sy += m * i;
        sx += m * x;
        syy += m * i * i;
        sxy += m * i * x;
    }
    st->mid_y = sy / sw;
    st->mid_x = sx / sw;
    double var = syy / sw - st->mid_y * st->mid_y, cov = sxy / sw - st->mid_x * st->mid_y;
    st->slope = var > 0.25 ? fmin(fmax(cov / var, -1.0), 1.0) : 0.0;
    double mb = 0.0, xb = 0.0;
    for (int i = y1 - 1; i <= y1; i++) {
        double m, x = row_centre(img, w, i, &m);
        mb += m;
        xb += m * x;
    }
    st->bottom_x = xb / mb;
    st->y0 = y0;
    st->y1 = y1;
    return 1;
}

/* The flag: a stroke from the top of the stem down to the left, 20-60 degrees below the
 * horizontal, steep ones likelier (the angle is 20 + 40 sqrt u for u uniform: a shallow flag
 * is nearer a 7's bar), and at least 35 degrees off the stem (turned towards the horizontal,
 * down to 15 degrees, when the stem leans far right), 25-50 % of the digit's height long but
 * reaching at most 25 % of the height across the stem and ending within its top 45 %; in 40 % of
 * cases slightly curved (sagging by up to 12 % of its length either way), in 30 % starting up to a
 * tenth of the height below the top. It never goes right of the stem and is never a long level
 * bar: both would make a 7. A third of the flagged ones also get a foot: a level bar (+-4
 * degrees) under the stem, 12-25 % of the height to each side. All in the digit's own stroke
 * width and ink of 0.85-1, kept a stroke's width inside the image. */
#define FLAG_LEN_MIN   0.25 /* length: 25-50 % of the height */
#define FLAG_LEN_SPAN  0.25
#define FLAG_DEG_MIN   20.0 /* degrees below the horizontal: 20-60, steep ones likelier */
#define FLAG_DEG_SPAN  40.0
#define FLAG_DEG_LEAST 15.0                /* on a stem leaning far right, down to 15 */
#define FLAG_COS_STEM  0.81915204428899178 /* cos 35 degrees: the least angle to the stem */
#define FLAG_ACROSS    0.25 /* most reach across the stem, as a share of the height */
#define FLAG_REACH     0.45 /* the flag ends within this share of the height from the top */
#define FLAG_CURVED_P  0.4f
#define FLAG_SAG       0.12 /* most sag of a curved flag, as a share of its length */
#define FLAG_LOWER_P   0.3f
#define FLAG_LOWER     0.1 /* most drop of the start below the top, as a share of the height */
#define FLAG_SEGMENTS  4   /* straight pieces a curved flag is drawn with */
#define FOOT_P         (1.0f / 3.0f)
#define FOOT_HALF_MIN  0.12 /* each side of the foot: 12-25 % of the height */
#define FOOT_HALF_SPAN 0.13
#define FOOT_TILT      0.07 /* most slope of the foot (4 degrees) */
void aug_draw_flag(Rng *r, const float *base, float *img, int w, int h)
{
    float u_len = rng_unit(r), u_deg = rng_unit(r), u_curved = rng_unit(r);
    float u_sag = rng_sym(r), u_lower = rng_unit(r), u_drop = rng_unit(r);
    float u_ink = rng_unit(r), u_foot = rng_unit(r), u_left = rng_unit(r);
    float u_right = rng_unit(r), u_tilt = rng_sym(r);
    Stem st;
    if (!find_stem(base, w, h, &st))
        return;
    double radius = mark_width(img, w, h) / 2.0, ink = 0.85 + 0.15 * (double)u_ink;
    double height = st.y1 - st.y0 + 1;

    /* the start: on the centre line, half a stroke below the top row, or a little lower */
    double y0 = st.y0 + fmin(radius, 1.5);
    if (u_lower < FLAG_LOWER_P)
        y0 += FLAG_LOWER * height * (double)u_drop;
    double x0 = st.mid_x + st.slope * (y0 - st.mid_y);

    /* the direction (-cs, sn), deg below the horizontal, turned towards the horizontal until
     * it is 35 degrees off the stem's downward direction (dx, dy), or 15 below the horizontal */
    double deg = FLAG_DEG_MIN + FLAG_DEG_SPAN * sqrt((double)u_deg), sn, cs;
    double stem_len = sqrt(1.0 + st.slope * st.slope);
    double dx = st.slope / stem_len, dy = 1.0 / stem_len;
    for (;;) {
        sin_cos(deg * (PI / 180.0), &sn, &cs);
        if (deg <= FLAG_DEG_LEAST || -cs * dx + sn * dy <= FLAG_COS_STEM)
            break;
        deg -= 1.0;
    }
    /* the length: 25-50 % of the height, reaching at most 25 % of it across the stem (a long
     * level stroke would be a 7's bar), ending within the top 45 % and inside the image */
    double across = fabs(-cs * dy - sn * dx); /* the sine of the angle to the stem */
    double len = (FLAG_LEN_MIN + FLAG_LEN_SPAN * (double)u_len) * height;
    len = fmin(len, FLAG_ACROSS * height / across);
    len = fmin(len, (FLAG_REACH * height - (y0 - st.y0) - radius) / sn);
    len = fmin(len, (x0 - radius - 0.5) / cs);
    if (len >= 1.0) {
        double ex = -len * cs, ey = len * sn;
        if (u_curved < FLAG_CURVED_P) {
            /* a quadratic Bezier curve whose control point lies off the middle by twice the
             * sag, across the flag: its middle then sags by the sag */
            double sag = FLAG_SAG * len * (double)u_sag;
            double px = x0 + ex / 2.0 - 2.0 * sag * sn, py = y0 + ey / 2.0 - 2.0 * sag * cs;
            double ax = x0, ay = y0;
            for (int k = 1; k <= FLAG_SEGMENTS; k++) {
                double t = (double)k / FLAG_SEGMENTS, s = 1.0 - t;
                double bx = s * s * x0 + 2.0 * s * t * px + t * t * (x0 + ex);
                double by = s * s * y0 + 2.0 * s * t * py + t * t * (y0 + ey);
                capsule(img, w, h, ax, ay, bx - ax, by - ay, radius, ink);
                ax = bx;
                ay = by;
            }
        } else {
            capsule(img, w, h, x0, y0, ex, ey, radius, ink);
        }
    }

    if (u_foot < FOOT_P) {
        /* flush with the bottom of the stem, on the line y = fy + tilt (x - bottom_x) */
        double fy = st.y1 + 0.5 - radius, tilt = FOOT_TILT * (double)u_tilt;
        double left = (FOOT_HALF_MIN + FOOT_HALF_SPAN * (double)u_left) * height;
        double right = (FOOT_HALF_MIN + FOOT_HALF_SPAN * (double)u_right) * height;
        left = fmin(left, st.bottom_x - radius - 0.5);
        right = fmin(right, w - 1.5 - radius - st.bottom_x);
        if (left + right >= 1.0)
            capsule(img, w, h, st.bottom_x - left, fy - tilt * left, left + right,
                    tilt * (left + right), radius, ink);
    }
}
