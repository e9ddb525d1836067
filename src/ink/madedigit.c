/* madedigit.c - made digits (madedigit.h): the templates of madedigit_templates.c with their
 * waist moved, and the 1 and the 7 built from measured random parts, drawn with the random pen
 * of pen_draw.h through the app's own pipeline.
 */
#include "ink/madedigit.h"

#include "ink/madedigit_templates.h"
#include "ink/pen_draw.h"

#include <string.h>

#define H   20.0f              /* the height a 1 or a 7 is built at */








#define RAD (float)(PI / 180.0) /* radians per degree */

/* The pen of a made digit: a little steadier than a non-digit's and leaning forward more often
 * than back (a negative slant moves the top to the right). */
static const PenRanges digit_pen = {
    {1.6f, 3.4f}, {0.2f, 0.6f}, {0.8f, 1.2f}, {-0.35f, 0.12f}, 6.0f,
};

static void sin_cos_deg(float deg, float *s, float *c)
{
    pen_sin_cos((double)(deg * RAD), s, c);
}

/* Starts a stroke of kind k in sh and adds the points (x, y pairs) of c. */
static void add_stroke(PenShape *sh, char k, const float (*c)[2], int n)
{
    PenStroke *st = &sh->s[sh->n++];
    st->kind = k;
    st->n = n;
    for (int i = 0; i < n; i++) {
        st->c[i][0] = c[i][0];
        st->c[i][1] = c[i][1];
    }
}

/* Lays sh, built as the image should show it, through the inverse of the pen's map, so that the
 * map brings it back exactly. */
static void unmap(const Pen *p, PenShape *sh)
{
    const float *m = p->m;
    float det = m[0] * m[3] - m[1] * m[2];
    for (int i = 0; i < sh->n; i++)
        for (int k = 0; k < sh->s[i].n; k++) {
            float *v = sh->s[i].c[k], x = v[0], y = v[1];
            v[0] = (m[3] * x - m[1] * y) / det;
            v[1] = (m[0] * y - m[2] * x) / det;
        }
}

/* A 1: a stem leaning -6..18 degrees (top to the right), a flag and a base serif by style. */
static void build_one(Pen *p, PenShape *sh, int style)
{
    if (style < 0)
        style = pen_below(p, 20); /* 0-6 plain, 7-13 flag, 14-16 flag and base, 17-19 base */
    float s, c, lean = pen_uniform(p, -6.0f, 18.0f);
    sin_cos_deg(lean, &s, &c);
    float pts[3][2] = {{0.0f, 0.0f}, {H * s / c, 0.0f}, {0.0f, H}}; /* flag start, top, foot */
    int flag = style >= 7 && style <= 16, base = style >= 14;
    if (flag) {
        float len = pen_uniform(p, 0.25f, 0.45f) * H, fs, fc;
        sin_cos_deg(pen_uniform(p, 25.0f, 60.0f), &fs, &fc);
        pts[0][0] = pts[1][0] - len * fc;
        pts[0][1] = len * fs;
    }
    add_stroke(sh, 'L', (const float (*)[2])pts + !flag, 3 - !flag);
    if (base) {
        float w = pen_uniform(p, 0.15f, 0.3f) * H, b[2][2] = {{-w, H}, {w, H}};
        add_stroke(sh, 'L', (const float (*)[2])b, 2);
    }
}

/* A 7: a bar from (0, 0) to the right, the stem from its right end down to the left. */
static void build_seven(Pen *p, PenShape *sh, int style)
{
    if (style < 0)
        style = pen_below(p, 20); /* 0-11 plain, 12-16 crossbar, 17-19 hook */
    float s, c, len = pen_uniform(p, 0.55f, 0.9f) * H;
    sin_cos_deg(pen_uniform(p, -8.0f, 8.0f), &s, &c);
    float r[2] = {len * c, -len * s}, foot[2] = {len * pen_uniform(p, 0.05f, 0.55f), H};
    float bow = pen_below(p, 5) < 2 ? pen_uniform(p, 0.03f, 0.08f) * H : 0.0f;
    float mid[2] = {0.5f * (r[0] + foot[0]) + bow, 0.5f * (r[1] + foot[1])};
    float bar[3][2] = {{0.0f, pen_uniform(p, 0.1f, 0.2f) * H}, {0.0f, 0.0f}, {r[0], r[1]}};
    int hook = style >= 17;
    add_stroke(sh, 'L', (const float (*)[2])bar + !hook, 3 - !hook);
    float stem[3][2] = {{r[0], r[1]}, {mid[0], mid[1]}, {foot[0], foot[1]}};
    add_stroke(sh, 'C', (const float (*)[2])stem, 3);
    if (style >= 12 && style < 17) {
        float w = pen_uniform(p, 0.15f, 0.25f) * H, cs, cc;
        sin_cos_deg(pen_uniform(p, -5.0f, 5.0f), &cs, &cc);
        float cross[2][2] = {{mid[0] - w * cc, mid[1] + w * cs}, {mid[0] + w * cc, mid[1] - w * cs}};
        add_stroke(sh, 'L', (const float (*)[2])cross, 2);
    }
}

/* Moves the waist of sh: the middle of its height goes to share w of it, the halves above and
 * below stretched to match. */
static void move_waist(PenShape *sh, float w)
{
    float lo = 1e9f, hi = -1e9f;
    for (int i = 0; i < sh->n; i++)
        for (int k = 0; k < sh->s[i].n; k++) {
            lo = sh->s[i].c[k][1] < lo ? sh->s[i].c[k][1] : lo;
            hi = sh->s[i].c[k][1] > hi ? sh->s[i].c[k][1] : hi;
        }
    float half = 0.5f * (hi - lo), mid = lo + half;
    for (int i = 0; i < sh->n; i++)
        for (int k = 0; k < sh->s[i].n; k++) {
            float *y = &sh->s[i].c[k][1];
            *y = *y < mid ? lo + (*y - lo) * w * 2.0f : lo + w * 2.0f * half + (*y - mid) * (1.0f - w) * 2.0f;
        }
}

/* One of digit's templates (the one called name, unless name is NULL), its waist moved; 0 or
 * SN_E_ARG for a malformed template or a name digit has not. */
static int from_template(Pen *p, int digit, const char *name, PenShape *sh)
{
    int n = 0;
    for (int i = 0; i < ink_md_n_templates; i++)
        n += ink_md_templates[i].digit == digit;
    for (int i = 0, k = pen_below(p, n); i < ink_md_n_templates; i++)
        if (ink_md_templates[i].digit == digit &&
            (name ? strcmp(name, ink_md_templates[i].name) == 0 : k-- == 0)) {
            if (pen_shape_parse(ink_md_templates[i].strokes, sh) < 0)
                return SN_E_ARG;
            move_waist(sh, pen_uniform(p, 0.4f, 0.6f));
            return 0;
        }
    return SN_E_ARG;
}

int ink_madedigit_make(uint64_t seed, uint8_t *out, uint8_t *label, SnError *err)
{
    Pen p;
    PenShape sh = {0};
    pen_init(&p, seed ^ 0x6d61646564696769u); /* "madedigi": a stream of its own */
    int digit = pen_below(&p, 10), rc = 0;
    pen_random(&p, &digit_pen);
    if (digit == 1 || digit == 7) {
        (digit == 1 ? build_one : build_seven)(&p, &sh, -1);
        unmap(&p, &sh);
    } else {
        rc = from_template(&p, digit, NULL, &sh);
    }
    rc = pen_finish(&p, rc < 0 ? rc : pen_shape_draw(&p, &sh), out);
    if (rc < 0)
        return sn_error(err, rc, "made digit %llu: %s", (unsigned long long)seed,
                        rc == SN_E_NOMEM ? "out of memory" : "cannot be drawn");
    *label = (uint8_t)digit;
    return 0;
}

InkMdStyle ink_madedigit_person(void)
{
    return (InkMdStyle){
        .slant_deg = 40.0f,
        .aspect = 1.45f,
        .templates = {"0-narrow", NULL, "2-loop", "3-flat", "4-open", "5-one", "6-straight",
                      NULL, "8-loops", "9-curved"},
    };
}

int ink_madedigit_styled(uint64_t seed, int digit, const InkMdStyle *st, InkDrawing *out,
                         SnError *err)
{
    if (digit < 0 || digit > 9)
        return sn_error(err, SN_E_ARG, "made digit: %d is not a digit", digit);
    Pen p;
    PenShape sh = {0};
    pen_init(&p, seed ^ 0x706572736F6E3130u); /* "person10": a stream of its own */
    /* the hand's own slant (a negative shear leans the top to the right) and a steady pen */
    float ss, sc;
    sin_cos_deg(st->slant_deg, &ss, &sc);
    const float t = ss / sc;
    const float a = st->aspect > 0.0f ? st->aspect : 1.0f;
    const PenRanges hand = {{2.4f, 2.6f}, {0.2f, 0.45f}, {0.95f * a, 1.05f * a},
                            {-t - 0.05f, -t + 0.05f}, 3.0f};
    pen_random(&p, &hand);
    int rc = 0;
    if (digit == 1)
        build_one(&p, &sh, 14); /* a flag and a foot */
    else if (digit == 7)
        build_seven(&p, &sh, 12); /* a crossbar */
    else
        rc = from_template(&p, digit, st->templates[digit], &sh);
    rc = rc < 0 ? rc : pen_shape_draw(&p, &sh);
    if (rc < 0) {
        ink_drawing_free(&p.d);
        return sn_error(err, rc, "made digit %d (%llu): %s", digit, (unsigned long long)seed,
                        rc == SN_E_NOMEM ? "out of memory" : "cannot be drawn");
    }
    *out = p.d; /* the pen's drawing becomes the caller's */
    return 0;
}
