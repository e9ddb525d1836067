/* pool.c - 2 x 2 max pooling with stride 2, forward and backward.
 *
 * out[n][c][y][x] = max of inp[n][c][2y + i][2x + j] over i, j in {0, 1}; argmax remembers
 * which of the four won (as y * W + x in the input plane; the first of equal values wins).
 * The max passes its gradient to the winner only: dinp[winner] += dout, the others get 0.
 * N = batch, C = channels, H x W = input, Ho = H / 2, Wo = W / 2 (an odd last row/column is
 * dropped). No other window sizes or strides.
 */
#include "nn/pool.h"

#include <stddef.h>

void nn_maxpool2_forward(float *out, int32_t *argmax, const float *inp, int N, int C, int H,
                         int W)
{
    const int Ho = H / 2, Wo = W / 2;
    const size_t in_plane = (size_t)H * W, out_plane = (size_t)Ho * Wo;
    for (size_t p = 0; p < (size_t)N * C; p++) {
        const float *img = inp + p * in_plane; /* (H, W) */
        float *o = out + p * out_plane;        /* (Ho, Wo) */
        int32_t *a = argmax + p * out_plane;   /* (Ho, Wo) */
        for (int y = 0; y < Ho; y++) {
            for (int x = 0; x < Wo; x++) {
                /* the 2 x 2 block's top-left, top-right, bottom-left, bottom-right */
                const int32_t tl = (int32_t)(2 * y * W + 2 * x);
                const int32_t cand[4] = {tl, tl + 1, tl + W, tl + W + 1};
                int32_t best = tl;
                for (int i = 1; i < 4; i++)
                    if (img[cand[i]] > img[best])
                        best = cand[i];
                o[y * Wo + x] = img[best];
                a[y * Wo + x] = best;
            }
        }
    }
}

void nn_maxpool2_backward(float *dinp, const float *dout, const int32_t *argmax, int N, int C,
                          int H, int W)
{
    const size_t in_plane = (size_t)H * W, out_plane = (size_t)(H / 2) * (size_t)(W / 2);
    for (size_t p = 0; p < (size_t)N * C; p++) {
        float *d = dinp + p * in_plane;
        const float *g = dout + p * out_plane;
        const int32_t *a = argmax + p * out_plane;
        for (size_t i = 0; i < out_plane; i++)
            d[a[i]] += g[i]; /* only the winner of the block affected the output */
    }
}
