/* test_made.h - what the tests of made images share (test_nondigit.c, test_madedigit.c): where
 * the ink of a 28 x 28 byte image lies. */
#ifndef SCRATCHNET_TEST_MADE_H
#define SCRATCHNET_TEST_MADE_H

#include <stdint.h>

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

#endif
