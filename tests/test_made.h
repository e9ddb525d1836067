/* test_made.h - what the tests of made images share (test_nondigit.c, test_madedigit.c): where
 * the ink of a 28 x 28 byte image lies and whether it is placed as MNIST places a digit. */
#ifndef SCRATCHNET_TEST_MADE_H
#define SCRATCHNET_TEST_MADE_H

#include <stdint.h>
#include <stdio.h>

#define MADE_SIDE 28

/* The ink of img (the sum of its values in 0..1), its bounding box's width and height (cells above
 * 5 % ink) and its centre of mass (cell indices; -1 without ink). */
static inline double made_measure(const uint8_t *img, int *bw, int *bh, double *cx, double *cy)
{
    double m = 0.0, mx = 0.0, my = 0.0;
    int x0 = MADE_SIDE, y0 = MADE_SIDE, x1 = -1, y1 = -1;
    for (int i = 0; i < MADE_SIDE; i++)
        for (int j = 0; j < MADE_SIDE; j++) {
            double v = img[i * MADE_SIDE + j] / 255.0;
            m += v;
            mx += v * j;
            my += v * i;
            if (v > 0.05) {
                x0 = j < x0 ? j : x0;
                x1 = j > x1 ? j : x1;
                y0 = i < y0 ? i : y0;
                y1 = i > y1 ? i : y1;
            }
        }
    *bw = x1 - x0 + 1;
    *bh = y1 - y0 + 1;
    *cx = m > 0.0 ? mx / m : -1.0;
    *cy = m > 0.0 ? my / m : -1.0;
    return m;
}

/* 1 if img is placed as the MNIST preprocessing places a digit: some ink (8 or more in all, a
 * peak of 200 or more), its centre of mass within a pixel of (14, 14), its longer side 19 to 21
 * pixels (the preprocessing scales it to 20 and the sub-pixel move to the centre of mass spreads
 * an edge into one more pixel) and neither side over 21. Otherwise 0, with the figures in why. */
static inline int made_placed_as_mnist(const uint8_t *img, char *why, size_t n)
{
    int bw, bh, peak = 0;
    double cx, cy, ink = made_measure(img, &bw, &bh, &cx, &cy);
    for (int p = 0; p < MADE_SIDE * MADE_SIDE; p++)
        peak = img[p] > peak ? img[p] : peak;
    snprintf(why, n, "ink %.1f peak %d centre (%.2f, %.2f) box %d x %d", ink, peak, cx, cy, bw, bh);
    return ink >= 8.0 && peak >= 200 && cx > 13.0 && cx < 15.0 && cy > 13.0 && cy < 15.0 &&
           bw <= 21 && bh <= 21 && (bw >= 19 || bh >= 19);
}

#endif
