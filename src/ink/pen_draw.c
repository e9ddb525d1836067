/* pen_draw.c - the random pen of the made images and its stroke templates (pen_draw.h). */
#include "ink/pen_draw.h"

#include <math.h>
#include <string.h>

#include "ink/pipeline.h"

#define SPLINE_N 12 /* samples per span of a curve */

void pen_init(Pen *p, uint64_t stream)
{
    memset(p, 0, sizeof *p);
    p->rng.s = stream;
    ink_drawing_init(&p->d, PEN_CANVAS, PEN_CANVAS);
}

float pen_uniform(Pen *p, float lo, float hi)
{
    return lo + (hi - lo) * rng_unit(&p->rng);
}

int pen_below(Pen *p, int n)
{
    int k = (int)(rng_unit(&p->rng) * (float)n);
    return k < n ? k : n - 1;
}

/* Reduced to [-pi, pi] for sin_cos. */
void pen_sin_cos(double a, float *s, float *c)
{
    double k = floor((a + PI) / (2.0 * PI)), sd, cd;
    sin_cos(a - k * 2.0 * PI, &sd, &cd);
    *s = (float)sd;
    *c = (float)cd;
}

void pen_map(Pen *p, double angle, float slant, float sx, float sy)
{
    float s, c;
    pen_sin_cos(angle, &s, &c);
    p->m[0] = c * sx;
    p->m[1] = (c * slant - s) * sy;
    p->m[2] = s * sx;
    p->m[3] = (s * slant + c) * sy;
}

void pen_random(Pen *p, const PenRanges *r)
{
    p->width = pen_uniform(p, r->width[0], r->width[1]);
    p->wobble = pen_uniform(p, r->wobble[0], r->wobble[1]);
    p->aspect = pen_uniform(p, r->aspect[0], r->aspect[1]);
    p->slant = pen_uniform(p, r->slant[0], r->slant[1]);
    double angle = (double)pen_uniform(p, -r->degrees, r->degrees) * (PI / 180.0);
    pen_map(p, angle, p->slant, p->aspect, 1.0f / p->aspect);
}

int pen_begin(Pen *p)
{
    return ink_drawing_begin_stroke(&p->d, p->width, 0);
}

int pen_to(Pen *p, float x, float y)
{
    float dx = x - PEN_MID, dy = y - PEN_MID;
    int rc = ink_drawing_add_point(&p->d, PEN_MID + p->m[0] * dx + p->m[1] * dy,
                                   PEN_MID + p->m[2] * dx + p->m[3] * dy);
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

/* Catmull-Rom, the ends doubled. */
int pen_curve(Pen *p, const float (*c)[2], int n)
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

int pen_stroke(Pen *p, char kind, const float (*c)[2], int n)
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

int pen_shape_parse(const char *t, PenShape *sh)
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
        if (in_num && (ns == 0 || (have && sh->s[ns - 1].n == PEN_MAX_CTRL)))
            return -1;
        if (in_num) {
            float v = (float)(neg ? -val : val);
            PenStroke *st = &sh->s[ns - 1];
            if (have) {
                st->c[st->n][0] = x;
                st->c[st->n++][1] = v;
            }
            x = v;
            have = !have;
        }
        in_num = 0;
        int letter = *t == 'L' || *t == 'C' || *t == 'D';
        if ((letter || *t == '\0') && ns > 0 && (have || sh->s[ns - 1].n == 0))
            return -1; /* the stroke before has an odd count of numbers or no point */
        sh->n = ns;
        if (*t == '\0')
            return ns > 0 ? 0 : -1;
        if ((!letter && *t != ' ' && *t != ';') || (letter && ns == PEN_MAX_STROKE))
            return -1;
        if (letter) {
            sh->s[ns].kind = *t;
            sh->s[ns++].n = 0;
            have = 0;
        }
    }
}

int pen_shape_draw(Pen *p, PenShape *sh)
{
    float lo[2] = {1e9f, 1e9f}, hi[2] = {-1e9f, -1e9f};
    int rc = 0;
    for (int i = 0; i < sh->n; i++)
        for (int k = 0; k < sh->s[i].n; k++)
            for (int e = 0; e < 2; e++) {
                lo[e] = fminf(lo[e], sh->s[i].c[k][e]);
                hi[e] = fmaxf(hi[e], sh->s[i].c[k][e]);
            }
    float ext = fmaxf(fmaxf(hi[0] - lo[0], hi[1] - lo[1]), 1.0f), sc = PEN_SPAN / ext;
    for (int i = 0; i < sh->n && rc == 0; i++) {
        PenStroke *st = &sh->s[i];
        for (int k = 0; k < st->n; k++)
            for (int e = 0; e < 2; e++)
                st->c[k][e] = PEN_MID + (st->c[k][e] - 0.5f * (lo[e] + hi[e])) * sc +
                              p->wobble * rng_sym(&p->rng);
        rc = pen_stroke(p, st->kind, (const float (*)[2])st->c, st->n);
    }
    return rc;
}

int pen_template(Pen *p, const char *t)
{
    PenShape sh;
    return pen_shape_parse(t, &sh) < 0 ? SN_E_ARG : pen_shape_draw(p, &sh);
}

int pen_finish(Pen *p, int rc, uint8_t *out)
{
    float img[INK_SIDE * INK_SIDE];
    rc = rc < 0 ? rc : ink_drawing_to_input(&p->d, 1, img, NULL);
    ink_drawing_free(&p->d);
    if (rc < 0)
        return rc;
    for (int i = 0; i < INK_SIDE * INK_SIDE; i++) {
        float v = img[i] * 255.0f + 0.5f;
        out[i] = (uint8_t)(v <= 0.0f ? 0.0f : (v >= 255.0f ? 255.0f : v));
    }
    return 0;
}
