/* render.c - one frame of the drawing app, drawn only where it changed: the parts of the
 * window, their items, the damage between two frames, and the regions drawn again.
 *
 * Each part (render_internal.h) lists its items; the items whose key or rectangle differ from
 * the last frame's give the damage (both the old and the new rectangle), merged into a few
 * regions (damage.h). Each region is drawn from scratch, as the whole window would be: the
 * background, then every part with an item there, in order, with the renderer clipped to the
 * region. So a region's pixels are exactly those of a whole frame. The parts live in
 * render_canvas.c, render_panel.c, render_bars.c, render_views.c (with render_view_*.c),
 * render_controls.c and render_overlay.c.
 * Colours come from the active theme (theme.h: dark, or light for a bright room), one accent
 * for a confident answer, greyed for one the network only leans towards; a new theme draws
 * everything again.
 */
#include "draw/render_controls.h"
#include "draw/render_internal.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"

ThemeId render_theme = THEME_DARK;

typedef struct Part {
    void (*items)(Render *rd, const AppState *s, const Layout *l);
    void (*draw)(Render *rd, const AppState *s, const Layout *l);
} Part;

/* The parts of the window, in drawing order (later ones on top). */
static const Part parts[RENDER_PARTS] = {
    {canvas_items, canvas_draw}, {models_items, models_draw}, {panel_items, panel_draw},
    {bars_items, bars_draw},     {views_items, views_draw},   {collect_items, collect_draw},
    {footer_items, footer_draw},
    {render_controls_items, render_controls},
    {help_items, help_draw},     {prompt_items, prompt_draw},
};

void render_fill(SDL_Renderer *r, SDL_Rect rc, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &rc);
}

void render_border(SDL_Renderer *r, SDL_Rect rc, int t, SDL_Color c)
{
    render_fill(r, box(rc.x - t, rc.y - t, rc.w + 2 * t, t), c);
    render_fill(r, box(rc.x - t, rc.y + rc.h, rc.w + 2 * t, t), c);
    render_fill(r, box(rc.x - t, rc.y, t, rc.h), c);
    render_fill(r, box(rc.x + rc.w, rc.y, t, rc.h), c);
}

void render_ramp(SDL_Renderer *r, SDL_Rect rc, SDL_Color (*ramp)(float t), int steps)
{
    for (int i = 0; i < steps; i++) {
        int x0 = rc.x + i * rc.w / steps, x1 = rc.x + (i + 1) * rc.w / steps;
        render_fill(r, box(x0, rc.y, x1 - x0, rc.h),
                    ramp(-1.0f + 2.0f * ((float)i + 0.5f) / (float)steps));
    }
}

uint64_t key_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

uint64_t key_int(uint64_t h, long long v)
{
    return key_bytes(h, &v, sizeof v);
}

uint64_t key_float(uint64_t h, float v)
{
    return key_bytes(h, &v, sizeof v);
}

uint64_t key_str(uint64_t h, const char *s)
{
    return key_bytes(h, s, strlen(s) + 1);
}

static void add_item(Render *rd, SDL_Rect r, uint64_t key, int whole)
{
    if (rd->failed)
        return;
    if (buf_grow((void **)&rd->items, &rd->cap_items, (size_t)rd->n_items + 1,
                 sizeof *rd->items) != 0) {
        rd->failed = 1;
        return;
    }
    rd->items[rd->n_items++] = (RenderItem){r, key, whole};
}

void render_item(Render *rd, SDL_Rect r, uint64_t key)
{
    add_item(rd, r, key, 0);
}

void render_item_whole(Render *rd, SDL_Rect r, uint64_t key)
{
    add_item(rd, r, key, 1);
}

int render_init(Render *rd, SDL_Renderer *r, Text *text, char *err, size_t n)
{
    memset(rd, 0, sizeof *rd);
    rd->r = r;
    rd->text = text;
    for (int i = 0; i < LAYOUT_STEPS; i++) {
        rd->img[i] = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                       APP_SIDE, APP_SIDE);
        if (!rd->img[i]) {
            snprintf(err, n, "cannot create a %dx%d texture: %s", APP_SIDE, APP_SIDE,
                     SDL_GetError());
            render_free(rd);
            return -1;
        }
        SDL_SetTextureScaleMode(rd->img[i], SDL_ScaleModeNearest);
    }
    return 0;
}

void render_free(Render *rd)
{
    for (int i = LAYOUT_STEPS - 1; i >= 0; i--)
        if (rd->img[i])
            SDL_DestroyTexture(rd->img[i]);
    memset(rd->img, 0, sizeof rd->img);
    for (int i = 0; i < RENDER_VIEW_TEXTURES; i++)
        if (rd->view_tex[i].t)
            SDL_DestroyTexture(rd->view_tex[i].t);
    memset(rd->view_tex, 0, sizeof rd->view_tex);
    free(rd->pixels);
    rd->pixels = NULL;
    rd->cap_pixels = 0;
    free(rd->items);
    free(rd->prev);
    rd->items = rd->prev = NULL;
    rd->n_items = rd->n_prev = 0;
    rd->cap_items = rd->cap_prev = 0;
    rd->have_prev = 0;
}

void render_invalidate(Render *rd)
{
    rd->have_prev = 0;
}

static LayoutRect layout_rect(SDL_Rect r)
{
    return (LayoutRect){r.x, r.y, r.w, r.h};
}

/* The damage from the last frame's items to this one's, into d. */
static void find_damage(const Render *rd, const Layout *l, Damage *d)
{
    if (!rd->have_prev || rd->failed || rd->prev_theme != (int)render_theme ||
        memcmp(&rd->prev_layout, l, sizeof *l) != 0) {
        damage_add(d, (LayoutRect){0, 0, l->w, l->h}, l->w, l->h);
        return;
    }
    for (int p = 0; p < RENDER_PARTS; p++) {
        const RenderItem *a = rd->prev + rd->prev_start[p], *b = rd->items + rd->start[p];
        int na = rd->prev_start[p + 1] - rd->prev_start[p], nb = rd->start[p + 1] - rd->start[p];
        for (int i = 0; i < na || i < nb; i++) {
            int same = na == nb && a[i].key == b[i].key && a[i].r.x == b[i].r.x &&
                       a[i].r.y == b[i].r.y && a[i].r.w == b[i].r.w && a[i].r.h == b[i].r.h;
            if (same)
                continue;
            if (i < na)
                damage_add(d, layout_rect(a[i].r), l->w, l->h);
            if (i < nb)
                damage_add(d, layout_rect(b[i].r), l->w, l->h);
        }
    }
}

/* Grows every region that meets an item drawn only whole until it holds the item (its part
 * inside the window). */
static void hold_whole_items(const Render *rd, const Layout *l, Damage *d)
{
    SDL_Rect win = {0, 0, l->w, l->h};
    for (int grown = 1; grown;) {
        grown = 0;
        for (int i = 0; i < rd->n_items && !grown; i++) {
            SDL_Rect cut;
            if (!rd->items[i].whole || !SDL_IntersectRect(&rd->items[i].r, &win, &cut))
                continue;
            LayoutRect it = layout_rect(cut);
            for (int k = 0; k < d->n && !grown; k++) {
                LayoutRect u = damage_union(d->r[k], it);
                if (damage_overlap(d->r[k], it) && (u.w != d->r[k].w || u.h != d->r[k].h)) {
                    d->r[k] = d->r[--d->n];
                    damage_add(d, u, l->w, l->h);
                    grown = 1;
                }
            }
        }
    }
}

/* 1 if an item of part p lies in the region. */
static int part_in(const Render *rd, int p, LayoutRect region)
{
    for (int i = rd->start[p]; i < rd->start[p + 1]; i++)
        if (damage_overlap(layout_rect(rd->items[i].r), region))
            return 1;
    return 0;
}

/* Draws the region from scratch: the background, then every part with an item in it. */
static void draw_region(Render *rd, const AppState *s, const Layout *l, LayoutRect region)
{
    SDL_Renderer *r = rd->r;
    rd->clip = sdl_rect(region);
    SDL_RenderSetClipRect(r, &rd->clip);
    render_fill(r, rd->clip, C_BG);
    for (int p = 0; p < RENDER_PARTS; p++)
        if (rd->failed || part_in(rd, p, region))
            parts[p].draw(rd, s, l);
}

void render_frame(Render *rd, const AppState *s, const Layout *l)
{
    SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
    render_theme = s->theme == THEME_LIGHT ? THEME_LIGHT : THEME_DARK;
    rd->n_items = 0;
    rd->failed = 0;
    for (int p = 0; p < RENDER_PARTS; p++) {
        rd->start[p] = rd->n_items;
        parts[p].items(rd, s, l);
    }
    rd->start[RENDER_PARTS] = rd->n_items;

    Damage d = {0};
    find_damage(rd, l, &d);
    hold_whole_items(rd, l, &d);
    for (int i = 0; i < d.n; i++)
        draw_region(rd, s, l, d.r[i]);
    SDL_RenderSetClipRect(rd->r, NULL);
    damage_add_all(&rd->damage, &d, l->w, l->h);

    /* this frame's items become the last frame's */
    RenderItem *t = rd->prev;
    size_t cap = rd->cap_prev;
    rd->prev = rd->items;
    rd->cap_prev = rd->cap_items;
    rd->items = t;
    rd->cap_items = cap;
    rd->n_prev = rd->n_items;
    rd->n_items = 0;
    memcpy(rd->prev_start, rd->start, sizeof rd->start);
    rd->prev_layout = *l;
    rd->prev_theme = (int)render_theme;
    rd->have_prev = !rd->failed;
}
