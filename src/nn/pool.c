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

#include "nn/simd.h"
#include "nn/threads.h"

NN_VECTOR_CLONES
static void forward_planes(float *out, int32_t *argmax, const float *inp, int N, int C, int H,
                           int W)
{
    const int Ho = H / 2, Wo = W / 2;
    const size_t in_plane = (size_t)H * W, out_plane = (size_t)Ho * Wo;
    for (size_t p = 0; p < (size_t)N * C; p++) {
        const float *img = inp + p * in_plane; /* (H, W) */
        float *o = out + p * out_plane;        /* (Ho, Wo) */
        int32_t *a = argmax + p * out_plane;   /* (Ho, Wo) */
        for (int y = 0; y < Ho; y++) {
            const float *r0 = img + (size_t)(2 * y) * W, *r1 = r0 + W; /* the block's two rows */
            for (int x = 0; x < Wo; x++) {
                /* top-left, top-right, bottom-left, bottom-right, compared in that order with
                 * strict > so that the first of equal values wins; a NaN wins over any number
                 * and is passed on, so that the outputs report it; written without branches */
                const int32_t tl = (int32_t)(2 * y * W + 2 * x);
                float best = r0[2 * x];
                int32_t at = tl;
                float v = r0[2 * x + 1];
                int win;
                win = v > best || v != v;
                at = win ? tl + 1 : at;
                best = win ? v : best;
                v = r1[2 * x];
                win = v > best || v != v;
                at = win ? tl + W : at;
                best = win ? v : best;
                v = r1[2 * x + 1];
                win = v > best || v != v;
                at = win ? tl + W + 1 : at;
                best = win ? v : best;
                o[y * Wo + x] = best;
                a[y * Wo + x] = at;
            }
        }
    }
}

static void backward_planes(float *dinp, const float *dout, const int32_t *argmax, int N, int C,
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

/* ---- samples shared out between threads (each sample's planes are independent) ----------- */

typedef struct PoolJob {
    float *out;
    int32_t *argmax;
    const float *inp;
    const int32_t *carg;
    int N, C, H, W, T;
} PoolJob;

static void forward_part(void *ctx, int t)
{
    const PoolJob *j = ctx;
    int n0 = j->N * t / j->T, n1 = j->N * (t + 1) / j->T;
    size_t in = (size_t)j->C * j->H * j->W, out = (size_t)j->C * (j->H / 2) * (j->W / 2);
    forward_planes(j->out + n0 * out, j->argmax + n0 * out, j->inp + n0 * in, n1 - n0, j->C, j->H,
                   j->W);
}

static void backward_part(void *ctx, int t)
{
    const PoolJob *j = ctx;
    int n0 = j->N * t / j->T, n1 = j->N * (t + 1) / j->T;
    size_t in = (size_t)j->C * j->H * j->W, out = (size_t)j->C * (j->H / 2) * (j->W / 2);
    backward_planes(j->out + n0 * in, j->inp + n0 * out, j->carg + n0 * out, n1 - n0, j->C, j->H,
                    j->W);
}

static int threads_for(const NnPool *pool, int N, int C, int H, int W)
{
    if (N < 2 || (double)N * C * H * W < (double)(1 << 16) || nn_in_parallel())
        return 1;
    int T = nn_pool_threads(pool);
    return T < N ? T : N;
}

void nn_maxpool2_forward(NnPool *pool, float *out, int32_t *argmax, const float *inp, int N, int C,
                         int H, int W)
{
    PoolJob j = {out, argmax, inp, NULL, N, C, H, W, threads_for(pool, N, C, H, W)};
    if (j.T > 1)
        nn_parallel(pool, j.T, forward_part, &j);
    else
        forward_planes(out, argmax, inp, N, C, H, W);
}

void nn_maxpool2_backward(NnPool *pool, float *dinp, const float *dout, const int32_t *argmax,
                          int N, int C, int H, int W)
{
    /* out carries dinp, inp carries dout and carg the winners */
    PoolJob j = {dinp, NULL, dout, argmax, N, C, H, W, threads_for(pool, N, C, H, W)};
    if (j.T > 1)
        nn_parallel(pool, j.T, backward_part, &j);
    else
        backward_planes(dinp, dout, argmax, N, C, H, W);
}
