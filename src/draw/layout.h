/* layout.h - where everything goes in the drawing app's window, as a pure function of its size.
 *
 * All sizes are in pixels (the renderer's output, which is larger than the window's size in
 * points on a HiDPI display). Landscape windows put the panel (model selector, prediction,
 * "what the network sees", the probability bars) to the right of the canvas, portrait windows
 * below it; the toolbar of on-screen controls (for a finger, a pen or the mouse), a message
 * line and a status line run along the bottom, beside the Size button and the Light, Flip it
 * and Inside switches.
 * No SDL here.
 */
#ifndef DRAW_LAYOUT_H
#define DRAW_LAYOUT_H

#define LAYOUT_CELLS 28 /* cells per side of the canvas (the network's 28 x 28 input) */
#define LAYOUT_STEPS 4  /* images in the preview row: raw, cropped, fitted, centred */
#define LAYOUT_SIZE_STEPS 4 /* the user's sizes of type and bars: normal, then 125%, 150%, 175% */

typedef struct LayoutRect {
    int x, y, w, h; /* top-left corner and size, pixels */
} LayoutRect;

/* The arithmetic every layout file shares: the smaller and the larger of two sizes, and a
 * rectangle whose negative width or height becomes 0. */
static inline int imin(int a, int b)
{
    return a < b ? a : b;
}
static inline int imax(int a, int b)
{
    return a > b ? a : b;
}
static inline LayoutRect layout_box(int x, int y, int w, int h)
{
    LayoutRect r = {x, y, imax(w, 0), imax(h, 0)};
    return r;
}

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
    LAYOUT_CONTROLS,        /* how many in the toolbar */
    /* the switch that opens the view area ("Inside"), at the bottom right beside the message
     * and status lines */
    LAYOUT_CTL_VIEWS = LAYOUT_CONTROLS,
    LAYOUT_CTL_SIZE,        /* the size of type and bars (a tap: the next size), left of
                               Replay */
    LAYOUT_CTL_THEME,       /* the switch of the light theme, left of Flip it */
    LAYOUT_CTL_FLIP,        /* the switch of "flip it" over the canvas, left of Inside */
    LAYOUT_CTL_REPLAY,      /* replays the drawing with its chart (R), left of Light */
    LAYOUT_CTL_TEACH,       /* teaches the model the user's collected drawings (U), left of
                               Size */
    LAYOUT_CTL_CHALLENGE,   /* challenge mode: opens it, the next round (Q), left of Teach */
    /* the view area's own controls, laid out only while it is open (else empty rectangles):
     * a tab per view, then the softmax view's temperature buttons */
    LAYOUT_CTL_VIEW_ACTS,
    LAYOUT_CTL_VIEW_WEIGHTS,
    LAYOUT_CTL_VIEW_SOFTMAX,
    LAYOUT_CTL_VIEW_NEAREST,
    LAYOUT_CTL_VIEW_COMPARE,
    LAYOUT_CTL_VIEW_TRAIN,
    LAYOUT_CTL_VIEW_YOURS,
    LAYOUT_CTL_VIEW_DATA,
    LAYOUT_CTL_TEMP_DOWN,
    LAYOUT_CTL_TEMP_UP,
    /* the train view's buttons, in two rows at its body's bottom: the recipes (a switch each),
     * start / pause / resume, one step, the speed (at the body's top right instead, beside
     * the state line), then the learning rate and batch size down and up, and save */
    LAYOUT_CTL_TRAIN_SEED,
    LAYOUT_CTL_TRAIN_MLP,
    LAYOUT_CTL_TRAIN_CNN,
    LAYOUT_CTL_TRAIN_RUN,
    LAYOUT_CTL_TRAIN_STEP,
    LAYOUT_CTL_TRAIN_SPEED,
    LAYOUT_CTL_TRAIN_LR_DOWN,
    LAYOUT_CTL_TRAIN_LR_UP,
    LAYOUT_CTL_TRAIN_BATCH_DOWN,
    LAYOUT_CTL_TRAIN_BATCH_UP,
    LAYOUT_CTL_TRAIN_SAVE,
    /* challenge mode's, at the bottom of its view: the teacher's yes and no, and closing it */
    LAYOUT_CTL_CH_YES,
    LAYOUT_CTL_CH_NO,
    LAYOUT_CTL_CH_CLOSE,
    LAYOUT_CTL_YOURS_USE,    /* the Yours view's buttons: the picked drawing onto the canvas, */
    LAYOUT_CTL_YOURS_DELETE, /* and out of the collection */
    /* the Data view's buttons, in a row at its body's bottom */
    LAYOUT_CTL_DATA_PREV,
    LAYOUT_CTL_DATA_NEXT,
    LAYOUT_CTL_DATA_MISTAKES,
    LAYOUT_CTL_DATA_EDIT,
    LAYOUT_ALL_CONTROLS     /* how many in all */
} LayoutControl;

/* The view area's tabs, one per view. */
#define LAYOUT_VIEW_TABS (LAYOUT_CTL_TEMP_DOWN - LAYOUT_CTL_VIEW_ACTS)
#define LAYOUT_TRAIN_BUTTONS (LAYOUT_CTL_TRAIN_SAVE + 1 - LAYOUT_CTL_TRAIN_SEED)
#define LAYOUT_TRAIN_ROWS 2 /* rows of the train view's buttons */
#define LAYOUT_TAB_PAD 24 /* a view tab's name keeps 1 / LAYOUT_TAB_PAD of its width clear
                             each side (other buttons' names 1 / 12) */

/* The views of the network's inside, shown in the view area beside the canvas. */
typedef enum LayoutView {
    LAYOUT_VIEW_NONE = 0, /* the area is closed */
    LAYOUT_VIEW_ACTS,     /* every layer's outputs as they fire */
    LAYOUT_VIEW_WEIGHTS,  /* the first layer's learned weights as images */
    LAYOUT_VIEW_SOFTMAX,  /* the softmax written out with the real numbers */
    LAYOUT_VIEW_NEAREST,  /* the training digits nearest to the drawing, and the test digits
                             that excite the picked unit most */
    LAYOUT_VIEW_COMPARE,  /* the active model's probabilities beside a second model's, and
                             their difference */
    LAYOUT_VIEW_REPLAY,   /* the replay's chart: each class's probability along the drawing
                             (R; no tab: the inside's tabs are not shown with it) */
    LAYOUT_VIEW_TRAIN,    /* training a network from random weights, live: its figures, cost
                             and test accuracy curves, and its buttons */
    LAYOUT_VIEW_CHALLENGE, /* challenge mode: the prompt, its clock, the score table (Q, or
                              the Challenge switch; no tab of its own); its buttons at the
                              bottom of its body */
    LAYOUT_VIEW_YOURS,    /* the person's own collected digits, grouped by digit */
    LAYOUT_VIEW_DATA,     /* the test images with the model's answers, its mistakes and its
                             confusion matrix */
    LAYOUT_VIEWS          /* how many, LAYOUT_VIEW_NONE included */
} LayoutView;

typedef struct Layout {
    int w, h;               /* the window, pixels */
    float scale;            /* pixels per point (1 normally, 2 on a typical HiDPI screen) */
    int size_step;          /* the user's size of type and bars, 0 .. LAYOUT_SIZE_STEPS - 1 */
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
    LayoutRect controls[LAYOUT_ALL_CONTROLS]; /* each control's hit area (its button drawn
                                             inside); the toolbar's (the first LAYOUT_CONTROLS)
                                             at least 48 px at 1920 x 1080, 48 points from
                                             about 700 points up; one row in landscape windows,
                                             two when one would make them narrow */
    LayoutView view;        /* the view the area shows, LAYOUT_VIEW_NONE when it is closed */
    LayoutRect view_area;   /* the whole view area (empty when closed): tabs, then the body */
    LayoutRect view_title;  /* one line across the area below the tabs: the view's title, at
                               font_title */
    LayoutRect view_body;   /* the view itself, below its title (view_layout.h places its
                               parts) */
    LayoutRect brush_size;  /* between the brush buttons: the brush's size */
    LayoutRect model_label; /* between the model buttons: which model of how many */
    int font_control;       /* a button's name (its key, under it, is smaller) */
    int font_big;           /* the predicted class, pixels */
    int font_normal;        /* panel text, bar labels, the selector */
    int font_small;         /* captions, message and status lines */
    int font_view;          /* the view area's text, its smallest (labels, legends, values):
                               read from the back of a classroom, at least 14 from a
                               1020 x 650 window (a 1280 x 720 screen's) up, growing with the
                               window */
    int font_title;         /* the view's title */
    int font_tab;           /* the view tabs' names, all one size: the buttons', or less so
                               the longest ("Compare") fits between a tab's padding
                               (LAYOUT_TAB_PAD) */
} Layout;

#define LAYOUT_WINDOW_W 1100 /* the window's size on a full HD screen, points */
#define LAYOUT_WINDOW_H 700

/* The window's starting size in points, *w x *h, for a screen whose usable area is uw x uh
 * points (0 x 0: unknown): LAYOUT_WINDOW_W x LAYOUT_WINDOW_H, shrunk to fit 90% of a smaller
 * screen; on a screen larger than full HD each way (a 4K one without HiDPI scaling) grown to
 * the share of it the default has of full HD, so the type is as large to the eye. */
void layout_window_size(int uw, int uh, int *w, int *h);

/* Computes the layout of a w_px x h_px window (any size from 1 x 1 up; tiny windows give tiny
 * but non-overlapping rects) at `scale` pixels per point (<= 0 counts as 1). */
Layout layout_compute(int w_px, int h_px, float scale);
/* The same with the view area open on `view` (LAYOUT_VIEW_NONE: closed, as layout_compute).
 * Landscape windows then put the canvas, the view area and the panel side by side (what is
 * drawn, what happens inside the network, what it answers), the canvas about a third of the
 * width and the panel as narrow as its bars allow; portrait windows put the view area right of
 * the canvas. The area holds a row of tabs (one per view, as high as a toolbar button at
 * least 48 points, across the area's width), the view's title on a line below them and its
 * body below that; the softmax view's body ends in its temperature buttons, the train view's
 * in two rows of its buttons (LAYOUT_TRAIN_BUTTONS, as high as the tabs), the Data view's in
 * its row of buttons. */
Layout layout_compute_view(int w_px, int h_px, float scale, LayoutView view);
/* The same at the user's size step (0: as layout_compute_view; out of range: clamped), for a
 * classroom: the text of the bottom lines, the buttons and the view area grows by
 * layout_size_factor, the toolbar's rows by its square root, and a landscape window without
 * the view area puts the panel's bars in a column of their own right of the answer and the
 * preview, so its text and bars grow (up to the factor) while the canvas gives up the width
 * (when that makes them larger: on a wide screen, 16:10 or wider; a squarer or portrait window
 * keeps its panel, which the taller toolbar and lines may make a little smaller). With the view
 * area open the lines and the toolbar grow one step at most (the views need the room) and the
 * views' own text keeps its size. */
Layout layout_compute_size(int w_px, int h_px, float scale, LayoutView view, int size_step);
/* The factor of size step k (clamped to 0 .. LAYOUT_SIZE_STEPS - 1): 1 + k / 4. */
float layout_size_factor(int k);

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

/* The band across the canvas's top where flip it says what it found (three lines of the small
 * font), and the tag at its right end that applies the flip shown: while one is shown a press
 * there applies it instead of drawing. Empty rectangles for a canvas too small for them. */
LayoutRect layout_flip_band(const Layout *l);
LayoutRect layout_flip_apply(const Layout *l);

/* The control whose hit area holds the point (pixels), or LAYOUT_CTL_NONE: between buttons, on
 * the labels and everywhere else. The toolbar keeps the layout's gap from the canvas, so no
 * control lies within layout_press_margin of it. */
LayoutControl layout_hit(const Layout *l, int px, int py);

/* 1 if view v shows the tabs of the network's inside views above it; 0 for the replay's chart,
 * which has its title at the top. */
int layout_view_has_tabs(LayoutView v);

/* 1 if the point (pixels) lies inside r. */
int layout_contains(LayoutRect r, int px, int py);

#endif
