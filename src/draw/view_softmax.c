/* view_softmax.c - the softmax view's arithmetic (view_softmax.h). */
#include "draw/view_softmax.h"

#include <math.h>

void view_softmax(const float *z, int n, float t, ViewSoftmax *o)
{
    o->n = n;
    o->t = t;
    o->max = -INFINITY;
    for (int i = 0; i < n; i++) {
        o->z[i] = z[i];
        o->scaled[i] = z[i] / t;
        o->max = fmaxf(o->max, o->scaled[i]);
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        o->e[i] = expf(o->scaled[i] - o->max);
        sum += (double)o->e[i];
    }
    o->sum = (float)sum;
    for (int i = 0; i < n; i++)
        o->p[i] = (float)((double)o->e[i] / sum);
}
