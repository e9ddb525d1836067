/* nondigit.h - made non-digits: images a network learns to answer "none of these classes".
 *
 * Each is drawn as pen strokes on the 28 x 28 canvas, as a person would draw it, and sent through
 * the app's own pipeline (ink_drawing_to_input with the MNIST preprocessing), so it reaches the
 * network exactly as a drawing would. Three kinds, picked from the seed:
 *   letter   (about 55 %): a hand-written Latin letter from a table of stroke templates, upper
 *            and lower case, print and cursive, two to eight ways of writing each letter;
 *   symbol   (about 20 %): + - x = (crossed and not) divide ? # @ & % * ^ < > sideways arrows
 *            ~ a check mark, stars, a heart, a smiley, a triangle, a square, a rectangle,
 *            crossed lines;
 *   scribble (about 25 %): smooth curves with several turns, zigzags, spirals, loops, hatching,
 *            clusters of dots, a filled blob, a few short random strokes.
 * Each gets a random slant, aspect, rotation of a few degrees, pen width (1.5-3.5 cells) and
 * wobble. Shapes a network could not tell from a digit are left out (nondigit_templates.c lists the
 * letters and why; no symbol is a lone upright stroke or a lone oval, no scribble a single
 * straight line or a single closed oval).
 * Every choice comes from the seed alone (detrand.h), so a seed is the same image everywhere.
 * Nothing here prints or exits.
 */
#ifndef INK_NONDIGIT_H
#define INK_NONDIGIT_H

#include <stdint.h>

#include "common/error.h"

typedef enum InkNonDigitKind {
    INK_ND_LETTER = 0,
    INK_ND_SYMBOL,
    INK_ND_SCRIBBLE,
    INK_ND_KINDS
} InkNonDigitKind;

/* "letter", "symbol", "scribble"; "?" for anything else. */
const char *ink_nondigit_kind_name(InkNonDigitKind k);

/* Draws made non-digit number `seed` as pen strokes and sends it through the app's own
 * pipeline (ink_drawing_to_input with MNIST preprocessing), writing 28 x 28 bytes (0
 * background, 255 full ink) to out. The same seed gives the same image everywhere.
 * Returns its kind (>= 0), or SN_E_NOMEM with err set. */
int ink_nondigit_make(uint64_t seed, uint8_t *out, SnError *err);

/* The letter templates' names, i from 0 while it is not NULL: the letter itself, then a variant
 * number when a letter is written in several ways ("a", "a2" for the single-storey one). */
const char *ink_nondigit_letter_name(int i);

#endif
