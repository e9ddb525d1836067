/* layout.h - where everything goes in the drawing app's window, as a pure function of its size.
 *
 * All sizes are in pixels (the renderer's output, which is larger than the window's size in
 * points on a HiDPI display). Landscape windows put the panel (model selector, prediction,
 * "what the network sees", the probability bars) to the right of the canvas, portrait windows
 * below it; the toolbar of on-screen controls (for a finger, a pen or the mouse), a message
 * line and a status line run along the bottom. No SDL here.
 */
#ifndef DRAW_LAYOUT_H
#define DRAW_LAYOUT_H

#define LAYOUT_CELLS 28 /* cells per side of the canvas (the network's 28 x 28 input) */
#define LAYOUT_STEPS 4  /* images in the preview row: raw, cropped, fitted, centred */

typedef struct LayoutRect {
    int x, y, w, h; /* top-left corner and size, pixels */
} LayoutRect;

/* The on-screen controls, in the toolbar's order. What each does, its name and its key:
 * app.h (app_control_act, app_control_label, app_control_key). */
typedef enum LayoutControl {
    LAYOUT_CTL_NONE = -1,   /* no control (layout_hit on anything else) */
    LAYOUT_CTL_CLEAR = 0,
    LAYOUT_CTL_UNDO,
    LAYOUT_CTL_REDO,
    LAYOUT_CTL_ERASER,      /* the switch that makes the left button, a pen and a finger erase */
    LAYOUT_CTL_BRUSH_SMALLER,
    LAYOUT_CTL_BRUSH_LARGER,
    LAYOUT_CTL_MODEL_PREV,
    LAYOUT_CTL_MODEL_NEXT,
    LAYOUT_CTL_STEPS,
    LAYOUT_CTL_PREPROCESS,
    LAYOUT_CTL_HELP,
    LAYOUT_CONTROLS         /* how many */
} LayoutControl;

typedef struct Layout {
    int w, h;               /* the window, pixels */
    float scale;            /* pixels per point (1 normally, 2 on a typical HiDPI screen) */
    int landscape;          /* 1: panel right of the canvas; 0: panel below it */
    int gap;                /* space between blocks, pixels */
    int line;               /* width of thin lines (grid, borders), pixels, >= 1 */
    LayoutRect canvas;      /* the drawing grid: square, side a multiple of LAYOUT_CELLS */
    LayoutRect models;      /* one line: the model selector */
    LayoutRect prediction;  /* the answer, large, with its confidence */
    LayoutRect preview_title;           /* one line above the preview images */
    LayoutRect preview;                 /* the row holding the step images and their captions */
    LayoutRect steps[LAYOUT_STEPS];     /* square images inside preview, left to right */
    LayoutRect captions[LAYOUT_STEPS];  /* caption under each step image, inside preview */
    LayoutRect bars;        /* the probability bars, one row per class */
    LayoutRect message;     /* one line: hints, "saved to ...", errors */
    LayoutRect status;      /* one line: model, accuracy, timing, keys */
    LayoutRect controls[LAYOUT_CONTROLS]; /* each control's hit area (its button drawn inside),
                                             at least 48 px at 1920 x 1080, 48 points from
                                             about 700 points up; one row in landscape windows,
                                             two when one would make them narrow */
    LayoutRect brush_size;  /* between the brush buttons: the brush's size */
    LayoutRect model_label; /* between the model buttons: which model of how many */
    int font_control;       /* a button's name (its key, under it, is smaller) */
    int font_big;           /* the predicted class, pixels */
    int font_normal;        /* panel text, bar labels, the selector */
    int font_small;         /* captions, message and status lines */
} Layout;

/* Computes the layout of a w_px x h_px window (any size from 1 x 1 up; tiny windows give tiny
 * but non-overlapping rects) at `scale` pixels per point (<= 0 counts as 1). */
Layout layout_compute(int w_px, int h_px, float scale);

/* Maps a window point in pixels to canvas cells (0..LAYOUT_CELLS along each axis, fractional).
 * Returns 1 if the point lies on the canvas, 0 if outside (the cells are still computed, so a
 * stroke can leave and re-enter the canvas). */
int layout_to_cells(const Layout *l, float px, float py, float *cx, float *cy);

/* How far outside the canvas a press still starts a stroke, pixels: the empty band between
 * the canvas and everything else (the layout's gap, 2% of the window's shorter side: 21 px at
 * 1920 x 1080), so a finger or pen landing just off the edge draws while a press on the panel
 * never does. */
int layout_press_margin(const Layout *l);

/* Maps a press (pixels) to canvas cells for the start of a stroke: on the canvas as
 * layout_to_cells; within layout_press_margin of it, the nearest point of the canvas (its edge,
 * cells clamped to 0..LAYOUT_CELLS). Returns 1 if a stroke starts there, 0 if the press is
 * farther away. Points after the start are mapped with layout_to_cells and kept as they are:
 * a stroke that leaves the canvas draws up to its edge and re-enters where the pointer does. */
int layout_press_cells(const Layout *l, float px, float py, float *cx, float *cy);

/* The control whose hit area holds the point (pixels), or LAYOUT_CTL_NONE: between buttons, on
 * the labels and everywhere else. The toolbar keeps the layout's gap from the canvas, so no
 * control lies within layout_press_margin of it. */
LayoutControl layout_hit(const Layout *l, int px, int py);

/* 1 if the point (pixels) lies inside r. */
int layout_contains(LayoutRect r, int px, int py);

#endif
