/* image.h - reading images for classification: PGM ("portable graymap", here) and PNG
 * (png_codec.h), told apart by their first bytes, not by the file name.
 *
 * Both give grey values in 0..1 as stored; ink_image_normalise_polarity then makes ink bright,
 * as the network expects: an image whose border is mostly light (dark ink on white paper) is
 * inverted.
 */
#ifndef INK_IMAGE_H
#define INK_IMAGE_H

#include <stddef.h>

#include "ink/ink.h"

#define INK_IMAGE_MAX_SIDE 8192 /* refuse larger images before allocating */
#define INK_IMAGE_MAX_FILE (256L << 20) /* largest image file read (bytes) */

/* Parses PGM bytes (binary P5 or ASCII P2, maxval up to 65535). On success *px is malloc'd
 * (w * h floats in 0..1, caller frees with free()). `where` names the source in messages. */
int ink_image_parse_pgm(const unsigned char *data, size_t len, const char *where, float **px,
                        int *w, int *h, SnError *err);

/* Parses PNG bytes (ink_png_parse) when they start with the PNG signature, else PGM bytes as
 * above; an error for anything else says which formats are read. Same contract as above. */
int ink_image_parse(const unsigned char *data, size_t len, const char *where, float **px, int *w,
                    int *h, SnError *err);

/* Reads a PGM or PNG file (a regular file of at most INK_IMAGE_MAX_FILE bytes: anything else,
 * a FIFO say, is refused before it is read) and parses it with ink_image_parse. */
int ink_image_load(const char *path, float **px, int *w, int *h, SnError *err);

/* Inverts the image in place (v -> 1 - v) when its outermost ring of pixels is mostly light,
 * so dark-on-light scans become light-on-dark like MNIST. Returns 1 if it inverted. */
int ink_image_normalise_polarity(float *px, int w, int h);

#endif
