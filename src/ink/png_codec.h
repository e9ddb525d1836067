/* png_codec.h - PNG images in and out, through libpng.
 *
 * Reading turns any PNG (grey, grey + alpha, RGB, RGBA, palette; 1 to 16 bits; interlaced or
 * not) into w x h grey values in 0..1, the same form as the PGM reader in image.h, so an image
 * takes one path to the network whatever its format. Writing makes 8-bit grey or 8-bit RGBA
 * files, atomically. Named png_codec, not png, so it never shadows libpng's own <png.h>.
 * Nothing here prints: libpng's errors and warnings are caught and become one-line SnErrors
 * naming the file.
 */
#ifndef INK_PNG_CODEC_H
#define INK_PNG_CODEC_H

#include <stddef.h>

#include "ink/ink.h"

#define INK_PNG_MAX_SIDE 16384            /* widest or tallest image read, pixels */
#define INK_PNG_MAX_PIXELS (32L << 20)    /* most pixels in one image read (w * h) */

/* 1 if data starts with the 8-byte PNG signature, else 0. */
int ink_png_is_png(const unsigned char *data, size_t len);

/* Decodes PNG bytes into grey: *px is malloc'd (w * h floats in 0..1, row-major; caller frees
 * with free()). Colour becomes luminance 0.2126 R + 0.7152 G + 0.0722 B of the stored values
 * (no gamma or colour-profile conversion). Transparent pixels are laid over a background that
 * contrasts with the opaque ones: white when the opaque pixels are dark on average, black when
 * they are light, so ink on a transparent sheet stays visible (ink_image_normalise_polarity
 * then decides the polarity as for any image). Images wider or taller than INK_PNG_MAX_SIDE
 * or with more than INK_PNG_MAX_PIXELS pixels are refused before their pixels are allocated.
 * Only the chunks that make the image are read (IHDR, PLTE, tRNS, IDAT, IEND); text, colour
 * profiles and other metadata are skipped unread, and a chunk that declares more bytes than
 * the data holds is refused before libpng sees it, so decoding allocates the pixels (at most
 * 8 bytes each) and a few rows, whatever the chunks claim.
 * `where` names the source in messages. Returns 0 or a negative SN_E_* code; *px stays NULL
 * on failure. */
int ink_png_parse(const unsigned char *data, size_t len, const char *where, float **px, int *w,
                  int *h, SnError *err);

/* Encodes w x h 8-bit pixels (channels 1: grey; 4: R, G, B, A), rows packed with no padding,
 * into a PNG in memory: *out is malloc'd (caller frees with free()), *out_len its length.
 * `where` names the destination in messages. Returns 0 or a negative SN_E_* code. */
int ink_png_encode(const unsigned char *pixels, int w, int h, int channels, const char *where,
                   unsigned char **out, size_t *out_len, SnError *err);

/* Encodes as above and writes the file atomically (atomic_write_file): on failure path is
 * left as it was. Returns 0 or a negative SN_E_* code. */
int ink_png_save(const char *path, const unsigned char *pixels, int w, int h, int channels,
                 SnError *err);

#endif
