/* view_yours.h - where the person's own digits go, as pure functions of the layout: the "Label
 * it" tag and the digit buttons over the canvas, and the Yours view's parts. No SDL.
 *
 * The tag sits in the canvas's bottom right corner while there is a drawing; pressed, it
 * becomes a band across the canvas's bottom: a line of words over ten buttons, 0 to 9, each
 * with how many of that digit are collected. The Yours view's body is a column at the left, the
 * picked drawing large over its lines, and right of it a row per digit: its name and count, then
 * the images of its drawings (the newest that fit); at the bottom its two buttons (layout.c).
 */
#ifndef DRAW_VIEW_YOURS_H
#define DRAW_VIEW_YOURS_H

#include "draw/layout.h"
#include "draw/view_layout.h"

#define YOURS_DIGITS 10

/* The "Label it" tag over the canvas (empty for a canvas too small for it). */
LayoutRect view_label_tag(const Layout *l);

/* The digit buttons over the canvas. */
typedef struct PickerLayout {
    LayoutRect band;                 /* all of it, over the canvas's bottom */
    LayoutRect title;                /* one line: which digit is it? */
    LayoutRect digits[YOURS_DIGITS]; /* a button per digit, 0 at the left */
} PickerLayout;
PickerLayout view_picker_layout(const Layout *l);
/* The digit whose button holds the point (pixels), or -1. */
int view_picker_hit(const PickerLayout *p, int px, int py);

typedef struct YoursLayout {
    int font;                        /* the view's text size, pixels */
    LayoutRect big;                  /* the picked drawing's image, square */
    LayoutRect info;                 /* lines under it: what it is, what the model reads */
    LayoutRect labels[YOURS_DIGITS]; /* each row's digit and count */
    ViewBlock rows[YOURS_DIGITS];    /* each digit's newest drawings' 28 x 28 images that fit,
                                        oldest of them first (tiles 0 when none) */
    int first[YOURS_DIGITS];         /* the rank (file order among its digit's) of the row's
                                        first image */
    LayoutRect rows_area;            /* where the rows are: the words when nothing is there */
} YoursLayout;

/* The Yours view's parts in l's view body, for counts[d] drawings of each digit. */
YoursLayout view_yours_layout(const Layout *l, const int *counts);
/* The drawing whose image holds the point (pixels): returns 1 with its *digit and *rank, or 0
 * (between images, elsewhere). */
int view_yours_hit(const YoursLayout *y, int px, int py, int *digit, int *rank);

#endif
