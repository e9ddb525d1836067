/* augment_marks.h - what the augmentation's two files share (inside src/ink only): two
 * measurements of the ink (in augment.c) and the marks people write on particular digits
 * (augment_marks.c), drawn into a training image before it is distorted. Their random numbers
 * and trigonometry come from detrand.h.
 *
 * Images are (h, w) row-major floats in [0, 1], pixel (i, j) at position (x, y) = (j, i).
 */
#ifndef INK_AUGMENT_MARKS_H
#define INK_AUGMENT_MARKS_H

#include "ink/detrand.h"

/* Mean stroke width 2 area / perimeter of the pixels above 0.5; 0 when there are none. */
float aug_stroke_width(const float *img, int w, int h);
/* Centre of mass (cx, cy) and bounding box {x0, y0, x1, y1} of the ink; 0 when there is none
 * (then nothing is set), else 1. */
int aug_mass_and_box(const float *img, int w, int h, double *cx, double *cy, int box[4]);

/* Draws a slash or bar through the zero in img, from r's numbers. */
void aug_draw_slash(Rng *r, float *img, int w, int h);
/* Draws a flag, and sometimes a foot, on the one in img, from r's numbers; the stem is found
 * in base, the image before any distortion (img is base with its strokes made thinner or
 * thicker, the width the marks take). */
void aug_draw_flag(Rng *r, const float *base, float *img, int w, int h);

#endif
