/* augment_marks.h - what the augmentation's two files share (inside src/ink only): the private
 * random generator, sine and cosine from basic operations, two measurements of the ink (in
 * augment.c), and the marks people write on particular digits (augment_marks.c), drawn into a
 * training image before it is distorted.
 *
 * Images are (h, w) row-major floats in [0, 1], pixel (i, j) at position (x, y) = (j, i).
 */
#ifndef INK_AUGMENT_MARKS_H
#define INK_AUGMENT_MARKS_H

#include <stdint.h>

typedef struct AugRng {
    uint64_t s; /* splitmix64's state: the seed, then moved on by each draw */
} AugRng;

uint64_t aug_rng_next(AugRng *r); /* the next 64 random bits */
float aug_rng_unit(AugRng *r);    /* uniform in [0, 1) */
float aug_rng_sym(AugRng *r);     /* uniform in [-1, 1) */
/* sin x and cos x for |x| <= pi, the same on every machine. */
void aug_sin_cos(double x, double *s, double *c);

/* Mean stroke width 2 area / perimeter of the pixels above 0.5; 0 when there are none. */
float aug_stroke_width(const float *img, int w, int h);
/* Centre of mass (cx, cy) and bounding box {x0, y0, x1, y1} of the ink; 0 when there is none
 * (then nothing is set), else 1. */
int aug_mass_and_box(const float *img, int w, int h, double *cx, double *cy, int box[4]);

/* Draws a slash or bar through the zero in img, from r's numbers. */
void aug_draw_slash(AugRng *r, float *img, int w, int h);
/* Draws a flag, and sometimes a foot, on the one in img, from r's numbers; the stem is found
 * in base, the image before any distortion (img is base with its strokes made thinner or
 * thicker, the width the marks take). */
void aug_draw_flag(AugRng *r, const float *base, float *img, int w, int h);

#endif
