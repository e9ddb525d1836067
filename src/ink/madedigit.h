/* madedigit.h - made digits: the ten digits drawn as pen strokes in the many ways people write
 * them, with their labels, for a network to learn drawn digits beside MNIST's scanned ones.
 *
 * Each is drawn on the 28 x 28 canvas with the random pen of pen_draw.h (width, wobble, slant,
 * aspect, a few degrees of rotation) and sent through the app's own pipeline
 * (ink_drawing_to_input with the MNIST preprocessing), so it reaches the network exactly as a
 * drawing would. The digit is uniform over 0..9; its style is one of that digit's:
 *   0  an oval from the top either way round, narrow or round, closed with a small overlap, or
 *      slashed;                                                   (madedigit_templates.c)
 *   1  a plain stroke, upright or slanted (35 %); a stroke with a flag (35 %); a flag and a base
 *      serif (15 %); a base only (15 %);                           (built here, measured)
 *   2  curved top, diagonal, flat base; with a small loop at the base; a Z with a curved top;
 *   3  two round bumps; a flat top (a bar, a diagonal, then a bump);
 *   4  an open top in two strokes (an L, then a long vertical through the bar); a closed
 *      triangular top in one stroke or two; the vertical starting at the bar;
 *   5  bar, stem and belly with the bar drawn last, first, or all in one stroke;
 *   6  a curve down into a loop at the bottom, round or with a straight back;
 *   7  a near-horizontal bar then a stem, straight or slightly curved (60 %); with a crossbar
 *      through the stem (25 %); with a small hook down at the bar's left end (15 %);
 *                                                                  (built here, measured)
 *   8  one stroke (an S, then back up) either way; two stacked loops; the upper loop smaller;
 *   9  a loop then a straight stem; a loop then a curved stem; the stem apart, right of the loop.
 * Templates' proportions vary further: the waist (where the bar of a 4, the join of a 5, the
 * crossing of an 8 sit) moves between 40 % and 60 % of the height.
 *
 * The 1 with a flag and the 7 are told apart by their top stroke, and their random ranges are
 * kept apart as the image shows them (the 1 and the 7 are laid out through the inverse of the
 * pen's map, so its slant, aspect and rotation change none of these figures):
 *   the 1's flag is short and rises toward the top of the stem: it starts left of and below the
 *   top, 25-45 % of the height long, 25-60 degrees above horizontal;
 *   the 7's bar is long and near horizontal: 55-90 % of the height, within 8 degrees of
 *   horizontal, its stem leaving its right end down and to the left.
 * Every choice comes from the seed alone (detrand.h), so a seed is the same image everywhere.
 * Nothing here prints or exits.
 */
#ifndef INK_MADEDIGIT_H
#define INK_MADEDIGIT_H

#include <stdint.h>

#include "common/error.h"
#include "ink/ink.h"

/* Draws made digit number `seed` as pen strokes through the app's own pipeline, writing 28 x 28
 * bytes (0 background, 255 full ink) to out and its digit (0..9) to *label. The same seed gives
 * the same image everywhere. Returns 0, or SN_E_NOMEM with err set. */
int ink_madedigit_make(uint64_t seed, uint8_t *out, uint8_t *label, SnError *err);

/* One person's way of writing digits, for measuring how a model adapts to a hand (the
 * fine-tuning, finetune.h): every digit drawn the same way, as a person does. */
typedef struct InkMdStyle {
    float slant_deg;             /* the hand's slant in degrees: positive forward (top to the
                                    right), negative backward */
    float aspect;                /* width over height against the templates' (1: as drawn) */
    const char *templates[10];   /* for 0, 2-6, 8 and 9: the name of the one template this hand
                                    draws (madedigit_templates.c), NULL for any; the 1 always
                                    has a flag and a foot, the 7 always a crossbar */
} InkMdStyle;

/* The scripted person: a wide hand (1.45 times as wide as the templates) slanted 40 degrees
 * forward, 1s with a flag and a foot, crossed 7s, open 4s, a
 * narrow 0, a 2 with a loop, a flat-topped 3, a 5 in one stroke, a 6 with a straight back, an 8
 * of two loops and a 9 with a curved stem. */
InkMdStyle ink_madedigit_person(void);

/* Draws digit (0..9) as the hand st writes it, variation number seed (the pen's width, wobble,
 * a little rotation and aspect, the parts' sizes), as strokes on the 28 x 28 canvas into *out
 * (replaced, not freed first; the caller frees it with ink_drawing_free). The same arguments
 * give the same strokes everywhere. Returns 0, or SN_E_ARG / SN_E_NOMEM with err set. */
int ink_madedigit_styled(uint64_t seed, int digit, const InkMdStyle *st, InkDrawing *out,
                         SnError *err);

#endif
