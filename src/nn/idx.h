/* idx.h - reading MNIST-style IDX files, raw or gzip-compressed.
 *
 * The IDX format (LeCun et al.): a big-endian header - two zero bytes, a type byte (0x08 =
 * unsigned byte), a dimension count - then one big-endian uint32 per dimension, then the data.
 * Images are idx3 (count, rows, cols), labels idx1 (count). Pixels stay uint8 in memory:
 * the 60,000 training images are 47 MB as bytes and would be 188 MB as floats.
 */
#ifndef NN_IDX_H
#define NN_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* Largest accepted dimensions: refuse absurd headers before allocating anything. */
#define NN_IDX_MAX_COUNT 10000000u
#define NN_IDX_MAX_SIDE 4096u
/* Largest file read (raw or gzip): each file is read whole, then taken apart in memory. */
#define NN_IDX_MAX_FILE ((size_t)3 << 30)

/* A labelled set of greyscale images, one byte per pixel (0 = background, 255 = ink). */
typedef struct NnDataset {
    int n;            /* number of images */
    int rows, cols;   /* image size in pixels, e.g. 28 x 28 */
    uint8_t *images;  /* (n, rows, cols), owned */
    uint8_t *labels;  /* (n), class index of each image, owned */
} NnDataset;

/* Reads an idx3 unsigned-byte image file (raw, or gzip when it starts with the gzip magic).
 * On success *images is malloc'd (n * rows * cols bytes; caller frees with free()).
 * Checks magic, type, dimensions against the limits above, and the exact data length. */
int nn_idx_read_images(const char *path, uint8_t **images, int *n, int *rows, int *cols,
                       SnError *err);

/* The header of an unsigned-byte IDX file of ndim dimensions (1 for labels, 3 for images), each
 * dims[d] as a big-endian uint32, into out (4 + 4 * ndim bytes, NN_IDX_HEADER_MAX at most): what
 * the readers above take apart. Returns the header's length. */
#define NN_IDX_HEADER_MAX 16
size_t nn_idx_header(uint8_t *out, int ndim, const uint32_t *dims);

/* Reads an idx1 unsigned-byte label file; *labels is malloc'd (caller frees with free()). */
int nn_idx_read_labels(const char *path, uint8_t **labels, int *n, SnError *err);

/* The name of a data-set file: "<dir>/<prefix>-images-idx3-ubyte" (or "-labels-idx1-ubyte" when
 * labels is 1), with ".gz" when gz is 1, into buf (n bytes; buf may be NULL when n is 0).
 * Returns the length of the whole name, as snprintf does (n or more: it was cut). */
int nn_dataset_file_name(char *buf, size_t n, const char *dir, const char *prefix, int labels,
                         int gz);

/* Loads "<dir>/<prefix>-images-idx3-ubyte" and "<dir>/<prefix>-labels-idx1-ubyte", each also
 * tried with a ".gz" suffix, where prefix is "train" or "t10k". Checks that the counts agree
 * and that every label is below n_classes. Caller frees with nn_dataset_free(). */
int nn_dataset_load_mnist(const char *dir, const char *prefix, int n_classes, NnDataset *out,
                          SnError *err);

/* Frees the arrays of a dataset (accepts a zeroed or already freed one) and zeroes it. */
void nn_dataset_free(NnDataset *ds);

#endif
