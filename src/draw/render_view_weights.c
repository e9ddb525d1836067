/* render_view_weights.c - the weights view (render_views.h): the first layer's learned weights
 * as a gallery of images, read from the model itself. A first dense layer shows each unit's
 * weights from the input's pixels as a 28 x 28 image (what makes the unit fire: orange where
 * ink raises it, blue where ink lowers it); a first convolution shows its kernels. Each image is
 * scaled to its own largest |weight|, on a white-centred blue-orange scale.
 */
#include "draw/render_views.h"

#include <stdio.h>

/* What the gallery shows: the model's layer's weights (they change with the model, or in place
 * while it trains: weights_version). */
static uint64_t weights_key(const AppState *s, const NnModel *m, int layer)
{
    uint64_t k = key_bytes(KEY_START, &m, sizeof m);
    k = key_int(k, (long long)s->weights_version);
    return key_int(key_int(k, layer), (long long)m->layers[layer].n_weight);
}

/* The weights of image t scaled to its own largest |weight|, into out (per values). */
static void tile_values(const NnLayer *L, int t, int per, float *out)
{
    const float *w = L->weight + (size_t)t * (size_t)per;
    float m = view_max_abs(w, per);
    for (int i = 0; i < per; i++)
        out[i] = m > 0.0f ? w[i] / m : 0.0f;
}

static void readout(const AppState *s, const NnModel *m, const ViewBlock *b, char *buf,
                    size_t n)
{
    int unit = s->hover_unit >= 0 ? s->hover_unit : s->pick_unit;
    if (unit < 0 || unit >= b->n) {
        snprintf(buf, n, "Point at an image to read a weight; click it to keep it.");
        return;
    }
    const NnLayer *L = &m->layers[b->layer];
    int per = b->rows * b->cols, t = unit / per, r = (unit % per) / b->cols, c = unit % b->cols;
    int conv = L->type == NN_LAYER_CONV2D;
    float bias = L->bias ? L->bias[conv ? t / (L->in.c > 0 ? L->in.c : 1) : t] : 0.0f;
    snprintf(buf, n, "%s%s %d, row %d, column %d: weight %.4f (bias %.4f)",
             s->hover_unit >= 0 ? "" : "kept: ", conv ? "kernel" : "unit", t + 1, r + 1, c + 1,
             (double)L->weight[unit], (double)bias);
}

static void title(const NnModel *m, const ViewBlock *b, char *buf, size_t n)
{
    const NnLayer *L = &m->layers[b->layer];
    if (L->type == NN_LAYER_CONV2D)
        snprintf(buf, n, "layer %d (conv2d): %d kernels %d\xc3\x97%d, each slid over the image",
                 b->layer + 1, b->tiles, b->cols, b->rows);
    else
        snprintf(buf, n, "layer %d (dense): each of its %d units' weights from the %d\xc3\x97%d "
                 "pixels", b->layer + 1, b->tiles, b->cols, b->rows);
}

/* The weight under the mouse (hover = 1) or the one picked, -1 for none. */
static int unit_of(const AppState *s, int hover)
{
    return hover ? s->hover_unit : s->pick_unit;
}

void weights_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    const NnModel *m = app_model(s);
    char line[200];
    if (v->n_blocks == 0) {
        render_item(rd, sdl_rect(l->view_body), key_int(KEY_START, m != NULL));
        return;
    }
    const ViewBlock *b = &v->blocks[0];
    uint64_t k = key_int(key_int(weights_key(s, m, b->layer), unit_of(s, 1)), unit_of(s, 0));
    SDL_Rect grid = grow(sdl_rect(b->grid), 2 * l->line), t = sdl_rect(b->title), all;
    SDL_UnionRect(&grid, &t, &all);
    render_item(rd, all, k);
    render_item(rd, sdl_rect(v->legend), KEY_START);
    readout(s, m, b, line, sizeof line);
    render_item(rd, sdl_rect(v->readout), key_str(KEY_START, line));
}

void weights_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    const NnModel *m = app_model(s);
    char line[200];
    if (v->n_blocks == 0) {
        text_draw_wrapped(rd->text,
                          m ? "This model's first layer has no weights to show as images."
                            : "No model loaded.",
                          v->font, TEXT_REGULAR, C_DIM, sdl_rect(l->view_body));
        return;
    }
    const ViewBlock *b = &v->blocks[0];
    const NnLayer *L = &m->layers[b->layer];
    title(m, b, line, sizeof line);
    text_draw(rd->text, line, v->font, TEXT_REGULAR, C_DIM, sdl_rect(b->title), TEXT_LEFT);
    uint64_t k = weights_key(s, m, b->layer);
    if (!view_tiles_hold(rd, 0, b, k)) {
        /* each image to its own scale: the values scaled per tile, then uploaded at 1 */
        int per = b->rows * b->cols;
        float *scaled = malloc((size_t)b->n * sizeof *scaled);
        if (scaled) {
            for (int t = 0; t < b->tiles; t++)
                tile_values(L, t, per, scaled + (size_t)t * (size_t)per);
            view_draw_tiles(rd, 0, b, scaled, 1.0f, view_ramp_light, k);
            free(scaled);
        }
    } else {
        view_draw_tiles(rd, 0, b, NULL, 1.0f, view_ramp_light, k);
    }
    int t = l->line > 1 ? l->line : 1;
    view_outline(rd, b, unit_of(s, 0), C_ACCENT, t);
    view_outline(rd, b, unit_of(s, 1), C_TEXT, t);
    view_draw_legend(rd, v->legend, v->font, view_ramp_light, "\xe2\x88\x92largest", "0",
                     "+largest",
                     "blue: ink there lowers the unit, orange: raises it; each image scaled "
                     "to its own largest |weight|");
    readout(s, m, b, line, sizeof line);
    text_draw(rd->text, line, v->font, TEXT_BOLD, C_TEXT, sdl_rect(v->readout), TEXT_LEFT);
}
