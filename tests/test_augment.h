/* test_augment.h - what the augmentation's tests share (test_augment.c, test_augment_marks.c):
 * the scratch buffer, anti-aliased rings, ink totals and the first MNIST training images. */
#ifndef SCRATCHNET_TEST_AUGMENT_H
#define SCRATCHNET_TEST_AUGMENT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/augment.h"
#include "test.h"

#define S       28
#define N28     (S * S)
#define N_MNIST 1000

static float *scratch; /* ink_augment_scratch_size(S, S) floats, made by main */

/* An anti-aliased ring: ink 1 within half_width of the circle of radius r about (cx, cy),
 * falling to 0 over the next pixel. */
static inline void ring(uint8_t *img, double cx, double cy, double r, double half_width)
{
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
            double d = fabs(hypot(j - cx, i - cy) - r);
            double v = half_width + 0.5 - d;
            v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            img[i * S + j] = (uint8_t)(v * 255.0 + 0.5);
        }
}

static inline double total(const float *g, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)g[i];
    return s;
}

static inline double total_u8(const uint8_t *g, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += g[i] / 255.0;
    return s;
}

static inline uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The first N_MNIST training images (raw IDX, 28 x 28), malloc'd; NULL (with a reason) when
 * the file is missing or not what it should be. */
static inline uint8_t *load_mnist(char *why, size_t why_len)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    if (!dir) {
        snprintf(why, why_len, "SCRATCHNET_MNIST_DIR is not set");
        return NULL;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/train-images-idx3-ubyte", dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_len, "%s: cannot open (fetch MNIST with the setup script)", path);
        return NULL;
    }
    unsigned char hd[16];
    uint8_t *img = NULL;
    if (fread(hd, 1, 16, f) == 16 && be32(hd) == 0x803 && be32(hd + 4) >= N_MNIST &&
        be32(hd + 8) == S && be32(hd + 12) == S) {
        img = malloc((size_t)N_MNIST * N28);
        if (img && fread(img, N28, N_MNIST, f) != N_MNIST) {
            free(img);
            img = NULL;
        }
    }
    fclose(f);
    if (!img)
        snprintf(why, why_len, "%s: not a raw IDX file of 28 x 28 images", path);
    return img;
}

#endif
