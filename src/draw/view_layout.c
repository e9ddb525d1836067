/* view_layout.c - the parts of a view inside the view area's body (view_layout.h). */
#include "draw/view_layout.h"

#include <math.h>
#include <string.h>

#include "draw/view_unit.h"
#include "ink/preprocess.h"

static int iround(float v)
{
    return (int)lroundf(v);
}

int view_weights_layer(const NnModel *m)
{
    if (!m || m->n_layers < 1)
        return -1;
    /* an activation alone on the input (as imported graphs may have it) or dropout keeps every
     * pixel where it was: the layer after them still weighs the pixels */
    int l = 0;
    while (l + 1 < m->n_layers && (m->layers[l].type == NN_LAYER_ACTIVATION ||
                                   m->layers[l].type == NN_LAYER_DROPOUT))
        l++;
    const NnLayer *L = &m->layers[l];
    if (L->type == NN_LAYER_CONV2D)
        return l;
    if (L->type == NN_LAYER_DENSE && m->in_shape.c == 1 && m->in_shape.h > 1)
        return l;
    return -1;
}

/* The blocks, their sizes in values: the input and every layer that changes the values
 * (dropout passes them on at inference, flatten only reshapes), or the first layer's
 * weights. */
static void list_blocks(ViewLayout *v, const NnModel *m)
{
    v->n_blocks = 0;
    if (v->view == LAYOUT_VIEW_WEIGHTS) {
        int l = view_weights_layer(m);
        if (l < 0)
            return;
        const NnLayer *L = &m->layers[l];
        ViewBlock *b = &v->blocks[v->n_blocks++];
        *b = (ViewBlock){.layer = l};
        if (L->type == NN_LAYER_CONV2D) {
            b->tiles = L->out.c * L->in.c;
            b->rows = b->cols = L->kernel;
        } else {
            b->tiles = L->n_out;
            b->rows = m->in_shape.h;
            b->cols = m->in_shape.w;
        }
        b->n = b->tiles * b->rows * b->cols;
        return;
    }
    ViewBlock *in = &v->blocks[v->n_blocks++];
    *in = (ViewBlock){.layer = -1, .tiles = 1, .rows = INK_SIDE, .cols = INK_SIDE};
    in->n = INK_SIDE * INK_SIDE;
    for (int l = 0; l < m->n_layers && v->n_blocks < VIEW_MAX_BLOCKS; l++) {
        const NnLayer *L = &m->layers[l];
        if (L->type == NN_LAYER_DROPOUT || L->type == NN_LAYER_FLATTEN)
            continue;
        ViewBlock *b = &v->blocks[v->n_blocks++];
        *b = (ViewBlock){.layer = l, .n = L->n_out};
        if (L->out.h > 1 || L->out.w > 1) {
            b->tiles = L->out.c;
            b->rows = L->out.h;
            b->cols = L->out.w;
        } else {
            b->dense = 1;
            b->tiles = 1;
        }
    }
}

/* Sizes every block for c pixels per map value inside width w, from y down; returns the
 * height used. A dense layer's cells are larger (the last layer's largest: one row, its
 * classes, wider when they have names), a title line tl above each block, bg between blocks. */
static int place(ViewLayout *v, const NnModel *m, float c, int x, int y, int w, int tl, int bg)
{
    int y0 = y;
    for (int i = 0; i < v->n_blocks; i++) {
        ViewBlock *b = &v->blocks[i];
        if (b->dense) {
            int last = b->layer == m->n_layers - 1;
            /* the classes' cells take two thirds of the width at most, so named ones can be
             * half as wide again */
            int d = last ? imin(2 * w / imax(3 * b->n, 1), 2 * tl)
                         : imax(4, imin(iround(5.0f * c), iround(1.5f * (float)tl)));
            d = imax(d, 1);
            /* named classes ("T-shirt/top") get wider cells, up to five title lines */
            int dw = last && view_label_lines(m) == 2
                         ? imax(d, imin(w / imax(b->n, 1), 5 * tl)) : d;
            b->cols = imax(1, imin(b->n, w / dw));
            b->rows = (b->n + b->cols - 1) / b->cols;
            b->tile_w = b->cols * dw;
            b->tile_h = b->rows * d;
            b->gap = 0;
            b->per_row = 1;
        } else {
            b->tile_w = imax(1, iround(c * (float)b->cols));
            b->tile_h = imax(1, iround(c * (float)b->rows));
            b->gap = imax(2, iround(0.08f * (float)imin(b->tile_w, b->tile_h)));
            b->per_row = imax(1, imin(b->tiles, (w + b->gap) / (b->tile_w + b->gap)));
        }
        int grid_rows = (b->tiles + b->per_row - 1) / b->per_row;
        int gw = b->per_row * (b->tile_w + b->gap) - b->gap;
        int gh = grid_rows * (b->tile_h + b->gap) - b->gap;
        b->title = layout_box(x, y, w, tl);
        b->grid = layout_box(x, y + tl, gw, gh);
        y += tl + gh + bg;
    }
    return y - y0 - (v->n_blocks ? bg : 0);
}

/* The blocks in the body above the legend and readout: the largest size per value that fits
 * (found by halving the interval), at least a quarter of a pixel. */
static void blocks(ViewLayout *v, const NnModel *m, LayoutRect body, int tl)
{
    list_blocks(v, m);
    int bg = imax(2, tl / 3);
    float lo = 0.25f, hi = 64.0f;
    for (int k = 0; k < 24; k++) {
        float mid = 0.5f * (lo + hi);
        if (place(v, m, mid, body.x, body.y, body.w, tl, bg) <= body.h)
            lo = mid;
        else
            hi = mid;
    }
    place(v, m, lo, body.x, body.y, body.w, tl, bg);
}

/* The softmax table: the formula (two lines), the columns' names, a row per class, the sum
 * (two lines); the line between the temperature buttons. */
static void table(ViewLayout *v, const Layout *l, const NnModel *m, LayoutRect body)
{
    LayoutRect down = l->controls[LAYOUT_CTL_TEMP_DOWN], up = l->controls[LAYOUT_CTL_TEMP_UP];
    v->temp = layout_box(down.x + down.w, down.y, up.x - down.x - down.w, down.h);
    int fs = v->font;
    int line = iround(1.6f * (float)fs), two = iround(2.5f * (float)fs);
    int avail = down.y - body.y - l->gap / 2;
    v->n_rows = m ? imin(m->info.n_classes, NN_MAX_CLASSES) : 0;
    int rh = imin(2 * fs, (avail - line - 2 * two) / imax(v->n_rows, 1)); /* rows up to 2 lines */
    rh = imax(rh, 1);
    int y = body.y;
    v->formula = layout_box(body.x, y, body.w, two);
    y += two;
    v->head = layout_box(body.x, y, body.w, line);
    y += line;
    /* named classes ("T-shirt/top") take some of the bars' width */
    static const float frac_of[2][VIEW_SOFTMAX_COLS] = {{0.16f, 0.17f, 0.19f, 0.19f, 0.29f},
                                                        {0.22f, 0.16f, 0.18f, 0.19f, 0.25f}};
    const float *frac = frac_of[view_label_lines(m) - 1];
    float at = (float)body.x;
    for (int c = 0; c < VIEW_SOFTMAX_COLS; c++) {
        v->col_x[c] = iround(at);
        at += frac[c] * (float)body.w;
    }
    v->col_x[VIEW_SOFTMAX_COLS] = body.x + body.w;
    for (int i = 0; i < v->n_rows; i++)
        v->rows[i] = layout_box(body.x, y + i * rh, body.w, rh);
    y += v->n_rows * rh;
    v->sum = layout_box(body.x, y, body.w, two);
}

/* The shape a unit of layer l's incoming weights show in (closeup.weights): a filter's
 * kernels, one per input channel; a neuron's weights as its input's maps (looking through the
 * flatten and dropout before it), or a block of cells when its input has no maps. */
static void weights_shape(ViewBlock *b, const NnModel *m, int l)
{
    const NnLayer *L = &m->layers[l];
    *b = (ViewBlock){.layer = l, .tiles = 1};
    if (L->type == NN_LAYER_CONV2D) {
        b->tiles = L->in.c;
        b->rows = b->cols = L->kernel;
        b->n = b->tiles * b->rows * b->cols;
        return;
    }
    NnShape in = view_unit_input_shape(m, l);
    b->n = L->n_in;
    if (in.h > 1 || in.w > 1) {
        b->tiles = in.c;
        b->rows = in.h;
        b->cols = in.w;
    } else {
        b->dense = 1;
    }
}

/* Sizes block b's tiles (or a dense block's square cells) as large as fit in r, from its
 * top-left corner. */
static void fit(ViewBlock *b, LayoutRect r)
{
    float best = 0.0f;
    int best_n = 1;
    int most = b->dense ? b->n : b->tiles;
    for (int k = 1; k <= most; k++) { /* k cells (dense) or tiles per row */
        int rows = (most + k - 1) / k;
        float c;
        if (b->dense) {
            c = fminf((float)r.w / (float)k, (float)r.h / (float)rows);
            c = floorf(c);
        } else {
            float gw = 0.08f * (float)b->cols, gh = 0.08f * (float)b->rows;
            c = fminf((float)r.w / ((float)k * ((float)b->cols + gw)),
                      (float)r.h / ((float)rows * ((float)b->rows + gh)));
        }
        if (c > best) {
            best = c;
            best_n = k;
        }
    }
    best = fmaxf(best, 1.0f);
    if (b->dense) {
        int d = (int)best;
        b->cols = best_n;
        b->rows = (b->n + best_n - 1) / best_n;
        b->tile_w = b->cols * d;
        b->tile_h = b->rows * d;
        b->gap = 0;
        b->per_row = 1;
    } else {
        b->tile_w = imax(1, (int)(best * (float)b->cols));
        b->tile_h = imax(1, (int)(best * (float)b->rows));
        b->gap = imax(2, iround(0.08f * best * (float)imin(b->cols, b->rows)));
        b->per_row = best_n;
    }
    int grid_rows = (b->tiles + b->per_row - 1) / b->per_row;
    b->grid = layout_box(r.x, r.y, b->per_row * (b->tile_w + b->gap) - b->gap,
                   grid_rows * (b->tile_h + b->gap) - b->gap);
}

/* The close-up of a unit of layer `layer` in r, in place of the blocks: the title line (a
 * click there goes back to every layer); the weights left, the sum's lines right with the
 * button under them; the row for the digits at the bottom. */
static void closeup(ViewLayout *v, const NnModel *m, int layer, LayoutRect r, int gap)
{
    ViewCloseup *c = &v->closeup;
    int fs = v->font, tl = iround(1.6f * (float)fs);
    int knock_h = iround(1.8f * (float)fs), digits_h = imin(iround(4.0f * (float)fs), r.h / 5);
    c->layer = layer;
    c->area = r;
    c->title = layout_box(r.x, r.y, r.w, tl);
    c->digits = layout_box(r.x, r.y + r.h - digits_h, r.w, digits_h);
    int my = r.y + tl + gap / 2, mh = c->digits.y - gap / 2 - my;
    int ww = imin(r.w / 4, mh);
    weights_shape(&c->weights, m, layer);
    fit(&c->weights, layout_box(r.x, my, ww, mh));
    int sx = r.x + ww + gap;
    int sum_h = imin(iround(1.4f * VIEW_UNIT_LINE_HEIGHT * (float)fs) * (VIEW_UNIT_LINES + 1),
                     mh - knock_h - gap / 2);
    c->sum = layout_box(sx, my, r.x + r.w - sx, sum_h);
    c->knock = layout_box(sx, c->sum.y + c->sum.h + gap / 2, imin(c->sum.w, 12 * fs), knock_h);
}

ViewLayout view_layout(const Layout *l, const NnModel *m, int closeup_layer)
{
    ViewLayout v;
    memset(&v, 0, sizeof v);
    v.view = l->view;
    v.closeup.layer = -1;
    v.font = l->font_view;
    LayoutRect body = l->view_body;
    if (!v.view || v.view == LAYOUT_VIEW_TRAIN || body.w < 1 || body.h < 1)
        return v; /* the train view places its own parts (view_train.h) */
    if (v.view == LAYOUT_VIEW_SOFTMAX) {
        table(&v, l, m, body);
        return v;
    }
    if (v.view == LAYOUT_VIEW_NEAREST) {
        view_digits_layout(&v, body, view_label_lines(m));
        return v;
    }
    if (v.view == LAYOUT_VIEW_COMPARE) {
        view_compare_layout(&v, body, m ? m->info.n_classes : 0);
        return v;
    }
    if (v.view == LAYOUT_VIEW_YOURS) /* its parts: view_yours.h */
        return v;
    if (v.view == LAYOUT_VIEW_DATA) {
        int n = m ? m->info.n_classes : 10, rule = m && m->info.refuse_below > 0.0f;
        view_data_layout(&v, body, l->controls[LAYOUT_CTL_DATA_PREV].y, n, n + rule,
                         view_label_lines(m) == 2);
        return v;
    }
    int line = iround(1.5f * (float)v.font);
    v.readout = layout_box(body.x, body.y + body.h - line, body.w, line);
    /* the scale, and two lines of its note; three for the weights' longer notes */
    int up_close = m && v.view == LAYOUT_VIEW_ACTS && closeup_layer >= 0 &&
                   closeup_layer < m->n_layers;
    int notes = v.view == LAYOUT_VIEW_WEIGHTS || up_close ? 3 : 2;
    int legend_h = iround((1.2f * (float)notes + 0.2f) * (float)v.font);
    v.legend = layout_box(body.x, v.readout.y - legend_h, body.w, legend_h);
    if (m) {
        LayoutRect top = layout_box(body.x, body.y, body.w, v.legend.y - body.y - l->gap / 2);
        if (up_close)
            closeup(&v, m, closeup_layer, top, l->gap);
        else
            blocks(&v, m, top, iround(1.2f * (float)v.font));
    }
    return v;
}

int view_layout_hit(const ViewLayout *v, int px, int py, int *layer, int *unit)
{
    for (int i = 0; i < v->n_blocks; i++) {
        const ViewBlock *b = &v->blocks[i];
        if (!layout_contains(b->grid, px, py))
            continue;
        int gx = px - b->grid.x, gy = py - b->grid.y;
        int tx = gx / (b->tile_w + b->gap), ty = gy / (b->tile_h + b->gap);
        int ix = gx - tx * (b->tile_w + b->gap), iy = gy - ty * (b->tile_h + b->gap);
        int t = ty * b->per_row + tx;
        if (tx >= b->per_row || ix >= b->tile_w || iy >= b->tile_h || t >= b->tiles)
            return 0; /* between tiles */
        int col = ix * b->cols / b->tile_w, row = iy * b->rows / b->tile_h;
        int u = t * b->rows * b->cols + row * b->cols + col;
        if (u >= b->n)
            return 0; /* past a dense layer's last cell */
        *layer = b->layer;
        *unit = u;
        return 1;
    }
    return 0;
}
