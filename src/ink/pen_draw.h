/* pen_draw.h - a random pen that draws stroke templates on the 28 x 28 canvas and sends the
 * drawing through the app's own pipeline, for the made images (nondigit.c, madedigit.c).
 *
 * A shape is laid out about PEN_SPAN cells across on the 28-cell canvas, every point passing
 * through one random linear map (rotation x slant x aspect) about the canvas centre; the drawing
 * is then fitted and preprocessed as the app preprocesses (ink_drawing_to_input, MNIST).
 * Control points wobble a little, straight strokes are drawn as a few slightly uneven pieces,
 * curves are Catmull-Rom splines sampled every twelfth of a span.
 *
 * A template is a string of strokes separated by ';', each a letter then x y pairs of integers
 * (x to the right, y downwards, any units; the drawing is scaled to fit afterwards):
 *   L x y x y ...  a polyline with sharp corners,
 *   C x y x y ...  a smooth curve through the points (Catmull-Rom; repeat the first point at the
 *                  end to close it),
 *   D x y          a dot.
 * Randomness and trigonometry come from detrand.h and floats meet + - * / and floor only, so a
 * seed makes the same image on every machine. Nothing here prints or exits.
 */
#ifndef INK_PEN_DRAW_H
#define INK_PEN_DRAW_H

#include <stdint.h>

#include "ink/detrand.h"
#include "ink/ink.h"

#define PEN_CANVAS 28.0f
#define PEN_MID    14.0f /* the canvas centre, where shapes are laid out */
#define PEN_SPAN   20.0f /* shapes are laid out this many cells across */

typedef struct Pen {
    InkDrawing d;
    Rng rng;
    float m[4];   /* row-major 2 x 2 map applied about the canvas centre */
    float width;  /* brush diameter in cells */
    float wobble; /* largest random move of a control point, in cells */
    float aspect; /* the map's x scale (y is scaled by its inverse) */
    float slant;  /* the map's shear of x by y */
} Pen;

/* The ranges pen_random draws the pen from: each a uniform [lo, hi]. */
typedef struct PenRanges {
    float width[2], wobble[2], aspect[2], slant[2];
    float degrees; /* rotation within +-degrees */
} PenRanges;

/* An empty drawing on the canvas and the random stream `stream` (seed mixed with a constant
 * that keeps the streams of different kinds of image apart). Free with pen_finish. */
void pen_init(Pen *p, uint64_t stream);

float pen_uniform(Pen *p, float lo, float hi); /* uniform in [lo, hi) */
int pen_below(Pen *p, int n);                   /* uniform in 0..n-1 */

/* sin and cos of any angle (radians). */
void pen_sin_cos(double a, float *s, float *c);

/* The map R(angle) K(slant) S(sx, sy): scale each axis, shear x by slant y, rotate. */
void pen_map(Pen *p, double angle, float slant, float sx, float sy);

/* Draws width, wobble, aspect, slant and rotation (in that order) from r and sets the map. */
void pen_random(Pen *p, const PenRanges *r);

/* Starts a stroke; inks (x, y), given in layout cells, through the map; 0 or a negative SN_E_*. */
int pen_begin(Pen *p);
int pen_to(Pen *p, float x, float y);
/* A smooth curve through the n points of c (x, y pairs), a stroke already begun. */
int pen_curve(Pen *p, const float (*c)[2], int n);
/* One stroke of kind 'L', 'C' or 'D' through the n points of c. */
int pen_stroke(Pen *p, char kind, const float (*c)[2], int n);

#define PEN_MAX_STROKE 8  /* strokes in a shape, at most */
#define PEN_MAX_CTRL   32 /* points in a stroke, at most */

/* A template read into numbers, to draw as it is or to reshape first. */
typedef struct PenStroke {
    char kind; /* 'L', 'C' or 'D' */
    int n;
    float c[PEN_MAX_CTRL][2];
} PenStroke;

typedef struct PenShape {
    int n;
    PenStroke s[PEN_MAX_STROKE];
} PenShape;

/* Reads template t into sh; 0, or -1 when it is malformed (a stroke with no point or an odd
 * count of numbers, too many strokes or points, a letter other than L C D). */
int pen_shape_parse(const char *t, PenShape *sh);

/* Draws sh laid out PEN_SPAN cells across its longer side about the canvas centre, every
 * control point moved by up to the pen's wobble (sh is changed). 0 or a negative SN_E_* code. */
int pen_shape_draw(Pen *p, PenShape *sh);

/* pen_shape_parse then pen_shape_draw; SN_E_ARG for a malformed template. */
int pen_template(Pen *p, const char *t);

/* Sends the drawing through the app's pipeline (MNIST preprocessing) into 28 x 28 bytes (0
 * background, 255 full ink) when rc is 0, and frees it. Returns rc, else the pipeline's code. */
int pen_finish(Pen *p, int rc, uint8_t *out);

#endif
