/* nondigit.c - made non-digits (nondigit.h): letters and symbols from the stroke templates of
 * nondigit_templates.c, and scribbles made up here, drawn with a random pen through the app's
 * own pipeline.
 *
 * A shape is laid out about 20 cells across on the 28-cell canvas, every point passing through
 * one random linear map (rotation x slant x aspect) about the canvas centre; the drawing is then
 * fitted (ink_drawing_fit, INK_FIT_BOX) as a replayed drawing is, and preprocessed as the app
 * preprocesses. Control points wobble a little, straight strokes are drawn as a few slightly
 * uneven pieces, curves are Catmull-Rom splines sampled every twelfth of a span.
 * Randomness and trigonometry come from detrand.h and floats meet + - * / and floor only, so a
 * seed makes the same image on every machine.
 */
#include "ink/nondigit.h"

#include <math.h>
#include <string.h>

#include "ink/detrand.h"
#include "ink/ink.h"
#include "ink/nondigit_templates.h"
#include "ink/pipeline.h"

#define CANVAS     28.0f
#define MID        14.0f  /* the canvas centre, where shapes are laid out */
#define SPAN       20.0f  /* shapes are laid out this many cells across */
#define SHARE_LTR  0.55f  /* share of letters */
#define SHARE_SYM  0.20f  /* share of symbols; the rest are scribbles */
#define SPLINE_N   12     /* samples per span of a curve */
#define MAX_STROKE 8      /* strokes in a template, at most */
#define MAX_CTRL   32     /* points in a template's stroke, at most */
#define N_SCRIBBLE 8      /* kinds of scribble (draw_scribble) */

static const char *const kind_names[INK_ND_KINDS] = {"letter", "symbol", "scribble"};

const char *ink_nondigit_kind_name(InkNonDigitKind k)
{
    return k >= 0 && k < INK_ND_KINDS ? kind_names[k] : "?";
}

/* ---- the pen: one random map for every point, the drawing it inks ---------------------- */

typedef struct Pen {
    InkDrawing d;
    Rng rng;
    float m[4];   /* row-major 2 x 2 map applied about the canvas centre */
    float width;  /* brush diameter in cells */
    float wobble; /* largest random move of a control point, in cells */
} Pen;

static float uniform(Pen *p, float lo, float hi)
{
    return lo + (hi - lo) * rng_unit(&p->rng);
}

static int below(Pen *p, int n) /* uniform in 0..n-1 */
{
    int k = (int)(rng_unit(&p->rng) * (float)n);
    return k < n ? k : n - 1;
}

/* sin and cos of any angle (radians), reduced to [-pi, pi] for sin_cos. */
static void sin_cos_any(double a, float *s, float *c)
{
    double k = floor((a + PI) / (2.0 * PI)), sd, cd;
    sin_cos(a - k * 2.0 * PI, &sd, &cd);
    *s = (float)sd;
    *c = (float)cd;
}

/* The map R(angle) K(slant) S(sx, sy): scale each axis, shear x by slant y, rotate. */
static void pen_map(Pen *p, double angle, float slant, float sx, float sy)
{
    float s, c;
    sin_cos_any(angle, &s, &c);
    p->m[0] = c * sx;
    p->m[1] = (c * slant - s) * sy;
    p->m[2] = s * sx;
    p->m[3] = (s * slant + c) * sy;
}

static int pen_begin(Pen *p)
{
    return ink_drawing_begin_stroke(&p->d, p->width, 0);
}

/* Inks (x, y), given in layout cells, through the map; 0 or a negative SN_E_* code. */
static int pen_to(Pen *p, float x, float y)
{
    float dx = x - MID, dy = y - MID;
    int rc = ink_drawing_add_point(&p->d, MID + p->m[0] * dx + p->m[1] * dy,
                                   MID + p->m[2] * dx + p->m[3] * dy);
    return rc < 0 ? rc : 0;
}

/* A straight piece from a to b (a already inked) in pieces of about 2 cells, the inner
 * points off the line by up to a tenth of the wobble. */
static int pen_line(Pen *p, const float *a, const float *b)
{
    float dx = b[0] - a[0], dy = b[1] - a[1];
    int n = 1 + (int)(sqrtf(dx * dx + dy * dy) * 0.5f), rc = 0;
    for (int k = 1; k <= n && rc == 0; k++) {
        float t = (float)k / (float)n, w = k < n ? 0.1f * p->wobble : 0.0f;
        /* drawn before the call: a call's arguments are evaluated in no set order */
        float ox = w * rng_sym(&p->rng), oy = w * rng_sym(&p->rng);
        rc = pen_to(p, a[0] + t * dx + ox, a[1] + t * dy + oy);
    }
    return rc;
}

/* A Catmull-Rom curve through the n points of c (x, y pairs), the ends doubled. */
static int pen_curve(Pen *p, const float (*c)[2], int n)
{
    int rc = pen_to(p, c[0][0], c[0][1]);
    for (int i = 0; i + 1 < n && rc == 0; i++) {
        const float *p0 = c[i > 0 ? i - 1 : 0], *p1 = c[i], *p2 = c[i + 1];
        const float *p3 = c[i + 2 < n ? i + 2 : n - 1];
        for (int k = 1; k <= SPLINE_N && rc == 0; k++) {
            float t = (float)k / SPLINE_N, t2 = t * t, t3 = t2 * t, v[2];
            for (int e = 0; e < 2; e++)
                v[e] = 0.5f * (2.0f * p1[e] + (p2[e] - p0[e]) * t +
                               (2.0f * p0[e] - 5.0f * p1[e] + 4.0f * p2[e] - p3[e]) * t2 +
                               (3.0f * p1[e] - p0[e] - 3.0f * p2[e] + p3[e]) * t3);
            rc = pen_to(p, v[0], v[1]);
        }
    }
    return rc;
}

/* One stroke of kind 'L', 'C' or 'D' through the n points of c. */
static int pen_stroke(Pen *p, char kind, const float (*c)[2], int n)
{
    int rc = pen_begin(p);
    if (rc < 0 || n < 1)
        return rc;
    if (kind == 'C')
        return pen_curve(p, c, n);
    rc = pen_to(p, c[0][0], c[0][1]);
    for (int i = 0; i + 1 < n && kind == 'L' && rc == 0; i++)
        rc = pen_line(p, c[i], c[i + 1]);
    return rc;
}

/* ---- letters and symbols: the templates ------------------------------------------------- */

typedef struct Stroke {
    char kind;
    int n;
    float c[MAX_CTRL][2];
} Stroke;

/* Reads a template (nondigit_templates.h) into s; returns the number of strokes. */
static int parse_template(const char *t, Stroke *s)
{
    int ns = 0, have = 0, neg = 0, val = 0, in_num = 0;
    float x = 0.0f;
    for (;; t++) {
        if ((*t >= '0' && *t <= '9') || *t == '-') {
            neg = in_num ? neg : *t == '-';
            val = in_num ? val * 10 + (*t - '0') : (*t == '-' ? 0 : *t - '0');
            in_num = 1;
            continue;
        }
        if (in_num && ns > 0) {
            float v = (float)(neg ? -val : val);
            Stroke *st = &s[ns - 1];
            if (have && st->n < MAX_CTRL) {
                st->c[st->n][0] = x;
                st->c[st->n++][1] = v;
            }
            x = v;
            have = !have;
        }
        in_num = 0;
        if ((*t == 'L' || *t == 'C' || *t == 'D') && ns < MAX_STROKE) {
            s[ns].kind = *t;
            s[ns++].n = 0;
            have = 0;
        }
        if (*t == '\0')
            return ns;
    }
}

/* Draws a template laid out SPAN cells across its longer side about the canvas centre, every
 * control point moved by up to the pen's wobble. */
static int draw_template(Pen *p, const char *t)
{
    Stroke s[MAX_STROKE];
    int ns = parse_template(t, s), rc = 0;
    float lo[2] = {1e9f, 1e9f}, hi[2] = {-1e9f, -1e9f};
    for (int i = 0; i < ns; i++)
        for (int k = 0; k < s[i].n; k++)
            for (int e = 0; e < 2; e++) {
                lo[e] = fminf(lo[e], s[i].c[k][e]);
                hi[e] = fmaxf(hi[e], s[i].c[k][e]);
            }
    float ext = fmaxf(fmaxf(hi[0] - lo[0], hi[1] - lo[1]), 1.0f), sc = SPAN / ext;
    for (int i = 0; i < ns && rc == 0; i++) {
        for (int k = 0; k < s[i].n; k++)
            for (int e = 0; e < 2; e++)
                s[i].c[k][e] = MID + (s[i].c[k][e] - 0.5f * (lo[e] + hi[e])) * sc +
                               p->wobble * rng_sym(&p->rng);
        rc = pen_stroke(p, s[i].kind, (const float (*)[2])s[i].c, s[i].n);
    }
    return rc;
}

/* ---- scribbles -------------------------------------------------------------------------- */

/* A smooth curve through 5-8 random points, each in another quarter of the layout box than the
 * one before, so it turns several times across the box. */
static int scribble_curve(Pen *p)
{
    float c[8][2];
    int n = 5 + below(p, 4), q = below(p, 4);
    for (int i = 0; i < n; i++) {
        q = (q + 1 + below(p, 3)) % 4;
        c[i][0] = 4.0f + 10.0f * (float)(q % 2) + uniform(p, 0.0f, 10.0f);
        c[i][1] = 4.0f + 10.0f * (float)(q / 2) + uniform(p, 0.0f, 10.0f);
    }
    int rc = pen_begin(p);
    return rc < 0 ? rc : pen_curve(p, (const float (*)[2])c, n);
}

/* A zigzag of 5-9 sharp turns, its teeth 6-20 cells tall. */
static int scribble_zigzag(Pen *p)
{
    float c[10][2], h = uniform(p, 6.0f, SPAN);
    int n = 6 + below(p, 5);
    for (int i = 0; i < n; i++) {
        c[i][0] = 4.0f + SPAN * (float)i / (float)(n - 1) + 0.8f * rng_sym(&p->rng);
        c[i][1] = MID + (i % 2 ? 0.5f : -0.5f) * h * uniform(p, 0.7f, 1.0f);
    }
    return pen_stroke(p, 'L', (const float (*)[2])c, n);
}

/* A spiral of 2-3.5 turns out from the centre, either way round. */
static int scribble_spiral(Pen *p)
{
    float turns = uniform(p, 2.0f, 3.5f), dir = rng_unit(&p->rng) < 0.5f ? -1.0f : 1.0f;
    double a0 = 2.0 * PI * (double)rng_unit(&p->rng);
    int n = (int)(turns * 24.0f), rc = pen_begin(p);
    for (int k = 0; k <= n && rc == 0; k++) {
        float t = (float)k / (float)n, s, c;
        sin_cos_any(a0 + 2.0 * PI * (double)(dir * turns * t), &s, &c);
        rc = pen_to(p, MID + (1.0f + 9.0f * t) * c, MID + (1.0f + 9.0f * t) * s);
    }
    return rc;
}

/* A row of 3-5 loops, as a pen run along a line in circles (a prolate cycloid). */
static int scribble_loops(Pen *p)
{
    int loops = 3 + below(p, 3), n = loops * 24, rc = pen_begin(p);
    float r = uniform(p, 3.5f, 6.0f), step = SPAN / (float)(2.0 * PI * loops);
    for (int k = 0; k <= n && rc == 0; k++) {
        double a = 2.0 * PI * loops * k / n;
        float s, c;
        sin_cos_any(a, &s, &c);
        rc = pen_to(p, 4.0f + step * (float)a - r * s, MID - r * c);
    }
    return rc;
}

/* 4-7 parallel strokes, half the time crossed by a second set. */
static int scribble_hatching(Pen *p)
{
    int sets = rng_unit(&p->rng) < 0.5f ? 2 : 1, rc = 0;
    for (int set = 0; set < sets && rc == 0; set++) {
        int n = 4 + below(p, 4);
        float lean = uniform(p, -6.0f, 6.0f) + (set ? 10.0f : 0.0f);
        for (int i = 0; i < n && rc == 0; i++) {
            float x = 4.0f + SPAN * (float)i / (float)(n - 1), c[2][2];
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
    int n = 6 + below(p, 9), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        float c[1][2];
        c[0][0] = uniform(p, 4.0f, 24.0f); /* x then y: an initialiser's order is unspecified */
        c[0][1] = uniform(p, 4.0f, 24.0f);
        rc = pen_stroke(p, 'D', (const float (*)[2])c, 1);
    }
    return rc;
}

/* A filled blob: a wide pen going to and fro over a lumpy patch. */
static int scribble_blob(Pen *p)
{
    float rx = uniform(p, 5.0f, 10.0f), ry = uniform(p, 5.0f, 10.0f), gap = 0.7f * p->width;
    int rows = (int)(2.0f * ry / gap) + 1, rc = pen_begin(p);
    for (int i = 0; i < rows && rc == 0; i++) {
        float v = -1.0f + 2.0f * (float)i / (float)(rows > 1 ? rows - 1 : 1);
        float half = rx * sqrtf(fmaxf(1.0f - v * v, 0.05f)) * uniform(p, 0.8f, 1.0f);
        float side = i % 2 ? 1.0f : -1.0f;
        rc = pen_to(p, MID - side * half, MID + v * ry);
        if (rc == 0)
            rc = pen_to(p, MID + side * half, MID + v * ry + 0.3f * gap);
    }
    return rc;
}

/* Two or (three times as often) three short strokes, each bent, in their own strips of the box
 * so they stay apart. */
static int scribble_strokes(Pen *p)
{
    int n = below(p, 4) ? 3 : 2, rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        float c[3][2], strip = SPAN / (float)n, s, co;
        float x = 4.0f + strip * ((float)i + uniform(p, 0.3f, 0.7f)), y = uniform(p, 7.0f, 21.0f);
        sin_cos_any(2.0 * PI * (double)rng_unit(&p->rng), &s, &co);
        float len = uniform(p, 3.0f, 6.0f), bend = uniform(p, 1.5f, 3.0f) * (i % 2 ? 1.0f : -1.0f);
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

/* Picks the kind and the pen and draws the shape; returns the kind or a negative SN_E_* code. */
static int draw_nondigit(Pen *p)
{
    float u = rng_unit(&p->rng);
    int kind = u < SHARE_LTR                ? INK_ND_LETTER
               : u < SHARE_LTR + SHARE_SYM ? INK_ND_SYMBOL
                                           : INK_ND_SCRIBBLE;
    p->width = uniform(p, 1.5f, 3.5f);
    p->wobble = uniform(p, 0.3f, 1.0f);
    float aspect = uniform(p, 0.75f, 1.3f), slant = uniform(p, -0.3f, 0.3f);
    double angle = (double)uniform(p, -8.0f, 8.0f) * (PI / 180.0);
    if (kind == INK_ND_SCRIBBLE)
        angle = 2.0 * PI * (double)rng_unit(&p->rng);
    pen_map(p, angle, slant, aspect, 1.0f / aspect);
    int rc;
    if (kind == INK_ND_LETTER)
        rc = draw_template(p, ink_nd_letters[below(p, ink_nd_n_letters)].strokes);
    else if (kind == INK_ND_SYMBOL)
        rc = draw_template(p, ink_nd_symbols[below(p, ink_nd_n_symbols)].strokes);
    else
        rc = scribbles[below(p, N_SCRIBBLE)](p);
    return rc < 0 ? rc : kind;
}

int ink_nondigit_make(uint64_t seed, uint8_t *out, SnError *err)
{
    Pen p;
    memset(&p, 0, sizeof p);
    p.rng.s = seed ^ 0x6e6f6e6469676974u; /* "nondigit": a stream apart from augment.c's */
    ink_drawing_init(&p.d, CANVAS, CANVAS);
    int kind = draw_nondigit(&p);
    float img[INK_SIDE * INK_SIDE];
    int rc = kind < 0 ? kind : ink_drawing_to_input(&p.d, 1, img, NULL);
    ink_drawing_free(&p.d);
    if (rc < 0)
        return sn_error(err, rc, "made non-digit %llu: %s", (unsigned long long)seed,
                        rc == SN_E_NOMEM ? "out of memory" : "cannot be drawn");
    for (int i = 0; i < INK_SIDE * INK_SIDE; i++) {
        float v = img[i] * 255.0f + 0.5f;
        out[i] = (uint8_t)(v <= 0.0f ? 0.0f : (v >= 255.0f ? 255.0f : v));
    }
    return kind;
}
