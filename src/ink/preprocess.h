/* preprocess.h - MNIST-style normalisation of a drawn digit.
 *
 * MNIST digits were size-normalised to fit a 20 x 20 box keeping their aspect ratio, then placed
 * in a 28 x 28 image so that their centre of mass sits at the centre. Drawings must go through
 * the same steps or the network sees something it never trained on:
 *   1. crop to the ink's bounding box (cells above a small threshold),
 *   2. scale so the longer side is 20 cells, aspect kept (area-weighted resampling),
 *   3. translate so the centre of mass lands on (14, 14) (rows, cols measured at cell centres:
 *      cell (i, j) counts at (i, j), so the centre lands mid-cell (14, 14), where MNIST's is).
 */
#ifndef INK_PREPROCESS_H
#define INK_PREPROCESS_H

#define INK_SIDE 28   /* the network's input side */
#define INK_BOX 20    /* MNIST's box for the digit's longer side */

/* Intermediate images for showing the steps (all 28 x 28, values 0..1). */
typedef struct InkPrepSteps {
    float raw[INK_SIDE * INK_SIDE];      /* the input, resampled to 28 x 28 if it was not */
    float cropped[INK_SIDE * INK_SIDE];  /* the ink's bounding box, top-left aligned, unscaled */
    float fitted[INK_SIDE * INK_SIDE];   /* scaled into 20 x 20, box centred */
    float centred[INK_SIDE * INK_SIDE];  /* final: centre of mass moved to the centre */
    int crop_x, crop_y, crop_w, crop_h;  /* the bounding box in input cells; w = 0 if no ink */
    float com_x, com_y;                  /* centre of mass of the final image, in cell indices
                                            (column, row), about 14 */
    float map_s, map_x, map_y;           /* the map the final image was made by: the point
                                            (x, y) of the input, in input cells from its top-left
                                            corner, lands at (map_s x + map_x, map_s y + map_y)
                                            of the image; map_s = 0 if no ink */
} InkPrepSteps;

/* Total ink (sum of cell values) below which a grid counts as too little to classify, measured as
 * on a 28 x 28 grid (a finer grid's sum is divided by its cells per 28 x 28 cell). A click with
 * the default brush leaves about 5 cells of ink, the shortest real stroke (a small "1") about
 * 15: scaling a dot up to 20 x 20 would only show the network a blob. */
#define INK_MIN_INK 8.0f

/* Preprocesses a (h, w) grid of values 0..1 into out (28 x 28). steps may be NULL.
 * Returns 0, or 1 when the grid holds too little ink (then out is all zero). */
int ink_preprocess_mnist(const float *grid, int w, int h, float *out, InkPrepSteps *steps);

/* Plain resampling of a (h, w) grid to (oh, ow), 28 x 28 for "none" preprocessing, with no
 * normalisation: each output cell is the mean of the input it covers when shrinking, the
 * bilinear interpolation of input cell centres when enlarging. */
void ink_resample(const float *grid, int w, int h, float *out, int ow, int oh);
/* The same with area weights both ways: each output cell is the mean of the input over the area
 * it covers, so enlarging by a whole factor makes every input cell a block of equal cells and
 * an equal size copies the input exactly (a drawing's base image on any grid, raster.h). Sizes
 * must be positive (else out is left as it is). */
void ink_resample_area(const float *grid, int w, int h, float *out, int ow, int oh);

#endif
