/* render_views.c - the view area as a part of the frame (render_internal.h): its title beside
 * the tabs and the view it shows (render_view_acts.c, render_view_weights.c,
 * render_view_softmax.c, render_view_nearest.c, render_view_compare.c, render_view_train.c,
 * render_view_yours.c, render_view_data.c),
 * with what they share: the colour scales, the blocks' tiles drawn from
 * textures, outlines and the legend (render_views.h). The tabs and the temperature buttons are
 * controls, drawn with the toolbar (render_controls.c).
 */
#include "draw/render_views.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "ink/palette.h"

_Static_assert(RENDER_VIEW_TEXTURES >= VIEW_MAX_BLOCKS, "a texture per view block");

/* The colour scales' numbers live in ink/palette.h, shared with `scratchnet show`. */
static SDL_Color sdl_colour(InkRgb c)
{
    return (SDL_Color){c.r, c.g, c.b, 255};
}

SDL_Color view_ramp_dark(float t)
{
    return sdl_colour(ink_ramp_dark(t));
}

SDL_Color view_ramp_light(float t)
{
    return sdl_colour(ink_ramp_light(t));
}

SDL_Color view_ramp_canvas(float t)
{
    return render_theme == THEME_LIGHT ? view_ramp_light(t) : view_ramp_dark(t);
}

SDL_Color view_ramp_grey(float t)
{
    Uint8 g = (Uint8)(255.0f * (isnan(t) || t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t) + 0.5f);
    return (SDL_Color){g, g, g, 255};
}

float view_max_abs(const float *v, int n)
{
    float m = 0.0f;
    for (int i = 0; v && i < n; i++) {
        float a = fabsf(v[i]);
        m = a > m ? a : m;
    }
    return m;
}

uint64_t view_values_key(const float *vals, int n, float scale, int hover, int pick)
{
    /* FNV-1a over whole 32-bit words: a layer's values are many, and any change must show */
    uint64_t k = key_int(KEY_START, vals != NULL);
    for (int i = 0; vals && i < n; i++) {
        uint32_t w;
        memcpy(&w, &vals[i], sizeof w);
        k = (k ^ w) * 1099511628211ull;
    }
    return key_int(key_int(key_float(k, scale), hover), pick);
}

/* The texture of slot i, w x h pixels, made (again) if it has another size; NULL if out of
 * memory. */
static SDL_Texture *slot(Render *rd, int i, int w, int h)
{
    if (rd->view_tex[i].t && rd->view_tex[i].w == w && rd->view_tex[i].h == h)
        return rd->view_tex[i].t;
    if (rd->view_tex[i].t)
        SDL_DestroyTexture(rd->view_tex[i].t);
    rd->view_tex[i].t = SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888,
                                          SDL_TEXTUREACCESS_STREAMING, w, h);
    rd->view_tex[i].w = w;
    rd->view_tex[i].h = h;
    rd->view_tex[i].key = 0;
    if (rd->view_tex[i].t)
        SDL_SetTextureScaleMode(rd->view_tex[i].t, SDL_ScaleModeNearest);
    return rd->view_tex[i].t;
}

/* Fills slot i's texture with the block's values: its tiles side by side, per_row of them to
 * a row, each rows x cols pixels. */
static int upload(Render *rd, int i, const ViewBlock *b, const float *vals, float scale,
                  ViewRamp ramp)
{
    int per_tile = b->rows * b->cols, tw = b->per_row * b->cols;
    int th = ((b->tiles + b->per_row - 1) / b->per_row) * b->rows;
    SDL_Texture *t = slot(rd, i, tw, th);
    if (!t || buf_grow((void **)&rd->pixels, &rd->cap_pixels, (size_t)tw * (size_t)th,
                       sizeof *rd->pixels) != 0)
        return -1;
    SDL_Color zero = ramp(0.0f);
    Uint32 blank = 0xFF000000u | ((Uint32)zero.r << 16) | ((Uint32)zero.g << 8) | zero.b;
    for (int p = 0; p < tw * th; p++)
        rd->pixels[p] = blank;
    float k = scale > 0.0f ? 1.0f / scale : 0.0f;
    for (int u = 0; vals && u < b->n; u++) {
        int tile = u / per_tile, r = (u % per_tile) / b->cols, c = u % b->cols;
        int x = (tile % b->per_row) * b->cols + c, y = (tile / b->per_row) * b->rows + r;
        SDL_Color col = ramp(vals[u] * k);
        rd->pixels[y * tw + x] =
            0xFF000000u | ((Uint32)col.r << 16) | ((Uint32)col.g << 8) | col.b;
    }
    SDL_UpdateTexture(t, NULL, rd->pixels, tw * (int)sizeof(Uint32));
    return 0;
}

int view_tiles_hold(const Render *rd, int i, const ViewBlock *b, uint64_t key)
{
    int tw = b->per_row * b->cols, th = ((b->tiles + b->per_row - 1) / b->per_row) * b->rows;
    return rd->view_tex[i].t && rd->view_tex[i].key == key && rd->view_tex[i].w == tw &&
           rd->view_tex[i].h == th;
}

void view_draw_tiles(Render *rd, int i, const ViewBlock *b, const float *vals, float scale,
                     ViewRamp ramp, uint64_t key)
{
    if (i < 0 || i >= RENDER_VIEW_TEXTURES || b->tiles < 1)
        return;
    if (!view_tiles_hold(rd, i, b, key)) {
        if (upload(rd, i, b, vals, scale, ramp) != 0)
            return;
        rd->view_tex[i].key = key;
    }
    for (int t = 0; t < b->tiles; t++) {
        SDL_Rect src = {(t % b->per_row) * b->cols, (t / b->per_row) * b->rows, b->cols, b->rows};
        SDL_Rect dst = {b->grid.x + (t % b->per_row) * (b->tile_w + b->gap),
                        b->grid.y + (t / b->per_row) * (b->tile_h + b->gap), b->tile_w,
                        b->tile_h};
        if (b->dense) { /* the cells a dense layer has, not its last row's empty end */
            int full = b->n / b->cols, rest = b->n % b->cols;
            src.h = full;
            dst.h = full * b->tile_h / b->rows;
            SDL_RenderCopy(rd->r, rd->view_tex[i].t, &src, &dst);
            src = (SDL_Rect){0, full, rest, 1};
            dst = (SDL_Rect){dst.x, dst.y + dst.h, rest * b->tile_w / b->cols,
                             b->tile_h / b->rows};
        }
        SDL_RenderCopy(rd->r, rd->view_tex[i].t, &src, &dst);
    }
}

SDL_Rect view_unit_rect(const ViewBlock *b, int unit)
{
    int per_tile = b->rows * b->cols, t = unit / per_tile;
    int r = (unit % per_tile) / b->cols, c = unit % b->cols;
    int x0 = b->grid.x + (t % b->per_row) * (b->tile_w + b->gap);
    int y0 = b->grid.y + (t / b->per_row) * (b->tile_h + b->gap);
    int x = x0 + c * b->tile_w / b->cols, x1 = x0 + (c + 1) * b->tile_w / b->cols;
    int y = y0 + r * b->tile_h / b->rows, y1 = y0 + (r + 1) * b->tile_h / b->rows;
    return box(x, y, x1 - x, y1 - y);
}

void view_outline(Render *rd, const ViewBlock *b, int unit, SDL_Color c, int t)
{
    if (unit < 0 || unit >= b->n)
        return;
    SDL_Rect r = view_unit_rect(b, unit);
    render_border(rd->r, r, t, C_FRAME);
    render_border(rd->r, grow(r, t), t, c);
}

void view_draw_legend(Render *rd, LayoutRect r, int font, ViewRamp ramp, const char *low,
                      const char *mid, const char *high, const char *note)
{
    int bw = SDL_max(r.w / 3, iround(9.5f * (float)font)), bh = SDL_min(r.h / 2, font);
    render_ramp(rd->r, box(r.x, r.y + r.h / 8, bw, bh - r.h / 8), ramp, 64);
    int fs = font, ty = r.y + bh, th = SDL_min(r.h - bh, iround(1.3f * (float)font));
    int side = bw / 2 - font / 2; /* the ends' words reach to the middle's */
    text_draw(rd->text, low, fs, TEXT_REGULAR, C_DIM, box(r.x, ty, side, th), TEXT_LEFT);
    text_draw(rd->text, mid, fs, TEXT_REGULAR, C_DIM, box(r.x + side, ty, bw - 2 * side, th),
              TEXT_CENTER);
    text_draw(rd->text, high, fs, TEXT_REGULAR, C_DIM, box(r.x + bw - side, ty, side, th),
              TEXT_RIGHT);
    text_draw_wrapped(rd->text, note, fs, TEXT_REGULAR, C_DIM,
                      box(r.x + bw + font, r.y, r.w - bw - font, r.h));
}

/* The view's title, right of the tabs. */
static const char *title(const AppState *s)
{
    switch (s->view) {
    case LAYOUT_VIEW_ACTS:
        return app_closeup_layer(s) >= 0 ? "One unit up close" : "Every layer as it fires";
    case LAYOUT_VIEW_WEIGHTS:
        return "What the first layer learned";
    case LAYOUT_VIEW_SOFTMAX:
        return "From scores to probabilities";
    case LAYOUT_VIEW_NEAREST:
        return "What it compares your drawing with";
    case LAYOUT_VIEW_COMPARE:
        return "Two models, one drawing";
    case LAYOUT_VIEW_DATA:
        return "The test set: its answers and its mistakes";
    case LAYOUT_VIEW_REPLAY:
        return "Replay: what it read as you drew";
    case LAYOUT_VIEW_TRAIN:
        return "Watch it learn: training from random weights";
    case LAYOUT_VIEW_CHALLENGE:
        return "Challenge: beat the network";
    case LAYOUT_VIEW_YOURS:
        return "Your own digits";
    default:
        return "";
    }
}

void views_items(Render *rd, const AppState *s, const Layout *l)
{
    if (!l->view)
        return;
    ViewLayout v = view_layout(l, app_model(s), app_closeup_layer(s));
    render_item(rd, sdl_rect(l->view_title), key_str(KEY_START, title(s)));
    if (l->view == LAYOUT_VIEW_TRAIN)
        train_items(rd, s, l);
    else if (l->view == LAYOUT_VIEW_YOURS)
        yours_items(rd, s, l);
    else if (v.closeup.layer >= 0)
        closeup_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_ACTS)
        acts_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_WEIGHTS)
        weights_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_SOFTMAX)
        softmax_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_COMPARE)
        compare_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_DATA)
        data_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_REPLAY)
        replay_items(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_CHALLENGE)
        challenge_items(rd, s, l, &v);
    else
        nearest_items(rd, s, l, &v);
}

void views_draw(Render *rd, const AppState *s, const Layout *l)
{
    if (!l->view)
        return;
    ViewLayout v = view_layout(l, app_model(s), app_closeup_layer(s));
    text_draw(rd->text, title(s), l->font_title, TEXT_BOLD, C_TEXT, sdl_rect(l->view_title),
              TEXT_LEFT);
    if (l->view == LAYOUT_VIEW_TRAIN)
        train_draw(rd, s, l);
    else if (l->view == LAYOUT_VIEW_YOURS)
        yours_draw(rd, s, l);
    else if (v.closeup.layer >= 0)
        closeup_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_ACTS)
        acts_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_WEIGHTS)
        weights_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_SOFTMAX)
        softmax_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_COMPARE)
        compare_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_DATA)
        data_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_REPLAY)
        replay_draw(rd, s, l, &v);
    else if (l->view == LAYOUT_VIEW_CHALLENGE)
        challenge_draw(rd, s, l, &v);
    else
        nearest_draw(rd, s, l, &v);
}
