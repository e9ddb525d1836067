/* pipeline.h - from a drawing (or an image) to the 28 x 28 grid a model's input comes from.
 *
 * The first step of ink_classify (classify.h), the path every program classifies through, so a
 * drawing gives the same probabilities everywhere.
 */
#ifndef INK_PIPELINE_H
#define INK_PIPELINE_H

#include "ink/ink.h"
#include "ink/preprocess.h"

/* Supersampling factor: with MNIST preprocessing the drawing is rendered at 4x the canvas
 * resolution first, so cropping and scaling into 20 x 20 work from sharp geometry, not from
 * already blurred 28 x 28 cells. */
#define INK_RENDER_SCALE 4

/* Drawings replayed from other sources (tablet strokes) are fitted so their longer side spans
 * this many cells, as a person fills the canvas. */
#define INK_FIT_BOX 20.0f

/* Renders d and, if mnist is non-zero, applies the MNIST preprocessing; out is 28 x 28 with
 * values in 0..1 (0 = background). steps may be NULL. Returns 0; 1 when there is too little ink
 * to read (less than INK_MIN_INK cells' worth: with the preprocessing out is then all zero,
 * without it out holds the faint image); or SN_E_NOMEM (the caller words the message). */
int ink_drawing_to_input(const InkDrawing *d, int mnist, float *out, InkPrepSteps *steps);

/* The same for an image of w x h values in 0..1 (ink bright): MNIST preprocessing when mnist is
 * non-zero, plain resampling to 28 x 28 otherwise. Returns 0 or 1 as above. */
int ink_image_to_input(const float *img, int w, int h, int mnist, float *out, InkPrepSteps *steps);

/* Reads one file into out as ink_classify does for `scratchnet predict` and the library's
 * scratchnet_classify_file: a strokes drawing (strokes non-zero; on the 28 x 28 canvas, as the
 * app saved it) or an image (PNG or PGM, told apart by their first bytes; dark-on-light images
 * are inverted), then as ink_drawing_to_input / ink_image_to_input. Returns 0, 1 for too
 * little ink, or a negative SN_E_* code with err naming the file. */
int ink_file_to_input(const char *path, int strokes, int mnist, float *out, SnError *err);

/* Reads an image file (PNG or PGM) exactly as ink_file_to_input does, dark-on-light images
 * inverted, and resamples it (ink_resample) to a drawing's base image: base receives
 * INK_BASE_PIXELS values in 0..1 (the drawing app opens images so). Returns 0, or a negative
 * SN_E_* code with err naming the file. */
int ink_file_to_base(const char *path, float *base, SnError *err);

#endif
