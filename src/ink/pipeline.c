/* pipeline.c - drawing or image -> the 28 x 28 grid in 0..1 that a model reads (pipeline.h).
 *
 * With MNIST preprocessing the drawing is rasterised at INK_RENDER_SCALE times the canvas
 * resolution and the preprocessing crops and fits from that sharp image; without it the canvas
 * is rendered straight onto 28 x 28, exactly what the user sees. */
#include "ink/pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "ink/image.h"
#include "ink/raster.h"

_Static_assert(INK_BASE_SIDE == INK_SIDE, "a drawing's base image is the network's input size");

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
            return SN_E_NOMEM;
        return ink_image_to_input(grid, INK_SIDE, INK_SIDE, 0, out, steps);
    }
    const int side = INK_SIDE * INK_RENDER_SCALE;
    float *big = malloc(sizeof(float) * side * side);
    if (!big)
        return SN_E_NOMEM;
    int rc = ink_raster(d, big, side, side) != 0
                 ? SN_E_NOMEM
                 : ink_preprocess_mnist(big, side, side, out, steps);
    free(big);
    return rc;
}

/* Reads an image file as predict does: PNG or PGM (by its first bytes), dark-on-light scans
 * inverted to MNIST's light ink on a dark ground. */
static int load_image(const char *path, float **px, int *w, int *h, SnError *err)
{
    int rc = ink_image_load(path, px, w, h, err);
    if (rc != 0)
        return rc < 0 ? rc : SN_E_FORMAT;
    ink_image_normalise_polarity(*px, *w, *h);
    return 0;
}

int ink_file_to_base(const char *path, float *base, SnError *err)
{
    float *px = NULL;
    int w = 0, h = 0;
    int rc = load_image(path, &px, &w, &h, err);
    if (rc != 0)
        return rc;
    ink_resample(px, w, h, base, INK_BASE_SIDE, INK_BASE_SIDE);
    free(px);
    return 0;
}

int ink_file_to_input(const char *path, int strokes, int mnist, float *out, SnError *err)
{
    int rc;
    if (strokes) {
        InkDrawing d;
        ink_drawing_init(&d, (float)INK_SIDE, (float)INK_SIDE);
        rc = ink_drawing_load(path, &d, err);
        if (rc != 0) {
            ink_drawing_free(&d);
            return rc < 0 ? rc : SN_E_FORMAT;
        }
        rc = ink_drawing_to_input(&d, mnist, out, NULL);
        ink_drawing_free(&d);
    } else {
        float *px = NULL;
        int w = 0, h = 0;
        rc = load_image(path, &px, &w, &h, err);
        if (rc != 0)
            return rc;
        rc = ink_image_to_input(px, w, h, mnist, out, NULL);
        free(px);
    }
    if (rc == SN_E_NOMEM) /* the rendering's only failure */
        rc = sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    return rc;
}
