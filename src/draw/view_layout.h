/* view_layout.h - where the parts of a view go inside the view area's body (layout.h), for a
 * model, as a pure function of the layout: no SDL, no drawing.
 *
 * The activations and weights views are a column of blocks, each a title line over a grid of
 * tiles. A tile is a feature map (a convolution's or pooling's channel), one unit's weights as
 * an image, or, for a dense layer, one tile holding all its cells in rows. Feature maps share
 * one size per value, so pooling is seen halving them; the size is the largest that lets
 * every block fit. Below the blocks run the colour legend and the readout line (the value
 * under the mouse). While a unit is picked in the activations view, its close-up
 * (ViewCloseup) takes the blocks' place. The softmax view is a table: a row per class, with the line of the
 * formula above, the sum under it, and the temperature between its buttons at the bottom.
 * The nearest digits view (view_digits.c) is a sentence over a row of the training digits
 * nearest to the drawing, over their labels, three status lines, then a row of the picked
 * unit's best test digits under their title. The compare view (view_compare.c) is
 * a line per model (its name and answer) over a table: a row per class with both models'
 * probabilities and their difference, then a note. The Data view (view_data.c) is the model's
 * confusion matrix under a line saying what it is, then the browser: a line naming what shows,
 * the image shown beside its lines, over the view's buttons.
 */
#ifndef DRAW_VIEW_LAYOUT_H
#define DRAW_VIEW_LAYOUT_H

#include "draw/layout.h"
#include "nn/model.h"

#define VIEW_MAX_BLOCKS (NN_MAX_LAYERS + 1)
#define VIEW_SOFTMAX_COLS 5 /* class, z_i, z_i / T - m, e^(z_i / T - m), p_i */
#define VIEW_DIGIT_ROWS 1     /* rows of digits in each part of the nearest digits view */
#define VIEW_DIGITS_PER_ROW 8 /* digits a row: the body's width, so their labels read */
#define VIEW_COMPARE_COLS 4   /* class, the active model's p, the second model's p, difference */

/* One block: a layer's output (or the input), or a layer's weights. */
typedef struct ViewBlock {
    int layer;        /* the model's layer; -1: the network's input (the activations view) */
    int dense;        /* 1: one tile of cells (a dense layer's units, in rows) */
    int tiles;        /* maps, units' images or kernels; 1 for a dense layer */
    int n;            /* values in the block (tiles * rows * cols, or a dense layer's units) */
    int rows, cols;   /* values per tile (a dense layer: rows of cols cells, the last row may
                         be short) */
    int per_row;      /* tiles per row of the grid */
    int tile_w, tile_h; /* a tile's size, pixels */
    int gap;          /* between tiles, pixels */
    LayoutRect title; /* one line: the layer's name, size and activation */
    LayoutRect grid;  /* the tiles, left to right, then down */
} ViewBlock;

/* One unit up close (the activations view, while a dense layer's neuron or a convolution's
 * filter is picked): which unit, its incoming weights as images, its weighted input written out,
 * the button that knocks it out or puts it back, and a row left for the MNIST test digits that
 * excite it most (drawn by the view of those digits; nothing is drawn there otherwise). */
typedef struct ViewCloseup {
    int layer;          /* the unit's layer; -1: no close-up (every rectangle empty) */
    LayoutRect area;    /* the whole close-up, where the blocks would be */
    LayoutRect title;   /* one line: which unit (a click there goes back to every layer) */
    ViewBlock weights;  /* its incoming weights: a first dense layer's unit as the input's
                           H x W image, a deeper one as its input's maps (or a row of cells),
                           a filter as its kernels, one per input channel */
    LayoutRect sum;     /* the lines of its weighted input (view_unit.h) */
    LayoutRect knock;   /* the Knock out / Put back button */
    LayoutRect digits;  /* the row for the MNIST test digits that excite it most */
} ViewCloseup;

typedef struct ViewLayout {
    LayoutView view;
    int font;                   /* the view's text size, pixels */
    int n_blocks;
    ViewBlock blocks[VIEW_MAX_BLOCKS];
    LayoutRect legend;          /* the colour scale with its words */
    LayoutRect readout;         /* the value under the mouse, or the picked one */
    ViewCloseup closeup;        /* the picked unit up close (the activations view) */
    /* the softmax and compare views: a table, a row per class */
    LayoutRect formula;         /* the seed's softmax, with T */
    LayoutRect head;            /* the columns' names */
    int col_x[VIEW_SOFTMAX_COLS + 1]; /* the columns' left edges, and the table's right edge */
    int n_rows;
    LayoutRect rows[NN_MAX_CLASSES]; /* a row per class */
    LayoutRect sum;             /* the sum of the exponentials */
    LayoutRect temp;            /* between the temperature buttons: T and its meaning */
    /* the nearest digits view: each row of digits a block of 28 x 28 tiles */
    LayoutRect sentence;        /* two lines over the digits: what they are */
    ViewBlock near[VIEW_DIGIT_ROWS];       /* the nearest training digits, closest first */
    LayoutRect near_labels[VIEW_DIGIT_ROWS]; /* label_lines lines under each row: each
                                                digit's label and distance under it */
    int label_lines;            /* lines of each label under the images: the name or digit
                                   and its number on one, or one over the other when the
                                   tiles are too narrow for both side by side or the classes
                                   have names */
    LayoutRect status;          /* three lines: the job's progress, or what the numbers under
                                   the digits are and where the images come from */
    LayoutRect excite_title;    /* two lines: whose best test digits follow */
    ViewBlock excite[VIEW_DIGIT_ROWS];     /* the picked unit's best test digits, best first */
    LayoutRect excite_labels[VIEW_DIGIT_ROWS];
    /* the compare view (view_compare.c), over the table (head, col_x, rows) */
    LayoutRect pair[2];         /* a line per model, the active one first: its name and answer
                                   (a click on the second's compares another model) */
    LayoutRect note;            /* under the rows: what the difference is, how to compare
                                   another model, which models cannot be compared */
    /* the Data view (view_data.c): the confusion matrix over the browser */
    LayoutRect matrix_title;    /* one line: what the rows and columns are, the share right */
    LayoutRect matrix;          /* the cells with their rows' and columns' names */
    int matrix_rows, matrix_cols; /* cells: a row per class, a column per answer */
    int name_w, cell_w, cell_h; /* the rows' names' width; a cell's size (the columns' names
                                   are a row of cells over them) */
    LayoutRect data_head;       /* one line: which images show and how many */
    LayoutRect data_image;      /* the image shown, square */
    LayoutRect data_info;       /* right of it: where it is in the list, its true label, the
                                   answer, then where the images come from */
} ViewLayout;

/* The parts of the view l->view shows for model m (NULL: no model, no blocks) in l's view
 * body; in the activations view with the close-up of a unit of layer `closeup` (app_closeup;
 * -1: none). */
ViewLayout view_layout(const Layout *l, const NnModel *m, int closeup);

/* view_compare.c: the compare view's parts in body for a model of n_classes classes (v->font
 * set). */
void view_compare_layout(ViewLayout *v, LayoutRect body, int n_classes);
/* view_digits.c: the lines of the label under each image of model m's training or test images:
 * 1 for digits (the label and the number on one line); 2 for classes with names (the name, then
 * the number under it: "T-shirt/top" does not fit beside it under a small tile). NULL: 1. */
int view_label_lines(const NnModel *m);
/* view_digits.c: the nearest digits view's parts in body (v->font set), with label_lines lines
 * of label under each image (view_label_lines), two when the tiles are too narrow for one
 * (v->label_lines). */
void view_digits_layout(ViewLayout *v, LayoutRect body, int label_lines);
/* view_digits.c: the close-up's row of the test digits that excite its unit most, in r (the
 * close-up's digits): a caption at the left (about three words wide), then as many 28 x 28 tiles as fit
 * (at most VIEW_DIGIT_ROWS * VIEW_DIGITS_PER_ROW), as high as r leaves above their labels'
 * label_lines lines. */
void view_digits_row(LayoutRect r, int font, int label_lines, LayoutRect *caption, ViewBlock *row,
                     LayoutRect *labels);

/* view_data.c: the Data view's parts in body, above its buttons (from y_buttons down), for
 * a model of n_classes classes with `cols` columns of answers (a refused column: n_classes + 1)
 * whose classes have names (named: their rows' names are wider). */
void view_data_layout(ViewLayout *v, LayoutRect body, int y_buttons, int n_classes, int cols,
                      int named);
/* view_data.c: where a cell of the matrix holding `count` images lies on the activations'
 * colour scale (ink/palette.h's ink_ramp_dark): right answers (the diagonal, right = 1) at
 * VIEW_DATA_RIGHT, blue; mistakes orange, brighter the nearer count is to `most` (the largest
 * count of a mistake), from 0.5 to 0.72; 0 (the background) for none. */
#define VIEW_DATA_RIGHT (-0.75f)
float view_data_shade(int count, int right, int most);
/* view_data.c: the matrix's count in that cell is written in the theme's text colour
 * (text = 1) or its background colour (text = 0), whichever stands out more from the cell's
 * colour r, g, b in theme `theme` (a ThemeId). */
int view_data_text_on(int theme, unsigned char r, unsigned char g, unsigned char b);
/* view_data.c: the rectangle of the matrix's cell (row r, column c): r -1 is the columns'
 * names, c -1 the rows'. */
LayoutRect view_data_cell(const ViewLayout *v, int r, int c);
/* view_data.c: the cell at (px, py): returns 1 and sets *r (the true label) and *c (the
 * answer), else 0 (the names, or outside). */
int view_data_hit(const ViewLayout *v, int px, int py, int *r, int *c);

/* The first layer with weights (dense or convolution) whose weights show as images, or -1: layer
 * 0, or the first after activation or dropout layers alone, which keep each pixel where it is. */
int view_weights_layer(const NnModel *m);

/* The value at (px, py) pixels: returns 1 and sets its block's *layer and its index *unit in
 * the layer's output (C, H, W order) or weights ((out, in) or (K, C, R, R)), else 0. */
int view_layout_hit(const ViewLayout *v, int px, int py, int *layer, int *unit);

#endif
