/* picture_views.c - the activations, weights and saliency pictures (picture_views.h). */
#include "cli/picture_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/plot_svg.h"
#include "nn/act.h"
#include "nn/inspect.h"

enum {
    MARGIN = 40,     /* around everything, pixels */
    PAGE_W = 1280,   /* the activations' and the weights' width */
    TILE_GAP = 8,    /* between feature maps and weight images */
    TITLE = 28,      /* text sizes */
    SUBTITLE = 18,
    HEADING = 18,
    LEGEND_W = 303,  /* 101 steps of 3 pixels */
    LEGEND_H = 18,
};

#define MID "\xc2\xb7"   /* a middle dot between the parts of a title */
#define TIMES "\xc3\x97" /* the multiplication sign of "28x28" */
#define MINUS "\xe2\x88\x92"

static float max_abs(const float *v, int n)
{
    float m = 0.0f;
    for (int i = 0; i < n; i++)
        m = fabsf(v[i]) > m ? fabsf(v[i]) : m;
    return m;
}

/* The title (model: what), the subtitle (the input and the answer) and, under them, a legend;
 * returns the y where the picture's body starts. */
static int header(Picture *p, const NnModel *m, const InkAnswer *a, const char *what,
                  const char *where)
{
    pic_text(p, MARGIN, 52, TITLE, 1, PIC_START, PIC_BLACK, "title", "%s: %s", m->info.name,
             what);
    if (!a)
        return 84;
    if (a->too_little)
        pic_text(p, MARGIN, 84, SUBTITLE, 0, PIC_START, PIC_GREY, "subtitle",
                 "input %s " MID " too little ink to read", where);
    else
        pic_text(p, MARGIN, 84, SUBTITLE, 0, PIC_START, PIC_GREY, "subtitle",
                 "input %s " MID " the network says %s (%.1f%%)", where, m->info.labels[a->top],
                 100.0 * (double)a->probs[a->top]);
    return 84;
}

/* tiles images of rows x cols values v, each value s x s pixels, left to right then down from
 * (MARGIN, y) in a row of PAGE_W: tile t's values divided by scale[per_tile ? t : 0], through
 * ramp, each tile outlined in grey when outline is set. Returns the y under them. */
static int gallery(Picture *p, const float *v, int tiles, int rows, int cols, int s,
                   const float *scale, int per_tile, InkRamp ramp, int outline, int y,
                   const char *group)
{
    const int tw = cols * s, th = rows * s, n = rows * cols;
    int per_row = (PAGE_W - 2 * MARGIN + TILE_GAP) / (tw + TILE_GAP);
    per_row = per_row < 1 ? 1 : per_row;
    InkRgb *rgb = malloc(sizeof *rgb * (size_t)n);
    if (!rgb) {
        p->failed = 1;
        return y;
    }
    for (int t = 0; t < tiles; t++) {
        const float k = scale[per_tile ? t : 0];
        for (int i = 0; i < n; i++)
            rgb[i] = ramp(k > 0.0f ? v[(size_t)t * (size_t)n + (size_t)i] / k : 0.0f);
        const int x0 = MARGIN + (t % per_row) * (tw + TILE_GAP);
        const int y0 = y + (t / per_row) * (th + TILE_GAP);
        pic_cells(p, x0, y0, cols, rows, n, s, s, 0, rgb, group);
        if (outline)
            pic_rect(p, x0 - 1, y0 - 1, tw + 2, th + 2, (InkRgb){190, 190, 190}, 1);
    }
    free(rgb);
    return y + ((tiles + per_row - 1) / per_row) * (th + TILE_GAP);
}

/* A dense layer's units as a grid of cells; the output layer's (labels non-NULL) larger, each
 * named by its class with its value under it. Returns the y under them. */
static int dense_cells(Picture *p, const float *v, int n, float scale,
                       const char (*labels)[NN_LABEL_LEN], int y, const char *group)
{
    const int cell = labels ? 56 : 14;
    int gap = labels ? 16 : 3;
    for (int i = 0; labels && i < n; i++) { /* room for each class's name under its cell */
        const int w = (int)plot_svg_text_width(labels[i], 16) + 8;
        gap = w - cell > gap ? w - cell : gap;
    }
    const int pitch = cell + (labels ? 52 : gap); /* from one row of cells to the next */
    const int x0 = MARGIN + (labels ? (gap - 16) / 2 : 0); /* the first name inside the margin */
    int cols = (PAGE_W - 2 * x0 + gap) / (cell + gap);
    cols = n < cols ? n : cols;
    InkRgb *rgb = malloc(sizeof *rgb * (size_t)n);
    if (!rgb) {
        p->failed = 1;
        return y;
    }
    for (int i = 0; i < n; i++)
        rgb[i] = ink_ramp_dark(scale > 0.0f ? v[i] / scale : 0.0f);
    for (int r = 0; r * cols < n; r++) {
        const int k = n - r * cols < cols ? n - r * cols : cols;
        pic_cells(p, x0, y + r * pitch, cols, 1, k, cell, cell, gap, rgb + r * cols, group);
    }
    free(rgb);
    for (int i = 0; labels && i < n; i++) {
        const int cx = x0 + (i % cols) * (cell + gap) + cell / 2;
        const int cy = y + (i / cols) * pitch + cell;
        pic_text(p, cx, cy + 20, 16, 1, PIC_MIDDLE, PIC_BLACK, group, "%s", labels[i]);
        pic_text(p, cx, cy + 40, 16, 0, PIC_MIDDLE, PIC_GREY, group, "%.2f", (double)v[i]);
    }
    return y + ((n + cols - 1) / cols) * pitch;
}

/* One layer's block: its heading, then its values. Returns the y under it. */
static int layer_block(Picture *p, const NnModel *m, int l, int s, int y)
{
    char group[24];
    const NnLayer *L = &m->layers[l];
    const float *v = nn_inspect_output(m, l);
    const float scale = max_abs(v, L->n_out);
    const int last = l == m->n_layers - 1, maps = L->out.h > 1 || L->out.w > 1;
    snprintf(group, sizeof group, "layer %d", l + 1);
    char size[64];
    if (maps)
        snprintf(size, sizeof size, "%d %s %d" TIMES "%d", L->out.c,
                 L->out.c == 1 ? "feature map" : "feature maps", L->out.h, L->out.w);
    else
        snprintf(size, sizeof size, "%d units%s", L->n_out, last ? ", one per class" : "");
    char act[40] = "";
    if (L->type == NN_LAYER_DENSE || L->type == NN_LAYER_CONV2D ||
        L->type == NN_LAYER_BATCHNORM || L->type == NN_LAYER_ACTIVATION)
        snprintf(act, sizeof act, " " MID " %s", nn_act_name(L->act));
    y += 26;
    pic_text(p, MARGIN, y, HEADING, 1, PIC_START, PIC_BLACK, group,
             "%s %d " MID " %s%s " MID " largest %.3g", nn_layer_type_name(L->type), l + 1, size,
             act, (double)scale);
    y += 10;
    if (maps)
        return gallery(p, v, L->out.c, L->out.h, L->out.w, s, &scale, 0, ink_ramp_dark, 0, y,
                       group);
    return dense_cells(p, v, L->n_out, scale, last ? m->info.labels : NULL, y, group);
}

int pic_activations(Picture *p, NnModel *m, const InkAnswer *a, const char *where,
                    SnError *err)
{
    int rc = ink_inspect(m, a, err);
    if (rc != 0)
        return rc;
    pic_init(p, PAGE_W, 0);
    int y = header(p, m, a, "every layer as it fires", where) + 24;
    pic_legend(p, MARGIN, y, LEGEND_W, LEGEND_H, ink_ramp_dark, MINUS "largest", "0",
               "+largest", "each layer coloured by its own largest |value|, given in its title");
    y += LEGEND_H + 36;
    /* one size per value for every map, so pooling is seen halving them */
    int side = INK_SIDE;
    for (int l = 0; l < m->n_layers; l++)
        side = m->layers[l].out.h > side ? m->layers[l].out.h : side;
    const int s = side <= 28 ? 3 : side <= 42 ? 2 : 1;
    const float one = 1.0f;
    y += 26;
    pic_text(p, MARGIN, y, HEADING, 1, PIC_START, PIC_BLACK, "input",
             "input " MID " %d" TIMES "%d " MID " what the network sees", INK_SIDE, INK_SIDE);
    y = gallery(p, a->grid, 1, INK_SIDE, INK_SIDE, s, &one, 0, ink_ramp_dark, 0, y + 10,
                "input");
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayerType t = m->layers[l].type;
        if (t != NN_LAYER_DROPOUT && t != NN_LAYER_FLATTEN)
            y = layer_block(p, m, l, s, y);
    }
    p->h = y + MARGIN;
    return p->failed ? sn_error(err, SN_E_NOMEM, "out of memory") : 0;
}

int pic_weights_layer(const NnModel *m)
{
    for (int l = 0; l < m->n_layers; l++)
        if (m->layers[l].type == NN_LAYER_DENSE || m->layers[l].type == NN_LAYER_CONV2D)
            return l;
    return -1;
}

int pic_weights(Picture *p, const NnModel *m, SnError *err)
{
    const int l = pic_weights_layer(m);
    if (l < 0)
        return sn_error(err, SN_E_FORMAT, "%s: no layer with weights to show", m->info.name);
    const NnLayer *L = &m->layers[l];
    int tiles, rows, cols;
    if (L->type == NN_LAYER_CONV2D) {
        tiles = L->out.c, rows = L->in.c * L->kernel, cols = L->kernel;
    } else {
        NnShape in = L->in.h > 1 || L->n_in != m->n_in ? L->in : m->in_shape;
        tiles = L->n_out, rows = in.c * in.h, cols = in.w;
    }
    const int per = rows * cols;
    float *scale = malloc(sizeof *scale * (size_t)tiles);
    if (!scale)
        return sn_error(err, SN_E_NOMEM, "out of memory");
    for (int t = 0; t < tiles; t++)
        scale[t] = max_abs(L->weight + (size_t)t * (size_t)per, per);
    const int target = tiles > 128 ? 56 : 84; /* a tile's side, pixels */
    int s = target / (rows > cols ? rows : cols);
    s = s < 1 ? 1 : s;
    pic_init(p, PAGE_W, 0);
    int y = header(p, m, NULL, "what the first layer looks for", NULL);
    if (L->type == NN_LAYER_CONV2D)
        pic_text(p, MARGIN, y, SUBTITLE, 0, PIC_START, PIC_GREY, "subtitle",
                 "conv2d %d " MID " %d filters, each a %d" TIMES "%d kernel over %d input "
                 "channel%s " MID " in order, left to right", l + 1, tiles, L->kernel, L->kernel,
                 L->in.c, L->in.c == 1 ? "" : "s (stacked down)");
    else
        pic_text(p, MARGIN, y, SUBTITLE, 0, PIC_START, PIC_GREY, "subtitle",
                 "dense %d " MID " %d units, each its %d weights from the input's pixels as a "
                 "%d" TIMES "%d image " MID " in order, left to right", l + 1, tiles, L->n_in,
                 rows, cols);
    y += 24;
    const char *unit = L->type == NN_LAYER_CONV2D ? "filter" : "unit";
    char note[120];
    snprintf(note, sizeof note, "orange: ink there makes the %s fire; blue: ink there holds it "
             "back", unit);
    pic_legend(p, MARGIN, y, LEGEND_W, LEGEND_H, ink_ramp_light, MINUS "largest", "0",
               "+largest", note);
    pic_text(p, MARGIN + LEGEND_W + 24, y + LEGEND_H + 20, 16, 0, PIC_START, PIC_GREY, "legend",
             "each image scaled to its own largest |weight|");
    y = gallery(p, L->weight, tiles, rows, cols, s, scale, 1, ink_ramp_light, 1,
                y + LEGEND_H + 48, "weights");
    free(scale);
    p->h = y + MARGIN;
    return p->failed ? sn_error(err, SN_E_NOMEM, "out of memory") : 0;
}

/* ---------------------------------------------------------------- saliency */

enum {
    SAL_TOP = 244,                                /* the panels' top edge */
    SAL_SIDE = INK_SIDE * PIC_SALIENCY_CELL,      /* a panel's side */
    SAL_GAP = 48,                                 /* between panels */
    SAL_W = 2 * MARGIN + 3 * SAL_SIDE + 2 * SAL_GAP,
};

int pic_saliency_cell_x(int col)
{
    return MARGIN + SAL_SIDE + SAL_GAP + col * PIC_SALIENCY_CELL;
}

int pic_saliency_cell_y(int row)
{
    return SAL_TOP + row * PIC_SALIENCY_CELL;
}

/* Panel k (0, 1, 2): its title above it, its cells, a grey frame. */
static void panel(Picture *p, int k, const char *title, const InkRgb *cells)
{
    const int x = MARGIN + k * (SAL_SIDE + SAL_GAP);
    pic_text(p, x, SAL_TOP - 12, HEADING, 1, PIC_START, PIC_BLACK, "panel", "%s", title);
    pic_cells(p, x, SAL_TOP, INK_SIDE, INK_SIDE, INK_SIDE * INK_SIDE, PIC_SALIENCY_CELL,
              PIC_SALIENCY_CELL, 0, cells, k == 1 ? "saliency" : "panel");
    pic_rect(p, x - 1, SAL_TOP - 1, SAL_SIDE + 2, SAL_SIDE + 2, (InkRgb){190, 190, 190}, 1);
}

int pic_saliency(Picture *p, NnModel *m, const InkAnswer *a, int cls, const char *where,
                 SnError *err)
{
    enum { N = INK_SIDE * INK_SIDE };
    float grad[N];
    int rc = ink_saliency(m, a, cls, grad, err);
    if (rc != 0)
        return rc;
    const float k = max_abs(grad, N);
    const char *name = m->info.labels[cls];
    InkRgb ink[N], heat[N];
    for (int i = 0; i < N; i++) {
        ink[i] = ink_ramp_ink(a->grid[i]);
        heat[i] = ink_ramp_light(k > 0.0f ? grad[i] / k : 0.0f);
    }
    pic_init(p, SAL_W, SAL_TOP + SAL_SIDE + MARGIN);
    char what[NN_LABEL_LEN + 40];
    snprintf(what, sizeof what, cls == a->top ? "why %s?" : "why not %s?", name);
    int y = header(p, m, a, what, where);
    pic_text(p, MARGIN, y + 26, SUBTITLE, 0, PIC_START, PIC_GREY, "subtitle",
             "how the score of %s (its logit) moves with the ink in each pixel: its gradient "
             "by the network's own backward pass", name);
    y += 52;
    char low[32], high[32];
    snprintf(low, sizeof low, MINUS "%.3g", (double)k);
    snprintf(high, sizeof high, "+%.3g", (double)k);
    char note[NN_LABEL_LEN * 2 + 80];
    snprintf(note, sizeof note, "orange: more ink here raises %s; blue: more ink here lowers it",
             name);
    pic_legend(p, MARGIN, y, LEGEND_W, LEGEND_H, ink_ramp_light, low, "0", high, note);
    panel(p, 0, "what the network sees", ink);
    char heading[NN_LABEL_LEN + 40];
    snprintf(heading, sizeof heading, "saliency of %s", name);
    panel(p, 1, heading, heat);
    panel(p, 2, "the same, the ink dotted over it", heat);
    const int x2 = MARGIN + 2 * (SAL_SIDE + SAL_GAP), dot = PIC_SALIENCY_CELL / 3;
    for (int i = 0; i < N; i++)
        if (a->grid[i] >= 0.5f)
            pic_rect(p, x2 + (i % INK_SIDE) * PIC_SALIENCY_CELL + dot,
                     SAL_TOP + (i / INK_SIDE) * PIC_SALIENCY_CELL + dot, dot, dot, PIC_BLACK, 0);
    return p->failed ? sn_error(err, SN_E_NOMEM, "out of memory") : 0;
}
