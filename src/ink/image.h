/* image.h - reading greyscale images (PGM, "portable graymap") for classification.
 *
 * Returns values in 0..1 with ink bright, as the network expects: an image whose border is
 * mostly light (dark ink on white paper) is inverted.
 */
#ifndef INK_IMAGE_H
#define INK_IMAGE_H

#include <stddef.h>

#include "ink/ink.h"

#define INK_IMAGE_MAX_SIDE 8192 /* refuse larger images before allocating */

/* Parses PGM bytes (binary P5 or ASCII P2, maxval up to 65535). On success *px is malloc'd
 * (w * h floats in 0..1, caller frees with free()). `where` names the source in messages. */
int ink_image_parse_pgm(const unsigned char *data, size_t len, const char *where, float **px,
                        int *w, int *h, InkError *err);

/* Reads a PGM file (at most 256 MB) and parses it as above. */
int ink_image_load(const char *path, float **px, int *w, int *h, InkError *err);

/* Inverts the image in place (v -> 1 - v) when its outermost ring of pixels is mostly light,
 * so dark-on-light scans become light-on-dark like MNIST. Returns 1 if it inverted. */
int ink_image_normalise_polarity(float *px, int w, int h);

#endif
