/* batchnorm.h - batch normalisation per channel: rescales each channel to mean 0 and variance 1
 * over the batch (and image positions), then applies a learned scale gamma and shift beta.
 * Keeps each layer's inputs in a steady range, which lets a deep network train faster.
 *
 * Shapes: N = batch, C = channels, S = positions per channel (H * W for images, 1 after a dense
 * layer). inp, out, xhat (N, C, S); gamma, beta, run_mean, run_var, mean, rstd (C).
 * Training uses the batch's statistics and updates the running ones:
 *   run = (1 - momentum) * run + momentum * batch  (variance unbiased: * M / (M - 1), M = N * S)
 * Inference uses the running statistics.
 */
#ifndef NN_BATCHNORM_H
#define NN_BATCHNORM_H

/* out = gamma * (inp - mean) * rstd + beta, rstd = 1 / sqrt(var + eps). In training, saves
 * xhat = (inp - mean) * rstd and the batch's mean and rstd for the backward pass. */
void nn_batchnorm_forward(float *out, float *xhat, float *mean, float *rstd, const float *inp,
                          const float *gamma, const float *beta, float *run_mean, float *run_var,
                          int N, int C, int S, float eps, float momentum, int training);

/* Given dout (training-mode forward): adds dL/dgamma and dL/dbeta (both NULL: neither, for an
 * input gradient alone) and, if dinp is non-NULL, dL/dinp. */
void nn_batchnorm_backward(float *dinp, float *dgamma, float *dbeta, const float *dout,
                           const float *xhat, const float *rstd, const float *gamma, int N, int C,
                           int S);

/* Given dout of an inference-mode forward (running statistics, constants here): adds
 * dL/dgamma and dL/dbeta (both NULL: neither) and, if dinp is non-NULL,
 * dL/dinp = dout * gamma * rstd. */
void nn_batchnorm_backward_inference(float *dinp, float *dgamma, float *dbeta, const float *dout,
                                     const float *inp, const float *gamma, const float *run_mean,
                                     const float *run_var, int N, int C, int S, float eps);

#endif
