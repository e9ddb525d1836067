/* raster.h - anti-aliased rasterisation of strokes onto a grid of cells.
 *
 * Each stroke is a chain of segments swept by a round brush; a cell's ink is the fraction of the
 * cell the brush covers (estimated by supersampling with a soft edge), so strokes have sub-cell
 * precision and fast mouse moves leave no gaps. Ink accumulates as max() within a stroke and
 * as clamped sum across strokes; eraser strokes subtract. Values are in [0, 1].
 */
#ifndef INK_RASTER_H
#define INK_RASTER_H

#include "ink/ink.h"

/* Width in canvas cells of the brush's soft edge: ink falls linearly from 1 to 0 across a band
 * this wide centred on the brush's radius, as in MNIST's blurred pen strokes. */
#define INK_BRUSH_SOFT 0.5f

/* Renders d onto grid (gh, gw) row-major, mapping the canvas (d->width x d->height cells) onto
 * the grid (so a 28 x 28 canvas can be rendered at 28 x 28 or at a finer 112 x 112). Overwrites
 * the grid: with the base image when d has one (each cell the image's mean over the area it
 * covers: at 28 x 28 the image itself, at 112 x 112 each pixel a 4 x 4 block), else with 0, then
 * adds ink strokes and subtracts eraser strokes, held to 0..1. Returns 0, or SN_E_NOMEM when
 * out of memory for its scratch buffer (the grid is then all zero; the caller words the
 * message). An empty drawing (no strokes, no base image) or a canvas of size 0 gives an all-zero
 * grid. */
int ink_raster(const InkDrawing *d, float *grid, int gw, int gh);

#endif
