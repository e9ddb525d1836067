/* view_unit.c - one unit up close in words (view_unit.h). */
#include "draw/view_unit.h"

#include <stdio.h>
#include <string.h>

#define TIMES "\xc3\x97"
#define SIGMA "\xce\xa3"

NnShape view_unit_input_shape(const NnModel *m, int l)
{
    const NnLayer *L = &m->layers[l];
    NnShape in = L->in;
    for (int k = l - 1; L->type == NN_LAYER_DENSE && k >= 0 && in.h == 1 && in.w == 1; k--) {
        const NnLayerType t = m->layers[k].type;
        if (t != NN_LAYER_FLATTEN && t != NN_LAYER_DROPOUT && t != NN_LAYER_ACTIVATION)
            break; /* only these keep each value where it was */
        in = m->layers[k].in;
    }
    if (in.h == 1 && in.w == 1)
        in = (NnShape){L->n_in, 1, 1};
    return in;
}

void view_unit_number(float v, char *buf, size_t n)
{
    char t[32];
    snprintf(t, sizeof t, "%.3g", (double)(v == 0.0f ? 0.0f : v)); /* no "-0" */
    if (t[0] == '-')
        snprintf(buf, n, "\xe2\x88\x92%s", t + 1);
    else
        snprintf(buf, n, "%s", t);
}

/* Which input value index i of shape `in` is: a pixel's place, a map's place or an input's
 * number. */
static void where(NnShape in, int layer, int i, char *buf, size_t n)
{
    int per = in.h * in.w, c = i / per, r = (i % per) / in.w, x = i % in.w;
    if (in.h == 1 && in.w == 1)
        snprintf(buf, n, "input %d", i + 1);
    else if (in.c == 1 && layer == 0)
        snprintf(buf, n, "row %d, col %d", r + 1, x + 1);
    else
        snprintf(buf, n, "map %d, row %d, col %d", c + 1, r + 1, x + 1);
}

int view_unit_lines(const NnModel *m, int layer, const NnUnitSum *u, float out, int off,
                    char lines[][VIEW_UNIT_LINE])
{
    const NnLayer *L = &m->layers[layer];
    NnShape in = view_unit_input_shape(m, layer);
    char a[24], b[24], c[24], w[64];
    int n = 0;
    if (u->pos >= 0)
        snprintf(lines[n++], VIEW_UNIT_LINE,
                 "Where it fires most (row %d, col %d): " SIGMA " input " TIMES
                 " weight + bias = z",
                 u->pos / L->out.w + 1, u->pos % L->out.w + 1);
    else
        snprintf(lines[n++], VIEW_UNIT_LINE,
                 SIGMA " input " TIMES " weight + bias = z, largest terms first:");
    for (int i = 0; i < u->n_top; i++) {
        const NnUnitTerm *t = &u->top[i];
        view_unit_number(t->input, a, sizeof a);
        view_unit_number(t->weight, b, sizeof b);
        view_unit_number(t->input * t->weight, c, sizeof c);
        where(in, layer, t->in_index, w, sizeof w);
        snprintf(lines[n++], VIEW_UNIT_LINE, "%s%s " TIMES " %s = %s    %s", i ? "+ " : "  ", a,
                 b, c, w);
    }
    if (u->n_terms > u->n_top) {
        view_unit_number(u->rest, a, sizeof a);
        snprintf(lines[n++], VIEW_UNIT_LINE, "+ %d more terms = %s", u->n_terms - u->n_top, a);
    }
    view_unit_number(u->bias, a, sizeof a);
    snprintf(lines[n++], VIEW_UNIT_LINE, "+ bias %s", a);
    view_unit_number(u->z, a, sizeof a);
    snprintf(lines[n++], VIEW_UNIT_LINE, "= z = %s", a);
    view_unit_number(out, b, sizeof b);
    const char *f = nn_act_name(L->act);
    if (off)
        snprintf(lines[n++], VIEW_UNIT_LINE, "knocked out: output = 0, not %s(z)", f);
    else if (L->act == NN_ACT_LINEAR)
        snprintf(lines[n++], VIEW_UNIT_LINE, "output = z = %s", b);
    else if (L->act == NN_ACT_SOFTMAX)
        snprintf(lines[n++], VIEW_UNIT_LINE, "softmax: e^z / " SIGMA " e^z = %s = output", b);
    else
        snprintf(lines[n++], VIEW_UNIT_LINE, "%s(%s) = %s = output", f, a, b);
    return n;
}
