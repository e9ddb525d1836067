/* conv.c - 2-D convolution, stride 1, zero padding P: im2col + one matrix product per sample.
 *
 * out[n][k][y][x] = bias[k] + sum_{c,dy,dx} weight[k][c][dy][dx] * inp[n][c][y+dy-P][x+dx-P]
 * im2col copies every receptive field into a column of col (C*R*R, Ho*Wo), so per sample n:
 *   forward:  out_n (K, Ho*Wo) = weight (K, C*R*R) . col + bias
 *   backward: dweight += dout_n . col^T, dbias += row sums of dout_n,
 *             dcol = weight^T . dout_n, and col2im scatter-adds dcol back into dinp_n.
 * N = batch, C = input channels, H x W = input, K = filters, R x R = kernel, L = Ho * Wo.
 * No other strides, no dilation, no groups. nn_conv2d_forward_naive is the direct reference.
 */
#include "nn/conv.h"

#include <stdbool.h>
#include <string.h>

#include "nn/gemm.h"

size_t nn_conv2d_col_size(int C, int H, int W, int R, int P)
{
    const size_t Ho = (size_t)(H + 2 * P - R + 1), Wo = (size_t)(W + 2 * P - R + 1);
    return (size_t)C * (size_t)R * (size_t)R * Ho * Wo;
}

/* A 1 x 1 kernel without padding needs no unrolling: the input plane already is col. */
static bool col_is_input(int R, int P)
{
    return R == 1 && P == 0;
}

/* Output positions o in [0, n_out) whose input position o - off lies in [0, n_in):
 * [*lo, *hi), possibly empty. off = P - d for kernel offset d. */
static void valid_span(int off, int n_in, int n_out, int *lo, int *hi)
{
    int a = off > 0 ? off : 0;
    int b = n_in + off < n_out ? n_in + off : n_out;
    if (a > n_out)
        a = n_out;
    if (b < a)
        b = a;
    *lo = a;
    *hi = b;
}

/* col (C*R*R, Ho*Wo): row (c, dy, dx), column (y, x) holds img[c][y+dy-P][x+dx-P], 0 outside.
 * Each output row is zero fill | contiguous copy | zero fill; rows outside the image are zero. */
static void im2col(float *col, const float *img, int C, int H, int W, int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    const size_t L = (size_t)Ho * (size_t)Wo;
    for (int c = 0; c < C; c++) {
        const float *plane = img + (size_t)c * H * W;
        for (int dy = 0; dy < R; dy++) {
            int y0, y1;
            valid_span(P - dy, H, Ho, &y0, &y1);
            for (int dx = 0; dx < R; dx++) {
                int x0, x1;
                valid_span(P - dx, W, Wo, &x0, &x1);
                float *row = col + ((size_t)(c * R + dy) * R + dx) * L;
                /* padding rows above and below the image */
                memset(row, 0, sizeof(float) * (size_t)y0 * Wo);
                memset(row + (size_t)y1 * Wo, 0, sizeof(float) * (size_t)(Ho - y1) * Wo);
                for (int y = y0; y < y1; y++) {
                    float *dst = row + (size_t)y * Wo;
                    const float *src = plane + (size_t)(y + dy - P) * W + (x0 + dx - P);
                    memset(dst, 0, sizeof(float) * (size_t)x0);
                    memcpy(dst + x0, src, sizeof(float) * (size_t)(x1 - x0));
                    memset(dst + x1, 0, sizeof(float) * (size_t)(Wo - x1));
                }
            }
        }
    }
}

/* The adjoint of im2col: img[c][y+dy-P][x+dx-P] += col[(c, dy, dx)][(y, x)] for every entry
 * that came from inside the image (padding entries have nowhere to go). */
static void col2im_add(float *img, const float *col, int C, int H, int W, int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    const size_t L = (size_t)Ho * (size_t)Wo;
    for (int c = 0; c < C; c++) {
        float *plane = img + (size_t)c * H * W;
        for (int dy = 0; dy < R; dy++) {
            int y0, y1;
            valid_span(P - dy, H, Ho, &y0, &y1);
            for (int dx = 0; dx < R; dx++) {
                int x0, x1;
                valid_span(P - dx, W, Wo, &x0, &x1);
                const float *row = col + ((size_t)(c * R + dy) * R + dx) * L;
                const int len = x1 - x0;
                for (int y = y0; y < y1; y++) {
                    float *dst = plane + (size_t)(y + dy - P) * W + (x0 + dx - P);
                    const float *src = row + (size_t)y * Wo + x0;
                    for (int i = 0; i < len; i++)
                        dst[i] += src[i];
                }
            }
        }
    }
}

void nn_conv2d_forward(float *out, const float *inp, const float *weight, const float *bias,
                       float *col, int N, int C, int H, int W, int K, int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    const int L = Ho * Wo, CRR = C * R * R;
    for (int n = 0; n < N; n++) {
        const float *img = inp + (size_t)n * C * H * W; /* (C, H, W) */
        float *o = out + (size_t)n * K * L;              /* (K, Ho*Wo) */
        const float *cols = img;                          /* (C*R*R, Ho*Wo) */
        if (!col_is_input(R, P)) {
            im2col(col, img, C, H, W, R, P);
            cols = col;
        }
        /* start every output plane at its bias, then add weight . col on top (beta = 1) */
        for (int k = 0; k < K; k++) {
            float *plane = o + (size_t)k * L;
            for (int i = 0; i < L; i++)
                plane[i] = bias[k];
        }
        nn_gemm(false, false, K, L, CRR, 1.0f, weight, CRR, cols, L, 1.0f, o, L);
    }
}

void nn_conv2d_backward(float *dinp, float *dweight, float *dbias, float *col, const float *dout,
                        const float *inp, const float *weight, int N, int C, int H, int W, int K,
                        int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    const int L = Ho * Wo, CRR = C * R * R;
    for (int n = 0; n < N; n++) {
        const float *img = inp + (size_t)n * C * H * W; /* (C, H, W) */
        const float *dout_n = dout + (size_t)n * K * L;  /* (K, Ho*Wo) */
        const float *cols = img;                          /* (C*R*R, Ho*Wo) */
        if (!col_is_input(R, P)) {
            im2col(col, img, C, H, W, R, P);
            cols = col;
        }
        /* dweight (K, C*R*R) += dout_n (K, L) . col^T (L, C*R*R) */
        nn_gemm(false, true, K, CRR, L, 1.0f, dout_n, L, cols, L, 1.0f, dweight, CRR);
        /* dbias[k] += sum over positions of dout_n[k] */
        for (int k = 0; k < K; k++) {
            const float *plane = dout_n + (size_t)k * L;
            double sum = 0.0;
            for (int i = 0; i < L; i++)
                sum += (double)plane[i];
            dbias[k] += (float)sum;
        }
        if (!dinp)
            continue;
        float *dimg = dinp + (size_t)n * C * H * W;
        if (col_is_input(R, P)) {
            /* dinp_n (C, L) += weight^T (C, K) . dout_n (K, L) directly */
            nn_gemm(true, false, CRR, L, K, 1.0f, weight, CRR, dout_n, L, 1.0f, dimg, L);
        } else {
            /* dcol (C*R*R, L) = weight^T . dout_n, overwriting col (dweight is done with it),
             * then every column entry goes back to the input pixel it was copied from */
            nn_gemm(true, false, CRR, L, K, 1.0f, weight, CRR, dout_n, L, 0.0f, col, L);
            col2im_add(dimg, col, C, H, W, R, P);
        }
    }
}

void nn_conv2d_forward_naive(float *out, const float *inp, const float *weight,
                             const float *bias, int N, int C, int H, int W, int K, int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++)
            for (int y = 0; y < Ho; y++)
                for (int x = 0; x < Wo; x++) {
                    double sum = (double)bias[k];
                    for (int c = 0; c < C; c++)
                        for (int dy = 0; dy < R; dy++) {
                            const int iy = y + dy - P;
                            if (iy < 0 || iy >= H)
                                continue; /* zero padding contributes nothing */
                            for (int dx = 0; dx < R; dx++) {
                                const int ix = x + dx - P;
                                if (ix < 0 || ix >= W)
                                    continue;
                                const float w = weight[(((size_t)k * C + c) * R + dy) * R + dx];
                                const float v = inp[(((size_t)n * C + c) * H + iy) * W + ix];
                                sum += (double)w * (double)v;
                            }
                        }
                    out[(((size_t)n * K + k) * Ho + y) * Wo + x] = (float)sum;
                }
}
