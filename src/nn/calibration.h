/* calibration.h - how far a model's confidence is from how often it is right.
 *
 * The expected calibration error (ECE) of n answers, each a top probability (the confidence)
 * and whether the answer was right: the answers fall into `bins` equal-width bins of the top
 * probability over [0, 1] (bin b holds [b/bins, (b+1)/bins), and 1 is in the last), and
 *     ECE = sum over bins b of (n_b / n) |accuracy_b - mean confidence_b|.
 * 0 for a model exactly as right as it is sure; `scratchnet eval` reports it over the labelled
 * samples the model does not refuse, with NN_ECE_BINS bins.
 */
#ifndef NN_CALIBRATION_H
#define NN_CALIBRATION_H

#include <stdint.h>

#define NN_ECE_BINS 15

/* The ECE of the n answers top[i] (each in [0, 1]) and right[i] (1 right, 0 wrong), as a
 * fraction in [0, 1], with bins bins (1 to 1000); -1 when n is 0 (no answers, no figure). */
double nn_calibration_error(const float *top, const uint8_t *right, int n, int bins);

#endif
