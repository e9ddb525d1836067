/* render.h - draws the drawing app's frames from the state and the layout, each only where it
 * differs from the one before.
 *
 * Reads AppState and Layout, never changes them. The picture is kept between frames (the
 * frame store, frame.h); a frame lists the items every part of the window shows, each a
 * rectangle with a key of what decides its pixels (render_internal.h), and draws again only
 * where an item's key or rectangle changed: the damage, which is also all the present needs to
 * put on the screen. A new layout, render_invalidate, or the first frame draw everything.
 * Owns the small streaming textures the 28 x 28 preview images and the view blocks' values
 * are uploaded into.
 */
#ifndef DRAW_RENDER_H
#define DRAW_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "draw/app.h"
#include "draw/damage.h"
#include "draw/layout.h"
#include "draw/text.h"

#define RENDER_PARTS 10 /* canvas, models, panel, bars, views, collect (over the canvas), footer,
                           controls, help, prompt */
#define RENDER_VIEW_TEXTURES 66 /* a view's blocks (view_layout.h's VIEW_MAX_BLOCKS), at most */

/* One item of a frame: a rectangle, and the key of what its pixels show. */
typedef struct RenderItem {
    SDL_Rect r;
    uint64_t key;
    int whole; /* drawn only whole: a region that meets it grows to hold it */
} RenderItem;

typedef struct Render {
    SDL_Renderer *r;                    /* not owned */
    Text *text;                         /* not owned */
    SDL_Texture *img[LAYOUT_STEPS];     /* (28, 28) each preview image */
    struct {
        SDL_Texture *t;                 /* a view block's values, one pixel each, or NULL */
        int w, h;                       /* its size */
        uint64_t key;                   /* what it holds (render_views.h) */
    } view_tex[RENDER_VIEW_TEXTURES];
    Uint32 *pixels;                     /* (cap_pixels) scratch for filling them (buf.h) */
    size_t cap_pixels;
    RenderItem *items, *prev;           /* this frame's items, and the last frame's */
    int n_items, n_prev;
    size_t cap_items, cap_prev;
    int start[RENDER_PARTS + 1];        /* part p's items are items[start[p] .. start[p + 1]) */
    int prev_start[RENDER_PARTS + 1];
    int have_prev;                      /* prev is what the kept picture shows */
    int failed;                         /* out of memory listing items: draw everything */
    Layout prev_layout;
    int prev_theme;                     /* the theme (theme.h) the kept picture is drawn in */
    SDL_Rect clip;                      /* the region being drawn */
    Damage damage;                      /* drawn since the last present */
} Render;

/* Creates the textures; returns 0, or -1 with one line in err. Free with render_free(). */
int render_init(Render *rd, SDL_Renderer *r, Text *text, char *err, size_t n);
/* Destroys the textures and the item lists; accepts a zeroed Render. */
void render_free(Render *rd);
/* The next frame draws the whole window (the picture kept was lost, or the window has to be
 * put on the screen whole again). */
void render_invalidate(Render *rd);
/* Draws what changed since the last frame into the renderer's target (without presenting it)
 * and adds it to rd->damage, which the caller empties once it is on the screen. */
void render_frame(Render *rd, const AppState *s, const Layout *l);

#endif
