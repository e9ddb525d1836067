/* augment.h - random distortions of training digits so they look drawn: off-centre, rotated,
 * slanted, squashed, with thinner or thicker strokes, wobbly.
 *
 * Images are (h, w) row-major; a pixel's position is its cell index (x = column, y = row), so
 * cell (i, j) sits at (j, i) as in preprocess.h. Every random choice comes from the seed alone
 * (a private generator, basic arithmetic only), so a seed gives the same image on every machine.
 * Nothing here allocates, prints or exits. Labels are unaffected: there are no flips, and the
 * label-aware steps (a slash through a zero, a flag on a one) only draw what people write on
 * that digit.
 */
#ifndef INK_AUGMENT_H
#define INK_AUGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* How strongly to distort. Negative or non-finite values count as 0. */
typedef struct InkAugment {
    float shift;  /* max translation in pixels, uniform in [-shift, shift] for x and y */
    float rotate; /* max rotation in degrees, uniform in [-rotate, rotate] (at most 180) */
    float scale_min, scale_max; /* uniform scale range; when it is not empty the two axes
                                 * also differ by up to +-INK_AUGMENT_ASPECT (mild squashing).
                                 * A bound <= 0 counts as 1, so all zero means no scaling */
    float shear;         /* max horizontal shear factor, uniform in [-shear, shear]: a slant of
                          * that many pixels sideways per pixel upwards (at most 2) */
    float elastic;       /* elastic distortion: root-mean-square displacement in pixels of a
                          * smooth random field (its peaks reach about 2.5 times that), 0 = off */
    float elastic_sigma; /* smoothness of that field: Gaussian sigma in pixels (below 1 counts
                          * as 1) */
    float thickness;     /* probability of changing the stroke thickness: thinner or thicker
                          * towards a random mean width of 1.4-3.6 pixels */
    float slash_zero;    /* probability that a 0 gets a stroke through it, as many people write
                          * it to tell it from the letter O: a slash (rising to the right,
                          * steep or shallow) or a horizontal bar, overhanging the ring */
    float flag_one;      /* probability that a 1 gets a flag, as many Europeans write it: a
                          * short stroke from the top of the stem down to the left (never to
                          * the right, where a 7's bar goes), in a third of them also a foot,
                          * a short level bar across the bottom */
    float prob;          /* probability that an image is augmented at all; otherwise it passes
                          * through as src / 255 */
} InkAugment;

#define INK_AUGMENT_ASPECT 0.1f /* most relative difference between the x and y scales */

/* Settings tuned on MNIST against pen-drawn digits (augment.c says why). */
InkAugment ink_augment_defaults(void);
/* All off: every field 0, so every image passes through unchanged as src / 255. */
InkAugment ink_augment_none(void);

/* Floats of scratch that ink_augment_image needs for a (h, w) image (7 w h + w + h); 0 if w
 * or h <= 0, SIZE_MAX if it does not fit in a size_t. */
size_t ink_augment_scratch_size(int w, int h);

/* Writes a randomly distorted copy of the (h, w) image src (0 = background, 255 = ink) into
 * out (h, w) as floats in [0, 1]. label is the image's class (0-9 for digits; any other value,
 * such as -1, for none): only label 0 can get a slash and only label 1 a flag. Each draws its
 * random numbers from a stream of its own, so the other distortions of an image are the same
 * with it on or off. The same (a, src, label, seed) gives the same out everywhere.
 * scratch holds ink_augment_scratch_size(w, h) floats (contents not kept between calls, so
 * one buffer per thread). The digit's bounding box is kept 2 x elastic + 0.5 pixels inside the
 * edges, or where it was if it was closer: a random shift is cut short, and the digit shrunk
 * when the random scale and rotation would not fit. Does nothing if w or h <= 0. */
void ink_augment_image(const InkAugment *a, const uint8_t *src, int w, int h, int label,
                       uint64_t seed, float *scratch, float *out);

/* The deterministic geometric step on its own, for tests and tools: out (h, w) is src (h, w)
 * moved by the affine map m, which sends the source position (x, y) to
 *   (m[0] x + m[1] y + m[2],  m[3] x + m[4] y + m[5]),
 * sampled by inverse mapping with bilinear interpolation (outside src is 0). Returns 0, or
 * SN_E_ARG if m is not invertible or not finite (out is then all 0). out must not overlap src. */
int ink_augment_affine(const float *src, int w, int h, const float m[6], float *out);

#endif
