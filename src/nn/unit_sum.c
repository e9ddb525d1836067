/* unit_sum.c - one unit's weighted input term by term (unit_sum.h). */
#include "nn/unit_sum.h"

#include <math.h>
#include <string.h>

/* Keeps the term (input, weight) among the NN_UNIT_TERMS largest |input x weight| of s. */
static void keep(NnUnitSum *s, int in_index, int w_index, float input, float weight)
{
    float a = fabsf(input * weight);
    int i = s->n_top;
    if (i == NN_UNIT_TERMS) {
        if (a <= fabsf(s->top[i - 1].input * s->top[i - 1].weight))
            return;
        i--;
    } else {
        s->n_top++;
    }
    while (i > 0 && a > fabsf(s->top[i - 1].input * s->top[i - 1].weight)) {
        s->top[i] = s->top[i - 1];
        i--;
    }
    s->top[i] = (NnUnitTerm){in_index, w_index, input, weight};
}

/* The rest: the whole sum less the named terms. */
static void finish(NnUnitSum *s, double sum)
{
    double named = 0.0;
    for (int i = 0; i < s->n_top; i++)
        named += (double)s->top[i].input * (double)s->top[i].weight;
    s->rest = (float)(sum - named);
    s->z = (float)(sum + (double)s->bias);
}

static void dense(const NnLayer *L, int o, const float *in, NnUnitSum *s)
{
    const float *w = L->weight + (size_t)o * (size_t)L->n_in;
    double sum = 0.0;
    for (int i = 0; i < L->n_in; i++) {
        sum += (double)in[i] * (double)w[i];
        keep(s, i, o * L->n_in + i, in[i], w[i]);
    }
    s->n_terms = L->n_in;
    s->bias = L->bias ? L->bias[o] : 0.0f;
    s->pos = -1;
    finish(s, sum);
}

/* Filter k's sum at output (y, x), in double; with s, its terms are kept. */
static double conv_at(const NnLayer *L, int k, const float *in, int y, int x, NnUnitSum *s)
{
    int C = L->in.c, H = L->in.h, W = L->in.w, R = L->kernel, P = L->pad;
    double sum = 0.0;
    for (int c = 0; c < C; c++)
        for (int dy = 0; dy < R; dy++)
            for (int dx = 0; dx < R; dx++) {
                int iy = y + dy - P, ix = x + dx - P;
                int wi = ((k * C + c) * R + dy) * R + dx;
                int ii = (c * H + iy) * W + ix;
                int inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
                float v = inside ? in[ii] : 0.0f;
                sum += (double)v * (double)L->weight[wi];
                if (s && inside)
                    keep(s, ii, wi, v, L->weight[wi]);
            }
    return sum;
}

static void conv(const NnLayer *L, int k, const float *in, NnUnitSum *s)
{
    int Ho = L->out.h, Wo = L->out.w, best = 0;
    double best_z = -HUGE_VAL; /* below any z (HUGE_VAL is a double, INFINITY a float) */
    for (int p = 0; p < Ho * Wo; p++) {
        double z = conv_at(L, k, in, p / Wo, p % Wo, NULL);
        if (z > best_z) {
            best_z = z;
            best = p;
        }
    }
    s->n_terms = L->in.c * L->kernel * L->kernel;
    s->bias = L->bias ? L->bias[k] : 0.0f;
    s->pos = best;
    finish(s, conv_at(L, k, in, best / Wo, best % Wo, s));
}

int nn_unit_sum(const NnModel *m, int layer, int unit, const float *in, NnUnitSum *s,
                SnError *err)
{
    memset(s, 0, sizeof *s);
    int n = nn_layer_units(m, layer);
    if (n == 0)
        return sn_error(err, SN_E_ARG, "layer %d has no units to write out", layer + 1);
    if (unit < 0 || unit >= n)
        return sn_error(err, SN_E_ARG, "layer %d has no unit %d", layer + 1, unit + 1);
    const NnLayer *L = &m->layers[layer];
    if (L->type == NN_LAYER_DENSE)
        dense(L, unit, in, s);
    else
        conv(L, unit, in, s);
    return 0;
}
