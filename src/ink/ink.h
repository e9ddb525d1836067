/* ink.h - drawings as geometry: strokes (polylines) on a canvas, the pure data the drawing app
 * edits and the command line replays, over an optional base image.
 *
 * Coordinates are canvas cells: the canvas is width x height cells (28 x 28 for MNIST), x grows
 * to the right and y downwards, the cell (i, j) covers [j, j+1) x [i, i+1). A stroke is one
 * pen-down trace; its width is the brush diameter in cells. Eraser strokes remove ink.
 * The base image is a 28 x 28 grey image stretched over the whole canvas (on the 28 x 28 canvas
 * its pixel (i, j) is the cell (i, j)) that lies under the strokes: an image opened in the app,
 * a digit to edit. Ink strokes add to it and eraser strokes remove its ink too.
 * Nothing here touches SDL, prints or exits.
 */
#ifndef INK_INK_H
#define INK_INK_H

#include <stddef.h>

#include "common/error.h"

/* Limits on one drawing, whether drawn, loaded or passed to the library. They bound the work
 * of rasterising it: every update of the app and every prediction renders all of it, and a
 * stroke or a segment costs up to one pass over the grid. A drawing at the limits renders in
 * well under a second; a hand-drawn digit uses a few hundred points and a few strokes. */
#define INK_MAX_POINTS 10000    /* most points in one drawing, all strokes together */
#define INK_MAX_STROKES 1000    /* most strokes in one drawing */
/* A strokes file may hold more points than a drawing, as points closer than INK_MIN_STEP are
 * dropped on load: at most INK_MAX_FILE_POINTS before thinning (then INK_MAX_POINTS after). */
#define INK_MAX_FILE_POINTS (10L * INK_MAX_POINTS)
/* What parsing a strokes file may allocate is bounded before it starts (json_count_values of
 * common/json.h): each point is an array of two numbers and an optional time, each stroke at most an object of
 * three keys and their values, a few top-level keys, and at most INK_MAX_EXTRA_VALUES values
 * under a top-level key the format does not define (a comment, say). */
#define INK_MAX_EXTRA_VALUES (1L << 16)
#define INK_MAX_VALUES                                                                         \
    (4L * INK_MAX_FILE_POINTS + 8L * INK_MAX_STROKES + INK_BASE_PIXELS + INK_MAX_EXTRA_VALUES + \
     64)
/* The largest strokes file read, in bytes (12 MiB): a file at the limits above, written with
 * 100 bytes a point (two coordinates and a time of full precision, brackets and indentation),
 * needs 10 MB, and its base image at most 784 x 16 bytes more. */
#define INK_MAX_FILE_BYTES (12L << 20)
/* A point closer than this (canvas cells) to the last point kept in its stroke is dropped, on
 * input and on load: it could move the ink by at most this much, and along a smooth stroke by
 * far less (a 0.05-cell chord strays 0.0003 cells from a circle of radius 1), while a stroke
 * sampled finely (a mouse at 1000 Hz, a tablet) keeps one point per 0.05 cells of its length. */
#define INK_MIN_STEP 0.05f
/* The widest brush is a quarter of the canvas's longer side (7 cells on the 28-cell canvas;
 * the app's widest is 6): a segment then sweeps a band of the canvas, not all of it. */
#define INK_MAX_WIDTH_PER_SIDE 0.25f
#define INK_DEFAULT_WIDTH 2.5f  /* brush diameter in cells for strokes that do not give one */
#define INK_BASE_SIDE 28        /* the base image is INK_BASE_SIDE pixels a side: the network's
                                   input (INK_SIDE of preprocess.h) */
#define INK_BASE_PIXELS (INK_BASE_SIDE * INK_BASE_SIDE)

/* A point's time: milliseconds since the drawing began (its first point is drawn at 0 or
 * later), never decreasing along the drawing's points in order (stroke by stroke). A point
 * without one (read from a file without times, or added without a clock) has INK_NO_TIME. */
#define INK_NO_TIME (-1.0f)
/* The latest time a point may have, in ms (about 11.5 days): floats hold whole milliseconds
 * exactly up to 2^24 ms (4.6 hours) and to within 0.1 ms beyond. */
#define INK_MAX_TIME 1e9

typedef struct InkPoint {
    float x, y; /* canvas cells */
    float t;    /* ms since the drawing began, or INK_NO_TIME (ink_point_timed) */
} InkPoint;

typedef struct InkStroke {
    InkPoint *pts;  /* (n), owned by the stroke */
    int n;
    size_t cap;     /* points allocated (buf_grow) */
    float width;    /* brush diameter in cells */
    int erase;      /* 1 for an eraser stroke, 0 for ink */
} InkStroke;

typedef struct InkDrawing {
    InkStroke *strokes; /* (n), owned */
    int n;
    size_t cap;         /* strokes allocated (buf_grow) */
    float width, height; /* canvas size in cells */
    float *base;         /* NULL, or the base image under the strokes: (INK_BASE_SIDE,
                            INK_BASE_SIDE) grey values in 0..1, ink bright (0 = background),
                            row-major, stretched over the whole canvas; owned (malloc'd) */
} InkDrawing;

/* Starts an empty drawing (no strokes, no base image) on a width x height canvas. */
void ink_drawing_init(InkDrawing *d, float width, float height);
/* Frees all strokes and the base image; the drawing is left empty and reusable. Accepts a
 * zeroed drawing. */
void ink_drawing_free(InkDrawing *d);
/* Removes every stroke and the base image (keeps the canvas size). */
void ink_drawing_clear(InkDrawing *d);
/* Puts a copy of px (INK_BASE_PIXELS values in 0..1, ink bright, row-major) under the strokes,
 * replacing any base image; px NULL removes it. Returns 0, SN_E_ARG (d unchanged) when a value
 * is not a number in 0..1, or SN_E_NOMEM. */
int ink_drawing_set_base(InkDrawing *d, const float *px);
/* 1 if the drawing has neither strokes nor a base image. */
int ink_drawing_is_empty(const InkDrawing *d);
/* Starts a new stroke with the given brush width; returns 0, SN_E_ARG for a width that is
 * not a finite number > 0 or is wider than INK_MAX_WIDTH_PER_SIDE times the canvas's longer
 * side, SN_E_LIMIT when the drawing has INK_MAX_STROKES strokes already, or SN_E_NOMEM. */
int ink_drawing_begin_stroke(InkDrawing *d, float width, int erase);
/* Appends a point to the last stroke: returns 0 when it was added, 1 when it lies within
 * INK_MIN_STEP of the stroke's last point and was dropped, SN_E_ARG (no stroke begun, a
 * coordinate that is not finite), SN_E_LIMIT (the drawing has INK_MAX_POINTS points already)
 * or SN_E_NOMEM. */
int ink_drawing_add_point(InkDrawing *d, float x, float y);
/* The same with the point's time t (ms since the drawing began, or INK_NO_TIME): SN_E_ARG too
 * for a t that is neither INK_NO_TIME nor a finite number 0..INK_MAX_TIME. The caller keeps
 * times non-decreasing (the app's pen does; a file with decreasing times is refused). A point
 * dropped as too near the last one takes its time with it. */
int ink_drawing_add_point_at(InkDrawing *d, float x, float y, float t);
/* 1 if p has a time (t >= 0), 0 for INK_NO_TIME. */
int ink_point_timed(InkPoint p);
/* The time of the drawing's last timed point, INK_NO_TIME when no point has one. */
float ink_drawing_last_time(const InkDrawing *d);
/* Moves the last stroke out into *out (caller then owns it, frees with ink_stroke_free);
 * returns 0, or SN_E_ARG if the drawing is empty. Used for undo. */
int ink_drawing_pop_stroke(InkDrawing *d, InkStroke *out);
/* Appends a stroke, taking ownership of its points (for redo): on success *s is zeroed, so
 * freeing it afterwards is harmless; returns 0, or SN_E_LIMIT (INK_MAX_STROKES strokes
 * already) or SN_E_NOMEM, and then *s still owns its points. The points are taken as they
 * are: they were added, or loaded, under the rules above. */
int ink_drawing_push_stroke(InkDrawing *d, InkStroke *s);
/* Frees a stroke's points; accepts a zeroed stroke. */
void ink_stroke_free(InkStroke *s);
/* Total points over all strokes. */
size_t ink_drawing_points(const InkDrawing *d);
/* The widest brush d takes: INK_MAX_WIDTH_PER_SIDE times its canvas's longer side. */
float ink_widest_brush(const InkDrawing *d);
/* 1 if (x, y) is within INK_MIN_STEP of the last point of s: such a point is dropped, on input
 * and on load. */
int ink_stroke_near_last(const InkStroke *s, float x, float y);

/* 1 if a file name ends in ".json" (with a name before it): the drawing app, `scratchnet
 * predict` and the library read such a file as JSON (a strokes drawing or a model), any other
 * as an image. */
int ink_is_json_name(const char *path);

/* Places a drawing as a person would draw it on the canvas: scales it uniformly so the longer
 * side of its ink bounding box spans `box` cells and centres that box on the canvas. Points are
 * in any units on input (tablet units, pixels). Strokes keep their widths. No-op when empty,
 * when box is not a finite number > 0, or when the drawing has a base image (its strokes belong
 * where they are on the image). The bounding box is taken over ink strokes (eraser strokes
 * follow the same transform); a drawing that is a single dot is only moved. */
void ink_drawing_fit(InkDrawing *d, float box);

/* Strokes JSON: {"format":"scratchnet-strokes","version":1,"width":28,"height":28,
 * "base":{"width":28,"height":28,"pixels":[v,...]},
 * "strokes":[{"width":2.5,"erase":false,"points":[[x,y],...]},...]}.
 * A point is [x, y] or [x, y, t] with its time t in ms since the drawing began (InkPoint.t),
 * in both forms: a point written without a time reads back with INK_NO_TIME, so old files and
 * files without times load as before. A time that is not a finite number 0..INK_MAX_TIME, or
 * that is less than the time of a timed point before it in the drawing, is refused naming the
 * file and the point ("a.json: strokes[1].points[4]: time 120 is before the time 300 of the
 * point before"). Times are written as the shortest decimal that reads back to the same float.
 * "base" is optional (files without it are drawings without a base image, and a drawing
 * without one is written without it): width and height must be 28, pixels 784 numbers in 0..1,
 * row by row from the top left, 0 the background and 1 full ink, written as the shortest
 * decimal that reads back to the same float (0, 1, 0.5019608); anything else is refused naming
 * the field ("a.json: base.pixels[300]: 1.5 is not a number 0..1"). Only a strokes file has
 * one: the labelled form below has no canvas of its own for it to cover.
 * ink_drawing_to_json returns a malloc'd string (caller frees with free()), or NULL when out
 * of memory or when the drawing holds a non-finite number, a width <= 0, a base value out of
 * 0..1 or times that decrease. Floats survive a save and load bit for bit. */
char *ink_drawing_to_json(const InkDrawing *d);
/* The same with "label": label (a digit 0-9) after "format": one line of the labelled drawings
 * `scratchnet eval --drawings` reads (ink_drawing_from_json gives the label back), as the
 * personal collection (collection.h) keeps them. NULL as above, or for a label out of 0..9. */
char *ink_labelled_to_json(const InkDrawing *d, int label);
/* Parses strokes JSON; returns 0 or a negative SN_E_* code. Points closer than INK_MIN_STEP
 * to the last point kept in their stroke are dropped as they are read (in the file's units);
 * more than INK_MAX_POINTS points left, more than INK_MAX_STROKES strokes, or a stroke wider
 * than INK_MAX_WIDTH_PER_SIDE times the canvas's longer side are refused naming the file. Also
 * accepts the labelled-drawing form {"label":3,"strokes":[[[x,y],...],...]} (one JSON object per
 * line of a .jsonl file), where strokes are bare point lists in any units drawn with default_width
 * on d's canvas, and the caller usually calls ink_drawing_fit. *label (if non-NULL) is set to the
 * "label" (an integer 0-9, optional in both forms), to INK_NO_CLASS when it is null (a drawing
 * of no class: a letter, a scribble among digits) or to -1 when there is none. `where` names the
 * source in error messages ("a.json", "dev.jsonl:17"). d must be initialised; it is replaced on
 * success and left unchanged on failure. */
#define INK_NO_CLASS (-2) /* the *label of "label": null */
int ink_drawing_from_json(const char *text, const char *where, InkDrawing *d, int *label,
                          float default_width, SnError *err);
/* The labelled-drawing form of d, {"label":3,"strokes":[[[x,y],...],...]} on one line (no
 * newline), as a JSON lines file of labelled drawings holds it; label 0-9 or INK_NO_CLASS
 * ("label": null). Stroke widths are not kept (a reader draws them with its default width).
 * Returns a malloc'd string (caller frees), or NULL when out of memory, for a drawing that
 * ink_drawing_to_json refuses, one with a base image or an eraser stroke, or another label. */
char *ink_drawing_to_labelled_json(const InkDrawing *d, int label);
/* Saves atomically (temporary file in the same directory, then rename). Returns 0 or a
 * negative SN_E_* code; a drawing with non-finite points or widths <= 0 is refused. */
int ink_drawing_save(const char *path, const InkDrawing *d, SnError *err);
/* Loads a strokes file written by ink_drawing_save (or the labelled form above, then with
 * INK_DEFAULT_WIDTH strokes on d's canvas). d must be initialised (ink_drawing_init); it is
 * replaced on success and left unchanged on failure. Returns 0 or a negative SN_E_* code. */
int ink_drawing_load(const char *path, InkDrawing *d, SnError *err);

#endif
