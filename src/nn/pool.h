/* pool.h - 2 x 2 max pooling with stride 2: keeps the strongest response in each 2 x 2 block,
 * halving the image size (odd sizes drop the last row/column).
 *
 * Shapes: inp (N, C, H, W), out and argmax (N, C, H/2, W/2). argmax holds, for each output, the
 * index (y * W + x) within its input plane of the winning element, for the backward pass.
 */
#ifndef NN_POOL_H
#define NN_POOL_H

#include <stdint.h>

#include "nn/threads.h"

/* Large batches are shared out between pool's threads, by sample. */
void nn_maxpool2_forward(NnPool *pool, float *out, int32_t *argmax, const float *inp, int N, int C,
                         int H, int W);

/* Adds each dout to the input element that won (others get nothing). */
void nn_maxpool2_backward(NnPool *pool, float *dinp, const float *dout, const int32_t *argmax,
                          int N, int C, int H, int W);

#endif
