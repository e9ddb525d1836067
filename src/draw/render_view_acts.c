/* render_view_acts.c - the activations view (render_views.h): the input and every layer's
 * output as it fires, a block per layer: a convolution's and a pooling's channels as feature
 * maps at one size per value (so pooling is seen halving them), a dense layer's units as a
 * grid of cells, the output layer's cells named by their classes. Each layer is coloured by
 * its own largest |value| (given in its title); the value under the mouse, or the one clicked
 * on, is outlined and read out under the legend.
 */
#include "draw/render_views.h"

#include <stdio.h>

#include "nn/knockout.h"

/* Block b's values now, or NULL: the input is what the network sees. */
static const float *values(const AppState *s, const ViewBlock *b)
{
    if (b->layer < 0)
        return s->n_probs > 0 || s->view_ready ? s->seen : NULL;
    return app_view_output(s, b->layer);
}

/* The scale a block is coloured by: its largest |value| (the input's: 1, full ink). */
static float block_scale(const ViewBlock *b, const float *vals)
{
    if (b->layer < 0)
        return 1.0f;
    float m = view_max_abs(vals, b->n);
    return m > 0.0f ? m : 1.0f;
}

/* Block b's title: "conv2d 1 · 32 maps 28×28 · relu · largest 3.21". */
static void block_title(const NnModel *m, const ViewBlock *b, float scale, int has, char *buf,
                        size_t n)
{
    if (b->layer < 0) {
        snprintf(buf, n, "input \xc2\xb7 %d\xc3\x97%d: what the network sees", b->cols, b->rows);
        return;
    }
    const NnLayer *L = &m->layers[b->layer];
    int len = snprintf(buf, n, "%s %d \xc2\xb7 ", nn_layer_type_name(L->type), b->layer + 1);
    if (len < 0 || (size_t)len >= n)
        return;
    if (b->dense && b->layer == m->n_layers - 1)
        len += snprintf(buf + len, n - (size_t)len, "%d classes", b->n);
    else if (b->dense)
        len += snprintf(buf + len, n - (size_t)len, "%d units", b->n);
    else
        len += snprintf(buf + len, n - (size_t)len, "%d maps %d\xc3\x97%d", b->tiles, b->cols,
                        b->rows);
    if ((size_t)len < n && L->act != NN_ACT_LINEAR)
        len += snprintf(buf + len, n - (size_t)len, " \xc2\xb7 %s", nn_act_name(L->act));
    if ((size_t)len < n && has)
        snprintf(buf + len, n - (size_t)len, " \xc2\xb7 largest %.2g", (double)scale);
}

/* The readout: the value under the mouse, else the one picked, else what to do. */
static void readout(const AppState *s, const ViewLayout *v, char *buf, size_t n)
{
    const NnModel *m = app_model(s);
    int layer = s->hover_unit >= 0 ? s->hover_layer : s->pick_layer;
    int unit = s->hover_unit >= 0 ? s->hover_unit : s->pick_unit;
    const ViewBlock *b = NULL;
    for (int i = 0; i < v->n_blocks && unit >= 0; i++)
        if (v->blocks[i].layer == layer)
            b = &v->blocks[i];
    const float *vals = b ? values(s, b) : NULL;
    if (!b || unit >= b->n || !m) {
        snprintf(buf, n, "Point at a cell to read its value; click it to keep it.");
        return;
    }
    char where[96];
    int per_tile = b->rows * b->cols;
    if (b->layer < 0)
        snprintf(where, sizeof where, "input, row %d, column %d", unit / b->cols + 1,
                 unit % b->cols + 1);
    else if (b->dense && b->layer == m->n_layers - 1)
        snprintf(where, sizeof where, "layer %d, class %s", b->layer + 1, app_label(s, unit));
    else if (b->dense)
        snprintf(where, sizeof where, "layer %d, unit %d", b->layer + 1, unit + 1);
    else
        snprintf(where, sizeof where, "layer %d, map %d, row %d, column %d", b->layer + 1,
                 unit / per_tile + 1, (unit % per_tile) / b->cols + 1, unit % b->cols + 1);
    if (vals)
        snprintf(buf, n, "%s%s: %.4f", s->hover_unit >= 0 ? "" : "kept: ", where,
                 (double)vals[unit]);
    else
        snprintf(buf, n, "%s: draw to see it fire", where);
}

/* The unit outlined in block b as hovered, and as picked (-1: none). */
static int hovered(const AppState *s, const ViewBlock *b)
{
    return s->hover_unit >= 0 && s->hover_layer == b->layer ? s->hover_unit : -1;
}

static int picked(const AppState *s, const ViewBlock *b)
{
    return s->pick_unit >= 0 && s->pick_layer == b->layer ? s->pick_unit : -1;
}

/* The key of block b's knocked-out units (each drawn crossed out). */
static uint64_t knockouts_key(const NnModel *m, const ViewBlock *b, uint64_t k)
{
    int layer, unit;
    for (int i = 0; i < nn_knockout_count(m); i++)
        if (nn_knockout_get(m, i, &layer, &unit) == 0 && layer == b->layer)
            k = key_int(k, unit);
    return k;
}

/* Block b's knocked-out units crossed out: a dense cell, or a convolution's whole map. */
static void cross_out(Render *rd, const NnModel *m, const ViewBlock *b, int t)
{
    int layer, unit;
    for (int i = 0; i < nn_knockout_count(m); i++) {
        if (nn_knockout_get(m, i, &layer, &unit) != 0 || layer != b->layer)
            continue;
        SDL_Rect r;
        if (b->dense) {
            r = view_unit_rect(b, unit);
        } else {
            r = box(b->grid.x + (unit % b->per_row) * (b->tile_w + b->gap),
                    b->grid.y + (unit / b->per_row) * (b->tile_h + b->gap), b->tile_w,
                    b->tile_h);
        }
        render_border(rd->r, r, t, C_WARN);
        SDL_SetRenderDrawColor(rd->r, C_WARN.r, C_WARN.g, C_WARN.b, 255);
        for (int d = -t; d <= t; d++) { /* a thick X */
            SDL_RenderDrawLine(rd->r, r.x + d, r.y, r.x + r.w - 1 + d, r.y + r.h - 1);
            SDL_RenderDrawLine(rd->r, r.x + r.w - 1 + d, r.y, r.x + d, r.y + r.h - 1);
        }
    }
}

void acts_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)l;
    for (int i = 0; i < v->n_blocks; i++) {
        const ViewBlock *b = &v->blocks[i];
        const float *vals = values(s, b);
        float scale = block_scale(b, vals);
        uint64_t k = view_values_key(vals, b->n, scale, hovered(s, b), picked(s, b));
        k = knockouts_key(app_model(s), b, k);
        if (b->dense && b->layer == app_model(s)->n_layers - 1)
            for (int c = 0; c < b->n; c++)
                k = key_str(k, app_label(s, c));
        SDL_Rect all;
        SDL_Rect grid = grow(sdl_rect(b->grid), 2 * l->line), title = sdl_rect(b->title);
        SDL_UnionRect(&grid, &title, &all);
        render_item(rd, all, k);
    }
    render_item(rd, sdl_rect(v->legend), KEY_START);
    char line[200];
    readout(s, v, line, sizeof line);
    render_item(rd, sdl_rect(v->readout), key_str(KEY_START, line));
}

/* The output layer's cells named by their classes, dark on the bright cells. The cells are on
 * the dark-centred scale in both themes: their names take the dark theme's colours. */
static void class_names(Render *rd, const AppState *s, const ViewBlock *b, const float *vals,
                        float scale, int font)
{
    const ThemeRgba *dark = theme_table(THEME_DARK);
    ThemeRgba on_bright = dark[TC_ON_ACCENT], on_dark = dark[TC_TEXT];
    for (int c = 0; c < b->n; c++) {
        SDL_Rect r = view_unit_rect(b, c);
        float t = vals ? vals[c] / scale : 0.0f;
        ThemeRgba k = t > 0.45f ? on_bright : on_dark;
        SDL_Color ink = {k.r, k.g, k.b, 255};
        text_draw(rd->text, app_label(s, c), font, TEXT_BOLD, ink, grow(r, -r.w / 10),
                  TEXT_CENTER);
    }
}

void acts_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    const NnModel *m = app_model(s);
    int t = l->line > 1 ? l->line : 1;
    char text[200];
    for (int i = 0; i < v->n_blocks && m; i++) {
        const ViewBlock *b = &v->blocks[i];
        SDL_Rect all, grid = grow(sdl_rect(b->grid), 2 * t), title = sdl_rect(b->title);
        SDL_UnionRect(&grid, &title, &all);
        if (!SDL_HasIntersection(&all, &rd->clip))
            continue; /* outside the region being drawn */
        const float *vals = values(s, b);
        float scale = block_scale(b, vals);
        block_title(m, b, scale, vals != NULL, text, sizeof text);
        text_draw(rd->text, text, v->font, TEXT_REGULAR, C_DIM, sdl_rect(b->title), TEXT_LEFT);
        uint64_t k = view_values_key(vals, b->n, scale, 0, 0);
        view_draw_tiles(rd, i, b, vals, scale, view_ramp_dark, k);
        if (b->dense && b->layer == m->n_layers - 1)
            class_names(rd, s, b, vals, scale, SDL_min(b->tile_h * 3 / 5, v->font));
        cross_out(rd, m, b, t);
        view_outline(rd, b, picked(s, b), C_ACCENT, t);
        view_outline(rd, b, hovered(s, b), C_TEXT, t);
    }
    view_draw_legend(rd, v->legend, v->font, view_ramp_dark, "\xe2\x88\x92largest", "0",
                     "+largest", "each layer coloured by its own largest |value|");
    readout(s, v, text, sizeof text);
    text_draw(rd->text, text, v->font, TEXT_BOLD, C_TEXT, sdl_rect(v->readout), TEXT_LEFT);
}
