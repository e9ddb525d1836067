/* nondigit.c - made non-digits (nondigit.h): letters and symbols from the stroke templates of
 * nondigit_templates.c, and scribbles made up here, drawn with the random pen of pen_draw.h
 * through the app's own pipeline.
 */
#include "ink/nondigit.h"

#include <math.h>

#include "ink/nondigit_templates.h"
#include "ink/pen_draw.h"

#define SHARE_LTR  0.55f  /* share of letters */
#define SHARE_SYM  0.20f  /* share of symbols; the rest are scribbles */
#define N_SCRIBBLE 8      /* kinds of scribble (draw_scribble) */

static const char *const kind_names[INK_ND_KINDS] = {"letter", "symbol", "scribble"};

const char *ink_nondigit_kind_name(InkNonDigitKind k)
{
    return k >= 0 && k < INK_ND_KINDS ? kind_names[k] : "?";
}

/* ---- scribbles -------------------------------------------------------------------------- */

/* A smooth curve through 5-8 random points, each in another quarter of the layout box than the
 * one before, so it turns several times across the box. */
static int scribble_curve(Pen *p)
{
    float c[8][2];
    int n = 5 + pen_below(p, 4), q = pen_below(p, 4);
    for (int i = 0; i < n; i++) {
        q = (q + 1 + pen_below(p, 3)) % 4;
        c[i][0] = 4.0f + 10.0f * (float)(q % 2) + pen_uniform(p, 0.0f, 10.0f);
        c[i][1] = 4.0f + 10.0f * (float)(q / 2) + pen_uniform(p, 0.0f, 10.0f);
    }
    int rc = pen_begin(p);
    return rc < 0 ? rc : pen_curve(p, (const float (*)[2])c, n);
}

/* A zigzag of 5-9 sharp turns, its teeth 6-20 cells tall. */
static int scribble_zigzag(Pen *p)
{
    float c[10][2], h = pen_uniform(p, 6.0f, PEN_SPAN);
    int n = 6 + pen_below(p, 5);
    for (int i = 0; i < n; i++) {
        c[i][0] = 4.0f + PEN_SPAN * (float)i / (float)(n - 1) + 0.8f * rng_sym(&p->rng);
        c[i][1] = PEN_MID + (i % 2 ? 0.5f : -0.5f) * h * pen_uniform(p, 0.7f, 1.0f);
    }
    return pen_stroke(p, 'L', (const float (*)[2])c, n);
}

/* A spiral of 2-3.5 turns out from the centre, either way round. */
static int scribble_spiral(Pen *p)
{
    float turns = pen_uniform(p, 2.0f, 3.5f), dir = rng_unit(&p->rng) < 0.5f ? -1.0f : 1.0f;
    double a0 = 2.0 * PI * (double)rng_unit(&p->rng);
    int n = (int)(turns * 24.0f), rc = pen_begin(p);
    for (int k = 0; k <= n && rc == 0; k++) {
        float t = (float)k / (float)n, s, c;
        pen_sin_cos(a0 + 2.0 * PI * (double)(dir * turns * t), &s, &c);
        rc = pen_to(p, PEN_MID + (1.0f + 9.0f * t) * c, PEN_MID + (1.0f + 9.0f * t) * s);
    }
    return rc;
}

/* A row of 3-5 loops, as a pen run along a line in circles (a prolate cycloid). */
static int scribble_loops(Pen *p)
{
    int loops = 3 + pen_below(p, 3), n = loops * 24, rc = pen_begin(p);
    float r = pen_uniform(p, 3.5f, 6.0f), step = PEN_SPAN / (float)(2.0 * PI * loops);
    for (int k = 0; k <= n && rc == 0; k++) {
        double a = 2.0 * PI * loops * k / n;
        float s, c;
        pen_sin_cos(a, &s, &c);
        rc = pen_to(p, 4.0f + step * (float)a - r * s, PEN_MID - r * c);
    }
    return rc;
}

/* 4-7 parallel strokes, half the time crossed by a second set. */
static int scribble_hatching(Pen *p)
{
    int sets = rng_unit(&p->rng) < 0.5f ? 2 : 1, rc = 0;
    for (int set = 0; set < sets && rc == 0; set++) {
        int n = 4 + pen_below(p, 4);
        float lean = pen_uniform(p, -6.0f, 6.0f) + (set ? 10.0f : 0.0f);
        for (int i = 0; i < n && rc == 0; i++) {
            float x = 4.0f + PEN_SPAN * (float)i / (float)(n - 1), c[2][2];
            c[0][0] = set ? 4.0f : x - lean * 0.5f;
            c[0][1] = set ? x : 4.0f;
            c[1][0] = set ? 24.0f : x + lean * 0.5f;
            c[1][1] = set ? x + lean - 10.0f : 24.0f;
            rc = pen_stroke(p, 'L', (const float (*)[2])c, 2);
        }
    }
    return rc;
}

/* A cluster of 6-14 dots. */
static int scribble_dots(Pen *p)
{
    int n = 6 + pen_below(p, 9), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        float c[1][2];
        c[0][0] = pen_uniform(p, 4.0f, 24.0f); /* x then y: an initialiser's order is unspecified */
        c[0][1] = pen_uniform(p, 4.0f, 24.0f);
        rc = pen_stroke(p, 'D', (const float (*)[2])c, 1);
    }
    return rc;
}

/* A filled blob: a wide pen going to and fro over a lumpy patch. */
static int scribble_blob(Pen *p)
{
    float rx = pen_uniform(p, 5.0f, 10.0f), ry = pen_uniform(p, 5.0f, 10.0f), gap = 0.7f * p->width;
    int rows = (int)(2.0f * ry / gap) + 1, rc = pen_begin(p);
    for (int i = 0; i < rows && rc == 0; i++) {
        float v = -1.0f + 2.0f * (float)i / (float)(rows > 1 ? rows - 1 : 1);
        float half = rx * sqrtf(fmaxf(1.0f - v * v, 0.05f)) * pen_uniform(p, 0.8f, 1.0f);
        float side = i % 2 ? 1.0f : -1.0f;
        rc = pen_to(p, PEN_MID - side * half, PEN_MID + v * ry);
        if (rc == 0)
            rc = pen_to(p, PEN_MID + side * half, PEN_MID + v * ry + 0.3f * gap);
    }
    return rc;
}

/* Two or (three times as often) three short strokes, each bent, in their own strips of the box
 * so they stay apart. */
static int scribble_strokes(Pen *p)
{
    int n = pen_below(p, 4) ? 3 : 2, rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        float c[3][2], strip = PEN_SPAN / (float)n, s, co;
        float x = 4.0f + strip * ((float)i + pen_uniform(p, 0.3f, 0.7f)), y = pen_uniform(p, 7.0f, 21.0f);
        pen_sin_cos(2.0 * PI * (double)rng_unit(&p->rng), &s, &co);
        float len = pen_uniform(p, 3.0f, 6.0f), bend = pen_uniform(p, 1.5f, 3.0f) * (i % 2 ? 1.0f : -1.0f);
        for (int k = 0; k < 3; k++) {
            float t = (float)(k - 1), b = k == 1 ? bend : 0.0f;
            c[k][0] = x + t * len * co - b * s;
            c[k][1] = y + t * len * s + b * co;
        }
        rc = pen_begin(p);
        if (rc == 0)
            rc = pen_curve(p, (const float (*)[2])c, 3);
    }
    return rc;
}

static int (*const scribbles[N_SCRIBBLE])(Pen *) = {
    scribble_curve, scribble_zigzag, scribble_spiral, scribble_loops,
    scribble_hatching, scribble_dots, scribble_blob, scribble_strokes,
};

/* ---- the whole image -------------------------------------------------------------------- */

/* The pen of a made non-digit: letters and symbols turned by a few degrees, scribbles by any
 * angle (drawn after the rest, pen_random's map then replaced). */
static const PenRanges nondigit_pen = {
    {1.5f, 3.5f}, {0.3f, 1.0f}, {0.75f, 1.3f}, {-0.3f, 0.3f}, 8.0f,
};

/* Picks the kind and the pen and draws the shape; returns the kind or a negative SN_E_* code. */
static int draw_nondigit(Pen *p)
{
    float u = rng_unit(&p->rng);
    int kind = u < SHARE_LTR                ? INK_ND_LETTER
               : u < SHARE_LTR + SHARE_SYM ? INK_ND_SYMBOL
                                           : INK_ND_SCRIBBLE;
    pen_random(p, &nondigit_pen);
    if (kind == INK_ND_SCRIBBLE)
        pen_map(p, 2.0 * PI * (double)rng_unit(&p->rng), p->slant, p->aspect, 1.0f / p->aspect);
    int rc;
    if (kind == INK_ND_LETTER)
        rc = pen_template(p, ink_nd_letters[pen_below(p, ink_nd_n_letters)].strokes);
    else if (kind == INK_ND_SYMBOL)
        rc = pen_template(p, ink_nd_symbols[pen_below(p, ink_nd_n_symbols)].strokes);
    else
        rc = scribbles[pen_below(p, N_SCRIBBLE)](p);
    return rc < 0 ? rc : kind;
}

int ink_nondigit_make(uint64_t seed, uint8_t *out, SnError *err)
{
    Pen p;
    pen_init(&p, seed ^ 0x6e6f6e6469676974u); /* "nondigit": a stream apart from augment.c's */
    int kind = draw_nondigit(&p);
    int rc = pen_finish(&p, kind < 0 ? kind : 0, out);
    if (rc < 0)
        return sn_error(err, rc, "made non-digit %llu: %s", (unsigned long long)seed,
                        rc == SN_E_NOMEM ? "out of memory" : "cannot be drawn");
    return kind;
}
