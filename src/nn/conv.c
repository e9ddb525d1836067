/* conv.c - 2-D convolution, stride 1, zero padding P: im2col + one matrix product per sample,
 * with the samples of the batch shared out between a few threads.
 *
 * out[n][k][y][x] = bias[k] + sum_{c,dy,dx} weight[k][c][dy][dx] * inp[n][c][y+dy-P][x+dx-P]
 * N = batch, C = input channels, H x W = input, K = filters, R x R = kernel, L = Ho * Wo,
 * CRR = C * R * R, D = CRR + 1, T = threads. im2col copies every receptive field of sample n
 * into a column of col_n (D, L): row (c, dy, dx), column (y, x), and a last row of ones, which
 * carries the bias through the same products. With wb (K, D) = weight (K, CRR) beside bias (K):
 *   forward:  out_n (K, L) = wb . col_n                        (the ones row adds the bias)
 *   backward: acc (K, D) += dout_n (K, L) . col_n^T            (its last column sums dout_n[k]:
 *                                                               dbias; the rest is dweight)
 *             dcol (CRR, L) = weight^T . dout_n, and col2im scatter-adds dcol back into dinp_n.
 * No other strides, no dilation, no groups. The _naive functions are the direct references.
 *
 * Layout choices. Samples are independent, so thread t takes samples [N t / T, N (t+1) / T) and
 * works in its own part of the scratch:
 *   col = wb (K, D)                                  forward only, read by every thread
 *       | col_0 acc_0 | ... | col_{T-1} acc_{T-1}    per thread: one unrolled sample (D, L) and
 *                                                    its own sums acc (K, D) of the gradients
 * The products read and write the (K, L) planes of out, dout and dinp in place: no gather, no
 * scatter. After the join the threads' sums are added into dweight and dbias in thread order,
 * so for a given T every run gives the same bits. The threads are the library's pool
 * (threads.h); the BLAS stays single-threaded inside them.
 * Why not one wide product over the whole batch, col (D, N*L)? Measured on 2 cores, OpenBLAS
 * gains little from its second thread on products this thin (K rows), while two threads with a
 * sample each run close to twice as fast, and each col_t stays in its core's cache between
 * im2col, the products and col2im.
 */
#include "nn/conv.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "nn/gemm.h"
#include "nn/simd.h"
#include "nn/threads.h"

#define MAX_THREADS    NN_MAX_THREADS
#define SCRATCH_BUDGET ((size_t)16 << 20)  /* floats (64 MB) the threads' scratch may grow to */
#define MIN_WORK       ((double)(1 << 21)) /* multiply-adds each thread must get to be worth it */

/* Floats of scratch for T threads: wb (K, D), then per thread col (D, L) and acc (K, D). */
static size_t scratch_floats(int T, int C, int H, int W, int K, int R, int P)
{
    const size_t L = (size_t)(H + 2 * P - R + 1) * (size_t)(W + 2 * P - R + 1);
    const size_t D = (size_t)C * (size_t)R * (size_t)R + 1;
    return (size_t)K * D + (size_t)T * (D * L + (size_t)K * D);
}

/* Threads a batch of N has room for, before asking the BLAS: one per sample, at most
 * MAX_THREADS, each with at least MIN_WORK multiply-adds, their scratch within SCRATCH_BUDGET.
 * It depends on the shape and N alone and never falls as N grows, so a scratch sized for N
 * serves every smaller batch. */
static int thread_slots(int N, int C, int H, int W, int K, int R, int P)
{
    const double L = (double)(H + 2 * P - R + 1) * (double)(W + 2 * P - R + 1);
    const double work = (double)N * K * C * R * R * L;
    int T = N < MAX_THREADS ? N : MAX_THREADS;
    if (work < MIN_WORK * T)
        T = (int)(work / MIN_WORK);
    while (T > 1 && scratch_floats(T, C, H, W, K, R, P) > SCRATCH_BUDGET)
        T--;
    return T > 1 ? T : 1;
}

size_t nn_conv2d_col_size(int N, int C, int H, int W, int K, int R, int P)
{
    return scratch_floats(thread_slots(N, C, H, W, K, R, P), C, H, W, K, R, P);
}

int nn_conv2d_threads(const NnPool *pool, int N, int C, int H, int W, int K, int R, int P)
{
    const int slots = thread_slots(N, C, H, W, K, R, P);
    const int cores = nn_gemm_threads(pool); /* threads that can run the BLAS */
    return cores < slots ? cores : slots;
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

/* The small loops below go in blocks of 8 so that -O2 turns each block into vector
 * instructions (it leaves a plain loop of unknown length scalar). */

/* dst[i] += src[i] */
static void add_to(float *restrict dst, const float *restrict src, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t j = 0; j < 8; j++)
            dst[i + j] += src[i + j];
    for (; i < n; i++)
        dst[i] += src[i];
}

/* dst[i] = v */
static void fill(float *dst, float v, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t j = 0; j < 8; j++)
            dst[i + j] = v;
    for (; i < n; i++)
        dst[i] = v;
}

/* col (C*R*R, Ho*Wo): row (c, dy, dx), column (y, x) holds img[c][y+dy-P][x+dx-P], 0 outside.
 * Rows of the output outside the image are zero; inside, the valid columns [x0, x1) are copied
 * and the rest zeroed. When Wo == W (padding that keeps the size, P = (R-1)/2) the source of
 * consecutive valid output rows is consecutive too, so the whole valid block is one copy,
 * after which the few edge columns, which picked up neighbouring pixels, are zeroed. */
NN_VECTOR_CLONES
static void im2col(float *col, const float *img, int C, int H, int W, int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    const size_t L = (size_t)Ho * (size_t)Wo;
    if (P == 0 && Wo < W) {
        /* no padding: row (c, dy, dx) at output row y is input row y + dy from column dx, a
         * straight copy of Wo values; the R rows for dx = 0..R-1 read the same input row */
        for (int c = 0; c < C; c++) {
            for (int dy = 0; dy < R; dy++) {
                float *base = col + (size_t)(c * R + dy) * R * L;
                for (int y = 0; y < Ho; y++) {
                    const float *src = img + ((size_t)c * H + (size_t)(y + dy)) * W;
                    float *dst = base + (size_t)y * Wo;
                    /* rows this short copy faster in a loop than through memcpy */
                    for (int dx = 0; dx < R; dx++, dst += L)
                        for (int x = 0; x < Wo; x++)
                            dst[x] = src[dx + x];
                }
            }
        }
        return;
    }
    for (int c = 0; c < C; c++) {
        const float *plane = img + (size_t)c * H * W;
        for (int dy = 0; dy < R; dy++) {
            int y0, y1;
            valid_span(P - dy, H, Ho, &y0, &y1);
            for (int dx = 0; dx < R; dx++) {
                int x0, x1;
                valid_span(P - dx, W, Wo, &x0, &x1);
                float *row = col + ((size_t)(c * R + dy) * R + dx) * L;
                if (y0 == y1 || x0 == x1) { /* the kernel offset never lands in the image */
                    memset(row, 0, sizeof(float) * L);
                    continue;
                }
                /* padding rows above and below the image (few: a call to memset costs more) */
                fill(row, 0.0f, (size_t)y0 * Wo);
                fill(row + (size_t)y1 * Wo, 0.0f, (size_t)(Ho - y1) * Wo);
                if (Wo == W) {
                    /* output index i reads input index i + shift; copy from the first valid
                     * entry to the last, which stays inside the plane */
                    const ptrdiff_t shift = (ptrdiff_t)(dy - P) * W + (dx - P);
                    const size_t a = (size_t)y0 * Wo + x0, b = (size_t)(y1 - 1) * Wo + x1;
                    memcpy(row + a, plane + (ptrdiff_t)a + shift, sizeof(float) * (b - a));
                }
                for (int y = y0; y < y1; y++) {
                    float *dst = row + (size_t)y * Wo;
                    for (int x = 0; x < x0; x++)
                        dst[x] = 0.0f;
                    if (Wo != W) {
                        const float *src = plane + (size_t)(y + dy - P) * W + (dx - P);
                        for (int x = x0; x < x1; x++)
                            dst[x] = src[x];
                    }
                    for (int x = x1; x < Wo; x++)
                        dst[x] = 0.0f;
                }
            }
        }
    }
}

/* The adjoint of im2col: img[c][y+dy-P][x+dx-P] += col[(c, dy, dx)][(y, x)] for every entry
 * that came from inside the image (padding entries have nowhere to go). Clobbers col: with
 * Wo == W the entries of the edge columns are zeroed so the valid block can go back in one
 * contiguous addition. */
static void col2im_add(float *img, float *col, int C, int H, int W, int R, int P)
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
                if (y0 == y1 || x0 == x1)
                    continue;
                float *row = col + ((size_t)(c * R + dy) * R + dx) * L;
                if (Wo == W) {
                    const ptrdiff_t shift = (ptrdiff_t)(dy - P) * W + (dx - P);
                    const size_t a = (size_t)y0 * Wo + x0, b = (size_t)(y1 - 1) * Wo + x1;
                    for (int y = y0; y < y1; y++) {
                        float *e = row + (size_t)y * Wo;
                        for (int x = 0; x < x0; x++)
                            e[x] = 0.0f;
                        for (int x = x1; x < Wo; x++)
                            e[x] = 0.0f;
                    }
                    add_to(plane + (ptrdiff_t)a + shift, row + a, b - a);
                } else {
                    for (int y = y0; y < y1; y++)
                        add_to(plane + (size_t)(y + dy - P) * W + (x0 + dx - P),
                               row + (size_t)y * Wo + x0, (size_t)(x1 - x0));
                }
            }
        }
    }
}

/* One call's arguments, shared by its threads (read-only to them). */
typedef struct ConvJob {
    float *out, *dinp, *col, *keep;
    const float *inp, *weight, *dout;
    int N, C, H, W, K, R, P, T;
    int params; /* backward: 1 to add the parameter gradients, 0 for dinp alone */
} ConvJob;

/* A call's shape, scratch and threads; the caller adds its own arrays. */
static ConvJob conv_job(const NnPool *pool, float *col, float *keep, const float *inp,
                        const float *weight, int N, int C, int H, int W, int K, int R, int P)
{
    ConvJob j;
    memset(&j, 0, sizeof j);
    j.col = col, j.keep = keep, j.inp = inp, j.weight = weight;
    j.N = N, j.C = C, j.H = H, j.W = W, j.K = K, j.R = R, j.P = P;
    j.T = nn_conv2d_threads(pool, N, C, H, W, K, R, P);
    return j;
}

/* Thread t's unrolled sample col_t (D, L) in the scratch; its sums acc_t (K, D) follow it. */
static float *thread_col(const ConvJob *j, int t)
{
    const size_t L = (size_t)(j->H + 2 * j->P - j->R + 1) * (size_t)(j->W + 2 * j->P - j->R + 1);
    const size_t D = (size_t)j->C * (size_t)j->R * (size_t)j->R + 1, K = (size_t)j->K;
    return j->col + K * D + (size_t)t * (D * L + K * D);
}

static void forward_part(void *ctx, int t)
{
    const ConvJob *j = ctx;
    const int C = j->C, H = j->H, W = j->W, K = j->K, R = j->R, P = j->P;
    const int L = (H + 2 * P - R + 1) * (W + 2 * P - R + 1), CRR = C * R * R, D = CRR + 1;
    const float *wb = j->col;      /* (K, D): weight beside bias */
    float *col = thread_col(j, t); /* (D, L) */
    if (!j->keep)
        fill(col + (size_t)CRR * L, 1.0f, (size_t)L);
    const int n0 = j->N * t / j->T, n1 = j->N * (t + 1) / j->T;
    for (int n = n0; n < n1; n++) {
        float *c = col;
        if (j->keep) { /* sample n's own columns, kept for the backward pass */
            c = j->keep + (size_t)n * D * L;
            fill(c + (size_t)CRR * L, 1.0f, (size_t)L);
        }
        im2col(c, j->inp + (size_t)n * C * H * W, C, H, W, R, P);
        /* out_n (K, L) = wb (K, D) . col (D, L): the products plus bias * 1, on this thread
         * (the pool's threads share out the samples) */
        nn_gemm(NULL, false, false, K, L, D, 1.0f, wb, D, c, L, 0.0f, j->out + (size_t)n * K * L,
                L);
    }
}

void nn_conv2d_forward(NnPool *pool, float *out, const float *inp, const float *weight,
                       const float *bias, float *col, int N, int C, int H, int W, int K, int R,
                       int P)
{
    nn_conv2d_forward_keep(pool, out, inp, weight, bias, col, NULL, N, C, H, W, K, R, P);
}

void nn_conv2d_forward_keep(NnPool *pool, float *out, const float *inp, const float *weight,
                            const float *bias, float *col, float *keep, int N, int C, int H, int W,
                            int K, int R, int P)
{
    const int CRR = C * R * R, D = CRR + 1;
    for (int k = 0; k < K; k++) { /* wb = weight beside bias, one row per filter */
        memcpy(col + (size_t)k * D, weight + (size_t)k * CRR, sizeof(float) * (size_t)CRR);
        col[(size_t)k * D + CRR] = bias[k];
    }
    ConvJob job = conv_job(pool, col, keep, inp, weight, N, C, H, W, K, R, P);
    job.out = out;
    nn_parallel(pool, job.T, forward_part, &job);
}

static void backward_part(void *ctx, int t)
{
    const ConvJob *j = ctx;
    const int C = j->C, H = j->H, W = j->W, K = j->K, R = j->R, P = j->P;
    const int L = (H + 2 * P - R + 1) * (W + 2 * P - R + 1), CRR = C * R * R, D = CRR + 1;
    float *col = thread_col(j, t);    /* (D, L) */
    float *acc = col + (size_t)D * L; /* (K, D): dweight beside dbias, this thread's share */
    if (j->params)
        memset(acc, 0, sizeof(float) * (size_t)K * D);
    const int n0 = j->N * t / j->T, n1 = j->N * (t + 1) / j->T;
    for (int n = n0; n < n1; n++) {
        const float *img = j->inp + (size_t)n * C * H * W; /* (C, H, W) */
        const float *dout_n = j->dout + (size_t)n * K * L; /* (K, Ho*Wo) */
        const float *c = j->keep ? j->keep + (size_t)n * D * L : col;
        if (j->params && !j->keep) { /* unroll the sample again (the forward pass kept nothing) */
            fill(col + (size_t)CRR * L, 1.0f, (size_t)L);
            im2col(col, img, C, H, W, R, P);
        }
        /* acc (K, D) += dout_n (K, L) . col^T (L, D): dL/dweight, and against the ones row
         * dL/dbias[k] = sum over positions of dout_n[k] */
        if (j->params)
            nn_gemm(NULL, false, true, K, D, L, 1.0f, dout_n, L, c, L, 1.0f, acc, D);
        if (!j->dinp)
            continue;
        float *dimg = j->dinp + (size_t)n * C * H * W;
        if (R == 1 && P == 0) {
            /* 1 x 1, no padding: col is the input itself, so dinp_n (C, L) += weight^T (C, K)
             * . dout_n (K, L) directly */
            nn_gemm(NULL, true, false, CRR, L, K, 1.0f, j->weight, CRR, dout_n, L, 1.0f, dimg,
                    L);
        } else {
            /* dcol (C*R*R, L) = weight^T . dout_n, overwriting col (acc is done with it),
             * then every column entry goes back to the input pixel it was copied from */
            nn_gemm(NULL, true, false, CRR, L, K, 1.0f, j->weight, CRR, dout_n, L, 0.0f, col, L);
            col2im_add(dimg, col, C, H, W, R, P);
        }
    }
}

void nn_conv2d_backward(NnPool *pool, float *dinp, float *dweight, float *dbias, float *col,
                        const float *dout, const float *inp, const float *weight, int N, int C,
                        int H, int W, int K, int R, int P)
{
    nn_conv2d_backward_keep(pool, dinp, dweight, dbias, col, NULL, dout, inp, weight, N, C, H, W,
                            K, R, P);
}

size_t nn_conv2d_keep_size(int N, int C, int H, int W, int K, int R, int P)
{
    (void)K;
    const size_t L = (size_t)(H + 2 * P - R + 1) * (size_t)(W + 2 * P - R + 1);
    return (size_t)N * ((size_t)C * (size_t)R * (size_t)R + 1) * L;
}

void nn_conv2d_backward_keep(NnPool *pool, float *dinp, float *dweight, float *dbias, float *col,
                             const float *keep, const float *dout, const float *inp,
                             const float *weight, int N, int C, int H, int W, int K, int R, int P)
{
    ConvJob job = conv_job(pool, col, (float *)keep, inp, weight, N, C, H, W, K, R, P);
    job.dinp = dinp;
    job.dout = dout;
    job.params = dweight != NULL;
    nn_parallel(pool, job.T, backward_part, &job);
    /* the threads' sums, in thread order */
    const int L = (H + 2 * P - R + 1) * (W + 2 * P - R + 1), CRR = C * R * R, D = CRR + 1;
    for (int t = 0; job.params && t < job.T; t++) {
        const float *acc = thread_col(&job, t) + (size_t)D * L; /* (K, D) */
        for (int k = 0; k < K; k++) {
            add_to(dweight + (size_t)k * CRR, acc + (size_t)k * D, (size_t)CRR);
            dbias[k] += acc[(size_t)k * D + CRR];
        }
    }
}

void nn_conv2d_forward_naive(float *out, const float *inp, const float *weight, const float *bias,
                             int N, int C, int H, int W, int K, int R, int P)
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

void nn_conv2d_backward_naive(float *dinp, float *dweight, float *dbias, const float *dout,
                              const float *inp, const float *weight, int N, int C, int H, int W,
                              int K, int R, int P)
{
    const int Ho = H + 2 * P - R + 1, Wo = W + 2 * P - R + 1;
    /* each output value out[n][k][y][x] was bias[k] + sum of weight * input, so its gradient g
     * reaches bias[k] as g, every weight it used as g * input, every input it used as
     * g * weight */
    for (int k = 0; k < K; k++) {
        double sum = 0.0;
        for (int n = 0; n < N; n++)
            for (int i = 0; i < Ho * Wo; i++)
                sum += (double)dout[((size_t)n * K + k) * Ho * Wo + i];
        dbias[k] += (float)sum;
    }
    for (int k = 0; k < K; k++)
        for (int c = 0; c < C; c++)
            for (int dy = 0; dy < R; dy++)
                for (int dx = 0; dx < R; dx++) {
                    double sum = 0.0;
                    for (int n = 0; n < N; n++)
                        for (int y = 0; y < Ho; y++)
                            for (int x = 0; x < Wo; x++) {
                                const int iy = y + dy - P, ix = x + dx - P;
                                if (iy < 0 || iy >= H || ix < 0 || ix >= W)
                                    continue;
                                sum += (double)dout[(((size_t)n * K + k) * Ho + y) * Wo + x] *
                                       (double)inp[(((size_t)n * C + c) * H + iy) * W + ix];
                            }
                    dweight[(((size_t)k * C + c) * R + dy) * R + dx] += (float)sum;
                }
    if (!dinp)
        return;
    for (int n = 0; n < N; n++)
        for (int c = 0; c < C; c++)
            for (int iy = 0; iy < H; iy++)
                for (int ix = 0; ix < W; ix++) {
                    double sum = 0.0;
                    for (int k = 0; k < K; k++)
                        for (int dy = 0; dy < R; dy++) {
                            const int y = iy - dy + P; /* the output row that read this pixel */
                            if (y < 0 || y >= Ho)
                                continue;
                            for (int dx = 0; dx < R; dx++) {
                                const int x = ix - dx + P;
                                if (x < 0 || x >= Wo)
                                    continue;
                                sum += (double)dout[(((size_t)n * K + k) * Ho + y) * Wo + x] *
                                       (double)weight[(((size_t)k * C + c) * R + dy) * R + dx];
                            }
                        }
                    dinp[(((size_t)n * C + c) * H + iy) * W + ix] += (float)sum;
                }
}
