/* palette.h - the colour scales of the pictures of the inside of a network: the one place their
 * numbers live, for the drawing app's views and the pictures `scratchnet show` writes.
 *
 * Both diverging scales run from blue (negative) to orange (positive), the pair that people
 * with any common colour blindness still tell apart; never red against green. The dark scale
 * (activations) is dark in the middle, so a value of 0 recedes and what fires stands out; the
 * light scale (weights, saliency) is white in the middle, as weight pictures are usually shown.
 * Pure: no SDL, no printing.
 */
#ifndef INK_PALETTE_H
#define INK_PALETTE_H

#include <stdint.h>

typedef struct InkRgb {
    uint8_t r, g, b;
} InkRgb;

/* A colour scale: t in [-1, 1] (clamped; NaN counts as 0) to a colour. */
typedef InkRgb (*InkRamp)(float t);

/* 0: near black {24, 27, 36}; towards -1: blue {44, 123, 220}; towards +1: orange
 * {240, 130, 20} at 0.6, then to a pale orange-white {255, 236, 170} at 1. */
InkRgb ink_ramp_dark(float t);

/* 0: near white {247, 247, 247}; -0.5: blue {44, 123, 220}, -1: deep blue {8, 64, 150};
 * +0.5: orange {240, 130, 20}, +1: deep orange {150, 60, 0}. */
InkRgb ink_ramp_light(float t);

/* Grey for ink in 0..1 on a white sheet: 0 white, 1 black (the input as a drawing). */
InkRgb ink_ramp_ink(float t);

#endif
