/* test_conv.c - the convolution kernels: the im2col path forward and backward against the
 * direct loops (also with a batch shared between threads, and with the unrolled input kept
 * between the passes), a hand example, and the backward pass against central finite differences
 * of L = sum(g * out) for fixed random g, computed in double. */
#include <stdint.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/conv.h"
#include "nn/rng.h"
#include "test.h"

/* ---- convolution ---- */

typedef struct ConvShape {
    int N, C, H, W, K, R, P;
} ConvShape;

static int out_h(ConvShape s) { return s.H + 2 * s.P - s.R + 1; }
static int out_w(ConvShape s) { return s.W + 2 * s.P - s.R + 1; }
static size_t n_inp(ConvShape s) { return (size_t)s.N * s.C * s.H * s.W; }
static size_t n_weight(ConvShape s) { return (size_t)s.K * s.C * s.R * s.R; }
static size_t n_out(ConvShape s) { return (size_t)s.N * s.K * out_h(s) * out_w(s); }

TEST(conv_fast_path_equals_the_naive_direct_convolution_on_odd_shapes)
{
    NnRng rng;
    nn_rng_seed(&rng, 11);
    const int Rs[] = {1, 3, 5};
    int cases = 0;
    for (int C = 1; C <= 3; C++)
        for (int K = 1; K <= 5; K += 2)
            for (int ri = 0; ri < 3; ri++)
                for (int P = 0; P <= 2; P++) {
                    /* non-square inputs, one wider and one taller, both smaller than some R */
                    const int HW[2][2] = {{7, 5}, {4, 9}};
                    for (int h = 0; h < 2; h++) {
                        ConvShape s = {2, C, HW[h][0], HW[h][1], K + (C == 2), Rs[ri], P};
                        if (out_h(s) < 1 || out_w(s) < 1)
                            continue;
                        float *x = randn(&rng, n_inp(s), 1.0f);
                        float *w = randn(&rng, n_weight(s), 0.5f);
                        float *b = randn(&rng, (size_t)s.K, 0.5f);
                        const size_t n_col = nn_conv2d_col_size(s.N, s.C, s.H, s.W, s.K, s.R,
                                                                s.P);
                        float *col = zeros(n_col);
                        float *fast = zeros(n_out(s)), *naive = zeros(n_out(s));
                        /* forward must overwrite out, and im2col every entry of col */
                        for (size_t i = 0; i < n_out(s); i++)
                            fast[i] = NAN;
                        for (size_t i = 0; i < n_col; i++)
                            col[i] = NAN;
                        nn_conv2d_forward(fast, x, w, b, col, s.N, s.C, s.H, s.W, s.K, s.R,
                                          s.P);
                        nn_conv2d_forward_naive(naive, x, w, b, s.N, s.C, s.H, s.W, s.K, s.R,
                                                s.P);
                        double worst = 0.0;
                        for (size_t i = 0; i < n_out(s); i++) {
                            double e = fabs((double)fast[i] - (double)naive[i]) /
                                       fmax(1.0, fabs((double)naive[i]));
                            worst = e > worst ? e : worst;
                        }
                        if (!(worst < 1e-4))
                            printf("N=%d C=%d H=%d W=%d K=%d R=%d P=%d: max rel error %g\n",
                                   s.N, s.C, s.H, s.W, s.K, s.R, s.P, worst);
                        CHECK(worst < 1e-4);
                        cases++;
                        free(x), free(w), free(b), free(col), free(fast), free(naive);
                    }
                }
    CHECK(cases > 80);
}

TEST(conv_of_a_3x3_image_with_a_2x2_kernel_matches_hand_computed_values)
{
    const float x[] = {1, 2, 3,
                       4, 5, 6,
                       7, 8, 9};
    const float w[] = {1, 0,
                       -1, 2}; /* one filter */
    const float b[] = {0.5f};
    /* the scratch for the larger of the two calls, padding 1 */
    float *col = zeros(nn_conv2d_col_size(1, 1, 3, 3, 1, 2, 1));
    CHECK(nn_conv2d_col_size(1, 1, 3, 3, 1, 2, 0) <= nn_conv2d_col_size(1, 1, 3, 3, 1, 2, 1));
    /* no padding: 2 x 2 output, e.g. top-left = 1*1 + 2*0 + 4*-1 + 5*2 + 0.5 = 7.5 */
    float y[4];
    nn_conv2d_forward(y, x, w, b, col, 1, 1, 3, 3, 1, 2, 0);
    const float want[] = {7.5f, 9.5f, 13.5f, 15.5f};
    for (int i = 0; i < 4; i++)
        CHECK_NEAR(y[i], want[i], 1e-6);
    /* padding 1: 4 x 4 output, out[y][x] = 0.5 + x[y-1][x-1] - x[y][x-1] + 2 x[y][x] with
     * zeros outside; the inner 2 x 2 block is the unpadded result */
    float yp[16];
    nn_conv2d_forward(yp, x, w, b, col, 1, 1, 3, 3, 1, 2, 1);
    const float wantp[] = {2.5f,  3.5f,  4.5f,  -2.5f,
                           8.5f,  7.5f,  9.5f,  -2.5f,
                           14.5f, 13.5f, 15.5f, -2.5f,
                           0.5f,  7.5f,  8.5f,  9.5f};
    for (int i = 0; i < 16; i++)
        CHECK_NEAR(yp[i], wantp[i], 1e-6);
    float yn[16];
    nn_conv2d_forward_naive(yn, x, w, b, 1, 1, 3, 3, 1, 2, 1);
    for (int i = 0; i < 16; i++)
        CHECK_NEAR(yn[i], wantp[i], 1e-6);
    free(col);
}

/* L = sum g * conv(x, w, b), the convolution written out again in double */
static double conv_loss_d(ConvShape s, const double *x, const double *w, const double *b,
                          const float *g)
{
    const int Ho = out_h(s), Wo = out_w(s);
    double L = 0.0;
    for (int n = 0; n < s.N; n++)
        for (int k = 0; k < s.K; k++)
            for (int y = 0; y < Ho; y++)
                for (int xo = 0; xo < Wo; xo++) {
                    double z = b[k];
                    for (int c = 0; c < s.C; c++)
                        for (int dy = 0; dy < s.R; dy++)
                            for (int dx = 0; dx < s.R; dx++) {
                                int iy = y + dy - s.P, ix = xo + dx - s.P;
                                if (iy >= 0 && iy < s.H && ix >= 0 && ix < s.W)
                                    z += w[((k * s.C + c) * s.R + dy) * s.R + dx] *
                                         x[((n * s.C + c) * s.H + iy) * s.W + ix];
                            }
                    L += (double)g[((n * s.K + k) * Ho + y) * Wo + xo] * z;
                }
    return L;
}

/* Central differences of L with respect to every entry of p (n values); num gets dL/dp. */
static void conv_numeric(ConvShape s, double *x, double *w, double *b, const float *g,
                         double *p, size_t n, double *num)
{
    const double eps = 1e-4;
    for (size_t i = 0; i < n; i++) {
        double keep = p[i];
        p[i] = keep + eps;
        double lp = conv_loss_d(s, x, w, b, g);
        p[i] = keep - eps;
        double lm = conv_loss_d(s, x, w, b, g);
        p[i] = keep;
        num[i] = (lp - lm) / (2.0 * eps);
    }
}

static void conv_gradient_check(ConvShape s, uint64_t seed)
{
    NnRng rng;
    nn_rng_seed(&rng, seed);
    float *x = randn(&rng, n_inp(s), 1.0f), *w = randn(&rng, n_weight(s), 0.5f);
    float *b = randn(&rng, (size_t)s.K, 0.5f), *g = randn(&rng, n_out(s), 1.0f);
    float *col = zeros(nn_conv2d_col_size(s.N, s.C, s.H, s.W, s.K, s.R, s.P));
    float *dx = zeros(n_inp(s)), *dw = zeros(n_weight(s)), *db = zeros((size_t)s.K);
    /* dout = dL/dout = g */
    nn_conv2d_backward(dx, dw, db, col, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R, s.P);

    double *xd = to_double(x, n_inp(s)), *wd = to_double(w, n_weight(s));
    double *bd = to_double(b, (size_t)s.K);
    double *num = malloc(sizeof(double) * n_inp(s));
    double *numw = malloc(sizeof(double) * n_weight(s));
    double *numb = malloc(sizeof(double) * (size_t)s.K);
    conv_numeric(s, xd, wd, bd, g, xd, n_inp(s), num);
    conv_numeric(s, xd, wd, bd, g, wd, n_weight(s), numw);
    conv_numeric(s, xd, wd, bd, g, bd, (size_t)s.K, numb);
    double ex = rel_error(num, dx, n_inp(s)), ew = rel_error(numw, dw, n_weight(s));
    double eb = rel_error(numb, db, (size_t)s.K);
    if (!(ex < 1e-3 && ew < 1e-3 && eb < 1e-3))
        printf("C=%d H=%d W=%d K=%d R=%d P=%d: relative error input %g weight %g bias %g\n",
               s.C, s.H, s.W, s.K, s.R, s.P, ex, ew, eb);
    CHECK(ex < 1e-3);
    CHECK(ew < 1e-3);
    CHECK(eb < 1e-3);
    /* the gradients are not all zero */
    CHECK(sum_sq(dx, n_inp(s)) > 1e-6);
    CHECK(sum_sq(dw, n_weight(s)) > 1e-6);
    CHECK(sum_sq(db, (size_t)s.K) > 1e-6);
    free(x), free(w), free(b), free(g), free(col), free(dx), free(dw), free(db);
    free(xd), free(wd), free(bd), free(num), free(numw), free(numb);
}

TEST(conv_backward_matches_finite_differences_for_weights_bias_and_input)
{
    conv_gradient_check((ConvShape){2, 2, 6, 5, 3, 3, 1}, 21); /* "same" padding */
    conv_gradient_check((ConvShape){2, 3, 5, 7, 2, 3, 0}, 22); /* no padding */
    conv_gradient_check((ConvShape){2, 1, 4, 6, 4, 5, 2}, 23); /* kernel wider than the image */
    conv_gradient_check((ConvShape){2, 2, 5, 4, 3, 2, 1}, 24); /* even kernel */
    conv_gradient_check((ConvShape){2, 3, 4, 5, 2, 1, 0}, 25); /* 1 x 1, no unrolling */
    conv_gradient_check((ConvShape){2, 2, 3, 4, 2, 1, 1}, 26); /* 1 x 1 with padding */
}

TEST(conv_backward_adds_to_gradients_and_may_skip_the_input)
{
    ConvShape s = {2, 2, 5, 4, 3, 3, 1};
    NnRng rng;
    nn_rng_seed(&rng, 31);
    float *x = randn(&rng, n_inp(s), 1.0f), *w = randn(&rng, n_weight(s), 0.5f);
    float *g = randn(&rng, n_out(s), 1.0f);
    float *col = zeros(nn_conv2d_col_size(s.N, s.C, s.H, s.W, s.K, s.R, s.P));
    float *dx0 = zeros(n_inp(s)), *dw0 = zeros(n_weight(s)), *db0 = zeros((size_t)s.K);
    float *dx1 = zeros(n_inp(s)), *dw1 = zeros(n_weight(s)), *db1 = zeros((size_t)s.K);
    nn_conv2d_backward(dx0, dw0, db0, col, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    for (size_t i = 0; i < n_inp(s); i++)
        dx1[i] = 1.0f;
    for (size_t i = 0; i < n_weight(s); i++)
        dw1[i] = 2.0f;
    for (int k = 0; k < s.K; k++)
        db1[k] = 3.0f;
    nn_conv2d_backward(dx1, dw1, db1, col, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    for (size_t i = 0; i < n_inp(s); i++)
        CHECK_NEAR(dx1[i], dx0[i] + 1.0f, 1e-5);
    for (size_t i = 0; i < n_weight(s); i++)
        CHECK_NEAR(dw1[i], dw0[i] + 2.0f, 1e-5);
    for (int k = 0; k < s.K; k++)
        CHECK_NEAR(db1[k], db0[k] + 3.0f, 1e-5);
    /* without dinp the parameter gradients are the same */
    memset(dw1, 0, sizeof(float) * n_weight(s));
    memset(db1, 0, sizeof(float) * (size_t)s.K);
    nn_conv2d_backward(NULL, dw1, db1, col, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    CHECK(memcmp(dw1, dw0, sizeof(float) * n_weight(s)) == 0);
    CHECK(memcmp(db1, db0, sizeof(float) * (size_t)s.K) == 0);
    free(x), free(w), free(g), free(col), free(dx0), free(dw0), free(db0), free(dx1), free(dw1);
    free(db1);
}

/* max over i of |a[i] - b[i]| / max(1, |b[i]|) */
static double worst_error(const float *a, const float *b, size_t n)
{
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = fabs((double)a[i] - (double)b[i]) / fmax(1.0, fabs((double)b[i]));
        worst = e > worst ? e : worst;
    }
    return worst;
}

static void fill_nan(float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = NAN;
}

/* Fast forward and backward against the direct loops for one shape, with col of n_col floats
 * full of NaN beforehand and gradients that start non-zero (backward adds). Returns the worst
 * relative error over out, dinp, dweight and dbias. */
static double conv_fast_error(ConvShape s, size_t n_col, uint64_t seed)
{
    NnRng rng;
    nn_rng_seed(&rng, seed);
    float *x = randn(&rng, n_inp(s), 1.0f), *w = randn(&rng, n_weight(s), 0.5f);
    float *b = randn(&rng, (size_t)s.K, 0.5f), *g = randn(&rng, n_out(s), 1.0f);
    float *col = zeros(n_col), *y = zeros(n_out(s)), *y_ref = zeros(n_out(s));
    float *dx = randn(&rng, n_inp(s), 1.0f), *dw = randn(&rng, n_weight(s), 1.0f);
    float *db = randn(&rng, (size_t)s.K, 1.0f);
    float *dx_ref = malloc(sizeof(float) * n_inp(s)), *dw_ref = malloc(sizeof(float) * n_weight(s));
    float *db_ref = malloc(sizeof(float) * (size_t)s.K);
    memcpy(dx_ref, dx, sizeof(float) * n_inp(s));
    memcpy(dw_ref, dw, sizeof(float) * n_weight(s));
    memcpy(db_ref, db, sizeof(float) * (size_t)s.K);

    fill_nan(col, n_col);
    fill_nan(y, n_out(s));
    nn_conv2d_forward(y, x, w, b, col, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    nn_conv2d_forward_naive(y_ref, x, w, b, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    fill_nan(col, n_col); /* backward must not lean on what forward left in col */
    nn_conv2d_backward(dx, dw, db, col, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    nn_conv2d_backward_naive(dx_ref, dw_ref, db_ref, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R, s.P);

    double ey = worst_error(y, y_ref, n_out(s));
    double ex = worst_error(dx, dx_ref, n_inp(s)), ew = worst_error(dw, dw_ref, n_weight(s));
    double eb = worst_error(db, db_ref, (size_t)s.K);
    double e = fmax(fmax(ey, ex), fmax(ew, eb));
    if (!(e < 1e-4))
        printf("N=%d C=%d H=%d W=%d K=%d R=%d P=%d (%d threads): max rel error out %g dinp %g "
               "dweight %g dbias %g\n", s.N, s.C, s.H, s.W, s.K, s.R, s.P,
               nn_conv2d_threads(s.N, s.C, s.H, s.W, s.K, s.R, s.P), ey, ex, ew, eb);
    free(x), free(w), free(b), free(g), free(col), free(y), free(y_ref), free(dx), free(dw);
    free(db), free(dx_ref), free(dw_ref), free(db_ref);
    return e;
}

TEST(conv_backward_equals_the_direct_loops_on_odd_shapes)
{
    /* the odd shapes of the gradient checks and a few more, each for one and three samples */
    const ConvShape shapes[] = {
        {1, 2, 6, 5, 3, 3, 1}, {1, 3, 5, 7, 2, 3, 0}, {1, 1, 4, 6, 4, 5, 2},
        {1, 2, 5, 4, 3, 2, 1}, {1, 3, 4, 5, 2, 1, 0}, {1, 2, 3, 4, 2, 1, 1},
        {1, 1, 7, 5, 5, 5, 1}, {1, 2, 4, 9, 3, 3, 2}, {1, 3, 9, 4, 1, 4, 0},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        for (int N = 1; N <= 3; N += 2) {
            ConvShape s = shapes[i];
            s.N = N;
            size_t n_col = nn_conv2d_col_size(N, s.C, s.H, s.W, s.K, s.R, s.P);
            CHECK(conv_fast_error(s, n_col, 40 + i) < 1e-4);
        }
}

TEST(conv_shares_odd_batches_between_threads_and_matches_the_direct_loops)
{
    /* big enough that a batch of 7 is worth splitting: same-size padding (the contiguous
     * im2col) and an even kernel that grows the output (the row by row one) */
    const ConvShape shapes[] = {{7, 8, 26, 30, 16, 3, 1}, {7, 6, 27, 23, 16, 4, 2}};
    for (int i = 0; i < 2; i++) {
        const ConvShape s = shapes[i];
        const int T = nn_conv2d_threads(s.N, s.C, s.H, s.W, s.K, s.R, s.P);
        if (T < 2)
            printf("note: %d thread for a batch of 7 here (the BLAS is set to one?), so this "
                   "checks the unshared path only\n", T);
        CHECK(T >= 1 && T <= 7);
        /* the scratch for the batch itself, and one sized for a larger batch */
        const size_t n_col = nn_conv2d_col_size(s.N, s.C, s.H, s.W, s.K, s.R, s.P);
        CHECK(conv_fast_error(s, n_col, 60 + (uint64_t)i) < 1e-4);
        CHECK(conv_fast_error(s, nn_conv2d_col_size(9, s.C, s.H, s.W, s.K, s.R, s.P),
                              62 + (uint64_t)i) < 1e-4);
        /* every batch size up to 7 with the scratch sized for 7: a larger batch never needs
         * less scratch */
        for (int N = 1; N < 7; N++) {
            ConvShape sn = s;
            sn.N = N;
            CHECK(nn_conv2d_col_size(N, s.C, s.H, s.W, s.K, s.R, s.P) <= n_col);
            CHECK(conv_fast_error(sn, n_col, 64 + (uint64_t)N) < 1e-4);
        }
    }
}

TEST(conv_gives_the_same_bits_every_run)
{
    const ConvShape s = {7, 8, 26, 30, 16, 3, 1};
    NnRng rng;
    nn_rng_seed(&rng, 71);
    float *x = randn(&rng, n_inp(s), 1.0f), *w = randn(&rng, n_weight(s), 0.5f);
    float *b = randn(&rng, (size_t)s.K, 0.5f), *g = randn(&rng, n_out(s), 1.0f);
    const size_t n_col = nn_conv2d_col_size(s.N, s.C, s.H, s.W, s.K, s.R, s.P);
    float *col = zeros(n_col), *y[2], *dx[2], *dw[2], *db[2];
    for (int r = 0; r < 2; r++) {
        y[r] = zeros(n_out(s)), dx[r] = zeros(n_inp(s)), dw[r] = zeros(n_weight(s));
        db[r] = zeros((size_t)s.K);
        fill_nan(col, n_col);
        nn_conv2d_forward(y[r], x, w, b, col, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
        nn_conv2d_backward(dx[r], dw[r], db[r], col, g, x, w, s.N, s.C, s.H, s.W, s.K, s.R,
                           s.P);
    }
    CHECK(memcmp(y[0], y[1], sizeof(float) * n_out(s)) == 0);
    CHECK(memcmp(dx[0], dx[1], sizeof(float) * n_inp(s)) == 0);
    CHECK(memcmp(dw[0], dw[1], sizeof(float) * n_weight(s)) == 0);
    CHECK(memcmp(db[0], db[1], sizeof(float) * (size_t)s.K) == 0);
    for (int r = 0; r < 2; r++)
        free(y[r]), free(dx[r]), free(dw[r]), free(db[r]);
    free(x), free(w), free(b), free(g), free(col);
}

/* Keeping the unrolled samples from the forward pass for the backward pass changes nothing:
 * the same bits as unrolling again, padded or not. */
TEST(conv_with_kept_columns_gives_the_same_bits_as_without)
{
    const ConvShape shapes[] = {{6, 1, 28, 28, 8, 5, 0}, {5, 8, 12, 12, 16, 5, 0},
                                {4, 3, 9, 11, 6, 3, 1}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const ConvShape s = shapes[i];
        NnRng rng;
        nn_rng_seed(&rng, 90 + (uint64_t)i);
        float *x = randn(&rng, n_inp(s), 1.0f), *w = randn(&rng, n_weight(s), 0.5f);
        float *b = randn(&rng, (size_t)s.K, 0.5f), *g = randn(&rng, n_out(s), 1.0f);
        const size_t n_col = nn_conv2d_col_size(s.N, s.C, s.H, s.W, s.K, s.R, s.P);
        const size_t n_keep = nn_conv2d_keep_size(s.N, s.C, s.H, s.W, s.K, s.R, s.P);
        float *col = zeros(n_col), *keep = zeros(n_keep), *y[2], *dx[2], *dw[2], *db[2];
        for (int r = 0; r < 2; r++) {
            y[r] = zeros(n_out(s)), dx[r] = zeros(n_inp(s)), dw[r] = zeros(n_weight(s));
            db[r] = zeros((size_t)s.K);
            fill_nan(col, n_col);
            fill_nan(keep, n_keep);
            float *k = r ? keep : NULL;
            nn_conv2d_forward_keep(y[r], x, w, b, col, k, s.N, s.C, s.H, s.W, s.K, s.R, s.P);
            fill_nan(col, n_col); /* nothing may pass through col between the passes */
            nn_conv2d_backward_keep(dx[r], dw[r], db[r], col, k, g, x, w, s.N, s.C, s.H, s.W,
                                    s.K, s.R, s.P);
        }
        CHECK(memcmp(y[0], y[1], sizeof(float) * n_out(s)) == 0);
        CHECK(memcmp(dx[0], dx[1], sizeof(float) * n_inp(s)) == 0);
        CHECK(memcmp(dw[0], dw[1], sizeof(float) * n_weight(s)) == 0);
        CHECK(memcmp(db[0], db[1], sizeof(float) * (size_t)s.K) == 0);
        for (int r = 0; r < 2; r++)
            free(y[r]), free(dx[r]), free(dw[r]), free(db[r]);
        free(x), free(w), free(b), free(g), free(col), free(keep);
    }
}

int main(void)
{
    RUN(conv_fast_path_equals_the_naive_direct_convolution_on_odd_shapes);
    RUN(conv_of_a_3x3_image_with_a_2x2_kernel_matches_hand_computed_values);
    RUN(conv_backward_matches_finite_differences_for_weights_bias_and_input);
    RUN(conv_backward_adds_to_gradients_and_may_skip_the_input);
    RUN(conv_backward_equals_the_direct_loops_on_odd_shapes);
    RUN(conv_shares_odd_batches_between_threads_and_matches_the_direct_loops);
    RUN(conv_gives_the_same_bits_every_run);
    RUN(conv_with_kept_columns_gives_the_same_bits_as_without);
    return test_main_result();
}
