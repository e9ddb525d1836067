/* pipeline.c - drawing or image -> the 28 x 28 grid in 0..1 that a model reads (pipeline.h).
 *
 * With MNIST preprocessing the drawing is rasterised at INK_RENDER_SCALE times the canvas
 * resolution and the preprocessing crops and fits from that sharp image; without it the canvas
 * is rendered straight onto 28 x 28, exactly what the user sees. */
#include "ink/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "ink/raster.h"

int ink_image_to_input(const float *img, int w, int h, int mnist, float *out, InkPrepSteps *steps)
{
    if (mnist)
        return ink_preprocess_mnist(img, w, h, out, steps);
    ink_resample(img, w, h, out, INK_SIDE, INK_SIDE);
    if (steps) {
        memset(steps, 0, sizeof *steps);
        memcpy(steps->raw, out, sizeof steps->raw);
        memcpy(steps->centred, out, sizeof steps->centred);
    }
    /* the same floor as the preprocessing's: less ink than that is too little to read */
    float total = 0.0f;
    for (int i = 0; i < INK_SIDE * INK_SIDE; i++)
        total += out[i];
    return total < INK_MIN_INK ? 1 : 0;
}

int ink_drawing_to_input(const InkDrawing *d, int mnist, float *out, InkPrepSteps *steps)
{
    if (!mnist) {
        float grid[INK_SIDE * INK_SIDE];
        if (ink_raster(d, grid, INK_SIDE, INK_SIDE) != 0)
            return -1;
        return ink_image_to_input(grid, INK_SIDE, INK_SIDE, 0, out, steps);
    }
    const int side = INK_SIDE * INK_RENDER_SCALE;
    float *big = malloc(sizeof(float) * side * side);
    if (!big)
        return -1;
    int rc = ink_raster(d, big, side, side) != 0 ? -1
                                                 : ink_preprocess_mnist(big, side, side, out, steps);
    free(big);
    return rc;
}
