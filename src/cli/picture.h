/* picture.h - a picture of the inside of a network as a list of shapes in pixels, built once
 * and written either as SVG (picture_svg.c) or as PNG (picture_png.c), so both files show the
 * same thing in the same place.
 *
 * A shape is a filled or outlined rectangle, a grid of coloured cells (a feature map, a unit's
 * weights as an image, a dense layer's units, a colour legend's bar) or a line of text. Text
 * sizes are pixels; text is DejaVu Sans (the fonts shipped with the drawing app), black on
 * white unless a colour is given. Building never prints; a failed allocation sets failed and
 * later shapes are dropped, so a builder checks once at the end.
 */
#ifndef CLI_PICTURE_H
#define CLI_PICTURE_H

#include <stddef.h>

#include "common/error.h"
#include "ink/palette.h"

typedef enum PicKind { PIC_RECT, PIC_CELLS, PIC_TEXT } PicKind;
typedef enum PicAnchor { PIC_START, PIC_MIDDLE, PIC_END } PicAnchor;

typedef struct PicItem {
    PicKind kind;
    int x, y;          /* rectangle and cells: top-left corner; text: its anchor on the baseline */
    int w, h;          /* rectangle and cells: size */
    InkRgb colour;     /* rectangle: its fill or outline; text: its colour */
    int outline;       /* rectangle: the width of an outline drawn inside it; 0: filled */
    /* cells: n colours (cols x rows, left to right then down; the last row may be short), each
     * cell cell_w x cell_h pixels with gap pixels of the ground between cells */
    int cols, rows, n, cell_w, cell_h, gap;
    InkRgb *cells;     /* owned */
    int size, bold;    /* text: pixels, weight */
    PicAnchor anchor;  /* text: which end (or the middle) sits at x */
    char *text;        /* owned, UTF-8 */
    char group[24];    /* what the shape is part of ("legend", "layer 3"), kept in the SVG as a
                        * data-part attribute (a copy, cut at 23 bytes); "" for none */
} PicItem;

typedef struct Picture {
    int w, h; /* pixels; the ground is white */
    PicItem *items;
    size_t n, cap;
    int failed; /* 1 once memory ran out */
} Picture;

#define PIC_BLACK ((InkRgb){34, 34, 34})
#define PIC_GREY ((InkRgb){90, 90, 90})

void pic_init(Picture *p, int w, int h);
void pic_free(Picture *p);

void pic_rect(Picture *p, int x, int y, int w, int h, InkRgb colour, int outline);
/* Copies the n colours. The grid is cols * (cell_w + gap) - gap pixels wide. */
void pic_cells(Picture *p, int x, int y, int cols, int rows, int n, int cell_w, int cell_h,
               int gap, const InkRgb *cells, const char *group);
void pic_text(Picture *p, int x, int y, int size, int bold, PicAnchor anchor, InkRgb colour,
              const char *group, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 9, 10)))
#endif
    ;

/* A colour legend: a bar of the ramp from -1 to 1, w x h pixels at (x, y), the words low, mid
 * and high under its ends and middle, and a note right of it (NULL: none). */
void pic_legend(Picture *p, int x, int y, int w, int h, InkRamp ramp, const char *low,
                const char *mid, const char *high, const char *note);

/* The picture as an SVG document (picture_svg.c): cells on a grid with gaps as rectangles, a
 * grid without gaps as one embedded PNG image drawn with hard pixel edges. Returns a string the
 * caller frees, or NULL when out of memory. */
char *pic_svg(const Picture *p);

/* The picture as w x h RGBA pixels (picture_png.c), text drawn with the fonts DejaVuSans.ttf
 * and DejaVuSans-Bold.ttf in font_dir. *rgba is malloc'd. Returns 0, or SN_E_IO when a font
 * cannot be read (err names it), or SN_E_NOMEM. */
int pic_raster(const Picture *p, const char *font_dir, unsigned char **rgba, SnError *err);

/* 1 if path ends in ".svg", 2 if in ".png" (either case), else 0. */
int pic_format(const char *path);

/* Saves the picture at path, as SVG or PNG by its ending (pic_format), atomically. Returns 0
 * or a negative code with err naming path. */
int pic_save(const Picture *p, const char *path, const char *font_dir, SnError *err);

#endif
