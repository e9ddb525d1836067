/* batchnorm.c - batch normalisation per channel, forward and backward.
 *
 * For channel c over its M = N * S values x:  mean = sum(x) / M,  var = sum((x - mean)^2) / M,
 *   xhat = (x - mean) * rstd,  rstd = 1 / sqrt(var + eps),  out = gamma * xhat + beta.
 * Backward, with dxhat = dout * gamma:
 *   dx = rstd / M * (M * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)),
 *   dgamma += sum(dout * xhat),  dbeta += sum(dout).
 * Inference normalises with the running statistics instead and saves nothing. Its backward
 * pass (a saliency map asks for one) has mean and rstd as constants, so only term 1 is left:
 *   dx = dout * gamma * rstd,  dgamma += sum(dout * xhat),  dbeta += sum(dout).
 */
#include "nn/batchnorm.h"

#include <math.h>
#include <stddef.h>

void nn_batchnorm_forward(float *out, float *xhat, float *mean, float *rstd, const float *inp,
                          const float *gamma, const float *beta, float *run_mean, float *run_var,
                          int N, int C, int S, float eps, float momentum, int training)
{
    const size_t M = (size_t)N * S; /* values per channel */
    for (int c = 0; c < C; c++) {
        double mu, inv;
        if (training) {
            /* two passes: the mean first, then squared deviations from it (no cancellation) */
            double sum = 0.0;
            for (int n = 0; n < N; n++) {
                const float *x = inp + ((size_t)n * C + c) * S;
                for (int s = 0; s < S; s++)
                    sum += (double)x[s];
            }
            mu = sum / (double)M;
            double sq = 0.0;
            for (int n = 0; n < N; n++) {
                const float *x = inp + ((size_t)n * C + c) * S;
                for (int s = 0; s < S; s++)
                    sq += ((double)x[s] - mu) * ((double)x[s] - mu);
            }
            const double var = sq / (double)M; /* biased: what normalises this batch */
            inv = 1.0 / sqrt(var + (double)eps);
            mean[c] = (float)mu;
            rstd[c] = (float)inv;
            /* the running variance estimates the population's, hence M / (M - 1) */
            const double unbiased = M > 1 ? var * (double)M / (double)(M - 1) : var;
            run_mean[c] = (1.0f - momentum) * run_mean[c] + momentum * (float)mu;
            run_var[c] = (1.0f - momentum) * run_var[c] + momentum * (float)unbiased;
        } else {
            mu = (double)run_mean[c];
            inv = 1.0 / sqrt((double)run_var[c] + (double)eps);
        }
        const float m = (float)mu, r = (float)inv;
        for (int n = 0; n < N; n++) {
            const size_t off = ((size_t)n * C + c) * S;
            for (int s = 0; s < S; s++) {
                const float xh = (inp[off + s] - m) * r;
                if (training)
                    xhat[off + s] = xh;
                out[off + s] = gamma[c] * xh + beta[c];
            }
        }
    }
}

void nn_batchnorm_backward(float *dinp, float *dgamma, float *dbeta, const float *dout,
                           const float *xhat, const float *rstd, const float *gamma, int N, int C,
                           int S)
{
    const size_t M = (size_t)N * S;
    for (int c = 0; c < C; c++) {
        double sum_dout = 0.0, sum_dout_xhat = 0.0;
        for (int n = 0; n < N; n++) {
            const size_t off = ((size_t)n * C + c) * S;
            for (int s = 0; s < S; s++) {
                sum_dout += (double)dout[off + s];
                sum_dout_xhat += (double)dout[off + s] * (double)xhat[off + s];
            }
        }
        if (dgamma) {
            dbeta[c] += (float)sum_dout;       /* out moves one for one with beta */
            dgamma[c] += (float)sum_dout_xhat; /* and by xhat with gamma */
        }
        if (!dinp)
            continue;
        /* dxhat = dout * gamma, so its sums are gamma times the ones above */
        const double g = (double)gamma[c];
        const double sum_dxhat = g * sum_dout, sum_dxhat_xhat = g * sum_dout_xhat;
        const double scale = (double)rstd[c] / (double)M;
        for (int n = 0; n < N; n++) {
            const size_t off = ((size_t)n * C + c) * S;
            for (int s = 0; s < S; s++) {
                const double dxhat = (double)dout[off + s] * g;
                /* term 1: x moves xhat directly */
                const double term1 = (double)M * dxhat;
                /* term 2: x moves the mean, which shifts every xhat of the channel */
                const double term2 = -sum_dxhat;
                /* term 3: x moves the variance, which rescales every xhat of the channel */
                const double term3 = -(double)xhat[off + s] * sum_dxhat_xhat;
                dinp[off + s] += (float)(scale * (term1 + term2 + term3));
            }
        }
    }
}

void nn_batchnorm_backward_inference(float *dinp, float *dgamma, float *dbeta, const float *dout,
                                     const float *inp, const float *gamma, const float *run_mean,
                                     const float *run_var, int N, int C, int S, float eps)
{
    for (int c = 0; c < C; c++) {
        /* the forward pass's own mean and rstd, rounded to float as it rounds them */
        const float m = run_mean[c], r = (float)(1.0 / sqrt((double)run_var[c] + (double)eps));
        double sum_dout = 0.0, sum_dout_xhat = 0.0;
        for (int n = 0; n < N; n++) {
            const size_t off = ((size_t)n * C + c) * S;
            for (int s = 0; s < S; s++) {
                const float xh = (inp[off + s] - m) * r;
                sum_dout += (double)dout[off + s];
                sum_dout_xhat += (double)dout[off + s] * (double)xh;
                if (dinp) /* x moves xhat by rstd, out by gamma times that */
                    dinp[off + s] += dout[off + s] * gamma[c] * r;
            }
        }
        if (dgamma) {
            dbeta[c] += (float)sum_dout;
            dgamma[c] += (float)sum_dout_xhat;
        }
    }
}
