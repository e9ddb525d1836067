/* calibration.c - the expected calibration error (calibration.h). */
#include "nn/calibration.h"

#include <math.h>

#define MAX_BINS 1000

double nn_calibration_error(const float *top, const uint8_t *right, int n, int bins)
{
    if (n <= 0 || bins < 1 || bins > MAX_BINS)
        return -1.0;
    double conf[MAX_BINS] = {0}, hits[MAX_BINS] = {0};
    for (int i = 0; i < n; i++) {
        int b = (int)((double)top[i] * bins);
        b = b < 0 ? 0 : b >= bins ? bins - 1 : b;
        conf[b] += (double)top[i];
        hits[b] += right[i] != 0;
    }
    /* sum of (n_b / n) |hits_b / n_b - conf_b / n_b| = sum of |hits_b - conf_b| / n */
    double ece = 0.0;
    for (int b = 0; b < bins; b++)
        ece += fabs(hits[b] - conf[b]);
    return ece / n;
}
